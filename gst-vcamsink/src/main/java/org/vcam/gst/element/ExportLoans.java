package org.vcam.gst.element;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.vcam.gst.uapi.Address;
import org.vcam.gst.uapi.ExportLoan;
import org.vcam.gst.uapi.FrameCalls;
import org.vcam.gst.uapi.GLib;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.Vcam;
import org.vcam.gst.uapi.VcamException;

/**
 * Export mode for one vcamsink: the consumers' capture buffers the module lends
 * ({@code VCAM_IOC_EXPORT_ACQUIRE}), wrapped as GstBuffers of DMA-BUF memory that upstream renders
 * into, and their way back: queued by the sink ({@link #beginQueue}) or given back unused
 * ({@link #giveBack}, {@code VCAM_IOC_EXPORT_RELEASE}).
 *
 * <p>Each lent buffer is mapped once per consumer stream: the module hands out a DMA-BUF fd the
 * first time it lends a buffer in a stream (its cookie), and this keeps one GstMemory
 * (kept mapped) per (reader, index) until the cookie goes stale. Memory carries its loan as
 * qdata (cookie, reader, index), which is how the sink recognises a loan.
 *
 * <p>Threads: lending and giving back run on upstream's threads (the pool), queueing on the sink's
 * streaming thread, attach/detach on state changes. One monitor guards the table; it is held
 * across ACQUIRE and RELEASE, which never block, and never across the sink's QUEUE.
 */
final class ExportLoans {
    /** Entries per reader: V4L2 allows at most 64 buffers (VIDEO_MAX_FRAME). */
    static final int MAX_BUFFERS = 64;
    static final int QUARK = GLib.g_quark_from_string("vcam-export-loan");

    private final Pointer owner;
    private final ExportLoan loan = new ExportLoan();
    private final Address address = new Address();

    /* the camera lending buffers now, or null; guarded by this */
    private Camera camera;
    private boolean warned;

    /** One camera's table, per reader and buffer index. */
    private static final class Camera {
        final DeviceLease device;
        final long allocator;
        final FrameFormat format;
        final int width;
        final int height;
        final int sizeimage;
        final int planes;
        final Memory offsets = new Memory(4 * 8);
        final Memory strides = new Memory(4 * 4);
        final int[][] cookies = new int[Vcam.MAX_READERS][MAX_BUFFERS];
        final long[][] memories = new long[Vcam.MAX_READERS][MAX_BUFFERS];
        /* a second memory of the same buffer (its own fd and mapping) for when the sink's appsink
           still holds the buffer that carried the first: a memory in two buffers is not writable */
        final long[][] spares = new long[Vcam.MAX_READERS][MAX_BUFFERS];
        /* the GstBuffer a lent entry is in; 0 when the module has it */
        final long[][] lentIn = new long[Vcam.MAX_READERS][MAX_BUFFERS];
        final int[] used = new int[Vcam.MAX_READERS];

        Camera(DeviceLease device, long allocator, FrameLayout layout, int sizeimage) {
            this.device = device;
            this.allocator = allocator;
            this.format = layout.format();
            this.width = layout.width();
            this.height = layout.height();
            this.sizeimage = sizeimage;
            this.planes = layout.planes();
            offsets.clear();
            strides.clear();
            for (int i = 0; i < planes; i++) {
                offsets.setLong(8L * i, layout.offset(i));
                strides.setInt(4L * i, layout.stride(i));
            }
        }

        int videoFormat() {
            return format == FrameFormat.NV12 ? GstPluginsApi.Video.FORMAT_NV12 : GstPluginsApi.Video.FORMAT_YUY2;
        }
    }

    ExportLoans(Pointer owner) {
        this.owner = owner;
    }

    /** The camera starts lending: frames in {@code layout}, {@code sizeimage} bytes a frame. */
    synchronized void attach(DeviceLease device, Pointer allocator, FrameLayout layout, int sizeimage) {
        detachLocked();
        camera = new Camera(device, Pointer.nativeValue(allocator), layout, sizeimage);
        warned = false;
    }

    /** The camera goes: every mapping is let go (buffers still upstream keep theirs until they return). */
    synchronized void detach() {
        detachLocked();
    }

    private void detachLocked() {
        Camera c = camera;
        camera = null;
        if (c == null) {
            return;
        }
        for (int r = 0; r < Vcam.MAX_READERS; r++) {
            for (int i = 0; i < c.used[r]; i++) {
                forget(c, r, i);
            }
        }
    }

    /** True while a camera lends buffers of this format and size. */
    synchronized boolean lends(FrameFormat format, int width, int height) {
        Camera c = camera;
        return c != null && c.format == format && c.width == width && c.height == height;
    }

