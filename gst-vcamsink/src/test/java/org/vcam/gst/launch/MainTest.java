package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vcam.gst.element.GstTestSupport;
import org.vcam.gst.element.TestBackends;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void gst() {
        GstTestSupport.init();
    }

    private int run(String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inspectDescribesPropertiesAndTemplate() {
        assertEquals(0, run("--inspect", "vcamsink"));
        String o = out();
        for (String s : new String[] {"SINK template: 'sink'", "video/x-raw", "image/jpeg", "format: (string){ YUY2, NV12 }",
            "device", "label", "device-nr", "frames", "idle", "(1): black", "sync", "video-device",
            "frames-queued", "frames-dropped", "frames-copied", "frames-zero-copy", "Range: 2 - 32", "Default: /dev/vcam"}) {
            assertTrue(o.contains(s), "missing '" + s + "' in:\n" + o);
        }
        assertEquals(1, run("--inspect", "fakesink"));
    }

    @Test
    void runsAPipelineToEosAndPrintsStats() {
        IntSupplier queued = TestBackends.useFake();
        int rc = run("-q", "--stats", "videotestsrc", "num-buffers=12", "!", "video/x-raw,format=YUY2,width=320,height=240",
                "!", "vcamsink", "name=cam", "sync=false");
        assertEquals(0, rc, err());
        assertEquals(12, queued.getAsInt());
        assertTrue(out().contains("cam: video-device=/dev/video0 frames-queued=12 frames-zero-copy=12 frames-copied=0 frames-dropped=0"), out());
    }

    @Test
    void errorsGiveExitStatusOne() {
        TestBackends.useFake();
        int rc = run("-q", "videotestsrc", "num-buffers=3", "!", "video/x-raw,format=YUY2,width=321,height=240", "!", "vcamsink");
        assertEquals(1, rc);
        assertTrue(err().contains("even width and height"), err());
    }

    @Test
    void badUsage() {
        assertEquals(2, run("--bogus"));
        assertEquals(2, run("-q", "videotestsrc", "!", "nosuchelement"));
        assertTrue(err().contains("nosuchelement") || err().contains("no element"), err());
    }
}
