package org.vcam.gst.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IoctlTest {
    @Test
    void encodesLikeTheKernel() {
        /* values from the kernel headers, as documented in the project notes */
        assertEquals(0x40187542, DmaBufIoctls.UDMABUF_CREATE);
        assertEquals(0xC0184800, DmaBufIoctls.DMA_HEAP_IOCTL_ALLOC);
        assertEquals(0x40086200, DmaBufIoctls.DMA_BUF_IOCTL_SYNC);
        /* drm.h: DRM_IOWR(0xB2, struct drm_mode_create_dumb), DRM_IOWR(0x2d, struct drm_prime_handle) */
        assertEquals(0xC02064B2, DmaBufIoctls.DRM_IOCTL_MODE_CREATE_DUMB);
        assertEquals(0xC00C642D, DmaBufIoctls.DRM_IOCTL_PRIME_HANDLE_TO_FD);
        assertEquals(0x40086409, DmaBufIoctls.DRM_IOCTL_GEM_CLOSE);
        assertEquals(0xC0406400, DmaBufIoctls.DRM_IOCTL_VERSION);
    }

    @Test
    void rejectsOversizedArguments() {
        assertThrows(IllegalArgumentException.class, () -> Ioctl.iowr(0xBE, 0, 1 << 14));
    }

    @Test
    void fourccNames() {
        assertEquals("YUYV", Vcam.fourccName(Vcam.V4L2_PIX_FMT_YUYV));
        assertEquals("NV12", Vcam.fourccName(Vcam.V4L2_PIX_FMT_NV12));
        assertEquals("MJPG", Vcam.fourccName(Vcam.V4L2_PIX_FMT_MJPEG));
    }

    @Test
    void memfdIsSizedAndMappable() throws Exception {
        int fd = DmaBufIoctls.memfd(8192, true);
        try {
            com.sun.jna.Pointer p = LibC.mmap(null, 8192, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
            org.junit.jupiter.api.Assertions.assertFalse(LibC.mapFailed(p));
            p.setByte(8191, (byte) 7);
            assertEquals(7, p.getByte(8191));
            LibC.munmap(p, 8192);
            /* sealed against shrinking */
            assertEquals(-1, LibC.ftruncate(fd, 4096));
            assertEquals(1, LibC.errno()); /* EPERM */
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void kernelDeviceReportsErrnoForMissingFile() {
        VcamException e = assertThrows(VcamException.class,
                () -> KernelVcamDevice.open("/nonexistent/vcam-test"));
        assertEquals(LibC.ENOENT, e.errno());
        assertEquals("/nonexistent/vcam-test", e.path());
    }
}
