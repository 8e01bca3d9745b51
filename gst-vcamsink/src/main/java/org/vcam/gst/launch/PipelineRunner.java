package org.vcam.gst.launch;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import org.freedesktop.gstreamer.GstObject;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.message.Message;
import org.freedesktop.gstreamer.message.MessageType;
import org.vcam.gst.uapi.GstLaunchApi;

/**
 * Runs one pipeline until it ends: sets it PLAYING, then a bus loop (like gst-launch's) that
 * also, every tick, handles interrupts, --duration, --watchdog, --status and --snapshot; with
 * --stats it prints the counters of every vcamsink once the run ended.
 */
final class PipelineRunner {
    private static final System.Logger LOG = System.getLogger(PipelineRunner.class.getName());
    private static final long TICK_NANOS = 100_000_000L;
    private static final long SECOND = 1_000_000_000L;
    /** How long an EOS we sent may take to come back before the pipeline is stopped anyway. */
    private static final long EOS_GRACE_NANOS = 5 * SECOND;
    /** How long --snapshot waits for its frame once the camera exists. */
    private static final long SNAPSHOT_TIMEOUT_NANOS = 60 * SECOND;

    /** Why a run ended. */
    enum End {
        /** The stream ended (EOS) by itself. */
        EOS,
        /** An element posted an ERROR. */
        ERROR,
        /** Ctrl-C/SIGTERM (after the EOS with -e). */
        INTERRUPTED,
        /** --duration elapsed. */
        DURATION,
        /** --snapshot was written. */
        SNAPSHOT,
        /** --watchdog saw no frame for too long. */
        STALLED
    }

    /**
     * How a run ended.
     *
     * @param videoDevices the camera each vcamsink had (in pipeline order; null if none)
     */
    record Outcome(End end, List<String> videoDevices, long ranNanos) {
    }

    /** What a run does besides playing (from the options). */
    record Settings(boolean eosOnShutdown, boolean verbose, boolean quiet, boolean status, boolean stats,
            long durationNanos, long watchdogNanos, Path snapshot, int snapshotAfter) {
    }

    private final Settings settings;
    private final Interrupts interrupts;
    private final LongSupplier clock;
    private final PrintStream out;
    private final PrintStream err;

