package org.vcam.gst.uapi;

import com.sun.jna.Structure;

/**
 * JNA mirrors of the structures in vcam.h. Field names are the C names so that the layout test
 * can compare {@code offsetof} with {@link Structure#fieldOffset} field by field.
 */
public final class VcamStructs {
    private VcamStructs() {
    }

    /** Base class of the vcam.h mirrors. */
    public abstract static class UapiStruct extends CStruct {
    }

    @Structure.FieldOrder({"version", "caps", "min_width", "min_height", "max_width", "max_height",
        "min_frames", "max_frames", "max_fps", "nr_formats", "formats", "max_cameras", "max_readers",
        "max_camera_bytes", "default_readers", "reserved"})
    public static class Querycap extends UapiStruct {
        public static final int SIZE = 120;
        public int version;
        public int caps;
        public int min_width;
        public int min_height;
        public int max_width;
        public int max_height;
        public int min_frames;
        public int max_frames;
        public int max_fps;
        public int nr_formats;
        public int[] formats = new int[Vcam.MAX_FORMATS];
        public int max_cameras;
        public int max_readers;
        public long max_camera_bytes;
        public int default_readers;
        public int[] reserved = new int[7];
    }

    @Structure.FieldOrder({"index", "length"})
    public static class Frame extends UapiStruct {
        public static final int SIZE = 8;
        public int index;
        public int length;
    }

    @Structure.FieldOrder({"device_name", "width", "height", "pixelformat", "colorspace",
        "bytesperline", "flags", "device_nr", "nr_frames", "frames", "fps_numerator",
        "fps_denominator", "nr_readers", "output_nr", "reserved"})
    public static class Create extends UapiStruct {
        public static final int SIZE = 80;
        public long device_name;
        public int width;
        public int height;
        public int pixelformat;
        public int colorspace;
        public int bytesperline;
        public int flags;
        public int device_nr;
        public int nr_frames;
        public long frames;
        public int fps_numerator;
        public int fps_denominator;
        public int nr_readers;
        public int output_nr;
        public int[] reserved = new int[4];
    }

    @Structure.FieldOrder({"fd", "index", "length", "flags", "timestamp", "offset", "cookie", "reserved"})
    public static class Queue extends UapiStruct {
        public static final int SIZE = 40;
        public int fd;
        public int index;
        public int length;
        public int flags;
        public long timestamp;
        public int offset;
        public int cookie;
        public int[] reserved = new int[2];
    }

    @Structure.FieldOrder({"index", "length", "timestamp", "flags", "reserved"})
    public static class Dequeue extends UapiStruct {
        public static final int SIZE = 40;
        public int index;
        public int length;
        public long timestamp;
        public int flags;
        public int[] reserved = new int[5];
    }

    @Structure.FieldOrder({"mask", "status", "timeout_ms", "reserved"})
    public static class Wait extends UapiStruct {
        public static final int SIZE = 32;
        public long mask;
        public long status;
        public int timeout_ms;
        public int[] reserved = new int[3];
    }

    @Structure.FieldOrder({"status", "openers", "nr_readers", "queued", "delivered", "repeated",
        "copied", "zero_copy", "dropped", "bytes_copied", "errors", "repeat_bytes_copied", "exported",
        "readers_streaming", "reserved1", "reserved"})
    public static class Stats extends UapiStruct {
        public static final int SIZE = 128;
        public long status;
        public int openers;
        public int nr_readers;
        public long queued;
        public long delivered;
        public long repeated;
        public long copied;
        public long zero_copy;
        public long dropped;
        public long bytes_copied;
        public long errors;
        public long repeat_bytes_copied;
        public long exported;
        public int readers_streaming;
        public int reserved1;
        public long[] reserved = new long[3];
    }

    @Structure.FieldOrder({"nr_readers", "output_nr", "reader_nr", "reserved"})
    public static class Nodes extends UapiStruct {
        public static final int SIZE = 64;
        public int nr_readers;
        public int output_nr;
        public int[] reader_nr = new int[Vcam.MAX_READERS];
        public int[] reserved = new int[6];
    }

    @Structure.FieldOrder({"data", "length", "pixelformat", "width", "height", "reserved"})
    public static class Placeholder extends UapiStruct {
        public static final int SIZE = 40;
        public long data;
        public int length;
        public int pixelformat;
        public int width;
        public int height;
        public int[] reserved = new int[4];
    }

    @Structure.FieldOrder({"flags", "fd", "index", "cookie", "length", "reader", "reserved"})
    public static class Acquire extends UapiStruct {
        public static final int SIZE = 40;
        public int flags;
        public int fd;
        public int index;
        public int cookie;
        public int length;
        public int reader;
        public int[] reserved = new int[4];
    }

    @Structure.FieldOrder({"index", "cookie", "reserved"})
    public static class Release extends UapiStruct {
        public static final int SIZE = 24;
        public int index;
        public int cookie;
        public int[] reserved = new int[4];
    }
}
