#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 150
# Resource limits and permissions, as documented in vcam.h and the module parameters:
# - /dev/vcam: the kernel creates it 0660 root:root; the shipped udev rule
#   (kmod/60-vcam.rules, applied by a real systemd-udevd) gives it group video; a user
#   without the group cannot open it, a member of video can create cameras;
# - max_cameras_per_user counts cameras per uid (EDQUOT), root included; a camera
#   counts until its producer is gone, even while another user keeps its node open;
# - max_camera_mb bounds sizeimage x nr_frames (E2BIG) for everyone, and the capture
#   buffers of one queue (REQBUFS/CREATE_BUFS, sizes counted);
# - another user cannot feed, read the state of or destroy someone else's camera
#   through /dev/vcam (cameras are reached only through the file that created them),
#   nor change its format or frame rate or take over or stop another consumer's stream
#   through /dev/videoN.
set -u
. kmod/test/tools/guest-lib.sh
. kmod/test/lib/wait.sh
. kmod/test/lib/vcam-state.sh
STRESS=$PWD/kmod/test/tools/vcam-stress
PARAM=/sys/module/vcam/parameters/max_cameras_per_user
USER_A=65534	# nobody
USER_B=65533
build_tools
ensure_dmabuf_source
VIDEO_GID=$(getent group video | cut -d: -f3)
[ -n "$VIDEO_GID" ] || fail "no group video in /etc/group"
orig_limit=$(cat "$PARAM") || fail "cannot read $PARAM"
UDEVD=0
HOLDERS=()

# Undo what this test changed: holders, the parameter, udevd and its rule.
finish() {
	local p
	for p in "${HOLDERS[@]}"; do kill -TERM "$p" 2>/dev/null; done
	echo "$orig_limit" >"$PARAM" 2>/dev/null
	[ "$UDEVD" = 1 ] && timeout 10 udevadm control --exit 2>/dev/null
	rm -f /etc/udev/rules.d/60-vcam.rules
}
trap 'rc=$?; finish; (exit $rc); cleanup' EXIT

# as UID GROUPS CMD... : run CMD as UID (gid UID) with the supplementary GROUPS ("" = none)
as() {
	local uid=$1 groups=$2
	shift 2
	if [ -n "$groups" ]; then
		setpriv --reuid="$uid" --regid="$uid" --groups="$groups" -- "$@"
	else
		setpriv --reuid="$uid" --regid="$uid" --clear-groups -- "$@"
	fi
}

# hold NAME UID GROUPS ARGS... : `vcam-stress hold ARGS` in the background as UID; waits
# for its "held N" line. Sets HOLD_PID (setpriv execs the holder: signals reach it);
# output in $WORK/NAME.
hold() {
	local name=$1 uid=$2 g=--clear-groups
	[ -z "$3" ] || g=--groups=$3
	shift 3
	setpriv --reuid="$uid" --regid="$uid" "$g" -- "$STRESS" hold --time 100 "$@" \
		>"$WORK/$name" 2>&1 &
	HOLD_PID=$!
	HOLDERS+=("$HOLD_PID")
	wait_for 20 grep -q '^held' "$WORK/$name" || fail "$name: no 'held' line: $(cat "$WORK/$name")"
}

release() {	# PID: end a holder, wait for it
	kill -TERM "$1" 2>/dev/null
	wait_pid "$1" 10
	[ "$WAIT_RC" != timeout ] || fail "a camera holder did not end on SIGTERM"
}

held() { sed -n 's/^held //p' "$WORK/$1"; }

# 1. /dev/vcam as the kernel creates it, and without the group
mode=$(stat -c '%a %U %G' /dev/vcam)
note "/dev/vcam as created by the kernel: $mode"
[ "$mode" = "660 root root" ] || fail "/dev/vcam is '$mode', expected the misc device's 0660 root:root"
as $USER_A "" "$STRESS" hold --count 1 --time 0 >"$WORK/nogroup0" 2>&1
grep -q "camera 0: open EACCES" "$WORK/nogroup0" || fail "a user without group video opened /dev/vcam: $(cat "$WORK/nogroup0")"

# 2. the shipped udev rule, applied by systemd-udevd
mkdir -p /etc/udev/rules.d && cp kmod/60-vcam.rules /etc/udev/rules.d/60-vcam.rules
export SYSTEMD_IGNORE_CHROOT=1	# the guest's root is a chroot: udevd and udevadm refuse without
if /lib/systemd/systemd-udevd --daemon 2>"$WORK/udevd.err"; then
	UDEVD=1
	udevadm trigger --action=add --subsystem-match=misc --sysname-match=vcam
	timeout 20 udevadm settle -t 15
