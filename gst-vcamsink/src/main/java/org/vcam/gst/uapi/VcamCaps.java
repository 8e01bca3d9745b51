package org.vcam.gst.uapi;

import java.util.Arrays;

/**
 * What {@code VCAM_IOC_QUERYCAP} reports.
 *
 * @param maxReaders most capture nodes a camera may have; 0 from modules without
 *     {@link Vcam#CAP_READERS} (one node)
 * @param defaultReaders capture nodes a camera gets when it asks for 0
 */
public record VcamCaps(int version, int caps, int minWidth, int minHeight, int maxWidth,
        int maxHeight, int minFrames, int maxFrames, int maxFps, int[] formats, int maxCameras,
        long maxCameraBytes, int maxReaders, int defaultReaders) {

    public boolean supportsFormat(int fourcc) {
        return Arrays.stream(formats).anyMatch(f -> f == fourcc);
    }

    public boolean has(int capBit) {
        return (caps & capBit) != 0;
    }

    /** Most capture nodes a camera may ask for: 1 unless the module offers readers. */
    public int readerLimit() {
        return has(Vcam.CAP_READERS) && maxReaders > 0 ? maxReaders : 1;
    }
}
