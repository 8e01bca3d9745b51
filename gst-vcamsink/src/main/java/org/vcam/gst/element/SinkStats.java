package org.vcam.gst.element;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one vcamsink, readable from any thread. */
public final class SinkStats {
    final AtomicLong queued = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong copied = new AtomicLong();
    final AtomicLong zeroCopy = new AtomicLong();
    final AtomicLong exported = new AtomicLong();

    public long queued() {
        return queued.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long copied() {
        return copied.get();
    }

    public long zeroCopy() {
        return zeroCopy.get();
    }

    public long exported() {
        return exported.get();
    }

    void countExported() {
        exported.incrementAndGet();
        count(FramePath.ZERO_COPY);
    }

    void count(FramePath path) {
        queued.incrementAndGet();
        (path == FramePath.ZERO_COPY ? zeroCopy : copied).incrementAndGet();
    }

    void reset() {
        queued.set(0);
        dropped.set(0);
        copied.set(0);
        zeroCopy.set(0);
        exported.set(0);
    }
}
