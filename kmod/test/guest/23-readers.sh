#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 600
# Several applications stream one camera at once, one capture node ("reader") each.
# R = 1, 2 and 4 nodes capture vcamctl's counter pattern together: each gets every new
# frame in order at the camera's rate (counter-check). Then, on a 4-reader camera, two
# nodes keep that rate while the third is stalled (a consumer that never dequeues),
# SIGKILLed and restarted, and the fourth starts, stops and frees its buffers
# (REQBUFS(0)) over and over. The producer never waits for any of them.
set -u
. kmod/test/tools/guest-lib.sh
build_tools
ensure_dmabuf_source
command -v v4l2-ctl >/dev/null || fail "v4l2-ctl is not installed (v4l-utils)"

W=160 H=120 FPS=15 MIN_FPS=10
# run-all scales timeouts on slow kernels (KASAN): so does the frame loss allowed
SCALE=${VCAM_TIMEOUT_SCALE:-1}

# capture NAME DEV FRAMES : an MMAP capture with v4l2-ctl in the background (CAP_PID)
capture() {
	timeout -k 5 120 v4l2-ctl -d "$2" --stream-mmap=8 --stream-count="$3" \
		--stream-to="$WORK/$1.yuyv" >"$WORK/$1.log" 2>&1 &
	CAP_PID=$!
	BG_PIDS+=("$CAP_PID")
}

# finish NAME PID FRAMES : the capture ended well with every frame in order and at
# most 1 in 10 of the producer's frames missed (the producer's stamps count them;
# repeats are the frame clock covering producer jitter), and the producer kept
# going (its stamps: at least MIN_FPS new frames per second of its clock)
finish() {
	local name=$1 pid=$2 n=$3 out rc
	wait_pid "$pid" 120
	[ "$WAIT_RC" = 0 ] ||
		fail "$name: v4l2-ctl status $WAIT_RC: $(tail -n 2 "$WORK/$name.log" | tr '\n' ' ')"
	out=$("$COUNTER_CHECK" --size ${W}x$H --format YUYV --min-frames "$n" \
		--min-distinct $((n / 2)) --max-lost $((n * SCALE / 10)) --max-blank 2 \
		--min-fps "$MIN_FPS" "$WORK/$name.yuyv")
	rc=$?
	note "$name: $(echo "$out" | head -n 1)"
	[ "$rc" = 0 ] || fail "$name: $(echo "$out" | grep FAIL | head -n 1)"
}

# producer_alive : the producer still runs (it must never block on a consumer)
producer_alive() {
	kill -0 "$PRODUCER_PID" 2>/dev/null ||
		fail "vcamctl died: $(tr '\n' ' ' <"$PRODUCER_ERR")"
}

# ---- R readers streaming together
for R in 1 2 4; do
	start_producer --label "vcam readers" --size ${W}x$H --format YUYV --fps $FPS \
		--pattern counter --readers $R --quiet
	[ ${#READER_DEVS[@]} = "$R" ] ||
		fail "--readers $R announced ${#READER_DEVS[@]} nodes: ${READER_DEVS[*]}"
	pids=()
	for i in $(seq 0 $((R - 1))); do
		capture "r$R-node$i" "${READER_DEVS[$i]}" 90
		pids+=("$CAP_PID")
	done
	for i in $(seq 0 $((R - 1))); do
		finish "r$R-node$i" "${pids[$i]}" 90
	done
	producer_alive
	stop_producer
done

# ---- two nodes keep their rate while the other two misbehave
start_producer --label "vcam readers" --size ${W}x$H --format YUYV --fps $FPS \
	--pattern counter --readers 4 --quiet
capture steady0 "${READER_DEVS[0]}" 150
p0=$CAP_PID
capture steady1 "${READER_DEVS[1]}" 150
p1=$CAP_PID

# node 3: start, stop, free the buffers, again and again
(
	for _ in $(seq 12); do
		timeout -k 2 20 v4l2-ctl -d "${READER_DEVS[3]}" --stream-mmap=3 --stream-count=4 \
			--stream-to=/dev/null >/dev/null 2>&1 || exit 1
	done
) &
churn=$!
BG_PIDS+=("$churn")

# node 2: a consumer that stops dequeuing, is killed, comes back and is killed again
for round in 1 2; do
	v4l2-ctl -d "${READER_DEVS[2]}" --stream-mmap=4 --stream-count=100000 \
		--stream-to=/dev/null >"$WORK/victim$round.log" 2>&1 &
	victim=$!
	BG_PIDS+=("$victim")
	sleep 1
	kill -0 "$victim" 2>/dev/null || fail "node 2 consumer (round $round) did not start: $(cat "$WORK/victim$round.log")"
	kill -STOP "$victim"	# stalled: holds its buffers, never dequeues
	sleep 2
	producer_alive
	kill -KILL "$victim"	# killed mid-stream
	wait "$victim" 2>/dev/null
done

finish steady0 "$p0" 150
finish steady1 "$p1" 150
wait_pid "$churn" 60
[ "$WAIT_RC" = 0 ] || fail "node 3 start/stop/REQBUFS(0) loop failed (status $WAIT_RC)"
producer_alive

# the misbehaving nodes work normally afterwards
capture after2 "${READER_DEVS[2]}" 45
p2=$CAP_PID
capture after3 "${READER_DEVS[3]}" 45
finish after2 "$p2" 45
finish after3 "$CAP_PID" 45
stop_producer
echo "PASS: 1, 2 and 4 readers stream every frame in order at $FPS fps; a stalled, killed or restarting node leaves the others at full rate"
