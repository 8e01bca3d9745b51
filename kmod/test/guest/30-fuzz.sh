#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 180
# ioctl fuzzing of /dev/vcam and the capture nodes (kmod/test/tools/vcam-fuzz): random
# and boundary arguments, bad pointers and fds, unknown ioctls, random call orders, from
# 3 processes x 3 threads for VCAM_FUZZ_SECONDS (default 40; 38-fuzz-long: 900).
# Afterwards the kernel is clean (run-all checks the log and taint), no camera, module
# reference or /dev/video node is left, and a fresh camera streams correct frames to a
# read() and an MMAP consumer. The seed is printed; VCAM_FUZZ_SEED=N replays it.
set -u
. kmod/test/tools/guest-lib.sh
. kmod/test/lib/wait.sh
. kmod/test/lib/vcam-state.sh
FUZZ=$PWD/kmod/test/tools/vcam-fuzz
SECS=${VCAM_FUZZ_SECONDS:-40}
SEED=${VCAM_FUZZ_SEED:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}
SIZE=320x240
build_tools
ensure_dmabuf_source
command -v v4l2-ctl >/dev/null || fail "v4l2-ctl is not installed"

vcam_wait_idle 10 || fail "not idle before the test: $(vcam_cameras) cameras, refcnt $(vcam_refcnt)"
nodes_before=$(find /dev -maxdepth 1 -name 'video*' | wc -l)

timeout -k 10 $((SECS + 90)) "$FUZZ" --seed "$SEED" --duration "$SECS" --procs 3 --threads 3 \
	>"$WORK/fuzz.log" 2>&1
rc=$?
cat "$WORK/fuzz.log"
[ "$rc" = 124 ] || [ "$rc" = 137 ] && fail "vcam-fuzz did not end (seed $SEED)"
[ "$rc" = 0 ] || fail "vcam-fuzz: $(grep -m1 -E 'FAIL|ended early|no progress|did not die' "$WORK/fuzz.log") (seed $SEED)"

# The fuzzer must have got deep enough to mean something.
summary=$(grep -m1 ' calls (' "$WORK/fuzz.log")
read -r calls created queued dqbufs <<<"$(echo "$summary" |
	sed -E 's/.* ([0-9]+) calls .*: ([0-9]+) cameras created, ([0-9]+) frames queued, ([0-9]+) capture buffers.*/\1 \2 \3 \4/')"
[ "${calls:-0}" -ge $((SECS * 100)) ] || fail "only ${calls:-0} calls in $SECS s"
{ [ "${created:-0}" -ge 10 ] && [ "${queued:-0}" -ge 10 ] && [ "${dqbufs:-0}" -ge 10 ]; } ||
	fail "fuzzing stayed shallow: $created cameras, $queued frames queued, $dqbufs buffers dequeued"

# Nothing left behind once every fuzzer process is gone.
vcam_wait_idle 15 || fail "after fuzzing: $(vcam_cameras) cameras left, refcnt $(vcam_refcnt): $(head -c 300 /sys/class/misc/vcam/cameras)"
nodes_after=$(find /dev -maxdepth 1 -name 'video*' | wc -l)
[ "$nodes_after" = "$nodes_before" ] || fail "/dev/video nodes: $nodes_before before, $nodes_after after fuzzing"

# Every camera still works: a fresh one, read() and MMAP consumers, correct frames.
start_producer --label "after fuzz" --size $SIZE --pattern counter --quiet
timeout -k 5 30 "$V4L2_READ" "$VIDEO_DEV" 15 "$WORK/read.yuyv" >"$WORK/read.log" 2>&1 ||
	fail "read() from a fresh camera after fuzzing: $(cat "$WORK/read.log")"
"$COUNTER_CHECK" --size $SIZE --format YUYV --min-frames 15 --min-distinct 7 "$WORK/read.yuyv" \
	>"$WORK/read.check" || fail "read() frames after fuzzing: $(cat "$WORK/read.check")"
timeout -k 5 30 v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=15 \
	--stream-to="$WORK/mmap.yuyv" >"$WORK/mmap.log" 2>&1 ||
	fail "MMAP capture after fuzzing: $(tail -n 2 "$WORK/mmap.log" | tr '\n' ' ')"
"$COUNTER_CHECK" --size $SIZE --format YUYV --min-frames 15 --min-distinct 7 "$WORK/mmap.yuyv" \
	>"$WORK/mmap.check" || fail "MMAP frames after fuzzing: $(cat "$WORK/mmap.check")"
stop_producer
echo "PASS: $calls fuzz calls in $SECS s (seed $SEED, $created cameras, $queued frames queued, $dqbufs buffers dequeued); a fresh camera streams correctly"
