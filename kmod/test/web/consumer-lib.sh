# SPDX-License-Identifier: GPL-2.0+
# shellcheck shell=bash
#
# Helpers shared by the consumer tests in kmod/test/guest/6x-*.sh and 7x-*.sh:
# start a producer (vcamctl or vcam-launch), the result server, a browser;
# clean everything up on exit. Source it from bash; it sets -u and pipefail.
#
# Test verdicts follow the guest test contract: exit 0 pass, 77 skip, 1 fail,
# each with a one-line reason on stdout.

set -uo pipefail

VT_WEB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VT_REPO=$(cd "$VT_WEB/../../.." && pwd)
VT_NAME=$(basename "$0" .sh)
VT_PIDS=()
VT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/$VT_NAME.XXXXXX")

vt_log() { printf '%s: %s\n' "$VT_NAME" "$*" >&2; }
vt_pass() { echo "PASS: $*"; exit 0; }
vt_skip() { echo "SKIP: $*"; exit 77; }
vt_fail() { echo "FAIL: $*"; exit 1; }
vt_now() { date +%s.%N | cut -c1-14; }
vt_since() { awk -v a="$1" -v b="$(vt_now)" 'BEGIN { printf "%.1f", b - a }'; }

vt_need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || vt_skip "$c is not installed"
	done
}

