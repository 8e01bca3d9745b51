package org.vcam.gst.uapi;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * What vcam-launch needs from GStreamer and GObject that gst1-java-core 1.4 does not offer:
 * parsing with flags and a context (which element or property was wrong), an error's debug
 * string, deep-notify watches (-v), a bin's latency recalculation, object paths,
 * value serialisation, and the parts of a GParamSpec that gst-inspect shows (blurb, flags, enum
 * values). Structure layouts here are checked against the C headers by {@code GstLayoutTest}.
 */
public final class GstLaunchApi {
    private GstLaunchApi() {
    }

    /** libgstreamer-1.0. */
    public interface GstLib extends Library {
        Pointer gst_parse_context_new();

        void gst_parse_context_free(Pointer ctx);

        Pointer gst_parse_launch_full(String description, Pointer ctx, int flags, PointerByReference error);

        void gst_message_parse_error(Pointer message, PointerByReference gerror, PointerByReference debug);

        void gst_message_parse_warning(Pointer message, PointerByReference gerror, PointerByReference debug);

        void gst_message_parse_property_notify(Pointer message, PointerByReference object,
                PointerByReference propertyName, PointerByReference value);

        long gst_element_add_property_deep_notify_watch(Pointer element, String property, boolean includeValue);

        boolean gst_bin_recalculate_latency(Pointer bin);

        Pointer gst_object_get_path_string(Pointer object);

        int gst_structure_n_fields(Pointer structure);

        String gst_structure_nth_field_name(Pointer structure, int index);

        Pointer gst_structure_get_value(Pointer structure, String field);

        Pointer gst_value_serialize(Pointer value);

        Pointer gst_caps_to_string(Pointer caps);
    }

    /** libgobject-2.0. */
    public interface GObjectLib extends Library {
        Pointer g_object_class_list_properties(Pointer klass, IntByReference count);

        String g_param_spec_get_blurb(Pointer pspec);

        Pointer g_param_spec_get_default_value(Pointer pspec);

        Pointer g_strdup_value_contents(Pointer value);

        String g_type_name(long type);

        Pointer g_value_get_boxed(Pointer value);

        String g_value_get_string(Pointer value);
    }

    /** libglib-2.0. */
    public interface GLibLib extends Library {
        void g_free(Pointer p);

        void g_error_free(Pointer error);
    }

    public static final GstLib GST = Native.load("gstreamer-1.0", GstLib.class);
    public static final GObjectLib GOBJECT = Native.load("gobject-2.0", GObjectLib.class);
    public static final GLibLib GLIB = Native.load("glib-2.0", GLibLib.class);

    /* GstParseError codes the formatter cannot tell from the message */
    public static final int PARSE_ERROR_SYNTAX = 0;
    public static final int PARSE_ERROR_EMPTY_BIN = 5;
    public static final int PARSE_ERROR_EMPTY = 6;
    /** GstParseFlags: GST_PARSE_FLAG_FATAL_ERRORS. */
    public static final int PARSE_FLAG_FATAL_ERRORS = 1;

    /* GParamFlags / GstParamFlags */
    public static final int PARAM_READABLE = 1;
    public static final int PARAM_WRITABLE = 1 << 1;
    public static final int PARAM_CONSTRUCT_ONLY = 1 << 3;
    public static final int PARAM_CONTROLLABLE = 1 << 9;
    public static final int PARAM_MUTABLE_READY = 1 << 10;
    public static final int PARAM_MUTABLE_PAUSED = 1 << 11;
    public static final int PARAM_MUTABLE_PLAYING = 1 << 12;
    public static final int PARAM_DEPRECATED = 1 << 31;

    /** GError. */
    @Structure.FieldOrder({"domain", "code", "message"})
    public static class GErrorStruct extends CStruct {
        public int domain;
        public int code;
        public Pointer message;

        public GErrorStruct() {
        }

        GErrorStruct(Pointer p) {
            super(p);
            read();
        }
    }

    /** The public head of GParamSpec (g_type_instance, name, flags, value_type, owner_type). */
    @Structure.FieldOrder({"g_type_instance", "name", "flags", "value_type", "owner_type"})
    public static class ParamSpecStruct extends CStruct {
        public Pointer g_type_instance;
        public Pointer name;
        public int flags;
        public long value_type;
        public long owner_type;

        public ParamSpecStruct() {
        }

        public ParamSpecStruct(Pointer p) {
            super(p);
            read();
        }
    }

    /** A GError's code and message. */
    public record Error(int code, String message) {
        /** Reads and frees a GError. */
        public static Error take(Pointer error) {
            GErrorStruct e = new GErrorStruct(error);
            Error out = new Error(e.code, e.message == null ? "" : e.message.getString(0, "UTF-8"));
            GLIB.g_error_free(error);
            return out;
        }
    }

    /** Copies a newly allocated C string and frees it; null stays null. */
    public static String takeString(Pointer p) {
        if (p == null) {
            return null;
        }
        String s = p.getString(0, "UTF-8");
        GLIB.g_free(p);
        return s;
    }

    /** The object's path such as /GstPipeline:pipeline0/GstVideoTestSrc:videotestsrc0. */
    public static String pathOf(Pointer object) {
        return object == null ? "(unknown)" : takeString(GST.gst_object_get_path_string(object));
    }

    /** The GObjectClass of an instance (GTypeInstance.g_class, its first field). */
    public static Pointer classOf(Pointer instance) {
        return instance.getPointer(0);
    }

    /** A GValue as gst-launch -v shows it: strings and caps as they are, others serialized. */
    public static String valueText(Pointer value) {
        String type = GOBJECT.g_type_name(value.getLong(0)); /* GValue.g_type */
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
}
