#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# file-camera.sh: play a video file as a camera, looping forever without a
# gap. The file is decoded once into JPEG frames at the camera's size and
# rate (cached in ~/.cache/vcam/examples/, about 30-100 KB per 720p frame:
# meant for clips, not films); the loop then replays those frames.
#
# usage: file-camera.sh [camera options] FILE [-- vcam-launch options]
#   FILE            any video GStreamer can decode (mp4, mkv, webm, ...)

cam_label="Video file"
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "$0")/common.sh"
ex_parse "$@"
[ ${#args[@]} = 1 ] || ex_usage 2
file=$(realpath -- "${args[0]}") || ex_die "${args[0]}: no such file"
[ -f "$file" ] || ex_die "$file: not a file"
w=${cam_size%x*} h=${cam_size#*x}
key=$(printf '%s\n' "$file" "$(stat -c '%s %Y' "$file")" "$cam_size" "$cam_fps" | sha1sum | cut -c1-16)
frames=${XDG_CACHE_HOME:-$HOME/.cache}/vcam/examples/$key
if [ ! -f "$frames/done" ] && [ "$dry_run" = 0 ]; then
	echo "file-camera.sh: decoding $file once into $frames" >&2
	rm -rf "$frames"; mkdir -p "$frames"
	gst-launch-1.0 -q filesrc location="$file" ! decodebin ! videoconvert ! videoscale ! \
		videorate ! "video/x-raw,width=$w,height=$h,framerate=$cam_fps/1,pixel-aspect-ratio=1/1" ! \
		jpegenc quality=90 ! multifilesink location="$frames/%06d.jpg" >/dev/null ||
		ex_die "could not decode $file"
	[ -f "$frames/000000.jpg" ] || ex_die "$file has no video"
	touch "$frames/done"
fi
ex_run "multifilesrc location=\"$frames/%06d.jpg\" loop=true caps=\"image/jpeg,framerate=$cam_fps/1\" ! jpegdec"
