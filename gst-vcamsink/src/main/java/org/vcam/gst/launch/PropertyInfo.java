package org.vcam.gst.launch;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.glib.Natives;
import org.vcam.gst.uapi.GObjectAbi;
import org.vcam.gst.uapi.GstLaunchApi;

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

    boolean readable() {
        return (flags & GstLaunchApi.PARAM_READABLE) != 0;
    }

    boolean writable() {
        return (flags & GstLaunchApi.PARAM_WRITABLE) != 0;
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
        if ((flags & GstLaunchApi.PARAM_CONSTRUCT_ONLY) != 0) {
            words.add("construct-only");
        }
        if ((flags & GstLaunchApi.PARAM_CONTROLLABLE) != 0) {
            words.add("controllable");
        }
        if ((flags & GstLaunchApi.PARAM_DEPRECATED) != 0) {
            words.add("deprecated");
        }
        if ((flags & GstLaunchApi.PARAM_MUTABLE_PLAYING) != 0) {
            words.add("changeable in NULL, READY, PAUSED or PLAYING state");
        } else if ((flags & GstLaunchApi.PARAM_MUTABLE_PAUSED) != 0) {
            words.add("changeable only in NULL, READY or PAUSED state");
        } else if ((flags & GstLaunchApi.PARAM_MUTABLE_READY) != 0) {
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
        ElementFactory factory = Inspector.factory(factoryName);
        if (factory == null) {
            return List.of();
        }
        Element element = factory.create(null);
        if (element == null) {
            throw new LaunchException(1, "cannot create an element \"" + factoryName + "\" to inspect it");
        }
        try {
            return ofObject(element);
        } finally {
            element.dispose();
            factory.dispose();
        }
    }

    /**
     * The properties of an element, in the order GObject lists them: ranges from gst1-java-core,
     * what it does not offer (blurb, flags, enum values, the default as GLib prints it) from the
     * GParamSpec.
     */
    static List<PropertyInfo> ofObject(Element object) {
        IntByReference n = new IntByReference();
        Pointer specs = GstLaunchApi.GOBJECT.g_object_class_list_properties(
                GstLaunchApi.classOf(Natives.getRawPointer(object)), n);
        List<PropertyInfo> out = new ArrayList<>();
        if (specs == null) {
            return out;
        }
        try {
            for (int i = 0; i < n.getValue(); i++) {
                out.add(read(object, specs.getPointer((long) i * com.sun.jna.Native.POINTER_SIZE)));
            }
        } finally {
            GstLaunchApi.GLIB.g_free(specs);
        }
        return out;
    }

    private static PropertyInfo read(Element object, Pointer spec) {
        GstLaunchApi.ParamSpecStruct ps = new GstLaunchApi.ParamSpecStruct(spec);
        String name = ps.name.getString(0);
        int flags = ps.flags;
        long valueType = ps.value_type;
        String specType = GstLaunchApi.GOBJECT.g_type_name(GstLaunchApi.classOf(spec).getLong(0));
        String blurb = GstLaunchApi.GOBJECT.g_param_spec_get_blurb(spec);
        Pointer def = GstLaunchApi.GOBJECT.g_param_spec_get_default_value(spec);
        String defaultValue = def == null ? null : GstLaunchApi.takeString(GstLaunchApi.GOBJECT.g_strdup_value_contents(def));
        String type;
        String range = null;
        List<String> choices = List.of();
        switch (specType) {
            case "GParamInt":
                type = "Integer";
                range = range(object, name);
                break;
            case "GParamUInt":
                /* gst1-java-core 1.4 reports G_MAXUINT as 16777215: read GParamSpecUInt itself */
                type = "Unsigned Integer";
                range = Integer.toUnsignedString(spec.getInt(GObjectAbi.PARAM_SPEC_UINT_MIN)) + " - "
                        + Integer.toUnsignedString(spec.getInt(GObjectAbi.PARAM_SPEC_UINT_MAX));
                break;
            case "GParamInt64":
            case "GParamLong":
                type = "Integer64";
                range = range(object, name);
                break;
            case "GParamUInt64":
            case "GParamULong":
                type = "Unsigned Integer64";
                range = Long.toUnsignedString(spec.getLong(GObjectAbi.PARAM_SPEC_UINT64_MIN)) + " - "
                        + Long.toUnsignedString(spec.getLong(GObjectAbi.PARAM_SPEC_UINT64_MAX));
                break;
            case "GParamDouble":
                type = "Double";
                range = range(object, name);
                break;
            case "GParamFloat":
                type = "Float";
                range = range(object, name);
                break;
            case "GParamBoolean":
                type = "Boolean";
                break;
            case "GParamString":
                type = "String";
                break;
            case "GParamEnum":
                type = "Enum \"" + GstLaunchApi.GOBJECT.g_type_name(valueType) + "\"";
                choices = enumChoices(spec.getPointer(GObjectAbi.PARAM_SPEC_ENUM_CLASS));
                defaultValue = enumDefault(spec.getPointer(GObjectAbi.PARAM_SPEC_ENUM_CLASS),
                        spec.getInt(GObjectAbi.PARAM_SPEC_ENUM_DEFAULT));
                break;
            case "GParamObject":
                type = "Object of type \"" + GstLaunchApi.GOBJECT.g_type_name(valueType) + "\"";
                break;
            case "GParamBoxed":
                type = "Boxed pointer of type \"" + GstLaunchApi.GOBJECT.g_type_name(valueType) + "\"";
                break;
            default:
                type = GstLaunchApi.GOBJECT.g_type_name(valueType);
                break;
        }
        return new PropertyInfo(name, blurb == null ? "" : blurb, flags, type, range, choices, defaultValue);
    }

    /* "min - max" of a signed number, from gst1-java-core */
    private static String range(Element object, String name) {
        return object.getPropertyMinimumValue(name) + " - " + object.getPropertyMaximumValue(name);
    }

    /* GParamSpecEnum: GEnumClass *enum_class, gint default_value; shown as gst-inspect does: 0, "last" */
    private static String enumDefault(Pointer enumClass, int value) {
        int n = enumClass.getInt(GObjectAbi.ENUM_CLASS_N_VALUES);
        Pointer values = enumClass.getPointer(GObjectAbi.ENUM_CLASS_VALUES);
        for (int i = 0; i < n; i++) {
            long at = (long) GObjectAbi.ENUM_VALUE_SIZE * i;
            if (values.getInt(at + GObjectAbi.ENUM_VALUE_VALUE) == value) {
                return value + ", \"" + values.getPointer(at + GObjectAbi.ENUM_VALUE_NICK).getString(0) + "\"";
            }
        }
        return String.valueOf(value);
    }

    /* GEnumClass: n_values, values; GEnumValue: value, value_name, value_nick */
    private static List<String> enumChoices(Pointer enumClass) {
        List<String> out = new ArrayList<>();
        if (enumClass == null) {
            return out;
        }
        int n = enumClass.getInt(GObjectAbi.ENUM_CLASS_N_VALUES);
        Pointer values = enumClass.getPointer(GObjectAbi.ENUM_CLASS_VALUES);
        for (int i = 0; i < n; i++) {
            long at = (long) GObjectAbi.ENUM_VALUE_SIZE * i;
            out.add("(" + values.getInt(at + GObjectAbi.ENUM_VALUE_VALUE) + "): "
                    + values.getPointer(at + GObjectAbi.ENUM_VALUE_NICK).getString(0) + " - "
                    + values.getPointer(at + GObjectAbi.ENUM_VALUE_NAME).getString(0));
        }
        return out;
    }
}
