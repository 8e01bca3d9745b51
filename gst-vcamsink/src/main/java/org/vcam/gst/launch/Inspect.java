package org.vcam.gst.launch;

import java.io.PrintStream;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.vcam.gst.element.Property;
import org.vcam.gst.element.VcamSink;

/** gst-inspect-1.0 style description of the vcamsink element. */
public final class Inspect {
    private Inspect() {
    }

    /** Splits "name, a=1, b={ x, y }" at the commas outside brackets and braces. */
    static java.util.List<String> topLevelFields(String structure) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : structure.toCharArray()) {
            if (c == '{' || c == '[' || c == '<') {
                depth++;
            } else if (c == '}' || c == ']' || c == '>') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else if (c != ';' || depth > 0) {
                cur.append(c);
            }
        }
        if (cur.toString().trim().length() > 0) {
            out.add(cur.toString().trim());
        }
        return out;
    }

    /** Prints the factory, pad template and properties; returns false if no such element. */
    public static boolean print(String factoryName, PrintStream out) {
        if (!VcamSink.FACTORY_NAME.equals(factoryName)) {
            out.println("No such element: " + factoryName + " (this tool describes " + VcamSink.FACTORY_NAME
                    + "; use gst-inspect-1.0 for the others)");
            return false;
        }
        ElementFactory f = ElementFactory.find(factoryName);
        if (f == null) {
            out.println("No such element: " + factoryName);
            return false;
        }
        out.println("Factory Details:");
        out.println("  Rank                     none (0)");
        out.println("  Long-name                " + f.getLongName());
        out.println("  Klass                    " + f.getKlass());
        out.println("  Description              " + f.getDescription());
        out.println("  Author                   " + f.getAuthor());
        out.println();
        out.println("Element Implementation:");
        out.println("  GstVcamSink (a GstBin around an appsink, registered from Java)");
        out.println();
        out.println("Pad Templates:");
        out.println("  SINK template: 'sink'");
        out.println("    Availability: Always");
        out.println("    Capabilities:");
        Caps caps = Caps.fromString(VcamSink.templateCaps());
        for (int i = 0; i < caps.size(); i++) {
            java.util.List<String> parts = topLevelFields(caps.getStructure(i).toString());
            out.println("      " + parts.get(0));
            for (int j = 1; j < parts.size(); j++) {
                String field = parts.get(j);
                int eq = field.indexOf('=');
                out.printf("        %10s: %s%n", field.substring(0, eq), field.substring(eq + 1));
            }
        }
        out.println();
        out.println("Element Properties:");
        Element e = f.create(null);
        try {
            for (Property p : VcamSink.properties()) {
                out.printf("  %-20s: %s%n", p.propName(), p.blurb());
                out.printf("  %-20s  flags: %s%n", "", p.writable() ? "readable, writable, changeable only in NULL or READY state" : "readable");
                Object current = e.get(p.propName());
                String type;
                switch (p.kind()) {
                    case STRING: type = "String"; break;
                    case INT: type = "Integer"; break;
                    case BOOLEAN: type = "Boolean"; break;
                    case ENUM: type = "Enum \"GstVcamSinkIdle\""; break;
                    default: type = "Unsigned Integer64"; break;
                }
                StringBuilder line = new StringBuilder(type);
                if (p.range() != null && p.kind() != Property.Kind.ENUM) {
                    line.append(". Range: ").append(p.range());
                }
                line.append(" Default: ").append(p.defaultValue() == null ? "null" : p.defaultValue());
                if (p.kind() == Property.Kind.ENUM) {
                    out.printf("  %-20s  %s%n", "", line);
                    for (String v : p.range().split(", ")) {
                        out.printf("  %-20s     %s%n", "", v);
                    }
                } else {
                    out.printf("  %-20s  %s%s%n", "", line,
                            current == null || String.valueOf(current).equals(p.defaultValue()) ? "" : " Current: " + current);
                }
            }
        } finally {
            e.dispose();
        }
        return true;
    }
}
