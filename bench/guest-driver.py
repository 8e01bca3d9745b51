#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0+
"""Guest side of the vcam benchmark: runs every measurement inside the VM.

Called by bench/guest-bench.sh (which loads v4l2loopback). Each measurement
becomes one JSON record, printed on stdout as "BENCH-JSON {...}" and appended
to $BENCH_OUT/records.jsonl. Figures are never judged here; only a path that
produces no frames at all is an error (exit status 1).

Method, per (path, size, format, mode): start the producer, wait until it
produces; for each consumer: start it, wait for its first frame, settle, then
measure a window of W seconds: frames (from the programs' progress lines and,
for vcam, VCAM_IOC_STATS read through bench/build/vcam-stats), CPU time from
/proc/stat (whole system) and /proc/<pid>/stat (producer and consumer process
trees), latency and loss from cap-reader (counter stamps).
"""
import collections
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

BUILD = os.environ.get("BENCH_BUILD", "bench/build")
OUT = os.environ.get("BENCH_OUT", "")
QUICK = os.environ.get("BENCH_QUICK") == "1"
VCAMCTL = os.environ.get("BENCH_VCAMCTL", f"{BUILD}/vcamctl")  # bench/run's snapshot
JAVA_FEED = os.environ.get("BENCH_JAVA_FEED", "")  # command prefix, see guest-bench.sh
LB_FIRST = int(os.environ.get("BENCH_LB_FIRST", "40"))
LB_COUNT = int(os.environ.get("BENCH_LB_COUNT", "16"))

WINDOW = 1.0 if QUICK else 3.0   # seconds measured per consumer session
SETTLE = 0.5                     # after the first frame, before the window
START_TIMEOUT = 90.0             # TCG on a loaded host starts programs slowly
PACED_FPS = 30
FRAMES = os.environ.get("BENCH_FRAMES_DIR", f"{BUILD}/frames")  # pre-rendered, from bench/run
ONLY = set(os.environ.get("BENCH_PATHS", "").split())  # run only these paths (debugging)
# The sizes the Java paths (vcamsink) are measured at: each configuration costs a JVM start.
JAVA_CONFIGS = {(1280, 720, "yuyv"), (1920, 1080, "yuyv"), (1280, 720, "nv12")}
# Run only these parts (space separated: matrix membw cameras readers export; default all).
PARTS = (set(os.environ.get("BENCH_PARTS", "").split())
         or {"matrix", "membw", "cameras", "readers", "export"})
TICK = os.sysconf("SC_CLK_TCK")

FMT_GST = {"yuyv": "YUY2", "nv12": "NV12"}
FMT_FFMPEG = {"yuyv": "yuyv422", "nv12": "nv12"}
FMT_VCAM = {"yuyv": "YUYV", "nv12": "NV12"}

failures = []
# A v4l2loopback consumer that gets no frames while the baseline's producer runs is a
# measured property of v4l2loopback (e.g. v4l2src against an unthrottled write()), not a
# broken benchmark: recorded and reported, but it does not change the exit status.
baseline_errors = []
T_START = time.monotonic()
# Optional time budget (seconds): on a busy host, measurements after it are skipped and
# reported as such rather than running past the caller's deadline.
BUDGET = float(os.environ.get("BENCH_BUDGET_S", "0") or 0)


def no_frames(path, prod, what):
    """Record a consumer that got no frames: a baseline error when v4l2loopback's producer
    is still running (see baseline_errors), else a failure of the benchmark."""
    (baseline_errors if path.startswith("lb") and prod.alive() else failures).append(what)


def over_budget():
    return BUDGET > 0 and time.monotonic() - T_START > BUDGET


def frame_bytes(w, h, fmt):
    return w * h * 2 if fmt == "yuyv" else w * h * 3 // 2


def emit(rec):
    line = json.dumps(rec, sort_keys=True)
    print("BENCH-JSON " + line, flush=True)
    if OUT:
        with open(os.path.join(OUT, "records.jsonl"), "a") as f:
            f.write(line + "\n")


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- processes

PROGRESS = [
    re.compile(r"^@ \d+ (\d+)$"),            # bench helpers
    re.compile(r"rendered: (\d+)"),          # fpsdisplaysink last-message
    re.compile(r"^frame=(\d+)$"),            # ffmpeg -progress
]
DEVICE = re.compile(r"(/dev/video\d+)")


