package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.vcam.gst.element.Backend;
import org.vcam.gst.element.TestBackends;
import org.vcam.gst.element.CameraKeeper;
import org.vcam.gst.element.VcamSink;

/**
 * vcam-launch against the installed GStreamer: parse errors as users see them, the
 * inspection of the registered vcamsink, and whole runs (with the vcam module replaced by
 * {@link FakeCameras}, as unit tests do not load kernel modules).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GstLaunchTest {
    private static final String CAMERA_CAPS = "video/x-raw,format=YUY2,width=64,height=48,framerate=30/1";

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final FakeCameras cameras = new FakeCameras();

    @BeforeAll
    static void gst() {
        VcamSink.register();
    }

    @AfterEach
    void kernelBackendAgain() {
        VcamSink.useBackend(Backend.kernel());
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static String parseError(String description) {
        LaunchException e = assertThrows(LaunchException.class,
                () -> Pipeline.parse(description, GstLookup.INSTANCE).close());
        assertEquals(2, e.status());
        return e.getMessage();
    }

    @Test
    void missingElement() {
        assertEquals("could not parse pipeline: no element \"videotestsrcx\" (did you mean videotestsrc?)\n"
                + "  videotestsrcx ! vcamsink\n  ^~~~~~~~~~~~~", parseError("videotestsrcx ! vcamsink"));
    }

    @Test
    void unknownPropertyOfVcamsink() {
        String m = parseError("videotestsrc ! vcamsink devce-nr=2");
        assertTrue(m.startsWith("could not parse pipeline: element \"vcamsink"), m);
        assertTrue(m.contains("has no property \"devce-nr\" (did you mean device-nr?)"), m);
    }

    @Test
    void badPropertyValue() {
        String m = parseError("videotestsrc pattern=zzz ! vcamsink");
        assertTrue(m.startsWith("could not parse pipeline: bad value \"zzz\" for property \"pattern\" of element"
                + " \"videotestsrc"), m);
        assertTrue(m.contains("it takes one of: smpte, snow,"), m);
    }

    @Test
    void unlinkableCaps() {
        String m = parseError("videotestsrc ! video/x-raw,format=RGB ! vcamsink");
        assertTrue(m.startsWith("could not parse pipeline: cannot link videotestsrc"), m);
        assertTrue(m.contains("(vcamsink): vcamsink"), m);
        assertTrue(m.contains("can't handle caps video/x-raw, format=(string)RGB"), m);
        assertTrue(m.contains("put videoconvert, videoscale or videorate before it"), m);
        assertTrue(m.endsWith("\n  videotestsrc ! video/x-raw,format=RGB ! vcamsink\n" + " ".repeat(40) + "^"), m);
    }

    @Test
    void syntaxError() {
        assertTrue(parseError("videotestsrc ! ! vcamsink").startsWith(
                "could not parse pipeline: syntax error at character 16: two links"));
    }

    @Test
    void inspectShowsVcamsinkProperties() {
        Inspector.inspect("vcamsink", out);
        String o = out();
        assertTrue(o.contains("SINK template: 'sink'"), o);
        assertTrue(o.contains("      video/x-raw\n"), o);
        assertTrue(o.contains("      image/jpeg\n"), o);
        for (String p : List.of("device", "label", "device-nr", "frames", "idle", "sync", "video-device",
                "frames-queued", "frames-dropped", "frames-copied", "frames-zero-copy", "consumers")) {
            assertTrue(o.contains("\n  " + p + " ".repeat(20 - p.length()) + ": "), p + " in\n" + o);
        }
        assertTrue(o.contains("Integer. Range: -1 - 255 Default: -1"), o);
        assertTrue(o.contains("flags: readable, writable, changeable only in NULL or READY state"), o);
        assertTrue(o.contains("String. Default: \"/dev/vcam\""), o);
        assertTrue(o.contains("(1): black"), o);
        assertTrue(o.contains("Integer. Range: 2 - 32 Default: 4"), o);
        int consumers = o.indexOf("\n  consumers ");
        assertEquals(List.of("flags: readable", "Unsigned Integer. Range: 0 - 4294967295 Default: 0"),
                o.substring(consumers + 1).lines().skip(1).limit(2).map(String::strip).toList(), o);
        int statStart = o.indexOf("\n  frames-queued");
        assertTrue(o.substring(statStart).lines().skip(2).findFirst().orElseThrow().contains("flags: readable"), o);
    }

    /** Runs the whole command as main() does; returns the exit status. */
    private int launch(String... args) {
        return VcamLaunch.run(args, out, err, Interrupts::none);
    }

    @Test
    void statsPrintEachSinksCountersWhenThePipelineEnds() {
        IntSupplier queued = TestBackends.useFake();
        int rc = launch("-q", "--stats", "videotestsrc", "num-buffers=12", "!",
                "video/x-raw,format=YUY2,width=320,height=240", "!", "vcamsink", "name=cam", "sync=false",
                "device=/dev/null");
        assertEquals(0, rc, err());
        assertEquals(12, queued.getAsInt());
        assertEquals(List.of("cam: video-device=/dev/video0 frames-queued=12 frames-zero-copy=12 frames-copied=0"
                + " frames-dropped=0 kernel-new-frames=12 kernel-new-bytes-copied=1843200 kernel-repeats=0"
                + " kernel-repeat-bytes-copied=0 frames-exported=0 kernel-exported=0"), out().lines().toList());
    }

    @Test
    void elementErrorExitsWithOne() {
        TestBackends.useFake();
        int rc = launch("-q", "videotestsrc", "num-buffers=3", "!", "video/x-raw,format=YUY2,width=321,height=240",
                "!", "vcamsink", "device=/dev/null");
        assertEquals(1, rc);
        assertTrue(err().contains("even width and height"), err());
    }

    @Test
    void unknownElementExitsWithTwo() {
        assertEquals(2, launch("-q", "videotestsrc", "!", "nosuchelement"));
        assertTrue(err().contains("no element \"nosuchelement\""), err());
    }

    /** Bad input of every kind ends quickly with status 2 and a first line naming the problem. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "                   | videotestsrc ! vcamsink frames=1000                  | frames",
        "                   | videotestsrc ! vcamsink label=\"a label that is far too long for v4l2\" | label",
        "                   | videotestsrc ! vcamsink idle=sometimes               | sometimes",
        "                   | videotestsrc ! vcamsink device-nr=-5                 | device-nr",
        "                   | ' '                                                  | empty",
        "                   | videotestsrc ! video/x-raw,width=abc ! vcamsink      | could not parse pipeline",
        "                   | videotestsrc ! vcamsink ! fakesink                   | vcamsink",
        "--status           | videotestsrc ! fakesink                              | need a vcamsink",
        "--no-such-option   | videotestsrc ! vcamsink                              | no-such-option",
        "--watchdog=-1      | videotestsrc ! vcamsink                              | watchdog"})
    void badInputIsAUsageErrorWithAClearLine(String option, String pipeline, String expected) {
        String[] args = option == null ? new String[] {pipeline} : new String[] {option, pipeline};
        int rc = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> launch(args));
        String first = err().lines().findFirst().orElse("");
        assertEquals(2, rc, err());
        assertTrue(first.startsWith("vcam-launch: ") && first.contains(expected), err());
    }

    @Test
    void inspectOfAnUnknownElementExitsWithOne() {
        assertEquals(1, launch("--inspect", "nosuchelement"));
        assertTrue(err().startsWith("vcam-launch: no element \"nosuchelement\""), err());
    }

    @Test
    void inspectUnknownElementSuggests() {
        LaunchException e = assertThrows(LaunchException.class, () -> Inspector.inspect("vcamsnik", out));
        assertEquals("no element \"vcamsnik\" (did you mean vcamsink?)", e.getMessage());
    }

    private Supervisor supervisor(String description, boolean restart, PipelineRunner.Settings s,
            Interrupts interrupts, Supervisor.Sleeper sleeper) {
        PipelineRunner runner = new PipelineRunner(s, interrupts, System::nanoTime, out, err);
        return new Supervisor(description, restart, s.status() || s.watchdogNanos() > 0 || s.snapshot() != null,
                s.quiet(), runner, RestartPolicy.standard(), interrupts, sleeper, out);
    }

    private static PipelineRunner.Settings settings(boolean eos, boolean status, double duration, double watchdog) {
        return new PipelineRunner.Settings(eos, false, false, status, false, (long) (duration * 1e9),
                (long) (watchdog * 1e9), null, 30);
    }

    @Test
    void eosEndsWithZero() {
        int rc = supervisor("videotestsrc num-buffers=3 ! fakesink", false, settings(false, false, 0, 0),
                Interrupts.none(), d -> { }).run();
        assertEquals(0, rc, err());
        assertTrue(out().contains("Got EOS from element \"/GstPipeline:pipeline"), out());
    }

    @Test
    void errorEndsWithOneAndPrintsLikeGstLaunch() {
        int rc = supervisor("filesrc location=/nonexistent/x ! fakesink", false, settings(false, false, 0, 0),
                Interrupts.none(), d -> { }).run();
        assertEquals(1, rc);
        List<String> lines = err().lines().toList();
        assertTrue(lines.get(0).matches("ERROR: from element /GstPipeline:pipeline\\d+/GstFileSrc:filesrc\\d+: .+"),
                err());
        assertEquals("Additional debug info:", lines.get(1), err());
        assertTrue(err().contains("/nonexistent/x"), err());
    }

    @Test
    void missingControlDeviceSaysWhatToRun() {
        assumeFalse(Files.exists(Path.of("/dev/vcam")), "this machine has /dev/vcam");
        LaunchException e = assertThrows(LaunchException.class, () -> supervisor("videotestsrc ! vcamsink", false,
                settings(false, false, 0, 0), Interrupts.none(), d -> { }).run());
        assertEquals(1, e.status());
        assertTrue(e.getMessage().contains("sudo scripts/setup install"), e.getMessage());
    }

    @Test
    void restartKeepsTheCameraNumber() {
        VcamSink.useBackend(cameras.backend());
        cameras.taken.add(0);                       /* another producer has /dev/video0 */
        Interrupts interrupts = Interrupts.none();
        List<Duration> sleeps = new ArrayList<>();
        Supervisor.Sleeper sleeper = d -> {
            sleeps.add(d);
            cameras.taken.remove(0);                 /* ... and goes away: 0 is the lowest free now */
            long runs = cameras.requests.size();
            if (runs >= 3) {
                interrupts.raise();
            }
        };
        int rc = supervisor("videotestsrc num-buffers=5 ! " + CAMERA_CAPS + " ! vcamsink device=/dev/null sync=false",
                true, settings(false, false, 0, 0), interrupts, sleeper).run();
        assertEquals(0, rc, err());
        List<Integer> asked = cameras.requests.stream().map(r -> r.deviceNr()).toList();
        assertEquals(List.of(-1, 1, 1), asked, out());
        assertTrue(out().contains("vcam-launch: camera /dev/video1 is up"), out());
        assertTrue(out().contains("vcam-launch: restarting in 0.5 s (the stream ended)"), out());
        assertTrue(out().contains("vcam-launch: restarting in 1.0 s (the stream ended)"), out());
        assertEquals(Set.of(), Set.copyOf(cameras.taken), "every camera was destroyed");
    }

    @Test
    void restartHandsTheCameraToTheNextPipeline() {
        VcamSink.useBackend(cameras.backend());
        CameraKeeper.enable();
        Interrupts interrupts = Interrupts.none();
        List<Integer> keptBetweenRuns = new ArrayList<>();
        Supervisor.Sleeper sleeper = d -> {
            keptBetweenRuns.add(CameraKeeper.count());
            assertEquals(Set.of(0), Set.copyOf(cameras.taken), "the camera stays while no pipeline runs");
            if (keptBetweenRuns.size() >= 3) {
                interrupts.raise();
            }
        };
        int rc;
        try {
            rc = supervisor("videotestsrc num-buffers=5 ! " + CAMERA_CAPS + " ! vcamsink device=/dev/null sync=false",
                    true, settings(false, false, 0, 0), interrupts, sleeper).run();
        } finally {
            CameraKeeper.closeAll();
        }
        assertEquals(0, rc, err());
        assertEquals(1, cameras.requests.size(), "created once, adopted by the next runs: " + cameras.requests);
        assertEquals(List.of(1, 1, 1), keptBetweenRuns);
        assertEquals(Set.of(), Set.copyOf(cameras.taken), "closeAll destroyed the kept camera");
    }

    @Test
    void aKeptCameraWithOtherCapsIsCreatedAnew() {
        VcamSink.useBackend(cameras.backend());
        CameraKeeper.enable();
        try {
            for (int width : new int[] {320, 160}) {
                String caps = "video/x-raw,format=YUY2,width=" + width + ",height=240,framerate=30/1";
                Interrupts interrupts = Interrupts.none();
                assertEquals(0, supervisor("videotestsrc num-buffers=3 ! " + caps + " ! vcamsink device=/dev/null"
                        + " device-nr=3 sync=false", false, settings(false, false, 0, 0), interrupts, d -> { }).run(),
                        err());
                assertEquals(1, CameraKeeper.count());
            }
        } finally {
            CameraKeeper.closeAll();
        }
        assertEquals(List.of(320, 160), cameras.requests.stream().map(r -> r.width()).toList());
        assertEquals(List.of(3, 3), cameras.requests.stream().map(r -> r.deviceNr()).toList());
        assertEquals(Set.of(), Set.copyOf(cameras.taken));
    }

    @Test
    void stallsRestartAfterTheShortestDelay() {
        RestartPolicy p = RestartPolicy.standard();
        p.delayAfter(0);
        p.delayAfter(0);
        assertEquals(Duration.ofMillis(500), p.afterStall());
        assertEquals(Duration.ofSeconds(2), p.delayAfter(0), "a stall does not reset or advance the backoff");
    }

    @Test
    void userChosenDeviceNrIsLeftAlone() {
        VcamSink.useBackend(cameras.backend());
        Interrupts interrupts = Interrupts.none();
        int rc = supervisor("videotestsrc num-buffers=2 ! " + CAMERA_CAPS + " ! vcamsink device=/dev/null"
                + " device-nr=7 sync=false", true, settings(false, false, 0, 0), interrupts, d -> interrupts.raise())
                .run();
        assertEquals(0, rc, err());
        assertEquals(List.of(7), cameras.requests.stream().map(r -> r.deviceNr()).toList());
    }

    @Test
    void watchdogRestartsAStalledPipeline() {
        VcamSink.useBackend(cameras.backend());
        Interrupts interrupts = Interrupts.none();
        long start = System.nanoTime();
        int rc = supervisor("videotestsrc is-live=true ! " + CAMERA_CAPS + " ! valve drop=true ! vcamsink"
                + " device=/dev/null", false, settings(false, false, 0, 0.5), interrupts, d -> interrupts.raise())
                .run();
        long took = System.nanoTime() - start;
        assertEquals(0, rc, err());
        assertTrue(err().contains("vcam-launch: no frame reached vcamsink for 2."), err());
        assertTrue(out().contains("vcam-launch: restarting in 0.5 s (no frames)"), out());
        assertTrue(took >= 2_000_000_000L, "fired after " + took + " ns (4 x 0.5 s before a first frame)");
    }

    @Test
    void statusLinesAndDuration() {
        VcamSink.useBackend(cameras.backend());
        cameras.openers = 2;
        int rc = supervisor("videotestsrc is-live=true ! " + CAMERA_CAPS + " ! vcamsink device=/dev/null", false,
                settings(false, true, 2.5, 0), Interrupts.none(), d -> { }).run();
        assertEquals(0, rc, err());
        List<String> status = out().lines().filter(l -> l.startsWith("status: ")).toList();
        assertTrue(status.size() >= 2, out());
        String last = status.get(status.size() - 1);
        assertTrue(last.matches("status: /dev/video0  \\d+\\.\\d fps  queued \\d+  dropped \\d+  copied \\d+"
                + "  zero-copy \\d+  consumers 2  exported 0  kernel new \\d+ bytes-copied \\d+ exported 0"), last);
        double fps = Double.parseDouble(last.split("\\s+")[2]);
        assertTrue(fps > 5 && fps < 60, last);
        assertTrue(out().contains("Got EOS"), out());
    }

    @Test
    void eosOnShutdownWaitsForEos() throws InterruptedException {
        VcamSink.useBackend(cameras.backend());
        Interrupts interrupts = Interrupts.none();
        Thread ctrlC = raiseLater(interrupts, 1500);
        int rc = supervisor("videotestsrc is-live=true ! " + CAMERA_CAPS + " ! vcamsink device=/dev/null", true,
                settings(true, false, 0, 0), interrupts, d -> { }).run();
        ctrlC.join();
        assertEquals(0, rc, err());
        assertTrue(out().contains("EOS on shutdown enabled -- Forcing EOS on the pipeline"), out());
        assertTrue(out().contains("Got EOS from element"), out());
        assertTrue(!out().contains("restarting"), "an interrupt is not restarted: " + out());
    }

    @Test
    void interruptWithoutEosStops() throws InterruptedException {
        VcamSink.useBackend(cameras.backend());
        Interrupts interrupts = Interrupts.none();
        Thread ctrlC = raiseLater(interrupts, 1000);
        int rc = supervisor("videotestsrc is-live=true ! " + CAMERA_CAPS + " ! vcamsink device=/dev/null", true,
                settings(false, false, 0, 0), interrupts, d -> { }).run();
        ctrlC.join();
        assertEquals(0, rc, err());
        assertTrue(out().contains("Interrupt: Stopping pipeline ..."), out());
        assertTrue(!out().contains("Got EOS"), out());
    }

    private static Thread raiseLater(Interrupts interrupts, long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            interrupts.raise();
        });
        t.start();
        return t;
    }
}
