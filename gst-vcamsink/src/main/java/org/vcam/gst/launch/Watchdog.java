package org.vcam.gst.launch;

/**
 * Notices a stalled relay: a progress counter (frames that reached vcamsink) that did not move
 * for {@code timeoutNanos}. Before the first frame of a run it allows {@link #STARTUP_FACTOR} times
 * as long: a fresh pipeline needs time for its sockets, decoders and caps negotiation, and a
 * watchdog firing before that would re-create it forever. Times come from the caller's clock
 * (tests use a fake one).
 */
final class Watchdog {
    /** How many timeouts a run may take to deliver its first frame. */
    static final int STARTUP_FACTOR = 4;

    private final long timeoutNanos;
    private long lastProgress = Long.MIN_VALUE;
    private long lastChangeNanos;
    private boolean moved;

    Watchdog(long timeoutNanos, long startNanos) {
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeoutNanos = timeoutNanos;
        this.lastChangeNanos = startNanos;
    }

    /** Records the counter at {@code nowNanos}; true once it has not changed for the timeout. */
    boolean stalled(long progress, long nowNanos) {
        if (progress != lastProgress) {
            if (lastProgress != Long.MIN_VALUE) {
                lastChangeNanos = nowNanos;
                moved = true;
            }
            lastProgress = progress;
        }
        long limit = moved ? timeoutNanos : timeoutNanos * STARTUP_FACTOR;
        return nowNanos - lastChangeNanos >= limit;
    }

    /** How long the counter has not moved, as of {@code nowNanos}. */
    long silentNanos(long nowNanos) {
        return nowNanos - lastChangeNanos;
    }
}
