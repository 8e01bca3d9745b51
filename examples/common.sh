# SPDX-License-Identifier: GPL-2.0+
# shellcheck shell=bash
#
# Shared by the example scripts in this directory: the camera options every
# example takes and the pipeline tail that feeds the vcam camera.
#
#   --label NAME    camera name shown to applications (default per example)
#   --size WxH      frame size of the camera (default 1280x720)
#   --fps N         frame rate of the camera (default 30)
#   --format F      YUY2 (default) or NV12
#   --dry-run       print the vcam-launch command instead of running it
#   -- ARGS         further options for vcam-launch (e.g. --restart, --status, -v)
#
# vcam-launch is taken from $VCAM_LAUNCH, the repository root or $PATH.

set -euo pipefail

EX_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cam_label=${cam_label:-vcam example}
cam_size=1280x720
cam_fps=30
cam_format=YUY2
dry_run=0
launch_opts=()
args=()

ex_die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# ex_usage: print the script's leading comment block as its help.
ex_usage() {
	sed -n '3,/^$/{s/^# \{0,1\}//;p}' "$0"
	sed -n '/^#   --label/,/^#   -- ARGS/{s/^# \{0,1\}//;p}' "$EX_DIR/common.sh"
	exit "${1:-0}"
}

# ex_parse "$@": take the common options; the rest lands in args[] (the
# script's own options are left for it to parse from args[]).
ex_parse() {
	while [ $# -gt 0 ]; do
		case $1 in
		--label) cam_label=${2:?--label needs a value}; shift 2 ;;
		--size) cam_size=${2:?--size needs WxH}; shift 2 ;;
		--fps) cam_fps=${2:?--fps needs a number}; shift 2 ;;
		--format) cam_format=${2:?--format needs YUY2 or NV12}; shift 2 ;;
		--dry-run) dry_run=1; shift ;;
		-h|--help) ex_usage 0 ;;
		--) shift; launch_opts=("$@"); break ;;
		*) args+=("$1"); shift ;;
		esac
	done
	[[ $cam_size =~ ^[0-9]+x[0-9]+$ ]] || ex_die "--size $cam_size: expected WxH"
	{ [[ $cam_fps =~ ^[0-9]+$ ]] && [ "$cam_fps" -ge 1 ]; } || ex_die "--fps $cam_fps: expected a number"
	case $cam_format in YUY2|NV12) ;; *) ex_die "--format $cam_format: expected YUY2 or NV12" ;; esac
	[[ $cam_label =~ ^[[:print:]]{1,31}$ && $cam_label != *'"'* ]] ||
		ex_die "--label: 1 to 31 printable characters, no double quote"
}

# The caps the camera gets, and the elements that make any raw video fit.
ex_camera_tail() {
	local w=${cam_size%x*} h=${cam_size#*x}
	printf 'videoconvert ! videoscale ! videorate ! '
	printf 'video/x-raw,format=%s,width=%s,height=%s,framerate=%s/1,pixel-aspect-ratio=1/1 ! ' \
		"$cam_format" "$w" "$h" "$cam_fps"
	printf 'vcamsink label="%s"' "$cam_label"
}

ex_launch_path() {
	local c
	for c in "${VCAM_LAUNCH:-}" "$EX_DIR/../vcam-launch" "$(command -v vcam-launch 2>/dev/null)"; do
		[ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
	done
	return 1
}

# ex_run SOURCE_PIPELINE: run SOURCE_PIPELINE ! <camera tail> in vcam-launch
# (replaces the shell, so signals reach vcam-launch directly).
ex_run() {
	local pipeline launch
	pipeline="$1 ! $(ex_camera_tail)"
	if [ "$dry_run" = 1 ]; then
		echo "vcam-launch -e ${launch_opts[*]:+${launch_opts[*]} }'$pipeline'"
		exit 0
	fi
	launch=$(ex_launch_path) ||
		ex_die "vcam-launch not found (build it, or set VCAM_LAUNCH=/path/to/vcam-launch)"
	echo "$(basename "$0"): camera \"$cam_label\" $cam_size $cam_format ${cam_fps} fps" >&2
	exec "$launch" -e "${launch_opts[@]}" "$pipeline"
}
