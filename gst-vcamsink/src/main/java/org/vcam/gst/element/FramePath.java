package org.vcam.gst.element;

/**
 * How one buffer reaches the camera: its own DMA-BUF handed over (zero copy) or copied once into
 * a DMA-BUF of the sink's pool.
 */
public enum FramePath {
    ZERO_COPY,
    COPY;

    /**
     * Chooses the path for a buffer.
     *
     * @param b the buffer
     * @param stream the negotiated stream
     * @param camera the layout the camera was created with (null for JPEG)
     * @param slotLength smallest DMA-BUF size the camera accepts
     */
    public static FramePath choose(BufferInfo b, StreamFormat stream, FrameLayout camera, long slotLength) {
        if (b.memories() != 1 || !b.dmabuf() || b.fd() < 0) {
            return COPY;
        }
        if (b.memOffset() < 0 || b.memOffset() > 0xffffffffL || b.memMaxSize() < b.memOffset() + slotLength) {
            return COPY;
        }
        if (!stream.format().isRaw()) {
            return b.size() >= 1 && b.size() <= slotLength ? ZERO_COPY : COPY;
        }
        FrameLayout actual = b.meta() != null ? b.meta() : stream.standardLayout();
        if (!actual.sameLayout(camera) || !actual.fitsIn(b.size())) {
            return COPY;
        }
        return ZERO_COPY;
    }

    /** The layout to copy from: the buffer's video meta, else GStreamer's default. */
    public static FrameLayout sourceLayout(BufferInfo b, StreamFormat stream) {
        return b.meta() != null ? b.meta() : stream.standardLayout();
    }
}
