package org.vcam.gst.element;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import org.vcam.gst.dmabuf.DmaBufSource;
import org.vcam.gst.uapi.GLib;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi.App;
import org.vcam.gst.uapi.GstPluginsApi.Video;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.Vcam;
import org.vcam.gst.uapi.VcamCamera;
import org.vcam.gst.uapi.VcamCameraRequest;
import org.vcam.gst.uapi.VcamCaps;
import org.vcam.gst.uapi.VcamDequeued;
import org.vcam.gst.uapi.VcamDevice;
import org.vcam.gst.uapi.VcamException;

/**
 * One vcamsink instance: the appsink inside the bin hands it every buffer; it creates the camera
 * for the negotiated caps, answers upstream's ALLOCATION query with a pool of DMA-BUFs, and
 * queues each frame (zero copy when the buffer is a DMA-BUF laid out as the camera expects,
 * otherwise copied once into one of its own DMA-BUFs). It never waits for consumers: when every
 * slot is busy the frame is dropped and counted.
 */
final class VcamSinkElement {
    /** How long to wait for the previous /dev/videoN number to become free on re-creation. */
    private static final long REUSE_NUMBER_WAIT_MS = 1000;

    final Pointer self;
    final SinkSettings settings = new SinkSettings();
    final SinkStats stats = new SinkStats();
    private final Backend backend;
    private final Object lock = new Object();
    private Pointer appsink;
    private final Memory callbacks = new Memory(App.CALLBACKS_SIZE);

    /* guarded by lock */
    private VcamDevice device;
    private VcamCaps moduleCaps;
    private DmaBufSource dmabufs;
    private Pointer allocator;
    private Pointer caps;
    private StreamFormat stream;
    private FrameLayout cameraLayout;
    private VcamCamera camera;
    private SlotTable<Pointer> slots;
    private Pointer copyPool;
    private VcamCameraRequest cameraRequest;
    private boolean cameraFailed;
    private int previousDeviceNr = -1;
    private boolean capsErrorPosted;

    private volatile String videoDevice;
    private volatile boolean started;

    VcamSinkElement(Pointer self, Backend backend) {
        this.self = self;
        this.backend = backend;
    }

    /** Builds the bin's inside: appsink, ghost pad "sink", the query probe. */
    void init(Pointer klass, App.NewSample newSample, GstApi.PadProbe probe) {
        appsink = GstApi.gst_element_factory_make("appsink", "appsink");
        if (appsink == null) {
            throw new IllegalStateException("the appsink element is missing (gstreamer1.0-plugins-base)");
        }
        GstApi.gst_util_set_object_arg(appsink, "emit-signals", "false");
        GstApi.gst_util_set_object_arg(appsink, "enable-last-sample", "false");
        GstApi.gst_util_set_object_arg(appsink, "sync", "true");
        GstApi.gst_bin_add(self, appsink);
        callbacks.clear();
        callbacks.setPointer(2L * com.sun.jna.Native.POINTER_SIZE,
                com.sun.jna.CallbackReference.getFunctionPointer(newSample));
        App.gst_app_sink_set_callbacks(appsink, callbacks, self, null);
        Pointer target = GstApi.gst_element_get_static_pad(appsink, "sink");
        Pointer templ = GstApi.gst_element_class_get_pad_template(klass, "sink");
        Pointer ghost = GstApi.gst_ghost_pad_new_from_template("sink", target, templ);
        GstApi.gst_object_unref(target);
        GstApi.gst_pad_add_probe(ghost, GstApi.PROBE_TYPE_QUERY_DOWNSTREAM, probe, self, null);
        GstApi.gst_element_add_pad(self, ghost);
    }

    /* ---------------------------------------------------------------- properties */

    void setSync(boolean sync) {
        settings.setSync(sync);
        GstApi.gst_util_set_object_arg(appsink, "sync", sync ? "true" : "false");
    }

    String videoDevice() {
        return videoDevice;
    }

    /**
     * Applications that have the camera open now (the {@code openers} of VCAM_IOC_STATS, a
     * guint), 0 while there is no camera.
     */
    int consumers() {
        synchronized (lock) {
            if (camera == null) {
                return 0;
            }
            try {
                return device.stats().openers();
            } catch (VcamException e) {
                GstLog.warning(self, "cannot read the camera's consumers: " + e.getMessage());
                return 0;
            }
        }
    }

