package org.vcam.gst.element;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.Vcam;
import org.vcam.gst.uapi.VcamCamera;
import org.vcam.gst.uapi.VcamCameraRequest;
import org.vcam.gst.uapi.VcamCaps;
import org.vcam.gst.uapi.VcamDevice;
import org.vcam.gst.uapi.VcamException;
import org.vcam.gst.uapi.VcamStats;

/**
 * A /dev/vcam file in memory that behaves like the driver's producer side: slots, the current
 * frame kept, the replaced one given back by DEQUEUE. It records every call and reads each queued
 * frame back through mmap of its fd, so tests can check the pixels.
 */
final class FakeVcamDevice implements VcamDevice {
    /** One QUEUE call. */
    record Queued(int slot, int fd, int length, long offset, byte[] data) {
    }

    static final VcamCaps CAPS = new VcamCaps(Vcam.API_VERSION,
            Vcam.CAP_DMABUF_IMPORT | Vcam.CAP_ZERO_COPY | Vcam.CAP_STATS, 2, 2, 8192, 8192, 2, 32, 1000,
            new int[] {Vcam.V4L2_PIX_FMT_YUYV, Vcam.V4L2_PIX_FMT_NV12, Vcam.V4L2_PIX_FMT_MJPEG}, 8, 1L << 30, 0, 1);
    /** A module that offers readers (VCAM_CAP_READERS, 8 capture nodes a camera, VCAM_IOC_NODES). */
    static final VcamCaps READERS_CAPS = new VcamCaps(Vcam.API_VERSION, CAPS.caps() | Vcam.CAP_READERS, 2, 2,
            8192, 8192, 2, 32, 1000, CAPS.formats(), 8, 1L << 30, Vcam.MAX_READERS, 1);

    final String path;
    final List<VcamCameraRequest> creates = Collections.synchronizedList(new ArrayList<>());
    final List<Queued> queued = Collections.synchronizedList(new ArrayList<>());
    /** What QUERYCAP answers; {@link #CAPS} is the module on main: one reader, no VCAM_IOC_NODES. */
    volatile VcamCaps caps = CAPS;
    /** When true, the camera never gives slots back (a consumer that stopped reading). */
    volatile boolean stuck;
    /** The applications VCAM_IOC_STATS reports with the camera open. */
    volatile int openers;
    /** Keep the bytes of every frame (else only the last). */
    volatile boolean keepFrames = true;
    /**
     * Read every queued frame back through mmap and record the call (tests). Off, QUEUE only
     * checks that the fd is open and long enough (fstat), as cheap as the driver's lookup: the
     * element microbenchmark measures the sink, not this fake.
     */
    volatile boolean readBack = true;
    /** Calls made, for the microbenchmark: QUEUE, DEQUEUE, DEQUEUE answered with EAGAIN. */
    final java.util.concurrent.atomic.AtomicLong queueCalls = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong dequeueCalls = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong dequeueEmpty = new java.util.concurrent.atomic.AtomicLong();
    /** Used /dev/videoN numbers, shared between the fakes of one opener. */
    private final List<Integer> numbersInUse;
    private VcamCamera camera;
    private boolean[] busy;
    private int current = -1;
    private final Deque<Integer> done = new ArrayDeque<>();
    private boolean closed;
    private int cameraNr = -1;
    private int readers;

    FakeVcamDevice(String path, List<Integer> numbersInUse) {
        this.path = path;
        this.numbersInUse = numbersInUse;
    }

    @Override
    public synchronized VcamCaps querycap() throws VcamException {
        check();
        return caps;
    }

    @Override
    public synchronized VcamCamera create(VcamCameraRequest r) throws VcamException {
        check();
        if (camera != null) {
            throw new VcamException("VCAM_IOC_CREATE on", path, LibC.EBUSY);
        }
        creates.add(r);
        if (r.readers() < 0 || r.readers() > caps.readerLimit()) {
            /* the module refuses a reader count it cannot give (EINVAL, as vcam.h says) */
            throw new VcamException("VCAM_IOC_CREATE on", path, LibC.EINVAL);
        }
        int nr;
        synchronized (numbersInUse) {
            if (r.deviceNr() >= 0) {
                if (numbersInUse.contains(r.deviceNr())) {
                    throw new VcamException("VCAM_IOC_CREATE on", path, LibC.ENFILE);
                }
                nr = r.deviceNr();
            } else {
                nr = 0;
                while (numbersInUse.contains(nr)) {
                    nr++;
                }
            }
            numbersInUse.add(nr);
        }
        cameraNr = nr;
        int sizeimage;
        if (r.pixelformat() == Vcam.V4L2_PIX_FMT_MJPEG) {
            sizeimage = r.width() * r.height() * 2;
        } else {
            int bpl = r.bytesperline() != 0 ? r.bytesperline()
                    : r.pixelformat() == Vcam.V4L2_PIX_FMT_YUYV ? r.width() * 2 : r.width();
            sizeimage = r.pixelformat() == Vcam.V4L2_PIX_FMT_NV12 ? bpl * r.height() * 3 / 2 : bpl * r.height();
        }
        int[] lengths = new int[r.frames()];
        java.util.Arrays.fill(lengths, sizeimage);
        camera = new VcamCamera(nr, lengths);
        readers = r.readers() == 0 ? caps.defaultReaders() : r.readers();
        busy = new boolean[r.frames()];
        return camera;
    }

