package org.vcam.gst.uapi;

/**
 * Constants of the /dev/vcam interface, mirroring {@code kmod/include/uapi/linux/vcam.h}.
 *
 * <p>{@code VcamLayoutTest} compiles a C program against the header and compares every value
 * here, and every structure layout in {@link VcamStructs}, with what the C compiler sees.
 */
public final class Vcam {
    private Vcam() {
    }

    public static final int API_VERSION = 1;
    public static final int IOC_TYPE = 0xBE;

    public static final int STATUS_IDLE = 1 << 0;
    public static final int STATUS_STREAMING = 1 << 1;
    public static final int STATUS_OPEN = 1 << 2;
    public static final int STATUS_EXPORT = 1 << 3;

    public static final int CAP_DMABUF_IMPORT = 1 << 0;
    public static final int CAP_ZERO_COPY = 1 << 1;
    public static final int CAP_STATS = 1 << 2;
    public static final int CAP_WAIT_TIMEOUT = 1 << 3;
    public static final int CAP_EXPORT = 1 << 4;
    public static final int CAP_READERS = 1 << 5;
    public static final int CAP_OUTPUT = 1 << 6;
    public static final int CAP_PLACEHOLDER = 1 << 7;

    public static final int CREATE_DEVICE_NR = 1 << 0;
    public static final int CREATE_EXPORT = 1 << 1;
    public static final int CREATE_OUTPUT = 1 << 2;
    public static final int CREATE_OUTPUT_NR = 1 << 3;

    public static final int QUEUE_EXPORTED = 1 << 0;
    public static final int ACQUIRE_NEW_FD = 1 << 0;

    public static final int FRAME_SHOWN = 1 << 0;
    public static final int FRAME_ZERO_COPY = 1 << 1;

    public static final int LABEL_MAX = 32;
    public static final int MAX_FORMATS = 8;
    public static final int MAX_READERS = 8;
    public static final int NO_NODE = 0xffffffff;

    public static final int IOC_CREATE = Ioctl.iowr(IOC_TYPE, 0x00, VcamStructs.Create.SIZE);
    public static final int IOC_QUEUE = Ioctl.iow(IOC_TYPE, 0x01, VcamStructs.Queue.SIZE);
    public static final int IOC_DEQUEUE = Ioctl.iowr(IOC_TYPE, 0x02, VcamStructs.Dequeue.SIZE);
    public static final int IOC_STATUS = Ioctl.ior(IOC_TYPE, 0x03, 8);
    public static final int IOC_WAIT = Ioctl.iowr(IOC_TYPE, 0x04, VcamStructs.Wait.SIZE);
    public static final int IOC_QUERYCAP = Ioctl.ior(IOC_TYPE, 0x05, VcamStructs.Querycap.SIZE);
    public static final int IOC_STATS = Ioctl.ior(IOC_TYPE, 0x06, VcamStructs.Stats.SIZE);
    public static final int IOC_NODES = Ioctl.ior(IOC_TYPE, 0x07, VcamStructs.Nodes.SIZE);
    public static final int IOC_PLACEHOLDER = Ioctl.iow(IOC_TYPE, 0x08, VcamStructs.Placeholder.SIZE);
    public static final int IOC_EXPORT_ACQUIRE = Ioctl.iowr(IOC_TYPE, 0x09, VcamStructs.Acquire.SIZE);
    public static final int IOC_EXPORT_RELEASE = Ioctl.iow(IOC_TYPE, 0x0A, VcamStructs.Release.SIZE);

    /** V4L2 pixel formats the camera takes (videodev2.h). */
    public static final int V4L2_PIX_FMT_YUYV = fourcc('Y', 'U', 'Y', 'V');
    public static final int V4L2_PIX_FMT_NV12 = fourcc('N', 'V', '1', '2');
    public static final int V4L2_PIX_FMT_MJPEG = fourcc('M', 'J', 'P', 'G');

    public static int fourcc(char a, char b, char c, char d) {
        return a | (b << 8) | (c << 16) | (d << 24);
    }

    public static String fourccName(int fourcc) {
        StringBuilder sb = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            char c = (char) ((fourcc >>> (8 * i)) & 0xff);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