    /* ---------------------------------------------------------------- states */

    /** NULL -> READY: open the control device and the DMA-BUF source. */
    boolean start() {
        synchronized (lock) {
            stats.reset();
            capsErrorPosted = false;
            UserError err = openDevice();
            if (err != null) {
                postError(err, "start");
                return false;
            }
            try {
                dmabufs = backend.dmabufs().open();
            } catch (VcamException e) {
                closeDevice();
                postError(new UserError(UserError.Domain.RESOURCE, GstApi.RESOURCE_ERROR_NOT_FOUND,
                        "no DMA-BUF source for the frames: " + e.getMessage(), e.getMessage()), "start");
                return false;
            }
            allocator = DmaBufMemoryAllocator.create(dmabufs);
            started = true;
            GstLog.info(self, "control device " + settings.device() + ", DMA-BUFs from " + dmabufs.name());
            return true;
        }
    }

    /** PLAYING -> PAUSED: with idle=black, show a black frame. */
    void paused() {
        synchronized (lock) {
            if (camera == null || settings.idle() != IdleMode.BLACK) {
                return;
            }
            if (!stream.format().isRaw()) {
                GstLog.warning(self, "idle=black is not available for image/jpeg: the last frame stays");
                return;
            }
            try {
                reclaim();
                int slot = slots.findFree();
                Pointer black = slot < 0 ? null : NativeBuffers.acquireNow(copyPool);
                if (black == null) {
                    GstLog.warning(self, "no free slot for the black frame");
                    return;
                }
                try (NativeBuffers.Mapping m = new NativeBuffers.Mapping(black, GstApi.MAP_WRITE)) {
                    Repack.fillBlack(m.bytes(), cameraLayout);
                }
                queue(slot, black, NativeBuffers.describe(black, stream), camera.slotLengths()[slot]);
                GstLog.debug(self, "queued a black frame into slot " + slot);
            } catch (VcamException e) {
                GstLog.warning(self, "cannot show a black frame: " + e.getMessage());
            }
        }
    }

    /** PAUSED -> READY: the camera goes away (or to the {@link CameraKeeper}). */
    void stopStreaming() {
        synchronized (lock) {
            destroyCamera(true);
        }
    }

    /** READY -> NULL: release everything. */
    void stop() {
        synchronized (lock) {
            started = false;
            destroyCamera(true);
            closeDevice();
            if (allocator != null) {
                GstApi.gst_object_unref(allocator);
                allocator = null;
            }
            if (dmabufs != null) {
                dmabufs.close();
                dmabufs = null;
            }
        }
    }

    void dispose() {
        stop();
    }

    private UserError openDevice() {
        if (device != null) {
            return null;
        }
        String path = settings.device();
        try {
            device = backend.devices().open(path);
        } catch (VcamException e) {
            return UserError.open(e);
        }
        try {
            moduleCaps = device.querycap();
        } catch (VcamException e) {
            closeDevice();
            return new UserError(UserError.Domain.RESOURCE, GstApi.RESOURCE_ERROR_OPEN_READ_WRITE,
                    path + " is not a vcam control device (VCAM_IOC_QUERYCAP failed): " + e.getMessage()
                    + "; set the device property to the vcam device, normally " + SinkSettings.DEFAULT_DEVICE,
                    e.getMessage());
        }
        if (moduleCaps.version() != Vcam.API_VERSION) {
            GstLog.warning(self, "vcam module API version " + moduleCaps.version() + ", this sink speaks "
                    + Vcam.API_VERSION);
        }
        return null;
    }

    private void closeDevice() {
        if (device != null) {
            device.close();
            device = null;
        }
    }

    /* ---------------------------------------------------------------- camera */

