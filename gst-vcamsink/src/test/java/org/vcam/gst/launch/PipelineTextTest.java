package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTextTest {

    @Test
    void oneWordIsTheDescriptionAsIs() {
        String d = "udpsrc port=5000 ! jpegdec ! vcamsink label=\"Remote cam\"";
        assertEquals(d, PipelineText.join(List.of(d)));
    }

    @Test
    void wordsAreJoinedWithSpaces() {
        assertEquals("videotestsrc ! vcamsink", PipelineText.join(List.of("videotestsrc", "!", "vcamsink")));
    }

    @Test
    void propertyValuesTheShellUnquotedGetQuotesBack() {
        assertEquals("videotestsrc ! vcamsink label=\"Remote cam\"",
                PipelineText.join(List.of("videotestsrc", "!", "vcamsink", "label=Remote cam")));
        assertEquals("vcamsink label=\"say \\\"hi\\\" now\"",
                PipelineText.join(List.of("vcamsink", "label=say \"hi\" now")));
        assertEquals("vcamsink label=\"a!b c\"", PipelineText.join(List.of("vcamsink", "label=a!b c")));
    }

    @Test
    void fragmentsAndCapsWithSpacesStayAsTheyAre() {
        assertEquals("videotestsrc ! queue ! vcamsink",
                PipelineText.join(List.of("videotestsrc ! queue", "!", "vcamsink")));
        assertEquals("videotestsrc ! video/x-raw, width=320 ! vcamsink",
                PipelineText.join(List.of("videotestsrc", "!", "video/x-raw, width=320", "!", "vcamsink")));
        assertEquals("vcamsink label=Plain", PipelineText.join(List.of("vcamsink", "label=Plain")));
    }

    @Test
    void findMatchesWholeNamesOnly() {
        String d = "videotestsrc ! videotestsrcx ! vcamsink";
        assertEquals(15, PipelineText.find(d, "videotestsrcx", 0));
        assertEquals(0, PipelineText.find(d, "videotestsrc", 0));
        assertEquals(-1, PipelineText.find(d, "testsrc", 0));
        assertEquals(-1, PipelineText.find(d, "videotestsrc", 1));
        assertEquals(31, PipelineText.find(d, "vcamsink", 0));
    }

    @Test
    void diagnoseFindsTheUsualSyntaxMistakes() {
        PipelineText.Mistake m = PipelineText.diagnose("videotestsrc ! ! vcamsink");
        assertNotNull(m);
        assertEquals(15, m.position());
        assertTrue(m.what().contains("two links"), m.what());

        m = PipelineText.diagnose("! vcamsink");
        assertEquals(0, m.position());
        assertTrue(m.what().contains("no element before"), m.what());

        m = PipelineText.diagnose("videotestsrc ! vcamsink !");
        assertEquals(24, m.position());
        assertTrue(m.what().contains("at the end"), m.what());

        m = PipelineText.diagnose("videotestsrc ! vcamsink label=\"Remote cam");
        assertEquals(30, m.position());
        assertTrue(m.what().contains("unterminated double quote"), m.what());

        assertNull(PipelineText.diagnose("videotestsrc ! vcamsink label=\"a ! b\""));
        assertNull(PipelineText.diagnose("videotestsrc ! vcamsink label=a\\ \\!b"));
    }

    @Test
    void caretPointsAtThePosition() {
        assertEquals("  abc ! xyz\n        ^~~", PipelineText.caret("abc ! xyz", 6, 3));
        assertEquals("  abc\n  ^", PipelineText.caret("abc", 0, 0));
    }
}
