package org.vcam.gst.launch;

/** A failure vcam-launch reports as one message (without the "vcam-launch: " prefix) and an exit status. */
final class LaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit status for usage errors: bad options or a bad pipeline description. */
    static final int USAGE = 2;

    private final int status;

    LaunchException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
