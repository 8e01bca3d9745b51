package org.vcam.gst.uapi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The few libc calls the sink needs, direct-mapped. Callers check return values and read
 * {@code errno} with {@link #errno()}.
 */
public final class LibC {
    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int EOPNOTSUPP = 95;
    public static final int ETIMEDOUT = 110;
    public static final int EDQUOT = 122;
    public static final int ESTALE = 116;

    public static final int MFD_CLOEXEC = 1;
    public static final int MFD_ALLOW_SEALING = 2;
    public static final int F_ADD_SEALS = 1033;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_SEAL_SHRINK = 2;

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;

    public static native int open(String path, int flags);

    public static native int close(int fd);

    public static native int ioctl(int fd, long request, Structure arg);

    public static native int ioctl(int fd, long request, Pointer arg);

    /** ioctl(2) with the argument's address: allocates nothing (the per-frame calls). */
    public static native int ioctl(int fd, long request, long arg);

    public static native int memfd_create(String name, int flags);

    public static native int ftruncate(int fd, long length);

    public static native int fcntl(int fd, int cmd, int arg);

    public static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(Pointer addr, long length);

    public static native long sysconf(int name);

    public static native String strerror(int errnum);

    public static native int geteuid();

    /** errno of the last native call on this thread. */
    public static int errno() {
        return Native.getLastError();
    }

    /** An ioctl request number as the unsigned long libc expects. */
    public static long request(int nr) {
        return Integer.toUnsignedLong(nr);
    }

    /** ioctl(2), retried on EINTR; returns the result or -errno. */
    public static int ioctlRetry(int fd, int request, Structure arg) {
        return retryOnEintr(() -> ioctl(fd, request(request), arg));
    }

    /** ioctl(2) with a pointer argument, retried on EINTR; returns the result or -errno. */
    public static int ioctlRetry(int fd, int request, Pointer arg) {
        return retryOnEintr(() -> ioctl(fd, request(request), arg));
    }

    /** ioctl(2) on an argument at a native address, retried on EINTR; returns the result or -errno. */
    public static int ioctlRetry(int fd, int request, long arg) {
        while (true) {
            int r = ioctl(fd, request(request), arg);
            if (r >= 0) {
                return r;
            }
            int e = errno();
            if (e != EINTR) {
                return -e;
            }
        }
    }

    /** Runs a libc call until it does not fail with EINTR; returns its result or -errno. */
    private static int retryOnEintr(java.util.function.IntSupplier call) {
        while (true) {
            int r = call.getAsInt();
            if (r >= 0) {
                return r;
            }
            int e = errno();
            if (e != EINTR) {
                return -e;
            }
        }
    }

    private static final Pointer MAP_FAILED = new Pointer(-1);

    public static boolean mapFailed(Pointer p) {
        return p == null || MAP_FAILED.equals(p);
    }

    public static long pageSize() {
        return 4096; /* all Linux targets we build for; sysconf(_SC_PAGESIZE) is not constant-named */
    }
}
