package org.vcam.gst.uapi;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * libgstreamer-1.0 functions gst1-java-core does not expose (or exposes only through wrapper
 * objects whose lifetime the element cannot control from inside native callbacks).
 */
public final class GstApi {
    static {
        Native.register(GstApi.class, NativeLibrary.getInstance("gstreamer-1.0"));
    }

    private GstApi() {
    }

    /* GstPadDirection, GstPadPresence */
    public static final int PAD_SINK = 2;
    public static final int PAD_ALWAYS = 0;
    /* GstPadProbeType / GstPadProbeReturn */
    public static final int PROBE_TYPE_QUERY_DOWNSTREAM = 1 << 9;
    public static final int PROBE_TYPE_PUSH = 1 << 12;
    public static final int PROBE_OK = 1;
    public static final int PROBE_HANDLED = 4;
    /* GstFlowReturn */
    public static final int FLOW_OK = 0;
    public static final int FLOW_FLUSHING = -2;
    public static final int FLOW_EOS = -3;
    public static final int FLOW_ERROR = -5;
    /* GstStateChangeReturn and GstStateChange (prev << 3 | next) */
    public static final int STATE_CHANGE_FAILURE = 0;
    public static final int STATE_NULL = 1;
    public static final int STATE_READY = 2;
    public static final int STATE_PAUSED = 3;
    public static final int STATE_PLAYING = 4;
    public static final int NULL_TO_READY = (STATE_NULL << 3) | STATE_READY;
    public static final int READY_TO_PAUSED = (STATE_READY << 3) | STATE_PAUSED;
    public static final int PAUSED_TO_PLAYING = (STATE_PAUSED << 3) | STATE_PLAYING;
    public static final int PLAYING_TO_PAUSED = (STATE_PLAYING << 3) | STATE_PAUSED;
    public static final int PAUSED_TO_READY = (STATE_PAUSED << 3) | STATE_READY;
    public static final int READY_TO_NULL = (STATE_READY << 3) | STATE_NULL;
    /* GstMessageType */
    public static final int MESSAGE_ERROR = 1 << 1;
    public static final int MESSAGE_WARNING = 1 << 2;
    /* GstResourceError / GstStreamError / GstCoreError */
    public static final int RESOURCE_ERROR_FAILED = 1;
    public static final int RESOURCE_ERROR_NOT_FOUND = 3;
    public static final int RESOURCE_ERROR_BUSY = 4;
    public static final int RESOURCE_ERROR_OPEN_READ_WRITE = 7;
    public static final int RESOURCE_ERROR_WRITE = 10;
    public static final int RESOURCE_ERROR_SETTINGS = 13;
    public static final int RESOURCE_ERROR_NO_SPACE_LEFT = 14;
    public static final int RESOURCE_ERROR_NOT_AUTHORIZED = 15;
    public static final int STREAM_ERROR_FAILED = 1;
    public static final int STREAM_ERROR_FORMAT = 11;
    /* GstMapFlags, GstBufferPoolAcquireFlags */
    public static final int MAP_READ = 1;
    public static final int MAP_WRITE = 2;
    public static final int ACQUIRE_FLAG_DONTWAIT = 1 << 1;
    /* GstDebugLevel */
    public static final int LEVEL_ERROR = 1;
    public static final int LEVEL_WARNING = 2;
    public static final int LEVEL_INFO = 4;
    public static final int LEVEL_DEBUG = 5;
    public static final int LEVEL_LOG = 6;
    /* GstRank */
    public static final int RANK_NONE = 0;
    public static final int RANK_MARGINAL = 64;

    /** sizeof(GstMiniObject) on LP64: the public ABI of GStreamer 1.x. */
    public static final int MINI_OBJECT_SIZE = 64;
    /** offsetof(GstMiniObject, refcount). */
    public static final int MINI_OBJECT_REFCOUNT = 8;
    /** offsetof(GstMemory, maxsize). */
    public static final int MEMORY_MAXSIZE = 80;
    /** offsetof(GstBuffer, pool): right after the GstMiniObject. */
    public static final int BUFFER_POOL = 64;
    /** offsetof(GstBufferPool, flushing): right after the GstObject. */
    public static final int BUFFER_POOL_FLUSHING = 88;
    /** sizeof(GstMapInfo) on LP64 and the offsets of its data and size fields. */
    public static final int MAP_INFO_SIZE = 104;
    public static final int MAP_INFO_DATA = 16;
    public static final int MAP_INFO_SIZE_FIELD = 24;
    /** sizeof(GstBufferPoolAcquireParams) on LP64 and the offset of its flags. */
    public static final int ACQUIRE_PARAMS_SIZE = 64;
    public static final int ACQUIRE_PARAMS_FLAGS = 24;
    /** Offsets in GstAllocationParams: flags, align, prefix, padding. */
    public static final int ALLOCATION_PARAMS_ALIGN = 8;
    public static final int ALLOCATION_PARAMS_PREFIX = 16;
    public static final int ALLOCATION_PARAMS_PADDING = 24;

    public interface PadProbe extends Callback {
        int invoke(Pointer pad, Pointer info, Pointer userData);
    }

    public interface ChangeState extends Callback {
        int invoke(Pointer element, int transition);
    }

    public interface AllocFunc extends Callback {
        Pointer invoke(Pointer allocator, long size, Pointer params);
    }

