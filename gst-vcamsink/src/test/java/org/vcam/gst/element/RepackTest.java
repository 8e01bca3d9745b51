package org.vcam.gst.element;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Stride repacking against reference images: a frame is described by a pixel function; it is
 * written in one layout, repacked, and every byte of the result is checked against the function
 * (and the bytes between rows must stay untouched).
 */
class RepackTest {
    private static final byte PAD = (byte) 0xEE;

    /** The reference image: the byte at (plane, x, y) of a frame. */
    private static byte pixel(int plane, int x, int y) {
        return (byte) (plane * 101 + x * 7 + y * 13 + (x * y) % 5);
    }

    private static ByteBuffer render(FrameLayout l, int capacity) {
        ByteBuffer b = ByteBuffer.allocate(capacity);
        for (int i = 0; i < capacity; i++) {
            b.put(i, PAD);
        }
        for (int p = 0; p < l.planes(); p++) {
            for (int y = 0; y < l.rows(p); y++) {
                for (int x = 0; x < l.rowBytes(p); x++) {
                    b.put((int) (l.offset(p) + (long) y * l.stride(p) + x), pixel(p, x, y));
                }
            }
        }
        return b;
    }

    private static void assertImage(FrameLayout l, ByteBuffer b) {
        boolean[] pixelByte = new boolean[b.capacity()];
        for (int p = 0; p < l.planes(); p++) {
            for (int y = 0; y < l.rows(p); y++) {
                for (int x = 0; x < l.rowBytes(p); x++) {
                    int at = (int) (l.offset(p) + (long) y * l.stride(p) + x);
                    assertEquals(pixel(p, x, y), b.get(at), "plane " + p + " x " + x + " y " + y);
                    pixelByte[at] = true;
                }
            }
        }
        for (int i = 0; i < b.capacity(); i++) {
            if (!pixelByte[i]) {
                assertEquals(PAD, b.get(i), "padding byte " + i + " was written");
            }
        }
    }

    @Test
    void standardLayoutsMatchGStreamerDefaults() {
        FrameLayout yuy2 = FrameLayout.standard(FrameFormat.YUY2, 642, 480);
        assertEquals(1284, yuy2.stride(0));
        assertEquals(1284L * 480, yuy2.size());
        FrameLayout nv12 = FrameLayout.standard(FrameFormat.NV12, 642, 480);
        assertEquals(644, nv12.stride(0));
        assertEquals(644, nv12.stride(1));
        assertEquals(644L * 480, nv12.offset(1));
        assertEquals(644L * 480 * 3 / 2, nv12.size());
        assertEquals(642, nv12.rowBytes(0));
        assertEquals(642, nv12.rowBytes(1));
        assertEquals(240, nv12.rows(1));
        /* the V4L2 single-plane layout with the same bytesperline is the same layout */
        assertTrue(nv12.sameLayout(FrameLayout.v4l2(FrameFormat.NV12, 642, 480, 644)));
        assertFalse(nv12.sameLayout(FrameLayout.v4l2(FrameFormat.NV12, 642, 480, 642)));
    }

    @Test
    void yuy2PaddedToCamera() {
        FrameLayout from = new FrameLayout(FrameFormat.YUY2, 642, 480, new long[] {64}, new int[] {1344});
        FrameLayout to = FrameLayout.standard(FrameFormat.YUY2, 642, 480);
        ByteBuffer src = render(from, (int) from.size() + 100);
        ByteBuffer dst = render(to, (int) to.size());
        for (int i = 0; i < dst.capacity(); i++) {
            dst.put(i, PAD);
        }
        Repack.copy(src, from, dst, to);
        assertImage(to, dst);
    }

    @Test
    void yuy2TightIntoPaddedCameraRows() {
        FrameLayout from = FrameLayout.standard(FrameFormat.YUY2, 642, 480);
        FrameLayout to = FrameLayout.v4l2(FrameFormat.YUY2, 642, 480, 1408);
        ByteBuffer src = render(from, (int) from.size());
        ByteBuffer dst = ByteBuffer.allocate((int) to.size());
        for (int i = 0; i < dst.capacity(); i++) {
            dst.put(i, PAD);
        }
        Repack.copy(src, from, dst, to);
        assertImage(to, dst);
    }

    @Test
    void nv12OddButValidWidthToCamera() {
        /* width 642: GStreamer pads rows to 644; an upstream with 64-byte aligned rows and a gap
         * before the chroma plane is repacked into the camera's 642-byte rows */
        FrameLayout from = new FrameLayout(FrameFormat.NV12, 642, 480, new long[] {0, 704L * 480 + 4096},
                new int[] {704, 704});
        FrameLayout to = FrameLayout.v4l2(FrameFormat.NV12, 642, 480, 642);
        ByteBuffer src = render(from, (int) from.size());
        ByteBuffer dst = ByteBuffer.allocate((int) to.size());
        for (int i = 0; i < dst.capacity(); i++) {
            dst.put(i, PAD);
        }
        Repack.copy(src, from, dst, to);
        assertImage(to, dst);
        assertEquals(642 * 480 * 3 / 2, dst.capacity());
    }

    @Test
    void nv12StandardToStandardIsOneCopy() {
        FrameLayout l = FrameLayout.standard(FrameFormat.NV12, 642, 480);
        ByteBuffer src = render(l, (int) l.size());
        ByteBuffer dst = ByteBuffer.allocate((int) l.size());
        Repack.copy(src, l, dst, l);
        assertArrayEquals(src.array(), dst.array());
    }

    @Test
    void refusesMismatchedOrShortBuffers() {
        FrameLayout a = FrameLayout.standard(FrameFormat.YUY2, 640, 480);
        FrameLayout b = FrameLayout.standard(FrameFormat.YUY2, 642, 480);
        FrameLayout n = FrameLayout.standard(FrameFormat.NV12, 640, 480);
        ByteBuffer big = ByteBuffer.allocate(1 << 21);
        assertThrows(IllegalArgumentException.class, () -> Repack.copy(big, a, big.duplicate(), b));
        assertThrows(IllegalArgumentException.class, () -> Repack.copy(big, a, big.duplicate(), n));
        ByteBuffer small = ByteBuffer.allocate((int) a.size() - 1);
        assertThrows(IllegalArgumentException.class, () -> Repack.copy(small, a, big, a));
        assertThrows(IllegalArgumentException.class, () -> Repack.copy(big, a, small, a));
        assertThrows(IllegalArgumentException.class,
                () -> new FrameLayout(FrameFormat.NV12, 2, 2, new long[] {0}, new int[] {4}));
    }

    @Test
    void blackFrames() {
        FrameLayout y = FrameLayout.standard(FrameFormat.YUY2, 4, 2);
        ByteBuffer b = ByteBuffer.allocate((int) y.size());
        Repack.fillBlack(b, y);
        assertArrayEquals(new byte[] {16, (byte) 128, 16, (byte) 128, 16, (byte) 128, 16, (byte) 128,
            16, (byte) 128, 16, (byte) 128, 16, (byte) 128, 16, (byte) 128}, b.array());
        FrameLayout n = FrameLayout.v4l2(FrameFormat.NV12, 2, 2, 2);
        ByteBuffer c = ByteBuffer.allocate((int) n.size());
        Repack.fillBlack(c, n);
        assertArrayEquals(new byte[] {16, 16, 16, 16, (byte) 128, (byte) 128}, c.array());
    }
}
