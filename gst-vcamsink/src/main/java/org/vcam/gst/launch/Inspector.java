package org.vcam.gst.launch;

import com.sun.jna.Pointer;
import java.io.PrintStream;
import java.util.List;

/** {@code --inspect FACTORY}: the element's details, pad templates and properties, gst-inspect style. */
final class Inspector {
    private static final String[] RANKS = {"none", "marginal", "secondary", "primary"};

    private Inspector() {
    }

    /** Prints the inspection of {@code factoryName}; throws if there is no such element. */
    static void inspect(String factoryName, PrintStream out) {
        Pointer factory = GstNative.GST.gst_element_factory_find(factoryName);
        if (factory == null) {
            String hint = ErrorFormatter.suggestion(factoryName, GstLookup.INSTANCE.factories());
            throw new LaunchException(1, "no element \"" + factoryName + "\""
                    + (hint != null ? " (did you mean " + hint + "?)" : ""));
        }
        try {
            out.println("Factory Details:");
            int rank = GstNative.GST.gst_plugin_feature_get_rank(factory);
            out.printf("  %-24s %s (%d)%n", "Rank", rankName(rank), rank);
            detail(out, factory, "Long-name", "long-name");
            detail(out, factory, "Klass", "klass");
            detail(out, factory, "Description", "description");
            detail(out, factory, "Author", "author");
            out.println();
            printPadTemplates(out, factory);
            out.println("Element Properties:");
            for (PropertyInfo p : PropertyInfo.ofFactory(factoryName)) {
                out.println();
                printProperty(out, p);
            }
        } finally {
            GstNative.GST.gst_object_unref(factory);
        }
    }

    private static String rankName(int rank) {
        int i = rank / 64;
        return rank % 64 == 0 && i >= 0 && i < RANKS.length ? RANKS[i] : String.valueOf(rank);
    }

    private static void detail(PrintStream out, Pointer factory, String title, String key) {
        String v = GstNative.GST.gst_element_factory_get_metadata(factory, key);
        if (v != null) {
            out.printf("  %-24s %s%n", title, v);
        }
    }

    /* GstStaticPadTemplate: name_template, direction, presence, GstStaticCaps { caps, string } */
    private static void printPadTemplates(PrintStream out, Pointer factory) {
        out.println("Pad Templates:");
        Pointer node = GstNative.GST.gst_element_factory_get_static_pad_templates(factory);
        if (node == null) {
            out.println("  none");
        }
        while (node != null) {
            Pointer t = node.getPointer(0);
            String name = t.getPointer(0).getString(0);
            int direction = t.getInt(8);
            int presence = t.getInt(12);
            Pointer capsString = t.getPointer(24);
            out.printf("  %s template: '%s'%n", direction == 1 ? "SRC" : direction == 2 ? "SINK" : "UNKNOWN", name);
            out.printf("    Availability: %s%n", presence == 0 ? "Always" : presence == 1 ? "Sometimes" : "On request");
            out.println("    Capabilities:");
            printCaps(out, capsString == null ? "ANY" : capsString.getString(0));
            out.println();
            node = node.getPointer(com.sun.jna.Native.POINTER_SIZE);
        }
    }

    private static void printCaps(PrintStream out, String text) {
        Pointer caps = GstNative.GST.gst_caps_from_string(text);
        if (caps == null || GstNative.GST.gst_caps_is_any(caps)) {
            out.println("      " + text);
        } else {
            int n = GstNative.GST.gst_caps_get_size(caps);
            for (int i = 0; i < n; i++) {
                Pointer s = GstNative.GST.gst_caps_get_structure(caps, i);
                out.println("      " + GstNative.GST.gst_structure_get_name(s));
                int fields = GstNative.GST.gst_structure_n_fields(s);
                for (int f = 0; f < fields; f++) {
                    String field = GstNative.GST.gst_structure_nth_field_name(s, f);
                    String value = GstNative.takeString(
                            GstNative.GST.gst_value_serialize(GstNative.GST.gst_structure_get_value(s, field)));
                    out.printf("      %17s: %s%n", field, value);
                }
            }
        }
        if (caps != null) {
            GstNative.GST.gst_mini_object_unref(caps);
        }
    }

    static void printProperty(PrintStream out, PropertyInfo p) {
        String indent = " ".repeat(24);
        out.printf("  %-20s: %s%n", p.name(), p.blurb());
        out.println(indent + "flags: " + p.flagText());
        StringBuilder line = new StringBuilder(indent).append(p.type()).append('.');
        if (p.range() != null) {
            line.append(" Range: ").append(p.range());
        }
        if (p.defaultValue() != null) {
            line.append(" Default: ").append(p.defaultValue());
        }
        out.println(line);
        List<String> choices = p.choices();
        for (String c : choices) {
            out.println(indent + "   " + c);
        }
    }
}
