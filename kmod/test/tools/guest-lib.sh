# SPDX-License-Identifier: GPL-2.0+
# shellcheck shell=bash
# guest-lib.sh - shared helpers for kmod/test/guest/NN-*.sh (sourced, bash).
#
# The guest tests run as root in the VM, cwd = repository root, vcam.ko loaded.
# Contract: exit 0 pass, 77 skip (reason printed), anything else fail with a
# one-line reason ("FAIL: ...") as the last line.

VCAMCTL=$PWD/kmod/tools/vcamctl
# shellcheck disable=SC2034 # used by the tests that source this file
COUNTER_CHECK=$PWD/kmod/test/tools/counter-check
# shellcheck disable=SC2034 # used by the tests that source this file
V4L2_READ=$PWD/kmod/test/tools/v4l2-read
# shellcheck disable=SC2034 # used by the tests that source this file
SELFTEST=$PWD/kmod/test/selftests/vcam_selftest

WORK=$(mktemp -d /tmp/vcam-test.XXXXXX)
BG_PIDS=()

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
note() { echo "# $*"; }

# On failure the work directory (captures, tool logs) is kept in $VCAM_OUT, which
# the harness shares with the host (build/vm-out/<kver>/).
cleanup() {
	local rc=$? p name
	for p in "${BG_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	wait 2>/dev/null
	if [ "$rc" != 0 ] && [ "$rc" != 77 ] && [ -d "${VCAM_OUT:-}" ]; then
		name=$(basename "$0" .sh)
		rm -rf "${VCAM_OUT:?}/$name"
		mkdir -p "$VCAM_OUT/$name" &&
			find "$WORK" -maxdepth 1 -type f -size -20M -exec cp {} "$VCAM_OUT/$name/" \; &&
			echo "# artifacts kept in $VCAM_OUT/$name"
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

# Build vcamctl, the checkers and the selftest (no-op when the host built them).
build_tools() {
	local d
	for d in kmod/tools kmod/test/tools kmod/test/selftests; do
		make -s -C "$d" >"$WORK/build.log" 2>&1 ||
			fail "building $d failed: $(tail -n 3 "$WORK/build.log" | tr '\n' ' ')"
	done
}

# A DMA-BUF source: udmabuf or the system heap (6.12+), else vgem (6.1).
ensure_dmabuf_source() {
	[ -e /dev/udmabuf ] || [ -e /dev/dma_heap/system ] && return 0
	modprobe vgem 2>"$WORK/vgem.err" ||
		fail "no udmabuf, no dma-heap and modprobe vgem failed: $(cat "$WORK/vgem.err")"
	for _ in $(seq 50); do
		ls /dev/dri/card* >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	fail "vgem loaded but no /dev/dri/card* appeared"
}

# start_producer ARGS... : run `vcamctl create ARGS` in the background and wait
# for its device line. Sets PRODUCER_PID, VIDEO_DEV, READER_DEVS (every capture node,
# VIDEO_DEV first), PRODUCER_OUT, PRODUCER_ERR.
start_producer() {
	local line=""
	PRODUCER_OUT=$(mktemp "$WORK/producer.XXXXXX")
	PRODUCER_ERR=$PRODUCER_OUT.err
	"$VCAMCTL" create "$@" >"$PRODUCER_OUT" 2>"$PRODUCER_ERR" &
	PRODUCER_PID=$!
	BG_PIDS+=("$PRODUCER_PID")
	for _ in $(seq 150); do
		line=$(grep -m1 '^vcamctl: /dev/video' "$PRODUCER_OUT") && break
		kill -0 "$PRODUCER_PID" 2>/dev/null ||
			fail "vcamctl create $* exited early: $(tr '\n' ' ' <"$PRODUCER_ERR")"
		sleep 0.1
	done
	[ -n "$line" ] || fail "vcamctl create $*: no device line within 15 s"
	note "$line"
	VIDEO_DEV=$(echo "$line" | awk '{print $2}')
	[ -c "$VIDEO_DEV" ] || fail "$VIDEO_DEV announced by vcamctl is not a character device"
	# every capture node: the first, then vcamctl's "reader K: /dev/videoN ..." lines
	READER_DEVS=("$VIDEO_DEV")
	local dev
	while read -r dev; do
		[ -c "$dev" ] || fail "reader node $dev announced by vcamctl is not a character device"
		READER_DEVS+=("$dev")
	done < <(sed -n 's/^vcamctl: reader [0-9]*: \(\/dev\/video[0-9]*\) .*/\1/p' "$PRODUCER_OUT")
}

# wait_pid PID SECONDS : wait for a background child of this shell (not in a
# $(...) subshell: only the parent shell can reap it). Sets WAIT_RC to its
# exit status, or to "timeout" (after SIGKILL) when it did not end in time.
wait_pid() {
	local pid=$1 secs=$2
	for _ in $(seq $((secs * 10))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		WAIT_RC=timeout
		return
	fi
	wait "$pid" 2>/dev/null
	WAIT_RC=$?
}

# run NAME SECONDS CMD... : a bounded consumer that must succeed; its output goes to
# $WORK/NAME.log
run() {
	local name=$1 secs=$2
	shift 2
	timeout -k 5 "$secs" "$@" >"$WORK/$name.log" 2>&1
	local rc=$?
	[ "$rc" = 124 ] && fail "$name: consumer hung (killed after $secs s): $*"
	[ "$rc" = 0 ] || fail "$name: status $rc: $(tail -n 3 "$WORK/$name.log" | tr '\n' ' ')"
}

# stop_producer : SIGINT, then expect a clean exit 0 within 10 s.
stop_producer() {
	kill -INT "$PRODUCER_PID" 2>/dev/null
	wait_pid "$PRODUCER_PID" 10
	[ "$WAIT_RC" = 0 ] || fail "vcamctl did not exit cleanly on SIGINT (status $WAIT_RC): $(tr '\n' ' ' <"$PRODUCER_ERR")"
	note "$(tail -n 1 "$PRODUCER_ERR")"
}

# Find the capture node of a driver by its sysfs name prefix (e.g. vivid).
find_node_by_name() {
	local n
	for n in /sys/class/video4linux/video*; do
		case $(cat "$n/name" 2>/dev/null) in
		"$1"*) echo "/dev/${n##*/}"; return 0 ;;
		esac
	done
	return 1
}
