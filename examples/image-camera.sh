#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# image-camera.sh: show a still image (PNG, JPEG, ...) as a camera, e.g. a
# "be right back" card. The picture is scaled to fit, keeping its aspect
# ratio (black borders).
#
# usage: image-camera.sh [camera options] IMAGE [-- vcam-launch options]

cam_label="Still image"
# shellcheck source=SCRIPTDIR/common.sh
. "$(dirname "$0")/common.sh"
ex_parse "$@"
[ ${#args[@]} = 1 ] || ex_usage 2
img=$(realpath -- "${args[0]}") || ex_die "${args[0]}: no such file"
[ -f "$img" ] || ex_die "$img: not a file"
ex_run "filesrc location=\"$img\" ! decodebin ! videoconvert ! imagefreeze is-live=true"
