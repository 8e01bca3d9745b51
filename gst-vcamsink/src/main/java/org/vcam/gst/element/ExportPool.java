package org.vcam.gst.element;

import com.sun.jna.Pointer;
import java.util.Arrays;
import org.vcam.gst.uapi.FrameCalls;
import org.vcam.gst.uapi.GLib;
import org.vcam.gst.uapi.GObjectAbi;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi.Video;

/**
 * The pool vcamsink offers upstream in export mode: a GstVideoBufferPool subclass
 * ("GstVcamExportPool") whose buffers are the consumers' own capture buffers while the module
 * lends them ({@link ExportLoans}), and otherwise buffers of an inner pool of the sink's own
 * DMA-BUFs. It never blocks: no loan, an own buffer (the inner pool has no maximum).
 *
 * <p>Own buffers are taken from the inner pool and handed out as this pool's (their pool pointer
 * moves from the inner pool to this one and back when they return), so upstream sees one pool.
 * A loan that comes back without having been queued goes back to its consumer (RELEASE) and its
 * GstBuffer is freed; the loan's memory stays mapped for the next time.
 *
 * <p>acquire_buffer and release_buffer run for every frame: they are bound in JNA's direct mode
 * on raw addresses and allocate nothing; the pool finds its Java side by an index stored in the
 * instance.
 */
final class ExportPool {
    private static final GLib.PoolAcquire ACQUIRE = ExportPool::acquire;
    private static final GLib.PoolRelease RELEASE = ExportPool::release;
    private static final GLib.PoolStartStop START = ExportPool::start;
    private static final GLib.PoolStartStop STOP = ExportPool::stop;
    private static final GLib.Finalize FINALIZE = ExportPool::finalizeInstance;
    private static final GLib.ClassInit CLASS_INIT = ExportPool::classInit;
    private static GLib.TypeInfo typeInfo;
    private static com.sun.jna.Function parentFinalize;
    private static volatile long type;
    /* the offset of the index in the instance (right after the parent's instance) */
    private static int indexOffset;
    private static volatile ExportPool[] byIndex = new ExportPool[8];

    private final long self;
    private final long inner;
    private final ExportLoans loans;
    private final FrameFormat format;
    private final int width;
    private final int height;
    /* loans handed out and not back yet (their GstBuffer addresses); guarded by this */
    private long[] out = new long[8];
    private int outCount;

    private ExportPool(long self, long inner, ExportLoans loans, StreamFormat sf) {
        this.self = self;
        this.inner = inner;
        this.loans = loans;
        this.format = sf.format();
        this.width = sf.width();
        this.height = sf.height();
    }

    static void keepThreadsAttached(com.sun.jna.CallbackThreadInitializer init) {
        com.sun.jna.Native.setCallbackThreadInitializer(ACQUIRE, init);
        com.sun.jna.Native.setCallbackThreadInitializer(RELEASE, init);
    }

    private static synchronized long type() {
        if (type == 0) {
            long parent = Video.gst_video_buffer_pool_get_type();
            int[] sizes = GLib.typeSizes(parent);
            indexOffset = (sizes[1] + 7) & ~7;
            typeInfo = new GLib.TypeInfo();
            typeInfo.class_size = (short) sizes[0];
            typeInfo.class_init = CLASS_INIT;
            typeInfo.instance_size = (short) (indexOffset + 8);
            typeInfo.write();
            type = GLib.g_type_register_static(parent, "GstVcamExportPool", typeInfo, 0);
            if (type == 0) {
                throw new IllegalStateException("cannot register GstVcamExportPool");
            }
        }
        return type;
    }

    private static void classInit(Pointer klass, Pointer data) {
        Pointer parent = GLib.g_type_class_peek_parent(klass);
        parentFinalize = GObjectAbi.parentVfunc(parent, GObjectAbi.OBJECT_FINALIZE);
        GLib.storeCallback(klass.share(GObjectAbi.poolAcquire()), ACQUIRE);
        GLib.storeCallback(klass.share(GObjectAbi.poolRelease()), RELEASE);
        GObjectAbi.setVfunc(klass, GObjectAbi.poolStart(), START);
        GObjectAbi.setVfunc(klass, GObjectAbi.poolStop(), STOP);
        GObjectAbi.setVfunc(klass, GObjectAbi.OBJECT_FINALIZE, FINALIZE);
    }

    /**
     * A new export pool (a full reference) for {@code caps} ({@code sf}), lending through
     * {@code loans}, with {@code inner} (a configured pool of the sink's DMA-BUFs, a reference
     * this takes) for the frames no consumer buffer is free for.
     */
    static Pointer create(Pointer caps, StreamFormat sf, int size, ExportLoans loans, Pointer inner) {
        Pointer obj = GObjects.newObject(type());
        GstApi.gst_object_ref_sink(obj);
        ExportPool p = new ExportPool(Pointer.nativeValue(obj), Pointer.nativeValue(inner), loans, sf);
        obj.setInt(indexOffset, addIndex(p));
        Pointer config = GstApi.gst_buffer_pool_get_config(obj);
        GstApi.gst_buffer_pool_config_set_params(config, caps, size, 0, 0);
        GstApi.gst_buffer_pool_config_add_option(config, Video.POOL_OPTION_VIDEO_META);
        if (!GstApi.gst_buffer_pool_set_config(obj, config)) {
            GstApi.gst_object_unref(obj);
            throw new IllegalStateException("the export pool refused its configuration for " + sf);
        }
        return obj;
    }

