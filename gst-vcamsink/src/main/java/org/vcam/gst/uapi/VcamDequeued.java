package org.vcam.gst.uapi;

/** A slot given back by {@code VCAM_IOC_DEQUEUE}. */
public record VcamDequeued(int index, int length, long timestamp, int flags) {
    public boolean shown() {
        return (flags & Vcam.FRAME_SHOWN) != 0;
    }

    public boolean zeroCopy() {
        return (flags & Vcam.FRAME_ZERO_COPY) != 0;
    }
}
