#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 900
#
# examples/obs-receive.sh: ffmpeg plays OBS's part (OBS's custom output is
# ffmpeg: H.264 in MPEG-TS) and sends a moving test picture to 127.0.0.1,
# over UDP and then over SRT; the receiver's camera must give ffmpeg and
# gst-launch v4l2src moving, non-black frames.

# shellcheck source=SCRIPTDIR/../web/consumer-lib.sh
. "$(dirname "$0")/../web/consumer-lib.sh"

vt_need_launch
vt_need ffmpeg gst-launch-1.0 gst-inspect-1.0 python3 setsid
SIZE=320x240 FPS=15
ffmpeg -hide_banner -encoders 2>/dev/null | grep -w libx264 >/dev/null || vt_skip "ffmpeg has no libx264"
protos="udp"
if gst-inspect-1.0 srtsrc >/dev/null 2>&1 && ffmpeg -hide_banner -protocols 2>/dev/null | grep -w srt >/dev/null; then
	protos="udp srt"
else
	vt_log "no SRT in GStreamer or ffmpeg: testing UDP only"
fi

port=5630
for proto in $protos; do
	label="vcam obs $proto"
	port=$((port + 2))
	case $proto in
	udp) url="udp://127.0.0.1:$port?pkt_size=1316" ;;
	srt) url="srt://127.0.0.1:$port?mode=caller" ;;
	esac
	start=$(vt_now)
	vt_start_example "obs-$proto" examples/obs-receive.sh "--$proto" "$port" \
		--size "$SIZE" --fps "$FPS" --label "$label"
	# SRT: the receiver listens and ffmpeg calls once (no retry): wait for the listener,
	# which exists only once the receiver's JVM has built its pipeline.
	if [ "$proto" = srt ]; then
		for _ in $(seq 1200); do
			ss -Hlun "sport = :$port" 2>/dev/null | grep -q . && break
			sleep 0.25
		done
	fi
	vt_bg "ffmpeg-$proto" ffmpeg -hide_banner -loglevel error -re \
		-f lavfi -i "testsrc=size=$SIZE:rate=$FPS" -c:v libx264 -preset ultrafast \
		-tune zerolatency -g "$FPS" -pix_fmt yuv420p -f mpegts "$url"
	sender=$VT_LAST_PID
	vt_wait_camera "obs-$proto" "$label" 300
	vt_log "$proto: camera $VT_DEV after $(vt_since "$start") s"
	why=$(vt_capture_check "$VT_DEV" "$SIZE" 30) || { vt_tail "ffmpeg-$proto"; vt_fail "obs $proto: $why"; }
	vt_stop_example "obs-$proto"
	kill -TERM "$sender"; vt_wait_pid "$sender" 20 >/dev/null
	vt_log "$proto: passed in $(vt_since "$start") s"
done
vt_pass "MPEG-TS/H.264 over $protos (OBS's output) feeds a camera that ffmpeg and v4l2src read"
