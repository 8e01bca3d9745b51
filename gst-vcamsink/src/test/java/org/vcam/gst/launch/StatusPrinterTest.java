package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatusPrinterTest {
    private static final long S = 1_000_000_000L;

    @Test
    void firstLineHasNoRate() {
        SinkSample s = new SinkSample(S, "/dev/video3", 10, 1, 10, 0, 0, 1, new KernelCounters(9, 9 * 100, 2, 0, 0));
        assertEquals("status: /dev/video3  0.0 fps  queued 10  dropped 1  copied 10  zero-copy 0  consumers 1"
                + "  exported 0  kernel new 9 bytes-copied 900 exported 0",
                StatusPrinter.line(null, null, s));
    }

    @Test
    void rateComesFromQueuedFramesOverTime() {
        SinkSample a = new SinkSample(S, "/dev/video3", 10, 0, 10, 0, 0, 1, KernelCounters.NONE);
        SinkSample b = new SinkSample(3 * S, "/dev/video3", 70, 2, 40, 30, 25, 2, new KernelCounters(60, 500, 0, 0, 25));
        assertEquals("status: sink2 /dev/video3  30.0 fps  queued 70  dropped 2  copied 40  zero-copy 30  consumers 2"
                + "  exported 25  kernel new 60 bytes-copied 500 exported 25",
                StatusPrinter.line("sink2", a, b));
    }

    @Test
    void noCameraYet() {
        SinkSample s = new SinkSample(S, null, 0, 0, 0, 0, 0, 0, KernelCounters.NONE);
        assertEquals("status: (no camera yet)  0.0 fps  queued 0  dropped 0  copied 0  zero-copy 0  consumers 0",
                StatusPrinter.line(null, s, s));
    }
}
