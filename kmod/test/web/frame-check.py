#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0+
"""Check frames a consumer captured: not black, and moving.

Reads 8-bit grey frames of WIDTHxHEIGHT back to back (what
`ffmpeg -f v4l2 -i /dev/videoN -f rawvideo -pix_fmt gray` writes) and
prints one line of statistics. Exit status: 0 good, 1 black or frozen or
too few frames, 2 usage error.
"""

import argparse
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("size", help="WIDTHxHEIGHT")
    ap.add_argument("--min-frames", type=int, default=2)
    ap.add_argument("--static", action="store_true",
                    help="the picture is a still image: do not require motion")
    args = ap.parse_args()
    try:
        w, h = (int(v) for v in args.size.split("x"))
    except ValueError:
        ap.error("size must be WIDTHxHEIGHT")
    n = w * h
    with open(args.file, "rb") as f:
        data = f.read()
    frames = [data[i:i + n] for i in range(0, len(data) - n + 1, n)]
    if len(frames) < args.min_frames:
        print("only %d frames of %dx%d (%d bytes)" % (len(frames), w, h, len(data)))
        return 1
    step = max(1, n // 4096)        # a few thousand samples per frame suffice
    means, maxes = [], []
    for fr in frames:
        s = fr[::step]
        means.append(sum(s) / len(s))
        maxes.append(max(s))
    first, last = frames[0][::step], frames[-1][::step]
    change = sum(abs(a - b) for a, b in zip(first, last)) / len(first)
    changes = 0
    for a, b in zip(frames, frames[1:]):
        if a[::step] != b[::step]:
            changes += 1
    print("%d frames %dx%d: mean luma %.0f..%.0f, max %d, first/last differ by %.2f, "
          "%d of %d consecutive pairs differ"
          % (len(frames), w, h, min(means), max(means), max(maxes), change, changes,
             len(frames) - 1))
    if max(maxes) < 40:
        print("picture is black")
        return 1
    if not args.static and changes == 0:
        print("picture does not change")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
