package org.vcam.gst.element;

import com.sun.jna.Pointer;
import org.vcam.gst.uapi.FrameCalls.Core;
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
 * sink's pool, a decoder's, or (export mode, later) a consumer's own buffer lent by the module;
 * the slot holds a buffer reference until the camera gives the slot back.
 */
final class FrameSender {
    /** What happened to one buffer. */
    enum Outcome { ZERO_COPY, COPIED, DROPPED_SLOTS_BUSY, DROPPED_NO_COPY_BUFFER, DROPPED_TOO_BIG, MAP_FAILED }

    final DeviceLease device;
    final VcamCamera camera;
    final StreamFormat stream;
    /** The camera's frame layout (null for JPEG). */
    final FrameLayout cameraLayout;
    private final FrameLayout standard;
    private final long copyPool;
    private SlotTable slots;
    private final BufferReader reader = new BufferReader();
    private final BufferInfo info = new BufferInfo();

    /**
     * @param copyPool an active pool of DMA-BUFs in the camera's layout (a reference this takes)
     */
    FrameSender(DeviceLease device, VcamCamera camera, SlotTable slots, StreamFormat stream, FrameLayout cameraLayout,
            long copyPool) {
        this.device = device;
        this.camera = camera;
        this.slots = slots;
        this.stream = stream;
        this.cameraLayout = cameraLayout;
        this.standard = stream.standardLayout();
        this.copyPool = copyPool;
    }

    /**
     * Hands {@code buffer} (borrowed) to the camera.
     *
     * @throws VcamException when the device fails (the camera is unusable then)
     */
    Outcome send(long buffer) throws VcamException {
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
        if (FramePath.choose(info, stream, cameraLayout, slotLength) == FramePath.ZERO_COPY) {
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
