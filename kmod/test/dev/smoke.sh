#!/bin/bash
# Development smoke test of vcam.ko (run inside kmod/test/vm-run).
# usage: smoke.sh [stream|compliance|lifetime|all]
set -u
FEED=$PWD/kmod/test/dev/vcam-feed
what=${1:-all}
[ -e /dev/udmabuf ] || [ -e /dev/dma_heap/system ] || modprobe vgem
modprobe videobuf2_vmalloc 2>/dev/null
sleep 0.5
W=/tmp/smoke; mkdir -p $W

start_feed() {
	"$FEED" "$@" >$W/feed.out 2>$W/feed.err &
	FEED_PID=$!
	for i in $(seq 100); do
		DEV=$(sed -n 's/^vcam-feed: \(\/dev\/video[0-9]*\)$/\1/p' $W/feed.out) && [ -n "$DEV" ] && break
		sleep 0.1
	done
	echo "# feed $* -> $DEV"
}
# A newer v4l2-compliance (trixie's v4l-utils 1.30) in a chroot, if present.
R=/root/.cache/vcam/compliance/root
compliance() {
	if [ -x $R/usr/bin/v4l2-compliance ]; then
		mountpoint -q $R/dev || { mount --bind /dev $R/dev; mount -t proc proc $R/proc; mount -t sysfs sys $R/sys; }
		timeout 400 chroot $R v4l2-compliance "$@"
	else
		timeout 400 v4l2-compliance "$@"
	fi
}
stop_feed() { kill -INT $FEED_PID; wait $FEED_PID; echo "# feed rc=$? $(grep stats $W/feed.out)"; cat $W/feed.err; }

if [ $what = all ] || [ $what = stream ]; then
	$FEED -E
	start_feed -f YUYV -s 640x480 -r 30
	v4l2-ctl -d $DEV --all | head -40
	timeout 60 v4l2-ctl -d $DEV --stream-mmap --stream-count=30 --stream-to=/tmp/out.yuv 2>&1 | tail -2
	ls -la /tmp/out.yuv
	timeout 60 v4l2-ctl -d $DEV --stream-user --stream-count=10 2>&1 | tail -1
	timeout 60 dd if=$DEV of=/tmp/read.yuv bs=614400 count=3 2>&1 | tail -1
	timeout 60 gst-launch-1.0 -q v4l2src device=$DEV num-buffers=30 ! fakesink; echo "gst rc=$?"
	# second open while streaming
	timeout 60 v4l2-ctl -d $DEV --stream-mmap --stream-count=60 >/dev/null 2>&1 & C=$!
	sleep 1; v4l2-ctl -d $DEV --get-fmt-video | head -3; timeout 10 v4l2-ctl -d $DEV --stream-mmap --stream-count=1 2>&1 | tail -1
	wait $C; echo "first consumer rc=$?"
	stop_feed
	cat /sys/class/misc/vcam/formats /sys/class/misc/vcam/cameras
fi
if [ $what = all ] || [ $what = zerocopy ]; then
	$FEED -Z
fi
if [ $what = all ] || [ $what = compliance ]; then
	for f in YUYV NV12 MJPEG; do
		start_feed -f $f -s 640x480 -r 30
		compliance -d $DEV -s > $W/c.log 2>&1
		grep -E "fail|warn|Total|compliance 1" $W/c.log
		[ $f = YUYV ] && { timeout 300 v4l2-compliance -d $DEV -s 2>&1 | grep -E "fail|warn|Total|compliance 1"; }
		stop_feed
	done
	modprobe vivid n_devs=1 node_types=0x1
	sleep 1
	for n in /sys/class/video4linux/video*; do case $(cat $n/name) in vivid*) VIVID=/dev/${n##*/};; esac; done
	v4l2-ctl -d $VIVID -v width=640,height=480,pixelformat=YUYV
	start_feed -f YUYV -s 640x480 -r 30
	compliance -d $DEV -s -e $VIVID > $W/c.log 2>&1
	echo "# with exporter $VIVID:"; grep -E "fail|warn|Total|DMABUF" $W/c.log
	stop_feed
	modprobe -r vivid
fi
if [ $what = all ] || [ $what = lifetime ]; then
	start_feed -f YUYV -s 320x240 -r 30
	v4l2-ctl -d $DEV --stream-mmap --stream-count=100000 >$W/c1.out 2>&1 & C=$!
	sleep 3; kill -KILL $FEED_PID; wait $FEED_PID; echo "producer killed"
	for i in $(seq 50); do kill -0 $C 2>/dev/null || break; sleep 0.2; done
	kill -0 $C 2>/dev/null && { echo "FAIL: consumer still running 10 s after the producer died"; kill -KILL $C; }
	wait $C; echo "consumer rc=$? after producer death: $(tr '<\n' '  ' < $W/c1.out | tr -s ' ' | tail -c 200)"
	ls /dev/video* 2>&1
	start_feed -f YUYV -s 320x240 -r 30
	v4l2-ctl -d $DEV --stream-mmap --stream-count=100000 >/dev/null 2>&1 & C=$!
	v4l2-ctl -d $DEV --stream-read --stream-count=100000 >/dev/null 2>&1 & C2=$!
	sleep 3; kill -KILL $C $C2; wait $C; wait $C2; echo "consumers killed"
	sleep 1; stop_feed
	# producer dies while a consumer is blocked in DQBUF with nothing queued by the producer
	start_feed -f NV12 -s 320x240 -r 1 -n 1
	sleep 0.5; wait $FEED_PID
	start_feed -f NV12 -s 320x240 -r 30
	v4l2-ctl -d $DEV --stream-mmap --stream-count=100000 >/dev/null 2>&1 & C=$!
	sleep 2; kill -STOP $C; sleep 1; kill -KILL $FEED_PID; wait $FEED_PID; kill -CONT $C
	for i in $(seq 50); do kill -0 $C 2>/dev/null || break; sleep 0.2; done
	kill -0 $C 2>/dev/null && { echo "FAIL: stopped consumer did not end"; kill -KILL $C; }
	wait $C; echo "stopped-then-continued consumer rc=$?"
	$FEED -C 200
fi
if [ $what = all ] || [ $what = selftest ]; then
	timeout 300 kmod/test/selftests/vcam_selftest 2>&1 | tail -40
fi
dmesg | grep -iE "vcam|BUG|WARN|Oops|Call Trace" | tail -20
