package org.vcam.gst.launch;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --snapshot FILE.png}: a second pipeline that opens the camera as any V4L2 application
 * would ({@code v4l2src}), skips the first frames and writes frame N as a PNG (YUYV, NV12 or
 * MJPEG cameras alike).
 */
final class Snapshot implements AutoCloseable {
    /** Where the snapshot stands. */
    enum State { RUNNING, DONE, FAILED }

    /* decodebin passes raw video through and decodes an MJPEG camera */
    private static final String DESCRIPTION =
            "v4l2src name=camera ! decodebin ! videoconvert ! pngenc snapshot=true ! filesink name=file";

    private final Pipeline pipeline;
    private final AtomicInteger seen = new AtomicInteger();
    private final int after;
    /* referenced while the probe may run: GLib holds only the raw function pointer */
    private final GstNative.PadProbe skip;
    private String failure;

    private Snapshot(Pipeline pipeline, int after) {
        this.pipeline = pipeline;
        this.after = after;
        this.skip = (pad, info, data) -> seen.incrementAndGet() < this.after ? GstNative.PROBE_DROP
                : GstNative.PROBE_OK;
    }

    /** Starts capturing from {@code videoDevice} into {@code file} the {@code after}-th frame. */
    static Snapshot start(String videoDevice, Path file, int after) {
        Pipeline p = Pipeline.parse(DESCRIPTION, GstLookup.INSTANCE);
        Snapshot s = new Snapshot(p, after);
        Pointer camera = GstNative.GST.gst_bin_get_by_name(p.pointer(), "camera");
        Pointer sink = GstNative.GST.gst_bin_get_by_name(p.pointer(), "file");
        try {
            GstNative.GST.gst_util_set_object_arg(camera, "device", videoDevice);
            GstNative.GST.gst_util_set_object_arg(sink, "location", file.toString());
            Pointer pad = GstNative.GST.gst_element_get_static_pad(camera, "src");
            GstNative.GST.gst_pad_add_probe(pad, GstNative.PROBE_TYPE_BUFFER, s.skip, null, null);
            GstNative.GST.gst_object_unref(pad);
        } finally {
            GstNative.GST.gst_object_unref(camera);
            GstNative.GST.gst_object_unref(sink);
        }
        if (p.setState(GstNative.STATE_PLAYING) == GstNative.STATE_CHANGE_FAILURE) {
            s.failure = "cannot start capturing from " + videoDevice;
        }
        return s;
    }

    /** Frames the consumer received so far. */
    int framesSeen() {
        return seen.get();
    }

    /** Handles what the snapshot pipeline posted since the last call (never waits). */
    State poll() {
        if (failure != null) {
            return State.FAILED;
        }
        Pointer msg;
        while ((msg = pipeline.pop(0)) != null) {
            try {
                int type = GstNative.messageType(msg);
                if (type == GstNative.MESSAGE_EOS) {
                    return State.DONE;
                }
                if (type == GstNative.MESSAGE_ERROR) {
                    PointerByReference err = new PointerByReference();
                    PointerByReference debug = new PointerByReference();
                    GstNative.GST.gst_message_parse_error(msg, err, debug);
                    GstNative.takeString(debug.getValue());
                    failure = GstNative.GError.take(err.getValue()).message() + " (from "
                            + GstNative.pathOf(GstNative.messageSource(msg)) + ")";
                    return State.FAILED;
                }
            } finally {
                GstNative.GST.gst_mini_object_unref(msg);
            }
        }
        return State.RUNNING;
    }

    String failure() {
        return failure;
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
