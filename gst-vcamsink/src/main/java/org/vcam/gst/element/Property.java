package org.vcam.gst.element;

/** The properties of vcamsink: GObject property id, name, kind, description. */
public enum Property {
    DEVICE(1, "device", Kind.STRING, true, "Path of the vcam control device", SinkSettings.DEFAULT_DEVICE),
    LABEL(2, "label", Kind.STRING, true, "Camera name shown to applications (at most 31 printable"
            + " ASCII characters; empty: \"vcam N\")", null),
    DEVICE_NR(3, "device-nr", Kind.INT, true, "N of the /dev/videoN to create (-1: the first free one)", "-1"),
    FRAMES(4, "frames", Kind.INT, true, "Number of frame slots of the camera", String.valueOf(SinkSettings.DEFAULT_FRAMES)),
    IDLE(5, "idle", Kind.ENUM, true, "What the camera shows while the pipeline is paused", IdleMode.LAST.nick()),
    SYNC(6, "sync", Kind.BOOLEAN, true, "Show frames at their time on the clock (passed to the appsink)", "true"),
    VIDEO_DEVICE(7, "video-device", Kind.STRING, false, "The /dev/videoN of the camera, while it exists", null),
    FRAMES_QUEUED(8, "frames-queued", Kind.UINT64, false, "Frames handed to the camera", "0"),
    FRAMES_DROPPED(9, "frames-dropped", Kind.UINT64, false, "Frames dropped because every slot was busy", "0"),
    FRAMES_COPIED(10, "frames-copied", Kind.UINT64, false, "Frames copied once into a DMA-BUF of the sink", "0"),
    FRAMES_ZERO_COPY(11, "frames-zero-copy", Kind.UINT64, false, "Frames handed over in their own DMA-BUF without a copy", "0"),
    CONSUMERS(12, "consumers", Kind.UINT, false, "Applications that have the camera open (0 while there is no camera)", "0"),
    READERS(13, "readers", Kind.INT, true, "Capture nodes of the camera, each streamed by its own application"
            + " (0: the module's default)", String.valueOf(SinkSettings.DEFAULT_READERS)),
    VIDEO_DEVICES(14, "video-devices", Kind.STRING, false, "Every capture node of the camera, comma-separated"
            + " (reader 0 first), while it exists", null),
    KERNEL_NEW_FRAMES(15, "kernel-new-frames", Kind.UINT64, false, "The module's count of capture buffers completed"
            + " with a new frame, all capture nodes (VCAM_IOC_STATS delivered; 0 without a camera)", "0"),
    KERNEL_NEW_BYTES_COPIED(16, "kernel-new-bytes-copied", Kind.UINT64, false, "Bytes the module copied for new"
            + " frames (VCAM_IOC_STATS bytes_copied)", "0"),
    KERNEL_REPEATS(17, "kernel-repeats", Kind.UINT64, false, "Capture buffers the module completed with a repeated"
            + " or placeholder frame (VCAM_IOC_STATS repeated)", "0"),
    KERNEL_REPEAT_BYTES_COPIED(18, "kernel-repeat-bytes-copied", Kind.UINT64, false, "Bytes the module copied for"
            + " repeated and placeholder frames (VCAM_IOC_STATS repeat_bytes_copied)", "0"),
    EXPORT(19, "export", Kind.BOOLEAN, true, "Export mode when the module offers it: upstream renders straight into"
            + " the buffers of consumers that stream MMAP buffers (no copy in the module); false: the sink's own"
            + " DMA-BUFs only", "true"),
    FRAMES_EXPORTED(20, "frames-exported", Kind.UINT64, false, "Frames rendered into a consumer's own buffer"
            + " (export mode; counted in frames-zero-copy too)", "0"),
    KERNEL_EXPORTED(21, "kernel-exported", Kind.UINT64, false, "New frames the module delivered in the consumer's"
            + " own buffer the producer rendered into (VCAM_IOC_STATS exported)", "0");

    /** GValue kinds used. */
    public enum Kind { STRING, INT, BOOLEAN, ENUM, UINT, UINT64 }

    private final int id;
    private final String propName;
    private final Kind kind;
    private final boolean writable;
    private final String blurb;
    private final String defaultValue;

    Property(int id, String name, Kind kind, boolean writable, String blurb, String defaultValue) {
        this.id = id;
        this.propName = name;
        this.kind = kind;
        this.writable = writable;
        this.blurb = blurb;
        this.defaultValue = defaultValue;
    }

    public int id() {
        return id;
    }

    public String propName() {
        return propName;
    }

    public Kind kind() {
        return kind;
    }

    public boolean writable() {
        return writable;
    }

    public String blurb() {
        return blurb;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** Range text for inspection, or null. */
    public String range() {
        switch (this) {
            case DEVICE_NR:
                return SinkSettings.MIN_DEVICE_NR + " - " + SinkSettings.MAX_DEVICE_NR;
            case FRAMES:
                return SinkSettings.MIN_FRAMES + " - " + SinkSettings.MAX_FRAMES;
            case READERS:
                return "0 - " + SinkSettings.MAX_READERS;
            case IDLE:
                return "(0): last - " + IdleMode.LAST.description() + ", (1): black - " + IdleMode.BLACK.description();
            case FRAMES_QUEUED:
            case FRAMES_DROPPED:
            case FRAMES_COPIED:
            case FRAMES_ZERO_COPY:
            case FRAMES_EXPORTED:
            case KERNEL_NEW_FRAMES:
            case KERNEL_NEW_BYTES_COPIED:
            case KERNEL_REPEATS:
            case KERNEL_REPEAT_BYTES_COPIED:
            case KERNEL_EXPORTED:
                return "0 - 18446744073709551615";
            case CONSUMERS:
                return "0 - 4294967295";
            default:
                return null;
        }
    }

    public static Property byId(int id) {
        for (Property p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }
}
