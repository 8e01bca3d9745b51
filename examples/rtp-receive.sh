#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# rtp-receive.sh: receive RTP video over UDP (from rtp-send.sh, or any
# RTP JPEG / H.264 sender) and offer it as a vcam camera, "Remote cam" by
# default. The camera appears with the first received frame and keeps
# showing the last frame while packets pause.
#
# usage: rtp-receive.sh [--codec jpeg|h264] [--port N] [--latency MS]
#                       [camera options] [-- vcam-launch options]
#   --codec C       jpeg (default) or h264; must match the sender
#   --port N        UDP port to listen on (default 5000)
#   --latency MS    jitter buffer (default 50 ms; raise it on Wi-Fi)

cam_label="Remote cam"
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "$0")/common.sh"
ex_parse "$@"
codec=jpeg port=5000 latency=50
set -- "${args[@]}"
while [ $# -gt 0 ]; do
	case $1 in
	--codec) codec=${2:?}; shift 2 ;;
	--port) port=${2:?}; shift 2 ;;
	--latency) latency=${2:?}; shift 2 ;;
	*) ex_die "unknown argument $1 (see --help)" ;;
	esac
done
rtp="application/x-rtp,media=video,clock-rate=90000"
case $codec in
jpeg) src="udpsrc port=$port caps=\"$rtp,encoding-name=JPEG,payload=26\" ! rtpjitterbuffer latency=$latency ! rtpjpegdepay ! jpegdec" ;;
h264) src="udpsrc port=$port caps=\"$rtp,encoding-name=H264,payload=96\" ! rtpjitterbuffer latency=$latency ! rtph264depay ! h264parse ! avdec_h264" ;;
*) ex_die "--codec $codec: expected jpeg or h264" ;;
esac
ex_run "$src"
