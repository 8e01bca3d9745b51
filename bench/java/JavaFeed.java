// SPDX-License-Identifier: GPL-2.0+
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.Version;
import org.freedesktop.gstreamer.glib.Natives;
import org.vcam.gst.element.VcamSink;
import org.vcam.gst.uapi.Address;

/**
 * The benchmark's Java producer (bench/java-feed): pre-rendered frames stamped with the vcam
 * counter record (kmod/tools/vcam-counter.h) pushed through appsrc into vcamsink, the product's
 * element, as vcamctl does with the C API.
 *
 * <ul>
 * <li>--zero-copy: the frames are buffers of vcamsink's own DMA-BUF pool (asked for with an
 *     ALLOCATION query, as any upstream element does), each rendered once when the pool first
 *     hands it out; per frame only the 48-byte stamp is written: the element copies nothing.
 * <li>--copy: the same from a pool of ordinary system memory: vcamsink copies each frame once.
 * </ul>
 *
 * Prints "java-feed: vcam camera /dev/videoN is up" once the camera exists and "@ NS COUNT"
 * progress lines; runs until SIGTERM.
 */
public final class JavaFeed {
    /** Per-frame calls on raw addresses (no Java objects per call). */
    static final class G {
        static {
            Native.register(G.class, NativeLibrary.getInstance("gstreamer-1.0"));
        }

        static native long gst_caps_from_string(String caps);

        static native long gst_query_new_allocation(long caps, boolean needPool);

        static native boolean gst_pad_peer_query(long pad, long query);

        static native int gst_query_get_n_allocation_pools(long query);

        static native void gst_query_parse_nth_allocation_pool(long query, int index, long pool, long size, long min,
                long max);

        static native long gst_buffer_pool_new();

        static native long gst_buffer_pool_get_config(long pool);

        static native void gst_buffer_pool_config_set_params(long config, long caps, int size, int min, int max);

        static native boolean gst_buffer_pool_set_config(long pool, long config);

        static native boolean gst_buffer_pool_set_active(long pool, boolean active);

        static native int gst_buffer_pool_acquire_buffer(long pool, long bufferOut, long params);

        static native boolean gst_buffer_map(long buffer, long info, int flags);

        static native void gst_buffer_unmap(long buffer, long info);

        static native long gst_element_get_static_pad(long element, String name);

        static native void gst_object_unref(long object);

        static native void gst_mini_object_unref(long object);
    }

    static final class A {
        static {
            Native.register(A.class, NativeLibrary.getInstance("gstapp-1.0"));
        }

        static native int gst_app_src_push_buffer(long appsrc, long buffer);
    }