class Proc:
    """A child process whose output is parsed for progress and results."""

    def __init__(self, name, argv):
        self.name, self.argv = name, argv
        self.samples = []            # (monotonic s, count)
        self.result = None
        self.device = None
        self.tail = collections.deque(maxlen=12)
        self.started = time.monotonic()
        self.p = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  text=True, errors="replace", bufsize=1)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.p.stdout:
            t = time.monotonic()
            line = line.rstrip("\n")
            if line.startswith("RESULT "):
                try:
                    self.result = json.loads(line[7:])
                except ValueError:
                    pass
                continue
            for rx in PROGRESS:
                m = rx.search(line)
                if m:
                    self.samples.append((t, int(m.group(1))))
                    break
            else:
                self.tail.append(line)
                if self.device is None:
                    m = DEVICE.search(line)
                    if m and "vcam" in line:  # vcamctl / vcam-launch device line
                        self.device = m.group(1)

    def count(self):
        return self.samples[-1][1] if self.samples else 0

    def alive(self):
        return self.p.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.alive():
            try:
                self.p.send_signal(sig)
                self.p.wait(timeout)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.reader.join(5)
        return self.p.returncode

    def why(self):
        state = (f"no frame after {time.monotonic() - self.started:.0f} s" if self.alive()
                 else f"exit {self.p.returncode}")
        return state + ": " + " | ".join(list(self.tail)[-4:])


def wait_for(cond, procs, timeout=START_TIMEOUT):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        if any(not p.alive() for p in procs):
            return cond()
        time.sleep(0.05)
    return False


def rate(samples, t0, t1):
    s = [x for x in samples if t0 <= x[0] <= t1]
    if len(s) < 2 or s[-1][0] <= s[0][0]:
        return None
    return (s[-1][1] - s[0][1]) / (s[-1][0] - s[0][0])


# ---------------------------------------------------------------- accounting

def proc_tree_ticks(roots):
    """utime + stime of the processes in @roots and all their descendants."""
    stats = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        stats[int(d)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    children = collections.defaultdict(list)
    for pid, (ppid, _) in stats.items():
        children[ppid].append(pid)
    out = []
    for root in roots:
        total, todo = 0, [root]
        while todo:
            pid = todo.pop()
            if pid in stats:
                total += stats[pid][1]
                todo.extend(children[pid])
        out.append(total)
    return out


def sys_ticks():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v[:8]) - idle, sum(v[:8])


def cpu_snapshot(prod_pids, cons_pids):
    busy, total = sys_ticks()
    return {"t": time.monotonic(), "busy": busy, "total": total,
            "prod": sum(proc_tree_ticks(prod_pids)),
            "cons": sum(proc_tree_ticks(cons_pids))}


def vcam_stats():
    try:
        out = subprocess.run([f"{BUILD}/vcam-stats"], capture_output=True,
                             text=True, timeout=20).stdout
        for line in out.splitlines():
            if line.startswith("RESULT "):
                return json.loads(line[7:])
    except (OSError, subprocess.TimeoutExpired, ValueError):
        pass
    return None


# ---------------------------------------------------------------- paths

PATHS = ["vcamctl", "java-export", "java-zerocopy", "java-copy", "lb-gst", "lb-write"]
VCAM_PATHS = {"vcamctl", "java-export", "java-zerocopy", "java-copy"}
# Copies of the frame's pixels per delivered frame, by design, for an MMAP
# consumer: (user-space copies, kernel copies).
DESIGN_COPIES = {
    "vcamctl": (0, 1),        # stamps in place in the DMA-BUF; driver copies to vb2
    "java-export": (0, 0),    # upstream writes into the consumer's own (MMAP) buffer
    "java-zerocopy": (0, 1),  # upstream writes into the pool's DMA-BUF (export=false)
    "java-copy": (1, 1),      # element copies into a DMA-BUF, driver copies again
    "lb-gst": (1, 0),         # v4l2sink copies into the mmapped loopback buffer
                              # (+1 kernel copy_to_user by multifilesrc's read, not counted)
    "lb-write": (0, 1),       # write(): copy_from_user into the loopback buffer
}


def path_available(path):
    if ONLY and path not in ONLY:
        return "not selected (BENCH_PATHS)"
    if path == "vcamctl":
        if not os.path.exists("/dev/vcam"):
            return "/dev/vcam missing (vcam.ko not loaded)"
        if not os.access(VCAMCTL, os.X_OK):
            return f"{VCAMCTL} not built"
    if path.startswith("java"):
        if not os.path.exists("/dev/vcam"):
            return "/dev/vcam missing (vcam.ko not loaded)"
        if not JAVA_FEED:
            return "Java vcamsink producer not available (see bench/README.md)"
    if path.startswith("lb") and not os.path.exists(f"/dev/video{LB_FIRST}"):
        return "v4l2loopback not loaded"
    return None