# Stop what we started: each background job runs in its own process group
# (setsid), so a browser's helper processes go with it.
vt_cleanup() {
	local pid
	for pid in "${VT_PIDS[@]}"; do
		kill -TERM -- "-$pid" 2>/dev/null
	done
	for _ in $(seq 50); do
		local alive=0
		for pid in "${VT_PIDS[@]}"; do
			kill -0 "$pid" 2>/dev/null && alive=1
		done
		[ "$alive" = 0 ] && break
		sleep 0.1
	done
	for pid in "${VT_PIDS[@]}"; do
		kill -KILL -- "-$pid" 2>/dev/null
	done
	# Keep the logs where the host can read them (vm-run shares VCAM_OUT).
	if [ -n "${VCAM_OUT:-}" ] && [ -d "$VCAM_OUT" ] && [ -w "$VCAM_OUT" ]; then
		mkdir -p "$VCAM_OUT/$VT_NAME" &&
			cp "$VT_TMP"/*.log "$VT_TMP"/*.json "$VCAM_OUT/$VT_NAME/" 2>/dev/null
	fi
	[ -n "${VCAM_KEEP:-}" ] || rm -rf "$VT_TMP"
}
trap vt_cleanup EXIT

# vt_bg NAME CMD...: run CMD in the background in a new session, output to
# $VT_TMP/NAME.log; its pid goes to VT_LAST_PID.
vt_bg() {
	local name=$1; shift
	setsid "$@" >"$VT_TMP/$name.log" 2>&1 </dev/null &
	VT_LAST_PID=$!
	VT_PIDS+=("$VT_LAST_PID")
}

# vt_wait_pid PID SECONDS: wait for a background job to end, at most SECONDS.
# Returns its exit status, or 124 on timeout (the job is left running).
vt_wait_pid() {
	local pid=$1 end=$((SECONDS + $2))
	while kill -0 "$pid" 2>/dev/null; do
		[ $SECONDS -ge $end ] && return 124
		sleep 0.2
	done
	wait "$pid"
}

vt_alive() { kill -0 "$1" 2>/dev/null; }

# Print the last lines of a job's log, indented, for a failure report.
vt_tail() {
	local f="$VT_TMP/$1.log" n=${2:-15}
	[ -s "$f" ] || return 0
	echo "--- last lines of $1 output:" >&2
	tail -n "$n" "$f" | sed 's/^/    /' >&2
}

vt_vcamctl() {
	local c
	for c in "${VCAMCTL:-}" "$VT_REPO/kmod/tools/vcamctl" "$(command -v vcamctl 2>/dev/null)"; do
		[ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
	done
	return 1
}

# vt_start_vcamctl LABEL WxH FPS PATTERN [OPTION...]: create a camera fed by
# vcamctl (OPTIONs go to vcamctl create, e.g. --export). Sets VT_DEV
# (/dev/videoN) and VT_PRODUCER (pid). Fails the test on error.
vt_start_vcamctl() {
	local label=$1 size=$2 fps=$3 pattern=$4 ctl
	shift 4
	ctl=$(vt_vcamctl) || vt_fail "vcamctl not found (build it: make -C kmod/tools)"
	vt_bg producer "$ctl" create --label "$label" --size "$size" --format YUYV \
		--fps "$fps" --pattern "$pattern" "$@"
	VT_PRODUCER=$VT_LAST_PID
	vt_wait_device producer 20
}

# vt_wait_device JOB SECONDS: wait until JOB's first output line names the
# camera's /dev/videoN ("vcamctl: /dev/video3 ...") and the node exists;
# sets VT_DEV.
vt_wait_device() {
	local job=$1 end=$((SECONDS + $2))
	VT_DEV=
	while [ $SECONDS -lt $end ]; do
		VT_DEV=$(head -n1 "$VT_TMP/$job.log" 2>/dev/null | grep -o '/dev/video[0-9]*' | head -n1)
		[ -n "$VT_DEV" ] && [ -c "$VT_DEV" ] && return 0
		vt_alive "$VT_LAST_PID" || break
		sleep 0.2
	done
	vt_tail "$job"
	vt_fail "$job did not create a camera within $2 s"
}

# vt_stop_vcamctl: stop the vcamctl producer with SIGINT; it must exit 0 and
# print its counters (VCAM_IOC_STATS), which are echoed and left in VT_STATS.
vt_stop_vcamctl() {
	local rc
	kill -INT "$VT_PRODUCER" 2>/dev/null
	vt_wait_pid "$VT_PRODUCER" 15; rc=$?
	VT_STATS=$(grep -o 'queued [0-9]*, delivered.*' "$VT_TMP/producer.log" | tail -n1)
	[ $rc = 0 ] || { vt_tail producer; vt_fail "vcamctl exited with status $rc on SIGINT"; }
	[ -n "$VT_STATS" ] || { vt_tail producer; vt_fail "vcamctl printed no statistics"; }
	vt_log "producer stats: $VT_STATS"
}

# vt_stat NAME: one counter from VT_STATS ("delivered", "errors", ...).
vt_stat() { echo "$VT_STATS" | grep -o "$1 [0-9]*" | head -n 1 | grep -o "[0-9]*$"; }

# vt_find_device LABEL SECONDS: wait for a /dev/videoN whose V4L2 card name is
# LABEL (for producers that do not print the node); sets VT_DEV.
vt_find_device() {
	local label=$1 end=$((SECONDS + $2)) d
	while :; do
		for d in /sys/class/video4linux/video*; do
			{ [ -r "$d/name" ] && [ "$(cat "$d/name")" = "$label" ]; } || continue
			[ -c "/dev/${d##*/}" ] && { VT_DEV=/dev/${d##*/}; return 0; }
		done
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

# vt_start_server SECONDS: serve kmod/test/web on 127.0.0.1:VT_PORT and wait
# SECONDS for the page's verdict; VT_SERVER is its pid.
vt_start_server() {
	vt_bg server python3 "$VT_WEB/result-server.py" --verbose --port-file "$VT_TMP/port" \
		--result "$VT_TMP/result.json" --timeout "$1"
	VT_SERVER=$VT_LAST_PID
	for _ in $(seq 100); do
		[ -s "$VT_TMP/port" ] && break
		sleep 0.1
	done
	[ -s "$VT_TMP/port" ] || { vt_tail server; vt_fail "result server did not start"; }
	VT_PORT=$(cat "$VT_TMP/port")
}