    private static final int MAP_WRITE = 2;
    private static final int MAP_INFO_SIZE = 104;
    private static final int MAP_INFO_DATA = 16;
    private static final int MAP_INFO_SIZE_FIELD = 24;
    private static final int STAMP_LEN = 24;
    private static final int STAMP_COPIES = 2;

    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        int w = 0;
        int h = 0;
        int fps = 0;
        String format = "YUY2";
        String path = null;
        String label = "bench-java";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size": {
                    String[] s = args[++i].split("x");
                    w = Integer.parseInt(s[0]);
                    h = Integer.parseInt(s[1]);
                    break;
                }
                case "--format":
                    format = "NV12".equals(args[++i]) ? "NV12" : "YUY2";
                    break;
                case "--fps":
                    fps = Integer.parseInt(args[++i]);
                    break;
                case "--label":
                    label = args[++i];
                    break;
                case "--zero-copy":
                case "--export":
                case "--copy":
                    path = args[i].substring(2);
                    break;
                default:
                    System.err.println("java-feed: unknown argument " + args[i]);
                    System.exit(2);
            }
        }
        if (w <= 0 || h <= 0 || path == null) {
            System.err.println("java-feed: --size WxH and --zero-copy, --export or --copy are needed");
            System.exit(2);
        }
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop = true; /* SIGTERM: let the loop end and print its summary */
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        Gst.init(Version.of(1, 20), "java-feed");
        VcamSink.register();
        int rate = fps > 0 ? fps : 1000;
        String caps = "video/x-raw,format=" + format + ",width=" + w + ",height=" + h + ",framerate=" + rate + "/1";
        Pipeline p = (Pipeline) Gst.parseLaunch("appsrc name=src format=time do-timestamp=true block=true"
                + " max-buffers=2 caps=" + caps + " ! vcamsink name=sink sync=false export=" + "export".equals(path)
                + " label=" + label);
        AtomicReference<String> error = new AtomicReference<>();
        p.getBus().connect((Bus.ERROR) (src, code, msg) -> error.compareAndSet(null, src.getName() + ": " + msg));
        Element sink = p.getElementByName("sink");
        long appsrc = Pointer.nativeValue(Natives.getRawPointer(p.getElementByName("src")));
        p.setState(State.PAUSED);
        long rawCaps = G.gst_caps_from_string(caps);
        int frameBytes = "NV12".equals(format) ? w * h * 3 / 2 : w * h * 2;
        long pool = "copy".equals(path) ? systemPool(rawCaps, frameBytes) : sinkPool(appsrc, rawCaps);
        if (!G.gst_buffer_pool_set_active(pool, true)) {
            throw new IllegalStateException("cannot activate the buffer pool");
        }
        p.play();
        byte[] frame = render(w, h, format);
        Memory out = new Memory(8);
        Memory map = new Memory(MAP_INFO_SIZE);
        byte[] stamp = new byte[STAMP_LEN];
        int step = "NV12".equals(format) ? 1 : 2; /* luma samples: NV12 Y plane, YUYV even bytes */
        byte[] head = java.util.Arrays.copyOf(frame, STAMP_LEN * STAMP_COPIES * step);
        long[] rendered = new long[64];
        int nRendered = 0;
        Address data = new Address();
        long period = fps > 0 ? 1_000_000_000L / fps : 0;
        long next = System.nanoTime();
        long lastReport = 0;
        boolean announced = false;
        long seq = 0;
        while (!stop && error.get() == null) {
            if (period > 0) {
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (wait < -period) {
                    next = System.nanoTime(); /* far behind: do not burst */
                }
            }
            out.setLong(0, 0);
            if (G.gst_buffer_pool_acquire_buffer(pool, Pointer.nativeValue(out), 0) != 0) {
                break;
            }
            long buf = out.getLong(0);
            if (!G.gst_buffer_map(buf, Pointer.nativeValue(map), MAP_WRITE)) {
                throw new IllegalStateException("cannot map a pool buffer");
            }
            long at = map.getLong(MAP_INFO_DATA);
            data.at(at);
            if (!seen(rendered, nRendered, at)) {
                /* memory the pool hands out for the first time (a buffer of its own, or in export
                   mode a consumer's buffer, mapped once): render the frame into it once */
                data.write(0, frame, 0, (int) Math.min(frame.length, map.getLong(MAP_INFO_SIZE_FIELD)));
                if (nRendered == rendered.length) {
                    rendered = java.util.Arrays.copyOf(rendered, nRendered * 2);
                }
                rendered[nRendered++] = at;
            }
            long now = System.nanoTime();
            encode(stamp, seq++, now);
            for (int c = 0; c < STAMP_COPIES; c++) {
                for (int i = 0; i < STAMP_LEN; i++) {
                    head[(c * STAMP_LEN + i) * step] = stamp[i];
                }
            }
            data.write(0, head, 0, head.length);
            G.gst_buffer_unmap(buf, Pointer.nativeValue(map));
            if (A.gst_app_src_push_buffer(appsrc, buf) != 0) {
                break;
            }
            if (now - lastReport > 250_000_000L) {
                lastReport = now;
                System.out.println("@ " + now + " " + seq);
                if (!announced && sink.get("video-device") != null) {
                    announced = true;
                    System.out.println("java-feed: vcam camera " + sink.get("video-device") + " is up");
                }
            }
        }
        if (error.get() != null) {
            System.err.println("java-feed: ERROR " + error.get());
        }
        p.setState(State.NULL);
        p.getState(TimeUnit.SECONDS.toNanos(5));
        G.gst_buffer_pool_set_active(pool, false);
        G.gst_object_unref(pool);
        System.out.println("java-feed: " + seq + " frames; frames-queued=" + sink.get("frames-queued")
                + " frames-zero-copy=" + sink.get("frames-zero-copy") + " frames-exported=" + sink.get("frames-exported")
                + " frames-copied=" + sink.get("frames-copied")
                + " frames-dropped=" + sink.get("frames-dropped"));
        System.out.flush();
        finished.countDown();
        if (!stop) {
            System.exit(error.get() != null ? 1 : 0);
        }
    }

    private static boolean seen(long[] a, int n, long v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** vcamsink's pool: an ALLOCATION query from appsrc's src pad, as upstream elements ask. */
    private static long sinkPool(long appsrc, long caps) {
        long pad = G.gst_element_get_static_pad(appsrc, "src");
        long query = G.gst_query_new_allocation(caps, true);
        try {
            if (!G.gst_pad_peer_query(pad, query) || G.gst_query_get_n_allocation_pools(query) < 1) {
                throw new IllegalStateException("vcamsink offered no pool");
            }
            Memory v = new Memory(32);
            v.clear();
            long b = Pointer.nativeValue(v);
            G.gst_query_parse_nth_allocation_pool(query, 0, b, b + 8, b + 12, b + 16);
            long pool = v.getLong(0);
            if (pool == 0) {
                throw new IllegalStateException("vcamsink's ALLOCATION answer has no pool");
            }
            long config = G.gst_buffer_pool_get_config(pool);
            G.gst_buffer_pool_config_set_params(config, caps, v.getInt(8), Math.max(4, v.getInt(12)), 0);
            if (!G.gst_buffer_pool_set_config(pool, config)) {
                throw new IllegalStateException("vcamsink's pool refused its configuration");
            }
            return pool;
        } finally {
            G.gst_mini_object_unref(query);
            G.gst_object_unref(pad);
        }
    }

    private static long systemPool(long caps, int size) {
        long pool = G.gst_buffer_pool_new();
        long config = G.gst_buffer_pool_get_config(pool);
        G.gst_buffer_pool_config_set_params(config, caps, size, 4, 0);
        if (!G.gst_buffer_pool_set_config(pool, config)) {
            throw new IllegalStateException("the system-memory pool refused its configuration");
        }
        return pool;
    }

    /** The pre-rendered frame: a luma ramp (as bench/run's frame files), neutral chroma. */
    private static byte[] render(int w, int h, String format) {
        byte[] f;
        if ("NV12".equals(format)) {
            f = new byte[w * h * 3 / 2];
            for (int i = 0; i < f.length; i++) {
                f[i] = (byte) (i < w * h ? 16 + (i % w) % 220 : 128);
            }
        } else {
            f = new byte[w * h * 2];
            for (int i = 0; i < f.length; i++) {
                f[i] = (byte) ((i & 1) == 0 ? 16 + ((i / 2) % w) % 220 : 128);
            }
        }
        return f;
    }

    /** The 24-byte counter record: "VCNT", seq, ts_ns (little-endian), FNV-1a of bytes 0..19. */
    static void encode(byte[] rec, long seq, long tsNs) {
        rec[0] = 'V';
        rec[1] = 'C';
        rec[2] = 'N';
        rec[3] = 'T';
        for (int i = 0; i < 8; i++) {
            rec[4 + i] = (byte) (seq >>> (8 * i));
            rec[12 + i] = (byte) (tsNs >>> (8 * i));
        }
        int hash = 0x811c9dc5;
        for (int i = 0; i < 20; i++) {
            hash ^= rec[i] & 0xff;
            hash *= 16777619;
        }
        for (int i = 0; i < 4; i++) {
            rec[20 + i] = (byte) (hash >>> (8 * i));
        }
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
