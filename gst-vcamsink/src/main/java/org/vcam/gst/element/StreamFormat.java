package org.vcam.gst.element;

import org.vcam.gst.uapi.VcamCaps;

/**
 * The fixed format of the stream as negotiated (caps), checked against what a camera can take.
 * Frame rate 0/1 (variable) becomes the default of 30/1 for the camera.
 */
public record StreamFormat(FrameFormat format, int width, int height, int fpsN, int fpsD) {

    /** Thrown with a message a user can act on. */
    public static final class Unsupported extends Exception {
        private final boolean sizeProblem;

        Unsupported(String message, boolean sizeProblem) {
            super(message);
            this.sizeProblem = sizeProblem;
        }

        /** True when the format is fine but the size (or rate) is not. */
        public boolean sizeProblem() {
            return sizeProblem;
        }
    }

    /**
     * Builds the stream format from the values of fixed caps.
     *
     * @param mediaType structure name, e.g. "video/x-raw"
     * @param gstFormat the "format" field or null
     * @param fpsN framerate numerator (0 with fpsD 1 for variable rate)
     */
    public static StreamFormat fromCaps(String mediaType, String gstFormat, int width, int height,
            int fpsN, int fpsD, String capsText) throws Unsupported {
        FrameFormat f = FrameFormat.fromCaps(mediaType, gstFormat);
        if (f == null) {
            throw new Unsupported("unsupported format " + capsText + ": vcamsink takes "
                    + FrameFormat.SUPPORTED + " (put videoconvert before vcamsink)", false);
        }
        StreamFormat s = new StreamFormat(f, width, height, fpsN, fpsD);
        s.checkSize(FrameFormat.MIN_SIZE, FrameFormat.MIN_SIZE, FrameFormat.MAX_SIZE,
                FrameFormat.MAX_SIZE, FrameFormat.MAX_FPS);
        return s;
    }

    /** Checks the size and rate against a module's limits. */
    public void checkLimits(VcamCaps caps) throws Unsupported {
        if (!caps.supportsFormat(format.fourcc())) {
            throw new Unsupported("the vcam module does not take " + format.v4l2Name()
                    + " frames", false);
        }
        checkSize(caps.minWidth(), caps.minHeight(), caps.maxWidth(), caps.maxHeight(), caps.maxFps());
    }

    /**
     * Throws when {@code frames} raw frames of this format need more memory than the module allows
     * one camera (its max_camera_mb). JPEG frame sizes are the module's to judge at creation.
     */
    public void checkMemory(VcamCaps caps, int frames) throws Unsupported {
        FrameLayout layout = standardLayout();
        if (layout == null || caps.maxCameraBytes() <= 0) {
            return;
        }
        long need = layout.size() * frames;
        if (need > caps.maxCameraBytes()) {
            long mib = 1 << 20;
            throw new Unsupported(String.format(java.util.Locale.ROOT, "%dx%d %s with frames=%d needs %d MiB: the"
                    + " vcam module allows %d MiB a camera (module parameter max_camera_mb); lower the size"
                    + " (videoscale) or frames, or load vcam with a larger max_camera_mb", width, height,
                    format.gstFormat(), frames, (need + mib - 1) / mib, caps.maxCameraBytes() / mib), true);
        }
    }

    private void checkSize(int minW, int minH, int maxW, int maxH, int maxFps) throws Unsupported {
        if (width < minW || width > maxW || height < minH || height > maxH) {
            throw new Unsupported("size " + width + "x" + height + " out of range: the camera takes "
                    + minW + ".." + maxW + " x " + minH + ".." + maxH + " pixels (use videoscale"
                    + " and a caps filter such as video/x-raw,width=1280,height=720)", true);
        }
        if (format.isRaw() && ((width & 1) != 0 || (height & 1) != 0)) {
            throw new Unsupported("size " + width + "x" + height + " out of range: " + format.gstFormat()
                    + " frames need an even width and height (use videoscale to "
                    + (width & ~1) + "x" + (height & ~1) + ")", true);
        }
        if (fpsD <= 0 || fpsN < 0) {
            throw new Unsupported("invalid frame rate " + fpsN + "/" + fpsD, true);
        }
        if (fpsN != 0 && ((long) fpsN > (long) maxFps * fpsD || fpsN < fpsD)) {
            throw new Unsupported("frame rate " + fpsN + "/" + fpsD + " out of range: the camera takes 1.."
                    + maxFps + " fps (use videorate)", true);
        }
    }

    /** The rate the camera is created with: the stream's, or 30/1 for variable rate. */
    public int cameraFpsN() {
        return fpsN == 0 ? 30 : fpsN;
    }

    public int cameraFpsD() {
        return fpsN == 0 ? 1 : fpsD;
    }

    /** GStreamer's default layout of this stream; null for JPEG. */
    public FrameLayout standardLayout() {
        return format.isRaw() ? FrameLayout.standard(format, width, height) : null;
    }

    @Override
    public String toString() {
        return format.caps(width, height, fpsN, fpsD);
    }
}