fi
[ "$UDEVD" = 1 ] || fail "systemd-udevd did not start: $(cat "$WORK/udevd.err")"
# shellcheck disable=SC2016 # expanded by sh -c, at each try
wait_for 10 sh -c '[ "$(stat -c %G /dev/vcam)" = video ]' ||
	fail "after the udev rule /dev/vcam is $(stat -c '%a %U %G' /dev/vcam), expected group video"
mode=$(stat -c '%a %U %G' /dev/vcam)
[ "$mode" = "660 root video" ] || fail "after the udev rule /dev/vcam is '$mode', expected 660 root video"
note "after 60-vcam.rules: $mode"
as $USER_A "" "$STRESS" hold --count 1 --time 0 >"$WORK/nogroup1" 2>&1
grep -q "camera 0: open EACCES" "$WORK/nogroup1" || fail "a user without group video opened /dev/vcam: $(cat "$WORK/nogroup1")"
as $USER_A "$VIDEO_GID" "$STRESS" hold --count 1 --time 0 >"$WORK/group" 2>&1
grep -q "camera 0: /dev/video" "$WORK/group" || fail "a member of video could not create a camera: $(cat "$WORK/group")"
vcam_wait_idle 10 || fail "camera of an ended process left behind"

# 3. max_cameras_per_user: per uid, root counts too
echo 3 >"$PARAM" || fail "cannot set $PARAM"
"$VCAMCTL" caps | grep -q "cameras per user: *3" || fail "QUERYCAP does not report max_cameras 3: $("$VCAMCTL" caps)"
hold quotaA $USER_A "$VIDEO_GID" --count 4
a_pid=$HOLD_PID
{ [ "$(held quotaA)" = 3 ] && grep -q "camera 3: EDQUOT" "$WORK/quotaA"; } ||
	fail "user $USER_A with limit 3: $(tr '\n' ' ' <"$WORK/quotaA") (expected 3 cameras, then EDQUOT)"
hold quotaB $USER_B "$VIDEO_GID" --count 3
b_pid=$HOLD_PID
[ "$(held quotaB)" = 3 ] || fail "user $USER_B is limited by user $USER_A's cameras: $(tr '\n' ' ' <"$WORK/quotaB")"
hold quotaRoot 0 "" --count 4
root_pid=$HOLD_PID
{ [ "$(held quotaRoot)" = 3 ] && grep -q "camera 3: EDQUOT" "$WORK/quotaRoot"; } ||
	fail "root with limit 3: $(tr '\n' ' ' <"$WORK/quotaRoot") (expected 3 cameras, then EDQUOT)"
for u in $USER_A $USER_B 0; do
	n=$(awk -v u="$u" '$3 == u' /sys/class/misc/vcam/cameras | wc -l)
	[ "$n" = 3 ] || fail "/sys/class/misc/vcam/cameras lists $n cameras of uid $u, expected 3"
done
release "$b_pid"
release "$root_pid"
note "limit 3: uids $USER_A, $USER_B and 0 got 3 cameras each, the 4th EDQUOT"

# 4. another user's open handle on a dead camera's node does not pin the owner's quota
videoA=$(sed -n 's/^camera 0: //p' "$WORK/quotaA")
setpriv --reuid=$USER_B --regid=$USER_B --groups="$VIDEO_GID" -- \
	sh -c "exec 3<$videoA && echo open && exec sleep 60" >"$WORK/pin" 2>&1 &
pin_pid=$!
HOLDERS+=("$pin_pid")
wait_for 10 grep -q open "$WORK/pin" || fail "user $USER_B (group video) cannot open $videoA: $(cat "$WORK/pin")"
release "$a_pid"
wait_gone "$videoA" 10 || fail "$videoA still exists after its producer ended"
hold quotaA2 $USER_A "$VIDEO_GID" --count 3
[ "$(held quotaA2)" = 3 ] || fail "user $USER_B keeping $videoA open still counts against user $USER_A's limit: $(tr '\n' ' ' <"$WORK/quotaA2")"
release "$HOLD_PID"
kill -KILL "$pin_pid"
wait "$pin_pid" 2>/dev/null
echo "$orig_limit" >"$PARAM"
vcam_wait_idle 10 || fail "cameras left after the quota tests: $(cat /sys/class/misc/vcam/cameras)"

