package org.vcam.gst.uapi;

import com.sun.jna.Memory;

/**
 * Kernel interfaces that hand out DMA-BUFs: udmabuf (linux/udmabuf.h), DMA heaps
 * (linux/dma-heap.h) and DRM dumb buffers exported with PRIME (drm.h, drm_mode.h), plus the
 * CPU-access bracket {@code DMA_BUF_IOCTL_SYNC} (linux/dma-buf.h). Each call returns a file
 * descriptor or throws.
 */
public final class DmaBufIoctls {
    private DmaBufIoctls() {
    }

    /** struct udmabuf_create { u32 memfd; u32 flags; u64 offset; u64 size; } */
    public static final int UDMABUF_CREATE = Ioctl.iow('u', 0x42, 24);
    public static final int UDMABUF_FLAGS_CLOEXEC = 1;
    /** struct dma_heap_allocation_data { u64 len; u32 fd; u32 fd_flags; u64 heap_flags; } */
    public static final int DMA_HEAP_IOCTL_ALLOC = Ioctl.iowr('H', 0x0, 24);
    /** struct dma_buf_sync { u64 flags; } */
    public static final int DMA_BUF_IOCTL_SYNC = Ioctl.iow('b', 0, 8);
    public static final long DMA_BUF_SYNC_READ = 1;
    public static final long DMA_BUF_SYNC_WRITE = 2;
    public static final long DMA_BUF_SYNC_START = 0;
    public static final long DMA_BUF_SYNC_END = 4;
    /** struct drm_version: 3 ints, then 3 (size_t len, char *buf) pairs. */
    public static final int DRM_IOCTL_VERSION = Ioctl.iowr('d', 0x00, 64);
    /** struct drm_gem_close { u32 handle; u32 pad; } */
    public static final int DRM_IOCTL_GEM_CLOSE = Ioctl.iow('d', 0x09, 8);
    /** struct drm_prime_handle { u32 handle; u32 flags; s32 fd; } */
    public static final int DRM_IOCTL_PRIME_HANDLE_TO_FD = Ioctl.iowr('d', 0x2d, 12);
    /** struct drm_mode_create_dumb { u32 height, width, bpp, flags, handle, pitch; u64 size; } */
    public static final int DRM_IOCTL_MODE_CREATE_DUMB = Ioctl.iowr('d', 0xb2, 32);
    private static final int DRM_CLOEXEC = LibC.O_CLOEXEC;

    /** A sealed memfd of {@code size} bytes turned into a DMA-BUF by /dev/udmabuf. */
    public static int udmabufCreate(int udmabufFd, long size) throws VcamException {
        int memfd = memfd(size, true);
        try {
            Memory arg = new Memory(24);
            arg.clear();
            arg.setInt(0, memfd);
            arg.setInt(4, UDMABUF_FLAGS_CLOEXEC);
            arg.setLong(8, 0);
            arg.setLong(16, size);
            int r = LibC.ioctlRetry(udmabufFd, UDMABUF_CREATE, arg);
            if (r < 0) {
                throw new VcamException("UDMABUF_CREATE on", "/dev/udmabuf", -r);
            }
            return r;
        } finally {
            LibC.close(memfd);
        }
    }

    /** A memfd of {@code size} bytes (sealed against shrinking when asked). */
    public static int memfd(long size, boolean seal) throws VcamException {
        int memfd = LibC.memfd_create("vcam-frame", LibC.MFD_CLOEXEC | (seal ? LibC.MFD_ALLOW_SEALING : 0));
        if (memfd < 0) {
            throw new VcamException("memfd_create", "vcam-frame", LibC.errno());
        }
        if (LibC.ftruncate(memfd, size) < 0) {
            int e = LibC.errno();
            LibC.close(memfd);
            throw new VcamException("ftruncate", "memfd", e);
        }
        if (seal && LibC.fcntl(memfd, LibC.F_ADD_SEALS, LibC.F_SEAL_SHRINK) < 0) {
            int e = LibC.errno();
            LibC.close(memfd);
            throw new VcamException("F_ADD_SEALS", "memfd", e);
        }
        return memfd;
    }

    /** A buffer of {@code size} bytes from a DMA heap. */
    public static int dmaHeapAlloc(int heapFd, String heapPath, long size) throws VcamException {
        Memory arg = new Memory(24);
        arg.clear();
        arg.setLong(0, size);
        arg.setInt(12, LibC.O_RDWR | LibC.O_CLOEXEC);
        int r = LibC.ioctlRetry(heapFd, DMA_HEAP_IOCTL_ALLOC, arg);
        if (r < 0) {
            throw new VcamException("DMA_HEAP_IOCTL_ALLOC on", heapPath, -r);
        }
        return arg.getInt(8);
    }

    /** The name of the DRM driver behind {@code drmFd} ("vgem", "i915", ...). */
    public static String drmDriverName(int drmFd) {
        Memory name = new Memory(64);
        name.clear();
        Memory arg = new Memory(64);
        arg.clear();
        arg.setLong(16, 63);                        /* name_len */
        arg.setPointer(24, name);                   /* name */
        int r = LibC.ioctlRetry(drmFd, DRM_IOCTL_VERSION, arg);
        if (r < 0) {
            return "";
        }
        return name.getString(0);
    }

    /**
     * A dumb buffer of at least {@code size} bytes exported as a DMA-BUF (read-write); the GEM
     * handle is closed again, the DMA-BUF keeps the object alive.
     */
    public static int dumbBufferFd(int drmFd, String drmPath, long size) throws VcamException {
        final int width = 4096;
        long rows = (size + width - 1) / width;
        Memory create = new Memory(32);
        create.clear();
        create.setInt(0, (int) rows);
        create.setInt(4, width);
        create.setInt(8, 8);
        int r = LibC.ioctlRetry(drmFd, DRM_IOCTL_MODE_CREATE_DUMB, create);
        if (r < 0) {
            throw new VcamException("DRM_IOCTL_MODE_CREATE_DUMB on", drmPath, -r);
        }
        int handle = create.getInt(16);
        try {
            Memory prime = new Memory(12);
            prime.clear();
            prime.setInt(0, handle);
            prime.setInt(4, DRM_CLOEXEC | LibC.O_RDWR);
            prime.setInt(8, -1);
            r = LibC.ioctlRetry(drmFd, DRM_IOCTL_PRIME_HANDLE_TO_FD, prime);
            if (r < 0) {
                throw new VcamException("DRM_IOCTL_PRIME_HANDLE_TO_FD on", drmPath, -r);
            }
            return prime.getInt(8);
        } finally {
            Memory close = new Memory(8);
            close.clear();
            close.setInt(0, handle);
            LibC.ioctlRetry(drmFd, DRM_IOCTL_GEM_CLOSE, close);
        }
    }
}
