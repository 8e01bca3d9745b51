package org.vcam.gst.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vcam.gst.uapi.LibC;

/** Errors reach the bus as element errors a user can act on. */
class ElementErrorsTest {
    private FakeBackend fake;

    @BeforeAll
    static void gst() {
        GstTestSupport.init();
    }

    @BeforeEach
    void backend() {
        fake = new FakeBackend();
        VcamSink.useBackend(fake.backend());
    }

    private GstTestSupport.Outcome run(String description) throws InterruptedException {
        return GstTestSupport.run((Pipeline) Gst.parseLaunch(description), 30);
    }

    /** Links first (caps filter still open), then restricts the caps: negotiation must fail at run time. */
    private GstTestSupport.Outcome runWithCaps(String caps) throws InterruptedException {
        Pipeline p = (Pipeline) Gst.parseLaunch("videotestsrc num-buffers=5 ! capsfilter name=f ! vcamsink name=sink");
        p.getElementByName("f").set("caps", org.freedesktop.gstreamer.Caps.fromString(caps));
        return GstTestSupport.run(p, 30);
    }

    @Test
    void missingModule() throws Exception {
        /* the real kernel backend on a path that does not exist */
        VcamSink.useBackend(Backend.kernel());
        GstTestSupport.Outcome o = run("videotestsrc num-buffers=5 ! vcamsink name=sink device=/nonexistent/vcam");
        assertFalse(o.eos);
        assertEquals("sink", o.errorSources.get(0));
        String m = o.firstError();
        assertTrue(m.contains("/nonexistent/vcam does not exist"), m);
        assertTrue(m.contains("sudo modprobe vcam"), m);
        assertTrue(m.contains("./scripts/setup install"), m);
    }

    @Test
    void readersBeyondTheModuleLimitNameTheLimit() throws Exception {
        /* the module on main: no VCAM_CAP_READERS, so one capture node a camera */
        GstTestSupport.Outcome o = run("videotestsrc num-buffers=5 ! vcamsink name=sink readers=2");
        /* the error is posted before the element returns the flow error that ends the stream */
        assertEquals("sink", o.errorSources.get(0));
        String m = o.firstError();
        assertTrue(m.contains("readers=2 is more than the vcam module allows: at most 1 capture node a camera"), m);
        assertTrue(m.contains("set readers to 0..1"), m);
        assertTrue(fake.cameras().isEmpty(), "no camera was created");
    }

    @Test
    void readersRefusedByTheModuleAtCreationNameTheLimit() throws Exception {
        /* a module that claims readers but refuses the count anyway (EINVAL from VCAM_IOC_CREATE) */
        fake.caps = new org.vcam.gst.uapi.VcamCaps(FakeVcamDevice.CAPS.version(), FakeVcamDevice.CAPS.caps(), 2, 2,
                8192, 8192, 2, 32, 1000, FakeVcamDevice.CAPS.formats(), 8, 1L << 30, 0, 1);
        GstTestSupport.Outcome o = run("videotestsrc num-buffers=5 ! vcamsink name=sink readers=8");
        String m = o.firstError();
        assertTrue(m.contains("readers=8 is more than the vcam module allows: at most 1"), m);
    }

    @Test
    void permissionDenied() throws Exception {
        fake.openErrno = LibC.EACCES;
        GstTestSupport.Outcome o = run("videotestsrc num-buffers=5 ! vcamsink name=sink");
        String m = o.firstError();
        assertTrue(m.contains("permission denied opening /dev/vcam"), m);
        assertTrue(m.contains("'video' group"), m);
        assertTrue(m.contains("kmod/60-vcam.rules"), m);
        assertEquals("sink", o.errorSources.get(0));
    }

    @Test
    void unsupportedFormatListsTheSupportedOnes() throws Exception {
        GstTestSupport.Outcome o = runWithCaps("video/x-raw,format=RGB");
        assertFalse(o.eos);
        String m = o.firstError();
        assertTrue(m.contains("unsupported format"), m);
        assertTrue(m.contains("RGB"), m);
        assertTrue(m.contains("YUY2 or NV12"), m);
        assertTrue(m.contains("image/jpeg"), m);
        assertEquals("sink", o.errorSources.get(0));
        assertTrue(fake.cameras().isEmpty());
    }

    @Test
    void sizeOutOfRange() throws Exception {
        GstTestSupport.Outcome o = runWithCaps("video/x-raw,format=YUY2,width=9000,height=64");
        String m = o.firstError();
        assertTrue(m.contains("out of range"), m);
        assertTrue(m.contains("2..8192"), m);
        assertEquals("sink", o.errorSources.get(0));
    }

    @Test
    void overTheModulesMemoryLimitSaysWhichParameter() throws Exception {
        /* 8000x8000 YUY2 is 122 MiB a frame; 32 of them exceed the fake module's 1 GiB */
        GstTestSupport.Outcome o = run("videotestsrc num-buffers=1 ! video/x-raw,format=YUY2,width=8000,height=8000"
                + " ! vcamsink name=sink frames=32");
        String m = o.firstError();
        assertTrue(m.contains("8000x8000 YUY2 with frames=32 needs 3907 MiB"), m);
        assertTrue(m.contains("allows 1024 MiB a camera (module parameter max_camera_mb)"), m);
        assertEquals("sink", o.errorSources.get(0));
        assertTrue(fake.cameras().isEmpty());
    }

    @Test
    void oddWidthForRawFormats() throws Exception {
        GstTestSupport.Outcome o = run("videotestsrc num-buffers=5 ! video/x-raw,format=YUY2,width=641,height=480"
                + " ! vcamsink name=sink");
        String m = o.firstError();
        assertTrue(m.contains("size 641x480 out of range"), m);
        assertTrue(m.contains("even width and height"), m);
        assertTrue(fake.cameras().isEmpty());
    }

    @Test
    void workingPipelinesPostNoError() throws Exception {
        for (String d : new String[] {
            "videotestsrc num-buffers=3 ! vcamsink sync=false",
            "videotestsrc num-buffers=3 ! videoconvert ! vcamsink sync=false",
            "videotestsrc num-buffers=3 ! videoconvert ! videoscale ! video/x-raw,width=320,height=240 ! vcamsink sync=false",
            "videotestsrc num-buffers=3 ! jpegenc ! vcamsink sync=false"}) {
            GstTestSupport.Outcome o = run(d);
            assertTrue(o.eos && o.errors.isEmpty(), d + ": " + o);
        }
    }
}