    private static synchronized int addIndex(ExportPool p) {
        ExportPool[] a = byIndex;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == null) {
                a[i] = p;
                return i;
            }
        }
        ExportPool[] b = Arrays.copyOf(a, a.length * 2);
        b[a.length] = p;
        byIndex = b;
        return a.length;
    }

    /* outside the frame path */
    private static ExportPool of(long pool) {
        return new Reader().at(pool);
    }

    /** True when {@code buffer} (an address) came from an export pool ({@code a}: scratch). */
    static boolean handedOut(long buffer, org.vcam.gst.uapi.Address a) {
        long t = type;
        long pool = a.at(buffer).getLong(GstApi.BUFFER_POOL);
        /* GTypeInstance.g_class, then GTypeClass.g_type */
        return t != 0 && pool != 0 && a.at(a.at(pool).getLong(0)).getLong(0) == t;
    }

    /* ---------------------------------------------------------------- vfuncs */

    private static int acquire(long pool, long bufferOut, long params) {
        ExportPool p = POOLS.get().at(pool);
        if (p == null) {
            return GstApi.FLOW_ERROR;
        }
        return p.acquireBuffer(bufferOut, params);
    }

    private int acquireBuffer(long bufferOut, long params) {
        Reader r = POOLS.get();
        if (r.address.at(self).getInt(GstApi.BUFFER_POOL_FLUSHING) != 0) {
            return GstApi.FLOW_FLUSHING;
        }
        long loan = loans.lend(format, width, height);
        if (loan != 0) {
            remember(loan);
            r.address.at(bufferOut).setLong(0, loan);
            return GstApi.FLOW_OK;
        }
        int flow = FrameCalls.Core.gst_buffer_pool_acquire_buffer(inner, bufferOut, params);
        if (flow != GstApi.FLOW_OK) {
            return flow;
        }
        /* the buffer is handed out as ours: the inner pool's reference goes until it returns */
        long buffer = r.address.at(bufferOut).getLong(0);
        r.address.at(buffer).setLong(GstApi.BUFFER_POOL, 0);
        FrameCalls.Core.gst_object_unref(inner);
        return GstApi.FLOW_OK;
    }

    private static void release(long pool, long buffer) {
        ExportPool p = POOLS.get().at(pool);
        if (p != null) {
            p.releaseBuffer(buffer);
        }
    }

    private void releaseBuffer(long buffer) {
        if (forget(buffer)) {
            loans.giveBack(buffer);
            FrameCalls.Core.gst_mini_object_unref(buffer);
            return;
        }
        /* an own buffer: back to the inner pool, which takes back its reference with it */
        FrameCalls.Core.gst_object_ref(inner);
        POOLS.get().address.at(buffer).setLong(GstApi.BUFFER_POOL, inner);
        FrameCalls.Core.gst_buffer_pool_release_buffer(inner, buffer);
    }

    private synchronized void remember(long buffer) {
        if (outCount == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[outCount++] = buffer;
    }

    private synchronized boolean forget(long buffer) {
        for (int i = 0; i < outCount; i++) {
            if (out[i] == buffer) {
                out[i] = out[--outCount];
                return true;
            }
        }
        return false;
    }

    private static boolean start(Pointer pool) {
        ExportPool p = of(Pointer.nativeValue(pool));
        /* no buffers of its own to allocate: the inner pool has them */
        return p != null && GstApi.gst_buffer_pool_set_active(new Pointer(p.inner), true);
    }

    private static boolean stop(Pointer pool) {
        ExportPool p = of(Pointer.nativeValue(pool));
        return p == null || GstApi.gst_buffer_pool_set_active(new Pointer(p.inner), false);
    }

    private static void finalizeInstance(Pointer object) {
        ExportPool p = of(Pointer.nativeValue(object));
        if (p != null) {
            removeIndex(p);
            GstApi.gst_object_unref(new Pointer(p.inner));
        }
        parentFinalize.invokeVoid(new Object[] {object});
    }

    private static synchronized void removeIndex(ExportPool p) {
        ExportPool[] a = byIndex;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == p) {
                a[i] = null;
            }
        }
    }

    /* per-thread scratch for reading and writing native memory without allocating */
    private static final ThreadLocal<Reader> POOLS = ThreadLocal.withInitial(Reader::new);

    private static final class Reader {
        final org.vcam.gst.uapi.Address address = new org.vcam.gst.uapi.Address();

        ExportPool at(long pool) {
            int i = address.at(pool).getInt(indexOffset);
            ExportPool[] a = byIndex;
            return i >= 0 && i < a.length ? a[i] : null;
        }
    }
}
