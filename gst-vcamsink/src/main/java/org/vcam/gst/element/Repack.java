package org.vcam.gst.element;

import java.nio.ByteBuffer;

/** Copies one raw frame between two layouts, row by row (one pass, no intermediate copy). */
public final class Repack {
    private Repack() {
    }

    /**
     * Copies the pixels of {@code src} (laid out as {@code from}) into {@code dst} (laid out as
     * {@code to}); bytes between rows of {@code dst} are left alone.
     *
     * @throws IllegalArgumentException if the layouts describe different frames or a buffer is
     *     too small for its layout
     */
    public static void copy(ByteBuffer src, FrameLayout from, ByteBuffer dst, FrameLayout to) {
        if (from.format() != to.format() || from.width() != to.width() || from.height() != to.height()) {
            throw new IllegalArgumentException("cannot repack " + from + " into " + to);
        }
        if (!from.fitsIn(src.capacity())) {
            throw new IllegalArgumentException("source buffer of " + src.capacity()
                    + " bytes too small for " + from);
        }
        if (!to.fitsIn(dst.capacity())) {
            throw new IllegalArgumentException("destination buffer of " + dst.capacity()
                    + " bytes too small for " + to);
        }
        if (from.sameLayout(to)) {
            int n = (int) from.size();
            dst.put(0, src, 0, n);
            return;
        }
        for (int p = 0; p < from.planes(); p++) {
            int row = from.rowBytes(p);
            long s = from.offset(p);
            long d = to.offset(p);
            if (from.stride(p) == row && to.stride(p) == row) {
                dst.put((int) d, src, (int) s, row * from.rows(p));
                continue;
            }
            for (int y = 0; y < from.rows(p); y++) {
                dst.put((int) (d + (long) y * to.stride(p)), src, (int) (s + (long) y * from.stride(p)), row);
            }
        }
    }

    /** Fills a frame with black (Y=16, U=V=128, limited range). */
    public static void fillBlack(ByteBuffer dst, FrameLayout to) {
        if (!to.fitsIn(dst.capacity())) {
            throw new IllegalArgumentException("buffer too small for " + to);
        }
        for (int p = 0; p < to.planes(); p++) {
            byte[] row = new byte[to.rowBytes(p)];
            for (int x = 0; x < row.length; x++) {
                if (to.format() == FrameFormat.YUY2) {
                    row[x] = (byte) ((x & 1) == 0 ? 16 : 128);
                } else {
                    row[x] = (byte) (p == 0 ? 16 : 128);
                }
            }
            for (int y = 0; y < to.rows(p); y++) {
                dst.put((int) (to.offset(p) + (long) y * to.stride(p)), row);
            }
        }
    }
}
