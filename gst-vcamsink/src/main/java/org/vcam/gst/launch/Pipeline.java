package org.vcam.gst.launch;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import org.vcam.gst.element.VcamSink;
import org.vcam.gst.uapi.GLibLog;

/**
 * A pipeline built from a description, owned by vcam-launch: its bus, its vcamsinks, its state.
 * Closing it stops it (state NULL, which destroys the cameras) and drops it.
 */
final class Pipeline implements AutoCloseable {
    /** Where refused property values are logged: GObject's range checks and vcamsink's own. */
    private static final List<String> PROPERTY_LOG_DOMAINS = List.of("GLib-GObject", VcamSink.FACTORY_NAME);

    private final Pointer pipeline;
    private final Pointer bus;
    private final List<SinkHandle> sinks;
    private boolean closed;

    private Pipeline(Pointer pipeline) {
        this.pipeline = pipeline;
        this.bus = GstNative.GST.gst_element_get_bus(pipeline);
        List<SinkHandle> found = new ArrayList<>();
        for (Pointer e : GstNative.elementsByFactory(pipeline, SinkHandle.FACTORY)) {
            found.add(new SinkHandle(e));
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
        Pointer ctx = GstNative.GST.gst_parse_context_new();
        Pointer[] parsed = new Pointer[1];
        List<String> rejected;
        try {
            /* a property value GObject or vcamsink refuses is only a warning to gst_parse: make it an error */
            rejected = GLibLog.collectWarnings(PROPERTY_LOG_DOMAINS, () -> parsed[0] =
                    GstNative.GST.gst_parse_launch_full(description, ctx, GstNative.PARSE_FLAG_FATAL_ERRORS, error));
        } finally {
            GstNative.GST.gst_parse_context_free(ctx);
        }
        Pointer p = parsed[0];
        if (error.getValue() == null && !rejected.isEmpty()) {
            if (p != null) {
                GstNative.GST.gst_object_unref(GstNative.GST.gst_object_ref_sink(p));
            }
            throw new LaunchException(LaunchException.USAGE, "bad property value: " + rejected.get(0)
                    + " (vcam-launch --inspect ELEMENT lists what each property takes)");
        }
        if (error.getValue() != null) {
            GstNative.GError e = GstNative.GError.take(error.getValue());
            if (p != null) {
                GstNative.GST.gst_object_unref(GstNative.GST.gst_object_ref_sink(p));
            }
            throw new LaunchException(LaunchException.USAGE,
                    ErrorFormatter.parseError(e.code(), e.message(), description, lookup).render());
        }
        if (p == null) {
            throw new LaunchException(LaunchException.USAGE, "could not parse pipeline: the description is empty");
        }
        p = GstNative.GST.gst_object_ref_sink(p);
        if (!isPipeline(p)) {
            GstNative.GST.gst_object_unref(p);
            throw new LaunchException(LaunchException.USAGE,
                    "could not parse pipeline: the description must give a pipeline, not a single bin");
        }
        return new Pipeline(p);
    }

    /* a pipeline has a bus from the start; an element outside a pipeline has none */
    private static boolean isPipeline(Pointer p) {
        Pointer b = GstNative.GST.gst_element_get_bus(p);
        if (b == null) {
            return false;
        }
        GstNative.GST.gst_object_unref(b);
        return true;
    }

    Pointer pointer() {
        return pipeline;
    }

    List<SinkHandle> sinks() {
        return sinks;
    }

    /** Sets the state; returns the GstStateChangeReturn. */
    int setState(int state) {
        return GstNative.GST.gst_element_set_state(pipeline, state);
    }

    /** The next bus message within {@code timeoutNanos}, or null; the caller unrefs it. */
    Pointer pop(long timeoutNanos) {
        return GstNative.GST.gst_bus_timed_pop_filtered(bus, timeoutNanos, GstNative.MESSAGE_ANY);
    }

    /** Sends EOS into the pipeline (its sources end their streams). */
    boolean sendEos() {
        return GstNative.GST.gst_element_send_event(pipeline, GstNative.GST.gst_event_new_eos());
    }

    /** Posts PROPERTY_NOTIFY messages for every property change in the pipeline (for -v). */
    void watchProperties() {
        GstNative.GST.gst_element_add_property_deep_notify_watch(pipeline, null, true);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        GstNative.GST.gst_element_set_state(pipeline, GstNative.STATE_NULL);
        sinks.forEach(SinkHandle::close);
        GstNative.GST.gst_object_unref(bus);
        GstNative.GST.gst_object_unref(pipeline);
    }
}
