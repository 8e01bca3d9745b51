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
    /** One QUEUE call; {@code slot} is -1 - index for a consumer's buffer queued in export mode. */
    record Queued(int slot, int fd, int length, long offset, byte[] data) {
        boolean exported() {
            return slot < 0;
        }
    }

    static final VcamCaps CAPS = new VcamCaps(Vcam.API_VERSION,
            Vcam.CAP_DMABUF_IMPORT | Vcam.CAP_ZERO_COPY | Vcam.CAP_STATS, 2, 2, 8192, 8192, 2, 32, 1000,
            new int[] {Vcam.V4L2_PIX_FMT_YUYV, Vcam.V4L2_PIX_FMT_NV12, Vcam.V4L2_PIX_FMT_MJPEG}, 8, 1L << 30, 0, 1);
    /** A module with export mode (VCAM_CAP_EXPORT). */
    static final VcamCaps EXPORT_CAPS = new VcamCaps(Vcam.API_VERSION, CAPS.caps() | Vcam.CAP_EXPORT, 2, 2,
            8192, 8192, 2, 32, 1000, CAPS.formats(), 8, 1L << 30, 0, 1);
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

    /* export mode: one simulated consumer streaming MMAP buffers (memfds) on reader 0 */
    private boolean exportMode;
    private int cookie;
    private int nextCookie;
    private int[] consumerFds = new int[0];
    private boolean[] handedOut = new boolean[0];
    private boolean[] lent = new boolean[0];
    private boolean[] held = new boolean[0];
    /** Export calls: ACQUIRE that lent, ACQUIRE answered EAGAIN, RELEASE, QUEUE exported, ESTALE answers. */
    final java.util.concurrent.atomic.AtomicLong acquires = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong acquireEmpty = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong releases = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong exportedQueues = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong staleAnswers = new java.util.concurrent.atomic.AtomicLong();
    /** A consumer with this many MMAP buffers starts streaming as soon as the camera exists (0: none). */
    volatile int consumerBuffers;
    /** Called (under the device's lock) after an ACQUIRE that lent a buffer, and after every QUEUE. */
    volatile java.util.function.Consumer<FakeVcamDevice> afterAcquire;
    volatile java.util.function.Consumer<FakeVcamDevice> afterQueue;

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
        exportMode = r.export();
        if (consumerBuffers > 0) {
            startConsumer(consumerBuffers);
        }
        return camera;
    }

    /**
     * A consumer starts streaming {@code buffers} MMAP buffers (new cookie); in export mode the
     * producer may borrow them. Its buffers are memfds of the camera's frame size rounded up to
     * pages, which the fake reads frames back from.
     */
    synchronized void startConsumer(int buffers) {
        stopConsumer();
        int size = (int) org.vcam.gst.dmabuf.DmaBufSource.pageAlign(camera.slotLengths()[0]);
        consumerFds = new int[buffers];
        for (int i = 0; i < buffers; i++) {
            try {
                consumerFds[i] = org.vcam.gst.uapi.DmaBufIoctls.memfd(size, false);
            } catch (VcamException e) {
                throw new IllegalStateException(e);
            }
        }
        handedOut = new boolean[buffers];
        lent = new boolean[buffers];
        held = new boolean[buffers];
        cookie = ++nextCookie;
    }

    /** The consumer stops: its buffers are revoked (later QUEUE/RELEASE of them: ESTALE). */
    synchronized void stopConsumer() {
        for (int fd : consumerFds) {
            LibC.close(fd);
        }
        consumerFds = new int[0];
        cookie = 0;
    }

    /** The consumer holds buffer {@code index} (dequeued, not queued back): it cannot be lent. */
    synchronized void holdConsumerBuffer(int index, boolean hold) {
        held[index] = hold;
    }

    /** Buffers of the consumer lent to the producer now. */
    synchronized int lentNow() {
        int n = 0;
        for (boolean b : lent) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Override
    public synchronized long status() throws VcamException {
        check();
        long st = cookie != 0 ? Vcam.STATUS_STREAMING : Vcam.STATUS_IDLE;
        return exportMode && cookie != 0 ? st | Vcam.STATUS_EXPORT : st;
    }

    @Override
    public synchronized boolean exportAcquire(int flags, org.vcam.gst.uapi.ExportLoan out) throws VcamException {
        check();
        if (camera == null || !exportMode) {
            throw new VcamException("VCAM_IOC_EXPORT_ACQUIRE on", path, LibC.EOPNOTSUPP);
        }
        for (int i = 0; cookie != 0 && i < lent.length; i++) {
            if (!lent[i] && !held[i]) {
                lent[i] = true;
                int fd = -1;
                if (!handedOut[i] || (flags & Vcam.ACQUIRE_NEW_FD) != 0) {
                    fd = LibC.fcntl(consumerFds[i], LibC.F_DUPFD_CLOEXEC, 0);
                    handedOut[i] = true;
                }
                out.set(fd, i, cookie, (int) org.vcam.gst.dmabuf.DmaBufSource.pageAlign(camera.slotLengths()[0]), 0);
                acquires.incrementAndGet();
                if (afterAcquire != null) {
                    afterAcquire.accept(this);
                }
                return true;
            }
        }
        acquireEmpty.incrementAndGet();
        return false;
    }

    @Override
    public synchronized void exportRelease(int index, int c) throws VcamException {
        check();
        if (c == 0 || c != cookie) {
            staleAnswers.incrementAndGet();
            throw new VcamException("VCAM_IOC_EXPORT_RELEASE on", path, LibC.ESTALE);
        }
        if (index < 0 || index >= lent.length || !lent[index]) {
            throw new VcamException("VCAM_IOC_EXPORT_RELEASE on", path, LibC.EINVAL);
        }
        lent[index] = false;
        releases.incrementAndGet();
    }

    @Override
    public synchronized void queueExported(int index, int c, int length, long timestampNs) throws VcamException {
        check();
        if (c == 0 || c != cookie) {
            staleAnswers.incrementAndGet();
            throw new VcamException("VCAM_IOC_QUEUE on", path, LibC.ESTALE);
        }
        if (index < 0 || index >= lent.length || !lent[index] || length != camera.slotLengths()[0]) {
            throw new VcamException("VCAM_IOC_QUEUE on", path, LibC.EINVAL);
        }
        /* the consumer gets it at once and queues it back: free to lend again */
        lent[index] = false;
        exportedQueues.incrementAndGet();
        queueCalls.incrementAndGet();
        if (readBack) {
            byte[] data = read(consumerFds[index], 0, length, length);
            if (!keepFrames && !queued.isEmpty()) {
                Queued last = queued.get(queued.size() - 1);
                queued.set(queued.size() - 1, new Queued(last.slot(), last.fd(), last.length(), last.offset(), null));
            }
            queued.add(new Queued(-1 - index, consumerFds[index], length, 0, data));
        }
        /* the current slot frame, if any, is replaced */
        if (current >= 0) {
            done.add(current);
            current = -1;
        }
        if (afterQueue != null) {
            afterQueue.accept(this);
        }
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
        if (afterQueue != null) {
            afterQueue.accept(this);
        }
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
            stopConsumer();
            if (cameraNr >= 0) {
                synchronized (numbersInUse) {
                    numbersInUse.remove(Integer.valueOf(cameraNr));
                }
            }
        }
    }
}