    @Override
    public synchronized void queue(int slot, int fd, int length, long offset, long timestampNs)
            throws VcamException {
        check();
        if (camera == null) {
            throw new VcamException("VCAM_IOC_QUEUE on", path, LibC.ENODEV);
        }
        if (slot < 0 || slot >= busy.length || length <= 0 || length > camera.slotLengths()[slot]) {
            throw new VcamException("VCAM_IOC_QUEUE on", path, LibC.EINVAL);
        }
        if (busy[slot]) {
            throw new VcamException("VCAM_IOC_QUEUE on", path, LibC.EBUSY);
        }
        queueCalls.incrementAndGet();
        if (!readBack) {
            if (LibC.fcntl(fd, 1 /* F_GETFD */, 0) < 0) {
                throw new VcamException("VCAM_IOC_QUEUE on", path, LibC.EBADF);
            }
            occupy(slot);
            return;
        }
        byte[] data = read(fd, offset, length, camera.slotLengths()[slot]);
        if (!keepFrames && !queued.isEmpty()) {
            Queued last = queued.get(queued.size() - 1);
            queued.set(queued.size() - 1, new Queued(last.slot(), last.fd(), last.length(), last.offset(), null));
        }
        queued.add(new Queued(slot, fd, length, offset, data));
        occupy(slot);
    }

    /* the frame in slot becomes the current one; the one it replaces is done */
    private void occupy(int slot) {
        busy[slot] = true;
        if (current >= 0) {
            done.add(current);
        }
        current = slot;
    }

    /** Reads the frame back as a consumer would; fails like the driver if the buffer is short. */
    private byte[] read(int fd, long offset, int length, int slotLength) throws VcamException {
        long need = offset + slotLength;
        Pointer p = LibC.mmap(null, need, LibC.PROT_READ, LibC.MAP_SHARED, fd, 0);
        if (LibC.mapFailed(p)) {
            throw new VcamException("mmap of the queued fd for", path, LibC.errno());
        }
        try {
            return p.getByteArray(offset, length);
        } finally {
            LibC.munmap(p, need);
        }
    }

    @Override
    public synchronized int dequeue() throws VcamException {
        check();
        dequeueCalls.incrementAndGet();
        if (stuck || done.isEmpty()) {
            dequeueEmpty.incrementAndGet();
            return -1;
        }
        int slot = done.poll();
        busy[slot] = false;
        return slot;
    }

    @Override
    public synchronized VcamStats stats() throws VcamException {
        check();
        if (camera == null) {
            throw new VcamException("VCAM_IOC_STATS on", path, LibC.ENODEV);
        }
        /* as if one consumer received every queued frame with one copy */
        long n = queueCalls.get();
        return new VcamStats(Vcam.STATUS_IDLE, openers, n, n, 0, n, 0, 0, n * camera.slotLengths()[0], 0, 0, 0,
                readers, 0);
    }

    @Override
    public synchronized int[] nodes() throws VcamException {
        check();
        if (!caps.has(Vcam.CAP_READERS)) {
            throw new VcamException("VCAM_IOC_NODES on", path, LibC.ENOTTY);
        }
        if (camera == null) {
            throw new VcamException("VCAM_IOC_NODES on", path, LibC.ENODEV);
        }
        /* reader k > 0 is numbered 100 + 10 * N + k here: distinct from every camera number */
        int[] out = new int[readers];
        out[0] = camera.deviceNr();
        for (int k = 1; k < readers; k++) {
            out[k] = 100 + 10 * camera.deviceNr() + k;
        }
        return out;
    }

    synchronized VcamCamera camera() {
        return camera;
    }

    synchronized boolean closed() {
        return closed;
    }

    private void check() throws VcamException {
        if (closed) {
            throw new VcamException("use", path, LibC.EBADF);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (cameraNr >= 0) {
                synchronized (numbersInUse) {
                    numbersInUse.remove(Integer.valueOf(cameraNr));
                }
            }
        }
    }
}