    private static StreamFormat parseCaps(Pointer caps) throws StreamFormat.Unsupported {
        String text = GstApi.capsString(caps);
        if (GstApi.gst_caps_get_size(caps) < 1) {
            throw new StreamFormat.Unsupported("empty caps", false);
        }
        Pointer s = GstApi.gst_caps_get_structure(caps, 0);
        IntByReference w = new IntByReference();
        IntByReference h = new IntByReference();
        IntByReference n = new IntByReference(0);
        IntByReference d = new IntByReference(1);
        GstApi.gst_structure_get_int(s, "width", w);
        GstApi.gst_structure_get_int(s, "height", h);
        if (!GstApi.gst_structure_get_fraction(s, "framerate", n, d)) {
            n.setValue(0);
            d.setValue(1);
        }
        return StreamFormat.fromCaps(GstApi.gst_structure_get_name(s),
                GstApi.gst_structure_get_string(s, "format"), w.getValue(), h.getValue(),
                n.getValue(), d.getValue(), text);
    }

    /** (Re-)creates the camera for {@code newCaps}; returns the error to post, or null. */
    private UserError configure(Pointer newCaps) {
        StreamFormat sf;
        try {
            sf = parseCaps(newCaps);
        } catch (StreamFormat.Unsupported e) {
            return UserError.unsupported(e);
        }
        destroyCamera(false);
        UserError err = openDevice();
        if (err != null) {
            return err;
        }
        int frames = settings.frames();
        try {
            sf.checkLimits(moduleCaps);
            sf.checkMemory(moduleCaps, frames);
        } catch (StreamFormat.Unsupported e) {
            return UserError.unsupported(e);
        }
        if (frames < moduleCaps.minFrames() || frames > moduleCaps.maxFrames()) {
            return new UserError(UserError.Domain.RESOURCE, GstApi.RESOURCE_ERROR_SETTINGS,
                    "frames=" + frames + " is out of range: the vcam module takes " + moduleCaps.minFrames()
                    + ".." + moduleCaps.maxFrames(), null);
        }
        FrameLayout layout = sf.standardLayout();
        int bytesperline = layout == null ? 0 : layout.stride(0);
        int wantedNr = settings.deviceNr() >= 0 ? settings.deviceNr() : previousDeviceNr;
        CameraKeeper.Kept kept = adoptKept(request(sf, bytesperline, wantedNr, frames));
        VcamCamera cam;
        try {
            cam = kept != null ? kept.camera() : createCamera(sf, bytesperline, wantedNr, frames);
        } catch (VcamException e) {
            if (e.errno() == LibC.EINVAL && layout != null && bytesperline != layout.rowBytes(0)) {
                /* the module wants tight rows: create it so and repack every frame */
                GstLog.warning(self, "the module refused bytesperline " + bytesperline + "; using tight rows");
                bytesperline = layout.rowBytes(0);
                try {
                    cam = createCamera(sf, bytesperline, wantedNr, frames);
                } catch (VcamException e2) {
                    closeDevice();
                    return UserError.create(e2, sf, wantedNr, frames);
                }
            } else {
                closeDevice();
                return UserError.create(e, sf, wantedNr, frames);
            }
        }
        camera = cam;
        cameraRequest = request(sf, bytesperline, cam.deviceNr(), frames);
        cameraFailed = false;
        stream = sf;
        cameraLayout = layout == null ? null : FrameLayout.v4l2(sf.format(), sf.width(), sf.height(), bytesperline);
        slots = kept != null ? kept.slots() : new SlotTable<>(cam.frames());
        int slotBytes = 0;
        for (int len : cam.slotLengths()) {
            slotBytes = Math.max(slotBytes, len);
        }
        if (cameraLayout != null) {
            slotBytes = (int) Math.max(slotBytes, cameraLayout.size());
        }
        try {
            copyPool = NativeBuffers.newPool(allocator, newCaps, false, slotBytes, 0, cam.frames() + 1);
        } catch (IllegalStateException e) {
            destroyCamera(false);
            return new UserError(UserError.Domain.CORE, 1, "cannot set up the frame pool: " + e.getMessage(), null);
        }
        if (!GstApi.gst_buffer_pool_set_active(copyPool, true)) {
            destroyCamera(false);
            return new UserError(UserError.Domain.RESOURCE, GstApi.RESOURCE_ERROR_NO_SPACE_LEFT,
                    "cannot allocate " + (cam.frames() + 1) + " DMA-BUFs of " + slotBytes + " bytes from "
                    + dmabufs.name(), null);
        }
        caps = GstApi.gst_mini_object_ref(newCaps);
        previousDeviceNr = cam.deviceNr();
        videoDevice = cam.videoDevice();
        GstLog.info(self, "camera " + videoDevice + ": " + sf + ", bytesperline " + bytesperline + ", "
                + cam.frames() + " slots of " + slotBytes + " bytes");
        GLib.g_object_notify(self, Property.VIDEO_DEVICE.propName());
        return null;
    }

