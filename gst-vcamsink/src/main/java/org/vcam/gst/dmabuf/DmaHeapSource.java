package org.vcam.gst.dmabuf;

import org.vcam.gst.uapi.DmaBufIoctls;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.VcamException;

/** DMA-BUFs from the system DMA heap (CONFIG_DMABUF_HEAPS_SYSTEM). */
public final class DmaHeapSource implements DmaBufSource {
    public static final String PATH = "/dev/dma_heap/system";
    private int fd;

    private DmaHeapSource(int fd) {
        this.fd = fd;
    }

    public static DmaHeapSource open() throws VcamException {
        int fd = LibC.open(PATH, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new VcamException("open", PATH, LibC.errno());
        }
        return new DmaHeapSource(fd);
    }

    @Override
    public String name() {
        return "dma-heap";
    }

    @Override
    public synchronized int allocate(long size) throws VcamException {
        return DmaBufIoctls.dmaHeapAlloc(fd, PATH, DmaBufSource.pageAlign(size));
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            LibC.close(fd);
            fd = -1;
        }
    }
}
