package org.vcam.gst.uapi;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** g_log(), which is variadic and so needs JNA's interface mapping. */
public final class GLibLog {
    private GLibLog() {
    }

    private interface Lib extends Library {
        void g_log(String domain, int level, String format, Object... args);
    }

    private static final int G_LOG_LEVEL_WARNING = 1 << 4;
    private static Lib lib;

    private static synchronized Lib lib() {
        if (lib == null) {
            lib = Native.load("glib-2.0", Lib.class);
        }
        return lib;
    }

    /** One warning line on stderr in GLib's format ("domain-WARNING **: message"). */
    public static void warning(String domain, String message) {
        lib().g_log(domain, G_LOG_LEVEL_WARNING, "%s", message);
    }
}
