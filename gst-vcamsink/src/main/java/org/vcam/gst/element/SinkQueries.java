package org.vcam.gst.element;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.concurrent.atomic.AtomicBoolean;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Fraction;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.glib.Natives;
import org.vcam.gst.dmabuf.DmaBufSource;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi.Video;
import org.vcam.gst.uapi.VcamCaps;

/**
 * What a vcamsink answers upstream's queries: the ALLOCATION query gets a pool of DMA-BUFs in
 * the camera's layout with video meta; a CAPS query nothing can satisfy gets an error a user can
 * act on (once). Caps are read through gst1-java-core's Caps and Structure.
 */
final class SinkQueries {
    private final Pointer self;
    private final SinkSettings settings;
    private final ElementMessages messages;
    private final AtomicBoolean capsErrorPosted = new AtomicBoolean();

    SinkQueries(Pointer self, SinkSettings settings, ElementMessages messages) {
        this.self = self;
        this.settings = settings;
        this.messages = messages;
    }

    /** A new run: the caps error may be posted again. */
    void reset() {
        capsErrorPosted.set(false);
    }

    /** The stream format of fixed caps (read through gst1-java-core's Caps and Structure). */
    static StreamFormat parseCaps(Pointer caps) throws StreamFormat.Unsupported {
        Caps c = Natives.objectFor(caps, Caps.class, true, true);
        try {
            if (c.size() < 1) {
                throw new StreamFormat.Unsupported("empty caps", false);
            }
            Structure s = c.getStructure(0);
            int n = 0;
            int d = 1;
            if (s.hasField("framerate")) {
                Fraction f = s.getFraction("framerate");
                n = f.getNumerator();
                d = f.getDenominator();
            }
            return StreamFormat.fromCaps(s.getName(), s.hasField("format") ? s.getString("format") : null,
                    s.hasIntField("width") ? s.getInteger("width") : 0, s.hasIntField("height") ? s.getInteger("height") : 0,
                    n, d, c.toString());
        } finally {
            c.dispose();
        }
    }

    /** Answers a downstream query seen by the sink pad's probe (streaming thread). */
    int onQuery(Pointer pad, Pointer info, boolean started, Pointer allocator, VcamCaps moduleCaps,
            DmaBufSource dmabufs, ExportLoans loans) {
        Pointer query = GstApi.gst_pad_probe_info_get_query(info);
        if (query == null) {
            return GstApi.PROBE_OK;
        }
        String type = GstApi.gst_query_type_get_name(GstApi.queryType(query));
        if ("allocation".equals(type)) {
            return answerAllocation(query, allocator, moduleCaps, dmabufs, loans) ? GstApi.PROBE_HANDLED
                    : GstApi.PROBE_OK;
        }
        if ("caps".equals(type) && started && GstApi.gst_pad_is_linked(pad)) {
            checkCapsQuery(query);
        }
        return GstApi.PROBE_OK;
    }

    /**
     * Offers upstream a pool of DMA-BUFs laid out as the camera wants them, with video meta; in
     * export mode ({@code loans} not null) the pool lends the consumers' own buffers when it can.
     */
    private boolean answerAllocation(Pointer query, Pointer alloc, VcamCaps mc, DmaBufSource src, ExportLoans loans) {
        PointerByReference capsRef = new PointerByReference();
        IntByReference needPool = new IntByReference();
        GstApi.gst_query_parse_allocation(query, capsRef, needPool);
        Pointer qcaps = capsRef.getValue();
        if (qcaps == null) {
            return false;
        }
        StreamFormat sf;
        try {
            sf = parseCaps(qcaps);
        } catch (StreamFormat.Unsupported e) {
            return false;
        }
        if (!sf.format().isRaw()) {
            return false;
        }
        if (alloc == null) {
            return false;
        }
        if (mc != null) {
            try {
                sf.checkMemory(mc, settings.frames());
            } catch (StreamFormat.Unsupported e) {
                /* say why now: upstream would only report "not-negotiated" after the refused pool */
                if (capsErrorPosted.compareAndSet(false, true)) {
                    messages.error(UserError.unsupported(e), "allocation");
                }
                return false;
            }
        }
        int size = (int) sf.standardLayout().size();
        Pointer pool;
        try {
            pool = NativeBuffers.newPool(alloc, qcaps, true, size, 2, 0);
        } catch (IllegalStateException e) {
            GstLog.warning(self, "cannot offer a DMA-BUF pool: " + e.getMessage());
            return false;
        }
        int min = 2;
        if (loans != null) {
            try {
                pool = ExportPool.create(qcaps, sf, size, loans, pool);
                min = 0;
            } catch (IllegalStateException e) {
                GstLog.warning(self, "cannot offer the export pool: " + e.getMessage());
                return false;
            }
        }
        /* elements re-apply the query's allocator to the pool they take: name ours */
        GstApi.gst_query_add_allocation_param(query, alloc, null);
        GstApi.gst_query_add_allocation_pool(query, pool, size, min, 0);
        GstApi.gst_query_add_allocation_meta(query, Video.gst_video_meta_api_get_type(), null);
        GstApi.gst_object_unref(pool);
        GstLog.debug(self, "offered a pool of " + (loans != null ? "consumers' buffers or " : "")
                + (src == null ? "?" : src.name()) + " DMA-BUFs of " + size + " bytes for " + sf);
        return true;
    }

    /**
     * Upstream asks which caps the sink takes, restricted to a filter; if nothing in the filter
     * is acceptable negotiation is bound to fail, so say why in terms a user can act on. Only
     * while running and linked: link attempts (gst_parse, autopluggers) may try pads that do not
     * fit, and that is not an error.
     */
    private void checkCapsQuery(Pointer query) {
        PointerByReference filterRef = new PointerByReference();
        GstApi.gst_query_parse_caps(query, filterRef);
        Pointer filterPtr = filterRef.getValue();
        if (filterPtr == null) {
            return;
        }
        Caps filter = Natives.objectFor(filterPtr, Caps.class, true, true);
        Caps template = Caps.fromString(FrameFormat.TEMPLATE_CAPS);
        Caps anySize = Caps.fromString("video/x-raw, format=(string){ YUY2, NV12 }; image/jpeg");
        try {
            if (filter.isEmpty() || !filter.intersect(template).isEmpty()) {
                return;
            }
            boolean sizeOnly = !filter.intersect(anySize).isEmpty();
            if (!capsErrorPosted.compareAndSet(false, true)) {
                return;
            }
            String offered = filter.toString();
            String msg = sizeOnly
                    ? "size or frame rate out of range in " + offered + ": vcamsink takes " + FrameFormat.SUPPORTED
                    : "unsupported format " + offered + ": vcamsink takes " + FrameFormat.SUPPORTED
                      + " (put videoconvert before vcamsink)";
            messages.error(new UserError(UserError.Domain.STREAM, GstApi.STREAM_ERROR_FORMAT, msg, null), "caps");
        } finally {
            filter.dispose();
            template.dispose();
            anySize.dispose();
        }
    }
}
