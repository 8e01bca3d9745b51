#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# rtp-send.sh: send a webcam (or a test picture) over the network as RTP
# over UDP, for rtp-receive.sh on another machine to turn into a vcam camera.
# Runs on the machine with the webcam; needs GStreamer only (no vcam).
#
# usage: rtp-send.sh [--codec jpeg|h264] [--device /dev/videoN | --test]
#                    [--size WxH] [--fps N] [--bitrate KBIT] HOST [PORT]
#   --codec jpeg    RTP JPEG (RFC 2435; default): light on CPU, ~5-20 Mbit/s,
#                   at most 2040x2040
#   --codec h264    RTP H.264 (RFC 6184, x264 tuned for low latency):
#                   ~1-4 Mbit/s, needs gstreamer1.0-plugins-ugly
#   --device DEV    the webcam (default /dev/video0)
#   --test          a moving test picture instead of a webcam
#   --size WxH      frame size sent (default 1280x720)
#   --fps N         frame rate sent (default 30)
#   --bitrate KBIT  H.264 bit rate (default 2000)
#   HOST [PORT]     the receiver (PORT default 5000)

set -euo pipefail
codec=jpeg device=/dev/video0 test=0 size=1280x720 fps=30 bitrate=2000
usage() { sed -n '3,/^$/{s/^# \{0,1\}//;p}' "$0"; exit "${1:-0}"; }
die() { echo "rtp-send.sh: $*" >&2; exit 2; }
pos=()
while [ $# -gt 0 ]; do
	case $1 in
	--codec) codec=${2:?}; shift 2 ;;
	--device) device=${2:?}; shift 2 ;;
	--test) test=1; shift ;;
	--size) size=${2:?}; shift 2 ;;
	--fps) fps=${2:?}; shift 2 ;;
	--bitrate) bitrate=${2:?}; shift 2 ;;
	-h|--help) usage 0 ;;
	-*) die "unknown option $1 (see --help)" ;;
	*) pos+=("$1"); shift ;;
	esac
done
{ [ ${#pos[@]} -ge 1 ] && [ ${#pos[@]} -le 2 ]; } || usage 2
host=${pos[0]} port=${pos[1]:-5000}
[[ $size =~ ^([0-9]+)x([0-9]+)$ ]] || die "--size $size: expected WxH"
w=${BASH_REMATCH[1]} h=${BASH_REMATCH[2]}

if [ "$test" = 1 ]; then
	src="videotestsrc is-live=true pattern=ball"
else
	[ -c "$device" ] || die "$device is not a video device (or use --test)"
	# decodebin passes raw video through and decodes MJPEG webcams.
	src="v4l2src device=$device ! decodebin"
fi
raw="videoconvert ! videoscale ! videorate ! video/x-raw,format=I420,width=$w,height=$h,framerate=$fps/1,pixel-aspect-ratio=1/1"
case $codec in
jpeg)
	{ [ "$w" -le 2040 ] && [ "$h" -le 2040 ]; } || die "RTP JPEG carries at most 2040x2040"
	enc="jpegenc quality=85 ! rtpjpegpay"
	;;
h264)
	enc="x264enc tune=zerolatency speed-preset=ultrafast bitrate=$bitrate key-int-max=$fps"
	enc+=" ! video/x-h264,profile=constrained-baseline ! rtph264pay config-interval=-1 pt=96"
	;;
*) die "--codec $codec: expected jpeg or h264" ;;
esac

echo "rtp-send.sh: $codec ${w}x$h ${fps} fps to $host:$port" >&2
# shellcheck disable=SC2086 # each is a pipeline fragment: gst-launch takes it word by word
exec gst-launch-1.0 -e $src ! $raw ! $enc ! udpsink host="$host" port="$port" sync=false
