#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# obs-receive.sh: turn OBS Studio's output (or any MPEG-TS sender such as
# ffmpeg) into a vcam camera, "OBS" by default. OBS sends MPEG-TS with H.264
# (or H.265) over UDP or SRT; see examples/README.md for the OBS settings.
#
# usage: obs-receive.sh [--udp PORT | --srt PORT] [--codec h264|h265]
#                       [camera options] [-- vcam-launch options]
#   --udp PORT      listen for MPEG-TS over UDP (default, port 5004)
#   --srt PORT      listen for SRT (OBS connects as caller) on PORT
#   --codec C       video codec OBS sends: h264 (default) or h265

cam_label="OBS"
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "$0")/common.sh"
ex_parse "$@"
proto=udp port=5004 codec=h264
set -- "${args[@]}"
while [ $# -gt 0 ]; do
	case $1 in
	--udp) proto=udp port=${2:?}; shift 2 ;;
	--srt) proto=srt port=${2:?}; shift 2 ;;
	--codec) codec=${2:?}; shift 2 ;;
	*) ex_die "unknown argument $1 (see --help)" ;;
	esac
done
[[ $port =~ ^[0-9]+$ ]] || ex_die "port $port: expected a number"
case $proto in
udp) src="udpsrc port=$port buffer-size=4194304 caps=\"video/mpegts,systemstream=(boolean)true\"" ;;
srt) src="srtsrc uri=\"srt://:$port?mode=listener\" latency=120" ;;
esac
case $codec in
h264) dec="h264parse ! avdec_h264" ;;
h265) dec="h265parse ! avdec_h265" ;;
*) ex_die "--codec $codec: expected h264 or h265" ;;
esac
# tsdemux links its video pad to the parser; OBS's audio track is dropped.
ex_run "$src ! tsdemux ! queue max-size-time=500000000 ! $dec"