    /**
     * A consumer's free buffer as a new GstBuffer (one reference) for a pool of {@code format} at
     * {@code width} x {@code height}, or 0 when none can be lent now (no camera in export mode, a
     * different format, no consumer streaming MMAP buffers, all of them busy). Never blocks.
     */
    synchronized long lend(FrameFormat format, int width, int height) {
        Camera c = camera;
        if (c == null || c.format != format || c.width != width || c.height != height) {
            return 0;
        }
        if (!c.device.lease()) {
            return 0;
        }
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                if (!c.device.device().exportAcquire(attempt == 0 ? 0 : Vcam.ACQUIRE_NEW_FD, loan)) {
                    return 0;
                }
                long mem = memoryFor(c, loan);
                if (mem != 0 && inUse(mem)) {
                    mem = spareFor(c, loan.reader, loan.index, mem);
                }
                if (mem != 0) {
                    return wrap(c, mem, loan.reader, loan.index);
                }
                if (loan.fd >= 0 || !release(c, loan.index, loan.cookie)) {
                    return 0;
                }
                /* lent before, but not mapped here: given back, asked again for a new fd */
            }
            return 0;
        } catch (VcamException e) {
            warnOnce("cannot borrow a consumer's buffer: " + e.getMessage());
            return 0;
        } finally {
            c.device.release();
        }
    }

    /* the GstMemory of the loan: cached for (reader, index, cookie), or wrapped from its new fd */
    private long memoryFor(Camera c, ExportLoan l) {
        if (l.reader < 0 || l.reader >= Vcam.MAX_READERS || l.index < 0 || l.index >= MAX_BUFFERS) {
            warnOnce("the module lent buffer " + l.index + " of reader " + l.reader + ", out of range");
            closeFd(l);
            return 0;
        }
        int r = l.reader;
        int i = l.index;
        if (l.fd < 0) {
            return c.cookies[r][i] == l.cookie ? c.memories[r][i] : 0;
        }
        /* a new fd: a new stream of this reader, or the module asked us to map it again */
        for (int k = 0; k < c.used[r]; k++) {
            if (c.cookies[r][k] != l.cookie || k == i) {
                forget(c, r, k);
            }
        }
        if (l.length < c.sizeimage) {
            warnOnce("a consumer's buffer of " + l.length + " bytes cannot hold a frame of " + c.sizeimage);
            closeFd(l);
            return 0;
        }
        long mem = wrapFd(c, l.fd, l.length, l.cookie, r, i);
        l.fd = -1;
        if (mem == 0) {
            return 0;
        }
        c.memories[r][i] = mem;
        c.cookies[r][i] = l.cookie;
        c.used[r] = Math.max(c.used[r], i + 1);
        return mem;
    }

    /* a memory some buffer still holds: our reference plus the buffer's */
    private boolean inUse(long mem) {
        return address.at(mem).getInt(GstApi.MINI_OBJECT_REFCOUNT) > 1;
    }

    /* the entry's second memory (made the first time it is needed), or 0 when it is in use too */
    private long spareFor(Camera c, int r, int i, long first) {
        long spare = c.spares[r][i];
        if (spare == 0) {
            int fd = LibC.fcntl(FrameCalls.Allocators.gst_dmabuf_memory_get_fd(first), LibC.F_DUPFD_CLOEXEC, 0);
            if (fd < 0) {
                return 0;
            }
            spare = wrapFd(c, fd, maxSize(first), c.cookies[r][i], r, i);
            c.spares[r][i] = spare;
        }
        return spare == 0 || inUse(spare) ? 0 : spare;
    }

    private long maxSize(long mem) {
        return address.at(mem).getLong(GstApi.MEMORY_MAXSIZE);
    }

    /* DMA-BUF memory (kept mapped) of the fd, sized to a frame and tagged as the loan; 0 on failure (fd closed) */
    private long wrapFd(Camera c, int fd, long length, int cookie, int r, int i) {
        long mem = FrameCalls.Allocators.gst_dmabuf_allocator_alloc_with_flags(c.allocator, fd, length,
                GstPluginsApi.Allocators.FD_MEMORY_FLAG_KEEP_MAPPED);
        if (mem == 0) {
            LibC.close(fd);
            warnOnce("cannot wrap a consumer's buffer (fd " + fd + ")");
            return 0;
        }
        FrameCalls.Core.gst_memory_resize(mem, 0, c.sizeimage);
        GstApi.gst_mini_object_set_qdata(new Pointer(mem), QUARK, new Pointer(tag(cookie, r, i)), null);
        return mem;
    }

    private static void closeFd(ExportLoan l) {
        if (l.fd >= 0) {
            LibC.close(l.fd);
            l.fd = -1;
        }
    }

    /* a GstBuffer around the loan's memory with the camera's layout as video meta */
    private long wrap(Camera c, long mem, int reader, int index) {
        long buffer = FrameCalls.Core.gst_buffer_new();
        FrameCalls.Core.gst_buffer_append_memory(buffer, FrameCalls.Core.gst_mini_object_ref(mem));
        FrameCalls.Video.gst_buffer_add_video_meta_full(buffer, 0, c.videoFormat(), c.width, c.height, c.planes,
                Pointer.nativeValue(c.offsets), Pointer.nativeValue(c.strides));
        c.lentIn[reader][index] = buffer;
        return buffer;
    }

    /* drops the cached memory of an entry (buffers holding it keep it alive) */
    private static void forget(Camera c, int r, int i) {
        if (c.memories[r][i] != 0) {
            FrameCalls.Core.gst_mini_object_unref(c.memories[r][i]);
        }
        if (c.spares[r][i] != 0) {
            FrameCalls.Core.gst_mini_object_unref(c.spares[r][i]);
        }
        c.memories[r][i] = 0;
        c.spares[r][i] = 0;
        c.cookies[r][i] = 0;
        c.lentIn[r][i] = 0;
    }

    /**
     * The sink is about to queue {@code buffer}, whose memory {@code mem} carries the loan
     * {@code tag}: true when it is this camera's live loan in that very buffer (the sink then
     * queues it as exported and the table no longer counts it as lent), false otherwise (a loan
     * of an earlier camera or stream: the sink copies the frame instead).
     */
    synchronized boolean beginQueue(long tag, long buffer, long mem) {
        Camera c = camera;
        int r = reader(tag);
        int i = index(tag);
        if (c == null || r >= Vcam.MAX_READERS || i >= MAX_BUFFERS || c.cookies[r][i] != cookie(tag)
                || (c.memories[r][i] != mem && c.spares[r][i] != mem) || c.lentIn[r][i] != buffer) {
            return false;
        }
        c.lentIn[r][i] = 0;
        return true;
    }

    /** The module said the loan's stream ended (ESTALE): forget every mapping of that stream. */
    synchronized void forgetStream(long tag) {
        Camera c = camera;
        int r = reader(tag);
        if (c == null || r >= Vcam.MAX_READERS) {
            return;
        }
        for (int k = 0; k < c.used[r]; k++) {
            if (c.cookies[r][k] == cookie(tag)) {
                forget(c, r, k);
            }
        }
    }

    /**
     * {@code buffer}, a loan this lent, came back to the pool: if the sink did not queue it,
     * the buffer goes back to its consumer ({@code VCAM_IOC_EXPORT_RELEASE}).
     */
    synchronized void giveBack(long buffer) {
        Camera c = camera;
        if (c == null) {
            return;
        }
        for (int r = 0; r < Vcam.MAX_READERS; r++) {
            for (int i = 0; i < c.used[r]; i++) {
                if (c.lentIn[r][i] == buffer) {
                    c.lentIn[r][i] = 0;
                    if (c.device.lease()) {
                        try {
                            release(c, i, c.cookies[r][i]);
                        } finally {
                            c.device.release();
                        }
                    }
                    return;
                }
            }
        }
    }

    /* RELEASE; false when it failed (ESTALE: the stream ended, nothing to give back) */
    private boolean release(Camera c, int index, int cookie) {
        try {
            c.device.device().exportRelease(index, cookie);
            return true;
        } catch (VcamException e) {
            if (e.errno() != LibC.ESTALE) {
                warnOnce("cannot give a consumer's buffer back: " + e.getMessage());
            }
            return false;
        }
    }

    private void warnOnce(String message) {
        if (!warned) {
            warned = true;
            GstLog.warning(owner, message + " (export mode: falling back to own buffers)");
        } else {
            GstLog.debug(owner, message);
        }
    }

    /* ---------------------------------------------------------------- the tag on a loan's memory */

    static long tag(int cookie, int reader, int index) {
        return ((long) cookie << 32) | ((long) reader << 16) | index;
    }

    static int cookie(long tag) {
        return (int) (tag >>> 32);
    }

    static int reader(long tag) {
        return (int) ((tag >>> 16) & 0xffff);
    }

    static int index(long tag) {
        return (int) (tag & 0xffff);
    }

    /** The loan tag of {@code memory}, 0 when it is not a consumer's buffer. */
    static long tagOf(long memory) {
        return FrameCalls.Core.gst_mini_object_get_qdata(memory, QUARK);
    }
}
