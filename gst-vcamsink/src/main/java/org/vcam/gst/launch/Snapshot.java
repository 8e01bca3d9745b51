package org.vcam.gst.launch;

import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.message.Message;
import org.freedesktop.gstreamer.message.MessageType;
import org.vcam.gst.uapi.GstLaunchApi;

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
    private String failure;

    private Snapshot(Pipeline pipeline, int after) {
        this.pipeline = pipeline;
        this.after = after;
    }

    /** Starts capturing from {@code videoDevice} into {@code file} the {@code after}-th frame. */
    static Snapshot start(String videoDevice, Path file, int after) {
        Pipeline p = Pipeline.parse(DESCRIPTION, GstLookup.INSTANCE);
        Snapshot s = new Snapshot(p, after);
        Element camera = p.element("camera");
        Element sink = p.element("file");
        camera.set("device", videoDevice);
        sink.set("location", file.toString());
        Pad pad = camera.getStaticPad("src");
        pad.addProbe(PadProbeType.BUFFER, (pd, info) -> s.seen.incrementAndGet() < s.after ? PadProbeReturn.DROP
                : PadProbeReturn.OK);
        if (p.setState(org.freedesktop.gstreamer.State.PLAYING) == StateChangeReturn.FAILURE) {
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
        Message msg;
        while ((msg = pipeline.pop(0)) != null) {
            try {
                if (msg.getType() == MessageType.EOS) {
                    return State.DONE;
                }
                if (msg.getType() == MessageType.ERROR) {
                    PointerByReference err = new PointerByReference();
                    PointerByReference debug = new PointerByReference();
                    GstLaunchApi.GST.gst_message_parse_error(Natives.getRawPointer(msg), err, debug);
                    GstLaunchApi.takeString(debug.getValue());
                    failure = GstLaunchApi.Error.take(err.getValue()).message() + " (from "
                            + PipelineRunner.sourcePath(msg) + ")";
                    return State.FAILED;
                }
            } finally {
                msg.dispose();
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
