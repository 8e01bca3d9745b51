#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0+
"""Turn the guest's records.jsonl into the benchmark's report.

usage: bench/report.py RECORDS.jsonl OUTDIR

Writes OUTDIR/results.json (everything), matrix.csv, scaling.csv, export.csv, membw.csv,
table.txt (also printed) and chart.png (gnuplot, when installed). Ratios are
against v4l2loopback: "x lb-w" divides by the write() producer (its best
case), "x lb-g" by GStreamer's v4l2sink. For fps higher is better, for CPU
time per frame lower is better.
"""
import csv
import json
import os
import shutil
import subprocess
import sys

PATHS = ["vcamctl", "java-export", "java-zerocopy", "java-copy", "lb-gst", "lb-write"]
LABEL = {
    "vcamctl": "vcam <- vcamctl (C)",
    "java-export": "vcam <- vcamsink export",
    "java-zerocopy": "vcam <- vcamsink zero-copy",
    "java-copy": "vcam <- vcamsink copy",
    "lb-gst": "v4l2loopback <- v4l2sink",
    "lb-write": "v4l2loopback <- write()",
}
CONSUMERS = ["cap-reader", "gst", "ffmpeg"]
CONS_LABEL = {"cap-reader": "C mmap", "gst": "v4l2src", "ffmpeg": "ffmpeg"}

MATRIX_COLS = ["path", "consumer", "width", "height", "format", "mode", "frame_bytes",
               "fresh_fps", "consumer_buffers_fps", "producer_fps", "target_fps",
               "cpu_ms_per_frame", "cpu_prod_ms_per_frame", "cpu_cons_ms_per_frame",
               "cpu_other_ms_per_frame", "cpu_busy_pct", "lat_p50_ms", "lat_p99_ms",
               "buflat_p50_ms", "lat_samples", "lost", "lost_source",
               "design_user_copies", "design_kernel_copies", "bytes_copied_per_frame",
               "repeat_bytes_copied_per_frame", "repeated_per_new", "window_s", "error"]
SCALING_COLS = ["kind", "path", "cameras", "readers", "width", "height", "format",
                "target_fps", "fresh_fps", "fresh_fps_per_camera", "fresh_fps_per_reader",
                "cpu_ms_per_frame", "cpu_busy_pct", "lat_p50_ms", "lat_p99_ms", "lost",
                "na", "error"]


def load(path):
    recs = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    recs.append(json.loads(line))
                except ValueError:
                    pass
    return recs


def num(v, fmt="{:.1f}"):
    return "-" if v is None else fmt.format(v)


def ratio(a, b):
    if a is None or not b:
        return None
    return a / b


def write_csv(path, cols, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: (round(v, 4) if isinstance(v, float) else v)
                        for k, v in r.items()})


def repair(recs):
    """Records of guest drivers before the unstamped-frame fix: cap-reader saw buffers
    without a counter stamp (Java paths), reported 0 new frames and the driver called it
    "no frames"; vcam's counters have the rate of new frames."""
    for r in recs:
        if (r.get("kind") == "matrix" and r.get("fresh_fps") == 0 and r.get("consumer") == "cap-reader"
                and r.get("path", "").startswith("java") and r.get("vcam_delivered_fps")):
            r["fresh_fps"] = min(r.get("consumer_buffers_fps") or 1e9, r["vcam_delivered_fps"])
            r.pop("error", None)
            r["note"] = "unstamped frames: new-frame rate from VCAM_IOC_STATS; CPU not computed"
    return recs


