package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static final long S = 1_000_000_000L;

    @Test
    void backoffDoublesUpToTenSeconds() {
        RestartPolicy p = RestartPolicy.standard();
        long[] expectMillis = {500, 1000, 2000, 4000, 8000, 10000, 10000};
        for (long ms : expectMillis) {
            assertEquals(Duration.ofMillis(ms), p.delayAfter(S / 10));
        }
    }

    @Test
    void aHealthyRunResetsTheBackoff() {
        RestartPolicy p = RestartPolicy.standard();
        p.delayAfter(0);
        p.delayAfter(0);
        assertEquals(Duration.ofSeconds(2), p.delayAfter(29 * S), "29 s is not healthy yet");
        assertEquals(Duration.ofMillis(500), p.delayAfter(30 * S));
        assertEquals(Duration.ofSeconds(1), p.delayAfter(1 * S));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new RestartPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO));
    }
}
