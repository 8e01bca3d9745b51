package org.vcam.gst.uapi;

/** A failed /dev/vcam (or DMA-BUF) operation: what was tried, on which file, and errno. */
public class VcamException extends Exception {
    private final String operation;
    private final String path;
    private final int errno;

    public VcamException(String operation, String path, int errno) {
        super(operation + " " + path + ": " + describe(errno));
        this.operation = operation;
        this.path = path;
        this.errno = errno;
    }

    public VcamException(String operation, String path, String message) {
        super(operation + " " + path + ": " + message);
        this.operation = operation;
        this.path = path;
        this.errno = 0;
    }

    private static String describe(int errno) {
        String s = LibCText.strerror(errno);
        return s + " (errno " + errno + ")";
    }

    public String operation() {
        return operation;
    }

    public String path() {
        return path;
    }

    /** errno, or 0 when the failure did not come from a system call. */
    public int errno() {
        return errno;
    }
}
