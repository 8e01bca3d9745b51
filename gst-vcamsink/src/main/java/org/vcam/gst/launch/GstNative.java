package org.vcam.gst.launch;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few GStreamer/GObject C functions vcam-launch calls, on raw pointers: it owns the
 * pipelines it builds and drives their buses itself, as gst-launch does, so it does not mix in
 * gst1-java-core's garbage-collected wrappers. Struct offsets used below are the public ABI of
 * GLib 2.x and GStreamer 1.x on 64-bit Linux.
 */
final class GstNative {

    /** libgstreamer-1.0. */
    interface GstLib extends Library {
        Pointer gst_parse_context_new();

        void gst_parse_context_free(Pointer ctx);

        Pointer gst_parse_launch_full(String description, Pointer ctx, int flags, PointerByReference error);

        int gst_element_set_state(Pointer element, int state);

        Pointer gst_element_get_bus(Pointer element);

        Pointer gst_element_get_static_pad(Pointer element, String name);

        boolean gst_element_send_event(Pointer element, Pointer event);

        long gst_element_add_property_deep_notify_watch(Pointer element, String property, boolean includeValue);

        Pointer gst_event_new_eos();

        Pointer gst_bus_timed_pop_filtered(Pointer bus, long timeoutNs, int types);

        void gst_message_parse_error(Pointer message, PointerByReference gerror, PointerByReference debug);

        void gst_message_parse_warning(Pointer message, PointerByReference gerror, PointerByReference debug);

        void gst_message_parse_property_notify(Pointer message, PointerByReference object,
                PointerByReference propertyName, PointerByReference value);

        Pointer gst_object_get_path_string(Pointer object);

        Pointer gst_object_get_name(Pointer object);

        Pointer gst_object_ref_sink(Pointer object);

        void gst_object_unref(Pointer object);

        void gst_mini_object_unref(Pointer object);

        boolean gst_bin_recalculate_latency(Pointer bin);

        Pointer gst_bin_get_by_name(Pointer bin, String name);

        Pointer gst_bin_iterate_all_by_element_factory_name(Pointer bin, String factoryName);

        int gst_iterator_next(Pointer iterator, Pointer gvalue);

        void gst_iterator_free(Pointer iterator);

        Pointer gst_element_factory_find(String name);

        Pointer gst_element_factory_create(Pointer factory, String name);

        String gst_element_factory_get_metadata(Pointer factory, String key);

        Pointer gst_element_factory_get_static_pad_templates(Pointer factory);

        Pointer gst_element_factory_list_get_elements(long type, int minrank);

        void gst_plugin_feature_list_free(Pointer list);

        int gst_plugin_feature_get_rank(Pointer feature);

        Pointer gst_caps_from_string(String caps);

        int gst_caps_get_size(Pointer caps);

        Pointer gst_caps_get_structure(Pointer caps, int index);

        boolean gst_caps_is_any(Pointer caps);

        Pointer gst_caps_to_string(Pointer caps);

        String gst_structure_get_name(Pointer structure);

        int gst_structure_n_fields(Pointer structure);

        String gst_structure_nth_field_name(Pointer structure, int index);

        Pointer gst_structure_get_value(Pointer structure, String field);

        Pointer gst_value_serialize(Pointer value);

        void gst_util_set_object_arg(Pointer object, String name, String value);

        long gst_pad_add_probe(Pointer pad, int mask, PadProbe callback, Pointer userData, Pointer destroy);
    }

    /** libgobject-2.0. */
    interface GObjectLib extends Library {
        Pointer g_object_class_list_properties(Pointer klass, IntByReference count);

        void g_object_get(Pointer object, String name, Object... rest);

        String g_param_spec_get_blurb(Pointer pspec);

        Pointer g_param_spec_get_default_value(Pointer pspec);

        Pointer g_strdup_value_contents(Pointer value);

        String g_type_name(long type);

        Pointer g_value_get_object(Pointer value);

        Pointer g_value_get_boxed(Pointer value);

        String g_value_get_string(Pointer value);

        void g_value_unset(Pointer value);
    }

    /** libglib-2.0. */
    interface GLibLib extends Library {
        void g_free(Pointer p);

        void g_error_free(Pointer error);
    }

    /** GstPadProbeCallback. */
    interface PadProbe extends Callback {
        int invoke(Pointer pad, Pointer info, Pointer userData);
    }

    static final GstLib GST = Native.load("gstreamer-1.0", GstLib.class);
    static final GObjectLib GOBJECT = Native.load("gobject-2.0", GObjectLib.class);
    static final GLibLib GLIB = Native.load("glib-2.0", GLibLib.class);

    /* GstState, GstStateChangeReturn */
    static final int STATE_NULL = 1;
    static final int STATE_PAUSED = 3;
    static final int STATE_PLAYING = 4;
    static final int STATE_CHANGE_FAILURE = 0;

    /* GstMessageType */
    static final int MESSAGE_EOS = 1;
    static final int MESSAGE_ERROR = 1 << 1;
    static final int MESSAGE_WARNING = 1 << 2;
    static final int MESSAGE_CLOCK_LOST = 1 << 10;
    static final int MESSAGE_LATENCY = 1 << 19;
    static final int MESSAGE_PROPERTY_NOTIFY = (1 << 31) + 3;
    static final int MESSAGE_ANY = 0xffffffff;

