package org.vcam.gst.element;

import com.sun.jna.Pointer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vcam.gst.dmabuf.DmaBufSource;
import org.vcam.gst.uapi.GLib;
import org.vcam.gst.uapi.GObjectAbi;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi.Allocators;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.VcamException;

/**
 * A GstDmaBufAllocator subclass ("GstVcamDmaBufAllocator") whose gst_allocator_alloc() takes a
 * fresh DMA-BUF from a {@link DmaBufSource} and wraps it; GStreamer's buffer pools can then
 * fill themselves with DMA-BUF memory that upstream elements map and write.
 */
final class DmaBufMemoryAllocator {
    private static final Map<Long, DmaBufSource> SOURCES = new ConcurrentHashMap<>();
    /* strongly referenced for the life of the process: GLib keeps pointers to them */
    private static final GstApi.AllocFunc ALLOC = DmaBufMemoryAllocator::alloc;
    private static final GLib.Finalize FINALIZE = DmaBufMemoryAllocator::finalizeInstance;
    private static final GLib.ClassInit CLASS_INIT = DmaBufMemoryAllocator::classInit;
    private static GLib.TypeInfo typeInfo;
    private static com.sun.jna.Function parentFinalize;
    private static long type;

    private DmaBufMemoryAllocator() {
    }

    static void keepThreadsAttached(com.sun.jna.CallbackThreadInitializer init) {
        com.sun.jna.Native.setCallbackThreadInitializer(ALLOC, init);
    }

    private static synchronized long type() {
        if (type == 0) {
            long parent = Allocators.gst_dmabuf_allocator_get_type();
            int[] sizes = GLib.typeSizes(parent);
            typeInfo = new GLib.TypeInfo();
            typeInfo.class_size = (short) sizes[0];
            typeInfo.class_init = CLASS_INIT;
            typeInfo.instance_size = (short) sizes[1];
            typeInfo.write();
            type = GLib.g_type_register_static(parent, "GstVcamDmaBufAllocator", typeInfo, 0);
            if (type == 0) {
                throw new IllegalStateException("cannot register GstVcamDmaBufAllocator");
            }
        }
        return type;
    }

    private static void classInit(Pointer klass, Pointer data) {
        Pointer parent = GLib.g_type_class_peek_parent(klass);
        parentFinalize = GObjectAbi.parentVfunc(parent, GObjectAbi.OBJECT_FINALIZE);
        GObjectAbi.setVfunc(klass, GObjectAbi.allocatorAlloc(), ALLOC);
        GObjectAbi.setVfunc(klass, GObjectAbi.OBJECT_FINALIZE, FINALIZE);
    }

    /** A new allocator (a full reference) taking its DMA-BUFs from {@code source}. */
    static Pointer create(DmaBufSource source) {
        Pointer obj = GObjects.newObject(type());
        GstApi.gst_object_ref_sink(obj);
        SOURCES.put(Pointer.nativeValue(obj), source);
        return obj;
    }

    private static Pointer alloc(Pointer allocator, long size, Pointer params) {
        DmaBufSource source = SOURCES.get(Pointer.nativeValue(allocator));
        if (source == null) {
            GstLog.error(allocator, "allocator without a DMA-BUF source");
            return null;
        }
        long prefix = params == null ? 0 : params.getLong(GstApi.ALLOCATION_PARAMS_PREFIX);
        long padding = params == null ? 0 : params.getLong(GstApi.ALLOCATION_PARAMS_PADDING);
        long total = DmaBufSource.pageAlign(prefix + size + padding);
        int fd;
        try {
            fd = source.allocate(total);
        } catch (VcamException e) {
            GstLog.error(allocator, "cannot allocate a DMA-BUF of " + total + " bytes: " + e.getMessage());
            return null;
        }
        /* mapped once for its lifetime: without KEEP_MAPPED every map is an mmap, a page fault per
           page touched and an munmap (for a 1080p frame 1013 faults, each time upstream writes it) */
        Pointer mem = Allocators.gst_dmabuf_allocator_alloc_with_flags(allocator, fd, total,
                Allocators.FD_MEMORY_FLAG_KEEP_MAPPED);
        if (mem == null) {
            LibC.close(fd);
            GstLog.error(allocator, "gst_dmabuf_allocator_alloc_with_flags failed for fd " + fd);
            return null;
        }
        GstApi.gst_memory_resize(mem, prefix, size);
        GstLog.trace(allocator, "allocated " + source.name() + " DMA-BUF fd " + fd + " of " + total + " bytes");
        return mem;
    }

    private static void finalizeInstance(Pointer object) {
        SOURCES.remove(Pointer.nativeValue(object));
        parentFinalize.invokeVoid(new Object[] {object});
    }
}
