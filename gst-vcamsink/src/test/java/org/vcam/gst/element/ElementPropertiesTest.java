package org.vcam.gst.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** vcamsink as a registered element type: factory, pad template, properties. */
class ElementPropertiesTest {
    @BeforeAll
    static void gst() {
        GstTestSupport.init();
        VcamSink.useBackend(new FakeBackend().backend());
    }

    @Test
    void registrationIsIdempotentAndFindable() {
        VcamSink.register();
        VcamSink.register();
        assertTrue(VcamSink.registered());
        ElementFactory f = ElementFactory.find("vcamsink");
        assertNotNull(f);
        assertEquals("Sink/Video", f.getKlass());
        Element e = f.create("x");
        assertEquals("GstVcamSink", e.getTypeName());
        assertNotNull(e.getStaticPad("sink"));
        String caps = e.getStaticPad("sink").queryCaps(null).toString();
        assertTrue(caps.contains("YUY2") && caps.contains("NV12") && caps.contains("image/jpeg"), caps);
        assertTrue(caps.contains("[ 2, 8192 ]"), caps);
        e.dispose();
    }

    @Test
    void defaults() {
        Element e = ElementFactory.make("vcamsink", "d");
        assertEquals("/dev/vcam", e.get("device"));
        assertNull(e.get("label"));
        assertEquals(-1, e.get("device-nr"));
        assertEquals(4, e.get("frames"));
        assertEquals(0, e.get("readers"));
        assertNull(e.get("video-devices"));
        assertEquals(Boolean.TRUE, e.get("sync"));
        assertNull(e.get("video-device"));
        for (String s : new String[] {"frames-queued", "frames-dropped", "frames-copied", "frames-zero-copy"}) {
            assertEquals(0L, ((Number) e.get(s)).longValue(), s);
        }
        assertEquals(0L, ((Number) e.get("consumers")).longValue(), "no camera, no consumers");
    }

    @Test
    void parseLaunchSetsPropertiesAndBadValuesAreRefused() {
        Pipeline p = (Pipeline) Gst.parseLaunch("videotestsrc ! vcamsink name=s label=\"My cam\" frames=8 readers=4"
                + " device-nr=12 idle=black sync=false device=/dev/other");
        Element e = p.getElementByName("s");
        assertEquals("My cam", e.get("label"));
        assertEquals(8, e.get("frames"));
        assertEquals(4, e.get("readers"));
        assertEquals(12, e.get("device-nr"));
        assertEquals(Boolean.FALSE, e.get("sync"));
        assertEquals("/dev/other", e.get("device"));
        assertEquals("black", idleNick(e));
        /* the appsink inside gets sync */
        Element inner = ((org.freedesktop.gstreamer.Bin) e).getElementByName("appsink");
        assertEquals(Boolean.FALSE, inner.get("sync"));

        e.set("label", "a label that is much too long for v4l2");
        assertEquals("My cam", e.get("label"));
        e.set("label", "");
        assertNull(e.get("label"));
        e.set("device", "");
        assertEquals("/dev/other", e.get("device"));
        p.dispose();
    }

    @Test
    void outOfRangeValuesFromADescriptionAreRefused() {
        Pipeline p = (Pipeline) Gst.parseLaunch("videotestsrc ! vcamsink name=s frames=40 device-nr=300 readers=9");
        Element e = p.getElementByName("s");
        assertEquals(4, e.get("frames"));
        assertEquals(-1, e.get("device-nr"));
        assertEquals(0, e.get("readers"));
        p.dispose();
    }

    @Test
    void readOnlyPropertiesStayReadOnly() {
        Element e = ElementFactory.make("vcamsink", "ro");
        e.set("video-device", "/dev/video9");
        assertNull(e.get("video-device"));
        e.set("frames-queued", 5L);
        assertEquals(0L, ((Number) e.get("frames-queued")).longValue());
        e.set("consumers", 3);
        assertEquals(0L, ((Number) e.get("consumers")).longValue());
        e.set("video-devices", "/dev/video9");
        assertNull(e.get("video-devices"));
    }

    private static String idleNick(Element e) {
        Object v = e.get("idle");
        if (v instanceof Number) {
            return IdleMode.values()[((Number) v).intValue()].nick();
        }
        return String.valueOf(v).toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void refusesA32BitJvmAndAnOldGstreamerWithAHint() {
        assertNull(VcamSink.unsupportedRuntime("64", 8));
        String m = VcamSink.unsupportedRuntime("32", 4);
        assertTrue(m.startsWith("vcamsink needs a 64-bit JVM (this one is 32-bit)"), m);
        String old = VcamSink.tooOld(org.freedesktop.gstreamer.Version.of(1, 18));
        assertEquals("vcamsink needs GStreamer 1.20 or newer, this system has 1.18.0: update libgstreamer1.0-0 and"
                + " gstreamer1.0-plugins-base", old.replace("1.18.0.0", "1.18.0"));
        assertTrue(Gst.getVersion().checkSatisfies(VcamSink.MIN_GSTREAMER), "this host's GStreamer is new enough");
    }
}
