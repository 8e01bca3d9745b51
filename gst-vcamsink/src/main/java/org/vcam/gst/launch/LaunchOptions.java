package org.vcam.gst.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line of vcam-launch (picocli model) and its consistency rules. */
@Command(name = "vcam-launch", sortOptions = false, mixinStandardHelpOptions = true,
        version = "vcam-launch 0.1 (vcamsink for GStreamer 1.x)",
        usageHelpAutoWidth = true,
        description = {
            "Runs a GStreamer pipeline (gst-launch-1.0 syntax) in which the vcamsink element shows the video as"
                + " a V4L2 camera /dev/videoN, e.g.:",
            "  vcam-launch 'udpsrc port=5000 ! application/x-rtp,encoding-name=JPEG,payload=26 ! rtpjpegdepay"
                + " ! jpegdec ! vcamsink label=\"Remote cam\"'",
            "Exit status: 0 after EOS (or an interrupt), 1 after an error, 2 for a bad command line or"
                + " pipeline description."},
        footer = {"", "Without the vcam module (/dev/vcam): sudo scripts/setup install (or add --install), or"
                + " try it in the test VM with --vm."})
final class LaunchOptions {
    /** Bounded run length inside --vm when --duration is not given. */
    static final double VM_DEFAULT_DURATION = 10;

    @Option(names = {"-e", "--eos-on-shutdown"}, description = "On Ctrl-C/SIGTERM send EOS and wait for it"
            + " before exiting (exit status 0).")
    boolean eosOnShutdown;

    @Option(names = {"-v", "--verbose"}, description = "Print property changes, negotiated caps included.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors (and --status, --stats lines).")
    boolean quiet;

    @Option(names = "--restart", description = "Re-create the pipeline after an error or EOS (backoff 0.5 s"
            + " doubling to 10 s), keeping each camera's /dev/videoN.")
    boolean restart;

    @Option(names = "--watchdog", paramLabel = "SECONDS", description = "Re-create the pipeline when no frame"
            + " reached vcamsink for SECONDS (4 x SECONDS for a new pipeline's first frame); with --restart or"
            + " --watchdog, a re-created pipeline takes over the same camera, so consumers stay attached.")
    Double watchdog;

    @Option(names = "--status", description = "Print a line per second: fps, frames queued, dropped, copied,"
            + " zero-copy, consumers.")
    boolean status;

    @Option(names = "--stats", description = "When the pipeline ends, print each vcamsink's counters:"
            + " NAME: video-device=... frames-queued=N frames-zero-copy=N frames-copied=N frames-dropped=N.")
    boolean stats;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Send EOS after SECONDS and exit"
            + " (default inside --vm without --snapshot: 10).")
    Double duration;

    @Option(names = "--snapshot", paramLabel = "FILE.png", description = "Save the frame a V4L2 application"
            + " sees on the camera as PNG, then end the run.")
    Path snapshot;

    @Option(names = "--snapshot-after", paramLabel = "N", defaultValue = "30", description = "Take frame N"
            + " for --snapshot (default ${DEFAULT-VALUE}).")
    int snapshotAfter;

    @Option(names = "--list", description = "List the vcam cameras and exit.")
    boolean list;

    @Option(names = "--inspect", paramLabel = "ELEMENT", description = "Print an element's details,"
            + " pad templates and properties (e.g. vcamsink) and exit.")
    String inspect;

    @Option(names = "--install", description = "When /dev/vcam is missing, build, install and load the"
            + " module first (runs scripts/setup install, through sudo unless root).")
    boolean install;

    @Option(names = "--vm", description = "Run it all in the project's test VM (kmod/test/vm-run) with the"
            + " vcam module loaded; --snapshot files come back to this machine.")
    boolean vm;

    @Option(names = "--kernel", paramLabel = "SERIES", defaultValue = "6.12", description = "Kernel of the"
            + " --vm run: 6.1, 6.12 or 7 (default ${DEFAULT-VALUE}).")
    String kernel;

    @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "The pipeline description; several"
            + " words are joined as gst-launch-1.0 does.")
    List<String> pipeline = new ArrayList<>();

    /** The joined description. */
    String description() {
        return PipelineText.join(pipeline);
    }

    /** Throws a usage error (status 2) for combinations that make no sense. */
    void validate(boolean kernelGiven) {
        int modes = (list ? 1 : 0) + (inspect != null ? 1 : 0);
        if (modes > 1) {
            throw usage("--list and --inspect exclude each other");
        }
        if (modes == 1 && !pipeline.isEmpty()) {
            throw usage((list ? "--list" : "--inspect") + " takes no pipeline description");
        }
        if (modes == 0 && pipeline.isEmpty()) {
            throw usage("no pipeline description given (try: vcam-launch 'videotestsrc ! vcamsink')");
        }
        if (modes == 0 && description().isBlank()) {
            throw usage("the pipeline description is empty");
        }
        if (watchdog != null && !(watchdog > 0)) {
            throw usage("--watchdog takes a number of seconds > 0");
        }
        if (duration != null && !(duration > 0)) {
            throw usage("--duration takes a number of seconds > 0");
        }
        if (snapshotAfter < 1) {
            throw usage("--snapshot-after takes a frame number >= 1");
        }
        if (kernelGiven && !vm) {
            throw usage("--kernel is only for --vm");
        }
        if (install && vm) {
            throw usage("--install and --vm exclude each other (the VM loads its own module)");
        }
        if (quiet && verbose) {
            throw usage("-q and -v exclude each other");
        }
    }

    private static LaunchException usage(String message) {
        return new LaunchException(LaunchException.USAGE, message);
    }

    /** Settings of one pipeline run. */
    PipelineRunner.Settings runSettings() {
        return new PipelineRunner.Settings(eosOnShutdown, verbose, quiet, status, stats,
                duration == null ? 0 : seconds(duration), watchdog == null ? 0 : seconds(watchdog),
                snapshot, snapshotAfter);
    }

    private static long seconds(double s) {
        return Math.round(s * 1e9);
    }

    /**
     * The arguments that run the same thing inside the VM: --vm and --kernel dropped, --snapshot
     * pointed at {@code guestSnapshot}, a --duration added to a pipeline run that nothing else
     * bounds (a --snapshot run ends once the snapshot is written, or fails within a minute).
     */
    List<String> guestArgs(Path guestSnapshot) {
        List<String> a = new ArrayList<>();
        if (eosOnShutdown) {
            a.add("-e");
        }
        if (verbose) {
            a.add("-v");
        }
        if (quiet) {
            a.add("-q");
        }
        if (restart) {
            a.add("--restart");
        }
        if (watchdog != null) {
            a.add("--watchdog=" + number(watchdog));
        }
        if (status) {
            a.add("--status");
        }
        if (stats) {
            a.add("--stats");
        }
        if (list) {
            a.add("--list");
        }
        if (inspect != null) {
            a.add("--inspect=" + inspect);
        }
        if (duration != null || (!list && inspect == null && snapshot == null)) {
            a.add("--duration=" + number(duration != null ? duration : VM_DEFAULT_DURATION));
        }
        if (snapshot != null) {
            a.add("--snapshot=" + guestSnapshot);
            a.add("--snapshot-after=" + snapshotAfter);
        }
        if (!pipeline.isEmpty()) {
            a.add("--");
            a.addAll(pipeline);
        }
        return a;
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
