package org.vcam.gst.element;

import java.util.List;

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
     * Registers the "vcamsink" element type with GStreamer (initialising GStreamer if nobody
     * did). Calling it again does nothing.
     */
    public static void register() {
        VcamSinkType.register();
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
