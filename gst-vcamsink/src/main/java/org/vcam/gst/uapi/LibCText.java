package org.vcam.gst.uapi;

/** strerror(3) that works without loading libc in tests that never touch it. */
final class LibCText {
    private LibCText() {
    }

    static String strerror(int errno) {
        switch (errno) {
            case LibC.EPERM: return "Operation not permitted";
            case LibC.ENOENT: return "No such file or directory";
            case LibC.ENXIO: return "No such device or address";
            case LibC.EBADF: return "Bad file descriptor";
            case LibC.EAGAIN: return "Resource temporarily unavailable";
            case LibC.ENOMEM: return "Cannot allocate memory";
            case LibC.EACCES: return "Permission denied";
            case LibC.EBUSY: return "Device or resource busy";
            case LibC.ENODEV: return "No such device";
            case LibC.EINVAL: return "Invalid argument";
            case LibC.ENFILE: return "Too many open files in system";
            case LibC.EMFILE: return "Too many open files";
            case LibC.ENOTTY: return "Inappropriate ioctl for device";
            case LibC.ENOSPC: return "No space left on device";
            case LibC.ERANGE: return "Numerical result out of range";
            case LibC.EOPNOTSUPP: return "Operation not supported";
            case LibC.ETIMEDOUT: return "Connection timed out";
            default: return "error " + errno;
        }
    }
}
