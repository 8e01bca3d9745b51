package org.vcam.gst.element;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.elements.AppSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vcam.gst.uapi.Vcam;
import org.vcam.gst.uapi.VcamCameraRequest;

/**
 * vcamsink in real GStreamer pipelines on the host, against a fake /dev/vcam and memfd
 * "DMA-BUFs": frames counted, paths taken, pixels compared with what the same source produces
 * without the camera.
 */
class ElementPipelineTest {
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

    static long stat(Element sink, String name) {
        return ((Number) sink.get(name)).longValue();
    }

    /** The frames {@code source} produces, pulled from an appsink. */
    static List<byte[]> reference(String source) throws InterruptedException {
        Pipeline p = (Pipeline) Gst.parseLaunch(source + " ! appsink name=ref sync=false");
        AppSink sink = (AppSink) p.getElementByName("ref");
        List<byte[]> frames = new ArrayList<>();
        p.play();
        try {
            while (true) {
                Sample s = sink.pullSample();
                if (s == null) {
                    break;
                }
                Buffer b = s.getBuffer();
                ByteBuffer bb = b.map(false);
                byte[] data = new byte[bb.remaining()];
                bb.get(data);
                b.unmap();
                s.dispose();
                frames.add(data);
            }
        } finally {
            p.setState(State.NULL);
            p.getState(TimeUnit.SECONDS.toNanos(5));
        }
        return frames;
    }

    private GstTestSupport.Outcome play(String description, Element[] sinkOut) throws InterruptedException {
        Pipeline p = (Pipeline) Gst.parseLaunch(description);
        sinkOut[0] = p.getElementByName("sink");
        return GstTestSupport.run(p, 60);
    }

    /** Compares the pixels (not the bytes between rows, which nobody writes) of every frame. */
    private void assertFramesEqual(List<byte[]> expected, FrameLayout layout) {
        List<FakeVcamDevice.Queued> got = fake.allQueued();
        assertEquals(expected.size(), got.size(), "frames queued");
        for (int i = 0; i < expected.size(); i++) {
            byte[] e = expected.get(i);
            byte[] g = got.get(i).data();
            for (int p = 0; p < layout.planes(); p++) {
                for (int y = 0; y < layout.rows(p); y++) {
                    int at = (int) (layout.offset(p) + (long) y * layout.stride(p));
                    assertArrayEquals(java.util.Arrays.copyOfRange(e, at, at + layout.rowBytes(p)),
                            java.util.Arrays.copyOfRange(g, at, at + layout.rowBytes(p)),
                            "frame " + i + " plane " + p + " row " + y);
                }
            }
        }
    }

    @Test
    void videotestsrcWritesStraightIntoOurDmabufs() throws Exception {
        String src = "videotestsrc num-buffers=30 pattern=ball ! video/x-raw,format=YUY2,width=642,height=480,framerate=30/1";
        Element[] sink = new Element[1];
        GstTestSupport.Outcome o = play(src + " ! vcamsink name=sink sync=false", sink);
        assertTrue(o.eos, o.toString());
        assertEquals(30, stat(sink[0], "frames-queued"));
        assertEquals(30, stat(sink[0], "frames-zero-copy"));
        assertEquals(0, stat(sink[0], "frames-copied"));
        assertEquals(0, stat(sink[0], "frames-dropped"));
        FakeVcamDevice dev = fake.cameras().get(0);
        VcamCameraRequest req = dev.creates.get(0);
        assertEquals(Vcam.V4L2_PIX_FMT_YUYV, req.pixelformat());
        assertEquals(642, req.width());
        assertEquals(480, req.height());
        assertEquals(1284, req.bytesperline());
        assertEquals(4, req.frames());
        assertEquals(-1, req.deviceNr());
        assertEquals(30, req.fpsNumerator());
        assertEquals(1, req.fpsDenominator());
        for (FakeVcamDevice.Queued q : dev.queued) {
            assertEquals(1284 * 480, q.length());
        }
        assertFramesEqual(reference(src), FrameLayout.standard(FrameFormat.YUY2, 642, 480));
        assertTrue(dev.closed(), "camera destroyed when the pipeline stopped");
        assertTrue(fake.sources.get(0).closed);
    }