def read_text(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""


def java_measured(w, h, fmt):
    """The Java paths run at JAVA_CONFIGS only (a JVM start each, 20-90 s under TCG)."""
    return (w, h, fmt) in JAVA_CONFIGS


def java_feed_argv(path, size, fmt, fps):
    """bench/java-feed: counter-stamped pre-rendered frames through vcamsink, zero-copy (the
    frames are buffers of vcamsink's DMA-BUF pool), export (vcamsink's pool lends the
    consumer's own buffers) or copy (system memory)."""
    flag = {"java-copy": "--copy", "java-export": "--export"}.get(path, "--zero-copy")
    return [JAVA_FEED, "--size", size, "--format", FMT_VCAM[fmt], "--fps", str(fps or 0), flag]


def java_settle_s():
    """Seconds a Java producer runs before it is measured: under TCG the JVM compiles the hot
    path for several seconds after the first frame, and a relay runs for hours, so its steady
    state is what counts (BENCH_JAVA_SETTLE_S, default 10)."""
    return float(os.environ.get("BENCH_JAVA_SETTLE_S", "10"))


def lb_gst_sink_args(fps):
    """v4l2sink's options for lb-gst. Paced: sync to the 30 fps timestamps of rawvideoparse,
    rendering late frames instead of dropping them (max-lateness=-1 qos=false): with the
    video sink's default 20 ms lateness, a pipeline that fell behind once under TCG dropped
    nearly every frame (1.1 of 30 frames/s delivered at 720p in 2026-11-26T0700Z)."""
    if not fps:
        return ["sync=false"]
    return ["sync=true", "max-lateness=-1", "qos=false"]


def start_producer(path, w, h, fmt, fps, idx=0):
    """Start a producer; returns (Proc, device) or raises RuntimeError."""
    size = f"{w}x{h}"
    if path == "vcamctl":
        argv = [VCAMCTL, "create", "--label", f"bench {idx}", "--size", size,
                "--format", FMT_VCAM[fmt], "--pattern", "counter",
                "--fps", str(fps or 1000)] + ([] if fps else ["--unthrottled"])
    elif path.startswith("java"):
        argv = java_feed_argv(path, size, fmt, fps)
    elif path == "lb-write":
        dev = f"/dev/video{LB_FIRST + idx}"
        argv = [f"{BUILD}/lb-writer", "-d", dev, "-s", size, "-f", fmt, "-r", str(fps)]
    elif path == "lb-gst":
        # gst-launch-1.0, as users run it: the same pre-rendered file as the Java copy
        # path (multifilesrc ! rawvideoparse); v4l2sink copies each frame into the
        # mmapped loopback buffer. (bench/src/gst-feed, an appsrc producer stamping the
        # counter, stalled before its first frame against v4l2loopback in the VM.)
        # colorimetry must be in the caps: v4l2sink's caps carry the colorimetries it
        # probed with TRY_FMT, and GstBaseSink accepts only caps that are a *subset*
        # of them, which caps without the field (rawvideoparse's default) are not:
        # "not-negotiated". bt601 below 720 lines, bt709 from 720 (GStreamer's own
        # default for such sizes) both negotiate with v4l2loopback 0.13.2.
        # Unthrottled: sync=false; the nominal 60/1 only labels the caps (1000/1 does
        # not negotiate with v4l2loopback).
        dev = f"/dev/video{LB_FIRST + idx}"
        gfmt = FMT_GST[fmt]
        argv = ["gst-launch-1.0", "-q", "multifilesrc", f"location={FRAMES}/{size}.{gfmt}",
                "loop=true", "!", "rawvideoparse", f"format={gfmt.lower()}", f"width={w}",
                f"height={h}", f"framerate={fps or 60}/1",
                f"colorimetry={'bt709' if h >= 720 else 'bt601'}", "!", "v4l2sink",
                f"device={dev}"] + lb_gst_sink_args(fps)
    p = Proc(path, argv)
    if path in VCAM_PATHS:
        # A JVM starting under TCG on a busy host can take minutes.
        ok = wait_for(lambda: p.device is not None, [p],
                      START_TIMEOUT * (3 if path.startswith("java") else 1))
        dev = p.device
        if ok:  # frames flow once the first is queued; give it a moment
            time.sleep(java_settle_s() if path.startswith("java") else 0.3)
    elif path == "lb-gst":
        # No progress lines: ready once v4l2loopback shows the format v4l2sink set.
        attr = f"/sys/class/video4linux/{os.path.basename(dev)}/format"
        ok = wait_for(lambda: read_text(attr).startswith(FMT_VCAM[fmt]), [p])
        if ok:
            time.sleep(0.5)
    else:
        ok = wait_for(lambda: p.count() >= 5, [p])
        if ok:
            time.sleep(0.3)
    if not ok or not p.alive():
        p.stop()
        raise RuntimeError(f"{path} producer did not start: {p.why()}")
    return p, dev


def consumer_argv(cons, dev, w, h, fmt):
    if cons == "cap-reader":
        return [f"{BUILD}/cap-reader", "-d", dev, "-s", f"{w}x{h}", "-f", fmt]
    if cons == "gst":
        return ["gst-launch-1.0", "-v", "v4l2src", f"device={dev}", "!",
                f"video/x-raw,format={FMT_GST[fmt]},width={w},height={h}", "!",
                "fpsdisplaysink", "video-sink=fakesink", "text-overlay=false",
                "sync=false", "fps-update-interval=250"]
    if cons == "ffmpeg":
        return ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                "-f", "v4l2", "-input_format", FMT_FFMPEG[fmt],
                "-video_size", f"{w}x{h}", "-i", dev, "-f", "null", "-",
                "-progress", "pipe:1", "-stats_period", "0.25"]
    raise ValueError(cons)


