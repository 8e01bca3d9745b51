package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The watchdog with a fake clock (plain numbers of nanoseconds). */
class WatchdogTest {
    private static final long S = 1_000_000_000L;

    @Test
    void firesWhenNothingEverArrivesAfterTheStartupAllowance() {
        Watchdog w = new Watchdog(5 * S, 100 * S);
        assertFalse(w.stalled(0, 100 * S));
        assertFalse(w.stalled(0, 105 * S), "a run gets 4 timeouts for its first frame");
        assertFalse(w.stalled(0, 119 * S));
        assertTrue(w.stalled(0, 120 * S));
    }

    @Test
    void afterTheFirstFrameTheTimeoutIsTheTimeout() {
        Watchdog w = new Watchdog(5 * S, 0);
        assertFalse(w.stalled(0, 0));
        assertFalse(w.stalled(1, 12 * S));
        assertFalse(w.stalled(1, 16 * S));
        assertTrue(w.stalled(1, 17 * S));
    }

    @Test
    void progressKeepsItQuiet() {
        Watchdog w = new Watchdog(5 * S, 0);
        long frames = 0;
        for (long t = 0; t < 60 * S; t += S) {
            frames += 30;
            assertFalse(w.stalled(frames, t), "at " + t / S + " s");
        }
    }

    @Test
    void firesTimeoutAfterTheLastChange() {
        Watchdog w = new Watchdog(5 * S, 0);
        assertFalse(w.stalled(10, 1 * S));
        assertFalse(w.stalled(20, 3 * S));
        assertFalse(w.stalled(20, 7 * S));
        assertEquals(4 * S, w.silentNanos(7 * S));
        assertTrue(w.stalled(20, 8 * S));
    }
}