    @Test
    void nv12WithOddButValidWidthIsZeroCopyThroughVideoconvert() throws Exception {
        String src = "videotestsrc num-buffers=20 pattern=smpte ! video/x-raw,format=I420,width=642,height=480"
                + " ! videoconvert ! video/x-raw,format=NV12";
        Element[] sink = new Element[1];
        GstTestSupport.Outcome o = play(src + " ! vcamsink name=sink sync=false frames=3", sink);
        assertTrue(o.eos, o.toString());
        assertEquals(20, stat(sink[0], "frames-zero-copy"));
        assertEquals(0, stat(sink[0], "frames-copied"));
        VcamCameraRequest req = fake.cameras().get(0).creates.get(0);
        assertEquals(Vcam.V4L2_PIX_FMT_NV12, req.pixelformat());
        assertEquals(644, req.bytesperline());
        assertEquals(3, req.frames());
        assertFramesEqual(reference(src), FrameLayout.standard(FrameFormat.NV12, 642, 480));
    }

    @Test
    void upstreamRefusingThePoolIsCopiedOnce() throws Exception {
        String src = "videotestsrc num-buffers=20 pattern=ball ! video/x-raw,format=NV12,width=642,height=480";
        Element[] sink = new Element[1];
        GstTestSupport.Outcome o = play(src + " ! identity drop-allocation=true ! vcamsink name=sink sync=false", sink);
        assertTrue(o.eos, o.toString());
        assertEquals(20, stat(sink[0], "frames-queued"));
        assertEquals(20, stat(sink[0], "frames-copied"));
        assertEquals(0, stat(sink[0], "frames-zero-copy"));
        assertFramesEqual(reference(src), FrameLayout.standard(FrameFormat.NV12, 642, 480));
    }

    @Test
    void jpegIsCopiedIntoASlotSizedDmabuf() throws Exception {
        String src = "videotestsrc num-buffers=10 pattern=ball ! video/x-raw,width=320,height=240 ! jpegenc";
        Element[] sink = new Element[1];
        GstTestSupport.Outcome o = play(src + " ! vcamsink name=sink sync=false", sink);
        assertTrue(o.eos, o.toString());
        assertEquals(10, stat(sink[0], "frames-queued"));
        assertEquals(Vcam.V4L2_PIX_FMT_MJPEG, fake.cameras().get(0).creates.get(0).pixelformat());
        assertEquals(0, fake.cameras().get(0).creates.get(0).bytesperline());
        List<byte[]> ref = reference(src);
        List<FakeVcamDevice.Queued> got = fake.allQueued();
        assertEquals(ref.size(), got.size());
        for (int i = 0; i < ref.size(); i++) {
            assertEquals(ref.get(i).length, got.get(i).length(), "payload length of frame " + i);
            assertArrayEquals(ref.get(i), got.get(i).data(), "frame " + i);
        }
    }

    @Test
    void aConsumerThatNeverGivesSlotsBackDoesNotStallThePipeline() throws Exception {
        fake.stuck = true;
        Element[] sink = new Element[1];
        GstTestSupport.Outcome o = play("videotestsrc num-buffers=50 ! video/x-raw,format=YUY2,width=320,height=240"
                + " ! vcamsink name=sink sync=false frames=4", sink);
        assertTrue(o.eos, o.toString());
        assertEquals(4, stat(sink[0], "frames-queued"));
        assertEquals(46, stat(sink[0], "frames-dropped"));
    }

    @Test
    void readersAreRequestedAndEveryCaptureNodeIsListed() throws Exception {
        fake.caps = FakeVcamDevice.READERS_CAPS;
        Pipeline p = (Pipeline) Gst.parseLaunch("videotestsrc num-buffers=30 is-live=true"
                + " ! video/x-raw,format=YUY2,width=64,height=48,framerate=100/1 ! vcamsink name=sink readers=3");
        Element sink = p.getElementByName("sink");
        String[] nodes = new String[1];
        GstTestSupport.Outcome o = GstTestSupport.run(p, 60, () -> {
            waitFor(() -> stat(sink, "frames-queued") >= 5);
            nodes[0] = (String) sink.get("video-devices");
        });
        assertTrue(o.eos, o.toString());
        assertEquals(3, fake.cameras().get(0).creates.get(0).readers());
        assertEquals("/dev/video0,/dev/video101,/dev/video102", nodes[0]);
        assertNull(sink.get("video-devices"), "no camera once stopped");
    }

