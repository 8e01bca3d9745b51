package org.vcam.gst.element;

/**
 * How one buffer reaches the camera: its own DMA-BUF handed over (zero copy) or copied once into
 * a DMA-BUF of the sink's pool. Any single-memory DMA-BUF buffer in the camera's layout goes as it
 * is, whoever allocated it (the sink's pool, a decoder's, an importer's).
 */
public enum FramePath {
    ZERO_COPY,
    COPY;

    /**
     * Chooses the path for a buffer.
     *
     * @param b the buffer; without a layout, GStreamer's default layout of {@code stream} is assumed
     * @param stream the negotiated stream
     * @param camera the layout the camera was created with (null for JPEG)
     * @param slotLength smallest DMA-BUF size the camera accepts
     */
    public static FramePath choose(BufferInfo b, StreamFormat stream, FrameLayout camera, long slotLength) {
        if (b.memories != 1 || !b.dmabuf || b.fd < 0) {
            return COPY;
        }
        if (b.memOffset < 0 || b.memOffset > 0xffffffffL || b.memMaxSize < b.memOffset + slotLength) {
            return COPY;
        }
        if (!stream.format().isRaw()) {
            return b.size >= 1 && b.size <= slotLength ? ZERO_COPY : COPY;
        }
        if (!b.hasLayout()) {
            FrameLayout standard = stream.standardLayout();
            return standard.sameLayout(camera) && standard.fitsIn(b.size) ? ZERO_COPY : COPY;
        }
        if (!camera.sameLayout(b.planes, b.offsets, b.strides)
                || !FrameLayout.fits(camera.format(), camera.width(), camera.height(), b.planes, b.offsets,
                        b.strides, b.size)) {
            return COPY;
        }
        return ZERO_COPY;
    }
}
