package org.vcam.gst.launch;

import org.freedesktop.gstreamer.Element;

/** A vcamsink inside a pipeline vcam-launch built: its settings and counters (gst1-java-core properties). */
final class SinkHandle implements AutoCloseable {
    static final String FACTORY = "vcamsink";

    private final Element element;
    private final String name;

    SinkHandle(Element element) {
        this.element = element;
        this.name = element.getName();
    }

    String name() {
        return name;
    }

    String devicePath() {
        return (String) element.get("device");
    }

    int deviceNr() {
        return ((Number) element.get("device-nr")).intValue();
    }

    void setDeviceNr(int nr) {
        element.set("device-nr", nr);
    }

    String videoDevice() {
        return (String) element.get("video-device");
    }

    SinkSample sample(long nanos) {
        return new SinkSample(nanos, videoDevice(), uint64("frames-queued"), uint64("frames-dropped"),
                uint64("frames-copied"), uint64("frames-zero-copy"), uint64("frames-exported"), uint("consumers"),
                kernelCounters());
    }

    /** The module's own counters of the camera (0 without one). */
    KernelCounters kernelCounters() {
        return new KernelCounters(uint64("kernel-new-frames"), uint64("kernel-new-bytes-copied"),
                uint64("kernel-repeats"), uint64("kernel-repeat-bytes-copied"), uint64("kernel-exported"));
    }

    private long uint64(String property) {
        return ((Number) element.get(property)).longValue();
    }

    private long uint(String property) {
        return ((Number) element.get(property)).longValue() & 0xffffffffL;
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
        element.dispose();
    }
}
