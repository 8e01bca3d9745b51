package org.vcam.gst.uapi;

/**
 * One open /dev/vcam file: at most one camera. The kernel implementation is
 * {@link KernelVcamDevice}; tests use a fake.
 */
public interface VcamDevice extends AutoCloseable {

    /** Version, capabilities and limits of the module (works before {@link #create}). */
    VcamCaps querycap() throws VcamException;

    /** Creates the camera of this file; returns /dev/videoN's N and the slot sizes. */
    VcamCamera create(VcamCameraRequest request) throws VcamException;

    /**
     * Queues the DMA-BUF {@code fd} (which the caller keeps owning) into the free slot
     * {@code slot}; the frame starts {@code offset} bytes into the buffer.
     */
    void queue(int slot, int fd, int length, long offset, long timestampNs) throws VcamException;

    /** Takes back one slot the camera no longer needs: its index, or -1 when none is free yet. */
    int dequeue() throws VcamException;

    /**
     * The /dev/videoN numbers of the camera's capture nodes, reader 0 first
     * ({@code VCAM_IOC_NODES}; a module without it fails with ENOTTY).
     */
    int[] nodes() throws VcamException;

    /** Counters of the camera. */
    VcamStats stats() throws VcamException;

    /** Destroys the camera (if any) and closes the file. */
    @Override
    void close();

    /** Opens a /dev/vcam file. */
    @FunctionalInterface
    interface Opener {
        VcamDevice open(String path) throws VcamException;
    }
}
