package org.vcam.gst.element;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.event.ReconfigureEvent;

/**
 * Export mode against the fake device: upstream renders into the consumer's own buffers (memfds
 * of the fake), the sink queues them as exported; a consumer that stops mid-frame (ESTALE), no
 * free consumer buffer (EAGAIN), buffers upstream drops (RELEASE), the export property.
 */
class ExportModeTest {
    private static final String SRC = "videotestsrc num-buffers=30 pattern=ball"
            + " ! video/x-raw,format=YUY2,width=642,height=480,framerate=30/1";
    private FakeBackend fake;

    @BeforeAll
    static void gst() {
        GstTestSupport.init();
    }

    @BeforeEach
    void backend() {
        fake = new FakeBackend();
        fake.caps = FakeVcamDevice.EXPORT_CAPS;
        fake.consumerBuffers = 4;
        VcamSink.useBackend(fake.backend());
    }

    private Element run(String description) throws InterruptedException {
        Pipeline p = (Pipeline) Gst.parseLaunch(description);
        Element sink = p.getElementByName("sink");
        GstTestSupport.Outcome o = GstTestSupport.run(p, 60);
        assertTrue(o.eos && o.errors.isEmpty(), o.toString());
        return sink;
    }

    private static long stat(Element sink, String name) {
        return ElementPipelineTest.stat(sink, name);
    }

    /** Every queued frame has the pixels the source renders without the camera. */
    private void assertPixels(List<byte[]> expected, FrameLayout layout) {
        List<FakeVcamDevice.Queued> got = fake.allQueued();
        assertEquals(expected.size(), got.size(), "frames queued");
        for (int i = 0; i < expected.size(); i++) {
            for (int y = 0; y < layout.rows(0); y++) {
                int at = (int) (layout.offset(0) + (long) y * layout.stride(0));
                assertArrayEquals(java.util.Arrays.copyOfRange(expected.get(i), at, at + layout.rowBytes(0)),
                        java.util.Arrays.copyOfRange(got.get(i).data(), at, at + layout.rowBytes(0)),
                        "frame " + i + " (" + (got.get(i).exported() ? "exported" : "slot") + ") row " + y);
            }
        }
    }

    @Test
    void upstreamRendersIntoTheConsumersBuffers() throws Exception {
        Element sink = run(SRC + " ! vcamsink name=sink sync=false");
        FakeVcamDevice dev = fake.cameras().get(0);
        assertTrue(dev.creates.get(0).export(), "camera created in export mode");
        /* the first frame is rendered before the camera exists, into the sink's own DMA-BUF */
        assertEquals(29, stat(sink, "frames-exported"));
        assertEquals(30, stat(sink, "frames-zero-copy"));
        assertEquals(0, stat(sink, "frames-copied"));
        assertEquals(29, dev.exportedQueues.get());
        assertEquals(0, dev.releases.get());
        assertEquals(0, dev.lentNow(), "every loan came back");
        assertPixels(ElementPipelineTest.reference(SRC), FrameLayout.standard(FrameFormat.YUY2, 642, 480));
    }

    @Test
    void aConsumerThatStopsMidFrameCostsOneCopyAndTheSinkFallsBackThenFollowsTheNextStream() throws Exception {
        /* the consumer stops right after lending its 10th buffer: that frame's QUEUE gets ESTALE */
        fake.afterAcquire = d -> {
            if (d.acquires.get() == 10) {
                d.stopConsumer();
            }
        };
        /* a new stream (new cookie, new fds) after the 20th frame */
        fake.afterQueue = d -> {
            if (d.queueCalls.get() == 20) {
                d.startConsumer(3);
            }
        };
        Element sink = run(SRC + " ! vcamsink name=sink sync=false");
        FakeVcamDevice dev = fake.cameras().get(0);
        assertEquals(1, dev.staleAnswers.get(), "one QUEUE of a revoked buffer");
        assertEquals(1, stat(sink, "frames-copied"), "the frame in the revoked buffer went through a slot");
        assertEquals(9 + 10, stat(sink, "frames-exported"));
        assertEquals(30, stat(sink, "frames-queued"));
        assertEquals(0, stat(sink, "frames-dropped"));
        assertEquals(0, dev.lentNow());
        assertPixels(ElementPipelineTest.reference(SRC), FrameLayout.standard(FrameFormat.YUY2, 642, 480));
    }

