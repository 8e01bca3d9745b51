package org.vcam.gst.element;

import com.sun.jna.Pointer;
import org.vcam.gst.uapi.FrameCalls.Core;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.VcamCamera;
import org.vcam.gst.uapi.VcamException;

/**
 * The frame path of one camera: hands each buffer to the camera (its own DMA-BUF, or a copy in a
 * DMA-BUF of the sink's pool) and takes slots back, never waiting for consumers.
 *
 * <p>Per buffer, in the steady state: one {@code VCAM_IOC_DEQUEUE} (each QUEUE lets one older
 * frame go, so one is enough; all of them only when no slot is free), one {@code VCAM_IOC_QUEUE},
 * about a dozen direct-mapped native calls on raw addresses and no Java allocation, no lock.
 * Confined to the streaming thread (GStreamer stops it before the state changes that tear the
 * camera down).
 *
 * <p>Any single-memory DMA-BUF in the camera's layout goes as it is, whoever allocated it: the
 * sink's pool, a decoder's, an importer's; the slot holds a buffer reference until the camera
 * gives the slot back. In export mode a consumer's own buffer that upstream rendered into
 * ({@link ExportLoans}) is queued as exported: one QUEUE, no slot, no DEQUEUE; if its consumer
 * stopped meanwhile (ESTALE) the frame is copied into a slot instead.
 */
final class FrameSender {
    /** What happened to one buffer. */
    enum Outcome { EXPORTED, ZERO_COPY, COPIED, DROPPED_SLOTS_BUSY, DROPPED_NO_COPY_BUFFER, DROPPED_TOO_BIG, MAP_FAILED }

    final DeviceLease device;
    final VcamCamera camera;
    final StreamFormat stream;
    /** The camera's frame layout (null for JPEG). */
    final FrameLayout cameraLayout;
    private final FrameLayout standard;
    private final long copyPool;
    /* export mode: the camera's loans, or null */
    private final ExportLoans loans;
    private final int exportLength;
    private SlotTable slots;
    /* export mode with an upstream that does not take buffers from the sink's pool: every
       STATUS_EVERY such frames the sink looks whether consumers started or stopped lending and
       then asks upstream to renegotiate its allocation (RECONFIGURE), so that it can take the pool */
    static final int STATUS_EVERY = 30;
    private final Runnable reconfigure;
    private int foreignFrames;
    /* a new camera: no consumer streams yet */
    private long lastExportStatus;
    private final org.vcam.gst.uapi.Address scratch = new org.vcam.gst.uapi.Address();
    private final BufferReader reader = new BufferReader();
    private final BufferInfo info = new BufferInfo();

    /**
     * @param copyPool an active pool of DMA-BUFs in the camera's layout (a reference this takes)
     */
    FrameSender(DeviceLease device, VcamCamera camera, SlotTable slots, StreamFormat stream, FrameLayout cameraLayout,
            long copyPool, ExportLoans loans, Runnable reconfigure) {
        this.device = device;
        this.camera = camera;
        this.slots = slots;
        this.stream = stream;
        this.cameraLayout = cameraLayout;
        this.standard = stream.standardLayout();
        this.copyPool = copyPool;
        this.loans = loans;
        this.reconfigure = reconfigure;
        this.exportLength = camera.slotLengths().length > 0 ? camera.slotLengths()[0] : 0;
    }

