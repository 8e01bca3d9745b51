package org.vcam.gst.element;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.vcam.gst.uapi.Address;
import org.vcam.gst.uapi.FrameCalls.Allocators;
import org.vcam.gst.uapi.FrameCalls.C;
import org.vcam.gst.uapi.FrameCalls.Core;
import org.vcam.gst.uapi.FrameCalls.Video;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi;

/**
 * Reads and copies GstBuffers for the frame path: memory, DMA-BUF fd, video meta; mapping;
 * buffers from a pool without waiting. Every native call goes through {@code FrameCalls} on raw
 * addresses and every out-parameter lives in memory allocated once here, so nothing is
 * allocated per buffer. Confined to the streaming thread of one sink.
 */
final class BufferReader {
    private static final long SIZES_OFFSET = 0;
    private static final long SIZES_MAXSIZE = 8;

    private final Memory sizes = new Memory(16);
    private final Memory mapIn = new Memory(GstApi.MAP_INFO_SIZE);
    private final Memory mapOut = new Memory(GstApi.MAP_INFO_SIZE);
    private final Memory acquireParams = new Memory(GstApi.ACQUIRE_PARAMS_SIZE);
    private final Memory acquired = new Memory(com.sun.jna.Native.POINTER_SIZE);
    private final Address meta = new Address();
    private final NativeMover mover = new NativeMover();

    BufferReader() {
        acquireParams.clear();
        acquireParams.setInt(GstApi.ACQUIRE_PARAMS_FLAGS, GstApi.ACQUIRE_FLAG_DONTWAIT);
    }

    /**
     * Fills {@code out} for {@code buffer}: its layout is the GstVideoMeta if it has a usable one,
     * else {@code standard} (GStreamer's default layout of the stream; null for JPEG).
     */
    void describe(long buffer, FrameFormat format, FrameLayout standard, BufferInfo out) {
        out.clear();
        out.memories = Core.gst_buffer_n_memory(buffer);
        out.size = Core.gst_buffer_get_size(buffer);
        if (out.memories == 1) {
            long mem = Core.gst_buffer_peek_memory(buffer, 0);
            long base = Pointer.nativeValue(sizes);
            Core.gst_memory_get_sizes(mem, base + SIZES_OFFSET, base + SIZES_MAXSIZE);
            out.memOffset = sizes.getLong(SIZES_OFFSET);
            out.memMaxSize = sizes.getLong(SIZES_MAXSIZE);
            out.dmabuf = Allocators.gst_is_dmabuf_memory(mem);
            if (out.dmabuf) {
                out.fd = Allocators.gst_dmabuf_memory_get_fd(mem);
            }
        }
        if (standard == null) {
            return;
        }
        if (!readVideoMeta(buffer, format, out)) {
            out.setLayout(standard);
        }
    }

    /* GstVideoMeta: n_planes, offset[4] (gsize), stride[4] (gint); offsets layout-tested */
    private boolean readVideoMeta(long buffer, FrameFormat format, BufferInfo out) {
        long m = Video.gst_buffer_get_video_meta(buffer);
        if (m == 0) {
            return false;
        }
        Address p = meta.at(m);
        int planes = p.getInt(GstPluginsApi.Video.META_N_PLANES);
        if (planes != FrameLayout.planes(format)) {
            return false;
        }
        for (int i = 0; i < planes; i++) {
            out.offsets[i] = p.getLong(GstPluginsApi.Video.META_OFFSET + 8L * i);
            out.strides[i] = p.getInt(GstPluginsApi.Video.META_STRIDE + 4L * i);
        }
        out.planes = planes;
        return true;
    }

    /**
     * Copies the frame of {@code src} (described by {@code info}) into {@code dst}: raw frames are
     * repacked into {@code to}, JPEG copied as it is. Returns false when a buffer cannot be mapped.
     *
     * @throws IllegalArgumentException if a buffer is too small for its layout
     */
    boolean copy(long src, BufferInfo info, long dst, FrameLayout to) {
        long in = Pointer.nativeValue(mapIn);
        long outInfo = Pointer.nativeValue(mapOut);
        if (!Core.gst_buffer_map(src, in, GstApi.MAP_READ)) {
            return false;
        }
        try {
            if (!Core.gst_buffer_map(dst, outInfo, GstApi.MAP_WRITE)) {
                return false;
            }
            try {
                mover.src = mapIn.getLong(GstApi.MAP_INFO_DATA);
                mover.dst = mapOut.getLong(GstApi.MAP_INFO_DATA);
                long srcSize = mapIn.getLong(GstApi.MAP_INFO_SIZE_FIELD);
                long dstSize = mapOut.getLong(GstApi.MAP_INFO_SIZE_FIELD);
                if (to == null) {
                    if (srcSize > dstSize) {
                        throw new IllegalArgumentException("JPEG frame of " + srcSize + " bytes in a buffer of " + dstSize);
                    }
                    mover.move(0, 0, srcSize);
                } else {
                    Repack.copy(mover, srcSize, info.planes, info.offsets, info.strides, dstSize, to);
                }
                return true;
            } finally {
                Core.gst_buffer_unmap(dst, outInfo);
            }
        } finally {
            Core.gst_buffer_unmap(src, in);
        }
    }

    /** Fills a pool buffer with black in the layout {@code to}; false if it cannot be mapped. */
    boolean fillBlack(long buffer, FrameLayout to) {
        long info = Pointer.nativeValue(mapOut);
        if (!Core.gst_buffer_map(buffer, info, GstApi.MAP_WRITE)) {
            return false;
        }
        try {
            Pointer data = new Pointer(mapOut.getLong(GstApi.MAP_INFO_DATA));
            Repack.fillBlack(data.getByteBuffer(0, mapOut.getLong(GstApi.MAP_INFO_SIZE_FIELD)), to);
            return true;
        } finally {
            Core.gst_buffer_unmap(buffer, info);
        }
    }

    /** A buffer from an active pool without waiting (its address, one reference), or 0 when all are in use. */
    long acquireNow(long pool) {
        acquired.setLong(0, 0);
        int flow = Core.gst_buffer_pool_acquire_buffer(pool, Pointer.nativeValue(acquired),
                Pointer.nativeValue(acquireParams));
        return flow == GstApi.FLOW_OK ? acquired.getLong(0) : 0;
    }

    /** memcpy between two mapped regions. */
    private static final class NativeMover implements Repack.Mover {
        long src;
        long dst;

        @Override
        public void move(long dstOffset, long srcOffset, long n) {
            C.memcpy(dst + dstOffset, src + srcOffset, n);
        }
    }
}
