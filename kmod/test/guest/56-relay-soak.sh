#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 420
#
# Relay soak: the RTP JPEG relay (examples/rtp-receive.sh under
# `vcam-launch --restart --watchdog 1.5`) meets a sender that goes silent,
# restarts (new SSRC and sequence numbers), is mixed with garbage datagrams
# and changes resolution, while one consumer watches the camera all along and
# others come and go (some killed with SIGKILL mid-stream). Checks:
#   - the camera keeps its /dev/videoN and the watching consumer never loses
#     it: watchdog restarts hand the camera to the next pipeline;
#   - after every comeback of the sender, changed frames reach the watching
#     consumer within 2 s (from the first datagram to the first new frame);
#   - garbage does not stop the stream; vcam-launch stays up;
#   - Java heap (after a full GC) and RSS are reported after round 1 and at
#     the end; with VCAM_LONG=1 (20 rounds, ~10 min) they must stay flat.
# The sender reaches the receiver through kmod/test/tools/udp-relay.py, which
# timestamps each comeback and injects the faults.

# shellcheck source=SCRIPTDIR/../web/consumer-lib.sh
. "$(dirname "$0")/../web/consumer-lib.sh"

vt_need_launch
vt_need gst-launch-1.0 python3 setsid v4l2-ctl jcmd
make -s -C "$VT_REPO/kmod/test/tools" frame-watch >"$VT_TMP/build.log" 2>&1 ||
	vt_fail "building frame-watch failed: $(tail -n 3 "$VT_TMP/build.log" | tr '\n' ' ')"
WATCH=$VT_REPO/kmod/test/tools/frame-watch
RELAY=$VT_REPO/kmod/test/tools/udp-relay.py

ROUNDS=2 RESUME_MAX=2.0
[ "${VCAM_LONG:-0}" = 1 ] && ROUNDS=20
SIZE=160x120 FPS=10 LABEL="vcam relay soak"
recv_port=5700 relay_port=5702
EVENTS=$VT_TMP/events.log

start_sender() {	# start_sender WxH
	vt_bg "sender-$1" "$VT_REPO/examples/rtp-send.sh" --codec jpeg --test --size "$1" \
		--fps "$FPS" 127.0.0.1 "$relay_port"
	SENDER=$VT_LAST_PID
}
stop_sender() {
	kill -TERM -- "-$SENDER" 2>/dev/null
	vt_wait_pid "$SENDER" 20 >/dev/null
}
# memory NAME: VmRSS (KiB) and the heap used after a full GC (KiB) of vcam-launch's JVM.
memory() {
	local rss heap
	jcmd "$JVM" GC.run >/dev/null 2>&1
	heap=$(jcmd "$JVM" GC.heap_info 2>/dev/null | sed -n 's/.* total [0-9]*K, used \([0-9]*\)K.*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }')
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$JVM/status")
	echo "$1 $rss $heap" >>"$VT_TMP/memory.log"
	vt_log "$1: RSS $((rss / 1024)) MiB, heap used after GC $((heap / 1024)) MiB"
}

start=$(vt_now)
vt_start_example receiver "$VT_REPO/examples/rtp-receive.sh" --codec jpeg --port "$recv_port" \
	--size "$SIZE" --fps "$FPS" --label "$LABEL" -- --restart --watchdog 1.5
JVM=$VT_EXAMPLE
vt_bg relay python3 "$RELAY" "$relay_port" "$recv_port" "$EVENTS"
RELAY_PID=$VT_LAST_PID
start_sender "$SIZE"
vt_wait_camera receiver "$LABEL" 240
DEV=$VT_DEV; export DEV
vt_log "camera $DEV after $(vt_since "$start") s"
[ "$(cat "/proc/$JVM/comm" 2>/dev/null)" = java ] || vt_fail "pid $JVM is not vcam-launch's JVM"

# The watching consumer, for the whole run; and consumers that come and go.
vt_bg watch "$WATCH" "$DEV" 3600
WATCHER=$VT_LAST_PID
# shellcheck disable=SC2317 # run by vt_bg through declare -f
churn() {
	local i=0
	while :; do
		i=$((i + 1))
		if [ $((i % 3)) = 0 ]; then
			v4l2-ctl -d "$DEV" --stream-mmap --stream-count=1000 --stream-to=/dev/null &
			sleep 1.5; kill -KILL $! 2>/dev/null; wait $! 2>/dev/null
		else
			timeout 10 v4l2-ctl -d "$DEV" --stream-mmap --stream-count=5 --stream-to=/dev/null &&
				echo ok || echo "fail $?"
		fi
		sleep 1.5
	done
}
vt_bg churn bash -c "$(declare -f churn); churn"
CHURN=$VT_LAST_PID
sleep 4

# sending: wait (at most 120 s) until datagrams flow again (a "first" event after the fault),
# then let them flow for 4 s. A sender's start-up takes long in a loaded VM; the resume time
# is measured from its first datagram, not from here.
firsts() { grep -c ' first$' "$EVENTS"; }
sending() {
	local before=$1 i
	for i in $(seq 600); do
		[ "$(firsts)" -gt "$before" ] && { sleep 4; return 0; }
		sleep 0.2
	done
	vt_tail "sender-$SIZE" 10
	vt_fail "round $round: no datagrams from the sender within 120 s"
}

