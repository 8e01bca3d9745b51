package org.vcam.gst.launch;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstException;
import org.freedesktop.gstreamer.GstObject;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.Version;
import org.vcam.gst.element.VcamSink;

/**
 * A minimal gst-launch-1.0 that knows vcamsink:
 *
 * <pre>
 *   java -jar gst-vcamsink-all.jar [-e] [-v] [-q] [--stats] PIPELINE-DESCRIPTION...
 *   java -jar gst-vcamsink-all.jar --inspect vcamsink
 * </pre>
 *
 * Exit status: 0 after EOS, 1 on an error, 2 on a usage or pipeline-description error.
 * (The vcam-launch CLI will grow from this; the element API is {@link VcamSink}.)
 */
public final class Main {
    private final PrintStream out;
    private final PrintStream err;
    private boolean eosOnShutdown;
    private boolean verbose;
    private boolean quiet;
    private boolean stats;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err).run(args));
    }

    private static final String USAGE = "usage: vcamsink-launch [-e] [-v] [-q] [--stats] PIPELINE-DESCRIPTION\n"
            + "       vcamsink-launch --inspect vcamsink\n"
            + "  -e        send EOS on Ctrl-C (a clean end for muxers)\n"
            + "  -v        print the negotiated caps of the vcamsink elements\n"
            + "  -q        print nothing but errors\n"
            + "  --stats   print the counters of every vcamsink when the pipeline ends";

    int run(String[] args) {
        List<String> words = new ArrayList<>();
        String inspect = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!words.isEmpty()) {
                words.add(a);
                continue;
            }
            switch (a) {
                case "-e": case "--eos-on-shutdown": eosOnShutdown = true; break;
                case "-v": case "--verbose": verbose = true; break;
                case "-q": case "--quiet": quiet = true; break;
                case "--stats": stats = true; break;
                case "-h": case "--help": out.println(USAGE); return 0;
                case "--inspect":
                    if (i + 1 >= args.length) {
                        err.println(USAGE);
                        return 2;
                    }
                    inspect = args[++i];
                    break;
                default:
                    if (a.startsWith("-")) {
                        err.println("unknown option " + a + "\n" + USAGE);
                        return 2;
                    }
                    words.add(a);
            }
        }
        if (!Gst.isInitialized()) {
            Gst.init(Version.of(1, 16), "vcamsink-launch");
        }
        VcamSink.register();
        if (inspect != null) {
            return Inspect.print(inspect, out) ? 0 : 1;
        }
        if (words.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        return launch(String.join(" ", words));
    }

    private int launch(String description) {
        Pipeline pipeline;
        try {
            Bin bin = Gst.parseBinFromDescription(description, false);
            pipeline = bin instanceof Pipeline ? (Pipeline) bin : wrap(bin);
        } catch (GstException e) {
            err.println("ERROR: pipeline could not be constructed: " + e.getMessage());
            return 2;
        }
        AtomicInteger status = new AtomicInteger(0);
        CountDownLatch done = new CountDownLatch(1);
        Bus bus = pipeline.getBus();
        bus.connect((Bus.EOS) source -> done.countDown());
        bus.connect((Bus.ERROR) (GstObject source, int code, String message) -> {
            err.println("ERROR: from element " + source.getName() + ": " + message);
            status.set(1);
            done.countDown();
        });
        bus.connect((Bus.WARNING) (GstObject source, int code, String message) -> {
            if (!quiet) {
                err.println("WARNING: from element " + source.getName() + ": " + message);
            }
        });
        Thread hook = new Thread(() -> {
            if (eosOnShutdown) {
                pipeline.sendEvent(new org.freedesktop.gstreamer.event.EOSEvent());
                try {
                    done.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            pipeline.setState(State.NULL);
        }, "vcamsink-launch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!quiet) {
            out.println("Setting pipeline to PLAYING ...");
        }
        if (pipeline.play() == StateChangeReturn.FAILURE && status.get() == 0) {
            try {
                done.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (status.get() == 0) {
                err.println("ERROR: pipeline doesn't want to play.");
                status.set(1);
            }
            done.countDown();
        }
        try {
            if (verbose) {
                waitAndPrintCaps(pipeline, done);
            }
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status.set(1);
        }
        if (stats) {
            printStats(pipeline);
        }
        if (!quiet) {
            out.println(status.get() == 0 ? "Got EOS from pipeline, stopping." : "Stopping after an error.");
        }
        pipeline.setState(State.NULL);
        pipeline.getState(TimeUnit.SECONDS.toNanos(10));
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            /* already shutting down */
        }
        return status.get();
    }

    private static Pipeline wrap(Bin bin) {
        Pipeline p = new Pipeline();
        p.add(bin);
        return p;
    }

    private List<Element> vcamSinks(Bin bin) {
        List<Element> sinks = new ArrayList<>();
        for (Element e : bin.getElementsRecursive()) {
            if ("GstVcamSink".equals(e.getTypeName())) {
                sinks.add(e);
            }
        }
        return sinks;
    }

    private void waitAndPrintCaps(Pipeline pipeline, CountDownLatch done) throws InterruptedException {
        for (Element s : vcamSinks(pipeline)) {
            for (int i = 0; i < 100 && done.getCount() > 0 && s.get("video-device") == null; i++) {
                Thread.sleep(50);
            }
            Object caps = s.getStaticPad("sink").getCurrentCaps();
            out.println("/" + s.getName() + ".sink: caps = " + caps + ", video-device = " + s.get("video-device"));
        }
    }

    private void printStats(Pipeline pipeline) {
        for (Element s : vcamSinks(pipeline)) {
            out.println(s.getName() + ": video-device=" + s.get("video-device") + " frames-queued=" + s.get("frames-queued") + " frames-zero-copy="
                    + s.get("frames-zero-copy") + " frames-copied=" + s.get("frames-copied") + " frames-dropped="
                    + s.get("frames-dropped"));
        }
    }
}
