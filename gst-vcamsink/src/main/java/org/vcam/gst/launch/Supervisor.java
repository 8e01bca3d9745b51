package org.vcam.gst.launch;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.vcam.gst.element.SinkSettings;

/**
 * Runs the pipeline, and with --restart (or when --watchdog fires) builds it again after it
 * ended, with backoff, giving each vcamsink the /dev/videoN number its first camera got so
 * applications find the camera where it was.
 */
final class Supervisor {
    /** Waits (tests pass a fake). */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final Duration SLICE = Duration.ofMillis(100);

    private final String description;
    private final boolean restart;
    private final PipelineRunner runner;
    private final RestartPolicy policy;
    private final Interrupts interrupts;
    private final Sleeper sleeper;
    private final PrintStream out;
    private final boolean quiet;
    private final boolean needsSink;
    private int[] keepNumbers;

    Supervisor(String description, boolean restart, boolean needsSink, boolean quiet, PipelineRunner runner,
            RestartPolicy policy, Interrupts interrupts, Sleeper sleeper, PrintStream out) {
        this.description = description;
        this.restart = restart;
        this.needsSink = needsSink;
        this.quiet = quiet;
        this.runner = runner;
        this.policy = policy;
        this.interrupts = interrupts;
        this.sleeper = sleeper;
        this.out = out;
    }

    /** Runs until done; returns the exit status. */
    int run() {
        boolean first = true;
        while (true) {
            PipelineRunner.Outcome outcome;
            try (Pipeline p = Pipeline.parse(description, GstLookup.INSTANCE)) {
                if (first) {
                    checkSinks(p.sinks());
                    first = false;
                }
                reuseNumbers(p.sinks());
                outcome = runner.run(p);
            }
            remember(outcome.videoDevices());
            PipelineRunner.End end = outcome.end();
            boolean again = end == PipelineRunner.End.STALLED
                    || (restart && (end == PipelineRunner.End.EOS || end == PipelineRunner.End.ERROR));
            if (!again || interrupts.count() > 0) {
                return end == PipelineRunner.End.ERROR ? 1 : 0;
            }
            Duration delay = end == PipelineRunner.End.STALLED ? policy.afterStall()
                    : policy.delayAfter(outcome.ranNanos());
            if (!quiet) {
                out.printf(Locale.ROOT, "vcam-launch: restarting in %.1f s (%s)%n", delay.toMillis() / 1000.0,
                        reason(end));
            }
            if (!pause(delay)) {
                return 0;
            }
        }
    }

    private static String reason(PipelineRunner.End end) {
        switch (end) {
            case EOS:
                return "the stream ended";
            case ERROR:
                return "after an error";
            default:
                return "no frames";
        }
    }

    /** Sleeps {@code d} unless interrupted; false if an interrupt came. */
    private boolean pause(Duration d) {
        Duration left = d;
        try {
            while (!left.isZero() && !left.isNegative()) {
                Duration step = left.compareTo(SLICE) < 0 ? left : SLICE;
                sleeper.sleep(step);
                left = left.minus(step);
                if (interrupts.count() > 0) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    private void checkSinks(List<SinkHandle> sinks) {
        if (sinks.isEmpty()) {
            if (needsSink) {
                throw new LaunchException(LaunchException.USAGE, "--status, --stats, --watchdog and --snapshot need a"
                        + " vcamsink in the pipeline");
            }
            return;
        }
        for (SinkHandle s : sinks) {
            String device = s.devicePath();
            if (device != null && !Files.exists(Path.of(device))) {
                throw new LaunchException(1, missingDevice(device, System.getenv("VCAM_KVER") != null));
            }
        }
    }

    /** What to say when the control device is missing. */
    static String missingDevice(String device, boolean inVm) {
        if (!SinkSettings.DEFAULT_DEVICE.equals(device) && Files.exists(Path.of(SinkSettings.DEFAULT_DEVICE))) {
            return device + " does not exist: set vcamsink's device property to the vcam control device, "
                    + SinkSettings.DEFAULT_DEVICE + " (or leave it out)";
        }
        if (inVm) {
            return device + " does not exist: vcam.ko is not loaded in this VM (kmod/test/vm-run loads it"
                    + " unless --no-module)";
        }
        return device + " does not exist: the vcam kernel module is not loaded.\n"
                + "  Build and install it (DKMS), then load it:  sudo scripts/setup install"
                + "  (or run vcam-launch with --install)\n"
                + "  On a machine that cannot load modules, run the pipeline in the test VM instead:"
                + "  ./vcam-launch --vm [--snapshot out.png] '<pipeline>'";
    }

    /* before a re-run: each sink whose user did not choose device-nr gets its first number again */
    private void reuseNumbers(List<SinkHandle> sinks) {
        if (keepNumbers == null) {
            return;
        }
        for (int i = 0; i < sinks.size() && i < keepNumbers.length; i++) {
            if (keepNumbers[i] >= 0 && sinks.get(i).deviceNr() < 0) {
                sinks.get(i).setDeviceNr(keepNumbers[i]);
            }
        }
    }

    private void remember(List<String> devices) {
        if (keepNumbers == null) {
            keepNumbers = new int[devices.size()];
            java.util.Arrays.fill(keepNumbers, -1);
        }
        for (int i = 0; i < devices.size() && i < keepNumbers.length; i++) {
            if (keepNumbers[i] < 0) {
                keepNumbers[i] = SinkHandle.videoNumber(devices.get(i));
            }
        }
    }
}
