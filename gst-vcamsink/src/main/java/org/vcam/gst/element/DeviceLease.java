package org.vcam.gst.element;

import java.util.concurrent.atomic.AtomicInteger;
import org.vcam.gst.uapi.VcamDevice;

/**
 * An open /dev/vcam file shared between the frame path that owns it and threads that only read
 * its counters (properties, vcam-launch --status): a reader leases it for one call, and the file
 * is closed (destroying the camera) when the owner let go and the last lease ended. No lock is
 * held while an ioctl runs, so a property read never waits for a frame and a frame never waits
 * for a property read.
 */
final class DeviceLease {
    private final VcamDevice device;
    /* the owner's reference plus one per running lease; 0: closed */
    private final AtomicInteger refs = new AtomicInteger(1);

    DeviceLease(VcamDevice device) {
        this.device = device;
    }

    /** The device, for its owner. */
    VcamDevice device() {
        return device;
    }

    /** Takes a lease; false when the file is already closed (or closing). Pair with {@link #release}. */
    boolean lease() {
        while (true) {
            int n = refs.get();
            if (n == 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Ends a lease (or the owner's reference); the last one closes the file. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            device.close();
        }
    }

    /** The owner lets go: the file closes now, or when the running lease ends. */
    void close() {
        release();
    }
}
