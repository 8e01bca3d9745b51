package org.vcam.gst.uapi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The native calls vcamsink makes for every buffer, direct-mapped on raw addresses ({@code long})
 * so that a call allocates nothing on the Java heap (no {@code Pointer} or by-reference objects).
 * Every address passed in must be valid for the call; callers own the references as GStreamer
 * documents for each function.
 */
public final class FrameCalls {
    private FrameCalls() {
    }

    /** libgstreamer-1.0. */
    public static final class Core {
        static {
            Native.register(Core.class, NativeLibrary.getInstance("gstreamer-1.0"));
        }

        private Core() {
        }

        public static native long gst_sample_get_buffer(long sample);

        public static native long gst_sample_get_caps(long sample);

        public static native boolean gst_caps_is_equal(long a, long b);

        public static native int gst_buffer_n_memory(long buffer);

        public static native long gst_buffer_peek_memory(long buffer, int index);

        public static native long gst_buffer_get_size(long buffer);

        public static native long gst_memory_get_sizes(long memory, long offsetOut, long maxsizeOut);

        public static native boolean gst_buffer_map(long buffer, long mapInfo, int flags);

        public static native void gst_buffer_unmap(long buffer, long mapInfo);

        public static native long gst_mini_object_ref(long object);

        public static native void gst_mini_object_unref(long object);

        public static native int gst_buffer_pool_acquire_buffer(long pool, long bufferOut, long params);

        public static native void gst_buffer_pool_release_buffer(long pool, long buffer);

        public static native long gst_object_ref(long object);

        public static native void gst_object_unref(long object);

        public static native long gst_buffer_new();

        public static native void gst_buffer_append_memory(long buffer, long memory);

        public static native long gst_mini_object_get_qdata(long object, int quark);

        public static native void gst_memory_resize(long memory, long offset, long size);
    }

    /** libgstapp-1.0. */
    public static final class App {
        static {
            Native.register(App.class, NativeLibrary.getInstance("gstapp-1.0"));
        }

        private App() {
        }

        public static native long gst_app_sink_pull_sample(long appsink);
    }

    /** libgstvideo-1.0. */
    public static final class Video {
        static {
            Native.register(Video.class, NativeLibrary.getInstance("gstvideo-1.0"));
        }

        private Video() {
        }

        public static native long gst_buffer_get_video_meta(long buffer);

        public static native long gst_buffer_add_video_meta_full(long buffer, int flags, int format, int width,
                int height, int planes, long offsets, long strides);
    }

    /** libgstallocators-1.0. */
    public static final class Allocators {
        static {
            Native.register(Allocators.class, NativeLibrary.getInstance("gstallocators-1.0"));
        }

        private Allocators() {
        }

        public static native boolean gst_is_dmabuf_memory(long memory);

        public static native int gst_dmabuf_memory_get_fd(long memory);

        public static native long gst_dmabuf_allocator_alloc_with_flags(long allocator, int fd, long size, int flags);
    }

    /** libc. */
    public static final class C {
        static {
            Native.register(C.class, NativeLibrary.getInstance("c"));
        }

        private C() {
        }

        public static native long memcpy(long dst, long src, long n);

    }
}
