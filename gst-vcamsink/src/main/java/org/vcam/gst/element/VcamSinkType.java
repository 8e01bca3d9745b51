package org.vcam.gst.element;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vcam.gst.uapi.GLib;
import org.vcam.gst.uapi.GLibLog;
import org.vcam.gst.uapi.GObjectAbi;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi.App;

/**
 * The GType "GstVcamSink", a GstBin subclass registered from Java, and the element factory
 * "vcamsink". GLib calls back into the static methods here; every callback object is held in a
 * static final field so it lives as long as the process (GLib keeps raw pointers to them).
 */
final class VcamSinkType {
    static final String TYPE_NAME = "GstVcamSink";
    static final String FACTORY_NAME = "vcamsink";

    private static final Map<Long, VcamSinkElement> INSTANCES = new ConcurrentHashMap<>();
    /* the per-frame callback finds its element by index (its user data), without boxing a key */
    private static volatile VcamSinkElement[] byIndex = new VcamSinkElement[8];

    private static final GLib.ClassInit CLASS_INIT = VcamSinkType::classInit;
    private static final GLib.InstanceInit INSTANCE_INIT = VcamSinkType::instanceInit;
    private static final GLib.SetProperty SET_PROPERTY = VcamSinkType::setProperty;
    private static final GLib.GetProperty GET_PROPERTY = VcamSinkType::getProperty;
    private static final GLib.Finalize FINALIZE = VcamSinkType::finalizeInstance;
    private static final GstApi.ChangeState CHANGE_STATE = VcamSinkType::changeState;
    private static final App.NewSampleDirect NEW_SAMPLE = VcamSinkType::newSample;
    private static final GstApi.PadProbe QUERY_PROBE = VcamSinkType::queryProbe;

    /* native memory GLib keeps pointers into */
    private static final List<Memory> KEEP = new ArrayList<>();
    private static GLib.TypeInfo typeInfo;
    private static Function parentChangeState;
    private static Function parentFinalize;
    private static long idleEnumType;
    private static long type;

    private VcamSinkType() {
    }

    static synchronized long register() {
        if (type != 0) {
            return type;
        }
        /* streaming-thread callbacks: keep those threads attached to the JVM between frames */
        com.sun.jna.CallbackThreadInitializer attached =
                new com.sun.jna.CallbackThreadInitializer(true, false, "gst-streaming");
        Native.setCallbackThreadInitializer(NEW_SAMPLE, attached);
        Native.setCallbackThreadInitializer(QUERY_PROBE, attached);
        Native.setCallbackThreadInitializer(CHANGE_STATE, attached);
        DmaBufMemoryAllocator.keepThreadsAttached(attached);
        ExportPool.keepThreadsAttached(attached);
        GstLog.init();
        long existing = GLib.g_type_from_name(TYPE_NAME);
        if (existing != 0) {
            throw new IllegalStateException(TYPE_NAME + " is already registered by someone else");
        }
        long parent = GstApi.gst_bin_get_type();
        int[] sizes = GLib.typeSizes(parent);
        typeInfo = new GLib.TypeInfo();
        typeInfo.class_size = (short) sizes[0];
        typeInfo.class_init = CLASS_INIT;
        typeInfo.instance_size = (short) sizes[1];
        typeInfo.instance_init = INSTANCE_INIT;
        typeInfo.write();
        long t = GLib.g_type_register_static(parent, TYPE_NAME, typeInfo, 0);
        if (t == 0) {
            throw new IllegalStateException("g_type_register_static(" + TYPE_NAME + ") failed");
        }
        if (!GstApi.gst_element_register(null, FACTORY_NAME, GstApi.RANK_NONE, t)) {
            throw new IllegalStateException("gst_element_register(" + FACTORY_NAME + ") failed");
        }
        type = t;
        return type;
    }

    static synchronized boolean registered() {
        return type != 0;
    }

