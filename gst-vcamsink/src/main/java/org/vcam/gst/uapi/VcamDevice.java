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

    /** The camera's status bits ({@code VCAM_IOC_STATUS}: {@link Vcam#STATUS_EXPORT} and others). */
    long status() throws VcamException;

    /**
     * Export mode: borrows a free capture buffer of a consumer that streams MMAP buffers
     * ({@code VCAM_IOC_EXPORT_ACQUIRE}, never blocks). Fills {@code out}; its {@code fd} is a new
     * DMA-BUF the caller owns the first time the buffer is lent in its stream (or with
     * {@link Vcam#ACQUIRE_NEW_FD}), else -1.
     *
     * @return false when nothing can be borrowed now (EAGAIN)
     */
    default boolean exportAcquire(int flags, ExportLoan out) throws VcamException {
        throw new VcamException("VCAM_IOC_EXPORT_ACQUIRE on", "this device", LibC.ENOTTY);
    }

    /**
     * Queues a borrowed buffer the caller rendered into ({@code VCAM_IOC_QUEUE} with
     * {@link Vcam#QUEUE_EXPORTED}); ESTALE when its consumer stopped meanwhile.
     */
    default void queueExported(int index, int cookie, int length, long timestampNs) throws VcamException {
        throw new VcamException("VCAM_IOC_QUEUE on", "this device", LibC.ENOTTY);
    }

    /** Gives a borrowed buffer back unused ({@code VCAM_IOC_EXPORT_RELEASE}); ESTALE when its stream ended. */
    default void exportRelease(int index, int cookie) throws VcamException {
        throw new VcamException("VCAM_IOC_EXPORT_RELEASE on", "this device", LibC.ENOTTY);
    }

    /** Destroys the camera (if any) and closes the file. */
    @Override
    void close();

    /** Opens a /dev/vcam file. */
    @FunctionalInterface
    interface Opener {
        VcamDevice open(String path) throws VcamException;
    }
}