def matrix_table(recs, out):
    m = {}
    for r in recs:
        if r.get("kind") == "matrix":
            m[(r["path"], r["consumer"], r["width"], r["height"], r["format"], r["mode"])] = r
    combos = sorted({(k[4], k[2], k[3]) for k in m}, key=lambda x: (x[0] != "yuyv", x[1]))
    gaps = list({r["path"]: r for r in recs if r.get("kind") == "gap"}.values())
    out.append("Per frame, by path and consumer. max fps: producer unthrottled, new frames/s "
               "reaching the consumer. @30: producer paced at 30 fps.")
    out.append("x lb-w / x lb-g: ratio to v4l2loopback fed by write() / by GStreamer v4l2sink "
               "(same size, format, consumer). fps: higher is better; CPU: lower is better.")
    out.append("cpu@max = the same per new frame while unthrottled (includes frames the producer "
               "made that were replaced before delivery).")
    out.append("CPU = whole guest (producer + consumer + kernel) per new frame at 30 fps; p50/p99 = "
               "end-to-end latency (counter stamp) and lost = frames never delivered, both at 30 fps.")
    out.append("copies = user+kernel CPU copies of the pixels per frame by design; cp/new = vcam's "
               "VCAM_IOC_STATS bytes_copied / new frames delivered / frame size (modules with "
               "export mode count repeats' copies apart: repeat_bytes_copied_per_frame in "
               "matrix.csv; older ones included them).")
    for fmt, w, h in combos:
        out.append("")
        out.append(f"== {w}x{h} {fmt.upper()} ({w * h * (2 if fmt == 'yuyv' else 1.5) / 1e6:.2f} MB/frame) ==")
        out.append(f"{'path':<27} {'consumer':<8} {'max fps':>8} {'x lb-w':>6} {'x lb-g':>6} "
                   f"{'cpu@max':>7} | "
                   f"{'cpu ms@30':>9} {'x lb-w':>6} {'x lb-g':>6} {'p50 ms':>7} {'p99 ms':>7} "
                   f"{'lost':>5} | {'copies':>6} {'cp/new':>6}")
        for cons in CONSUMERS:
            for path in PATHS:
                mx = m.get((path, cons, w, h, fmt, "max"))
                pc = m.get((path, cons, w, h, fmt, "paced"))
                if not mx and not pc:
                    continue
                lbw_mx = m.get(("lb-write", cons, w, h, fmt, "max"), {})
                lbg_mx = m.get(("lb-gst", cons, w, h, fmt, "max"), {})
                lbw_pc = m.get(("lb-write", cons, w, h, fmt, "paced"), {})
                lbg_pc = m.get(("lb-gst", cons, w, h, fmt, "paced"), {})
                mx = mx or {}
                pc = pc or {}
                fps = mx.get("fresh_fps")
                cpu = pc.get("cpu_ms_per_frame")
                # Latency and loss from the paced run (cap-reader stamps), else max.
                lat = pc if pc.get("lat_p50_ms") is not None else mx
                lost = pc.get("lost")  # unthrottled producers drop by design
                any_r = pc or mx
                copies = f"{any_r.get('design_user_copies', '?')}+{any_r.get('design_kernel_copies', '?')}"
                meas = any_r.get("bytes_copied_per_frame")
                fb = any_r.get("frame_bytes")
                meas_s = "-" if meas is None or not fb else f"{meas / fb:.2f}"
                err = mx.get("error") or pc.get("error")
                out.append(
                    f"{LABEL[path]:<27} {CONS_LABEL[cons]:<8} {num(fps):>8} "
                    f"{num(ratio(fps, lbw_mx.get('fresh_fps')), '{:.2f}'):>6} "
                    f"{num(ratio(fps, lbg_mx.get('fresh_fps')), '{:.2f}'):>6} "
                    f"{num(mx.get('cpu_ms_per_frame'), '{:.2f}'):>7} | "
                    f"{num(cpu, '{:.2f}'):>9} "
                    f"{num(ratio(cpu, lbw_pc.get('cpu_ms_per_frame')), '{:.2f}'):>6} "
                    f"{num(ratio(cpu, lbg_pc.get('cpu_ms_per_frame')), '{:.2f}'):>6} "
                    f"{num(lat.get('lat_p50_ms'), '{:.2f}'):>7} "
                    f"{num(lat.get('lat_p99_ms'), '{:.2f}'):>7} "
                    f"{'-' if lost is None else lost:>5} | {copies:>6} {meas_s:>6}"
                    + (f"  ERROR: {err[:90]}" if err else ""))
    for g in gaps:
        out.append(f"NOT MEASURED: {LABEL.get(g['path'], g['path'])}: {g['reason']}")


