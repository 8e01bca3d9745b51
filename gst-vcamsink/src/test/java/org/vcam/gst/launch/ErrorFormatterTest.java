package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The formatter alone, with a fake registry. */
class ErrorFormatterTest {
    static final ErrorFormatter.Lookup FAKE = new ErrorFormatter.Lookup() {
        private final Map<String, List<String>> props = Map.of(
                "videotestsrc", List.of("name", "pattern", "is-live", "num-buffers"),
                "vcamsink", List.of("name", "device", "device-nr", "label", "frames"));

        @Override
        public Collection<String> factories() {
            return List.of("videotestsrc", "vcamsink", "videoconvert", "jpegdec", "fakesink", "udpsrc");
        }

        @Override
        public Collection<String> properties(String factory) {
            return props.getOrDefault(factory, List.of());
        }

        @Override
        public String accepts(String factory, String property) {
            return "pattern".equals(property) ? "one of: smpte, snow, ball" : null;
        }
    };

    @Test
    void missingElementWithSuggestionAndCaret() {
        String d = "videotestsrcx ! vcamsink";
        ErrorFormatter.ParseFailure f = ErrorFormatter.parseError(1, "no element \"videotestsrcx\"", d, FAKE);
        assertEquals("could not parse pipeline: no element \"videotestsrcx\" (did you mean videotestsrc?)",
                f.message());
        assertEquals("  videotestsrcx ! vcamsink\n  ^~~~~~~~~~~~~", f.context());
    }

    @Test
    void missingElementFarFromEverything() {
        ErrorFormatter.ParseFailure f = ErrorFormatter.parseError(1, "no element \"qqqqqqqq\"",
                "qqqqqqqq ! vcamsink", FAKE);
        assertTrue(f.message().endsWith("(no such element is installed; gst-inspect-1.0 lists the elements)"),
                f.message());
    }

    @Test
    void unknownPropertyNamesTheElement() {
        String d = "videotestsrc ! vcamsink devce-nr=3";
        ErrorFormatter.ParseFailure f = ErrorFormatter.parseError(2,
                "no property \"devce-nr\" in element \"vcamsink0\"", d, FAKE);
        assertEquals("could not parse pipeline: element \"vcamsink0\" (vcamsink) has no property \"devce-nr\""
                + " (did you mean device-nr?)", f.message());
        assertEquals("  " + d + "\n  " + " ".repeat(24) + "^~~~~~~~", f.context());
    }

    @Test
    void badValueSaysWhatIsAccepted() {
        String d = "videotestsrc pattern=zzz ! vcamsink";
        ErrorFormatter.ParseFailure f = ErrorFormatter.parseError(4,
                "could not set property \"pattern\" in element \"videotestsrc\" to \"zzz\"", d, FAKE);
        assertEquals("could not parse pipeline: bad value \"zzz\" for property \"pattern\" of element"
                + " \"videotestsrc\": it takes one of: smpte, snow, ball", f.message());
        assertTrue(f.context().endsWith("\n               ^~~~~~~~~~~"), f.context());
    }

    @Test
    void linkErrorNamesBothElementsAndPointsAtTheLink() {
        String d = "videotestsrc ! video/x-raw,format=RGB ! vcamsink";
        ErrorFormatter.ParseFailure f = ErrorFormatter.parseError(3, "could not link videotestsrc0 to vcamsink0,"
                + " vcamsink0 can't handle caps video/x-raw, format=(string)RGB", d, FAKE);
        assertEquals("could not parse pipeline: cannot link videotestsrc0 (videotestsrc) to vcamsink0 (vcamsink):"
                + " vcamsink0 can't handle caps video/x-raw, format=(string)RGB (vcamsink takes video/x-raw"
                + " format=YUY2 or NV12 (even width and height) or image/jpeg, 2..8192 x 2..8192 pixels, 1..1000 fps:"
                + " put videoconvert, videoscale or videorate before it)", f.message());
        assertEquals("  " + d + "\n  " + " ".repeat(38) + "^", f.context());
    }

    @Test
    void linkErrorWithUserNamedElements() {
        String d = "videotestsrc name=src ! jpegdec name=dec ! fakesink";
        ErrorFormatter.ParseFailure f = ErrorFormatter.parseError(3, "could not link src to dec", d, FAKE);
        assertEquals("could not parse pipeline: cannot link src (videotestsrc) to dec (jpegdec): their pads have"
                + " no format in common (a converter such as videoconvert or a different caps filter may help)",
                f.message());
        assertEquals("  " + d + "\n  " + " ".repeat(22) + "^", f.context());
    }

    @Test
    void syntaxErrorGetsAPosition() {
        ErrorFormatter.ParseFailure f = ErrorFormatter.parseError(0, "syntax error", "videotestsrc ! ! vcamsink",
                FAKE);
        assertEquals("could not parse pipeline: syntax error at character 16: two links \"!\" in a row: an element"
                + " is missing between them", f.message());
        f = ErrorFormatter.parseError(0, "syntax error", "videotestsrc ! vcamsink (", FAKE);
        assertTrue(f.message().startsWith("could not parse pipeline: syntax error ("), f.message());
        assertNull(f.context());
    }

    @Test
    void suggestionsNeedToBeClose() {
        List<String> names = List.of("videotestsrc", "videoconvert", "vcamsink");
        assertEquals("vcamsink", ErrorFormatter.suggestion("vcamsnik", names));
        assertEquals("videotestsrc", ErrorFormatter.suggestion("videotest", names));
        assertNull(ErrorFormatter.suggestion("x264enc", names));
        assertNull(ErrorFormatter.suggestion("vcamsink", names), "an exact name is not a suggestion");
        assertEquals(1, ErrorFormatter.distance("ab", "ba"));
        assertEquals(3, ErrorFormatter.distance("kitten", "sitting"));
    }

    @Test
    void busErrorsLookLikeGstLaunch() {
        assertEquals(List.of("ERROR: from element /GstPipeline:pipeline0/GstFileSrc:filesrc0: Resource not found.",
                "Additional debug info:", "gstfilesrc.c(553): gst_file_src_start (): No such file"),
                ErrorFormatter.busMessage("ERROR", "/GstPipeline:pipeline0/GstFileSrc:filesrc0",
                        "Resource not found.", "gstfilesrc.c(553): gst_file_src_start (): No such file"));
        assertEquals(List.of("WARNING: from element /a: b"), ErrorFormatter.busMessage("WARNING", "/a", "b", null));
    }
}
