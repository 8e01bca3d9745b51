package org.vcam.gst.launch;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/** A vcamsink inside a pipeline vcam-launch built: its settings and counters (holds a reference). */
final class SinkHandle implements AutoCloseable {
    static final String FACTORY = "vcamsink";

    private final Pointer element;
    private final String name;

    SinkHandle(Pointer element) {
        this.element = element;
        this.name = GstNative.nameOf(element);
    }

    String name() {
        return name;
    }

    String devicePath() {
        return string("device");
    }

    int deviceNr() {
        IntByReference v = new IntByReference();
        GstNative.GOBJECT.g_object_get(element, "device-nr", v, null);
        return v.getValue();
    }

    void setDeviceNr(int nr) {
        GstNative.GST.gst_util_set_object_arg(element, "device-nr", Integer.toString(nr));
    }

    String videoDevice() {
        return string("video-device");
    }

    SinkSample sample(long nanos) {
        return new SinkSample(nanos, videoDevice(), uint64("frames-queued"), uint64("frames-dropped"),
                uint64("frames-copied"), uint64("frames-zero-copy"), uint("consumers"));
    }

    private String string(String property) {
        PointerByReference v = new PointerByReference();
        GstNative.GOBJECT.g_object_get(element, property, v, null);
        return GstNative.takeString(v.getValue());
    }

    private long uint64(String property) {
        LongByReference v = new LongByReference();
        GstNative.GOBJECT.g_object_get(element, property, v, null);
        return v.getValue();
    }

    private long uint(String property) {
        IntByReference v = new IntByReference();
        GstNative.GOBJECT.g_object_get(element, property, v, null);
        return Integer.toUnsignedLong(v.getValue());
    }

    /** N of "/dev/videoN", or -1. */
    static int videoNumber(String videoDevice) {
        if (videoDevice == null || !videoDevice.matches("/dev/video\\d+")) {
            return -1;
        }
        return Integer.parseInt(videoDevice.substring("/dev/video".length()));
    }

    @Override
    public void close() {
        GstNative.GST.gst_object_unref(element);
    }
}
