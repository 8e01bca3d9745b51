package org.vcam.gst.uapi;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/** g_log(), which is variadic and so needs JNA's interface mapping. */
public final class GLibLog {
    private GLibLog() {
    }

    private interface Lib extends Library {
        void g_log(String domain, int level, String format, Object... args);

        int g_log_set_handler(String domain, int levels, LogFunc handler, Pointer data);

        void g_log_remove_handler(String domain, int handlerId);
    }

    /** GLogFunc. */
    public interface LogFunc extends Callback {
        void invoke(String domain, int level, String message, Pointer data);
    }

    private static final int G_LOG_LEVEL_WARNING = 1 << 4;
    private static Lib lib;

    private static synchronized Lib lib() {
        if (lib == null) {
            lib = Native.load("glib-2.0", Lib.class);
        }
        return lib;
    }

    /**
     * Runs {@code body} and returns the warnings the given log domains logged meanwhile (with
     * g_log, on any thread), which then are not printed.
     */
    public static List<String> collectWarnings(List<String> domains, Runnable body) {
        List<String> seen = new ArrayList<>();
        LogFunc collect = (domain, level, message, data) -> {
            synchronized (seen) {
                seen.add(message);
            }
        };
        Lib l = lib();
        int[] ids = new int[domains.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = l.g_log_set_handler(domains.get(i), G_LOG_LEVEL_WARNING, collect, null);
        }
        try {
            body.run();
        } finally {
            for (int i = 0; i < ids.length; i++) {
                l.g_log_remove_handler(domains.get(i), ids[i]);
            }
        }
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** One warning line on stderr in GLib's format ("domain-WARNING **: message"). */
    public static void warning(String domain, String message) {
        lib().g_log(domain, G_LOG_LEVEL_WARNING, "%s", message);
    }
}