# vt_page_url LABEL W H [NAME=VALUE...]: the test page's address for a
# camera; further page parameters (see camera-test.html) may follow.
vt_page_url() {
	local q
	q=$(python3 -c 'import sys, urllib.parse as u
a = sys.argv[1:]
q = {"label": a[0], "w": a[1], "h": a[2], "deadline": a[3]}
q.update(kv.split("=", 1) for kv in a[4:])
print(u.urlencode(q))' "$1" "$2" "$3" "${VT_PAGE_DEADLINE:-130}" "${@:4}")
	echo "http://127.0.0.1:$VT_PORT/camera-test.html?$q"
}

# vt_start_chromium BROWSER LABEL WxH: headless Chromium (the binary BROWSER)
# on the test page for camera LABEL, profile and home in $VT_TMP, as job
# "chromium" (its pid: $VT_LAST_PID). VCAM_CHROMIUM_ARGS adds flags.
vt_start_chromium() {
	local browser=$1 label=$2 size=$3
	mkdir -p "$VT_TMP/home" "$VT_TMP/profile"
	# shellcheck disable=SC2086 # VCAM_CHROMIUM_ARGS: extra flags, split on spaces
	HOME=$VT_TMP/home vt_bg chromium "$browser" \
		--headless=new --no-sandbox --disable-gpu --use-fake-ui-for-media-stream \
		--autoplay-policy=no-user-gesture-required \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-default-apps --no-first-run --no-default-browser-check \
		--disable-extensions --mute-audio --no-zygote \
		--disable-background-timer-throttling --disable-renderer-backgrounding \
		--disable-backgrounding-occluded-windows --ipc-connection-timeout=300 \
		--user-data-dir="$VT_TMP/profile" ${VCAM_CHROMIUM_ARGS:-} \
		"$(vt_page_url "$label" "${size%x*}" "${size#*x}")"
}

# vt_wait_verdict SECONDS BROWSER_JOB [BROWSER_PID]: wait for the server to
# receive the page's verdict. Returns 0 on a pass; on failure prints the
# reason and the page log, and fails the test. With BROWSER_PID, a browser
# that exits before the verdict fails the test at once.
vt_wait_verdict() {
	local rc reason end=$((SECONDS + $1 + 10)) bpid=${3:-}
	rc=124
	while [ $SECONDS -lt "$end" ]; do
		if ! vt_alive "$VT_SERVER"; then
			wait "$VT_SERVER"; rc=$?
			break
		fi
		if [ -n "$bpid" ] && ! vt_alive "$bpid"; then
			wait "$bpid"; rc=$?
			sleep 1	# a verdict posted just before the exit still counts
			if ! vt_alive "$VT_SERVER"; then
				wait "$VT_SERVER"; rc=$?
				break
			fi
			reason="the browser exited (status $rc) before the page's verdict"
			rc=-1
			break
		fi
		sleep 0.5
	done
	case $rc in
	0) return 0 ;;
	-1) ;;
	1) reason=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["reason"])' "$VT_TMP/result.json") ;;
	2|124) reason="no verdict from the page within $1 s" ;;
	*) reason="result server failed (status $rc)" ;;
	esac
	vt_tail server 25
	vt_tail "$2" 25
	ps -eo pid,etime,time,rss,args --sort=-time | head -n 8 | cut -c1-150 | sed 's/^/    /' >&2
	vt_fail "$2: $reason"
}

# Print a phase summary line per capture from the verdict.
vt_summary() {
	python3 - "$VT_TMP/result.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
for p in r["phases"]:
    print("  %-12s %dx%d first frame after %5d ms, %s fps, max luma %.0f, changed %d/%d samples"
          % (p["name"], p["width"], p["height"], p["msToFirstFrame"],
             "?" if p["fps"] is None else p["fps"],
             p["maxLuma"], p["changedSamples"], p["samples"] - 1))
EOF
}

