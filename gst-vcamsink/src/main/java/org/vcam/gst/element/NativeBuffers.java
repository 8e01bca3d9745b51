package org.vcam.gst.element;

import com.sun.jna.Pointer;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi.Video;

/** Buffer pools of DMA-BUF memory (set up and torn down outside the frame path). */
final class NativeBuffers {
    private NativeBuffers() {
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

    /** Deactivates {@code pool} and drops the reference to it. */
    static void deactivate(Pointer pool) {
        GstApi.gst_buffer_pool_set_active(pool, false);
        GstApi.gst_object_unref(pool);
    }
}