    @Test
    void withoutNodesIoctlTheCameraNodeIsListed() throws Exception {
        /* the module on main answers VCAM_IOC_NODES with ENOTTY */
        Pipeline p = (Pipeline) Gst.parseLaunch("videotestsrc num-buffers=30 is-live=true"
                + " ! video/x-raw,format=YUY2,width=64,height=48,framerate=100/1 ! vcamsink name=sink");
        Element sink = p.getElementByName("sink");
        String[] nodes = new String[2];
        GstTestSupport.Outcome o = GstTestSupport.run(p, 60, () -> {
            waitFor(() -> stat(sink, "frames-queued") >= 5);
            nodes[0] = (String) sink.get("video-devices");
            nodes[1] = (String) sink.get("video-device");
        });
        assertTrue(o.eos, o.toString());
        assertEquals(0, fake.cameras().get(0).creates.get(0).readers(), "readers=0: the module's default");
        assertEquals(nodes[1], nodes[0]);
        assertEquals("/dev/video0", nodes[0]);
    }

    @Test
    void capsChangeRecreatesTheCameraOnTheSameNode() throws Exception {
        Pipeline p = (Pipeline) Gst.parseLaunch("videotestsrc num-buffers=40 is-live=true"
                + " ! capsfilter name=f caps=video/x-raw,format=YUY2,width=320,height=240,framerate=50/1"
                + " ! vcamsink name=sink");
        Element sink = p.getElementByName("sink");
        Element filter = p.getElementByName("f");
        String[] videoDevice = new String[2];
        GstTestSupport.Outcome o = GstTestSupport.run(p, 60, () -> {
            waitFor(() -> stat(sink, "frames-queued") >= 10);
            videoDevice[0] = (String) sink.get("video-device");
            filter.set("caps", org.freedesktop.gstreamer.Caps.fromString(
                    "video/x-raw,format=NV12,width=640,height=360,framerate=50/1"));
            waitFor(() -> fake.cameras().size() >= 2 && stat(sink, "frames-queued") >= 20);
            videoDevice[1] = (String) sink.get("video-device");
        });
        assertTrue(o.eos, o.toString());
        List<FakeVcamDevice> cams = fake.cameras();
        assertEquals(2, cams.size());
        VcamCameraRequest first = cams.get(0).creates.get(0);
        VcamCameraRequest second = cams.get(1).creates.get(0);
        assertEquals(Vcam.V4L2_PIX_FMT_YUYV, first.pixelformat());
        assertEquals(-1, first.deviceNr());
        assertEquals(Vcam.V4L2_PIX_FMT_NV12, second.pixelformat());
        assertEquals(640, second.width());
        assertEquals(cams.get(0).camera().deviceNr(), second.deviceNr(), "the same /dev/videoN again");
        assertEquals("/dev/video0", videoDevice[0]);
        assertEquals("/dev/video0", videoDevice[1]);
        assertTrue(cams.get(0).closed());
        assertEquals(40, stat(sink, "frames-queued"));
        assertNull(sink.get("video-device"), "no camera once stopped");
    }

    @Test
    void consumersAreTheOpenersOfTheCamera() throws Exception {
        Pipeline p = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true"
                + " ! video/x-raw,format=YUY2,width=64,height=48,framerate=30/1 ! vcamsink name=sink");
        Element sink = p.getElementByName("sink");
        try {
            p.play();
            waitFor(() -> stat(sink, "frames-queued") >= 1);
            assertEquals(0, stat(sink, "consumers"));
            fake.cameras().get(0).openers = 2;
            assertEquals(2, stat(sink, "consumers"));
        } finally {
            p.setState(State.NULL);
            p.getState(TimeUnit.SECONDS.toNanos(10));
        }
        assertEquals(0, stat(sink, "consumers"), "no camera once stopped");
    }

    @Test
    void idleBlackShowsABlackFrameWhenPaused() throws Exception {
        Pipeline p = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true pattern=white"
                + " ! video/x-raw,format=YUY2,width=64,height=48,framerate=30/1 ! vcamsink name=sink idle=black");
        Element sink = p.getElementByName("sink");
        try {
            p.play();
            waitFor(() -> stat(sink, "frames-queued") >= 3);
            p.pause();
            p.getState(TimeUnit.SECONDS.toNanos(10));
            List<FakeVcamDevice.Queued> q = fake.allQueued();
            byte[] last = q.get(q.size() - 1).data();
            for (int i = 0; i < last.length; i++) {
                assertEquals((i & 1) == 0 ? 16 : (byte) 128, last[i], "byte " + i + " of the idle frame");
            }
            byte[] before = q.get(q.size() - 2).data();
            assertEquals((byte) 235, before[0], "the frame before was white");
        } finally {
            p.setState(State.NULL);
            p.getState(TimeUnit.SECONDS.toNanos(10));
        }
    }

    interface Condition {
        boolean met();
    }

    static void waitFor(Condition c) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.met()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 30 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