    public static native long gst_bin_get_type();

    public static native long gst_object_get_type();

    public static native boolean gst_element_register(Pointer plugin, String name, int rank, long type);

    public static native void gst_element_class_set_metadata(Pointer klass, String longname, String classification, String description, String author);

    public static native Pointer gst_pad_template_new(String name, int direction, int presence, Pointer caps);

    public static native void gst_element_class_add_pad_template(Pointer klass, Pointer templ);

    public static native Pointer gst_element_class_get_pad_template(Pointer klass, String name);

    public static native Pointer gst_element_factory_make(String factory, String name);

    public static native boolean gst_bin_add(Pointer bin, Pointer element);

    public static native Pointer gst_element_get_static_pad(Pointer element, String name);

    public static native Pointer gst_ghost_pad_new_from_template(String name, Pointer target, Pointer templ);

    public static native boolean gst_element_add_pad(Pointer element, Pointer pad);

    public static native long gst_pad_add_probe(Pointer pad, int mask, PadProbe callback, Pointer userData, Pointer destroy);

    public static native Pointer gst_pad_probe_info_get_query(Pointer info);

    public static native boolean gst_pad_is_linked(Pointer pad);

    public static native void gst_object_unref(Pointer object);

    public static native Pointer gst_object_ref_sink(Pointer object);

    public static native Pointer g_object_new_with_properties(long type, int n, Pointer names, Pointer values);

    public static native Pointer gst_buffer_pool_new();

    public static native Pointer gst_event_new_reconfigure();

    public static native boolean gst_pad_push_event(Pointer pad, Pointer event);

    public static native void gst_mini_object_set_qdata(Pointer object, int quark, Pointer data, Pointer destroy);

    public static native Pointer gst_object_get_name(Pointer object);

    /** The object's name (gst_object_get_name returns a copy, freed here). */
    public static String objectName(Pointer object) {
        return GLib.takeString(gst_object_get_name(object));
    }

    public static native Pointer gst_mini_object_ref(Pointer object);

    public static native void gst_mini_object_unref(Pointer object);

    public static native void gst_util_set_object_arg(Pointer object, String name, String value);

    public static native void gst_element_message_full(Pointer element, int type, int domain, int code, Pointer text, Pointer debug, String file, String function, int line);

    public static native int gst_resource_error_quark();

    public static native int gst_stream_error_quark();

    public static native int gst_core_error_quark();

    /* caps and structures */
    public static native Pointer gst_caps_from_string(String s);

    public static native Pointer gst_caps_to_string(Pointer caps);

    public static native boolean gst_caps_is_equal(Pointer a, Pointer b);

    public static native String gst_query_type_get_name(int type);

    public static native void gst_query_parse_allocation(Pointer query, PointerByReference caps, IntByReference needPool);

    public static native void gst_query_parse_caps(Pointer query, PointerByReference filter);

    public static native void gst_query_add_allocation_pool(Pointer query, Pointer pool, int size, int min, int max);

    public static native void gst_query_add_allocation_meta(Pointer query, long api, Pointer params);

    public static native int gst_query_get_n_allocation_pools(Pointer query);

    public static native void gst_query_add_allocation_param(Pointer query, Pointer allocator, Pointer params);

    /* buffers and memory */
    public static native int gst_buffer_n_memory(Pointer buffer);

    public static native Pointer gst_buffer_peek_memory(Pointer buffer, int index);

    public static native long gst_buffer_get_size(Pointer buffer);

    public static native boolean gst_buffer_map(Pointer buffer, Pointer info, int flags);

    public static native void gst_buffer_unmap(Pointer buffer, Pointer info);

    public static native long gst_memory_get_sizes(Pointer memory, LongByReference offset, LongByReference maxsize);

    public static native void gst_memory_resize(Pointer memory, long offset, long size);

    /* buffer pools */
    public static native Pointer gst_buffer_pool_get_config(Pointer pool);

    public static native void gst_buffer_pool_config_set_params(Pointer config, Pointer caps, int size, int min, int max);

    public static native void gst_buffer_pool_config_set_allocator(Pointer config, Pointer allocator, Pointer params);

    public static native void gst_buffer_pool_config_add_option(Pointer config, String option);

    public static native boolean gst_buffer_pool_set_config(Pointer pool, Pointer config);

    public static native boolean gst_buffer_pool_set_active(Pointer pool, boolean active);

    public static native int gst_buffer_pool_acquire_buffer(Pointer pool, PointerByReference buffer, Pointer params);

    /* samples */
    public static native Pointer gst_sample_get_buffer(Pointer sample);

    public static native Pointer gst_sample_get_caps(Pointer sample);

    /* debug log */
    public static native Pointer _gst_debug_category_new(String name, int color, String description);

    public static native int gst_debug_category_get_threshold(Pointer category);

    public static native void gst_debug_log_literal(Pointer category, int level, String file, String function, int line, Pointer object, String message);

    /** GST_QUERY_TYPE(query). */
    public static int queryType(Pointer query) {
        return query.getInt(MINI_OBJECT_SIZE);
    }

    /** Caps as a string, or "(null)". */
    public static String capsString(Pointer caps) {
        if (caps == null) {
            return "(null)";
        }
        return GLib.takeString(gst_caps_to_string(caps));
    }
}