    /* GstParseError codes (GST_PARSE_ERROR) the formatter cannot tell from the message */
    static final int PARSE_ERROR_SYNTAX = 0;
    static final int PARSE_ERROR_EMPTY_BIN = 5;
    static final int PARSE_ERROR_EMPTY = 6;

    /* GstParseFlags */
    static final int PARSE_FLAG_FATAL_ERRORS = 1;

    /* GstPadProbeType / GstPadProbeReturn */
    static final int PROBE_TYPE_BUFFER = 1 << 4;
    static final int PROBE_DROP = 0;
    static final int PROBE_OK = 1;

    /* GstIteratorResult */
    static final int ITERATOR_OK = 1;
    static final int ITERATOR_RESYNC = 2;

    /* GParamFlags / GstParamFlags */
    static final int PARAM_READABLE = 1;
    static final int PARAM_WRITABLE = 1 << 1;
    static final int PARAM_CONSTRUCT_ONLY = 1 << 3;
    static final int PARAM_CONTROLLABLE = 1 << 9;
    static final int PARAM_MUTABLE_READY = 1 << 10;
    static final int PARAM_MUTABLE_PAUSED = 1 << 11;
    static final int PARAM_MUTABLE_PLAYING = 1 << 12;
    static final int PARAM_DEPRECATED = 1 << 31;

    /** GST_ELEMENT_FACTORY_TYPE_ANY. */
    static final long FACTORY_TYPE_ANY = (1L << 49) - 1;

    /* ABI offsets (64-bit): GstMiniObject is 64 bytes; GstMessage's type then src follow */
    private static final long MESSAGE_TYPE_OFFSET = 64;
    private static final long MESSAGE_SRC_OFFSET = 80;
    /* GError: GQuark domain, gint code, gchar *message */
    private static final long GERROR_CODE_OFFSET = 4;
    private static final long GERROR_MESSAGE_OFFSET = 8;
    /** sizeof(GValue). */
    static final int GVALUE_SIZE = 24;

    private GstNative() {
    }

    static int messageType(Pointer message) {
        return message.getInt(MESSAGE_TYPE_OFFSET);
    }

    static Pointer messageSource(Pointer message) {
        return message.getPointer(MESSAGE_SRC_OFFSET);
    }

    /** A GError's code and message; frees the GError. */
    record GError(int code, String message) {
        static GError take(Pointer error) {
            GError e = new GError(error.getInt(GERROR_CODE_OFFSET),
                    error.getPointer(GERROR_MESSAGE_OFFSET).getString(0));
            GLIB.g_error_free(error);
            return e;
        }
    }

    /** Copies a newly allocated C string and frees it; null stays null. */
    static String takeString(Pointer p) {
        if (p == null) {
            return null;
        }
        String s = p.getString(0);
        GLIB.g_free(p);
        return s;
    }

    /** The object's path such as /GstPipeline:pipeline0/GstVideoTestSrc:videotestsrc0. */
    static String pathOf(Pointer object) {
        return object == null ? "(unknown)" : takeString(GST.gst_object_get_path_string(object));
    }

    static String nameOf(Pointer object) {
        return takeString(GST.gst_object_get_name(object));
    }

    /** A GValue as gst-launch -v shows it: strings and caps as they are, others serialized. */
    static String valueText(Pointer value) {
        String type = GOBJECT.g_type_name(value.getLong(0));
        if ("gchararray".equals(type)) {
            return GOBJECT.g_value_get_string(value);
        }
        if ("GstCaps".equals(type)) {
            Pointer caps = GOBJECT.g_value_get_boxed(value);
            return caps == null ? "NULL" : takeString(GST.gst_caps_to_string(caps));
        }
        Pointer s = GST.gst_value_serialize(value);
        return s != null ? takeString(s) : takeString(GOBJECT.g_strdup_value_contents(value));
    }

    /** The GObjectClass of an instance (GTypeInstance.g_class). */
    static Pointer classOf(Pointer instance) {
        return instance.getPointer(0);
    }

    /** Every element of a bin (recursively) made by the factory {@code factory}, each with a reference. */
    static java.util.List<Pointer> elementsByFactory(Pointer bin, String factory) {
        java.util.List<Pointer> out = new java.util.ArrayList<>();
        Pointer it = GST.gst_bin_iterate_all_by_element_factory_name(bin, factory);
        if (it == null) {
            return out;
        }
        Memory value = new Memory(GVALUE_SIZE);
        try {
            while (true) {
                value.clear();
                int r = GST.gst_iterator_next(it, value);
                if (r == ITERATOR_OK) {
                    Pointer element = GOBJECT.g_value_get_object(value);
                    out.add(GST.gst_object_ref_sink(element));
                    GOBJECT.g_value_unset(value);
                } else if (r == ITERATOR_RESYNC) {
                    out.forEach(GST::gst_object_unref);
                    out.clear();
                    throw new IllegalStateException("the pipeline changed while it was searched");
                } else {
                    return out;
                }
            }
        } finally {
            GST.gst_iterator_free(it);
        }
    }
}
