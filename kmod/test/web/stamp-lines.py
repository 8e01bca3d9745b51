#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0+
"""Copy stdin to stdout, each line prefixed with the wall-clock time it arrived.

Used by the guest tests to put the lines of different programs (a consumer's
per-frame output, the result server's page log) on one time axis:
"<seconds since the epoch, 3 decimals> <line>". Flushes every line.
"""
import sys
import time


def main():
    for line in sys.stdin:
        sys.stdout.write("%.3f %s" % (time.time(), line if line.endswith("\n") else line + "\n"))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(0)
