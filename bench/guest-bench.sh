#!/bin/sh
# SPDX-License-Identifier: GPL-2.0+
# Guest side of bench/run: runs inside the VM (kmod/test/vm-run, vcam.ko loaded),
# loads v4l2loopback beside vcam and runs bench/guest-driver.py.
#
# usage (in the guest, repository root as cwd): sh bench/guest-bench.sh [--quick]
# env: BENCH_LB_KO  v4l2loopback.ko built for this kernel (bench/build-v4l2loopback)
#      VCAM_OUT     writable host share (from vm-run); results go to $VCAM_OUT/bench
#      BENCH_GST_REGISTRY  GStreamer registry prepared on the host (skips a slow scan)
set -u
[ "${1:-}" = "--quick" ] && export BENCH_QUICK=1

export BENCH_OUT="${VCAM_OUT:-/var/tmp/vcam-out}/bench"
mkdir -p "$BENCH_OUT" && rm -f "$BENCH_OUT/records.jsonl"
export BENCH_BUILD="$PWD/bench/build"
export BENCH_LB_FIRST=40 BENCH_LB_COUNT=16
BENCH_CAMERAS=16  # most cameras at once (run_cameras in guest-driver.py)
if [ -n "${BENCH_GST_REGISTRY:-}" ] && [ -f "$BENCH_GST_REGISTRY" ]; then
	export GST_REGISTRY="$BENCH_GST_REGISTRY" GST_REGISTRY_UPDATE=no
fi
export HOME=/tmp/bench-home; mkdir -p "$HOME"

# vm-run normally loads vcam.ko; with --no-module, BENCH_VCAM_KO names one to load here.
if [ ! -e /dev/vcam ] && [ -n "${BENCH_VCAM_KO:-}" ]; then
	modprobe -a videodev videobuf2_v4l2 videobuf2_vmalloc 2>/dev/null
	insmod "$BENCH_VCAM_KO" max_cameras_per_user=$BENCH_CAMERAS ||
		echo "bench: insmod $BENCH_VCAM_KO failed" >&2
fi
# The 16-camera run needs more than vcam's default per-user limit (max_cameras_per_user=8).
# The parameter is writable at run time: raise it for this boot rather than the default.
param=/sys/module/vcam/parameters/max_cameras_per_user
if [ -w "$param" ] && [ "$(cat "$param")" -lt "$BENCH_CAMERAS" ]; then
	echo "$BENCH_CAMERAS" >"$param" || echo "bench: cannot raise $param" >&2
fi

lb_loaded=0
if [ -n "${BENCH_LB_KO:-}" ] && [ -f "$BENCH_LB_KO" ]; then
	modprobe videodev 2>/dev/null
	nrs=$(seq -s, "$BENCH_LB_FIRST" $((BENCH_LB_FIRST + BENCH_LB_COUNT - 1)))
	if insmod "$BENCH_LB_KO" devices="$BENCH_LB_COUNT" video_nr="$nrs" \
		exclusive_caps=1 max_buffers=4; then
		lb_loaded=1
	else
		echo "bench: insmod $BENCH_LB_KO failed: v4l2loopback paths not measured" >&2
	fi
else
	echo "bench: no v4l2loopback.ko for $(uname -r): v4l2loopback paths not measured" >&2
fi

# Under TCG the first start of ffmpeg or GStreamer (loading their libraries over 9p)
# takes tens of seconds; warm them up while Python starts, not inside a measurement.
( ffmpeg -hide_banner -version >/dev/null 2>&1
  gst-inspect-1.0 v4l2src >/dev/null 2>&1; gst-inspect-1.0 fpsdisplaysink >/dev/null 2>&1
  gst-inspect-1.0 v4l2sink >/dev/null 2>&1 ) &
export BENCH_PREWARM_PID=$!

python3 bench/guest-driver.py
rc=$?
[ "$lb_loaded" = 1 ] && rmmod v4l2loopback
[ -n "${BENCH_VCAM_KO:-}" ] && lsmod | grep -q '^vcam ' && rmmod vcam
exit $rc