    @Test
    void buffersUpstreamDropsGoBackToTheConsumer() throws Exception {
        Element sink = run("videotestsrc num-buffers=60 pattern=ball"
                + " ! video/x-raw,format=YUY2,width=320,height=240,framerate=30/1"
                + " ! identity drop-probability=0.5 ! vcamsink name=sink sync=false");
        FakeVcamDevice dev = fake.cameras().get(0);
        long exported = stat(sink, "frames-exported");
        assertTrue(exported > 0 && dev.releases.get() > 0, "exported " + exported + ", released " + dev.releases.get());
        assertEquals(dev.acquires.get(), exported + dev.releases.get(), "every loan queued or given back");
        assertEquals(0, dev.lentNow());
    }

    @Test
    void withNoFreeConsumerBufferUpstreamGetsOwnBuffersWithoutWaiting() throws Exception {
        fake.consumerBuffers = 1;
        /* a queue lets upstream hold several buffers at once, on another thread than the sink's */
        Element sink = run("videotestsrc num-buffers=60 pattern=ball"
                + " ! video/x-raw,format=YUY2,width=320,height=240,framerate=30/1"
                + " ! queue max-size-buffers=4 ! vcamsink name=sink sync=false");
        FakeVcamDevice dev = fake.cameras().get(0);
        assertEquals(60, stat(sink, "frames-queued"));
        assertEquals(60, stat(sink, "frames-zero-copy"));
        assertTrue(stat(sink, "frames-exported") > 0, "some frames in the consumer's buffer");
        assertTrue(dev.acquireEmpty.get() > 0, "ACQUIRE found no free buffer at times");
        assertEquals(0, dev.lentNow());
    }

    @Test
    void exportFalseKeepsToOwnBuffers() throws Exception {
        Element sink = run(SRC + " ! vcamsink name=sink sync=false export=false");
        FakeVcamDevice dev = fake.cameras().get(0);
        assertFalse(dev.creates.get(0).export());
        assertEquals(0, stat(sink, "frames-exported"));
        assertEquals(30, stat(sink, "frames-zero-copy"));
        assertEquals(0, dev.acquires.get() + dev.acquireEmpty.get());
    }

    @Test
    void aModuleWithoutExportModeIsNotAskedForIt() throws Exception {
        fake.caps = FakeVcamDevice.CAPS;
        Element sink = run(SRC + " ! vcamsink name=sink sync=false");
        assertFalse(fake.cameras().get(0).creates.get(0).export());
        assertEquals(0, stat(sink, "frames-exported"));
        assertEquals(30, stat(sink, "frames-zero-copy"));
    }

    @Test
    void upstreamThatKeepsItsOwnBuffersIsAskedToRenegotiateWhenConsumersStartAndStop(@TempDir Path dir)
            throws Exception {
        /* system-memory frames from a file: upstream never takes the sink's pool */
        Path file = dir.resolve("frames.yuy2");
        Files.write(file, new byte[320 * 240 * 2 * 4]);
        fake.consumerBuffers = 0;
        fake.afterQueue = d -> {
            if (d.queueCalls.get() == 10) {
                d.startConsumer(4);
            } else if (d.queueCalls.get() == 80) {
                d.stopConsumer();
            }
        };
        Pipeline p = (Pipeline) Gst.parseLaunch("multifilesrc location=" + file + " loop=true num-buffers=150"
                + " ! rawvideoparse format=yuy2 width=320 height=240 framerate=30/1 ! identity name=up"
                + " ! vcamsink name=sink sync=false");
        java.util.concurrent.atomic.AtomicInteger reconfigures = new java.util.concurrent.atomic.AtomicInteger();
        p.getElementByName("up").getStaticPad("src").addProbe(PadProbeType.EVENT_UPSTREAM, (pad, info) -> {
            if (info.getEvent() instanceof ReconfigureEvent) {
                reconfigures.incrementAndGet();
            }
            return PadProbeReturn.OK;
        });
        GstTestSupport.Outcome o = GstTestSupport.run(p, 60);
        assertTrue(o.eos && o.errors.isEmpty(), o.toString());
        assertEquals(2, reconfigures.get(), "a RECONFIGURE when the consumer started, one when it stopped");
    }

    @Test
    void loanTagsRoundTrip() {
        long tag = ExportLoans.tag(0x89abcdef, 7, 63);
        assertEquals(0x89abcdef, ExportLoans.cookie(tag));
        assertEquals(7, ExportLoans.reader(tag));
        assertEquals(63, ExportLoans.index(tag));
    }
}
