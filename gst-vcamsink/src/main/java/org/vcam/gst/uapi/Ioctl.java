package org.vcam.gst.uapi;

/** The Linux {@code _IOC} encoding of ioctl request numbers (asm-generic/ioctl.h). */
public final class Ioctl {
    private Ioctl() {
    }

    private static final int NRBITS = 8;
    private static final int TYPEBITS = 8;
    private static final int SIZEBITS = 14;
    private static final int NRSHIFT = 0;
    private static final int TYPESHIFT = NRSHIFT + NRBITS;
    private static final int SIZESHIFT = TYPESHIFT + TYPEBITS;
    private static final int DIRSHIFT = SIZESHIFT + SIZEBITS;
    private static final int WRITE = 1;
    private static final int READ = 2;

    public static int ioc(int dir, int type, int nr, int size) {
        if (size < 0 || size >= (1 << SIZEBITS)) {
            throw new IllegalArgumentException("ioctl argument size out of range: " + size);
        }
        return (dir << DIRSHIFT) | (type << TYPESHIFT) | (nr << NRSHIFT) | (size << SIZESHIFT);
    }

    public static int io(int type, int nr) {
        return ioc(0, type, nr, 0);
    }

    public static int ior(int type, int nr, int size) {
        return ioc(READ, type, nr, size);
    }

    public static int iow(int type, int nr, int size) {
        return ioc(WRITE, type, nr, size);
    }

    public static int iowr(int type, int nr, int size) {
        return ioc(READ | WRITE, type, nr, size);
    }
}
