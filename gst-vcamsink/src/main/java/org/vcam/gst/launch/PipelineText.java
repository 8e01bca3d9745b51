package org.vcam.gst.launch;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pipeline description as text: joining command-line words into one description, finding
 * where a token sits in it (for error carets), and spotting the syntax mistakes GStreamer only
 * reports as "syntax error".
 */
final class PipelineText {
    /** {@code name=value} (also {@code child::name=value}) whose value the shell unquoted. */
    private static final Pattern PROPERTY_WORD = Pattern.compile("([A-Za-z_][\\w-]*(?:::[\\w-]+)*)=(.*)",
            Pattern.DOTALL);

    private PipelineText() {
    }

    /**
     * Joins command-line words the way users of gst-launch expect: {@code vcam-launch
     * 'videotestsrc ! vcamsink'} and {@code vcam-launch videotestsrc ! vcamsink} mean the same,
     * and a property word whose value had quotes the shell removed ({@code label="Remote cam"}
     * arrives as {@code label=Remote cam}) gets them back.
     */
    static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(words.size() > 1 ? requote(w) : w);
        }
        return sb.toString();
    }

    private static String requote(String word) {
        Matcher m = PROPERTY_WORD.matcher(word);
        if (!m.matches()) {
            return word;
        }
        String value = m.group(2);
        boolean needsQuotes = value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '!');
        if (!needsQuotes || value.startsWith("\"")) {
            return word;
        }
        return m.group(1) + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Where {@code token} first appears as a whole word (not inside a longer name) at or after
     * {@code from}, or -1.
     */
    static int find(String text, String token, int from) {
        if (token == null || token.isEmpty()) {
            return -1;
        }
        int i = Math.max(0, from);
        while ((i = text.indexOf(token, i)) >= 0) {
            boolean startOk = i == 0 || !isNameChar(text.charAt(i - 1));
            int end = i + token.length();
            boolean endOk = end >= text.length() || !isNameChar(text.charAt(end))
                    || !isNameChar(token.charAt(token.length() - 1));
            if (startOk && endOk) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    /** A mistake found by {@link #diagnose}: where and what. */
    record Mistake(int position, String what) {
    }

    /**
     * Looks for the common mistakes behind GStreamer's bare "syntax error": an unterminated
     * quote, a link "!" with nothing on one side, two links in a row. Null if none is found.
     */
    static Mistake diagnose(String text) {
        int lastLink = -1;
        boolean sawElementSinceLink = false;
        boolean sawAnything = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int close = closingQuote(text, i);
                if (close < 0) {
                    return new Mistake(i, "unterminated " + (c == '"' ? "double" : "single") + " quote");
                }
                sawElementSinceLink = true;
                sawAnything = true;
                i = close + 1;
                continue;
            }
            if (c == '\\' && i + 1 < text.length()) {
                i += 2;
                sawElementSinceLink = true;
                sawAnything = true;
                continue;
            }
            if (c == '!') {
                if (!sawAnything) {
                    return new Mistake(i, "\"!\" links nothing: no element before it");
                }
                if (lastLink >= 0 && !sawElementSinceLink) {
                    return new Mistake(i, "two links \"!\" in a row: an element is missing between them");
                }
                lastLink = i;
                sawElementSinceLink = false;
            } else if (!Character.isWhitespace(c)) {
                sawElementSinceLink = true;
                sawAnything = true;
            }
            i++;
        }
        if (lastLink >= 0 && !sawElementSinceLink) {
            return new Mistake(lastLink, "\"!\" at the end links to nothing: an element is missing after it");
        }
        return null;
    }

    private static int closingQuote(String text, int open) {
        char q = text.charAt(open);
        for (int j = open + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '\\' && q == '"') {
                j++;
            } else if (c == q) {
                return j;
            }
        }
        return -1;
    }

    /** Two lines: the description and a caret under {@code position} (spanning {@code length}). */
    static String caret(String text, int position, int length) {
        String oneLine = text.replace('\n', ' ').replace('\t', ' ');
        int n = Math.max(1, Math.min(length, oneLine.length() - position));
        return "  " + oneLine + "\n  " + " ".repeat(position) + "^" + "~".repeat(n - 1);
    }
}
