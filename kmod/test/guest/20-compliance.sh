#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 1500
# v4l2-compliance -s against a camera fed by vcamctl, for YUYV, NV12 and MJPEG, on each
# capture node of a camera with three readers, then with a vivid capture node as the
# DMA-BUF exporter (-e). Must report Failed: 0, Warnings: 0.
set -u
. kmod/test/tools/guest-lib.sh
build_tools
ensure_dmabuf_source

# The tool: $V4L2_COMPLIANCE, else a newer build unpacked on the host (trixie's, run with
# its own loader and libraries), else the system's.
newer=${VCAM_CACHE:-$HOME/.cache/vcam}/tools-trixie   # kmod/test/kernel-cache tools (vm-run sets VCAM_CACHE)
if [ -n "${V4L2_COMPLIANCE:-}" ]; then
	read -r -a V4L2C <<<"$V4L2_COMPLIANCE"
elif [ -x "$newer/usr/bin/v4l2-compliance" ] && [ -x "$newer/usr/lib64/ld-linux-x86-64.so.2" ]; then
	V4L2C=("$newer/usr/lib64/ld-linux-x86-64.so.2" --library-path
		"$newer/usr/lib/x86_64-linux-gnu" "$newer/usr/bin/v4l2-compliance")
else
	command -v v4l2-compliance >/dev/null || fail "v4l2-compliance is not installed (v4l-utils)"
	V4L2C=(v4l2-compliance)
fi
tool_version=$("${V4L2C[@]}" --version 2>&1 | sed -n 's/^v4l2-compliance \([0-9.]*\).*/\1/p' | head -n 1)
note "using ${V4L2C[*]} ($tool_version)"

# v4l2-compliance before 1.26 checks the 6 reserved words of struct v4l2_create_buffers
# that kernels >= 6.8 use for max_num_buffers: a known false failure (vivid shows it too).
# Only that exact check is forgiven, and only for that tool/kernel combination.
known_false=""
kmaj=$(uname -r | cut -d. -f1) kmin=$(uname -r | cut -d. -f2)
tmaj=${tool_version%%.*} tmin=$(echo "$tool_version" | cut -d. -f2)
if [ $((kmaj * 100 + kmin)) -ge 608 ] && [ $((tmaj * 100 + tmin)) -lt 126 ]; then
	known_false='check_0\(crbufs.reserved, sizeof\(crbufs.reserved\)\)'
fi

# compliance NAME ARGS... : run v4l2-compliance, parse its "Total for" line.
compliance() {
	local name=$1 log total failed warnings
	shift
	log=$WORK/compliance-$name.log
	timeout -k 5 400 "${V4L2C[@]}" "$@" >"$log" 2>&1
	local rc=$?
	total=$(grep -E '^Total for .*: [0-9]+, Succeeded: [0-9]+, Failed: [0-9]+, Warnings: [0-9]+' "$log" | tail -n 1)
	if [ -z "$total" ]; then
		tail -n 30 "$log"
		fail "$name: v4l2-compliance $* gave no Total line (status $rc)"
	fi
	note "$name: $total"
	failed=$(echo "$total" | sed -n 's/.*Failed: \([0-9]*\).*/\1/p')
	warnings=$(echo "$total" | sed -n 's/.*Warnings: \([0-9]*\).*/\1/p')
	local forgiven=0
	if [ -n "$known_false" ]; then
		forgiven=$(grep -oE "fail: .*$known_false" "$log" | wc -l)
		[ "$forgiven" = 0 ] || note "$name: forgiving $forgiven known false failure(s) of v4l2-compliance $tool_version on $(uname -r): crbufs.reserved"
	fi
	if [ $((failed - forgiven)) != 0 ] || [ "$warnings" != 0 ]; then
		grep -oE '(fail|warn): .*' "$log" | grep -vE "${known_false:-^$}" | head -n 20
		fail "$name: $total; first: $(grep -oE '(fail|warn): .*' "$log" | grep -vE "${known_false:-^$}" | head -n 1)"
	fi
}

for fmt in YUYV NV12 MJPEG; do
	start_producer --label "vcam compliance" --size 640x480 --format "$fmt" --fps 30 --quiet
	compliance "$fmt" -d "$VIDEO_DEV" -s
	stop_producer
done

# Every capture node of a camera with three readers, each a device of its own.
start_producer --label "vcam readers" --size 320x240 --format YUYV --fps 30 --readers 3 --quiet
[ ${#READER_DEVS[@]} = 3 ] || fail "--readers 3 announced ${#READER_DEVS[@]} nodes: ${READER_DEVS[*]}"
for i in 0 1 2; do
	compliance "YUYV-reader$((i + 1))" -d "${READER_DEVS[$i]}" -s
done
stop_producer

# DMA-BUF streaming with buffers exported by vivid.
if ! modprobe vivid n_devs=1 node_types=0x1 2>"$WORK/vivid.err"; then
	echo "# YUYV + vivid exporter skipped: modprobe vivid failed: $(cat "$WORK/vivid.err")"
	echo "PASS: v4l2-compliance: YUYV, NV12, MJPEG, three reader nodes: Failed 0, Warnings 0 (vivid exporter part skipped)"
	exit 0
fi
vivid=""
for _ in $(seq 50); do
	vivid=$(find_node_by_name vivid) && break
	sleep 0.1
done
[ -n "$vivid" ] || fail "vivid loaded but no capture node named vivid* appeared"
# the exporter's buffers must hold our frames: give vivid our size (its default is 640x360)
v4l2-ctl -d "$vivid" --set-fmt-video=width=640,height=480,pixelformat=YUYV >"$WORK/vivid-fmt.log" 2>&1 ||
	fail "setting vivid's format to 640x480 YUYV: $(cat "$WORK/vivid-fmt.log")"
start_producer --label "vcam compliance" --size 640x480 --format YUYV --fps 30 --quiet
compliance "YUYV+vivid-exporter" -d "$VIDEO_DEV" -s -e "$vivid"
stop_producer
modprobe -r vivid 2>/dev/null
echo "PASS: v4l2-compliance: YUYV, NV12, MJPEG, three reader nodes and DMA-BUF (vivid exporter): Failed 0, Warnings 0"
