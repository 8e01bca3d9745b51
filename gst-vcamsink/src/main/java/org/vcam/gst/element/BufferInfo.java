package org.vcam.gst.element;

/**
 * What the sink needs to know about one incoming buffer to choose its path.
 *
 * @param memories number of GstMemory blocks
 * @param dmabuf the single memory is DMA-BUF memory
 * @param fd its file descriptor (or -1)
 * @param memOffset offset of the buffer's data inside the DMA-BUF
 * @param memMaxSize bytes from the start of the DMA-BUF region to its end
 * @param size bytes of data in the buffer
 * @param meta the buffer's GstVideoMeta layout, or null when it has none
 */
public record BufferInfo(int memories, boolean dmabuf, int fd, long memOffset, long memMaxSize,
        long size, FrameLayout meta) {
}