    PipelineRunner(Settings settings, Interrupts interrupts, LongSupplier clock, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.interrupts = interrupts;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    /** Plays {@code p} until it ends; does not close it. */
    Outcome run(Pipeline p) {
        Run r = new Run(p);
        try {
            Outcome o = r.loop();
            if (settings.stats()) {
                r.printCounters();
            }
            if (!settings.quiet()) {
                out.println("Execution ended after " + elapsed(o.ranNanos()));
            }
            return o;
        } finally {
            if (r.snapshot != null) {
                r.snapshot.close();
            }
        }
    }

    /** H:MM:SS.mmm, as gst-launch prints run times. */
    static String elapsed(long nanos) {
        long ms = nanos / 1_000_000;
        return String.format(java.util.Locale.ROOT, "%d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60,
                ms / 1000 % 60, ms % 1000);
    }

    /** The state of one run. */
    private final class Run {
        final Pipeline p;
        final List<SinkHandle> sinks;
        final long start = clock.getAsLong();
        final String[] devices;
        final SinkSample[] lastStatus;
        final Watchdog watchdog;
        long nextStatus;
        /* set when we sent EOS and wait for it */
        End ending;
        long eosSentAt;
        Snapshot snapshot;
        long snapshotStarted;

        Run(Pipeline p) {
            this.p = p;
            this.sinks = p.sinks();
            this.devices = new String[sinks.size()];
            this.lastStatus = new SinkSample[sinks.size()];
            this.watchdog = settings.watchdogNanos() > 0 ? new Watchdog(settings.watchdogNanos(), start) : null;
            this.nextStatus = start + SECOND;
        }

        /* notes (and announces) each sink's camera; a short run may end before a tick saw it */
        void refreshDevices() {
            for (int i = 0; i < sinks.size(); i++) {
                String dev = sinks.get(i).videoDevice();
                if (dev != null && !dev.equals(devices[i])) {
                    devices[i] = dev;
                    if (!settings.quiet()) {
                        out.println("vcam-launch: camera " + dev + " is up (" + sinks.get(i).name() + ")");
                    }
                }
            }
        }

        /* the pipeline has not been stopped yet: each camera is still there */
        void printCounters() {
            long now = clock.getAsLong();
            for (SinkHandle s : sinks) {
                out.println(FinalCounters.line(s.name(), s.sample(now), s.kernelCounters()));
            }
        }

        Outcome outcome(End end) {
            refreshDevices();
            return new Outcome(end, Collections.unmodifiableList(Arrays.asList(devices.clone())),
                    clock.getAsLong() - start);
        }

        Outcome loop() {
            if (settings.verbose()) {
                p.watchProperties();
            }
            if (!settings.quiet()) {
                out.println("Setting pipeline to PLAYING ...");
            }
            if (p.setState(State.PLAYING) == StateChangeReturn.FAILURE) {
                /* the element that failed posted an ERROR: print it */
                Message msg;
                while ((msg = p.pop(SECOND)) != null) {
                    try {
                        if (msg.getType() == MessageType.ERROR) {
                            printError(msg, "ERROR");
                            return outcome(End.ERROR);
                        }
                    } finally {
                        msg.dispose();
                    }
                }
                err.println("ERROR: pipeline doesn't want to play.");
                return outcome(End.ERROR);
            }
            while (true) {
                Message msg = p.pop(TICK_NANOS);
                if (msg != null) {
                    try {
                        End end = handle(msg);
                        if (end != null) {
                            return outcome(end);
                        }
                    } finally {
                        msg.dispose();
                    }
                }
                End end = tick();
                if (end != null) {
                    return outcome(end);
                }
            }
        }

        End handle(Message msg) {
            switch (msg.getType()) {
                case EOS:
                    if (!settings.quiet()) {
                        out.println("Got EOS from element \"" + sourcePath(msg) + "\".");
                    }
                    return ending != null ? ending : End.EOS;
                case ERROR:
                    printError(msg, "ERROR");
                    return End.ERROR;
                case WARNING:
                    printError(msg, "WARNING");
                    return null;
                case LATENCY:
                    p.recalculateLatency();
                    return null;
                case CLOCK_LOST:
                    p.setState(State.PAUSED);
                    p.setState(State.PLAYING);
                    return null;
                case PROPERTY_NOTIFY:
                    printPropertyNotify(msg);
                    return null;
                default:
                    return null;
            }
        }

        End tick() {
            long now = clock.getAsLong();
            if (Thread.currentThread().isInterrupted()) {
                LOG.log(Level.DEBUG, "thread interrupted: stopping the pipeline");
                return End.INTERRUPTED;
            }
            int signals = interrupts.count();
            if (signals > 0) {
                /* without -e, or a second Ctrl-C while waiting for the EOS: stop now */
                if (!settings.eosOnShutdown() || signals > 1) {
                    if (!settings.quiet()) {
                        out.println("Interrupt: Stopping pipeline ...");
                    }
                    return End.INTERRUPTED;
                }
                if (ending == null) {
                    if (!settings.quiet()) {
                        out.println("EOS on shutdown enabled -- Forcing EOS on the pipeline");
                    }
                    sendEos(End.INTERRUPTED, now);
                }
            }
            /* also after a signal: a source that ignores EOS (imagefreeze, a live source
               without an end) must not keep a service manager's SIGTERM waiting forever */
            if (ending != null && now - eosSentAt > EOS_GRACE_NANOS) {
                LOG.log(Level.WARNING, "no EOS came back within {0} s; stopping the pipeline",
                        EOS_GRACE_NANOS / SECOND);
                return ending;
            }
            refreshDevices();
            if (settings.durationNanos() > 0 && ending == null && now - start >= settings.durationNanos()) {
                LOG.log(Level.DEBUG, "--duration elapsed: sending EOS");
                sendEos(End.DURATION, now);
            }
            if (watchdog != null && ending == null) {
                long arrived = 0;
                for (SinkHandle s : sinks) {
                    arrived += s.sample(now).arrived();
                }
                if (watchdog.stalled(arrived, now)) {
                    err.printf("vcam-launch: no frame reached vcamsink for %.1f s (--watchdog)%n",
                            watchdog.silentNanos(now) / 1e9);
                    return End.STALLED;
                }
            }
            if (settings.status() && now >= nextStatus) {
                while (nextStatus <= now) {
                    nextStatus += SECOND;
                }
                for (int i = 0; i < sinks.size(); i++) {
                    SinkSample s = sinks.get(i).sample(now);
                    out.println(StatusPrinter.line(sinks.size() > 1 ? sinks.get(i).name() : null, lastStatus[i], s));
                    lastStatus[i] = s;
                }
            }
            return snapshotTick(now);
        }

        End snapshotTick(long now) {
            if (settings.snapshot() == null || ending == End.SNAPSHOT) {
                return null;
            }
            if (ending != null) {
                err.println("vcam-launch: snapshot failed: the run ended before the consumer got frame "
                        + settings.snapshotAfter() + " (it got " + (snapshot == null ? 0 : snapshot.framesSeen()) + ")");
                return End.ERROR;
            }
            if (snapshot == null) {
                if (devices.length > 0 && devices[0] != null) {
                    snapshot = Snapshot.start(devices[0], settings.snapshot(), settings.snapshotAfter());
                    snapshotStarted = now;
                } else if (now - start > SNAPSHOT_TIMEOUT_NANOS) {
                    err.println("vcam-launch: snapshot failed: no camera appeared within "
                            + SNAPSHOT_TIMEOUT_NANOS / SECOND + " s");
                    return End.ERROR;
                }
                return null;
            }
            switch (snapshot.poll()) {
                case DONE:
                    if (!settings.quiet()) {
                        out.println("vcam-launch: snapshot of " + devices[0] + " (frame " + settings.snapshotAfter()
                                + " a consumer saw) saved to " + settings.snapshot());
                    }
                    sendEos(End.SNAPSHOT, now);
                    return null;
                case FAILED:
                    err.println("vcam-launch: snapshot failed: " + snapshot.failure());
                    return End.ERROR;
                default:
                    if (now - snapshotStarted > SNAPSHOT_TIMEOUT_NANOS) {
                        err.println("vcam-launch: snapshot failed: the consumer got " + snapshot.framesSeen()
                                + " of " + settings.snapshotAfter() + " frames from " + devices[0] + " in "
                                + SNAPSHOT_TIMEOUT_NANOS / SECOND + " s");
                        return End.ERROR;
                    }
                    return null;
            }
        }

        void sendEos(End why, long now) {
            ending = why;
            eosSentAt = now;
            p.sendEos();
        }

        void printError(Message msg, String kind) {
            PointerByReference gerror = new PointerByReference();
            PointerByReference debug = new PointerByReference();
            Pointer raw = Natives.getRawPointer(msg);
            if (kind.equals("ERROR")) {
                GstLaunchApi.GST.gst_message_parse_error(raw, gerror, debug);
            } else {
                GstLaunchApi.GST.gst_message_parse_warning(raw, gerror, debug);
            }
            String message = GstLaunchApi.Error.take(gerror.getValue()).message();
            String dbg = GstLaunchApi.takeString(debug.getValue());
            List<String> lines = ErrorFormatter.busMessage(kind, sourcePath(msg), message, dbg);
            lines.forEach(err::println);
        }

        void printPropertyNotify(Message msg) {
            PointerByReference object = new PointerByReference();
            PointerByReference name = new PointerByReference();
            PointerByReference value = new PointerByReference();
            GstLaunchApi.GST.gst_message_parse_property_notify(Natives.getRawPointer(msg), object, name, value);
            String text = value.getValue() == null ? "(no value)" : GstLaunchApi.valueText(value.getValue());
            out.println(GstLaunchApi.pathOf(object.getValue()) + ": " + name.getValue().getString(0) + " = " + text);
        }
    }

    /** The path of the element that posted {@code msg}, as gst-launch prints it. */
    static String sourcePath(Message msg) {
        GstObject src = msg.getSource();
        return src == null ? "(unknown)" : GstLaunchApi.pathOf(Natives.getRawPointer(src));
    }
}
