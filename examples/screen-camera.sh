#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# screen-camera.sh: offer the screen (X11) or a PipeWire video stream as a
# camera, e.g. to show slides in a meeting that only lets you pick a camera.
#
# usage: screen-camera.sh [--display :N] [--region X,Y,W,H] [--no-pointer]
#                         [--pipewire NODE] [camera options] [-- vcam-launch options]
#   --display :N    X display to capture (default $DISPLAY)
#   --region ...    capture only this rectangle of the screen
#   --no-pointer    leave the mouse pointer out
#   --pipewire NODE capture the PipeWire video node NODE (its id, serial or
#                   node.name; see `pw-cli ls Node`) instead of X11. On Wayland
#                   the screen is only reachable through the ScreenCast portal,
#                   which hands a node to the application that asked; gst-launch
#                   cannot ask, so use a node that some tool already exposes.

cam_label="Screen"
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "$0")/common.sh"
ex_parse "$@"
display=${DISPLAY:-} region="" pointer=true node=""
set -- "${args[@]}"
while [ $# -gt 0 ]; do
	case $1 in
	--display) display=${2:?}; shift 2 ;;
	--region) region=${2:?}; shift 2 ;;
	--no-pointer) pointer=false; shift ;;
	--pipewire) node=${2:?}; shift 2 ;;
	*) ex_die "unknown argument $1 (see --help)" ;;
	esac
done
if [ -n "$node" ]; then
	if [[ $node =~ ^[0-9]+$ ]]; then
		src="pipewiresrc path=$node always-copy=true"
	else
		src="pipewiresrc target-object=\"$node\" always-copy=true"
	fi
else
	[ -n "$display" ] || ex_die "no X display: set DISPLAY or use --display (or --pipewire)"
	src="ximagesrc display-name=$display use-damage=false show-pointer=$pointer"
	if [ -n "$region" ]; then
		[[ $region =~ ^([0-9]+),([0-9]+),([0-9]+),([0-9]+)$ ]] ||
			ex_die "--region $region: expected X,Y,W,H"
		x=${BASH_REMATCH[1]} y=${BASH_REMATCH[2]}
		src+=" startx=$x starty=$y endx=$((x + BASH_REMATCH[3] - 1)) endy=$((y + BASH_REMATCH[4] - 1))"
	fi
fi
ex_run "$src"