def measure(producers, consumers, path, fps_target, window=None):
    """One window (WINDOW s unless @window) over running producers and consumers;
    returns figures."""
    vc = path in VCAM_PATHS
    prod_pids = [p.p.pid for p in producers]
    cons_pids = [c.p.pid for c in consumers]
    st0 = vcam_stats() if vc else None
    c0 = cpu_snapshot(prod_pids, cons_pids)
    for c in consumers:
        if c.name == "cap-reader" and c.alive():
            c.p.send_signal(signal.SIGUSR1)
    time.sleep(window or WINDOW)
    c1 = cpu_snapshot(prod_pids, cons_pids)
    st1 = vcam_stats() if vc else None
    dt = c1["t"] - c0["t"]
    rec = {"window_s": round(dt, 3)}

    cons_rates = [rate(c.samples, c0["t"], c1["t"] + 0.3) for c in consumers]
    results = []
    for c in consumers:
        c.stop()
        results.append(c.result)
    prod_rate = None
    if vc and st0 and st1 and st1["t_ns"] > st0["t_ns"]:
        sdt = (st1["t_ns"] - st0["t_ns"]) / 1e9
        # repeat_bytes_copied and exported: modules with export mode (older ones count
        # the repeats' copies in bytes_copied)
        d = {k: st1[k] - st0[k] for k in ("queued", "delivered", "repeated", "copied",
                                           "zero_copy", "dropped", "bytes_copied", "errors",
                                           "repeat_bytes_copied", "exported")
             if k in st0 and k in st1}
        prod_rate = d["queued"] / sdt
        rec["vcam"] = d
        rec["vcam_delivered_fps"] = d["delivered"] / sdt
        if d["delivered"]:
            rec["bytes_copied_per_frame"] = d["bytes_copied"] / d["delivered"]
            rec["repeated_per_new"] = d["repeated"] / d["delivered"]
            if "repeat_bytes_copied" in d:
                rec["repeat_bytes_copied_per_frame"] = d["repeat_bytes_copied"] / d["delivered"]
    else:
        rates = [rate(p.samples, c0["t"], c1["t"] + 0.3) for p in producers]
        if all(r is not None for r in rates):
            prod_rate = sum(rates)

    # Fresh (new) frames per second reaching the consumers: cap-reader knows from the
    # counter stamps; for unstamped producers (Java) and for v4l2src/ffmpeg, which count
    # repeated frames too, vcam's own counter of new frames bounds the buffer rate.
    fresh, by_stamp = [], True
    for c, r, res in zip(consumers, cons_rates, results):
        if res and res.get("fresh") and res["seconds"] > 0:
            fresh.append(res["fresh"] / res["seconds"])
        elif res and res.get("buffers") and res["seconds"] > 0:
            fresh.append(res["buffers"] / res["seconds"])
            by_stamp = False
        elif r is not None:
            fresh.append(r)
            by_stamp = False
    if vc and not by_stamp and rec.get("vcam_delivered_fps") is not None \
            and len(consumers) == 1 and fresh:
        fresh = [min(fresh[0], rec["vcam_delivered_fps"])]
    rec["consumer_buffers_fps"] = sum(r for r in cons_rates if r is not None) \
        if any(r is not None for r in cons_rates) else None
    rec["fresh_fps"] = sum(fresh) if fresh else None
    rec["producer_fps"] = prod_rate
    rec["target_fps"] = fps_target or None
    frames = rec["fresh_fps"] * dt if rec["fresh_fps"] else 0
    ms = 1000.0 / TICK
    rec["cpu_busy_pct"] = 100.0 * (c1["busy"] - c0["busy"]) / max(1, c1["total"] - c0["total"])
    if frames > 0:
        busy = (c1["busy"] - c0["busy"]) * ms
        prod = (c1["prod"] - c0["prod"]) * ms
        cons = (c1["cons"] - c0["cons"]) * ms
        rec["cpu_ms_per_frame"] = busy / frames
        rec["cpu_prod_ms_per_frame"] = prod / frames
        rec["cpu_cons_ms_per_frame"] = cons / frames
        rec["cpu_other_ms_per_frame"] = max(0.0, busy - prod - cons) / frames
    # Loss: sequence gaps seen by cap-reader, else produced - received.
    lost = [res["lost"] for res in results if res and "lost" in res]
    if lost and len(lost) == len(consumers):
        rec["lost"] = sum(lost)
        rec["lost_source"] = "seq"
    elif prod_rate is not None and rec["fresh_fps"] is not None:
        rec["lost"] = max(0, round((prod_rate * len(consumers) - rec["fresh_fps"]) * dt))
        rec["lost_source"] = "count"
    lat = [res for res in results if res and res.get("lat_n")]
    if lat:
        rec["lat_p50_ms"] = sorted(r["lat_p50_ms"] for r in lat)[len(lat) // 2]
        rec["lat_p99_ms"] = max(r["lat_p99_ms"] for r in lat)
        rec["lat_samples"] = sum(r["lat_n"] for r in lat)
        rec["buflat_p50_ms"] = sorted(r["buflat_p50_ms"] for r in lat)[len(lat) // 2]
        rec["unstamped"] = sum(r["unstamped"] for r in lat)
    return rec


def start_consumers(kind, devs, w, h, fmt):
    cons = [Proc(kind, consumer_argv(kind, d, w, h, fmt)) for d in devs]
    ok = wait_for(lambda: all(c.count() > 0 for c in cons), cons)
    if ok:
        time.sleep(SETTLE)
    return ok, cons


# ---------------------------------------------------------------- runs

def run_matrix(configs, modes, consumers_for):
    """configs: (w, h, fmt) in order of importance (a cut-short run keeps the first)."""
    gaps = {}
    for path in PATHS:
        gaps[path] = path_available(path)
        if gaps[path]:
            emit({"kind": "gap", "path": path, "reason": gaps[path]})
            log(f"{path}: not measured: {gaps[path]}")
    for (w, h, fmt) in configs:
        for path in PATHS:
            if gaps[path]:
                continue
            if path.startswith("java") and not java_measured(w, h, fmt):
                continue
            for mode in modes:
                fps = 0 if mode == "max" else PACED_FPS
                if over_budget():
                    emit({"kind": "skipped", "what": f"{path} {w}x{h} {fmt} {mode}",
                          "reason": f"time budget of {BUDGET:.0f} s used up"})
                    continue
                base = {"kind": "matrix", "path": path, "width": w, "height": h,
                        "format": fmt, "mode": mode,
                        "frame_bytes": frame_bytes(w, h, fmt),
                        "design_user_copies": DESIGN_COPIES[path][0],
                        "design_kernel_copies": DESIGN_COPIES[path][1]}
                consumers = consumers_for(path, fmt, mode)
                try:
                    prod, dev = start_producer(path, w, h, fmt, fps)
                except RuntimeError as e:
                    for cons in consumers:
                        emit(dict(base, consumer=cons, error=str(e)))
                    failures.append(f"{path} {w}x{h} {fmt} {mode}: {e}")
                    log(str(e))
                    continue
                for cons in consumers:
                    rec = dict(base, consumer=cons)
                    t = time.monotonic()
                    ok, cs = start_consumers(cons, [dev], w, h, fmt)
                    if not ok or not prod.alive():
                        why = cs[0].why() if not ok else prod.why()
                        for c in cs:
                            c.stop()
                        rec["error"] = f"no frames: {why}"
                        no_frames(path, prod, f"{path}->{cons} {w}x{h} {fmt} {mode}: {why}")
                    else:
                        rec.update(measure([prod], cs, path, fps))
                        if not rec.get("fresh_fps"):
                            rec["error"] = "no frames in the window: " + cs[0].why()
                            no_frames(path, prod,
                                      f"{path}->{cons} {w}x{h} {fmt} {mode}: no frames in the window")
                    rec["session_s"] = round(time.monotonic() - t, 1)
                    emit(rec)
                    log(f"{path}->{cons} {w}x{h} {fmt} {mode}: "
                        f"fresh {rec.get('fresh_fps')}, cpu/frame {rec.get('cpu_ms_per_frame')}"
                        f"{', ' + rec['error'] if 'error' in rec else ''}")
                prod.stop()


def run_cameras(counts, paths, w=640, h=480, fmt="yuyv"):
    for path in paths:
        gap = path_available(path)
        if gap:
            continue
        for n in counts:
            if path.startswith("lb") and n > LB_COUNT:
                continue
            if over_budget():
                emit({"kind": "skipped", "what": f"cameras {path} x{n}",
                      "reason": f"time budget of {BUDGET:.0f} s used up"})
                continue
            rec = {"kind": "cameras", "path": path, "cameras": n, "width": w,
                   "height": h, "format": fmt, "target_fps": PACED_FPS, "consumer": "cap-reader"}
            prods = []
            try:
                for i in range(n):
                    prods.append(start_producer(path, w, h, fmt, PACED_FPS, i))
            except RuntimeError as e:
                rec["error"] = str(e)
            if "error" not in rec:
                ok, cs = start_consumers("cap-reader", [d for _, d in prods], w, h, fmt)
                if ok:
                    rec.update(measure([p for p, _ in prods], cs, path, PACED_FPS))
                    rec["fresh_fps_per_camera"] = (rec["fresh_fps"] or 0) / n
                else:
                    rec["error"] = "no frames: " + " / ".join(c.why() for c in cs if c.count() == 0)[:300]
                    for c in cs:
                        c.stop()
            for p, _ in prods:
                p.stop()
            emit(rec)
            log(f"cameras {path} x{n}: fresh {rec.get('fresh_fps')} {rec.get('error', '')}")


# ---------------------------------------------------------------- readers
# M applications streaming one camera at once. vcam: a camera created with M capture
# nodes (vcamctl --readers M), one C reader on each node. v4l2loopback has one node per
# device and refuses a second streaming reader: all M readers open that node, and the
# refused ones are recorded as such (with the error they got) beside the figures of the
# reader that streams.

def vcam_readers_support():
    """None when vcamctl offers --readers (several capture nodes per camera), else why not."""
    try:
        r = subprocess.run([VCAMCTL, "--help"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"vcamctl --help failed: {e}"
    if "--readers" not in r.stdout + r.stderr:
        return "this vcamctl has no --readers"
    return None


def reader_nodes(label, m):
    """/dev/videoN of each capture node of the camera labelled @label, reader 0 first;
    reader k > 0 carries the label with the suffix " #<k+1>" (vcam.h). None when missing."""
    by_name = {}
    for d in sorted(os.listdir("/sys/class/video4linux")):
        by_name.setdefault(read_text(f"/sys/class/video4linux/{d}/name"), f"/dev/{d}")
    want = [label] + [f"{label} #{k + 1}" for k in range(1, m)]
    return [by_name.get(x) for x in want]


def start_vcam_readers(w, h, fmt, fps, m):
    """A vcamctl camera with @m capture nodes; returns (Proc, [dev per reader])."""
    label = f"bench readers {m}"
    argv = [VCAMCTL, "create", "--label", label, "--size", f"{w}x{h}",
            "--format", FMT_VCAM[fmt], "--pattern", "counter", "--fps", str(fps),
            "--readers", str(m)]
    p = Proc("vcamctl", argv)
    devs = []
    ok = wait_for(lambda: p.device is not None, [p])
    if ok:
        ok = wait_for(lambda: all(reader_nodes(label, m)), [p], 20)
        devs = reader_nodes(label, m)
    if not ok or not p.alive():
        p.stop()
        missing = [k for k, d in enumerate(devs) if d is None]
        raise RuntimeError(f"vcamctl --readers {m} did not start"
                           + (f" (no node for readers {missing})" if missing else "")
                           + f": {p.why()}")
    time.sleep(0.3)
    return p, devs


def per_reader_fps(consumers):
    """New frames per second of each consumer in the last window (cap-reader's RESULT)."""
    out = []
    for c in consumers:
        res = c.result or {}
        if res.get("seconds"):
            out.append(res.get("fresh", 0) / res["seconds"])
    return out


def run_readers(counts, paths, w=640, h=480, fmt="yuyv"):
    no_nodes = vcam_readers_support()
    for path in paths:
        if path_available(path):
            continue
        for n in counts:
            if over_budget():
                emit({"kind": "skipped", "what": f"readers {path} x{n}",
                      "reason": f"time budget of {BUDGET:.0f} s used up"})
                continue
            per_node = path in VCAM_PATHS and not no_nodes
            rec = {"kind": "readers", "path": path, "readers": n, "width": w,
                   "height": h, "format": fmt, "target_fps": PACED_FPS, "consumer": "cap-reader",
                   "frame_bytes": frame_bytes(w, h, fmt),
                   "nodes": "one per reader" if per_node else "one"}
            if path in VCAM_PATHS and no_nodes:
                rec["nodes_why"] = no_nodes
            try:
                if per_node:
                    prod, devs = start_vcam_readers(w, h, fmt, PACED_FPS, n)
                else:
                    prod, dev = start_producer(path, w, h, fmt, PACED_FPS)
                    devs = [dev] * n
            except RuntimeError as e:
                rec["error"] = str(e)
                failures.append(f"readers {path} x{n}: {e}")
                emit(rec)
                log(str(e))
                continue
            rec["devices"] = devs
            cs = [Proc("cap-reader", consumer_argv("cap-reader", d, w, h, fmt)) for d in devs]
            wait_for(lambda: all(c.count() > 0 or not c.alive() for c in cs), [], START_TIMEOUT)
            refused = [c for c in cs if not c.alive() and c.p.returncode == 3]
            live = [c for c in cs if c.alive() and c.count() > 0]
            if refused:
                rec["refused"] = len(refused)
                rec["refused_why"] = refused[0].why()[:300]
            if live and len(live) + len(refused) == n:
                time.sleep(SETTLE)
                st = vcam_stats() if path in VCAM_PATHS else None
                if st and "readers_streaming" in st:
                    rec["vcam_readers_streaming"] = st["readers_streaming"]
                rec.update(measure([prod], live, path, PACED_FPS))
                rec["streaming"] = len(live)
                fps = per_reader_fps(live)
                if fps:
                    rec["fresh_fps_per_reader"] = sum(fps) / len(fps)
                    rec["fresh_fps_min_reader"] = min(fps)
            else:
                stuck = [c for c in cs if c not in refused and c not in live]
                rec["error"] = "no frames: " + " / ".join(c.why() for c in stuck)[:300]
                no_frames(path, prod, f"readers {path} x{n}: {rec['error']}")
            for c in cs:
                c.stop()
            prod.stop()
            emit(rec)
            log(f"readers {path} x{n} ({rec['nodes']} node(s)): "
                f"{rec.get('fresh_fps_per_reader')} fps/reader"
                + (f", {rec['refused']} refused" if rec.get("refused") else "")
                + (f", {rec['error']}" if rec.get("error") else ""))


# ---------------------------------------------------------------- export mode
# vcamctl --export renders each new frame straight into a buffer of the streaming MMAP
# consumer (VCAM_IOC_EXPORT_ACQUIRE) instead of its own DMA-BUF, so the module copies
# nothing for it. Measured with the consumers people use (C mmap reader, v4l2src,
# ffmpeg) at 720p and 1080p, unthrottled and paced at 30 fps, each beside the copy mode
# (the same vcamctl without --export) and v4l2loopback's best case (write()), in the
# same boot. The paced windows are longer: CPU per frame at 30 fps is the figure.

EXPORT_PATHS = ["vcamctl-export", "vcamctl", "lb-write"]
EXPORT_CONSUMERS = ["cap-reader", "gst", "ffmpeg"]
EXPORT_PACED_WINDOW = 2.0 if QUICK else 6.0


def vcam_export_support():
    """None when the module and vcamctl offer export mode, else why not."""
    try:
        r = subprocess.run([VCAMCTL, "caps"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"vcamctl caps failed: {e}"
    caps = next((ln for ln in r.stdout.splitlines() if ln.startswith("capabilities:")), "")
    if r.returncode != 0 or not caps:
        return f"vcamctl caps failed: {(r.stderr or r.stdout).strip()[:200]}"
    if " export" not in caps:
        return "this vcam module has no export mode (VCAM_CAP_EXPORT)"
    return None


def start_export_producer(w, h, fmt, fps):
    """vcamctl --export (counter pattern); returns (Proc, device) or raises RuntimeError."""
    argv = [VCAMCTL, "create", "--label", "bench export", "--size", f"{w}x{h}",
            "--format", FMT_VCAM[fmt], "--pattern", "counter", "--fps", str(fps or 1000),
            "--export"] + ([] if fps else ["--unthrottled"])
    p = Proc("vcamctl-export", argv)
    ok = wait_for(lambda: p.device is not None, [p])
    if not ok or not p.alive():
        p.stop()
        raise RuntimeError(f"vcamctl --export did not start: {p.why()}")
    time.sleep(0.3)
    return p, p.device


def idle_busy(window):
    """Busy time of the guest with nothing of ours running: ms per 1/30 s, the floor
    under every CPU-per-frame figure at 30 fps (kernel threads, timers, TCG)."""
    c0 = cpu_snapshot([], [])
    time.sleep(window)
    c1 = cpu_snapshot([], [])
    ms = (c1["busy"] - c0["busy"]) * 1000.0 / TICK
    return {"kind": "export-idle", "window_s": round(c1["t"] - c0["t"], 3),
            "idle_busy_ms_per_30th": ms / ((c1["t"] - c0["t"]) * PACED_FPS),
            "cpu_busy_pct": 100.0 * (c1["busy"] - c0["busy"]) / max(1, c1["total"] - c0["total"])}


def run_export(configs, modes):
    emit(idle_busy(EXPORT_PACED_WINDOW))
    no_export = vcam_export_support()
    if no_export:
        emit({"kind": "export-gap", "path": "vcamctl-export", "reason": no_export})
        log(f"vcamctl-export: not measured: {no_export}")
    for (w, h, fmt) in configs:
        for path in EXPORT_PATHS:
            if path == "vcamctl-export":
                gap = ("not selected (BENCH_PATHS)" if ONLY and path not in ONLY else no_export)
            else:
                gap = path_available(path)
            if gap:
                continue
            for mode in modes:
                fps = 0 if mode == "max" else PACED_FPS
                if over_budget():
                    emit({"kind": "skipped", "what": f"export {path} {w}x{h} {fmt} {mode}",
                          "reason": f"time budget of {BUDGET:.0f} s used up"})
                    continue
                base = {"kind": "export", "path": path, "width": w, "height": h,
                        "format": fmt, "mode": mode, "frame_bytes": frame_bytes(w, h, fmt)}
                try:
                    if path == "vcamctl-export":
                        prod, dev = start_export_producer(w, h, fmt, fps)
                    else:
                        prod, dev = start_producer(path, w, h, fmt, fps)
                except RuntimeError as e:
                    for cons in EXPORT_CONSUMERS:
                        emit(dict(base, consumer=cons, error=str(e)))
                    failures.append(f"export {path} {w}x{h} {fmt} {mode}: {e}")
                    log(str(e))
                    continue
                # measure() reads vcam's counters for vcam paths
                mpath = "vcamctl" if path == "vcamctl-export" else path
                for cons in EXPORT_CONSUMERS:
                    rec = dict(base, consumer=cons)
                    t = time.monotonic()
                    ok, cs = start_consumers(cons, [dev], w, h, fmt)
                    if not ok or not prod.alive():
                        why = cs[0].why() if not ok else prod.why()
                        for c in cs:
                            c.stop()
                        rec["error"] = f"no frames: {why}"
                        no_frames(path, prod, f"export {path}->{cons} {w}x{h} {fmt} {mode}: {why}")
                    else:
                        rec.update(measure([prod], cs, mpath, fps,
                                           EXPORT_PACED_WINDOW if fps else None))
                        d = rec.get("vcam") or {}
                        if d.get("delivered") and "exported" in d:
                            rec["exported_per_new"] = d["exported"] / d["delivered"]
                        if not rec.get("fresh_fps"):
                            rec["error"] = "no frames in the window: " + cs[0].why()
                            no_frames(path, prod,
                                      f"export {path}->{cons} {w}x{h} {fmt} {mode}: no frames in the window")
                    rec["session_s"] = round(time.monotonic() - t, 1)
                    emit(rec)
                    log(f"export {path}->{cons} {w}x{h} {fmt} {mode}: "
                        f"fresh {rec.get('fresh_fps')}, cpu/frame {rec.get('cpu_ms_per_frame')}, "
                        f"in place {rec.get('exported_per_new')}"
                        f"{', ' + rec['error'] if 'error' in rec else ''}")
                prod.stop()


def run_membw(sizes):
    argv = [f"{BUILD}/membw", "-t", "0.25" if QUICK else "0.5"] + [str(s) for s in sizes]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=300).stdout
    for line in out.splitlines():
        if line.startswith("RESULT "):
            emit(dict(json.loads(line[7:]), kind="membw"))


def wait_prewarm():
    pid = int(os.environ.get("BENCH_PREWARM_PID", "0") or 0)
    end = time.monotonic() + 180
    while pid and os.path.exists(f"/proc/{pid}") and time.monotonic() < end:
        time.sleep(0.2)


def main():
    t0 = time.monotonic()
    emit({"kind": "meta", "kernel": os.uname().release, "quick": QUICK,
          "cpus": os.cpu_count(), "window_s": WINDOW, "paced_fps": PACED_FPS,
          "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    if QUICK:
        # A check that every path and consumer still works, in under 3 minutes.
        configs = [(1280, 720, "yuyv")]
        modes = ["max"]
        consumers_for = lambda path, fmt, mode: (["cap-reader", "gst", "ffmpeg"]
                                                 if path in ("vcamctl", "lb-write")
                                                 else ["cap-reader"])
    else:
        configs = [(1280, 720, "yuyv"), (1920, 1080, "yuyv"), (640, 480, "yuyv"),
                   (1280, 720, "nv12")]
        modes = ["max", "paced"]
        # v4l2src and ffmpeg unthrottled (max fps, and CPU per frame including the
        # producer's surplus); the paced runs (CPU, latency, loss) with the C reader.
        consumers_for = lambda path, fmt, mode: (["cap-reader", "gst", "ffmpeg"]
                                                 if fmt == "yuyv" and mode == "max"
                                                 else ["cap-reader"])
    sizes = sorted({(w, h) for (w, h, _) in configs})
    formats = sorted({f for (_, _, f) in configs})
    wait_prewarm()
    # Most important first, so that a run cut short by the budget keeps it: every path at
    # the first size, the physical limit, scaling, then the other sizes.
    if "matrix" in PARTS:
        run_matrix(configs[:1], modes, consumers_for)
    if "membw" in PARTS:
        run_membw(sorted({frame_bytes(w, h, f) for (w, h) in sizes for f in formats}))
    if "cameras" in PARTS:
        run_cameras([4] if QUICK else [1, 4, 16], ["vcamctl", "lb-write"])
    if "readers" in PARTS:
        run_readers([2] if QUICK else [1, 2, 4], ["vcamctl", "lb-write"])
    if "export" in PARTS:
        run_export([(1280, 720, "yuyv")] if QUICK else [(1920, 1080, "yuyv"), (1280, 720, "yuyv")],
                   ["max"] if QUICK else ["paced", "max"])
    if "matrix" in PARTS:
        run_matrix(configs[1:], modes, consumers_for)
    emit({"kind": "end", "seconds": round(time.monotonic() - t0, 1), "failures": failures,
          "baseline_errors": baseline_errors})
    for f in baseline_errors:
        log("v4l2loopback consumer error (measured, not a failure): " + f)
    for f in failures:
        log("FAILED: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
