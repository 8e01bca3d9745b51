package org.vcam.gst.element;

import org.vcam.gst.uapi.Vcam;

/** The formats the camera takes, with their GStreamer caps and V4L2 names. */
public enum FrameFormat {
    YUY2("video/x-raw", "YUY2", Vcam.V4L2_PIX_FMT_YUYV, "YUYV"),
    NV12("video/x-raw", "NV12", Vcam.V4L2_PIX_FMT_NV12, "NV12"),
    JPEG("image/jpeg", null, Vcam.V4L2_PIX_FMT_MJPEG, "MJPEG");

    public static final int MIN_SIZE = 2;
    public static final int MAX_SIZE = 8192;
    public static final int MIN_FPS = 1;
    public static final int MAX_FPS = 1000;

    /** The sink pad template. */
    public static final String TEMPLATE_CAPS =
            "video/x-raw, format=(string){ YUY2, NV12 }, width=(int)[ 2, 8192 ], height=(int)[ 2, 8192 ],"
            + " framerate=(fraction)[ 1/1, 1000/1 ]; "
            + "image/jpeg, width=(int)[ 2, 8192 ], height=(int)[ 2, 8192 ],"
            + " framerate=(fraction)[ 1/1, 1000/1 ]";

    /** For error messages. */
    public static final String SUPPORTED = "video/x-raw format=YUY2 or NV12 (even width and height)"
            + " or image/jpeg, 2..8192 x 2..8192 pixels, 1..1000 fps";

    private final String mediaType;
    private final String gstFormat;
    private final int fourcc;
    private final String v4l2Name;

    FrameFormat(String mediaType, String gstFormat, int fourcc, String v4l2Name) {
        this.mediaType = mediaType;
        this.gstFormat = gstFormat;
        this.fourcc = fourcc;
        this.v4l2Name = v4l2Name;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The caps "format" field, or null for image/jpeg. */
    public String gstFormat() {
        return gstFormat;
    }

    public int fourcc() {
        return fourcc;
    }

    public String v4l2Name() {
        return v4l2Name;
    }

    public boolean isRaw() {
        return this != JPEG;
    }

    /** The caps' format, or null when the caps are not one the camera takes. */
    public static FrameFormat fromCaps(String mediaType, String format) {
        if ("image/jpeg".equals(mediaType)) {
            return JPEG;
        }
        if ("video/x-raw".equals(mediaType) && format != null) {
            for (FrameFormat f : values()) {
                if (format.equals(f.gstFormat)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** The format of a V4L2 fourcc, or null. */
    public static FrameFormat fromFourcc(int fourcc) {
        for (FrameFormat f : values()) {
            if (f.fourcc == fourcc) {
                return f;
            }
        }
        return null;
    }

    /** Caps string describing one fixed configuration. */
    public String caps(int width, int height, int fpsN, int fpsD) {
        StringBuilder sb = new StringBuilder(mediaType);
        if (gstFormat != null) {
            sb.append(", format=(string)").append(gstFormat);
        }
        sb.append(", width=(int)").append(width).append(", height=(int)").append(height)
                .append(", framerate=(fraction)").append(fpsN).append('/').append(fpsD);
        return sb.toString();
    }
}