def scaling_tables(recs, out):
    cams = [r for r in recs if r.get("kind") == "cameras"]
    if cams:
        out.append("")
        out.append("== Cameras: N producer+consumer pairs at once (640x480 YUYV, 30 fps each, C mmap reader) ==")
        out.append(f"{'path':<27} {'N':>3} {'new fps':>8} {'of':>5} {'cpu ms/f':>8} {'busy %':>6} "
                   f"{'p50 ms':>7} {'p99 ms':>7} {'lost':>5}")
        for r in cams:
            out.append(f"{LABEL[r['path']]:<27} {r['cameras']:>3} {num(r.get('fresh_fps')):>8} "
                       f"{r['cameras'] * r['target_fps']:>5} {num(r.get('cpu_ms_per_frame'), '{:.2f}'):>8} "
                       f"{num(r.get('cpu_busy_pct'), '{:.0f}'):>6} "
                       f"{num(r.get('lat_p50_ms'), '{:.2f}'):>7} {num(r.get('lat_p99_ms'), '{:.2f}'):>7} "
                       f"{r.get('lost', '-'):>5}" + (f"  ERROR: {r['error'][:80]}" if r.get("error") else ""))


def readers_table(recs, out):
    """M applications streaming one camera at once: one row per path and M."""
    rd = [r for r in recs if r.get("kind") == "readers"]
    if not rd:
        return
    out.append("")
    out.append("== Readers: M applications streaming one camera at once (640x480 YUYV, 30 fps, "
               "one C mmap reader each) ==")
    out.append("vcam: one capture node per reader (vcamctl --readers M: /dev/videoN, label, "
               "label #2, ...); v4l2loopback: all M open its one node. fps/reader = new frames/s "
               "per streaming reader (mean, lowest), of the producer's frames/s in the same window "
               "(paced at 30); cpu ms/f = whole guest per frame per reader; cp/new = vcam's bytes "
               "copied per new frame per reader / frame size.")
    out.append(f"{'path':<27} {'M':>2} {'nodes':>5} {'streaming':>9} {'fps/reader':>10} "
               f"{'lowest':>6} {'of':>5} {'cpu ms/f':>8} {'cp/new':>6} {'p50 ms':>7} "
               f"{'p99 ms':>7} {'lost':>5}")
    for r in rd:
        m = r["readers"]
        nodes = "M" if r.get("nodes") == "one per reader" else "1"
        streaming = r.get("streaming")
        refused = r.get("refused")
        why = r.get("refused_why") or r.get("na")  # "na": records before refused_why
        if refused is None and r.get("na"):
            refused = m - 1
        meas = r.get("bytes_copied_per_frame")
        fb = r.get("frame_bytes") or r["width"] * r["height"] * 2
        row = (f"{LABEL[r['path']]:<27} {m:>2} {nodes:>5} "
               f"{'-' if streaming is None else f'{streaming} of {m}':>9} "
               f"{num(r.get('fresh_fps_per_reader')):>10} {num(r.get('fresh_fps_min_reader')):>6} "
               f"{num(r.get('producer_fps')):>5} {num(r.get('cpu_ms_per_frame'), '{:.2f}'):>8} "
               f"{'-' if meas is None else f'{meas / fb:.2f}':>6} "
               f"{num(r.get('lat_p50_ms'), '{:.2f}'):>7} {num(r.get('lat_p99_ms'), '{:.2f}'):>7} "
               f"{r.get('lost', '-'):>5}")
        if refused:
            row += f"  REFUSED {refused} of {m}: {(why or '?')[:90]}"
        if r.get("error"):
            row += f"  ERROR: {r['error'][:90]}"
        out.append(row)
    for why in sorted({r["nodes_why"] for r in rd if r.get("nodes_why")}):
        out.append(f"vcam with one node per camera: {why}")