# vt_check_stream DEV FRAMES SECONDS: a second, independent consumer
# (v4l2-ctl, MMAP) still receives frames from DEV.
vt_check_stream() {
	local out
	out=$(timeout "$3" v4l2-ctl -d "$1" --stream-mmap --stream-count="$2" \
		--stream-to=/dev/null 2>&1) || {
		echo "$out" | tail -n 5 | sed 's/^/    /' >&2
		return 1
	}
}

# vt_capture_check DEV WxH FRAMES [--static]: a real consumer (ffmpeg) reads
# FRAMES frames of WxH from DEV; they must not be black and (unless --static)
# must change. gst-launch-1.0 v4l2src then negotiates and streams on its own.
vt_capture_check() {
	local dev=$1 size=$2 n=$3 out=$VT_TMP/frames.gray
	shift 3
	rm -f "$out"
	if ! timeout 180 ffmpeg -hide_banner -loglevel error -f v4l2 -video_size "$size" \
		-i "$dev" -frames:v "$n" -f rawvideo -pix_fmt gray -y "$out" \
		>"$VT_TMP/ffmpeg.log" 2>&1; then
		vt_tail ffmpeg 5
		echo "ffmpeg could not read $n frames of $size from $dev"
		return 1
	fi
	VT_FRAMES=$(python3 "$VT_WEB/frame-check.py" "$out" "$size" --min-frames "$n" "$@") ||
		{ echo "$VT_FRAMES" | tr '\n' ' '; echo; return 1; }
	vt_log "ffmpeg: $VT_FRAMES"
	if ! timeout 180 gst-launch-1.0 -q v4l2src device="$dev" num-buffers="$n" ! fakesink \
		>"$VT_TMP/gst.log" 2>&1; then
		vt_tail gst 5
		echo "gst-launch-1.0 v4l2src could not stream $n buffers from $dev"
		return 1
	fi
}

# Path of vcam-launch, or skip the test: examples need it.
vt_need_launch() {
	VT_LAUNCH=${VCAM_LAUNCH:-$VT_REPO/vcam-launch}
	[ -x "$VT_LAUNCH" ] || vt_skip "vcam-launch is not built yet ($VT_LAUNCH missing)"
}

# vt_start_example NAME SCRIPT ARGS...: run an example script (it execs
# vcam-launch) as job NAME; VT_EXAMPLE is its pid.
vt_start_example() {
	local name=$1
	shift
	VCAM_LAUNCH=$VT_LAUNCH vt_bg "$name" "$@"
	VT_EXAMPLE=$VT_LAST_PID
}

# vt_wait_camera NAME LABEL SECONDS: wait for the example's camera, found by
# its LABEL; sets VT_DEV.
vt_wait_camera() {
	vt_find_device "$2" "$3" && return 0
	vt_tail "$1" 20
	vt_alive "$VT_EXAMPLE" || vt_fail "$1 exited before its camera \"$2\" appeared"
	vt_fail "no camera \"$2\" from $1 within $3 s"
}

# vt_stop_example: end the example with SIGTERM (vcam-launch treats it like
# Ctrl-C: -e sends EOS). Not SIGINT: a background job of a non-interactive
# shell starts with SIGINT ignored, and the JVM then never sees it.
# It must exit within 60 s and its camera must go away with it.
vt_stop_example() {
	local rc label
	label=$(cat "/sys/class/video4linux/${VT_DEV#/dev/}/name" 2>/dev/null)
	kill -TERM "$VT_EXAMPLE" 2>/dev/null
	vt_wait_pid "$VT_EXAMPLE" 60; rc=$?
	[ $rc != 124 ] || { vt_tail "$1" 10; vt_fail "$1 did not stop within 60 s of SIGTERM"; }
	[ $rc = 0 ] || [ $rc = 143 ] || { vt_tail "$1" 10; vt_fail "$1 exited with status $rc on SIGTERM"; }
	sleep 0.5
	! vt_find_device "$label" 0 || vt_fail "camera \"$label\" still exists after $1 exited"
}
