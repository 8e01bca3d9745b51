# SPDX-License-Identifier: GPL-2.0+
# shellcheck shell=bash
# wait.sh - bounded waits for guest tests (sourced, bash).
#
#   wait_for SECONDS COMMAND...   run COMMAND every 0.1 s until it succeeds; status 1 on
#                                 timeout (never waits longer than SECONDS)
#   wait_for_node PATH [SECONDS]  wait for PATH to be a character device (default 10 s)
#   wait_gone PATH [SECONDS]      wait for PATH to disappear (default 10 s)

wait_for() {
	local secs=$1 deadline
	shift
	deadline=$(( $(date +%s%N) + secs * 1000000000 ))
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s%N)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

wait_for_node() {
	wait_for "${2:-10}" test -c "$1"
}

wait_gone() {
	# shellcheck disable=SC2016 # expanded by sh -c, at each try
	wait_for "${2:-10}" sh -c '! test -e "$1"' sh "$1"
}
