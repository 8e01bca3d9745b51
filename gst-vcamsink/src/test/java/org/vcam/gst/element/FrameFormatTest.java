package org.vcam.gst.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vcam.gst.uapi.Vcam;

class FrameFormatTest {
    @Test
    void capsMapToV4l2Formats() {
        assertEquals(FrameFormat.YUY2, FrameFormat.fromCaps("video/x-raw", "YUY2"));
        assertEquals(FrameFormat.NV12, FrameFormat.fromCaps("video/x-raw", "NV12"));
        assertEquals(FrameFormat.JPEG, FrameFormat.fromCaps("image/jpeg", null));
        assertEquals(Vcam.V4L2_PIX_FMT_YUYV, FrameFormat.YUY2.fourcc());
        assertEquals(Vcam.V4L2_PIX_FMT_NV12, FrameFormat.NV12.fourcc());
        assertEquals(Vcam.V4L2_PIX_FMT_MJPEG, FrameFormat.JPEG.fourcc());
        assertEquals("YUYV", Vcam.fourccName(FrameFormat.YUY2.fourcc()));
    }

    @Test
    void v4l2FormatsMapBack() {
        for (FrameFormat f : FrameFormat.values()) {
            assertEquals(f, FrameFormat.fromFourcc(f.fourcc()));
        }
        assertNull(FrameFormat.fromFourcc(Vcam.fourcc('R', 'G', 'B', '3')));
    }

    @Test
    void otherCapsAreNotTaken() {
        assertNull(FrameFormat.fromCaps("video/x-raw", "I420"));
        assertNull(FrameFormat.fromCaps("video/x-raw", "RGB"));
        assertNull(FrameFormat.fromCaps("video/x-raw", null));
        assertNull(FrameFormat.fromCaps("video/x-h264", null));
        assertNull(FrameFormat.fromCaps("audio/x-raw", "S16LE"));
    }

    @Test
    void capsStringRoundTrip() {
        assertEquals("video/x-raw, format=(string)NV12, width=(int)642, height=(int)480, framerate=(fraction)30/1",
                FrameFormat.NV12.caps(642, 480, 30, 1));
        assertEquals("image/jpeg, width=(int)320, height=(int)240, framerate=(fraction)15/2",
                FrameFormat.JPEG.caps(320, 240, 15, 2));
        assertTrue(FrameFormat.TEMPLATE_CAPS.contains("YUY2") && FrameFormat.TEMPLATE_CAPS.contains("NV12")
                && FrameFormat.TEMPLATE_CAPS.contains("image/jpeg"));
    }

    @Test
    void streamFormatValidation() throws Exception {
        StreamFormat s = StreamFormat.fromCaps("video/x-raw", "YUY2", 642, 480, 30, 1, "caps");
        assertEquals(FrameFormat.YUY2, s.format());
        assertEquals(30, s.cameraFpsN());
        StreamFormat vfr = StreamFormat.fromCaps("image/jpeg", null, 641, 479, 0, 1, "caps");
        assertEquals(30, vfr.cameraFpsN());
        assertEquals(1, vfr.cameraFpsD());

        StreamFormat.Unsupported fmt = assertThrows(StreamFormat.Unsupported.class,
                () -> StreamFormat.fromCaps("video/x-raw", "RGB", 640, 480, 30, 1, "video/x-raw, format=RGB"));
        assertFalse(fmt.sizeProblem());
        assertTrue(fmt.getMessage().contains("unsupported format video/x-raw, format=RGB"), fmt.getMessage());
        assertTrue(fmt.getMessage().contains("YUY2 or NV12"), fmt.getMessage());
        assertTrue(fmt.getMessage().contains("image/jpeg"), fmt.getMessage());

        StreamFormat.Unsupported odd = assertThrows(StreamFormat.Unsupported.class,
                () -> StreamFormat.fromCaps("video/x-raw", "NV12", 641, 480, 30, 1, "c"));
        assertTrue(odd.sizeProblem());
        assertTrue(odd.getMessage().contains("even width and height"), odd.getMessage());

        StreamFormat.Unsupported big = assertThrows(StreamFormat.Unsupported.class,
                () -> StreamFormat.fromCaps("video/x-raw", "YUY2", 8194, 480, 30, 1, "c"));
        assertTrue(big.getMessage().contains("size 8194x480 out of range"), big.getMessage());
        assertTrue(big.getMessage().contains("2..8192"), big.getMessage());

        assertThrows(StreamFormat.Unsupported.class,
                () -> StreamFormat.fromCaps("video/x-raw", "YUY2", 1, 480, 30, 1, "c"));
        StreamFormat.Unsupported fast = assertThrows(StreamFormat.Unsupported.class,
                () -> StreamFormat.fromCaps("video/x-raw", "YUY2", 640, 480, 1001, 1, "c"));
        assertTrue(fast.getMessage().contains("1..1000 fps"), fast.getMessage());
        assertThrows(StreamFormat.Unsupported.class,
                () -> StreamFormat.fromCaps("video/x-raw", "YUY2", 640, 480, 1, 2, "c"));
    }

    @Test
    void moduleLimitsApply() throws Exception {
        StreamFormat s = StreamFormat.fromCaps("video/x-raw", "YUY2", 1920, 1080, 30, 1, "c");
        s.checkLimits(FakeVcamDevice.CAPS);
        org.vcam.gst.uapi.VcamCaps small = new org.vcam.gst.uapi.VcamCaps(1, 0, 2, 2, 1280, 720, 2, 32, 60,
                new int[] {Vcam.V4L2_PIX_FMT_YUYV}, 8, 1 << 30, 0, 1);
        StreamFormat.Unsupported e = assertThrows(StreamFormat.Unsupported.class, () -> s.checkLimits(small));
        assertTrue(e.getMessage().contains("2..1280 x 2..720"), e.getMessage());
        StreamFormat nv12 = StreamFormat.fromCaps("video/x-raw", "NV12", 640, 480, 30, 1, "c");
        StreamFormat.Unsupported f = assertThrows(StreamFormat.Unsupported.class, () -> nv12.checkLimits(small));
        assertTrue(f.getMessage().contains("does not take NV12"), f.getMessage());
    }
}
