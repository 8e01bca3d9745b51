package org.vcam.gst.launch;

import java.time.Duration;

/**
 * When to re-create the pipeline after it ended: exponential backoff from {@code min} doubling
 * up to {@code max}, back to {@code min} once a run stayed up for {@code healthy}.
 */
final class RestartPolicy {
    private final long minNanos;
    private final long maxNanos;
    private final long healthyNanos;
    private long nextNanos;

    RestartPolicy(Duration min, Duration max, Duration healthy) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0 || healthy.isNegative()) {
            throw new IllegalArgumentException("need 0 < min <= max and healthy >= 0");
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.healthyNanos = healthy.toNanos();
        this.nextNanos = minNanos;
    }

    /** 0.5 s doubling to 10 s; a run of 30 s counts as healthy. */
    static RestartPolicy standard() {
        return new RestartPolicy(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /**
     * A stalled run (--watchdog) was stopped: wait only the minimum. A stall is not a crash loop;
     * the watchdog's own timeout already spaces the runs, and the sender may be back any moment.
     */
    Duration afterStall() {
        return Duration.ofNanos(minNanos);
    }

    /**
     * A run ended after {@code ranNanos}: how long to wait before the next one.
     */
    Duration delayAfter(long ranNanos) {
        if (ranNanos >= healthyNanos) {
            nextNanos = minNanos;
        }
        long delay = nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
        return Duration.ofNanos(delay);
    }
}
