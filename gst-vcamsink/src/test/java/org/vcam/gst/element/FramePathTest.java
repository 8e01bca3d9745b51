package org.vcam.gst.element;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The zero-copy decision, without GStreamer. */
class FramePathTest {
    private static final StreamFormat NV12 = new StreamFormat(FrameFormat.NV12, 642, 480, 30, 1);
    private static final StreamFormat JPEG = new StreamFormat(FrameFormat.JPEG, 640, 480, 30, 1);
    private static final FrameLayout CAMERA = FrameLayout.v4l2(FrameFormat.NV12, 642, 480, 644);
    private static final long SLOT = CAMERA.size();

    private static BufferInfo dmabuf(long offset, long maxsize, long size, FrameLayout meta) {
        return BufferInfo.of(1, true, 42, offset, maxsize, size, meta);
    }

    @Test
    void ownDmabufInCameraLayoutIsZeroCopy() {
        assertEquals(FramePath.ZERO_COPY, FramePath.choose(dmabuf(0, 466944, SLOT, CAMERA), NV12, CAMERA, SLOT));
        /* no meta: GStreamer's default layout, which is the camera's */
        assertEquals(FramePath.ZERO_COPY, FramePath.choose(dmabuf(0, SLOT, SLOT, null), NV12, CAMERA, SLOT));
        /* data at an offset inside the DMA-BUF */
        assertEquals(FramePath.ZERO_COPY, FramePath.choose(dmabuf(4096, SLOT + 4096, SLOT, CAMERA), NV12, CAMERA, SLOT));
    }

    @Test
    void anythingElseIsCopied() {
        assertEquals(FramePath.COPY, FramePath.choose(BufferInfo.of(1, false, -1, 0, SLOT, SLOT, CAMERA), NV12, CAMERA, SLOT));
        assertEquals(FramePath.COPY, FramePath.choose(BufferInfo.of(2, false, -1, 0, SLOT, SLOT, CAMERA), NV12, CAMERA, SLOT));
        FrameLayout padded = new FrameLayout(FrameFormat.NV12, 642, 480, new long[] {0, 704L * 480}, new int[] {704, 704});
        assertEquals(FramePath.COPY, FramePath.choose(dmabuf(0, 1 << 20, padded.size(), padded), NV12, CAMERA, SLOT));
        /* DMA-BUF shorter than the slot needs */
        assertEquals(FramePath.COPY, FramePath.choose(dmabuf(64, SLOT, SLOT - 64, CAMERA), NV12, CAMERA, SLOT));
        /* buffer data shorter than the layout */
        assertEquals(FramePath.COPY, FramePath.choose(dmabuf(0, SLOT, SLOT - 1, CAMERA), NV12, CAMERA, SLOT));
        /* offset beyond what the uAPI can carry */
        assertEquals(FramePath.COPY, FramePath.choose(dmabuf(1L << 32, (1L << 32) + SLOT, SLOT, CAMERA), NV12, CAMERA, SLOT));
        /* the camera was created with tight rows: the default layout does not match */
        FrameLayout tight = FrameLayout.v4l2(FrameFormat.NV12, 642, 480, 642);
        assertEquals(FramePath.COPY, FramePath.choose(dmabuf(0, SLOT, SLOT, null), NV12, tight, tight.size()));
    }

    @Test
    void jpegNeedsAWholeSlotOfDmabuf() {
        long slot = 640 * 480 * 2;
        assertEquals(FramePath.ZERO_COPY, FramePath.choose(dmabuf(0, slot, 30000, null), JPEG, null, slot));
        assertEquals(FramePath.COPY, FramePath.choose(dmabuf(0, 32768, 30000, null), JPEG, null, slot));
        assertEquals(FramePath.COPY, FramePath.choose(dmabuf(0, 2 * slot, slot + 1, null), JPEG, null, slot));
    }
}