# 5. max_camera_mb: sizeimage x nr_frames, for users and root alike
budget=$("$VCAMCTL" caps | sed -n 's/^bytes per camera: *//p')
frame=$((8192 * 8192 * 2))
fit=$((budget / frame))
{ [ "$fit" -ge 1 ] && [ "$fit" -lt 32 ]; } || skip "max_camera_mb ($budget bytes) is not between one and 31 8192x8192 YUYV frames"
for u in $USER_A 0; do
	as "$u" "$VIDEO_GID" "$STRESS" hold --size 8192x8192 --frames $((fit + 1)) --time 0 >"$WORK/big$u" 2>&1
	grep -q "camera 0: E2BIG" "$WORK/big$u" ||
		fail "uid $u: 8192x8192 YUYV x $((fit + 1)) frames over $budget bytes: $(cat "$WORK/big$u") (expected E2BIG)"
	if [ "$fit" -ge 2 ]; then
		as "$u" "$VIDEO_GID" "$STRESS" hold --size 8192x8192 --frames "$fit" --time 0 >"$WORK/fit$u" 2>&1
		grep -q "camera 0: /dev/video" "$WORK/fit$u" ||
			fail "uid $u: 8192x8192 YUYV x $fit frames within $budget bytes: $(cat "$WORK/fit$u")"
	fi
done
hold budget 0 "" --size 4096x4096 --frames 2
"$STRESS" budget "$(sed -n 's/^camera 0: //p' "$WORK/budget")" >"$WORK/budget.check" 2>&1
rc=$?
cat "$WORK/budget.check"
[ "$rc" = 0 ] || fail "capture buffers: $(grep -m1 FAIL "$WORK/budget.check")"
release "$HOLD_PID"
note "max_camera_mb: $fit 8192x8192 YUYV frames fit in $budget bytes, $((fit + 1)) give E2BIG"

# 6. another user can neither feed nor stop someone else's camera
start_producer --label "limits victim" --size 320x240 --pattern counter --quiet
wait_for 10 sh -c "[ \"\$(stat -c %G $VIDEO_DEV)\" = video ]" || fail "$VIDEO_DEV did not get group video from udev"
v4l2-ctl -d "$VIDEO_DEV" --stream-mmap=4 --stream-count=100000000 >"$WORK/victim.out" 2>"$WORK/victim.err" &
CONSUMER_PID=$!
BG_PIDS+=("$CONSUMER_PID")
wait_for 30 grep -q '<' "$WORK/victim.out" "$WORK/victim.err" || fail "root's consumer did not start streaming"
as $USER_B "$VIDEO_GID" "$STRESS" intrude "$VIDEO_DEV" >"$WORK/intrude" 2>&1
rc=$?
cat "$WORK/intrude"
[ "$rc" = 0 ] || fail "user $USER_B: $(grep -m1 FAIL "$WORK/intrude")"
vcam_fd=$(find /proc/"$PRODUCER_PID"/fd -lname /dev/vcam | head -n 1)
[ -n "$vcam_fd" ] || fail "the producer has no /dev/vcam fd"
as $USER_B "$VIDEO_GID" sh -c "exec 3<>$vcam_fd" 2>/dev/null &&
	fail "user $USER_B reopened root's producer file $vcam_fd"
as $USER_B "$VIDEO_GID" kill -KILL "$PRODUCER_PID" 2>/dev/null &&
	fail "user $USER_B could kill root's producer"
kill -0 "$PRODUCER_PID" 2>/dev/null || fail "the producer died during the intrusion"
kill -0 "$CONSUMER_PID" 2>/dev/null || fail "root's consumer stopped during the intrusion: $(tail -c 300 "$WORK/victim.err")"
n1=$(cat "$WORK/victim.out" "$WORK/victim.err" | tr -cd '<' | wc -c)
sleep 1
n2=$(cat "$WORK/victim.out" "$WORK/victim.err" | tr -cd '<' | wc -c)
[ "$n2" -gt "$n1" ] || fail "root's consumer no longer receives frames after the intrusion"
kill -TERM "$CONSUMER_PID"
wait_pid "$CONSUMER_PID" 10
timeout -k 5 30 "$V4L2_READ" "$VIDEO_DEV" 10 "$WORK/after.yuyv" >"$WORK/after.log" 2>&1 ||
	fail "read() after the intrusion: $(cat "$WORK/after.log")"
"$COUNTER_CHECK" --size 320x240 --format YUYV --min-frames 10 --min-distinct 5 "$WORK/after.yuyv" \
	>"$WORK/after.check" || fail "frames after the intrusion: $(cat "$WORK/after.check")"
stop_producer
echo "PASS: group video needed for /dev/vcam (udev rule), per-uid EDQUOT incl. root, E2BIG and capture budget, no cross-user control"
