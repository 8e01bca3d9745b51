package org.vcam.gst.element;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstObject;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.Version;

/** GStreamer set up once per test JVM, and running a pipeline to its end with a time limit. */
public final class GstTestSupport {
    private static boolean initialized;

    private GstTestSupport() {
    }

    public static synchronized void init() {
        if (!initialized) {
            if (!Gst.isInitialized()) {
                Gst.init(Version.of(1, 16), "vcamsink-test");
            }
            VcamSink.register();
            initialized = true;
        }
    }

    /** What happened on the bus. */
    static final class Outcome {
        final List<String> errors = new ArrayList<>();
        final List<String> errorSources = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        boolean eos;

        String firstError() {
            return errors.isEmpty() ? null : errors.get(0);
        }

        @Override
        public String toString() {
            return "eos=" + eos + " errors=" + errors + " warnings=" + warnings;
        }
    }

    /** Plays until EOS or ERROR (at most {@code seconds}), then sets NULL. */
    static Outcome run(Pipeline p, int seconds) throws InterruptedException {
        return run(p, seconds, null);
    }

    static Outcome run(Pipeline p, int seconds, Runnable whilePlaying) throws InterruptedException {
        Outcome o = new Outcome();
        CountDownLatch done = new CountDownLatch(1);
        Bus bus = p.getBus();
        Bus.EOS eos = source -> {
            synchronized (o) {
                o.eos = true;
            }
            done.countDown();
        };
        Bus.ERROR error = (GstObject source, int code, String message) -> {
            synchronized (o) {
                o.errors.add(message);
                o.errorSources.add(source.getName());
            }
            done.countDown();
        };
        Bus.WARNING warning = (GstObject source, int code, String message) -> {
            synchronized (o) {
                o.warnings.add(message);
            }
        };
        bus.connect(eos);
        bus.connect(error);
        bus.connect(warning);
        try {
            p.play();
            if (whilePlaying != null) {
                whilePlaying.run();
            }
            if (!done.await(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("pipeline did not finish within " + seconds + " s");
            }
        } finally {
            p.setState(State.NULL);
            p.getState(TimeUnit.SECONDS.toNanos(10));
            bus.disconnect(eos);
            bus.disconnect(error);
            bus.disconnect(warning);
        }
        synchronized (o) {
            return o;
        }
    }
}
