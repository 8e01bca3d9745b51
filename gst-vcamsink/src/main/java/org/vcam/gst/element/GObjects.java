package org.vcam.gst.element;

import com.sun.jna.Pointer;
import org.vcam.gst.uapi.GstApi;

/** Small helpers around GObject instances. */
final class GObjects {
    private GObjects() {
    }

    /** g_object_new(type, NULL). */
    static Pointer newObject(long type) {
        Pointer p = GstApi.g_object_new_with_properties(type, 0, null, null);
        if (p == null) {
            throw new IllegalStateException("g_object_new failed for type " + type);
        }
        return p;
    }
}
