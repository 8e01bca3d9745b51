package org.vcam.gst.dmabuf;

import java.io.File;
import java.util.Arrays;
import org.vcam.gst.uapi.DmaBufIoctls;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.VcamException;

/** Dumb buffers of the virtual GEM driver (vgem) exported with PRIME. */
public final class VgemSource implements DmaBufSource {
    private final String path;
    private int fd;

    private VgemSource(String path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Finds the DRM card node whose driver is vgem. */
    public static VgemSource open() throws VcamException {
        String[] cards = new File("/dev/dri").list((dir, name) -> name.startsWith("card"));
        if (cards == null || cards.length == 0) {
            throw new VcamException("open", "/dev/dri/card*", LibC.ENOENT);
        }
        Arrays.sort(cards);
        int lastErrno = LibC.ENODEV;
        for (String card : cards) {
            String path = "/dev/dri/" + card;
            int fd = LibC.open(path, LibC.O_RDWR | LibC.O_CLOEXEC);
            if (fd < 0) {
                lastErrno = LibC.errno();
                continue;
            }
            if ("vgem".equals(DmaBufIoctls.drmDriverName(fd))) {
                return new VgemSource(path, fd);
            }
            LibC.close(fd);
        }
        throw new VcamException("find vgem among", "/dev/dri/card*", lastErrno);
    }

    @Override
    public String name() {
        return "vgem";
    }

    @Override
    public synchronized int allocate(long size) throws VcamException {
        return DmaBufIoctls.dumbBufferFd(fd, path, DmaBufSource.pageAlign(size));
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            LibC.close(fd);
            fd = -1;
        }
    }
}
