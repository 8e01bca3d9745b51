package org.vcam.gst.element;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vcam.gst.uapi.FrameCalls;
import org.vcam.gst.uapi.VcamCamera;
import org.vcam.gst.uapi.VcamCameraRequest;
import org.vcam.gst.uapi.VcamCaps;

/**
 * Cameras that outlive their pipeline, for vcam-launch {@code --restart}/{@code --watchdog}.
 *
 * <p>A camera lives as long as the /dev/vcam file that created it. Re-creating a pipeline (after an
 * error, an EOS or a stall) would therefore destroy its cameras, and every consumer (a browser
 * tab, a meeting) would lose the device. Once {@link #enable()} was called, a vcamsink going down
 * hands its camera here instead: the open file, the module's limits, the camera and the frame
 * slots still queued (with the buffer references that keep their DMA-BUFs alive). The module keeps
 * showing the last frame meanwhile. The next vcamsink that asks for the same /dev/videoN with the
 * same request (label, format, size, stride, slots, rate) adopts it, so consumers never notice;
 * any other request closes the kept camera first. {@link #closeAll()} ends it all.
 */
public final class CameraKeeper {
    /** A kept camera and everything its vcamsink held for it. */
    record Kept(DeviceLease device, VcamCaps moduleCaps, VcamCamera camera, SlotTable slots,
            VcamCameraRequest request) {
    }

    private static final Object LOCK = new Object();
    private static boolean enabled;
    private static final Map<Integer, Kept> KEPT = new HashMap<>();

    private CameraKeeper() {
    }

    /** From now on, vcamsinks going down keep their cameras here. */
    public static void enable() {
        synchronized (LOCK) {
            enabled = true;
        }
    }

    /** Destroys every kept camera and stops keeping new ones. */
    public static void closeAll() {
        List<Kept> all;
        synchronized (LOCK) {
            enabled = false;
            all = new ArrayList<>(KEPT.values());
            KEPT.clear();
        }
        all.forEach(CameraKeeper::close);
    }

    /** How many cameras are kept now. */
    public static int count() {
        synchronized (LOCK) {
            return KEPT.size();
        }
    }

    /** Keeps {@code k} if keeping is on (replacing one kept under the same number); false if not taken. */
    static boolean keep(Kept k) {
        Kept old;
        synchronized (LOCK) {
            if (!enabled) {
                return false;
            }
            old = KEPT.put(k.camera().deviceNr(), k);
        }
        if (old != null) {
            close(old);
        }
        return true;
    }

    /** Takes the camera kept as /dev/video{@code deviceNr} out of here, or null. */
    static Kept take(int deviceNr) {
        synchronized (LOCK) {
            return KEPT.remove(deviceNr);
        }
    }

    /** Destroys a kept camera: the file first (the module lets go of the DMA-BUFs), then the buffers. */
    static void close(Kept k) {
        k.device().close();
        for (long held : k.slots().releaseAll()) {
            FrameCalls.Core.gst_mini_object_unref(held);
        }
    }
}
