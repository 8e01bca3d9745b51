package org.vcam.gst.element;

import java.nio.ByteBuffer;

/** Copies one raw frame between two layouts, row by row (one pass, no intermediate copy). */
public final class Repack {
    private Repack() {
    }

    /** Moves {@code n} bytes from {@code srcOffset} in the source to {@code dstOffset} in the destination. */
    @FunctionalInterface
    public interface Mover {
        void move(long dstOffset, long srcOffset, long n);
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
        long[] offsets = new long[from.planes()];
        int[] strides = new int[from.planes()];
        from.copyInto(offsets, strides);
        copy((d, s, n) -> dst.put((int) d, src, (int) s, (int) n), src.capacity(), from.planes(), offsets, strides,
                dst.capacity(), to);
    }

    /**
     * Copies a frame whose planes lie at {@code offsets} with {@code strides} in a source of
     * {@code srcCapacity} bytes into a destination of {@code dstCapacity} bytes laid out as
     * {@code to} (same format and size), through {@code m}: one move when the layouts are equal,
     * one per plane when both are tight, else one per row. Allocates nothing.
     *
     * @throws IllegalArgumentException if a buffer is too small for its layout
     */
    public static void copy(Mover m, long srcCapacity, int planes, long[] offsets, int[] strides, long dstCapacity,
            FrameLayout to) {
        if (planes != to.planes()) {
            throw new IllegalArgumentException("cannot repack " + planes + " planes into " + to);
        }
        if (!FrameLayout.fits(to.format(), to.width(), to.height(), planes, offsets, strides, srcCapacity)) {
            throw new IllegalArgumentException("source buffer of " + srcCapacity + " bytes too small for its layout");
        }
        if (!to.fitsIn(dstCapacity)) {
            throw new IllegalArgumentException("destination buffer of " + dstCapacity
                    + " bytes too small for " + to);
        }
        if (to.sameLayout(planes, offsets, strides)) {
            m.move(0, 0, to.size());
            return;
        }
        for (int p = 0; p < planes; p++) {
            int row = to.rowBytes(p);
            long s = offsets[p];
            long d = to.offset(p);
            if (strides[p] == row && to.stride(p) == row) {
                m.move(d, s, (long) row * to.rows(p));
                continue;
            }
            for (int y = 0; y < to.rows(p); y++) {
                m.move(d + (long) y * to.stride(p), s + (long) y * strides[p], row);
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