# ---------------------------------------------------------------- export mode

EXPORT_PATHS = ["vcamctl-export", "vcamctl", "lb-write"]
EXPORT_LABEL = dict(LABEL, **{"vcamctl-export": "vcam <- vcamctl --export",
                              "vcamctl": "vcam <- vcamctl (copy)"})
EXPORT_COLS = ["path", "consumer", "width", "height", "format", "mode", "frame_bytes",
               "fresh_fps", "producer_fps", "target_fps", "cpu_ms_per_frame",
               "cpu_prod_ms_per_frame", "cpu_cons_ms_per_frame", "cpu_other_ms_per_frame",
               "cpu_busy_pct", "bytes_copied_per_frame", "repeat_bytes_copied_per_frame",
               "exported_per_new", "repeated_per_new", "lat_p50_ms", "lat_p99_ms", "lost",
               "window_s", "error"]


def export_table(recs, out):
    """Export mode beside the copy mode and v4l2loopback's write(), per size and consumer."""
    m = {(r["path"], r["consumer"], r["width"], r["height"], r["mode"]): r
         for r in recs if r.get("kind") == "export"}
    gaps = [r for r in recs if r.get("kind") == "export-gap"]
    if not m and not gaps:
        return
    out.append("")
    out.append("== Export mode: vcamctl --export renders each new frame into the consumer's own "
               "MMAP buffer (YUYV) ==")
    out.append("Beside the copy mode (the same vcamctl without --export) and v4l2loopback fed by "
               "write(), same consumer, same boot. max fps: producer unthrottled, new frames/s; "
               "cpu ms@30: whole guest per new frame, producer paced at 30 fps (longer window); "
               "x copy / x lb-w: ratio to the copy mode / to write().")
    out.append("cp/new = vcam's bytes copied for new frames / new frames / frame size (0.00: none "
               "copied); rep/new = bytes copied for repeats per new frame / frame size; in place = "
               "new frames rendered in the consumer's buffer / new frames (VCAM_IOC_STATS "
               "exported / delivered); all three at 30 fps.")
    sizes = sorted({(k[2], k[3]) for k in m}, key=lambda x: -x[0])
    goal = []
    for w, h in sizes:
        out.append("")
        out.append(f"-- {w}x{h} YUYV ({w * h * 2 / 1e6:.2f} MB/frame) --")
        out.append(f"{'path':<27} {'consumer':<8} {'max fps':>8} {'x lb-w':>6} | {'cpu ms@30':>9} "
                   f"{'x copy':>6} {'x lb-w':>6} {'cp/new':>6} {'rep/new':>7} {'in place':>8} "
                   f"{'p50 ms':>7} {'lost':>5}")
        for cons in CONSUMERS:
            lbw_mx = m.get(("lb-write", cons, w, h, "max"), {})
            lbw_pc = m.get(("lb-write", cons, w, h, "paced"), {})
            cp_pc = m.get(("vcamctl", cons, w, h, "paced"), {})
            for path in EXPORT_PATHS:
                mx = m.get((path, cons, w, h, "max"), {})
                pc = m.get((path, cons, w, h, "paced"), {})
                if not mx and not pc:
                    continue
                fps = mx.get("fresh_fps")
                cpu = pc.get("cpu_ms_per_frame")
                fb = pc.get("frame_bytes") or w * h * 2
                cpn = pc.get("bytes_copied_per_frame")
                rpn = pc.get("repeat_bytes_copied_per_frame")
                inpl = pc.get("exported_per_new")
                x_lbw = ratio(cpu, lbw_pc.get("cpu_ms_per_frame"))
                err = pc.get("error") or mx.get("error")
                out.append(
                    f"{EXPORT_LABEL[path]:<27} {CONS_LABEL[cons]:<8} {num(fps):>8} "
                    f"{num(ratio(fps, lbw_mx.get('fresh_fps')), '{:.2f}'):>6} | "
                    f"{num(cpu, '{:.2f}'):>9} "
                    f"{num(ratio(cpu, cp_pc.get('cpu_ms_per_frame')), '{:.2f}'):>6} "
                    f"{num(x_lbw, '{:.2f}'):>6} "
                    f"{'-' if cpn is None else f'{cpn / fb:.2f}':>6} "
                    f"{'-' if rpn is None else f'{rpn / fb:.2f}':>7} "
                    f"{'-' if inpl is None else f'{100 * inpl:.0f}%':>8} "
                    f"{num(pc.get('lat_p50_ms'), '{:.2f}'):>7} "
                    f"{'-' if pc.get('lost') is None else pc['lost']:>5}"
                    + (f"  ERROR: {err[:90]}" if err else ""))
                if path == "vcamctl-export" and (w, h) == (1920, 1080) and x_lbw is not None:
                    goal.append(f"{CONS_LABEL[cons]} {x_lbw:.2f}x")
    if goal:
        out.append("")
        out.append("Goal CPU/frame at 1920x1080, 30 fps, export mode <= 0.5x v4l2loopback's "
                   "write(): " + ", ".join(goal))
    idle = next((r for r in recs if r.get("kind") == "export-idle"), None)
    if idle:
        out.append(f"Idle guest (nothing of the benchmark running): {idle['idle_busy_ms_per_30th']:.2f} "
                   f"ms busy per 1/30 s, included in every cpu ms@30 above.")
    for g in gaps:
        out.append(f"NOT MEASURED: export mode: {g['reason']}")


