package org.vcam.gst.element;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi.Allocators;
import org.vcam.gst.uapi.GstPluginsApi.Video;

/** Reading GstBuffers: memory, DMA-BUF fd, video meta; mapping; buffer pools. */
final class NativeBuffers {
    private NativeBuffers() {
    }

    /** Describes {@code buffer} for {@link FramePath#choose}. */
    static BufferInfo describe(Pointer buffer, StreamFormat stream) {
        int n = GstApi.gst_buffer_n_memory(buffer);
        long size = GstApi.gst_buffer_get_size(buffer);
        boolean dmabuf = false;
        int fd = -1;
        long offset = 0;
        long maxsize = 0;
        if (n == 1) {
            Pointer mem = GstApi.gst_buffer_peek_memory(buffer, 0);
            LongByReference off = new LongByReference();
            LongByReference max = new LongByReference();
            GstApi.gst_memory_get_sizes(mem, off, max);
            offset = off.getValue();
            maxsize = max.getValue();
            dmabuf = Allocators.gst_is_dmabuf_memory(mem);
            if (dmabuf) {
                fd = Allocators.gst_dmabuf_memory_get_fd(mem);
            }
        }
        return new BufferInfo(n, dmabuf, fd, offset, maxsize, size, videoMeta(buffer, stream));
    }

    /** The buffer's GstVideoMeta as a layout, or null (none, or not matching the stream). */
    static FrameLayout videoMeta(Pointer buffer, StreamFormat stream) {
        if (!stream.format().isRaw()) {
            return null;
        }
        Pointer meta = Video.gst_buffer_get_video_meta(buffer);
        if (meta == null) {
            return null;
        }
        int planes = meta.getInt(Video.META_N_PLANES);
        if (planes != FrameLayout.planes(stream.format())) {
            return null;
        }
        long[] offsets = new long[planes];
        int[] strides = new int[planes];
        for (int p = 0; p < planes; p++) {
            offsets[p] = meta.getLong(Video.META_OFFSET + 8L * p);
            strides[p] = meta.getInt(Video.META_STRIDE + 4L * p);
        }
        return new FrameLayout(stream.format(), stream.width(), stream.height(), offsets, strides);
    }

    /** A mapped buffer; close() unmaps. */
    static final class Mapping implements AutoCloseable {
        private final Pointer buffer;
        private final Memory info = new Memory(GstApi.MAP_INFO_SIZE);
        private boolean mapped;

        Mapping(Pointer buffer, int flags) {
            this.buffer = buffer;
            info.clear();
            mapped = GstApi.gst_buffer_map(buffer, info, flags);
            if (!mapped) {
                throw new IllegalStateException("cannot map buffer");
            }
        }

        ByteBuffer bytes() {
            long size = info.getLong(GstApi.MAP_INFO_SIZE_FIELD);
            return info.getPointer(GstApi.MAP_INFO_DATA).getByteBuffer(0, size);
        }

        @Override
        public void close() {
            if (mapped) {
                GstApi.gst_buffer_unmap(buffer, info);
                mapped = false;
            }
        }
    }

    /**
     * A buffer pool of DMA-BUF memory from {@code allocator}: a video pool with GstVideoMeta for
     * raw caps, a plain pool of {@code size}-byte buffers otherwise. Returns a full reference.
     */
    static Pointer newPool(Pointer allocator, Pointer caps, boolean raw, int size, int min, int max) {
        Pointer pool = raw ? Video.gst_video_buffer_pool_new() : GstApi.gst_buffer_pool_new();
        GstApi.gst_object_ref_sink(pool);
        Pointer config = GstApi.gst_buffer_pool_get_config(pool);
        GstApi.gst_buffer_pool_config_set_params(config, caps, size, min, max);
        GstApi.gst_buffer_pool_config_set_allocator(config, allocator, null);
        if (raw) {
            GstApi.gst_buffer_pool_config_add_option(config, Video.POOL_OPTION_VIDEO_META);
        }
        if (!GstApi.gst_buffer_pool_set_config(pool, config)) {
            GstApi.gst_object_unref(pool);
            throw new IllegalStateException("buffer pool refused its configuration for "
                    + GstApi.capsString(caps));
        }
        return pool;
    }

    /** A buffer from an active pool without waiting, or null when all are in use. */
    static Pointer acquireNow(Pointer pool) {
        Memory params = new Memory(GstApi.ACQUIRE_PARAMS_SIZE);
        params.clear();
        params.setInt(GstApi.ACQUIRE_PARAMS_FLAGS, GstApi.ACQUIRE_FLAG_DONTWAIT);
        PointerByReference out = new PointerByReference();
        int flow = GstApi.gst_buffer_pool_acquire_buffer(pool, out, params);
        return flow == GstApi.FLOW_OK ? out.getValue() : null;
    }
}
