package org.vcam.gst.element;

import com.sun.jna.Pointer;
import org.vcam.gst.uapi.GLib;
import org.vcam.gst.uapi.GstApi;

/** Posts a vcamsink's errors and warnings on the bus as element messages (and logs errors). */
final class ElementMessages {
    private final Pointer element;

    ElementMessages(Pointer element) {
        this.element = element;
    }

    /** An ERROR message; {@code function} names where it came from (the debug detail). */
    void error(UserError e, String function) {
        GstLog.error(element, e.message());
        post(GstApi.MESSAGE_ERROR, e, function);
    }

    /** A WARNING message about a resource (the camera moved, ...). */
    void warning(String message, String function) {
        post(GstApi.MESSAGE_WARNING, new UserError(UserError.Domain.RESOURCE, GstApi.RESOURCE_ERROR_BUSY,
                message, null), function);
    }

    private void post(int type, UserError e, String function) {
        int domain;
        switch (e.domain()) {
            case STREAM:
                domain = GstApi.gst_stream_error_quark();
                break;
            case CORE:
                domain = GstApi.gst_core_error_quark();
                break;
            default:
                domain = GstApi.gst_resource_error_quark();
                break;
        }
        GstApi.gst_element_message_full(element, type, domain, e.code(), GLib.g_strdup(e.message()),
                e.debug() == null ? null : GLib.g_strdup(e.debug()), "VcamSinkElement.java", function, 0);
    }
}