    /**
     * Hands {@code buffer} (borrowed) to the camera.
     *
     * @throws VcamException when the device fails (the camera is unusable then)
     */
    Outcome send(long buffer) throws VcamException {
        boolean mustCopy = false;
        if (loans != null && Core.gst_buffer_n_memory(buffer) == 1) {
            long mem = Core.gst_buffer_peek_memory(buffer, 0);
            long tag = ExportLoans.tagOf(mem);
            if (tag != 0) {
                if (loans.beginQueue(tag, buffer, mem)) {
                    try {
                        device.device().queueExported(ExportLoans.index(tag), ExportLoans.cookie(tag), exportLength, 0);
                        return Outcome.EXPORTED;
                    } catch (VcamException e) {
                        if (e.errno() != LibC.ESTALE) {
                            throw e;
                        }
                        /* its consumer stopped: the memory stays valid, the frame goes through a slot */
                        loans.forgetStream(tag);
                    }
                }
                /* never queue a consumer's buffer as a slot's DMA-BUF: copy it */
                mustCopy = true;
            } else if (!ExportPool.handedOut(buffer, scratch) && ++foreignFrames >= STATUS_EVERY) {
                foreignFrames = 0;
                watchExportStatus();
            }
        }
        reclaim(false);
        int slot = slots.findFree();
        if (slot < 0) {
            reclaim(true);
            slot = slots.findFree();
            if (slot < 0) {
                return Outcome.DROPPED_SLOTS_BUSY;
            }
        }
        int slotLength = camera.slotLengths()[slot];
        reader.describe(buffer, stream.format(), standard, info);
        boolean raw = stream.format().isRaw();
        if (!mustCopy && FramePath.choose(info, stream, cameraLayout, slotLength) == FramePath.ZERO_COPY) {
            queue(slot, Core.gst_mini_object_ref(buffer), info.fd, raw ? slotLength : (int) info.size, info.memOffset);
            return Outcome.ZERO_COPY;
        }
        if (!raw && (info.size < 1 || info.size > slotLength)) {
            return Outcome.DROPPED_TOO_BIG;
        }
        long copy = reader.acquireNow(copyPool);
        if (copy == 0) {
            reclaim(true);
            copy = reader.acquireNow(copyPool);
            if (copy == 0) {
                return Outcome.DROPPED_NO_COPY_BUFFER;
            }
        }
        if (!reader.copy(buffer, info, copy, cameraLayout)) {
            Core.gst_mini_object_unref(copy);
            return Outcome.MAP_FAILED;
        }
        int length = raw ? slotLength : (int) info.size;
        reader.describe(copy, stream.format(), null, info);
        queue(slot, copy, info.fd, length, info.memOffset);
        return Outcome.COPIED;
    }

    /* consumers started or stopped lending (VCAM_STATUS_EXPORT changed): upstream renegotiates */
    private void watchExportStatus() throws VcamException {
        long st = device.device().status() & org.vcam.gst.uapi.Vcam.STATUS_EXPORT;
        if (st != lastExportStatus && reconfigure != null) {
            reconfigure.run();
        }
        lastExportStatus = st;
    }

    /** Queues a black frame (raw formats); false when no slot or pool buffer is free. */
    boolean sendBlack() throws VcamException {
        reclaim(true);
        int slot = slots.findFree();
        long black = slot < 0 ? 0 : reader.acquireNow(copyPool);
        if (black == 0) {
            return false;
        }
        if (!reader.fillBlack(black, cameraLayout)) {
            Core.gst_mini_object_unref(black);
            return false;
        }
        reader.describe(black, stream.format(), null, info);
        queue(slot, black, info.fd, camera.slotLengths()[slot], info.memOffset);
        return true;
    }

    /** Queues {@code held} (a reference the slot takes over, dropped on failure). */
    private void queue(int slot, long held, int fd, int length, long offset) throws VcamException {
        try {
            device.device().queue(slot, fd, length, offset, 0);
        } catch (VcamException e) {
            Core.gst_mini_object_unref(held);
            throw e;
        }
        slots.occupy(slot, held);
    }

    /** Takes back one slot the camera has finished with, or all of them (never waits). */
    private void reclaim(boolean all) throws VcamException {
        do {
            int slot = device.device().dequeue();
            if (slot < 0) {
                return;
            }
            long held = slots.release(slot);
            if (held != 0) {
                Core.gst_mini_object_unref(held);
            }
        } while (all);
    }

    SlotTable slots() {
        return slots;
    }

    /** Hands the slots (and the buffers they hold) to someone else, e.g. the {@link CameraKeeper}. */
    SlotTable takeSlots() {
        SlotTable s = slots;
        slots = null;
        return s;
    }

    /** Lets go of the pool and of what the slots still hold; call after the device was closed. */
    void release() {
        if (slots != null) {
            for (long held : slots.releaseAll()) {
                Core.gst_mini_object_unref(held);
            }
            slots = null;
        }
        NativeBuffers.deactivate(new Pointer(copyPool));
    }
}
