package org.vcam.gst.launch;

import com.sun.jna.Pointer;
import java.io.PrintStream;
import java.util.List;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.PadDirection;
import org.freedesktop.gstreamer.PadPresence;
import org.freedesktop.gstreamer.StaticPadTemplate;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.glib.Natives;
import org.vcam.gst.uapi.GstLaunchApi;

/** {@code --inspect FACTORY}: the element's details, pad templates and properties, gst-inspect style. */
final class Inspector {
    private static final String[] RANKS = {"none", "marginal", "secondary", "primary"};

    private Inspector() {
    }

    /** Prints the inspection of {@code factoryName}; throws if there is no such element. */
    static void inspect(String factoryName, PrintStream out) {
        ElementFactory factory = factory(factoryName);
        if (factory == null) {
            String hint = ErrorFormatter.suggestion(factoryName, GstLookup.INSTANCE.factories());
            throw new LaunchException(1, "no element \"" + factoryName + "\""
                    + (hint != null ? " (did you mean " + hint + "?)" : ""));
        }
        try {
            out.println("Factory Details:");
            int rank = factory.getRank();
            out.printf("  %-24s %s (%d)%n", "Rank", rankName(rank), rank);
            detail(out, "Long-name", factory.getLongName());
            detail(out, "Klass", factory.getKlass());
            detail(out, "Description", factory.getDescription());
            detail(out, "Author", factory.getAuthor());
            out.println();
            printPadTemplates(out, factory);
            out.println("Element Properties:");
            for (PropertyInfo p : PropertyInfo.ofFactory(factoryName)) {
                out.println();
                printProperty(out, p);
            }
        } finally {
            factory.dispose();
        }
    }

    /** The factory named {@code name}, or null (gst1-java-core throws for an unknown name). */
    static ElementFactory factory(String name) {
        try {
            return ElementFactory.find(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String rankName(int rank) {
        int i = rank / 64;
        return rank % 64 == 0 && i >= 0 && i < RANKS.length ? RANKS[i] : String.valueOf(rank);
    }

    private static void detail(PrintStream out, String title, String value) {
        if (value != null) {
            out.printf("  %-24s %s%n", title, value);
        }
    }

    private static void printPadTemplates(PrintStream out, ElementFactory factory) {
        out.println("Pad Templates:");
        List<StaticPadTemplate> templates = factory.getStaticPadTemplates();
        if (templates.isEmpty()) {
            out.println("  none");
        }
        for (StaticPadTemplate t : templates) {
            PadDirection d = t.getDirection();
            PadPresence p = t.getPresence();
            out.printf("  %s template: '%s'%n", d == PadDirection.SRC ? "SRC" : d == PadDirection.SINK ? "SINK" : "UNKNOWN",
                    t.getName());
            out.printf("    Availability: %s%n", p == PadPresence.ALWAYS ? "Always"
                    : p == PadPresence.SOMETIMES ? "Sometimes" : "On request");
            out.println("    Capabilities:");
            printCaps(out, t.getCaps());
            out.println();
        }
    }

    /* structure names from gst1-java-core; each field's value serialised (which it does not offer) */
    private static void printCaps(PrintStream out, Caps caps) {
        if (caps == null || caps.isAny()) {
            out.println("      ANY");
            return;
        }
        for (int i = 0; i < caps.size(); i++) {
            Structure s = caps.getStructure(i);
            out.println("      " + s.getName());
            Pointer raw = Natives.getRawPointer(s);
            int fields = GstLaunchApi.GST.gst_structure_n_fields(raw);
            for (int f = 0; f < fields; f++) {
                String field = GstLaunchApi.GST.gst_structure_nth_field_name(raw, f);
                String value = GstLaunchApi.takeString(
                        GstLaunchApi.GST.gst_value_serialize(GstLaunchApi.GST.gst_structure_get_value(raw, field)));
                out.printf("      %17s: %s%n", field, value);
            }
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
