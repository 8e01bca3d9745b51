package org.vcam.gst.uapi;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * /dev/vcam through its ioctls. Opened non-blocking: DEQUEUE never waits. QUEUE and DEQUEUE, the
 * per-frame calls, fill argument memory allocated once per file (offsets from {@link VcamStructs},
 * whose layout is tested against vcam.h), so they allocate nothing; they must not run on two
 * threads at once (the sink calls them from its streaming thread only). The export calls
 * (ACQUIRE, RELEASE), which run on upstream's threads, have memory of their own and are
 * serialised among themselves; both ioctls never block.
 */
public final class KernelVcamDevice implements VcamDevice {
    private static final VcamStructs.Queue Q = new VcamStructs.Queue();
    private static final long Q_FD = Q.offsetOf("fd");
    private static final long Q_INDEX = Q.offsetOf("index");
    private static final long Q_LENGTH = Q.offsetOf("length");
    private static final long Q_TIMESTAMP = Q.offsetOf("timestamp");
    private static final long Q_OFFSET = Q.offsetOf("offset");
    private static final long Q_FLAGS = Q.offsetOf("flags");
    private static final long Q_COOKIE = Q.offsetOf("cookie");
    private static final VcamStructs.Acquire A = new VcamStructs.Acquire();
    private static final long A_FLAGS = A.offsetOf("flags");
    private static final long A_FD = A.offsetOf("fd");
    private static final long A_INDEX = A.offsetOf("index");
    private static final long A_COOKIE = A.offsetOf("cookie");
    private static final long A_LENGTH = A.offsetOf("length");
    private static final long A_READER = A.offsetOf("reader");
    private static final VcamStructs.Release R = new VcamStructs.Release();
    private static final long R_INDEX = R.offsetOf("index");
    private static final long R_COOKIE = R.offsetOf("cookie");
    private static final long D_INDEX = new VcamStructs.Dequeue().offsetOf("index");

    private final String path;
    private volatile int fd;
    private final Memory queueArg = new Memory(VcamStructs.Queue.SIZE);
    private final Memory dequeueArg = new Memory(VcamStructs.Dequeue.SIZE);
    /* ACQUIRE and RELEASE run on upstream's threads (the sink's buffer pool): their own memory */
    private final Memory acquireArg = new Memory(VcamStructs.Acquire.SIZE);
    private final Memory releaseArg = new Memory(VcamStructs.Release.SIZE);
    private final Memory statusArg = new Memory(8);

