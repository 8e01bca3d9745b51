package org.vcam.gst.launch;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.vcam.gst.element.CameraKeeper;
import org.vcam.gst.element.SinkSettings;
import org.vcam.gst.element.VcamSink;
import org.vcam.gst.uapi.LibC;
import picocli.CommandLine;

/**
 * vcam-launch: gst-launch-1.0 with vcamsink, for relays that run for days. See {@link LaunchOptions}.
 */
public final class VcamLaunch {
    private VcamLaunch() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Interrupts::install));
    }

    /**
     * Runs the command; returns the exit status.
     *
     * @param interruptSource gives the Ctrl-C/SIGTERM counter once a pipeline is about to run
     */
    static int run(String[] args, PrintStream out, PrintStream err, Supplier<Interrupts> interruptSource) {
        LaunchOptions o = new LaunchOptions();
        CommandLine cl = new CommandLine(o).setStopAtPositional(true);
        CommandLine.ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("vcam-launch: " + e.getMessage());
            err.println("Try 'vcam-launch --help' for more information.");
            return LaunchException.USAGE;
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(out);
            return 0;
        }
        if (cl.isVersionHelpRequested()) {
            cl.printVersionHelp(out);
            return 0;
        }
        try {
            o.validate(parsed.hasMatchedOption("--kernel"));
            return dispatch(o, out, err, interruptSource);
        } catch (LaunchException e) {
            err.println("vcam-launch: " + e.getMessage());
            if (e.status() == LaunchException.USAGE && o.pipeline.isEmpty() && o.inspect == null && !o.list) {
                err.println("Try 'vcam-launch --help' for more information.");
            }
            return e.status();
        } catch (UncheckedIOException e) {
            err.println("vcam-launch: " + e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        }
    }

    private static int dispatch(LaunchOptions o, PrintStream out, PrintStream err,
            Supplier<Interrupts> interruptSource) {
        if (o.vm) {
            return VmRelaunch.run(home(), o, err);
        }
        if (o.install && !o.list && o.inspect == null) {
            if (System.getenv("VCAM_KVER") != null) {
                throw new LaunchException(LaunchException.USAGE, "--install is for the host; the test VM loads"
                        + " vcam.ko itself");
            }
            new ModuleInstall(Path.of(SinkSettings.DEFAULT_DEVICE), home(), LibC.geteuid() == 0,
                    ModuleInstall::runInheritingIo, err).ensure();
        }
        if (o.list) {
            return list(new CameraLister(Path.of("/sys")), out, err);
        }
        try {
            VcamSink.register();
        } catch (IllegalStateException e) {
            throw new LaunchException(1, "cannot register the vcamsink element: " + e.getMessage());
        }
        if (o.inspect != null) {
            Inspector.inspect(o.inspect, out);
            return 0;
        }
        Interrupts interrupts = interruptSource.get();
        PipelineRunner runner = new PipelineRunner(o.runSettings(), interrupts, System::nanoTime, out, err);
        boolean needsSink = o.status || o.stats || o.watchdog != null || o.snapshot != null;
        Supervisor s = new Supervisor(o.description(), o.restart, needsSink, o.quiet, runner,
                RestartPolicy.standard(), interrupts, d -> Thread.sleep(d.toMillis()), out);
        if (o.restart || o.watchdog != null) {
            CameraKeeper.enable(); /* re-created pipelines adopt their cameras: consumers stay attached */
        }
        try {
            return s.run();
        } finally {
            CameraKeeper.closeAll();
        }
    }

    /** {@code --list}: one line per camera. */
    static int list(CameraLister lister, PrintStream out, PrintStream err) {
        List<CameraLister.Camera> cams = lister.cameras();
        for (CameraLister.Camera c : cams) {
            out.println(c.line());
        }
        if (cams.isEmpty()) {
            err.println("vcam-launch: no vcam cameras" + (lister.moduleLoaded() ? ""
                    : " (the vcam module is not loaded: sudo scripts/setup install, or try --vm)"));
        }
        return 0;
    }

    /** The checkout: $VCAM_LAUNCH_HOME (set by the vcam-launch script), else the working directory. */
    private static Path home() {
        String h = System.getenv("VCAM_LAUNCH_HOME");
        return Path.of(h != null ? h : ".").toAbsolutePath().normalize();
    }
}