    /** The element behind a GstVcamSink pointer (null if it is not one). */
    static VcamSinkElement instance(Pointer element) {
        return element == null ? null : INSTANCES.get(Pointer.nativeValue(element));
    }

    /* ---------------------------------------------------------------- class */

    private static Pointer cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length + 1);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        KEEP.add(m);
        return m;
    }

    private static long idleEnum() {
        if (idleEnumType == 0) {
            IdleMode[] modes = IdleMode.values();
            int entry = GObjectAbi.ENUM_VALUE_SIZE;      /* GEnumValue: gint value; name; nick */
            Memory values = new Memory((long) entry * (modes.length + 1));
            values.clear();
            for (int i = 0; i < modes.length; i++) {
                values.setInt((long) entry * i + GObjectAbi.ENUM_VALUE_VALUE, modes[i].ordinal());
                values.setPointer((long) entry * i + GObjectAbi.ENUM_VALUE_NAME, cString(modes[i].description()));
                values.setPointer((long) entry * i + GObjectAbi.ENUM_VALUE_NICK, cString(modes[i].nick()));
            }
            KEEP.add(values);
            idleEnumType = GLib.g_enum_register_static("GstVcamSinkIdle", values);
        }
        return idleEnumType;
    }

    private static void classInit(Pointer klass, Pointer data) {
        Pointer parent = GLib.g_type_class_peek_parent(klass);
        parentChangeState = GObjectAbi.parentVfunc(parent, GObjectAbi.elementChangeState());
        parentFinalize = GObjectAbi.parentVfunc(parent, GObjectAbi.OBJECT_FINALIZE);
        GObjectAbi.setVfunc(klass, GObjectAbi.OBJECT_SET_PROPERTY, SET_PROPERTY);
        GObjectAbi.setVfunc(klass, GObjectAbi.OBJECT_GET_PROPERTY, GET_PROPERTY);
        GObjectAbi.setVfunc(klass, GObjectAbi.OBJECT_FINALIZE, FINALIZE);
        GObjectAbi.setVfunc(klass, GObjectAbi.elementChangeState(), CHANGE_STATE);

        for (Property p : Property.values()) {
            int flags = GLib.PARAM_READABLE;
            if (p.writable()) {
                flags |= GLib.PARAM_WRITABLE | GLib.GST_PARAM_MUTABLE_READY;
            }
            Pointer spec;
            switch (p) {
                case DEVICE:
                case LABEL:
                case VIDEO_DEVICE:
                case VIDEO_DEVICES:
                    spec = GLib.g_param_spec_string(p.propName(), p.propName(), p.blurb(), p.defaultValue(), flags);
                    break;
                case DEVICE_NR:
                    spec = GLib.g_param_spec_int(p.propName(), p.propName(), p.blurb(), SinkSettings.MIN_DEVICE_NR,
                            SinkSettings.MAX_DEVICE_NR, -1, flags);
                    break;
                case FRAMES:
                    spec = GLib.g_param_spec_int(p.propName(), p.propName(), p.blurb(), SinkSettings.MIN_FRAMES,
                            SinkSettings.MAX_FRAMES, SinkSettings.DEFAULT_FRAMES, flags);
                    break;
                case READERS:
                    spec = GLib.g_param_spec_int(p.propName(), p.propName(), p.blurb(), 0,
                            SinkSettings.MAX_READERS, SinkSettings.DEFAULT_READERS, flags);
                    break;
                case IDLE:
                    spec = GLib.g_param_spec_enum(p.propName(), p.propName(), p.blurb(), idleEnum(),
                            IdleMode.LAST.ordinal(), flags);
                    break;
                case SYNC:
                    spec = GLib.g_param_spec_boolean(p.propName(), p.propName(), p.blurb(), true,
                            GLib.PARAM_READWRITE);
                    break;
                case EXPORT:
                    spec = GLib.g_param_spec_boolean(p.propName(), p.propName(), p.blurb(), true, flags);
                    break;
                case CONSUMERS:
                    spec = GLib.g_param_spec_uint(p.propName(), p.propName(), p.blurb(), 0, -1, 0, flags);
                    break;
                default:
                    spec = GLib.g_param_spec_uint64(p.propName(), p.propName(), p.blurb(), 0, -1L, 0, flags);
                    break;
            }
            GLib.g_object_class_install_property(klass, p.id(), spec);
        }
        GstApi.gst_element_class_set_metadata(klass, "vcam virtual camera sink", "Sink/Video",
                "Shows the video as a V4L2 camera (/dev/videoN) created through /dev/vcam, with DMA-BUF frames",
                "vcam project");
        Pointer caps = GstApi.gst_caps_from_string(FrameFormat.TEMPLATE_CAPS);
        Pointer templ = GstApi.gst_pad_template_new("sink", GstApi.PAD_SINK, GstApi.PAD_ALWAYS, caps);
        GstApi.gst_mini_object_unref(caps);
        GstApi.gst_element_class_add_pad_template(klass, templ);
    }

    private static void instanceInit(Pointer instance, Pointer klass) {
        VcamSinkElement e = new VcamSinkElement(instance, VcamSink.backend());
        INSTANCES.put(Pointer.nativeValue(instance), e);
        e.init(klass, NEW_SAMPLE, addIndex(e), QUERY_PROBE);
    }

    private static synchronized int addIndex(VcamSinkElement e) {
        VcamSinkElement[] a = byIndex;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == null) {
                a[i] = e;
                return i;
            }
        }
        VcamSinkElement[] b = java.util.Arrays.copyOf(a, a.length * 2);
        b[a.length] = e;
        byIndex = b;
        return a.length;
    }

    private static synchronized void removeIndex(VcamSinkElement e) {
        VcamSinkElement[] a = byIndex;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == e) {
                a[i] = null;
            }
        }
    }

    private static void finalizeInstance(Pointer object) {
        VcamSinkElement e = INSTANCES.remove(Pointer.nativeValue(object));
        if (e != null) {
            removeIndex(e);
            e.dispose();
        }
        parentFinalize.invokeVoid(new Object[] {object});
    }

    /* ---------------------------------------------------------------- properties */

    private static void setProperty(Pointer object, int id, Pointer value, Pointer pspec) {
        VcamSinkElement e = instance(object);
        Property p = Property.byId(id);
        if (e == null || p == null) {
            return;
        }
        String err = null;
        switch (p) {
            case DEVICE:
                err = e.settings.setDevice(GLib.g_value_get_string(value));
                break;
            case LABEL:
                err = e.settings.setLabel(GLib.g_value_get_string(value));
                break;
            case DEVICE_NR:
                err = e.settings.setDeviceNr(GLib.g_value_get_int(value));
                break;
            case FRAMES:
                err = e.settings.setFrames(GLib.g_value_get_int(value));
                break;
            case READERS:
                err = e.settings.setReaders(GLib.g_value_get_int(value));
                break;
            case IDLE:
                int v = GLib.g_value_get_enum(value);
                if (v >= 0 && v < IdleMode.values().length) {
                    e.settings.setIdle(IdleMode.values()[v]);
                } else {
                    err = "idle must be last or black";
                }
                break;
            case SYNC:
                e.setSync(GLib.g_value_get_boolean(value));
                break;
            case EXPORT:
                e.settings.setExport(GLib.g_value_get_boolean(value));
                break;
            default:
                err = p.propName() + " is read-only";
                break;
        }
        if (err != null) {
            GLibLog.warning(FACTORY_NAME, GstApi.objectName(object) + ": " + err + " (value ignored)");
        }
    }

    private static void getProperty(Pointer object, int id, Pointer value, Pointer pspec) {
        VcamSinkElement e = instance(object);
        Property p = Property.byId(id);
        if (e == null || p == null) {
            return;
        }
        switch (p) {
            case DEVICE:
                GLib.g_value_set_string(value, e.settings.device());
                break;
            case LABEL:
                GLib.g_value_set_string(value, e.settings.label());
                break;
            case DEVICE_NR:
                GLib.g_value_set_int(value, e.settings.deviceNr());
                break;
            case FRAMES:
                GLib.g_value_set_int(value, e.settings.frames());
                break;
            case READERS:
                GLib.g_value_set_int(value, e.settings.readers());
                break;
            case VIDEO_DEVICES:
                GLib.g_value_set_string(value, e.videoDevices());
                break;
            case IDLE:
                GLib.g_value_set_enum(value, e.settings.idle().ordinal());
                break;
            case SYNC:
                GLib.g_value_set_boolean(value, e.settings.sync());
                break;
            case EXPORT:
                GLib.g_value_set_boolean(value, e.settings.export());
                break;
            case FRAMES_EXPORTED:
                GLib.g_value_set_uint64(value, e.stats.exported());
                break;
            case VIDEO_DEVICE:
                GLib.g_value_set_string(value, e.videoDevice());
                break;
            case FRAMES_QUEUED:
                GLib.g_value_set_uint64(value, e.stats.queued());
                break;
            case FRAMES_DROPPED:
                GLib.g_value_set_uint64(value, e.stats.dropped());
                break;
            case FRAMES_COPIED:
                GLib.g_value_set_uint64(value, e.stats.copied());
                break;
            case FRAMES_ZERO_COPY:
                GLib.g_value_set_uint64(value, e.stats.zeroCopy());
                break;
            case CONSUMERS:
                GLib.g_value_set_uint(value, e.consumers());
                break;
            case KERNEL_NEW_FRAMES:
            case KERNEL_NEW_BYTES_COPIED:
            case KERNEL_REPEATS:
            case KERNEL_REPEAT_BYTES_COPIED:
            case KERNEL_EXPORTED:
                GLib.g_value_set_uint64(value, kernelCounter(p, e.cameraStats()));
                break;
            default:
                break;
        }
    }

    private static long kernelCounter(Property p, org.vcam.gst.uapi.VcamStats s) {
        if (s == null) {
            return 0;
        }
        switch (p) {
            case KERNEL_NEW_FRAMES:
                return s.delivered();
            case KERNEL_NEW_BYTES_COPIED:
                return s.bytesCopied();
            case KERNEL_REPEATS:
                return s.repeated();
            case KERNEL_EXPORTED:
                return s.exported();
            default:
                return s.repeatBytesCopied();
        }
    }

    /* ---------------------------------------------------------------- element */

    private static int changeState(Pointer element, int transition) {
        VcamSinkElement e = instance(element);
        if (e != null && transition == GstApi.NULL_TO_READY && !e.start()) {
            return GstApi.STATE_CHANGE_FAILURE;
        }
        int ret = parentChangeState.invokeInt(new Object[] {element, transition});
        if (e == null) {
            return ret;
        }
        if (ret == GstApi.STATE_CHANGE_FAILURE) {
            if (transition == GstApi.NULL_TO_READY) {
                e.stop();
            }
            return ret;
        }
        switch (transition) {
            case GstApi.PLAYING_TO_PAUSED:
                e.paused();
                break;
            case GstApi.PAUSED_TO_READY:
                e.stopStreaming();
                break;
            case GstApi.READY_TO_NULL:
                e.stop();
                break;
            default:
                break;
        }
        return ret;
    }

    private static int newSample(long appsink, long index) {
        VcamSinkElement[] a = byIndex;
        VcamSinkElement e = index >= 0 && index < a.length ? a[(int) index] : null;
        return e == null ? GstApi.FLOW_ERROR : e.onNewSample(appsink);
    }

    private static int queryProbe(Pointer pad, Pointer info, Pointer userData) {
        VcamSinkElement e = instance(userData);
        return e == null ? GstApi.PROBE_OK : e.onQuery(pad, info);
    }
}
