package org.vcam.gst.element;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.glib.Natives;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.GstPluginsApi.App;

/**
 * The element microbenchmark (bench/element-bench): host-native, no VM, vcamsink against the
 * fake /dev/vcam of the unit tests (frames not read back), and the same pipeline into fakesink
 * and into an appsink whose Java callback only pulls and drops each sample. Prints per buffer:
 * wall and process CPU time, bytes allocated on the Java heap, GC runs, monitor waits and the
 * fake device's QUEUE/DEQUEUE calls; then the element's own cost as differences.
 *
 * <pre>
 * ElementMicroBench [--size WxH] [--format YUY2|NV12] [--buffers N] [--runs R] [--warmup N]
 *                   [--only CONFIG,...] [--once CONFIG]
 *
 * CONFIG: {fakesink,appsink,vcamsink,appsink-proxy,pullthread}-{zero-copy,copy}; the default is the
 * first three of each. appsink-proxy and pullthread are the alternatives to vcamsink's way of
 * reaching Java (a JNA callback through its reflective proxy; a Java thread pulling samples).
 * </pre>
 *
 * {@code --once CONFIG} runs one configuration once (after a warm-up run) and prints one line (for
 * bench/element-bench --callgrind, which counts instructions under valgrind).
 */
public final class ElementMicroBench {
    /** One pipeline: a source path (zero-copy: videotestsrc into the sink's pool; copy: file frames in system memory) and a sink. */
    record Config(String name, String source, String sink) {
    }

    /** One measured run. */
    record Result(long buffers, long wallNs, long cpuNs, long allocBytes, long gcCount, long gcMs, long monitorWaits,
            long queues, long dequeues, long dequeuesEmpty, long callbacks, long acquires) {
    }

    private static final AtomicLong APPSINK_CALLBACKS = new AtomicLong();
    /* pulls and drops the sample: what reaching Java costs, without the sink's work */
    private static final App.NewSample PULL_AND_DROP = (appsink, data) -> {
        APPSINK_CALLBACKS.incrementAndGet();
        Pointer s = App.gst_app_sink_pull_sample(appsink);
        if (s != null) {
            GstApi.gst_mini_object_unref(s);
        }
        return GstApi.FLOW_OK;
    };

    private static volatile boolean stopPulling;

    private final int width;
    private final int height;
    private final String format;
    private final Path frameFile;
    private final FakeBackend fake = new FakeBackend();

