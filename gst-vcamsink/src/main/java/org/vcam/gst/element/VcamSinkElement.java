package org.vcam.gst.element;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.StringJoiner;
import org.vcam.gst.dmabuf.DmaBufSource;
import org.vcam.gst.uapi.FrameCalls;
import org.vcam.gst.uapi.GLib;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi.App;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.Vcam;
import org.vcam.gst.uapi.VcamCamera;
import org.vcam.gst.uapi.VcamCameraRequest;
import org.vcam.gst.uapi.VcamCaps;
import org.vcam.gst.uapi.VcamException;
import org.vcam.gst.uapi.VcamStats;

/**
 * One vcamsink instance: the appsink inside the bin hands it every buffer; it creates the camera
 * for the negotiated caps, answers upstream's ALLOCATION query with a pool of DMA-BUFs, and
 * queues each frame through its {@link FrameSender} (zero copy when the buffer is a DMA-BUF laid
 * out as the camera expects, otherwise copied once into one of its own DMA-BUFs). It never waits
 * for consumers: when every slot is busy the frame is dropped and counted.
 *
 * <p>Threads: frames, caps changes and the ALLOCATION query arrive on the streaming thread, which
 * alone touches the camera's frame state; state changes run when GStreamer has stopped it (after
 * the appsink left PLAYING, or its pads were deactivated) and GStreamer runs them one at a time
 * under the element's state lock. Neither takes a lock of its own. Property reads use volatile
 * fields and lease the device ({@link DeviceLease}) for a STATS call: no lock is held across an
 * ioctl, and a property read never waits for a frame nor a frame for it.
 */
final class VcamSinkElement {
    /** How long to wait for the previous /dev/videoN number to become free on re-creation. */
    private static final long REUSE_NUMBER_WAIT_MS = 1000;

    final Pointer self;
    final SinkSettings settings = new SinkSettings();
    final SinkStats stats = new SinkStats();
    private final Backend backend;
    private Pointer appsink;
    private Pointer sinkPad;
    private final Memory callbacks = new Memory(App.CALLBACKS_SIZE);

    /* set in start() before streaming begins, cleared in stop() after it ended */
    private volatile DeviceLease device;
    private volatile VcamCaps moduleCaps;
    private volatile DmaBufSource dmabufs;
    private volatile Pointer allocator;

    /* the camera; the streaming thread's (see above) */
    private FrameSender sender;
    private long caps;
    private VcamCameraRequest cameraRequest;
    private boolean cameraFailed;
    private int previousDeviceNr = -1;

    private volatile String videoDevice;
    private volatile String videoDevices;
    private volatile DeviceLease cameraDevice;
    private volatile boolean started;

    private final ElementMessages messages;
    private final SinkQueries queries;
    /* export mode: the consumers' buffers the module lends, for the pools this offers */
    private final ExportLoans loans;

    VcamSinkElement(Pointer self, Backend backend) {
        this.self = self;
        this.backend = backend;
        this.messages = new ElementMessages(self);
        this.queries = new SinkQueries(self, settings, messages);
        this.loans = new ExportLoans(self);
    }

    /**
     * Builds the bin's inside: appsink (its new_sample callback gets {@code index} as user data),
     * ghost pad "sink", the query probe.
     */
    void init(Pointer klass, App.NewSampleDirect newSample, int index, GstApi.PadProbe probe) {
        appsink = GstApi.gst_element_factory_make("appsink", "appsink");
        if (appsink == null) {
            throw new IllegalStateException("the appsink element is missing (gstreamer1.0-plugins-base)");
        }
        GstApi.gst_util_set_object_arg(appsink, "emit-signals", "false");
        GstApi.gst_util_set_object_arg(appsink, "enable-last-sample", "false");
        GstApi.gst_util_set_object_arg(appsink, "sync", "true");
        GstApi.gst_bin_add(self, appsink);
        callbacks.clear();
        GLib.storeCallback(callbacks.share(App.CALLBACKS_NEW_SAMPLE), newSample);
        App.gst_app_sink_set_callbacks(appsink, callbacks, new Pointer(index), null);
        Pointer target = GstApi.gst_element_get_static_pad(appsink, "sink");
        Pointer templ = GstApi.gst_element_class_get_pad_template(klass, "sink");
        Pointer ghost = GstApi.gst_ghost_pad_new_from_template("sink", target, templ);
        GstApi.gst_object_unref(target);
        GstApi.gst_pad_add_probe(ghost, GstApi.PROBE_TYPE_QUERY_DOWNSTREAM, probe, self, null);
        GstApi.gst_element_add_pad(self, ghost);
        sinkPad = ghost;
    }

