package org.vcam.gst.uapi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** libgstallocators (DMA-BUF memory), libgstvideo (video meta, pools) and libgstapp. */
public final class GstPluginsApi {
    private GstPluginsApi() {
    }

    /** libgstallocators-1.0. */
    public static final class Allocators {
        static {
            Native.register(Allocators.class, NativeLibrary.getInstance("gstallocators-1.0"));
        }

        private Allocators() {
        }

        public static native long gst_dmabuf_allocator_get_type();

        /** GstFdMemoryFlags: keep the mapping until the memory is freed (no mmap/munmap per map). */
        public static final int FD_MEMORY_FLAG_KEEP_MAPPED = 1;

        public static native Pointer gst_dmabuf_allocator_alloc_with_flags(Pointer allocator, int fd, long size, int flags);

        public static native boolean gst_is_dmabuf_memory(Pointer memory);

        public static native int gst_dmabuf_memory_get_fd(Pointer memory);
    }

    /** libgstvideo-1.0. */
    public static final class Video {
        static {
            Native.register(Video.class, NativeLibrary.getInstance("gstvideo-1.0"));
        }

        private Video() {
        }

        public static final String POOL_OPTION_VIDEO_META = "GstBufferPoolOptionVideoMeta";

        /** Offsets in GstVideoMeta (public ABI, LP64). */
        public static final int META_N_PLANES = 44;
        public static final int META_OFFSET = 48;
        public static final int META_STRIDE = 80;

        public static native long gst_video_meta_api_get_type();

        public static native Pointer gst_buffer_get_video_meta(Pointer buffer);

        public static native Pointer gst_video_buffer_pool_new();

        public static native long gst_video_buffer_pool_get_type();

        /** GstVideoFormat values of the raw formats the camera takes. */
        public static final int FORMAT_YUY2 = 4;
        public static final int FORMAT_NV12 = 23;
    }

    /** libgstapp-1.0. */
    public static final class App {
        static {
            Native.register(App.class, NativeLibrary.getInstance("gstapp-1.0"));
        }

        private App() {
        }

        /** GstAppSinkCallbacks: eos, new_preroll, new_sample, then reserved pointers. */
        public static final int CALLBACKS_SIZE = 16 * Native.POINTER_SIZE;
        /** Offset of GstAppSinkCallbacks.new_sample. */
        public static final int CALLBACKS_NEW_SAMPLE = 2 * Native.POINTER_SIZE;

        public interface NewSample extends com.sun.jna.Callback {
            int invoke(Pointer appsink, Pointer userData);
        }

        /**
         * GstAppSinkCallbacks.new_sample on raw addresses. Installed with
         * {@link GLib#storeCallback}, JNA calls it in direct mode: no argument objects per call.
         */
        public interface NewSampleDirect extends com.sun.jna.Callback {
            int invoke(long appsink, long userData);
        }

        public interface Eos extends com.sun.jna.Callback {
            void invoke(Pointer appsink, Pointer userData);
        }

        public static native void gst_app_sink_set_callbacks(Pointer appsink, Pointer callbacks, Pointer userData, Pointer notify);

        public static native Pointer gst_app_sink_pull_sample(Pointer appsink);

    }
}