    private KernelVcamDevice(String path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** The opener for the real driver. */
    public static VcamDevice open(String path) throws VcamException {
        int fd = LibC.open(path, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new VcamException("open", path, LibC.errno());
        }
        return new KernelVcamDevice(path, fd);
    }

    private void check(int r, String op) throws VcamException {
        if (r < 0) {
            throw new VcamException(op, path, -r);
        }
    }

    private int fd() throws VcamException {
        if (fd < 0) {
            throw new VcamException("use", path, LibC.EBADF);
        }
        return fd;
    }

    @Override
    public VcamCaps querycap() throws VcamException {
        VcamStructs.Querycap q = new VcamStructs.Querycap();
        check(LibC.ioctlRetry(fd(), Vcam.IOC_QUERYCAP, q), "VCAM_IOC_QUERYCAP on");
        int n = Math.min(Math.max(q.nr_formats, 0), Vcam.MAX_FORMATS);
        int[] formats = java.util.Arrays.copyOf(q.formats, n);
        return new VcamCaps(q.version, q.caps, q.min_width, q.min_height, q.max_width,
                q.max_height, q.min_frames, q.max_frames, q.max_fps, formats, q.max_cameras,
                q.max_camera_bytes, q.max_readers, q.default_readers);
    }

    @Override
    public VcamCamera create(VcamCameraRequest r) throws VcamException {
        VcamStructs.Create c = new VcamStructs.Create();
        Memory label = null;
        if (r.label() != null && !r.label().isEmpty()) {
            byte[] b = r.label().getBytes(StandardCharsets.UTF_8);
            label = new Memory(b.length + 1);
            label.write(0, b, 0, b.length);
            label.setByte(b.length, (byte) 0);
            c.device_name = Pointer.nativeValue(label);
        }
        Memory frames = new Memory((long) VcamStructs.Frame.SIZE * r.frames());
        frames.clear();
        c.width = r.width();
        c.height = r.height();
        c.pixelformat = r.pixelformat();
        c.bytesperline = r.bytesperline();
        if (r.deviceNr() >= 0) {
            c.flags = Vcam.CREATE_DEVICE_NR;
            c.device_nr = r.deviceNr();
        }
        if (r.export()) {
            c.flags |= Vcam.CREATE_EXPORT;
        }
        c.nr_frames = r.frames();
        c.frames = Pointer.nativeValue(frames);
        c.fps_numerator = r.fpsNumerator();
        c.fps_denominator = r.fpsDenominator();
        c.nr_readers = r.readers();
        int ret = LibC.ioctlRetry(fd(), Vcam.IOC_CREATE, c);
        /* keep the label and the slot array reachable until the call returned */
        java.lang.ref.Reference.reachabilityFence(label);
        check(ret, "VCAM_IOC_CREATE on");
        int[] lengths = new int[r.frames()];
        for (int i = 0; i < lengths.length; i++) {
            int index = frames.getInt((long) i * VcamStructs.Frame.SIZE);
            int length = frames.getInt((long) i * VcamStructs.Frame.SIZE + 4);
            if (index >= 0 && index < lengths.length) {
                lengths[index] = length;
            }
        }
        return new VcamCamera(c.device_nr, lengths);
    }

    @Override
    public void queue(int slot, int dmabufFd, int length, long offset, long timestampNs)
            throws VcamException {
        if (offset < 0 || offset > 0xffffffffL) {
            throw new VcamException("VCAM_IOC_QUEUE on", path, LibC.EINVAL);
        }
        Memory q = queueArg;
        q.clear();
        q.setInt(Q_FD, dmabufFd);
        q.setInt(Q_INDEX, slot);
        q.setInt(Q_LENGTH, length);
        q.setLong(Q_TIMESTAMP, timestampNs);
        q.setInt(Q_OFFSET, (int) offset);
        check(LibC.ioctlRetry(fd(), Vcam.IOC_QUEUE, Pointer.nativeValue(q)), "VCAM_IOC_QUEUE on");
    }

    @Override
    public void queueExported(int index, int cookie, int length, long timestampNs) throws VcamException {
        Memory q = queueArg;
        q.clear();
        q.setInt(Q_FD, -1);
        q.setInt(Q_INDEX, index);
        q.setInt(Q_LENGTH, length);
        q.setInt(Q_FLAGS, Vcam.QUEUE_EXPORTED);
        q.setLong(Q_TIMESTAMP, timestampNs);
        q.setInt(Q_COOKIE, cookie);
        check(LibC.ioctlRetry(fd(), Vcam.IOC_QUEUE, Pointer.nativeValue(q)), "VCAM_IOC_QUEUE (exported) on");
    }

    @Override
    public boolean exportAcquire(int flags, ExportLoan out) throws VcamException {
        synchronized (acquireArg) {
            Memory a = acquireArg;
            a.clear();
            a.setInt(A_FLAGS, flags);
            int r = LibC.ioctlRetry(fd(), Vcam.IOC_EXPORT_ACQUIRE, Pointer.nativeValue(a));
            if (r == -LibC.EAGAIN) {
                return false;
            }
            check(r, "VCAM_IOC_EXPORT_ACQUIRE on");
            out.set(a.getInt(A_FD), a.getInt(A_INDEX), a.getInt(A_COOKIE), a.getInt(A_LENGTH), a.getInt(A_READER));
            return true;
        }
    }

    @Override
    public void exportRelease(int index, int cookie) throws VcamException {
        synchronized (acquireArg) {
            Memory r = releaseArg;
            r.clear();
            r.setInt(R_INDEX, index);
            r.setInt(R_COOKIE, cookie);
            check(LibC.ioctlRetry(fd(), Vcam.IOC_EXPORT_RELEASE, Pointer.nativeValue(r)), "VCAM_IOC_EXPORT_RELEASE on");
        }
    }

    @Override
    public long status() throws VcamException {
        synchronized (statusArg) {
            statusArg.setLong(0, 0);
            check(LibC.ioctlRetry(fd(), Vcam.IOC_STATUS, Pointer.nativeValue(statusArg)), "VCAM_IOC_STATUS on");
            return statusArg.getLong(0);
        }
    }

    @Override
    public int dequeue() throws VcamException {
        Memory d = dequeueArg;
        d.clear();
        int r = LibC.ioctlRetry(fd(), Vcam.IOC_DEQUEUE, Pointer.nativeValue(d));
        if (r == -LibC.EAGAIN) {
            return -1;
        }
        check(r, "VCAM_IOC_DEQUEUE on");
        return d.getInt(D_INDEX);
    }

    @Override
    public VcamStats stats() throws VcamException {
        VcamStructs.Stats s = new VcamStructs.Stats();
        check(LibC.ioctlRetry(fd(), Vcam.IOC_STATS, s), "VCAM_IOC_STATS on");
        return new VcamStats(s.status, s.openers, s.queued, s.delivered, s.repeated, s.copied,
                s.zero_copy, s.dropped, s.bytes_copied, s.errors, s.repeat_bytes_copied, s.exported,
                s.nr_readers, s.readers_streaming);
    }

    @Override
    public int[] nodes() throws VcamException {
        VcamStructs.Nodes n = new VcamStructs.Nodes();
        check(LibC.ioctlRetry(fd(), Vcam.IOC_NODES, n), "VCAM_IOC_NODES on");
        int count = Math.min(Math.max(n.nr_readers, 0), Vcam.MAX_READERS);
        return java.util.Arrays.copyOf(n.reader_nr, count);
    }

    @Override
    public void close() {
        if (fd >= 0) {
            LibC.close(fd);
            fd = -1;
        }
    }
}
