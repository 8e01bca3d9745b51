package org.vcam.gst.element;

import java.util.Arrays;

/**
 * Where the planes of one raw frame lie in a buffer: per plane an offset, a stride, the bytes
 * of pixels per row and the number of rows.
 */
public record FrameLayout(FrameFormat format, int width, int height, long[] offsets,
        int[] strides) {

    public FrameLayout {
        if (!format.isRaw()) {
            throw new IllegalArgumentException("no plane layout for " + format);
        }
        if (offsets.length != planes(format) || strides.length != planes(format)) {
            throw new IllegalArgumentException(format + " has " + planes(format) + " planes");
        }
        offsets = offsets.clone();
        strides = strides.clone();
    }

    public static int planes(FrameFormat format) {
        return format == FrameFormat.NV12 ? 2 : 1;
    }

    /**
     * GStreamer's default layout (gst_video_info_from_caps): YUY2 stride ROUND_UP_4(2w); NV12
     * both strides ROUND_UP_4(w), chroma after ROUND_UP_2(h) luma rows. The camera is created
     * with this stride, so frames GStreamer lays out by default go to it unchanged.
     */
    public static FrameLayout standard(FrameFormat format, int width, int height) {
        switch (format) {
            case YUY2:
                return new FrameLayout(format, width, height, new long[] {0},
                        new int[] {roundUp4(width * 2)});
            case NV12: {
                int stride = roundUp4(width);
                return new FrameLayout(format, width, height,
                        new long[] {0, (long) stride * roundUp2(height)}, new int[] {stride, stride});
            }
            default:
                throw new IllegalArgumentException("no plane layout for " + format);
        }
    }

    /** The layout of a V4L2 single-plane buffer with the given bytesperline. */
    public static FrameLayout v4l2(FrameFormat format, int width, int height, int bytesperline) {
        switch (format) {
            case YUY2:
                return new FrameLayout(format, width, height, new long[] {0}, new int[] {bytesperline});
            case NV12:
                return new FrameLayout(format, width, height,
                        new long[] {0, (long) bytesperline * height}, new int[] {bytesperline, bytesperline});
            default:
                throw new IllegalArgumentException("no plane layout for " + format);
        }
    }

    public int planes() {
        return offsets.length;
    }

    public long offset(int plane) {
        return offsets[plane];
    }

    public int stride(int plane) {
        return strides[plane];
    }

    /** Bytes of pixel data in one row of the plane. */
    public int rowBytes(int plane) {
        return rowBytes(format, width);
    }

    static int rowBytes(FrameFormat format, int width) {
        switch (format) {
            case YUY2:
                return roundUp2(width) * 2;
            case NV12:
                return roundUp2(width);
            default:
                throw new IllegalStateException();
        }
    }

    /** Rows of the plane. */
    public int rows(int plane) {
        return rows(height, plane);
    }

    static int rows(int height, int plane) {
        return plane == 0 ? height : (height + 1) / 2;
    }

    /** Bytes from the start of the buffer to the end of the last row. */
    public long size() {
        return size(height, planes(), offsets, strides);
    }

    static long size(int height, int planes, long[] offsets, int[] strides) {
        long end = 0;
        for (int p = 0; p < planes; p++) {
            end = Math.max(end, offsets[p] + (long) strides[p] * rows(height, p));
        }
        return end;
    }

    /** Same offsets and strides. */
    public boolean sameLayout(FrameLayout o) {
        return format == o.format && width == o.width && height == o.height
                && Arrays.equals(offsets, o.offsets) && Arrays.equals(strides, o.strides);
    }

    /** Same planes, offsets and strides as the first {@code planes} entries of the arrays. */
    public boolean sameLayout(int planes, long[] offsets, int[] strides) {
        if (planes != planes()) {
            return false;
        }
        for (int p = 0; p < planes; p++) {
            if (offsets[p] != this.offsets[p] || strides[p] != this.strides[p]) {
                return false;
            }
        }
        return true;
    }

    /** Every row of every plane lies within {@code bufferSize} bytes. */
    public boolean fitsIn(long bufferSize) {
        return fits(format, width, height, planes(), offsets, strides, bufferSize);
    }

    /** Every row of every plane of a frame laid out as given lies within {@code bufferSize} bytes. */
    static boolean fits(FrameFormat format, int width, int height, int planes, long[] offsets, int[] strides,
            long bufferSize) {
        for (int p = 0; p < planes; p++) {
            if (offsets[p] < 0 || strides[p] < rowBytes(format, width)) {
                return false;
            }
        }
        return size(height, planes, offsets, strides) <= bufferSize;
    }

    /** Copies the offsets and strides into the arrays (at least {@link #planes()} long). */
    void copyInto(long[] offsetsOut, int[] stridesOut) {
        System.arraycopy(offsets, 0, offsetsOut, 0, offsets.length);
        System.arraycopy(strides, 0, stridesOut, 0, strides.length);
    }

    static int roundUp4(int v) {
        return (v + 3) & ~3;
    }

    static int roundUp2(int v) {
        return (v + 1) & ~1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameLayout l && sameLayout(l);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(offsets) * 31 + Arrays.hashCode(strides) + format.hashCode();
    }

    @Override
    public String toString() {
        return format + " " + width + "x" + height + " offsets " + Arrays.toString(offsets)
                + " strides " + Arrays.toString(strides);
    }
}
