package org.vcam.gst.element;

import com.sun.jna.Pointer;
import org.vcam.gst.uapi.GstApi;

/** The "vcamsink" GStreamer debug category (GST_DEBUG=vcamsink:5). */
final class GstLog {
    private static Pointer category;

    private GstLog() {
    }

    static synchronized void init() {
        if (category == null) {
            category = GstApi._gst_debug_category_new("vcamsink", 0, "vcam virtual camera sink");
        }
    }

    private static void log(int level, Pointer object, String message) {
        Pointer c = category;
        if (c == null || GstApi.gst_debug_category_get_threshold(c) < level) {
            return;
        }
        StackTraceElement caller = StackWalker.getInstance().walk(s -> s.skip(2).findFirst()).map(f -> f.toStackTraceElement()).orElse(null);
        GstApi.gst_debug_log_literal(c, level, caller == null ? "?" : caller.getFileName(),
                caller == null ? "?" : caller.getMethodName(), caller == null ? 0 : caller.getLineNumber(),
                object, message);
    }

    static boolean enabled(int level) {
        Pointer c = category;
        return c != null && GstApi.gst_debug_category_get_threshold(c) >= level;
    }

    static void error(Pointer object, String message) {
        log(GstApi.LEVEL_ERROR, object, message);
    }

    static void warning(Pointer object, String message) {
        log(GstApi.LEVEL_WARNING, object, message);
    }

    static void info(Pointer object, String message) {
        log(GstApi.LEVEL_INFO, object, message);
    }

    static void debug(Pointer object, String message) {
        log(GstApi.LEVEL_DEBUG, object, message);
    }

    static void trace(Pointer object, String message) {
        log(GstApi.LEVEL_LOG, object, message);
    }
}
