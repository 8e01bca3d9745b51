package org.vcam.gst.element;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.vcam.gst.uapi.VcamDevice;
import org.vcam.gst.uapi.VcamException;

/** A backend of fake devices and memfd "DMA-BUFs"; remembers everything it handed out. */
final class FakeBackend {
    final List<FakeVcamDevice> devices = Collections.synchronizedList(new ArrayList<>());
    final List<MemfdDmaBufSource> sources = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> numbersInUse = new ArrayList<>();
    /** errno to fail open() with, or 0. */
    volatile int openErrno;
    volatile boolean stuck;
    /** What the devices answer to QUERYCAP (the module on main by default). */
    volatile org.vcam.gst.uapi.VcamCaps caps = FakeVcamDevice.CAPS;
    /** See {@link FakeVcamDevice#consumerBuffers}, {@link FakeVcamDevice#afterAcquire}, {@link FakeVcamDevice#afterQueue}. */
    volatile int consumerBuffers;
    volatile java.util.function.Consumer<FakeVcamDevice> afterAcquire;
    volatile java.util.function.Consumer<FakeVcamDevice> afterQueue;
    /** Devices read every queued frame back (see {@link FakeVcamDevice#readBack}). */
    volatile boolean readBack = true;

    Backend backend() {
        VcamDevice.Opener opener = path -> {
            if (openErrno != 0) {
                throw new VcamException("open", path, openErrno);
            }
            FakeVcamDevice d = new FakeVcamDevice(path, numbersInUse);
            d.stuck = stuck;
            d.readBack = readBack;
            d.caps = caps;
            d.consumerBuffers = consumerBuffers;
            d.afterAcquire = afterAcquire;
            d.afterQueue = afterQueue;
            devices.add(d);
            return d;
        };
        return new Backend(opener, () -> {
            MemfdDmaBufSource s = new MemfdDmaBufSource();
            sources.add(s);
            return s;
        });
    }

    /** All QUEUE calls of all devices, in order. */
    List<FakeVcamDevice.Queued> allQueued() {
        List<FakeVcamDevice.Queued> out = new ArrayList<>();
        synchronized (devices) {
            for (FakeVcamDevice d : devices) {
                out.addAll(d.queued);
            }
        }
        return out;
    }

    /** The devices on which a camera was created. */
    List<FakeVcamDevice> cameras() {
        List<FakeVcamDevice> out = new ArrayList<>();
        synchronized (devices) {
            for (FakeVcamDevice d : devices) {
                if (!d.creates.isEmpty()) {
                    out.add(d);
                }
            }
        }
        return out;
    }
}