    private VcamCameraRequest request(StreamFormat sf, int bytesperline, int deviceNr, int frames) {
        return new VcamCameraRequest(settings.label(), sf.width(), sf.height(), sf.format().fourcc(),
                bytesperline, deviceNr, frames, sf.cameraFpsN(), sf.cameraFpsD());
    }

    /**
     * The camera a previous vcamsink left in the {@link CameraKeeper} under the wanted number, if it
     * was created with the same request: this sink takes over its file and slots (its own file
     * goes). One kept with another request is destroyed so that the number becomes free.
     */
    private CameraKeeper.Kept adoptKept(VcamCameraRequest wanted) {
        CameraKeeper.Kept k = wanted.deviceNr() >= 0 ? CameraKeeper.take(wanted.deviceNr()) : null;
        if (k == null) {
            return null;
        }
        if (!k.request().equals(wanted)) {
            GstLog.info(self, "/dev/video" + wanted.deviceNr() + " was kept for " + k.request()
                    + "; creating it anew for " + wanted);
            CameraKeeper.close(k);
            return null;
        }
        closeDevice();
        device = k.device();
        moduleCaps = k.moduleCaps();
        GstLog.info(self, "adopted the kept camera /dev/video" + wanted.deviceNr());
        return k;
    }

    private VcamCamera createCamera(StreamFormat sf, int bytesperline, int wantedNr, int frames)
            throws VcamException {
        boolean reuse = settings.deviceNr() < 0 && wantedNr >= 0;
        long deadline = System.nanoTime() + REUSE_NUMBER_WAIT_MS * 1_000_000L;
        while (true) {
            VcamCameraRequest req = request(sf, bytesperline, wantedNr, frames);
            try {
                return device.create(req);
            } catch (VcamException e) {
                if (e.errno() != LibC.ENFILE || wantedNr < 0) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    if (!reuse) {
                        throw e;
                    }
                    GstLog.warning(self, "/dev/video" + wantedNr + " is still in use; taking another number");
                    postWarning("/dev/video" + wantedNr + " is still held open by an application;"
                            + " the camera moved to another /dev/videoN");
                    wantedNr = -1;
                    continue;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * The camera goes: to the {@link CameraKeeper} when {@code keep} (the element is going down, not
     * changing format) and keeping is on and the camera did not fail, else it is destroyed.
     */
    private void destroyCamera(boolean keep) {
        boolean had = camera != null;
        if (keep && had && !cameraFailed
                && CameraKeeper.keep(new CameraKeeper.Kept(device, moduleCaps, camera, slots, cameraRequest))) {
            GstLog.info(self, "keeping camera " + videoDevice + " for the next pipeline");
            device = null;
            slots = null;
        }
        /* closing the file destroys the camera: the driver lets go of every DMA-BUF first */
        closeDevice();
        if (slots != null) {
            for (Pointer held : slots.releaseAll()) {
                GstApi.gst_mini_object_unref(held);
            }
            slots = null;
        }
        if (copyPool != null) {
            GstApi.gst_buffer_pool_set_active(copyPool, false);
            GstApi.gst_object_unref(copyPool);
            copyPool = null;
        }
        if (caps != null) {
            GstApi.gst_mini_object_unref(caps);
            caps = null;
        }
        camera = null;
        cameraRequest = null;
        stream = null;
        cameraLayout = null;
        videoDevice = null;
        if (had) {
            GLib.g_object_notify(self, Property.VIDEO_DEVICE.propName());
        }
    }

    /* ---------------------------------------------------------------- frames */

    /** appsink's new-sample callback (streaming thread). */
    int onNewSample() {
        Pointer sample = App.gst_app_sink_pull_sample(appsink);
        if (sample == null) {
            return GstApi.FLOW_OK;
        }
        try {
            Pointer buffer = GstApi.gst_sample_get_buffer(sample);
            Pointer sampleCaps = GstApi.gst_sample_get_caps(sample);
            if (buffer == null || sampleCaps == null) {
                return GstApi.FLOW_OK;
            }
            synchronized (lock) {
                return render(buffer, sampleCaps);
            }
        } finally {
            GstApi.gst_mini_object_unref(sample);
        }
    }

    private int render(Pointer buffer, Pointer bufferCaps) {
        if (caps == null || (!caps.equals(bufferCaps) && !GstApi.gst_caps_is_equal(caps, bufferCaps))) {
            UserError err = configure(bufferCaps);
            if (err != null) {
                postError(err, "render");
                return GstApi.FLOW_ERROR;
            }
        }
        try {
            reclaim();
        } catch (VcamException e) {
            cameraFailed = true;
            postError(UserError.io("taking back frame slots failed", e), "render");
            return GstApi.FLOW_ERROR;
        }
        int slot = slots.findFree();
        if (slot < 0) {
            stats.dropped.incrementAndGet();
            GstLog.trace(self, "every slot busy: frame dropped");
            return GstApi.FLOW_OK;
        }
        int slotLength = camera.slotLengths()[slot];
        BufferInfo info = NativeBuffers.describe(buffer, stream);
        FramePath path = FramePath.choose(info, stream, cameraLayout, slotLength);
        Pointer held;
        BufferInfo queued;
        int length;
        if (path == FramePath.ZERO_COPY) {
            held = GstApi.gst_mini_object_ref(buffer);
            queued = info;
            length = stream.format().isRaw() ? slotLength : (int) info.size();
        } else {
            if (!stream.format().isRaw() && (info.size() < 1 || info.size() > slotLength)) {
                stats.dropped.incrementAndGet();
                GstLog.warning(self, "JPEG frame of " + info.size() + " bytes does not fit a slot of "
                        + slotLength + ": dropped");
                return GstApi.FLOW_OK;
            }
            held = NativeBuffers.acquireNow(copyPool);
            if (held == null) {
                stats.dropped.incrementAndGet();
                GstLog.trace(self, "no free DMA-BUF for the copy: frame dropped");
                return GstApi.FLOW_OK;
            }
            copy(buffer, info, held);
            queued = NativeBuffers.describe(held, stream);
            length = stream.format().isRaw() ? slotLength : (int) info.size();
        }
        try {
            queue(slot, held, queued, length);
        } catch (VcamException e) {
            cameraFailed = true;
            postError(UserError.io("handing a frame to the camera failed", e), "render");
            return GstApi.FLOW_ERROR;
        }
        stats.count(path);
        return GstApi.FLOW_OK;
    }

    /** Queues {@code held} (a reference the slot takes over, unref'd on failure). */
    private void queue(int slot, Pointer held, BufferInfo where, int length) throws VcamException {
        try {
            device.queue(slot, where.fd(), length, where.memOffset(), 0);
        } catch (VcamException e) {
            GstApi.gst_mini_object_unref(held);
            throw e;
        }
        slots.occupy(slot, held);
    }

    private void copy(Pointer src, BufferInfo srcInfo, Pointer dst) {
        try (NativeBuffers.Mapping in = new NativeBuffers.Mapping(src, GstApi.MAP_READ);
             NativeBuffers.Mapping out = new NativeBuffers.Mapping(dst, GstApi.MAP_WRITE)) {
            if (stream.format().isRaw()) {
                Repack.copy(in.bytes(), FramePath.sourceLayout(srcInfo, stream), out.bytes(), cameraLayout);
            } else {
                out.bytes().put(0, in.bytes(), 0, (int) srcInfo.size());
            }
        }
    }

    /** Takes back every slot the camera has finished with (never waits). */
    private void reclaim() throws VcamException {
        while (true) {
            VcamDequeued d = device.dequeue();
            if (d == null) {
                return;
            }
            Pointer held = slots.release(d.index());
            if (held != null) {
                GstApi.gst_mini_object_unref(held);
            }
        }
    }

    /* ---------------------------------------------------------------- queries */

    /** Pad probe on the sink pad for downstream queries (streaming thread). */
    int onQuery(Pointer pad, Pointer info) {
        Pointer query = GstApi.gst_pad_probe_info_get_query(info);
        if (query == null) {
            return GstApi.PROBE_OK;
        }
        String type = GstApi.gst_query_type_get_name(GstApi.queryType(query));
        if ("allocation".equals(type)) {
            return answerAllocation(query) ? GstApi.PROBE_HANDLED : GstApi.PROBE_OK;
        }
        if ("caps".equals(type) && started && GstApi.gst_pad_is_linked(pad)) {
            checkCapsQuery(query);
        }
        return GstApi.PROBE_OK;
    }

    /** Offers upstream a pool of DMA-BUFs laid out as the camera wants them, with video meta. */
    private boolean answerAllocation(Pointer query) {
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
        synchronized (lock) {
            if (allocator == null) {
                return false;
            }
            if (moduleCaps != null) {
                try {
                    sf.checkMemory(moduleCaps, settings.frames());
                } catch (StreamFormat.Unsupported e) {
                    /* say why now: upstream would only report "not-negotiated" after the refused pool */
                    if (!capsErrorPosted) {
                        capsErrorPosted = true;
                        postError(UserError.unsupported(e), "allocation");
                    }
                    return false;
                }
            }
            int size = (int) sf.standardLayout().size();
            Pointer pool;
            try {
                pool = NativeBuffers.newPool(allocator, qcaps, true, size, 2, 0);
            } catch (IllegalStateException e) {
                GstLog.warning(self, "cannot offer a DMA-BUF pool: " + e.getMessage());
                return false;
            }
            /* elements re-apply the query's allocator to the pool they take: name ours */
            GstApi.gst_query_add_allocation_param(query, allocator, null);
            GstApi.gst_query_add_allocation_pool(query, pool, size, 2, 0);
            GstApi.gst_query_add_allocation_meta(query, Video.gst_video_meta_api_get_type(), null);
            GstApi.gst_object_unref(pool);
            GstLog.debug(self, "offered a pool of " + dmabufs.name() + " DMA-BUFs of " + size + " bytes for " + sf);
            return true;
        }
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
        Pointer filter = filterRef.getValue();
        if (filter == null || GstApi.gst_caps_is_empty(filter)) {
            return;
        }
        Pointer template = GstApi.gst_caps_from_string(FrameFormat.TEMPLATE_CAPS);
        Pointer anySize = GstApi.gst_caps_from_string("video/x-raw, format=(string){ YUY2, NV12 }; image/jpeg");
        try {
            if (GstApi.gst_caps_can_intersect(filter, template)) {
                return;
            }
            boolean sizeOnly = GstApi.gst_caps_can_intersect(filter, anySize);
            synchronized (lock) {
                if (capsErrorPosted) {
                    return;
                }
                capsErrorPosted = true;
            }
            String offered = GstApi.capsString(filter);
            String msg = sizeOnly
                    ? "size or frame rate out of range in " + offered + ": vcamsink takes " + FrameFormat.SUPPORTED
                    : "unsupported format " + offered + ": vcamsink takes " + FrameFormat.SUPPORTED
                      + " (put videoconvert before vcamsink)";
            postError(new UserError(UserError.Domain.STREAM, GstApi.STREAM_ERROR_FORMAT, msg, null), "caps");
        } finally {
            GstApi.gst_mini_object_unref(template);
            GstApi.gst_mini_object_unref(anySize);
        }
    }

    /* ---------------------------------------------------------------- messages */

    private void postError(UserError e, String function) {
        GstLog.error(self, e.message());
        post(GstApi.MESSAGE_ERROR, e, function);
    }

    private void postWarning(String message) {
        post(GstApi.MESSAGE_WARNING, new UserError(UserError.Domain.RESOURCE, GstApi.RESOURCE_ERROR_BUSY,
                message, null), "configure");
    }

    private void post(int type, UserError e, String function) {
        int domain;
        switch (e.domain()) {
            case STREAM:
                domain = GstApi.gst_stream_error_quark();
                break;
            case CORE:
                domain = GstApi.gst_core_error_quark();
                break;
            default:
                domain = GstApi.gst_resource_error_quark();
                break;
        }
        GstApi.gst_element_message_full(self, type, domain, e.code(), GLib.g_strdup(e.message()),
                e.debug() == null ? null : GLib.g_strdup(e.debug()), "VcamSinkElement.java", function, 0);
    }
}
