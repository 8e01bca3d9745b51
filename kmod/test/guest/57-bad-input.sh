#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 900
#
# Bad pipeline input for vcam-launch, on the real module: a format vcamsink
# does not take, absurd sizes, the module's memory limit, a refused property
# value, a wrong or missing control device, a file that is not video, a
# missing file (the host unit tests cover the parse-level cases: syntax,
# unknown elements and properties, bad options). Each case must end within
# 90 s (no hang) with the expected exit status (2: bad command line or
# description, 1: the pipeline failed), a message that names the problem (the
# regex below), no JVM crash (hs_err file, signal status) and no camera left
# behind. Afterwards a good pipeline still makes a camera.
set -u
. kmod/test/tools/guest-lib.sh

JAR=$(scripts/jar-path) || fail "scripts/jar-path failed"
[ -f "$JAR" ] || skip "$JAR is not built (on the host: mvn -B -DskipTests package)"
command -v java >/dev/null || skip "java is not installed"
ensure_dmabuf_source
cd "$WORK" || fail "cannot enter $WORK"
LAUNCH=$VCAM_REPO/vcam-launch
RAW=videotestsrc\ num-buffers=30
cams() { grep -l . /sys/class/video4linux/video*/name 2>/dev/null | wc -l; }
before=$(cams)
passed=0

# check NAME STATUS REGEX ARGS...: run vcam-launch ARGS; its status must be STATUS and its
# output must match the extended REGEX.
check() {
	local name=$1 want=$2 re=$3 rc t0
	shift 3
	t0=$SECONDS
	timeout -k 5 90 "$LAUNCH" "$@" >"$name.out" 2>&1
	rc=$?
	note "$name: exit $rc in $((SECONDS - t0)) s: $(grep -m1 -E 'vcam-launch:|ERROR|WARNING' "$name.out" | cut -c1-200)"
	{ [ $rc != 124 ] && [ $rc != 137 ]; } || fail "$name: vcam-launch hung (killed after 90 s)"
	[ $rc -lt 128 ] || fail "$name: vcam-launch died of signal $((rc - 128))"
	ls hs_err_pid*.log >/dev/null 2>&1 && fail "$name: the JVM crashed ($(ls hs_err_pid*.log))"
	[ $rc = "$want" ] || { sed 's/^/  | /' "$name.out"; fail "$name: exit status $rc, expected $want"; }
	grep -qE "$re" "$name.out" || { sed 's/^/  | /' "$name.out"; fail "$name: no message matching /$re/"; }
	[ "$(cams)" = "$before" ] || fail "$name: a camera was left behind ($(cams) nodes, $before before)"
	passed=$((passed + 1))
}

check rgb-caps 2 'RGB.*YUY2 or NV12.*put videoconvert' \
	"$RAW ! video/x-raw,format=RGB,width=320,height=240 ! vcamsink"
check huge-size 2 '20000.*2\.\.8192 x 2\.\.8192.*videoscale' \
	"$RAW ! video/x-raw,format=YUY2,width=20000,height=20000 ! vcamsink"
check memory-limit 1 'max_camera_mb|memory|MiB|MB' \
	"$RAW ! video/x-raw,format=YUY2,width=8000,height=8000 ! vcamsink frames=32"
check bad-frames 2 "bad property value: .*'frames'" "$RAW ! vcamsink frames=1000"
check bad-device 1 '/nonexistent/vcam does not exist: set .*device property to .*/dev/vcam' \
	"$RAW ! vcamsink device=/nonexistent/vcam"
check not-a-vcam 1 'not a vcam control device' "$RAW ! video/x-raw,format=YUY2,width=320,height=240 ! vcamsink device=/dev/null"
check not-video 1 '^ERROR: from element' "filesrc location=/etc/hostname ! decodebin ! videoconvert ! vcamsink"
check missing-file 1 '^ERROR: from element.*(not found|No such file|Could not open)' \
	"filesrc location=/nonexistent.mkv ! decodebin ! videoconvert ! vcamsink"

# The device is still fine: a good pipeline makes a camera and ends with 0.
check good 0 'camera /dev/video[0-9]+ is up' "$RAW ! video/x-raw,format=YUY2,width=320,height=240 ! vcamsink"
echo "PASS: $passed bad-input cases ended with the right status and message, no hang, no crash, nothing left"
