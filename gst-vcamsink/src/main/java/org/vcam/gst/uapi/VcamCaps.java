package org.vcam.gst.uapi;

import java.util.Arrays;

/** What {@code VCAM_IOC_QUERYCAP} reports. */
public record VcamCaps(int version, int caps, int minWidth, int minHeight, int maxWidth,
        int maxHeight, int minFrames, int maxFrames, int maxFps, int[] formats, int maxCameras,
        long maxCameraBytes) {

    public boolean supportsFormat(int fourcc) {
        return Arrays.stream(formats).anyMatch(f -> f == fourcc);
    }

    public boolean has(int capBit) {
        return (caps & capBit) != 0;
    }
}
