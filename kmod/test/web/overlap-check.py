#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0+
"""Did a second consumer get new frames while the browser captured?

Inputs are stamped with kmod/test/web/stamp-lines.py:
  --frames FILE  the second consumer's per-frame lines ("<t> <pts> <hash>", what
                 `gst-launch-1.0 ... ! checksumsink` prints), one per frame
  --page FILE    the result server's output, whose page log lines
                 ("<t> page ...: [phase s] NAME: opened ..." when camera-test.js
                 opened the camera, "... NAME: {...}" when it finished sampling)
                 give each browser capture phase's interval
For each phase prints the second consumer's frames, distinct frames and rate
inside it; checks that every phase has one, that the second consumer kept
at least --min-fps in each and saw its picture change, and that its frames
never paused longer than --max-gap seconds from the first phase's start to
the last one's end.

Exit status: 0 good, 1 a check failed, 2 usage error.
"""
import argparse
import re
import sys

PHASE = re.compile(r"\] (open|reopen \d+|after reload): (opened|\{)")


def read_stamped(path):
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            t, _, rest = line.rstrip("\n").partition(" ")
            try:
                out.append((float(t), rest))
            except ValueError:
                continue
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", required=True)
    ap.add_argument("--page", required=True)
    ap.add_argument("--min-fps", type=float, default=5)
    ap.add_argument("--max-gap", type=float, default=3)
    ap.add_argument("--min-phases", type=int, default=1)
    args = ap.parse_args()
    try:
        frames = [(t, rest.split()[-1]) for t, rest in read_stamped(args.frames)
                  if len(rest.split()) >= 2]
        page = read_stamped(args.page)
    except OSError as e:
        ap.error("%s: %s" % (e.filename, e.strerror))

    phases, open_at = [], {}
    for t, rest in page:
        m = PHASE.search(rest)
        if not m:
            continue
        name, what = m.groups()
        if what == "opened":
            open_at[name] = t
        elif name in open_at:
            phases.append((name, open_at.pop(name), t))
    fail = []
    if len(phases) < args.min_phases:
        fail.append("%d browser capture phases in the page log, %d expected"
                    % (len(phases), args.min_phases))
    for name, t0, t1 in phases:
        inside = [(t, h) for t, h in frames if t0 <= t <= t1]
        dt = t1 - t0
        fps = len(inside) / dt if dt > 0 else 0.0
        distinct = len({h for _, h in inside})
        print("overlap-check: browser phase %r %.1f s: second consumer %d frames "
              "(%d distinct), %.1f fps" % (name, dt, len(inside), distinct, fps))
        if fps < args.min_fps:
            fail.append("phase %r: second consumer at %.1f fps (at least %.1f expected)"
                        % (name, fps, args.min_fps))
        if distinct < 2:
            fail.append("phase %r: second consumer's picture did not change" % name)
    if phases:
        lo, hi = phases[0][1], phases[-1][2]
        ts = [lo] + [t for t, _ in frames if lo <= t <= hi] + [hi]
        gap = max(b - a for a, b in zip(ts, ts[1:]))
        print("overlap-check: from the first phase's start to the last one's end "
              "(%.1f s): %d frames, longest pause %.2f s" % (hi - lo, len(ts) - 2, gap))
        if gap > args.max_gap:
            fail.append("the second consumer paused %.1f s while the browser used the "
                        "camera (at most %.1f s allowed)" % (gap, args.max_gap))
    if fail:
        print("overlap-check: FAIL: " + "; ".join(fail))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
