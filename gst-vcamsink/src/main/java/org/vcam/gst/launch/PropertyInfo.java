package org.vcam.gst.launch;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * One GObject property of an element factory's elements, read from its GParamSpec: what
 * gst-inspect-1.0 shows (name, blurb, flags, type, range or choices, default).
 *
 * @param name property name
 * @param blurb its description
 * @param flags GParamFlags
 * @param type human-readable type ("Integer", "String", "Enum \"GstVcamSinkIdle\"")
 * @param range "min - max" for numbers, null otherwise
 * @param choices "(value): nick - description" lines for enums, empty otherwise
 * @param defaultValue the default as GLib prints it
 */
record PropertyInfo(String name, String blurb, int flags, String type, String range, List<String> choices,
        String defaultValue) {

    /* GParamSpec is 72 bytes on 64-bit; subclass fields follow */
    private static final long PSPEC_NAME = 8;
    private static final long PSPEC_FLAGS = 16;
    private static final long PSPEC_VALUE_TYPE = 24;
    private static final long SUB = 72;

    boolean readable() {
        return (flags & GstNative.PARAM_READABLE) != 0;
    }

    boolean writable() {
        return (flags & GstNative.PARAM_WRITABLE) != 0;
    }

    /** The flags as gst-inspect-1.0 words them. */
    String flagText() {
        List<String> words = new ArrayList<>();
        if (readable()) {
            words.add("readable");
        }
        if (writable()) {
            words.add("writable");
        }
        if ((flags & GstNative.PARAM_CONSTRUCT_ONLY) != 0) {
            words.add("construct-only");
        }
        if ((flags & GstNative.PARAM_CONTROLLABLE) != 0) {
            words.add("controllable");
        }
        if ((flags & GstNative.PARAM_DEPRECATED) != 0) {
            words.add("deprecated");
        }
        if ((flags & GstNative.PARAM_MUTABLE_PLAYING) != 0) {
            words.add("changeable in NULL, READY, PAUSED or PLAYING state");
        } else if ((flags & GstNative.PARAM_MUTABLE_PAUSED) != 0) {
            words.add("changeable only in NULL, READY or PAUSED state");
        } else if ((flags & GstNative.PARAM_MUTABLE_READY) != 0) {
            words.add("changeable only in NULL or READY state");
        }
        return String.join(", ", words);
    }

    /** "an integer -1 - 255", "one of: last, black": what a value must be, for error hints. */
    String accepts() {
        if (!choices.isEmpty()) {
            List<String> nicks = new ArrayList<>();
            for (String c : choices) {
                int dash = c.indexOf(" - ");
                int colon = c.indexOf(": ");
                nicks.add(colon >= 0 && dash > colon ? c.substring(colon + 2, dash) : c);
            }
            return "one of: " + String.join(", ", nicks);
        }
        return type.toLowerCase(java.util.Locale.ROOT) + (range != null ? " in " + range : "");
    }

    /** The properties of elements made by {@code factoryName}; empty if there is no such factory. */
    static List<PropertyInfo> ofFactory(String factoryName) {
        Pointer factory = GstNative.GST.gst_element_factory_find(factoryName);
        if (factory == null) {
            return List.of();
        }
        try {
            Pointer element = GstNative.GST.gst_element_factory_create(factory, null);
            if (element == null) {
                throw new LaunchException(1, "cannot create an element \"" + factoryName + "\" to inspect it");
            }
            element = GstNative.GST.gst_object_ref_sink(element);
            try {
                return ofObject(element);
            } finally {
                GstNative.GST.gst_object_unref(element);
            }
        } finally {
            GstNative.GST.gst_object_unref(factory);
        }
    }

    /** The properties of an object, in the order GObject lists them. */
    static List<PropertyInfo> ofObject(Pointer object) {
        IntByReference n = new IntByReference();
        Pointer specs = GstNative.GOBJECT.g_object_class_list_properties(GstNative.classOf(object), n);
        List<PropertyInfo> out = new ArrayList<>();
        if (specs == null) {
            return out;
        }
        try {
            for (int i = 0; i < n.getValue(); i++) {
                out.add(read(specs.getPointer((long) i * com.sun.jna.Native.POINTER_SIZE)));
            }
        } finally {
            GstNative.GLIB.g_free(specs);
        }
        return out;
    }

    private static PropertyInfo read(Pointer spec) {
        String name = spec.getPointer(PSPEC_NAME).getString(0);
        int flags = spec.getInt(PSPEC_FLAGS);
        long valueType = spec.getLong(PSPEC_VALUE_TYPE);
        String specType = GstNative.GOBJECT.g_type_name(spec.getPointer(0).getLong(0));
        String blurb = GstNative.GOBJECT.g_param_spec_get_blurb(spec);
        Pointer def = GstNative.GOBJECT.g_param_spec_get_default_value(spec);
        String defaultValue = def == null ? null : GstNative.takeString(GstNative.GOBJECT.g_strdup_value_contents(def));
        String type;
        String range = null;
        List<String> choices = List.of();
        switch (specType) {
            case "GParamInt":
                type = "Integer";
                range = spec.getInt(SUB) + " - " + spec.getInt(SUB + 4);
                break;
            case "GParamUInt":
                type = "Unsigned Integer";
                range = Integer.toUnsignedString(spec.getInt(SUB)) + " - " + Integer.toUnsignedString(spec.getInt(SUB + 4));
                break;
            case "GParamInt64":
            case "GParamLong":
                type = "Integer64";
                range = spec.getLong(SUB) + " - " + spec.getLong(SUB + 8);
                break;
            case "GParamUInt64":
            case "GParamULong":
                type = "Unsigned Integer64";
                range = Long.toUnsignedString(spec.getLong(SUB)) + " - " + Long.toUnsignedString(spec.getLong(SUB + 8));
                break;
            case "GParamDouble":
                type = "Double";
                range = spec.getDouble(SUB) + " - " + spec.getDouble(SUB + 8);
                break;
            case "GParamFloat":
                type = "Float";
                range = spec.getFloat(SUB) + " - " + spec.getFloat(SUB + 4);
                break;
            case "GParamBoolean":
                type = "Boolean";
                break;
            case "GParamString":
                type = "String";
                break;
            case "GParamEnum":
                type = "Enum \"" + GstNative.GOBJECT.g_type_name(valueType) + "\"";
                choices = enumChoices(spec.getPointer(SUB));
                defaultValue = enumDefault(spec.getPointer(SUB), spec.getInt(SUB + 8));
                break;
            case "GParamObject":
                type = "Object of type \"" + GstNative.GOBJECT.g_type_name(valueType) + "\"";
                break;
            case "GParamBoxed":
                type = "Boxed pointer of type \"" + GstNative.GOBJECT.g_type_name(valueType) + "\"";
                break;
            default:
                type = GstNative.GOBJECT.g_type_name(valueType);
                break;
        }
        return new PropertyInfo(name, blurb == null ? "" : blurb, flags, type, range, choices, defaultValue);
    }

    /* GParamSpecEnum: GEnumClass *enum_class, gint default_value; shown as gst-inspect does: 0, "last" */
    private static String enumDefault(Pointer enumClass, int value) {
        int n = enumClass.getInt(16);
        Pointer values = enumClass.getPointer(24);
        for (int i = 0; i < n; i++) {
            if (values.getInt(24L * i) == value) {
                return value + ", \"" + values.getPointer(24L * i + 16).getString(0) + "\"";
            }
        }
        return String.valueOf(value);
    }

    /* GEnumClass: GTypeClass (8), gint minimum, gint maximum, guint n_values, GEnumValue *values (24) */
    private static List<String> enumChoices(Pointer enumClass) {
        List<String> out = new ArrayList<>();
        if (enumClass == null) {
            return out;
        }
        int n = enumClass.getInt(16);
        Pointer values = enumClass.getPointer(24);
        for (int i = 0; i < n; i++) {
            long at = 24L * i;        /* GEnumValue: gint value; gchar *name; gchar *nick */
            out.add("(" + values.getInt(at) + "): " + values.getPointer(at + 16).getString(0) + " - "
                    + values.getPointer(at + 8).getString(0));
        }
        return out;
    }
}
