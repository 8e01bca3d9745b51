package org.vcam.gst.launch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.vcam.gst.dmabuf.DmaBufSource;
import org.vcam.gst.element.Backend;
import org.vcam.gst.uapi.DmaBufIoctls;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.Vcam;
import org.vcam.gst.uapi.VcamCamera;
import org.vcam.gst.uapi.VcamCameraRequest;
import org.vcam.gst.uapi.VcamCaps;
import org.vcam.gst.uapi.VcamDevice;
import org.vcam.gst.uapi.VcamException;
import org.vcam.gst.uapi.VcamStats;

/**
 * A stand-in for the vcam module where unit tests run (no module loaded): /dev/videoN numbers handed out like the driver
 * does (the lowest free one, or the one asked for, ENFILE when taken) and memfds as DMA-BUFs.
 * It records every camera request so tests can see which number vcam-launch asked for.
 */
final class FakeCameras {
    private static final VcamCaps CAPS = new VcamCaps(Vcam.API_VERSION, Vcam.CAP_DMABUF_IMPORT, 2, 2, 8192, 8192,
            2, 32, 1000, new int[] {Vcam.V4L2_PIX_FMT_YUYV, Vcam.V4L2_PIX_FMT_NV12, Vcam.V4L2_PIX_FMT_MJPEG}, 8,
            1L << 30, 0, 1);

    /** Numbers taken (by our cameras or, in tests, by "other producers"). */
    final Set<Integer> taken = Collections.synchronizedSet(new TreeSet<>());
    /** Every create request, in order. */
    final List<VcamCameraRequest> requests = Collections.synchronizedList(new ArrayList<>());
    /** The applications every camera reports open (VCAM_IOC_STATS openers). */
    volatile int openers;

    Backend backend() {
        return new Backend(path -> new Device(path), () -> new Memfds());
    }

    private final class Device implements VcamDevice {
        private final String path;
        private int nr = -1;
        private boolean[] busy;
        private int current = -1;
        private final List<Integer> done = new ArrayList<>();

        Device(String path) {
            this.path = path;
        }

        @Override
        public VcamCaps querycap() {
            return CAPS;
        }

        @Override
        public long status() {
            return Vcam.STATUS_IDLE;
        }

        @Override
        public synchronized VcamCamera create(VcamCameraRequest r) throws VcamException {
            requests.add(r);
            synchronized (taken) {
                if (r.deviceNr() >= 0) {
                    if (taken.contains(r.deviceNr())) {
                        throw new VcamException("VCAM_IOC_CREATE on", path, LibC.ENFILE);
                    }
                    nr = r.deviceNr();
                } else {
                    nr = 0;
                    while (taken.contains(nr)) {
                        nr++;
                    }
                }
                taken.add(nr);
            }
            int bpl = r.bytesperline() != 0 ? r.bytesperline() : r.width() * 2;
            int[] lengths = new int[r.frames()];
            Arrays.fill(lengths, Math.max(bpl * r.height() * 2, 4096));
            busy = new boolean[r.frames()];
            return new VcamCamera(nr, lengths);
        }

        @Override
        public synchronized void queue(int slot, int fd, int length, long offset, long timestampNs)
                throws VcamException {
            if (busy == null || busy[slot]) {
                throw new VcamException("VCAM_IOC_QUEUE on", path, LibC.EBUSY);
            }
            busy[slot] = true;
            if (current >= 0) {
                done.add(current);
            }
            current = slot;
        }

        @Override
        public synchronized int dequeue() {
            if (done.isEmpty()) {
                return -1;
            }
            int slot = done.remove(0);
            busy[slot] = false;
            return slot;
        }

        @Override
        public VcamStats stats() {
            return new VcamStats(Vcam.STATUS_IDLE, openers, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
        }

        @Override
        public int[] nodes() throws VcamException {
            throw new VcamException("VCAM_IOC_NODES on", "/dev/vcam", LibC.ENOTTY);
        }

        @Override
        public synchronized void close() {
            if (nr >= 0) {
                taken.remove(nr);
                nr = -1;
            }
        }
    }

    private static final class Memfds implements DmaBufSource {
        @Override
        public String name() {
            return "memfd (vcam-launch test)";
        }

        @Override
        public int allocate(long size) throws VcamException {
            return DmaBufIoctls.memfd(DmaBufSource.pageAlign(size), false);
        }

        @Override
        public void close() {
        }
    }
}