size_b=320x240
for round in $(seq "$ROUNDS"); do
	vt_log "round $round: silence (4 s), sender restart, garbage, resolution change"
	n=$(firsts); kill -USR1 "$RELAY_PID"; sleep 4; kill -USR1 "$RELAY_PID"; sending "$n"
	n=$(firsts); stop_sender; sleep 3; start_sender "$SIZE"; sending "$n"
	kill -USR2 "$RELAY_PID"; sleep 4
	n=$(firsts); stop_sender; start_sender "$size_b"; sending "$n"
	[ "$size_b" = 320x240 ] && size_b=$SIZE || size_b=320x240
	vt_alive "$JVM" || { vt_tail receiver 20; vt_fail "vcam-launch died in round $round"; }
	[ "$round" = 1 ] && memory "after-round-1"
done
memory "end"
kill -TERM "$WATCHER"; vt_wait_pid "$WATCHER" 10 >/dev/null
kill -TERM -- "-$CHURN" 2>/dev/null
restarts=$(grep -c 'restarting in' "$VT_TMP/receiver.log")
numbers=$(grep -o 'camera /dev/video[0-9]* is up' "$VT_TMP/receiver.log" | grep -o '/dev/video[0-9]*' | sort -u |
	tr '\n' ' ')
churn_ok=$(grep -c '^ok' "$VT_TMP/churn.log")
churn_fail=$(grep -c '^fail' "$VT_TMP/churn.log")
vt_log "vcam-launch restarted its pipeline $restarts times; cameras announced: $numbers"
vt_log "consumers that came and went: $churn_ok read 5 frames, $churn_fail failed (+ SIGKILLed ones)"

verdict=$(python3 - "$VT_TMP/watch.log" "$EVENTS" "$RESUME_MAX" "$VT_TMP/memory.log" "${VCAM_LONG:-0}" <<'PY'
import sys
watch, events, limit, memory, long_run = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
frames, gone, opens = [], [], []
for line in open(watch):
    f = line.split()
    if f[1] == "frame":
        frames.append((float(f[0]), f[3]))
    elif f[1] == "gone":
        gone.append(line.strip())
    elif f[1] == "open":
        opens.append(float(f[0]))
problems = []
if not frames:
    print("FAIL the watching consumer received no frame"); sys.exit()
distinct = len(set(h for _, h in frames))
if distinct < 10:
    print("FAIL the picture changed only %d times in %d frames" % (distinct - 1, len(frames))); sys.exit()
if len(opens) != 1 or gone:
    problems.append("the watching consumer lost the camera %d times (%s)" % (len(gone), "; ".join(gone[:3])))
marks = []
for line in open(events):
    t, what = line.split(None, 1)
    if what.strip() in ("first",) or what.startswith("garbage"):
        marks.append((float(t), what.strip()))
marks = [m for m in marks if m[0] > opens[0] + 1]
lat = []
for t, what in marks:
    before = [h for ft, h in frames if ft < t]
    after = [(ft, h) for ft, h in frames if ft >= t and (not before or h != before[-1])]
    if not after:
        problems.append("no new frame after '%s' at %.1f" % (what, t)); continue
    d = after[0][0] - t
    lat.append(d)
    if d > limit:
        problems.append("new frames %.2f s after '%s' (limit %.1f s)" % (d, what, limit))
rows = [l.split() for l in open(memory)]
mem = {r[0]: (int(r[1]), int(r[2])) for r in rows}
(r1, h1), (r2, h2) = mem["after-round-1"], mem["end"]
growth = "RSS %+.1f MiB, heap %+.1f MiB" % ((r2 - r1) / 1024, (h2 - h1) / 1024)
if long_run and (r2 - r1 > max(0.10 * r1, 32768) or h2 - h1 > 8192):
    problems.append("memory grew: " + growth)
gaps = max(b[0] - a[0] for a, b in zip(frames, frames[1:])) if len(frames) > 1 else 0
summary = "%d frames (%d different), %d comebacks, resume max %.2f s median %.2f s, longest gap %.1f s, %s" % (
    len(frames), distinct, len(lat), max(lat) if lat else -1, sorted(lat)[len(lat) // 2] if lat else -1, gaps, growth)
print(("FAIL " + "; ".join(problems) + " | " if problems else "OK ") + summary)
PY
)
vt_log "$verdict"
vt_stop_example receiver
case $verdict in
OK*) ;;
*) vt_tail receiver 30; vt_fail "${verdict#FAIL }" ;;
esac
[ "$restarts" -ge "$ROUNDS" ] || vt_fail "the watchdog restarted the pipeline only $restarts times in $ROUNDS rounds"
[ "$(echo "$numbers" | wc -w)" = 1 ] || vt_fail "the camera changed its number: $numbers"
[ "$churn_ok" -ge 3 ] || vt_fail "passing consumers read frames only $churn_ok times ($churn_fail failures)"
vt_pass "relay soak, $ROUNDS rounds: ${verdict#OK }"
