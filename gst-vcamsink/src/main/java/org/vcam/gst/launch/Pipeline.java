package org.vcam.gst.launch;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.event.EOSEvent;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.message.Message;
import org.vcam.gst.element.VcamSink;
import org.vcam.gst.uapi.GLibLog;
import org.vcam.gst.uapi.GstLaunchApi;

/**
 * A pipeline built from a description, owned by vcam-launch: its bus, its vcamsinks, its state
 * (gst1-java-core objects and bus; parsing with flags and a context is a raw call it lacks).
 * Closing it stops it (state NULL, which destroys the cameras) and drops it.
 */
final class Pipeline implements AutoCloseable {
    /** Where refused property values are logged: GObject's range checks and vcamsink's own. */
    private static final List<String> PROPERTY_LOG_DOMAINS = List.of("GLib-GObject", VcamSink.FACTORY_NAME);

    private final org.freedesktop.gstreamer.Pipeline pipeline;
    private final Bus bus;
    /* gst1-java-core's bus hands every message to its listeners on its executor thread */
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Bus.MESSAGE collect = (b, m) -> messages.add(m);
    private final List<SinkHandle> sinks;
    private boolean closed;

    private Pipeline(org.freedesktop.gstreamer.Pipeline pipeline) {
        this.pipeline = pipeline;
        this.bus = pipeline.getBus();
        bus.connect(collect);
        List<SinkHandle> found = new ArrayList<>();
        for (Element e : pipeline.getElementsRecursive()) {
            ElementFactory f = e.getFactory();
            if (f != null && SinkHandle.FACTORY.equals(f.getName())) {
                found.add(new SinkHandle(e));
            }
        }
        this.sinks = List.copyOf(found);
    }

    /**
     * Parses {@code description} as gst-launch does (a single element is put in a pipeline too).
     *
     * @throws LaunchException (status 2) with a formatted message if the description is wrong
     */
    static Pipeline parse(String description, ErrorFormatter.Lookup lookup) {
        PointerByReference error = new PointerByReference();
        Pointer ctx = GstLaunchApi.GST.gst_parse_context_new();
        Pointer[] parsed = new Pointer[1];
        List<String> rejected;
        try {
            /* a property value GObject or vcamsink refuses is only a warning to gst_parse: make it an error */
            rejected = GLibLog.collectWarnings(PROPERTY_LOG_DOMAINS, () -> parsed[0] = GstLaunchApi.GST
                    .gst_parse_launch_full(description, ctx, GstLaunchApi.PARSE_FLAG_FATAL_ERRORS, error));
        } finally {
            GstLaunchApi.GST.gst_parse_context_free(ctx);
        }
        /* a floating reference: gst1-java-core sinks it */
        Element e = parsed[0] == null ? null : Natives.objectFor(parsed[0], Element.class, false, true);
        if (error.getValue() == null && !rejected.isEmpty()) {
            dispose(e);
            throw new LaunchException(LaunchException.USAGE, "bad property value: " + rejected.get(0)
                    + " (vcam-launch --inspect ELEMENT lists what each property takes)");
        }
        if (error.getValue() != null) {
            GstLaunchApi.Error err = GstLaunchApi.Error.take(error.getValue());
            dispose(e);
            throw new LaunchException(LaunchException.USAGE,
                    ErrorFormatter.parseError(err.code(), err.message(), description, lookup).render());
        }
        if (e == null) {
            throw new LaunchException(LaunchException.USAGE, "could not parse pipeline: the description is empty");
        }
        if (!(e instanceof org.freedesktop.gstreamer.Pipeline)) {
            dispose(e);
            throw new LaunchException(LaunchException.USAGE,
                    "could not parse pipeline: the description must give a pipeline, not a single bin");
        }
        return new Pipeline((org.freedesktop.gstreamer.Pipeline) e);
    }

    private static void dispose(Element e) {
        if (e != null) {
            e.dispose();
        }
    }

    Pointer pointer() {
        return Natives.getRawPointer(pipeline);
    }

    /** The element named {@code name}, or null. */
    Element element(String name) {
        return pipeline.getElementByName(name);
    }

    List<SinkHandle> sinks() {
        return sinks;
    }

    StateChangeReturn setState(State state) {
        return pipeline.setState(state);
    }

    /** The next bus message within {@code timeoutNanos}, or null; the caller disposes it. */
    Message pop(long timeoutNanos) {
        try {
            return messages.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sends EOS into the pipeline (its sources end their streams). */
    boolean sendEos() {
        return pipeline.sendEvent(new EOSEvent());
    }

    /** Posts PROPERTY_NOTIFY messages for every property change in the pipeline (for -v). */
    void watchProperties() {
        GstLaunchApi.GST.gst_element_add_property_deep_notify_watch(pointer(), null, true);
    }

    /** After a LATENCY message: the pipeline distributes the new latency. */
    void recalculateLatency() {
        GstLaunchApi.GST.gst_bin_recalculate_latency(pointer());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pipeline.setState(State.NULL);
        sinks.forEach(SinkHandle::close);
        bus.disconnect(collect);
        for (Message m; (m = messages.poll()) != null;) {
            m.dispose();
        }
        bus.dispose();
        pipeline.dispose();
    }
}
