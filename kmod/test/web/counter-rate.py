#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0+
"""Rates of consumers that captured vcamctl's counter pattern at the same time.

Reads raw YUYV captures (frames of WIDTHxHEIGHT back to back, tight stride:
what `pipewiresrc ! video/x-raw,format=YUY2 ! filesink` or `v4l2-ctl
--stream-to` write), decodes each frame's stamp (sequence number and
queue time, kmod/tools/vcam-counter.h) and prints one line per capture: its
frames, distinct sequence numbers and frame rate, and, over the window all
captures have in common (from the latest first stamp to the earliest last
one), the frames each received, how many sequence numbers it missed there and
its rate there. Rates are distinct frames over the span of their queue
timestamps, i.e. in the producer's time.

Also printed: the share of the window's frames that reached every capture (a
proxy that split frames among its clients instead of giving each every
frame would show a low share), and each capture's rate outside the window.

Exit status: 0 good, 1 a limit failed (--min-window, --max-missed,
--min-fps, --min-shared) or a capture holds no stamped frame, 2 usage error.
"""

import argparse
import struct
import sys

LEN = 24        # one stamp record
COPIES = 2      # records written back to back


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def stamp(frame):
    """(seq, ts_ns) of a YUYV frame, or None: luma samples are the even bytes."""
    luma = frame[0:2 * LEN * COPIES:2]
    for c in range(COPIES):
        rec = luma[c * LEN:(c + 1) * LEN]
        if rec[:4] == b"VCNT" and struct.unpack("<I", rec[20:24])[0] == fnv1a(rec[:20]):
            return struct.unpack("<QQ", rec[4:20])
    return None


def read_stamps(path, frame_bytes):
    out = []
    with open(path, "rb") as f:
        while True:
            fr = f.read(frame_bytes)
            if len(fr) < frame_bytes:
                break
            s = stamp(fr)
            if s is not None:
                out.append(s)
    return out


def rate(stamps):
    """Distinct frames per second of queue time over a list of (seq, ts)."""
    seen = {}
    for seq, ts in stamps:
        seen.setdefault(seq, ts)
    if len(seen) < 2:
        return 0.0
    ts = sorted(seen.values())
    return (len(seen) - 1) / ((ts[-1] - ts[0]) / 1e9) if ts[-1] > ts[0] else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", help="WIDTHxHEIGHT")
    ap.add_argument("captures", nargs="+", metavar="NAME=FILE")
    ap.add_argument("--min-window", type=float, default=0,
                    help="fail unless the common window lasts this many seconds")
    ap.add_argument("--max-missed", type=float, default=100,
                    help="fail if a capture missed more than this percentage of "
                         "the sequence numbers in the common window")
    ap.add_argument("--min-fps", type=float, default=0,
                    help="fail if a capture's rate in the common window is lower")
    ap.add_argument("--min-shared", type=float, default=0,
                    help="fail unless this percentage of the frames any capture got in "
                         "the common window reached every capture (a proxy that split "
                         "the frames among its clients would fail it)")
    args = ap.parse_args()
    try:
        w, h = (int(v) for v in args.size.split("x"))
    except ValueError:
        ap.error("size must be WIDTHxHEIGHT, e.g. 320x240")
    caps = []
    for c in args.captures:
        name, sep, path = c.partition("=")
        if not sep or not name or not path:
            ap.error("captures are NAME=FILE, got %r" % c)
        try:
            caps.append((name, read_stamps(path, w * h * 2)))
        except OSError as e:
            ap.error("%s: %s" % (path, e.strerror))
    fail = []
    for name, st in caps:
        if not st:
            fail.append("%s: no stamped frame" % name)
    if fail:
        print("counter-rate: FAIL: " + "; ".join(fail))
        return 1
    lo = max(st[0][0] for _, st in caps)
    hi = min(st[-1][0] for _, st in caps)
    ts_of = {}
    for _, st in caps:
        for seq, ts in st:
            ts_of.setdefault(seq, ts)
    window = (ts_of[hi] - ts_of[lo]) / 1e9 if hi > lo else 0.0
    expected = hi - lo + 1 if hi >= lo else 0
    print("counter-rate: common window seq %d..%d, %.1f s, %d frames queued (%.1f fps)"
          % (lo, hi, window, expected, (expected - 1) / window if window else 0))
    for name, st in caps:
        inwin = [(s, t) for s, t in st if lo <= s <= hi]
        got = len({s for s, _ in inwin})
        missed = expected - got
        pct = 100.0 * missed / expected if expected else 100.0
        fps = rate(inwin)
        alone = ""
        for what, part in (("before", [x for x in st if x[0] < lo]),
                           ("after", [x for x in st if x[0] > hi])):
            if len(part) > 1:
                span = part[-1][0] - part[0][0] + 1
                alone += "; alone %s the window %.1f fps (missed %.1f%%)" % (
                    what, rate(part), 100.0 * (span - len({s for s, _ in part})) / span)
        print("counter-rate: %s: %d frames, seq %d..%d, %.1f fps overall; "
              "in the window %d of %d frames (missed %d, %.1f%%), %.1f fps%s"
              % (name, len(st), st[0][0], st[-1][0], rate(st), got, expected,
                 missed, pct, fps, alone))
        if pct > args.max_missed:
            fail.append("%s missed %.1f%% of the frames (at most %.1f%% allowed)"
                        % (name, pct, args.max_missed))
        if fps < args.min_fps:
            fail.append("%s got %.1f fps (at least %.1f expected)" % (name, fps, args.min_fps))
    sets = [{s for s, _ in st if lo <= s <= hi} for _, st in caps]
    union = set().union(*sets)
    shared = 100.0 * len(set.intersection(*sets)) / len(union) if union else 0.0
    print("counter-rate: %.1f%% of the %d frames received in the window reached every capture"
          % (shared, len(union)))
    if shared < args.min_shared:
        fail.append("only %.1f%% of the frames in the window reached every capture "
                    "(at least %.1f%% expected)" % (shared, args.min_shared))
    if window < args.min_window:
        fail.append("the captures overlap for %.1f s only (at least %.1f s expected)"
                    % (window, args.min_window))
    if fail:
        print("counter-rate: FAIL: " + "; ".join(fail))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
