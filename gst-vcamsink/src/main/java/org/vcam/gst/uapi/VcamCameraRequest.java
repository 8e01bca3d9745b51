package org.vcam.gst.uapi;

/**
 * Arguments of {@code VCAM_IOC_CREATE}.
 *
 * @param label card name shown to applications, or null for the driver's default
 * @param deviceNr wanted N of /dev/videoN, or -1 for the first free one
 * @param readers capture nodes (1..{@link Vcam#MAX_READERS}), 0 for the module's default
 * @param export export mode ({@code VCAM_CREATE_EXPORT}): the producer may borrow the buffers of
 *     consumers that stream MMAP buffers
 */
public record VcamCameraRequest(String label, int width, int height, int pixelformat,
        int bytesperline, int deviceNr, int frames, int fpsNumerator, int fpsDenominator, int readers,
        boolean export) {
}
