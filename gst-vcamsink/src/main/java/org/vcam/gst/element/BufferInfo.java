package org.vcam.gst.element;

/**
 * What the sink needs to know about one incoming buffer to choose its path. Mutable and reused
 * for every buffer (the frame path allocates nothing per frame); {@link #of} builds one for tests.
 *
 * <p>The layout is the buffer's GstVideoMeta when it has one ({@link #hasLayout}), otherwise
 * GStreamer's default layout of the stream when the reader filled it in, otherwise absent.
 */
public final class BufferInfo {
    /** Most planes a layout has here (NV12: 2); GstVideoMeta has room for 4. */
    static final int MAX_PLANES = 4;

    /** Number of GstMemory blocks. */
    int memories;
    /** The single memory is DMA-BUF memory. */
    boolean dmabuf;
    /** Its file descriptor, or -1. */
    int fd = -1;
    /** Offset of the buffer's data inside the DMA-BUF. */
    long memOffset;
    /** Bytes from the start of the DMA-BUF region to its end. */
    long memMaxSize;
    /** Bytes of data in the buffer. */
    long size;
    /** Planes of the layout, 0 when there is none. */
    int planes;
    final long[] offsets = new long[MAX_PLANES];
    final int[] strides = new int[MAX_PLANES];

    /** A description with the given values and {@code layout} (null: none). */
    public static BufferInfo of(int memories, boolean dmabuf, int fd, long memOffset, long memMaxSize, long size,
            FrameLayout layout) {
        BufferInfo b = new BufferInfo();
        b.memories = memories;
        b.dmabuf = dmabuf;
        b.fd = fd;
        b.memOffset = memOffset;
        b.memMaxSize = memMaxSize;
        b.size = size;
        b.setLayout(layout);
        return b;
    }

    void clear() {
        memories = 0;
        dmabuf = false;
        fd = -1;
        memOffset = 0;
        memMaxSize = 0;
        size = 0;
        planes = 0;
    }

    /** Sets the layout (null: none). */
    void setLayout(FrameLayout layout) {
        if (layout == null) {
            planes = 0;
            return;
        }
        layout.copyInto(offsets, strides);
        planes = layout.planes();
    }

    boolean hasLayout() {
        return planes > 0;
    }

    public int memories() {
        return memories;
    }

    public boolean dmabuf() {
        return dmabuf;
    }

    public int fd() {
        return fd;
    }

    public long memOffset() {
        return memOffset;
    }

    public long size() {
        return size;
    }
}
