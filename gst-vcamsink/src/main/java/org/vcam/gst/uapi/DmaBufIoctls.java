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

    /** struct udmabuf_create { u32 memfd; u32 flags; u64 offset; u64 size; }: size and offsets. */
    public static final int UDMABUF_CREATE_SIZE = 24;
    public static final int UDMABUF_CREATE_MEMFD = 0;
    public static final int UDMABUF_CREATE_FLAGS = 4;
    public static final int UDMABUF_CREATE_OFFSET = 8;
    public static final int UDMABUF_CREATE_LENGTH = 16;
    public static final int UDMABUF_CREATE = Ioctl.iow('u', 0x42, UDMABUF_CREATE_SIZE);
    public static final int UDMABUF_FLAGS_CLOEXEC = 1;
    /** struct dma_heap_allocation_data { u64 len; u32 fd; u32 fd_flags; u64 heap_flags; } */
    public static final int DMA_HEAP_DATA_SIZE = 24;
    public static final int DMA_HEAP_DATA_LEN = 0;
    public static final int DMA_HEAP_DATA_FD = 8;
    public static final int DMA_HEAP_DATA_FD_FLAGS = 12;
    public static final int DMA_HEAP_IOCTL_ALLOC = Ioctl.iowr('H', 0x0, DMA_HEAP_DATA_SIZE);
    /** struct dma_buf_sync { u64 flags; } */
    public static final int DMA_BUF_IOCTL_SYNC = Ioctl.iow('b', 0, 8);
    public static final long DMA_BUF_SYNC_READ = 1;
    public static final long DMA_BUF_SYNC_WRITE = 2;
    public static final long DMA_BUF_SYNC_START = 0;
    public static final long DMA_BUF_SYNC_END = 4;
    /** struct drm_version: 3 ints, then 3 (size_t len, char *buf) pairs; the name pair. */
    public static final int DRM_VERSION_SIZE = 64;
    public static final int DRM_VERSION_NAME_LEN = 16;
    public static final int DRM_VERSION_NAME = 24;
    public static final int DRM_IOCTL_VERSION = Ioctl.iowr('d', 0x00, DRM_VERSION_SIZE);
    /** struct drm_gem_close { u32 handle; u32 pad; } */
    public static final int DRM_GEM_CLOSE_SIZE = 8;
    public static final int DRM_GEM_CLOSE_HANDLE = 0;
    public static final int DRM_IOCTL_GEM_CLOSE = Ioctl.iow('d', 0x09, DRM_GEM_CLOSE_SIZE);
    /** struct drm_prime_handle { u32 handle; u32 flags; s32 fd; } */
    public static final int DRM_PRIME_HANDLE_SIZE = 12;
    public static final int DRM_PRIME_HANDLE_HANDLE = 0;
    public static final int DRM_PRIME_HANDLE_FLAGS = 4;
    public static final int DRM_PRIME_HANDLE_FD = 8;
    public static final int DRM_IOCTL_PRIME_HANDLE_TO_FD = Ioctl.iowr('d', 0x2d, DRM_PRIME_HANDLE_SIZE);
    /** struct drm_mode_create_dumb { u32 height, width, bpp, flags, handle, pitch; u64 size; } */
    public static final int DRM_CREATE_DUMB_SIZE = 32;
    public static final int DRM_CREATE_DUMB_HEIGHT = 0;
    public static final int DRM_CREATE_DUMB_WIDTH = 4;
    public static final int DRM_CREATE_DUMB_BPP = 8;
    public static final int DRM_CREATE_DUMB_HANDLE = 16;
    public static final int DRM_IOCTL_MODE_CREATE_DUMB = Ioctl.iowr('d', 0xb2, DRM_CREATE_DUMB_SIZE);
    /** DRM_CLOEXEC (drm.h), the same bit as O_CLOEXEC. */
    public static final int DRM_CLOEXEC = LibC.O_CLOEXEC;

    /** A sealed memfd of {@code size} bytes turned into a DMA-BUF by /dev/udmabuf. */
    public static int udmabufCreate(int udmabufFd, long size) throws VcamException {
        int memfd = memfd(size, true);
        try {
            Memory arg = new Memory(UDMABUF_CREATE_SIZE);
            arg.clear();
            arg.setInt(UDMABUF_CREATE_MEMFD, memfd);
            arg.setInt(UDMABUF_CREATE_FLAGS, UDMABUF_FLAGS_CLOEXEC);
            arg.setLong(UDMABUF_CREATE_OFFSET, 0);
            arg.setLong(UDMABUF_CREATE_LENGTH, size);
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
        Memory arg = new Memory(DMA_HEAP_DATA_SIZE);
        arg.clear();
        arg.setLong(DMA_HEAP_DATA_LEN, size);
        arg.setInt(DMA_HEAP_DATA_FD_FLAGS, LibC.O_RDWR | LibC.O_CLOEXEC);
        int r = LibC.ioctlRetry(heapFd, DMA_HEAP_IOCTL_ALLOC, arg);
        if (r < 0) {
            throw new VcamException("DMA_HEAP_IOCTL_ALLOC on", heapPath, -r);
        }
        return arg.getInt(DMA_HEAP_DATA_FD);
    }

    /** The name of the DRM driver behind {@code drmFd} ("vgem", "i915", ...). */
    public static String drmDriverName(int drmFd) {
        Memory name = new Memory(64);
        name.clear();
        Memory arg = new Memory(DRM_VERSION_SIZE);
        arg.clear();
        arg.setLong(DRM_VERSION_NAME_LEN, 63);
        arg.setPointer(DRM_VERSION_NAME, name);
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
        Memory create = new Memory(DRM_CREATE_DUMB_SIZE);
        create.clear();
        create.setInt(DRM_CREATE_DUMB_HEIGHT, (int) rows);
        create.setInt(DRM_CREATE_DUMB_WIDTH, width);
        create.setInt(DRM_CREATE_DUMB_BPP, 8);
        int r = LibC.ioctlRetry(drmFd, DRM_IOCTL_MODE_CREATE_DUMB, create);
        if (r < 0) {
            throw new VcamException("DRM_IOCTL_MODE_CREATE_DUMB on", drmPath, -r);
        }
        int handle = create.getInt(DRM_CREATE_DUMB_HANDLE);
        try {
            Memory prime = new Memory(DRM_PRIME_HANDLE_SIZE);
            prime.clear();
            prime.setInt(DRM_PRIME_HANDLE_HANDLE, handle);
            prime.setInt(DRM_PRIME_HANDLE_FLAGS, DRM_CLOEXEC | LibC.O_RDWR);
            prime.setInt(DRM_PRIME_HANDLE_FD, -1);
            r = LibC.ioctlRetry(drmFd, DRM_IOCTL_PRIME_HANDLE_TO_FD, prime);
            if (r < 0) {
                throw new VcamException("DRM_IOCTL_PRIME_HANDLE_TO_FD on", drmPath, -r);
            }
            return prime.getInt(DRM_PRIME_HANDLE_FD);
        } finally {
            Memory close = new Memory(DRM_GEM_CLOSE_SIZE);
            close.clear();
            close.setInt(DRM_GEM_CLOSE_HANDLE, handle);
            LibC.ioctlRetry(drmFd, DRM_IOCTL_GEM_CLOSE, close);
        }
    }
}
