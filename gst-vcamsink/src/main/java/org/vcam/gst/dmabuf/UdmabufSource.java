package org.vcam.gst.dmabuf;

import org.vcam.gst.uapi.DmaBufIoctls;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.VcamException;

/** DMA-BUFs made from sealed memfds by /dev/udmabuf (CONFIG_UDMABUF). */
public final class UdmabufSource implements DmaBufSource {
    public static final String PATH = "/dev/udmabuf";
    private int fd;

    private UdmabufSource(int fd) {
        this.fd = fd;
    }

    public static UdmabufSource open() throws VcamException {
        int fd = LibC.open(PATH, LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new VcamException("open", PATH, LibC.errno());
        }
        return new UdmabufSource(fd);
    }

    @Override
    public String name() {
        return "udmabuf";
    }

    @Override
    public synchronized int allocate(long size) throws VcamException {
        return DmaBufIoctls.udmabufCreate(fd, DmaBufSource.pageAlign(size));
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            LibC.close(fd);
            fd = -1;
        }
    }
}
