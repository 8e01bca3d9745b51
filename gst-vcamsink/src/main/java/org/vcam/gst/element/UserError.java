package org.vcam.gst.element;

import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.VcamException;

/**
 * An error as the user sees it on the bus: a GStreamer error domain and code, one message that
 * says what to do, and the technical detail for the debug string.
 */
public record UserError(Domain domain, int code, String message, String debug) {

    /** GStreamer error domains the sink uses. */
    public enum Domain { RESOURCE, STREAM, CORE }

    /** Opening the control device failed. */
    public static UserError open(VcamException e) {
        String path = e.path();
        switch (e.errno()) {
            case LibC.ENOENT:
            case LibC.ENODEV:
            case LibC.ENXIO:
                return new UserError(Domain.RESOURCE, GstApi.RESOURCE_ERROR_NOT_FOUND,
                        path + " does not exist: the vcam kernel module is not loaded. Load it: sudo modprobe vcam"
                        + " (or ./scripts/setup install)", e.getMessage());
            case LibC.EACCES:
            case LibC.EPERM:
                return new UserError(Domain.RESOURCE, GstApi.RESOURCE_ERROR_NOT_AUTHORIZED,
                        "permission denied opening " + path + ": add your user to the 'video' group"
                        + " (sudo usermod -aG video $USER, then log in again) and install the udev rule"
                        + " kmod/60-vcam.rules (sudo cp kmod/60-vcam.rules /etc/udev/rules.d/ &&"
                        + " sudo udevadm trigger)", e.getMessage());
            default:
                return new UserError(Domain.RESOURCE, GstApi.RESOURCE_ERROR_OPEN_READ_WRITE,
                        "cannot open " + path + ": " + e.getMessage(), e.getMessage());
        }
    }

    /** Creating the camera failed. */
    public static UserError create(VcamException e, StreamFormat stream, int deviceNr, int frames) {
        switch (e.errno()) {
            case LibC.ENFILE:
                return new UserError(Domain.RESOURCE, GstApi.RESOURCE_ERROR_BUSY,
                        "/dev/video" + deviceNr + " is already taken: set device-nr to a free number"
                        + " or to -1 (any)", e.getMessage());
            case LibC.EDQUOT:
            case LibC.EMFILE:
            case LibC.EBUSY:
                return new UserError(Domain.RESOURCE, GstApi.RESOURCE_ERROR_BUSY,
                        "cannot create another camera: this user owns as many cameras as the vcam module"
                        + " allows (module parameter max_cameras_per_user); stop another producer first",
                        e.getMessage());
            case LibC.ENOMEM:
            case LibC.ENOSPC:
            case 27: /* EFBIG */
            case 7: /* E2BIG */
                return new UserError(Domain.RESOURCE, GstApi.RESOURCE_ERROR_NO_SPACE_LEFT,
                        "camera " + stream + " with " + frames + " frames is too large for the vcam module"
                        + " (module parameter max_camera_mb): lower frames or the frame size",
                        e.getMessage());
            case LibC.EINVAL:
            case LibC.ERANGE:
                return new UserError(Domain.STREAM, GstApi.STREAM_ERROR_FORMAT,
                        "the vcam module refused the camera " + stream + ": size out of range or"
                        + " format unsupported (supported: " + FrameFormat.SUPPORTED + ")",
                        e.getMessage());
            default:
                return new UserError(Domain.RESOURCE, GstApi.RESOURCE_ERROR_FAILED,
                        "cannot create the camera " + stream + ": " + e.getMessage(), e.getMessage());
        }
    }

    /** The readers property asks for more capture nodes than the module gives a camera. */
    public static UserError readers(int requested, int limit) {
        return new UserError(Domain.RESOURCE, GstApi.RESOURCE_ERROR_SETTINGS,
                "readers=" + requested + " is more than the vcam module allows: at most " + limit + " capture node"
                + (limit == 1 ? "" : "s") + " a camera" + (limit == 1 ? " (this module has no readers support;"
                + " update the vcam module)" : "") + "; set readers to 0.." + limit, null);
    }

    /** The stream format cannot go to a camera. */
    public static UserError unsupported(StreamFormat.Unsupported e) {
        return new UserError(Domain.STREAM, GstApi.STREAM_ERROR_FORMAT, e.getMessage(), null);
    }

    /** Any other device failure while streaming. */
    public static UserError io(String what, VcamException e) {
        return new UserError(Domain.RESOURCE, GstApi.RESOURCE_ERROR_WRITE, what + ": " + e.getMessage(),
                e.getMessage());
    }
}
