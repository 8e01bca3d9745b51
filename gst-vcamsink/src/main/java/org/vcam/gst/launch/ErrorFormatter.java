package org.vcam.gst.launch;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcam.gst.element.FrameFormat;
import org.vcam.gst.uapi.GstLaunchApi;

/**
 * Turns GStreamer's errors into what vcam-launch prints: parse errors as one line saying what
 * is wrong (with a suggestion when a name is misspelt) plus the description with a caret under
 * the culprit; bus errors and warnings exactly as gst-launch-1.0 prints them.
 */
final class ErrorFormatter {
    private static final Pattern NO_ELEMENT = Pattern.compile("no element \"([^\"]+)\"");
    private static final Pattern NO_PROPERTY = Pattern.compile("no property \"([^\"]+)\" in element \"([^\"]+)\"");
    private static final Pattern BAD_VALUE = Pattern.compile(
            "could not set property \"([^\"]+)\" in element \"([^\"]+)\" to \"(.*)\"", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("could not link ([^ ,]+) to ([^ ,]+)(?:, (.*))?",
            Pattern.DOTALL);

    /** What the formatter may ask GStreamer (a fake in tests). */
    interface Lookup {
        /** Every element factory name. */
        Collection<String> factories();

        /** Property names of the factory's elements (empty if unknown). */
        Collection<String> properties(String factory);

        /** Short text of what a property accepts ("an integer 0 - 100", "one of: a, b"), or null. */
        String accepts(String factory, String property);
    }

    /** A parse error as shown: the one-line message and, when found, the caret context. */
    record ParseFailure(String message, String context) {
        /** Everything to print after "vcam-launch: ". */
        String render() {
            return context == null ? message : message + "\n" + context;
        }
    }

    private ErrorFormatter() {
    }

    /**
     * Formats a GST_PARSE_ERROR.
     *
     * @param code the GstParseError code
     * @param gstMessage GStreamer's message
     * @param description the description as parsed
     */
    static ParseFailure parseError(int code, String gstMessage, String description, Lookup lookup) {
        String prefix = "could not parse pipeline: ";
        Matcher m;
        if ((m = NO_ELEMENT.matcher(gstMessage)).find()) {
            String name = m.group(1);
            String hint = suggestion(name, lookup.factories());
            String msg = prefix + "no element \"" + name + "\""
                    + (hint != null ? " (did you mean " + hint + "?)"
                       : " (no such element is installed; gst-inspect-1.0 lists the elements)");
            return new ParseFailure(msg, context(description, PipelineText.find(description, name, 0), name.length()));
        }
        if ((m = NO_PROPERTY.matcher(gstMessage)).find()) {
            String prop = m.group(1);
            String element = m.group(2);
            String factory = factoryOf(element, description, lookup);
            String hint = factory == null ? null : suggestion(prop, lookup.properties(factory));
            String msg = prefix + "element \"" + element + "\"" + (factory != null && !factory.equals(element)
                    ? " (" + factory + ")" : "") + " has no property \"" + prop + "\""
                    + (hint != null ? " (did you mean " + hint + "?)" : factory != null
                       ? " (gst-inspect-1.0 " + factory + " lists its properties)" : "");
            int at = PipelineText.find(description, prop + "=", elementStart(description, element, factory));
            return new ParseFailure(msg, context(description, at, prop.length()));
        }
        if ((m = BAD_VALUE.matcher(gstMessage)).find()) {
            String prop = m.group(1);
            String element = m.group(2);
            String value = m.group(3);
            String factory = factoryOf(element, description, lookup);
            String accepts = factory == null ? null : lookup.accepts(factory, prop);
            String msg = prefix + "bad value \"" + value + "\" for property \"" + prop + "\" of element \""
                    + element + "\"" + (accepts != null ? ": it takes " + accepts : "");
            int at = PipelineText.find(description, prop + "=", elementStart(description, element, factory));
            return new ParseFailure(msg, context(description, at, prop.length() + 1 + value.length()));
        }
        if ((m = LINK.matcher(gstMessage)).find()) {
            String from = m.group(1);
            String to = m.group(2);
            String why = m.group(3);
            String fromFactory = factoryOf(from, description, lookup);
            String toFactory = factoryOf(to, description, lookup);
            StringBuilder msg = new StringBuilder(prefix).append("cannot link ").append(label(from, fromFactory))
                    .append(" to ").append(label(to, toFactory));
            if (why != null && !why.isBlank()) {
                msg.append(": ").append(why.trim());
            } else {
                msg.append(": their pads have no format in common");
            }
            if ("vcamsink".equals(toFactory)) {
                msg.append(" (vcamsink takes ").append(FrameFormat.SUPPORTED)
                        .append(": put videoconvert, videoscale or videorate before it)");
            } else {
                msg.append(" (a converter such as videoconvert or a different caps filter may help)");
            }
            int toAt = elementStart(description, to, toFactory);
            int link = toAt > 0 ? description.lastIndexOf('!', toAt) : -1;
            return new ParseFailure(msg.toString(), context(description, link, 1));
        }
        if (code == GstLaunchApi.PARSE_ERROR_SYNTAX) {
            PipelineText.Mistake mistake = PipelineText.diagnose(description);
            if (mistake != null) {
                return new ParseFailure(prefix + "syntax error at character " + (mistake.position() + 1) + ": "
                        + mistake.what(), context(description, mistake.position(), 1));
            }
            return new ParseFailure(prefix + "syntax error (elements are linked with \"!\", properties are"
                    + " name=value, values with spaces need quotes)", null);
        }
        if (code == GstLaunchApi.PARSE_ERROR_EMPTY || code == GstLaunchApi.PARSE_ERROR_EMPTY_BIN) {
            return new ParseFailure(prefix + "the description is empty", null);
        }
        return new ParseFailure(prefix + gstMessage, null);
    }

    private static String label(String element, String factory) {
        return factory == null || factory.equals(element) ? element : element + " (" + factory + ")";
    }

    private static String context(String description, int at, int length) {
        return at < 0 ? null : PipelineText.caret(description, at, length);
    }

    /**
     * The factory of an element named in an error: the name itself, the name without the
     * number GStreamer appended ("videotestsrc0"), or the factory before "name=NAME".
     */
    static String factoryOf(String element, String description, Lookup lookup) {
        Collection<String> factories = lookup.factories();
        if (factories.contains(element)) {
            return element;
        }
        String stripped = element.replaceFirst("\\d+$", "");
        if (!stripped.equals(element) && factories.contains(stripped)) {
            return stripped;
        }
        Matcher m = Pattern.compile("([A-Za-z][\\w-]*)\\s+(?:[^!]*\\s)?name=\"?" + Pattern.quote(element) + "\\b")
                .matcher(description);
        if (m.find() && factories.contains(m.group(1))) {
            return m.group(1);
        }
        return null;
    }

    private static int elementStart(String description, String element, String factory) {
        int at = PipelineText.find(description, "name=" + element, 0);
        if (at >= 0) {
            int bang = description.lastIndexOf('!', at);
            return bang + 1;
        }
        at = PipelineText.find(description, element, 0);
        if (at < 0 && factory != null) {
            at = PipelineText.find(description, factory, 0);
        }
        return Math.max(at, 0);
    }

    /** The closest candidate to a misspelt name, or null if none is close enough. */
    static String suggestion(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(2, name.length() / 3);
        for (String c : candidates) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= limit && bestDistance > 0 ? best : null;
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * A bus ERROR or WARNING as gst-launch-1.0 prints it.
     *
     * @param kind "ERROR" or "WARNING"
     * @param sourcePath the source object's path string
     */
    static List<String> busMessage(String kind, String sourcePath, String message, String debug) {
        String first = kind + ": from element " + sourcePath + ": " + message;
        if (debug == null || debug.isEmpty()) {
            return List.of(first);
        }
        return List.of(first, "Additional debug info:", debug);
    }
}
