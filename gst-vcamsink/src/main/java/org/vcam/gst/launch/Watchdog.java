package org.vcam.gst.launch;

/**
 * Notices a stalled relay: a progress counter (frames that reached vcamsink) that did not move
 * for {@code timeoutNanos}. Times come from the caller's clock (tests use a fake one).
 */
final class Watchdog {
    private final long timeoutNanos;
    private long lastProgress = Long.MIN_VALUE;
    private long lastChangeNanos;

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
            }
            lastProgress = progress;
        }
        return nowNanos - lastChangeNanos >= timeoutNanos;
    }

    /** How long the counter has not moved, as of {@code nowNanos}. */
    long silentNanos(long nowNanos) {
        return nowNanos - lastChangeNanos;
    }
}
