package org.vcam.gst.dmabuf;

import org.vcam.gst.uapi.VcamException;

/**
 * Something that hands out DMA-BUF file descriptors the CPU can mmap and write, and that
 * /dev/vcam can import: udmabuf, a DMA heap or vgem (see {@link DmaBufSources}).
 */
public interface DmaBufSource extends AutoCloseable {

    /** Short name for logs and errors, such as "udmabuf". */
    String name();

    /**
     * A new DMA-BUF of at least {@code size} bytes (rounded up to whole pages); the caller owns
     * the returned file descriptor.
     */
    int allocate(long size) throws VcamException;

    /** Closes the device file; buffers already handed out stay valid. */
    @Override
    void close();

    /** Opens the DMA-BUF source to use. */
    @FunctionalInterface
    interface Opener {
        DmaBufSource open() throws VcamException;
    }

    static long pageAlign(long size) {
        long page = 4096;
        return (size + page - 1) / page * page;
    }
}
