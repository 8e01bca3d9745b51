package org.vcam.gst.uapi;

/** A created camera: /dev/video{@code deviceNr} and the size each slot needs. */
public record VcamCamera(int deviceNr, int[] slotLengths) {
    public int frames() {
        return slotLengths.length;
    }

    public String videoDevice() {
        return "/dev/video" + deviceNr;
    }
}
