#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 540
#
# Two applications on one camera at once: a vcam camera with two capture
# nodes (vcamctl --readers 2: "LABEL" and "LABEL #2"), Chromium on reader 1
# and GStreamer's v4l2src on reader 2. v4l2src starts first and streams
# throughout; Chromium must list both nodes by label, and capture reader 1
# (not black, moving: open, reopen, and again after a page reload) while
# v4l2src keeps getting new frames on reader 2 during every one of
# Chromium's captures, without a pause when Chromium opens, closes or
# reopens its node. Afterwards v4l2src must still stream and the producer
# must have counted no errors.
#
# Chromium's flags are 60-chromium's (--ipc-connection-timeout=300 under
# TCG, see there). Environment: VCAM_TEST_SIZE (default 320x240),
# VCAM_BROWSER_TIMEOUT (s, default 300), VCAM_CHROMIUM_ARGS (extra flags),
# VCAM_KEEP=1 keeps the logs.

# shellcheck source=SCRIPTDIR/../web/consumer-lib.sh
. "$(dirname "$0")/../web/consumer-lib.sh"

LABEL="vcam readers test"
SIZE=${VCAM_TEST_SIZE:-320x240}
TIMEOUT=${VCAM_BROWSER_TIMEOUT:-300}

browser=$(command -v chromium || command -v chromium-browser) ||
	vt_skip "chromium is not installed (apt-get install chromium)"
vt_need python3 gst-launch-1.0 gst-inspect-1.0 setsid stdbuf
gst-inspect-1.0 checksumsink >/dev/null 2>&1 ||
	vt_skip "GStreamer's checksumsink is missing (apt-get install gstreamer1.0-plugins-bad)"

ctl=$(vt_vcamctl) || vt_fail "vcamctl not found (build it: make -C kmod/tools)"
vt_bg producer "$ctl" create --label "$LABEL" --size "$SIZE" --format YUYV --fps 30 \
	--pattern bars --readers 2
VT_PRODUCER=$VT_LAST_PID
vt_wait_device producer 20
vt_find_device "$LABEL" 10 || vt_fail "no capture node labelled \"$LABEL\" (reader 1)"
dev1=$VT_DEV
vt_find_device "$LABEL #2" 10 || { vt_tail producer; vt_fail "no capture node labelled \"$LABEL #2\" (reader 2)"; }
dev2=$VT_DEV
VT_DEV=$dev1
[ "$dev1" != "$dev2" ] || vt_fail "both readers are $dev1"
vt_log "producer $VT_PRODUCER: reader 1 $dev1, reader 2 $dev2"

# v4l2src on reader 2 for the whole test, one stamped line per frame.
# shellcheck disable=SC2016 # $1, $2: the inner shell's arguments
vt_bg v4l2src sh -c 'stdbuf -oL gst-launch-1.0 -q v4l2src device="$1" ! checksumsink sync=false |
	python3 "$2/stamp-lines.py"' v4l2src "$dev2" "$VT_WEB"
gst=$VT_LAST_PID
for _ in $(seq 600); do
	[ "$(wc -l <"$VT_TMP/v4l2src.log")" -ge 30 ] && break
	vt_alive "$gst" || break
	sleep 0.2
done
[ "$(wc -l <"$VT_TMP/v4l2src.log")" -ge 30 ] ||
	{ vt_tail v4l2src; vt_fail "v4l2src got no 30 frames from $dev2 (reader 2) within 120 s"; }
vt_log "v4l2src streams reader 2"

vt_start_server "$TIMEOUT"
# The page's progress, stamped as it arrives (the server's own times are
# relative to its start).
# shellcheck disable=SC2016 # $1, $2: the inner shell's arguments
vt_bg page sh -c 'tail -n +1 -F "$1" 2>/dev/null | python3 "$2/stamp-lines.py"' page \
	"$VT_TMP/server.log" "$VT_WEB"

start=$(vt_now)
vt_start_chromium "$browser" "$LABEL" "$SIZE"
browser_pid=$VT_LAST_PID

vt_wait_verdict "$TIMEOUT" chromium "$browser_pid"
vt_log "page verdict after $(vt_since "$start") s:"
vt_summary >&2
sleep 1	# the page log's last lines reach the stamper
grep -q "cameras: .*\"$LABEL #2\"" "$VT_TMP/server.log" ||
	vt_fail "Chromium did not list \"$LABEL #2\": $(grep -o 'cameras: .*' "$VT_TMP/server.log" | head -n1)"
vt_alive "$gst" || { vt_tail v4l2src; vt_fail "v4l2src on reader 2 ended while Chromium used reader 1"; }
out=$(python3 "$VT_WEB/overlap-check.py" --frames "$VT_TMP/v4l2src.log" \
	--page "$VT_TMP/page.log" --min-phases 3 --min-fps 10 --max-gap 3)
rc=$?
echo "$out" >&2
[ $rc = 0 ] || vt_fail "$(echo "$out" | grep FAIL | sed 's/^overlap-check: FAIL: //')"

# Chromium goes away for good: reader 2 and the producer must not notice.
kill -TERM -- "-$browser_pid" 2>/dev/null
vt_wait_pid "$browser_pid" 20 >/dev/null
n=$(wc -l <"$VT_TMP/v4l2src.log")
sleep 2
if ! vt_alive "$gst" || [ "$(wc -l <"$VT_TMP/v4l2src.log")" -le $((n + 10)) ]; then
	vt_tail v4l2src
	vt_fail "v4l2src on reader 2 stopped getting frames after Chromium exited"
fi
vt_alive "$VT_PRODUCER" || { vt_tail producer; vt_fail "vcamctl exited"; }
vt_stop_vcamctl
[ "$(vt_stat errors)" = 0 ] || vt_fail "the camera counted errors: $VT_STATS"
phases=$(sed -n 's/^overlap-check: browser phase '"'"'\([^'"'"']*\)'"'"' .*: second consumer .* \([0-9.]*\) fps$/\1 \2 fps/p' <<<"$out" |
	paste -sd, - | sed 's/,/, /g')
vt_pass "Chromium captured \"$LABEL\" (reader 1, $dev1) while v4l2src streamed \"$LABEL #2\" ($dev2) throughout; v4l2src during Chromium's captures: $phases"