    /* ---------------------------------------------------------------- properties */

    void setSync(boolean sync) {
        settings.setSync(sync);
        GstApi.gst_util_set_object_arg(appsink, "sync", sync ? "true" : "false");
    }

    String videoDevice() {
        return videoDevice;
    }

    String videoDevices() {
        return videoDevices;
    }

    /**
     * Applications that have the camera open now (the {@code openers} of VCAM_IOC_STATS, a
     * guint), 0 while there is no camera.
     */
    int consumers() {
        VcamStats s = cameraStats();
        return s == null ? 0 : s.openers();
    }

    /** The camera's counters from the module (VCAM_IOC_STATS), or null while there is no camera. */
    VcamStats cameraStats() {
        DeviceLease d = cameraDevice;
        if (d == null || !d.lease()) {
            return null;
        }
        try {
            return d.device().stats();
        } catch (VcamException e) {
            GstLog.warning(self, "cannot read the camera's counters: " + e.getMessage());
            return null;
        } finally {
            d.release();
        }
    }

    /* ---------------------------------------------------------------- states */

    /** NULL -> READY: open the control device and the DMA-BUF source. */
    boolean start() {
        stats.reset();
        queries.reset();
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

    /** PLAYING -> PAUSED (the appsink renders no more): with idle=black, show a black frame. */
    void paused() {
        if (sender == null || settings.idle() != IdleMode.BLACK) {
            return;
        }
        if (!sender.stream.format().isRaw()) {
            GstLog.warning(self, "idle=black is not available for image/jpeg: the last frame stays");
            return;
        }
        try {
            if (sender.sendBlack()) {
                GstLog.debug(self, "queued a black frame");
            } else {
                GstLog.warning(self, "no free slot for the black frame");
            }
        } catch (VcamException e) {
            GstLog.warning(self, "cannot show a black frame: " + e.getMessage());
        }
    }

    /** PAUSED -> READY (streaming stopped): the camera goes away (or to the {@link CameraKeeper}). */
    void stopStreaming() {
        destroyCamera(true);
    }

    /** READY -> NULL: release everything. */
    void stop() {
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

    void dispose() {
        stop();
    }

    private UserError openDevice() {
        if (device != null) {
            return null;
        }
        String path = settings.device();
        DeviceLease d;
        try {
            d = new DeviceLease(backend.devices().open(path));
        } catch (VcamException e) {
            return UserError.open(e);
        }
        try {
            moduleCaps = d.device().querycap();
        } catch (VcamException e) {
            d.close();
            return new UserError(UserError.Domain.RESOURCE, GstApi.RESOURCE_ERROR_OPEN_READ_WRITE,
                    path + " is not a vcam control device (VCAM_IOC_QUERYCAP failed): " + e.getMessage()
                    + "; set the device property to the vcam device, normally " + SinkSettings.DEFAULT_DEVICE,
                    e.getMessage());
        }
        device = d;
        if (moduleCaps.version() != Vcam.API_VERSION) {
            GstLog.warning(self, "vcam module API version " + moduleCaps.version() + ", this sink speaks "
                    + Vcam.API_VERSION);
        }
        return null;
    }

    private void closeDevice() {
        DeviceLease d = device;
        if (d != null) {
            device = null;
            if (cameraDevice == d) {
                cameraDevice = null;
            }
            d.close();
        }
    }

    /* ---------------------------------------------------------------- camera */

    /** (Re-)creates the camera for {@code newCaps}; returns the error to post, or null. */
    private UserError configure(long newCaps) {
        StreamFormat sf;
        try {
            sf = SinkQueries.parseCaps(new Pointer(newCaps));
        } catch (StreamFormat.Unsupported e) {
            return UserError.unsupported(e);
        }
        destroyCamera(false);
        UserError err = openDevice();
        if (err != null) {
            return err;
        }
        VcamCaps mc = moduleCaps;
        int frames = settings.frames();
        int readers = settings.readers();
        try {
            sf.checkLimits(mc);
            sf.checkMemory(mc, frames);
        } catch (StreamFormat.Unsupported e) {
            return UserError.unsupported(e);
        }
        if (frames < mc.minFrames() || frames > mc.maxFrames()) {
            return new UserError(UserError.Domain.RESOURCE, GstApi.RESOURCE_ERROR_SETTINGS,
                    "frames=" + frames + " is out of range: the vcam module takes " + mc.minFrames()
                    + ".." + mc.maxFrames(), null);
        }
        if (readers > mc.readerLimit()) {
            return UserError.readers(readers, mc.readerLimit());
        }
        FrameLayout layout = sf.standardLayout();
        int bytesperline = layout == null ? 0 : layout.stride(0);
        int wantedNr = settings.deviceNr() >= 0 ? settings.deviceNr() : previousDeviceNr;
        boolean export = exportWanted(mc) && sf.format().isRaw();
        CameraKeeper.Kept kept = adoptKept(request(sf, bytesperline, wantedNr, frames, export));
        VcamCamera cam;
        try {
            cam = kept != null ? kept.camera() : createCamera(sf, bytesperline, wantedNr, frames, export);
        } catch (VcamException e) {
            if (e.errno() == LibC.EINVAL && readers > 1) {
                /* a module that does not say it offers readers still refuses them this way */
                closeDevice();
                return UserError.readers(readers, 1);
            }
            if (e.errno() == LibC.EINVAL && layout != null && bytesperline != layout.rowBytes(0)) {
                /* the module wants tight rows: create it so and repack every frame */
                GstLog.warning(self, "the module refused bytesperline " + bytesperline + "; using tight rows");
                bytesperline = layout.rowBytes(0);
                /* the consumers' buffers would not have the layout upstream renders */
                export = false;
                try {
                    cam = createCamera(sf, bytesperline, wantedNr, frames, export);
                } catch (VcamException e2) {
                    closeDevice();
                    return UserError.create(e2, sf, wantedNr, frames);
                }
            } else {
                closeDevice();
                return UserError.create(e, sf, wantedNr, frames);
            }
        }
        cameraRequest = request(sf, bytesperline, cam.deviceNr(), frames, export);
        cameraFailed = false;
        FrameLayout cameraLayout = layout == null ? null
                : FrameLayout.v4l2(sf.format(), sf.width(), sf.height(), bytesperline);
        int slotBytes = 0;
        for (int len : cam.slotLengths()) {
            slotBytes = Math.max(slotBytes, len);
        }
        if (cameraLayout != null) {
            slotBytes = (int) Math.max(slotBytes, cameraLayout.size());
        }
        Pointer copyPool;
        try {
            copyPool = NativeBuffers.newPool(allocator, new Pointer(newCaps), false, slotBytes, 0, cam.frames() + 1);
        } catch (IllegalStateException e) {
            dropCamera(kept);
            return new UserError(UserError.Domain.CORE, 1, "cannot set up the frame pool: " + e.getMessage(), null);
        }
        if (!GstApi.gst_buffer_pool_set_active(copyPool, true)) {
            GstApi.gst_object_unref(copyPool);
            dropCamera(kept);
            return new UserError(UserError.Domain.RESOURCE, GstApi.RESOURCE_ERROR_NO_SPACE_LEFT,
                    "cannot allocate " + (cam.frames() + 1) + " DMA-BUFs of " + slotBytes + " bytes from "
                    + dmabufs.name(), null);
        }
        SlotTable slots = kept != null ? kept.slots() : new SlotTable(cam.frames());
        if (export) {
            loans.attach(device, allocator, cameraLayout, cam.slotLengths()[0]);
        }
        sender = new FrameSender(device, cam, slots, sf, cameraLayout, Pointer.nativeValue(copyPool),
                export ? loans : null, this::reconfigureUpstream);
        caps = FrameCalls.Core.gst_mini_object_ref(newCaps);
        previousDeviceNr = cam.deviceNr();
        cameraDevice = device;
        videoDevices = nodes(cam);
        videoDevice = cam.videoDevice();
        GstLog.info(self, "camera " + videoDevice + " (capture nodes " + videoDevices + "): " + sf + ", bytesperline "
                + bytesperline + ", " + cam.frames() + " slots of " + slotBytes + " bytes"
                + (export ? ", export mode" : ""));
        GLib.g_object_notify(self, Property.VIDEO_DEVICE.propName());
        GLib.g_object_notify(self, Property.VIDEO_DEVICES.propName());
        return null;
    }

    /* a camera just created or adopted that cannot be used: the file goes, then what its slots held */
    private void dropCamera(CameraKeeper.Kept kept) {
        closeDevice();
        if (kept != null) {
            for (long held : kept.slots().releaseAll()) {
                FrameCalls.Core.gst_mini_object_unref(held);
            }
        }
    }

    /** Every capture node, from VCAM_IOC_NODES; a module without it has one, the camera's own. */
    private String nodes(VcamCamera cam) {
        int[] numbers;
        try {
            numbers = device.device().nodes();
        } catch (VcamException e) {
            if (e.errno() != LibC.ENOTTY) {
                GstLog.warning(self, "cannot list the camera's capture nodes: " + e.getMessage());
            }
            return cam.videoDevice();
        }
        StringJoiner j = new StringJoiner(",");
        for (int n : numbers) {
            j.add("/dev/video" + Integer.toUnsignedString(n));
        }
        return numbers.length == 0 ? cam.videoDevice() : j.toString();
    }

    private VcamCameraRequest request(StreamFormat sf, int bytesperline, int deviceNr, int frames, boolean export) {
        return new VcamCameraRequest(settings.label(), sf.width(), sf.height(), sf.format().fourcc(),
                bytesperline, deviceNr, frames, sf.cameraFpsN(), sf.cameraFpsD(), settings.readers(), export);
    }

    /** Export mode: asked for (the export property) and offered by the module. */
    private boolean exportWanted(VcamCaps mc) {
        return settings.export() && mc != null && mc.has(Vcam.CAP_EXPORT);
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

    private VcamCamera createCamera(StreamFormat sf, int bytesperline, int wantedNr, int frames, boolean export)
            throws VcamException {
        boolean reuse = settings.deviceNr() < 0 && wantedNr >= 0;
        long deadline = System.nanoTime() + REUSE_NUMBER_WAIT_MS * 1_000_000L;
        while (true) {
            VcamCameraRequest req = request(sf, bytesperline, wantedNr, frames, export);
            try {
                return device.device().create(req);
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
        loans.detach();
        FrameSender s = sender;
        sender = null;
        boolean had = s != null;
        videoDevice = null;
        videoDevices = null;
        cameraDevice = null;
        if (keep && had && !cameraFailed && CameraKeeper.keep(new CameraKeeper.Kept(device, moduleCaps, s.camera,
                s.slots(), cameraRequest))) {
            GstLog.info(self, "keeping camera " + s.camera.videoDevice() + " for the next pipeline");
            s.takeSlots();
            device = null;
        }
        /* closing the file destroys the camera: the driver lets go of every DMA-BUF first */
        closeDevice();
        if (s != null) {
            s.release();
        }
        if (caps != 0) {
            FrameCalls.Core.gst_mini_object_unref(caps);
            caps = 0;
        }
        cameraRequest = null;
        if (had) {
            GLib.g_object_notify(self, Property.VIDEO_DEVICE.propName());
            GLib.g_object_notify(self, Property.VIDEO_DEVICES.propName());
        }
    }

    /* ---------------------------------------------------------------- frames */

    /** appsink's new-sample callback (streaming thread); allocates nothing in the steady state. */
    int onNewSample(long sink) {
        long sample = FrameCalls.App.gst_app_sink_pull_sample(sink);
        if (sample == 0) {
            return GstApi.FLOW_OK;
        }
        try {
            long buffer = FrameCalls.Core.gst_sample_get_buffer(sample);
            long sampleCaps = FrameCalls.Core.gst_sample_get_caps(sample);
            if (buffer == 0 || sampleCaps == 0) {
                return GstApi.FLOW_OK;
            }
            return render(buffer, sampleCaps);
        } finally {
            FrameCalls.Core.gst_mini_object_unref(sample);
        }
    }

    private int render(long buffer, long bufferCaps) {
        if (sender == null || (caps != bufferCaps && !FrameCalls.Core.gst_caps_is_equal(caps, bufferCaps))) {
            UserError err = configure(bufferCaps);
            if (err != null) {
                postError(err, "render");
                return GstApi.FLOW_ERROR;
            }
        }
        FrameSender.Outcome o;
        try {
            o = sender.send(buffer);
        } catch (VcamException e) {
            cameraFailed = true;
            postError(UserError.io("handing a frame to the camera failed", e), "render");
            return GstApi.FLOW_ERROR;
        } catch (IllegalArgumentException e) {
            postError(new UserError(UserError.Domain.STREAM, GstApi.STREAM_ERROR_FAILED,
                    "cannot copy the frame: " + e.getMessage(), null), "render");
            return GstApi.FLOW_ERROR;
        }
        switch (o) {
            case EXPORTED:
                stats.countExported();
                break;
            case ZERO_COPY:
                stats.count(FramePath.ZERO_COPY);
                break;
            case COPIED:
                stats.count(FramePath.COPY);
                break;
            case DROPPED_SLOTS_BUSY:
                stats.dropped.incrementAndGet();
                GstLog.trace(self, "every slot busy: frame dropped");
                break;
            case DROPPED_NO_COPY_BUFFER:
                stats.dropped.incrementAndGet();
                GstLog.trace(self, "no free DMA-BUF for the copy: frame dropped");
                break;
            case DROPPED_TOO_BIG:
                stats.dropped.incrementAndGet();
                GstLog.warning(self, "JPEG frame larger than a slot: dropped");
                break;
            default:
                postError(new UserError(UserError.Domain.RESOURCE, GstApi.RESOURCE_ERROR_WRITE,
                        "cannot map a buffer to copy the frame", null), "render");
                return GstApi.FLOW_ERROR;
        }
        return GstApi.FLOW_OK;
    }

    /** Asks upstream to renegotiate its allocation (a RECONFIGURE event from the sink pad). */
    private void reconfigureUpstream() {
        GstLog.info(self, "consumers started or stopped lending their buffers: upstream renegotiates its allocation");
        GstApi.gst_pad_push_event(sinkPad, GstApi.gst_event_new_reconfigure());
    }

    /* ---------------------------------------------------------------- queries */

    /** Pad probe on the sink pad for downstream queries (streaming thread). */
    int onQuery(Pointer pad, Pointer info) {
        return queries.onQuery(pad, info, started, allocator, moduleCaps, dmabufs,
                exportWanted(moduleCaps) ? loans : null);
    }

    private void postError(UserError e, String function) {
        messages.error(e, function);
    }

    private void postWarning(String message) {
        messages.warning(message, "configure");
    }
}