    private ElementMicroBench(int width, int height, String format, Path frameFile) {
        this.width = width;
        this.height = height;
        this.format = format;
        this.frameFile = frameFile;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("element-bench: bad argument " + args[i] + " (options take a value: --size 320x240)");
                System.exit(2);
            }
            opt.put(args[i].substring(2), args[++i]);
        }
        String[] size = opt.getOrDefault("size", "320x240").split("x");
        int w = Integer.parseInt(size[0]);
        int h = Integer.parseInt(size[1]);
        String fmt = opt.getOrDefault("format", "YUY2");
        int buffers = Integer.parseInt(opt.getOrDefault("buffers", "5000"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "3000"));

        Path dir = Files.createTempDirectory("vcam-element-bench");
        Path frame = dir.resolve("frame." + fmt.toLowerCase(Locale.ROOT));
        try {
            writeFrame(frame, w, h, fmt);
            GstTestSupport.init();
            ElementMicroBench b = new ElementMicroBench(w, h, fmt, frame);
            b.fake.readBack = false;
            VcamSink.useBackend(b.fake.backend());
            List<Config> configs = b.configs();
            if (opt.containsKey("once")) {
                Config c = configs.stream().filter(x -> x.name().equals(opt.get("once"))).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no configuration " + opt.get("once")));
                if (warmup > 0) {
                    b.run(c, warmup); /* JIT compilation done before the measured run */
                }
                Result r = b.run(c, buffers);
                System.out.println("RESULT " + c.name() + " " + r);
                return;
            }
            List<String> only = Arrays.asList(opt.getOrDefault("only",
                    "fakesink-zero-copy,appsink-zero-copy,vcamsink-zero-copy,vcamsink-export,fakesink-copy,appsink-copy,"
                    + "vcamsink-copy")
                    .split(","));
            configs.removeIf(c -> !only.contains(c.name()));
            b.measure(configs, buffers, runs, warmup);
        } finally {
            Files.deleteIfExists(frame);
            Files.deleteIfExists(dir);
        }
    }

    private List<Config> configs() {
        String caps = "video/x-raw,format=" + format + ",width=" + width + ",height=" + height + ",framerate=1000/1";
        String testsrc = "videotestsrc pattern=solid-color foreground-color=0xff4080c0 num-buffers=%d ! " + caps;
        String filesrc = "multifilesrc location=" + frameFile + " loop=true num-buffers=%d ! rawvideoparse format="
                + format.toLowerCase(Locale.ROOT) + " width=" + width + " height=" + height + " framerate=1000/1";
        List<Config> c = new ArrayList<>();
        for (String[] src : new String[][] {{"zero-copy", testsrc}, {"copy", filesrc}}) {
            c.add(new Config("fakesink-" + src[0], src[1], "fakesink sync=false"));
            /* reaching Java as vcamsink does: a direct-mode callback that pulls the sample */
            c.add(new Config("appsink-" + src[0], src[1], "appsink name=appdirect sync=false enable-last-sample=false"));
            c.add(new Config("vcamsink-" + src[0], src[1], "vcamsink name=sink sync=false"));
            if (src[0].equals("zero-copy")) {
                /* export mode: a fake consumer with 4 MMAP buffers lends them; upstream renders into them */
                c.add(new Config("vcamsink-export", src[1], "vcamsink name=sink sync=false"));
            }
            /* the alternatives measured for the design: JNA's ordinary callback, and a Java thread pulling */
            c.add(new Config("appsink-proxy-" + src[0], src[1], "appsink name=app sync=false enable-last-sample=false"));
            c.add(new Config("pullthread-" + src[0], src[1],
                    "appsink name=pull sync=false enable-last-sample=false max-buffers=1"));
        }
        return c;
    }

    private void measure(List<Config> configs, int buffers, int runs, int warmup) throws Exception {
        System.out.printf(Locale.ROOT, "element-bench: %dx%d %s, %d buffers a run, %d runs a pipeline (median), "
                + "warm-up %d; load average %s%n", width, height, format, buffers, runs, warmup, loadAverage());
        for (Config c : configs) {
            run(c, warmup);
        }
        Map<String, List<Result>> all = new LinkedHashMap<>();
        for (int r = 0; r < runs; r++) {
            for (Config c : configs) {
                all.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(run(c, buffers));
            }
        }
        System.out.printf(Locale.ROOT, "%-20s %9s %9s %9s %8s %6s %8s %7s %7s %7s %7s%n", "pipeline", "wall us/b",
                "cpu us/b", "(min-max)", "alloc B/b", "GCs", "mon.wait", "QUEUE/b", "DEQ/b", "EAGAIN/b", "ACQ/b");
        Map<String, double[]> med = new LinkedHashMap<>();
        for (Map.Entry<String, List<Result>> e : all.entrySet()) {
            List<Result> rs = e.getValue();
            double wall = median(rs, r -> (double) r.wallNs() / r.buffers() / 1000);
            double cpu = median(rs, r -> (double) r.cpuNs() / r.buffers() / 1000);
            double cpuMin = rs.stream().mapToDouble(r -> (double) r.cpuNs() / r.buffers() / 1000).min().orElse(0);
            double cpuMax = rs.stream().mapToDouble(r -> (double) r.cpuNs() / r.buffers() / 1000).max().orElse(0);
            double alloc = median(rs, r -> (double) r.allocBytes() / r.buffers());
            long gcs = rs.stream().mapToLong(Result::gcCount).sum();
            long waits = rs.stream().mapToLong(Result::monitorWaits).sum();
            double q = median(rs, r -> (double) r.queues() / r.buffers());
            double dq = median(rs, r -> (double) r.dequeues() / r.buffers());
            double de = median(rs, r -> (double) r.dequeuesEmpty() / r.buffers());
            double acq = median(rs, r -> (double) r.acquires() / r.buffers());
            med.put(e.getKey(), new double[] {wall, cpu, alloc});
            System.out.printf(Locale.ROOT, "%-20s %9.1f %9.1f %4.0f-%-4.0f %8.0f %6d %8d %7.2f %7.2f %7.2f %7.2f%n",
                    e.getKey(), wall, cpu, cpuMin, cpuMax, alloc, gcs, waits, q, dq, de, acq);
        }
        for (String path : new String[] {"zero-copy", "export", "copy"}) {
            String src = path.equals("export") ? "zero-copy" : path;
            double[] v = med.get("vcamsink-" + path);
            double[] f = med.get("fakesink-" + src);
            double[] a = med.get("appsink-" + src);
            if (v == null || f == null || a == null) {
                continue;
            }
            System.out.printf(Locale.ROOT, "vcamsink %s: element overhead %.1f us/buffer CPU (vcamsink - fakesink),"
                    + " of which %.1f reaching Java (appsink with vcamsink's callback - fakesink) and %.1f the"
                    + " sink's own work;"
                    + " %.0f B/buffer allocated%n", path, v[1] - f[1], a[1] - f[1], v[1] - a[1], v[2] - f[2]);
        }
    }

    private static double median(List<Result> rs, java.util.function.ToDoubleFunction<Result> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Runs one pipeline of {@code buffers} buffers to EOS and measures it. */
    Result run(Config c, int buffers) throws InterruptedException {
        boolean export = c.name().equals("vcamsink-export");
        fake.caps = export ? FakeVcamDevice.EXPORT_CAPS : FakeVcamDevice.CAPS;
        fake.consumerBuffers = export ? 4 : 0;
        Pipeline p = (Pipeline) Gst.parseLaunch(String.format(Locale.ROOT, c.source(), buffers) + " ! " + c.sink());
        Element app = p.getElementByName("app");
        if (app != null) {
            App.gst_app_sink_set_callbacks(Natives.getRawPointer(app), callbacks(), null, null);
        }
        Element appDirect = p.getElementByName("appdirect");
        if (appDirect != null) {
            App.gst_app_sink_set_callbacks(Natives.getRawPointer(appDirect), directCallbacks(), null, null);
        }
        Element pull = p.getElementByName("pull");
        Thread puller = null;
        if (pull != null) {
            long sink = Pointer.nativeValue(Natives.getRawPointer(pull));
            puller = new Thread(() -> {
                while (true) {
                    long s = Pull.gst_app_sink_try_pull_sample(sink, 100_000_000L);
                    if (s == 0) {
                        if (stopPulling) {
                            return;
                        }
                        continue;
                    }
                    APPSINK_CALLBACKS.incrementAndGet();
                    Pull.gst_mini_object_unref(s);
                }
            }, "bench-pull");
            puller.start();
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> error = new AtomicReference<>();
        Bus bus = p.getBus();
        Bus.EOS eos = src -> done.countDown();
        Bus.ERROR err = (src, code, msg) -> {
            error.compareAndSet(null, src.getName() + ": " + msg);
            done.countDown();
        };
        bus.connect(eos);
        bus.connect(err);
        Snapshot before = Snapshot.take(fake);
        long cb0 = APPSINK_CALLBACKS.get();
        p.play();
        boolean finished = done.await(120, TimeUnit.SECONDS);
        Snapshot after = Snapshot.take(fake);
        long cb = APPSINK_CALLBACKS.get() - cb0;
        long queued = c.sink().startsWith("vcamsink") ? ((Number) p.getElementByName("sink").get("frames-queued")).longValue() : 0;
        if (puller != null) {
            stopPulling = true;
            puller.join(10_000);
            stopPulling = false;
        }
        p.setState(State.NULL);
        p.getState(TimeUnit.SECONDS.toNanos(10));
        bus.disconnect(eos);
        bus.disconnect(err);
        p.dispose();
        if (!finished || error.get() != null) {
            throw new IllegalStateException(c.name() + ": " + (finished ? error.get() : "no EOS within 120 s"));
        }
        if (c.sink().startsWith("vcamsink") && queued != buffers) {
            throw new IllegalStateException(c.name() + ": " + queued + " of " + buffers + " buffers queued");
        }
        return new Result(buffers, after.wall - before.wall, after.cpu - before.cpu, after.alloc - before.alloc,
                after.gcCount - before.gcCount, after.gcMs - before.gcMs, after.waits - before.waits,
                after.queues - before.queues, after.dequeues - before.dequeues, after.empty - before.empty, cb,
                after.acquires - before.acquires);
    }

    private com.sun.jna.Memory callbacksStruct;

    private com.sun.jna.Memory callbacks() {
        if (callbacksStruct == null) {
            callbacksStruct = new com.sun.jna.Memory(App.CALLBACKS_SIZE);
            callbacksStruct.clear();
            callbacksStruct.setPointer(2L * com.sun.jna.Native.POINTER_SIZE,
                    com.sun.jna.CallbackReference.getFunctionPointer(PULL_AND_DROP));
            com.sun.jna.Native.setCallbackThreadInitializer(PULL_AND_DROP,
                    new com.sun.jna.CallbackThreadInitializer(true, false, "bench-streaming"));
        }
        return callbacksStruct;
    }

    interface DirectNewSample extends com.sun.jna.Callback {
        int invoke(long appsink, long data);
    }

    private static final DirectNewSample DIRECT_PULL_AND_DROP = (appsink, data) -> {
        APPSINK_CALLBACKS.incrementAndGet();
        long s = Pull.gst_app_sink_pull_sample(appsink);
        if (s != 0) {
            Pull.gst_mini_object_unref(s);
        }
        return 0;
    };

    private com.sun.jna.Memory directStruct;

    private com.sun.jna.Memory directCallbacks() {
        if (directStruct == null) {
            directStruct = new com.sun.jna.Memory(App.CALLBACKS_SIZE);
            directStruct.clear();
            com.sun.jna.Native.setCallbackThreadInitializer(DIRECT_PULL_AND_DROP,
                    new com.sun.jna.CallbackThreadInitializer(true, false, "bench-streaming"));
            Store.g_atomic_pointer_set(directStruct.share(2L * com.sun.jna.Native.POINTER_SIZE), DIRECT_PULL_AND_DROP);
        }
        return directStruct;
    }

    static final class Store {
        static {
            com.sun.jna.Native.register(Store.class, com.sun.jna.NativeLibrary.getInstance("glib-2.0"));
        }

        static native void g_atomic_pointer_set(Pointer atomic, DirectNewSample cb);
    }

    /** appsink pulled from a Java thread, direct-mapped on raw addresses (no objects per call). */
    static final class Pull {
        static {
            com.sun.jna.Native.register(Pull.class, com.sun.jna.NativeLibrary.getInstance("gstapp-1.0"));
        }

        static native long gst_app_sink_try_pull_sample(long appsink, long timeout);

        static native long gst_app_sink_pull_sample(long appsink);

        static native void gst_mini_object_unref(long object);
    }

    /** CLOCK_PROCESS_CPUTIME_ID (ns resolution; the JMX process CPU time ticks in 10 ms steps here). */
    static final class Clock {
        static {
            com.sun.jna.Native.register(Clock.class, com.sun.jna.NativeLibrary.getInstance("c"));
        }

        private static final com.sun.jna.Memory TS = new com.sun.jna.Memory(16);

        private static native int clock_gettime(int clock, Pointer ts);

        static synchronized long processCpuNanos() {
            if (clock_gettime(2 /* CLOCK_PROCESS_CPUTIME_ID */, TS) != 0) {
                throw new IllegalStateException("clock_gettime failed");
            }
            return TS.getLong(0) * 1_000_000_000L + TS.getLong(8);
        }
    }

    /** Process-wide counters at one moment. */
    private static final class Snapshot {
        long wall;
        long cpu;
        long alloc;
        long gcCount;
        long gcMs;
        long waits;
        long queues;
        long acquires;
        long dequeues;
        long empty;

        static Snapshot take(FakeBackend fake) {
            Snapshot s = new Snapshot();
            s.wall = System.nanoTime();
            s.cpu = Clock.processCpuNanos();
            com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] ids = t.getAllThreadIds();
            for (long a : t.getThreadAllocatedBytes(ids)) {
                s.alloc += Math.max(0, a);
            }
            for (ThreadInfo i : t.getThreadInfo(ids)) {
                if (i != null) {
                    s.waits += i.getBlockedCount();
                }
            }
            for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
                s.gcCount += g.getCollectionCount();
                s.gcMs += g.getCollectionTime();
            }
            synchronized (fake.devices) {
                for (FakeVcamDevice d : fake.devices) {
                    s.queues += d.queueCalls.get();
                    s.acquires += d.acquires.get() + d.acquireEmpty.get();
                    s.dequeues += d.dequeueCalls.get();
                    s.empty += d.dequeueEmpty.get();
                }
            }
            return s;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** One frame (a luma ramp, neutral chroma) for the copy path's multifilesrc. */
    private static void writeFrame(Path f, int w, int h, String fmt) throws IOException {
        byte[] data;
        if ("NV12".equals(fmt)) {
            data = new byte[w * h * 3 / 2];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i < w * h ? 16 + (i % w) % 220 : 128);
            }
        } else {
            data = new byte[w * h * 2];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) ((i & 1) == 0 ? 16 + (i / 2 % w) % 220 : 128);
            }
        }
        Files.write(f, data);
    }
}
