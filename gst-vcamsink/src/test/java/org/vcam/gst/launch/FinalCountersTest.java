package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FinalCountersTest {
    @Test
    void lineAsScriptsParseIt() {
        SinkSample s = new SinkSample(0, "/dev/video4", 890, 10, 3, 887, 800, 1, KernelCounters.NONE);
        KernelCounters k = new KernelCounters(880, 880L * 1843200, 120, 0, 790);
        assertEquals("yuy2: video-device=/dev/video4 frames-queued=890 frames-zero-copy=887 frames-copied=3"
                + " frames-dropped=10 kernel-new-frames=880 kernel-new-bytes-copied=1622016000 kernel-repeats=120"
                + " kernel-repeat-bytes-copied=0 frames-exported=800 kernel-exported=790", FinalCounters.line("yuy2", s, k));
    }

    @Test
    void aSinkThatNeverHadACamera() {
        SinkSample s = new SinkSample(0, null, 0, 0, 0, 0, 0, 0, KernelCounters.NONE);
        assertEquals("cam: video-device=none frames-queued=0 frames-zero-copy=0 frames-copied=0 frames-dropped=0"
                + " kernel-new-frames=0 kernel-new-bytes-copied=0 kernel-repeats=0 kernel-repeat-bytes-copied=0"
                + " frames-exported=0 kernel-exported=0",
                FinalCounters.line("cam", s, KernelCounters.NONE));
    }
}
