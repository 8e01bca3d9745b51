package org.vcam.gst.element;

import java.util.List;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstException;
import org.freedesktop.gstreamer.Version;

/**
 * The public face of the vcamsink element: registration and what it offers.
 *
 * <pre>
 *   Gst.init(...);
 *   VcamSink.register();
 *   Pipeline p = (Pipeline) Gst.parseLaunch("videotestsrc ! vcamsink label=Demo");
 * </pre>
 */
public final class VcamSink {
    /** The element factory name. */
    public static final String FACTORY_NAME = VcamSinkType.FACTORY_NAME;

    private static volatile Backend backend = Backend.kernel();

    private VcamSink() {
    }

    /**
     * The oldest GStreamer vcamsink runs on: the newest function it binds is
     * gst_debug_log_literal (1.20). JNA binds every function of a class when the class loads, so
     * on an older GStreamer the element would fail with an UnsatisfiedLinkError instead.
     */
    public static final Version MIN_GSTREAMER = Version.of(1, 20);

    /**
     * Registers the "vcamsink" element type with GStreamer (initialising GStreamer through
     * gst1-java-core if nobody did). Calling it again does nothing.
     *
     * @throws IllegalStateException with a message saying what to do on a 32-bit JVM or a
     *     GStreamer older than {@link #MIN_GSTREAMER}
     */
    public static void register() {
        String why = unsupportedRuntime(System.getProperty("sun.arch.data.model"), com.sun.jna.Native.POINTER_SIZE);
        if (why != null) {
            throw new IllegalStateException(why);
        }
        if (!Gst.isInitialized()) {
            try {
                Gst.init(MIN_GSTREAMER, "vcamsink");
            } catch (GstException e) {
                throw new IllegalStateException(tooOld(Gst.getVersion()) + " (" + e.getMessage() + ")", e);
            }
        }
        Version v = Gst.getVersion();
        if (!v.checkSatisfies(MIN_GSTREAMER)) {
            throw new IllegalStateException(tooOld(v));
        }
        VcamSinkType.register();
    }

    /** Why this JVM cannot run vcamsink (its data model and pointer size), or null. */
    static String unsupportedRuntime(String dataModel, int pointerSize) {
        if (pointerSize != 8 || (dataModel != null && !"64".equals(dataModel))) {
            return "vcamsink needs a 64-bit JVM (this one is " + (pointerSize * 8) + "-bit): its native structure"
                    + " layouts are those of 64-bit Linux; install a 64-bit Java (openjdk-17-jre-headless on amd64)";
        }
        return null;
    }

    static String tooOld(Version v) {
        return "vcamsink needs GStreamer " + MIN_GSTREAMER.getMajor() + "." + MIN_GSTREAMER.getMinor()
                + " or newer, this system has " + v + ": update libgstreamer1.0-0 and gstreamer1.0-plugins-base";
    }

    /** True once {@link #register()} ran. */
    public static boolean registered() {
        return VcamSinkType.registered();
    }

    /**
     * Chooses where vcamsink elements created from now on get their device and DMA-BUFs: the
     * kernel by default; tests pass fakes.
     */
    public static void useBackend(Backend b) {
        backend = java.util.Objects.requireNonNull(b);
    }

    static Backend backend() {
        return backend;
    }

    /** The properties, for documentation and inspection. */
    public static List<Property> properties() {
        return List.of(Property.values());
    }

    /** The caps of the sink pad template. */
    public static String templateCaps() {
        return FrameFormat.TEMPLATE_CAPS;
    }
}