def membw_table(recs, out):
    mb = [r for r in recs if r.get("kind") == "membw"]
    if not mb:
        return
    out.append("")
    out.append("== Physical limit: one copy of a frame in this VM ==")
    out.append(f"{'bytes':>9} {'memcpy ms':>9} {'fps':>8} {'GB/s':>6} | {'copy_from_user ms':>17} "
               f"{'fps':>8} | {'copy_to_user ms':>15} {'fps':>8}")
    for r in mb:
        out.append(f"{r['bytes']:>9} {r['user_memcpy_ms']:>9.3f} {r['user_memcpy_fps']:>8.0f} "
                   f"{r['user_memcpy_gbs']:>6.2f} | {r['kernel_copy_from_user_ms']:>17.3f} "
                   f"{r['kernel_copy_from_user_fps']:>8.0f} | {r['kernel_copy_to_user_ms']:>15.3f} "
                   f"{r['kernel_copy_to_user_fps']:>8.0f}")


def chart(recs, outdir):
    if not shutil.which("gnuplot"):
        return "gnuplot not installed: no chart"
    m = {(r["path"], r["consumer"], r["width"], r["format"], r["mode"]): r
         for r in recs if r.get("kind") == "matrix"}
    widths = sorted({k[2] for k in m if k[3] == "yuyv"})
    paths = [p for p in PATHS if any(k[0] == p for k in m)]
    if not widths or not paths:
        return "no matrix data: no chart"
    dat = os.path.join(outdir, "chart.dat")
    with open(dat, "w") as f:
        for mode, key in (("max", "fresh_fps"), ("paced", "cpu_ms_per_frame")):
            f.write(f"# {mode} {key}\nsize " + " ".join(paths) + "\n")
            for w in widths:
                row = [m.get((p, "cap-reader", w, "yuyv", mode), {}).get(key) for p in paths]
                h = {640: 480, 1280: 720, 1920: 1080}.get(w, 0)
                f.write(f"{w}x{h} " + " ".join("NaN" if v is None else f"{v:.3f}" for v in row) + "\n")
            f.write("\n\n")
    ncol = len(paths) + 1
    have_paced = any(k[4] == "paced" and k[1] == "cap-reader" for k in m)
    gp = f"""
set terminal pngcairo size 1200,520 font ",10"
set output '{os.path.join(outdir, "chart.png")}'
set multiplot layout 1,{2 if have_paced else 1} title "vcam vs v4l2loopback (QEMU/TCG guest; C mmap reader; YUYV)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key top right font ",8"
set grid ytics
set datafile missing 'NaN'
set title "max new frames/s (unthrottled producer, log scale)"
set ylabel "frames/s"
set logscale y
plot for [i=2:{ncol}] '{dat}' index 0 using i:xtic(1) title columnheader(i)
""" + (f"""set title "CPU time per frame at 30 fps (whole guest, log scale)"
set ylabel "ms/frame"
plot for [i=2:{ncol}] '{dat}' index 1 using i:xtic(1) title columnheader(i)
""" if have_paced else "") + """unset multiplot
"""
    r = subprocess.run(["gnuplot"], input=gp, text=True, capture_output=True)
    return None if r.returncode == 0 else "gnuplot failed: " + r.stderr[-300:]


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    recs = repair(load(sys.argv[1]))
    outdir = sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    meta = next((r for r in recs if r.get("kind") == "meta"), {})
    end = next((r for r in recs if r.get("kind") == "end"), {})
    host = next((r for r in recs if r.get("kind") == "host"), {})
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump({"meta": meta, "end": end, "host": host, "records": recs}, f, indent=1,
                  sort_keys=True)
    write_csv(os.path.join(outdir, "matrix.csv"), MATRIX_COLS,
              [r for r in recs if r.get("kind") == "matrix"])
    write_csv(os.path.join(outdir, "scaling.csv"), SCALING_COLS,
              [r for r in recs if r.get("kind") in ("cameras", "readers")])
    ex = [r for r in recs if r.get("kind") == "export"]
    if ex:
        write_csv(os.path.join(outdir, "export.csv"), EXPORT_COLS, ex)
    mb = [r for r in recs if r.get("kind") == "membw"]
    if mb:
        write_csv(os.path.join(outdir, "membw.csv"), list(mb[0].keys()), mb)
    out = [f"vcam benchmark: kernel {meta.get('kernel', '?')}, {meta.get('cpus', '?')} vCPUs "
           f"(QEMU/TCG), {meta.get('date', '?')}, {'quick' if meta.get('quick') else 'full'} run, "
           f"{meta.get('window_s', '?')} s windows, guest time {end.get('seconds', '?')} s",
           "TCG is much slower than hardware and distorts relative costs: publish ratios, "
           "not absolute figures."]
    if host:
        out.append(f"Host: {host.get('cpus', '?')} cores, load average (1/5/15 min) "
                   f"{host.get('load_start', '?')} at the start, {host.get('load_end', '?')} "
                   "at the end (other VMs share the host).")
    out.append("")
    matrix_table(recs, out)
    scaling_tables(recs, out)
    readers_table(recs, out)
    export_table(recs, out)
    membw_table(recs, out)
    skipped = [r for r in recs if r.get("kind") == "skipped"]
    if skipped:
        out.append("")
        out.append(f"SKIPPED ({skipped[0]['reason']}): " + ", ".join(r["what"] for r in skipped))
    repaired = [f"{r['path']}->{r['consumer']} {r['width']}x{r['height']} {r['format']} {r['mode']}"
                for r in recs if r.get("note", "").startswith("unstamped")]
    fails = [f for f in end.get("failures", []) if not any(f.startswith(x) for x in repaired)]
    if fails:
        out.append("")
        out.append("FAILURES (no frames):")
        out.extend("  " + f for f in fails)
    if end.get("baseline_errors"):
        out.append("")
        out.append("v4l2loopback consumer errors (measured; v4l2loopback's producer was running):")
        out.extend("  " + f for f in end["baseline_errors"])
    if not end:
        out.append("")
        out.append("INCOMPLETE: the guest did not finish (no end record)")
    why = chart(recs, outdir)
    if why:
        out.append(why)
    text = "\n".join(out) + "\n"
    with open(os.path.join(outdir, "table.txt"), "w") as f:
        f.write(text)
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
