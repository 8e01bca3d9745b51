package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option parsing, validation, exit status 2, and the --vm command line. */
class LaunchOptionsTest {

    private static LaunchOptions parse(String... args) {
        LaunchOptions o = new LaunchOptions();
        new CommandLine(o).setStopAtPositional(true).parseArgs(args);
        return o;
    }

    /** Runs VcamLaunch.run; returns {status, stdout, stderr}. */
    private static Object[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = VcamLaunch.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Interrupts::none);
        return new Object[] {rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void gstLaunchStyleFlagsAndPipelineWords() {
        LaunchOptions o = parse("-e", "-v", "--restart", "--watchdog", "5", "videotestsrc", "!", "vcamsink",
                "label=Remote cam");
        assertTrue(o.eosOnShutdown);
        assertTrue(o.verbose);
        assertTrue(o.restart);
        assertEquals(5.0, o.watchdog);
        assertEquals("videotestsrc ! vcamsink label=\"Remote cam\"", o.description());
        PipelineRunner.Settings s = o.runSettings();
        assertEquals(5_000_000_000L, s.watchdogNanos());
        assertEquals(0, s.durationNanos());
        assertEquals(30, s.snapshotAfter());
        assertTrue(!s.stats() && parse("--stats", "x ! y").runSettings().stats());
    }

    @Test
    void everythingAfterThePipelineStartsIsPipeline() {
        LaunchOptions o = parse("-q", "fakesrc", "num-buffers=3", "!", "fakesink", "-v");
        assertTrue(o.quiet);
        assertEquals(List.of("fakesrc", "num-buffers=3", "!", "fakesink", "-v"), o.pipeline);
        o = parse("--", "-weird", "!", "fakesink");
        assertEquals(List.of("-weird", "!", "fakesink"), o.pipeline);
    }

    @Test
    void snapshotAndDuration() {
        LaunchOptions o = parse("--snapshot", "out.png", "--snapshot-after=5", "--duration=2.5", "videotestsrc ! vcamsink");
        assertEquals(Path.of("out.png"), o.snapshot);
        assertEquals(5, o.snapshotAfter);
        assertEquals(2_500_000_000L, o.runSettings().durationNanos());
    }

    @Test
    void usageErrorsExitWithTwo() {
        for (String[] args : new String[][] {
            {},
            {"--bogus", "videotestsrc ! vcamsink"},
            {"--watchdog", "abc", "videotestsrc ! vcamsink"},
            {"--watchdog", "0", "videotestsrc ! vcamsink"},
            {"--duration=-1", "videotestsrc ! vcamsink"},
            {"--snapshot-after=0", "--snapshot=x.png", "videotestsrc ! vcamsink"},
            {"--list", "videotestsrc ! vcamsink"},
            {"--list", "--inspect", "vcamsink"},
            {"--kernel", "6.1", "videotestsrc ! vcamsink"},
            {"-q", "-v", "videotestsrc ! vcamsink"},
            {"   "},
        }) {
            Object[] r = run(args);
            assertEquals(2, r[0], List.of(args) + ": " + r[2]);
            String err = (String) r[2];
            assertTrue(err.startsWith("vcam-launch: "), List.of(args) + ": " + err);
            assertEquals(1, err.lines().filter(l -> l.startsWith("vcam-launch: ")).count(), err);
        }
    }

    @Test
    void helpAndVersionExitZero() {
        Object[] r = run("--help");
        assertEquals(0, r[0]);
        assertTrue(((String) r[1]).contains("--restart"), (String) r[1]);
        assertTrue(((String) r[1]).contains("--snapshot"), (String) r[1]);
        r = run("--version");
        assertEquals(0, r[0]);
        assertTrue(((String) r[1]).startsWith("vcam-launch "), (String) r[1]);
    }

    @Test
    void guestArgumentsForTheVm() {
        LaunchOptions o = parse("--vm", "--kernel", "6.1", "--snapshot", "shots/out.png", "-e",
                "videotestsrc", "!", "vcamsink", "label=Remote cam");
        o.validate(true);
        assertEquals(List.of("-e", "--snapshot=/var/tmp/vcam-out/out.png", "--snapshot-after=30",
                "--", "videotestsrc", "!", "vcamsink", "label=Remote cam"),
                o.guestArgs(Path.of("/var/tmp/vcam-out/out.png")));
        LaunchOptions list = parse("--vm", "--list");
        assertEquals(List.of("--list"), list.guestArgs(null));
        LaunchOptions timed = parse("--vm", "--duration", "3.5", "--status", "--stats", "--watchdog=2", "x ! y");
        assertEquals(List.of("--watchdog=2", "--status", "--stats", "--duration=3.5", "--", "x ! y"),
                timed.guestArgs(null));
        LaunchOptions plain = parse("--vm", "x ! y");
        assertEquals(List.of("--duration=10", "--", "x ! y"), plain.guestArgs(null));
    }

    @Test
    void vmRunCommandQuotesForSh() {
        LaunchOptions o = parse("--vm", "--snapshot", "/home/u/my shot.png", "videotestsrc ! vcamsink label='x y'");
        List<String> cmd = VmRelaunch.command(Path.of("/repo"), o, Path.of("/repo/build/out"));
        assertEquals(List.of("/repo/kmod/test/vm-run", "--kernel", "6.12", "--timeout", "250", "--out",
                "/repo/build/out", "--append", "no_timer_check", "--",
                "./vcam-launch '--snapshot=/var/tmp/vcam-out/my shot.png' --snapshot-after=30 --"
                + " 'videotestsrc ! vcamsink label='\\''x y'\\'''"), cmd);
        assertEquals("plain-word_1.png", VmRelaunch.shellQuote("plain-word_1.png"));
        assertEquals("''", VmRelaunch.shellQuote(""));
        assertEquals("'$HOME'", VmRelaunch.shellQuote("$HOME"));
    }

    @Test
    void elapsedLikeGstLaunch() {
        assertEquals("0:00:10.250", PipelineRunner.elapsed(10_250_000_000L));
        assertEquals("1:01:01.001", PipelineRunner.elapsed(3_661_001_000_000L));
    }

    @Test
    void missingDeviceSaysWhatToRun() {
        String host = Supervisor.missingDevice("/dev/vcam", false);
        assertTrue(host.startsWith("/dev/vcam does not exist: the vcam kernel module is not loaded."), host);
        assertTrue(host.contains("sudo scripts/setup install"), host);
        assertTrue(host.contains("./vcam-launch --vm"), host);
        assertTrue(Supervisor.missingDevice("/dev/vcam", true).contains("vm-run"));
    }

    @Test
    void validateNeedsADescription() {
        LaunchException e = assertThrows(LaunchException.class, () -> parse().validate(false));
        assertEquals(2, e.status());
        assertNull(parse("--list").inspect);
    }
}
