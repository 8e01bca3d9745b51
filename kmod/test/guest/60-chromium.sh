#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 480
#
# Chromium as a consumer: a vcam camera fed by vcamctl (moving colour bars)
# is found by its label, captured into a canvas (not black, moving), closed,
# reopened in the same page and again after a page reload, while the
# producer keeps running. Afterwards the producer must still be alive and a
# second consumer (v4l2-ctl) must still get frames. The producer runs in
# export mode (vcamctl --export): Chromium's MMAP buffers are lent to it, so
# the frames it renders in place reach the browser with no copy at all; the
# module's counters must show it (exported frames, no bytes copied for them).
#
# Chromium's child processes end themselves when the browser process has not
# connected to them within 15 s ("Terminating current process after 15
# seconds with no connection"). Under TCG the network service often misses
# that: it dies while the first navigation is in flight, the navigation is
# dropped and the page is never requested ("Network service crashed or was
# terminated"). --ipc-connection-timeout, which the browser forwards to every
# child (Chromium's own browser tests raise it the same way), gives them 300 s.
#
# Environment: VCAM_TEST_SIZE (default 320x240), VCAM_BROWSER_TIMEOUT (s,
# default 300), VCAM_CHROMIUM_ARGS (extra flags), VCAM_KEEP=1 keeps the logs.

# shellcheck source=SCRIPTDIR/../web/consumer-lib.sh
. "$(dirname "$0")/../web/consumer-lib.sh"

LABEL="vcam chromium test"
SIZE=${VCAM_TEST_SIZE:-320x240}
TIMEOUT=${VCAM_BROWSER_TIMEOUT:-300}

browser=$(command -v chromium || command -v chromium-browser) ||
	vt_skip "chromium is not installed (apt-get install chromium)"
vt_need python3 v4l2-ctl setsid

vt_start_vcamctl "$LABEL" "$SIZE" 30 bars --export
vt_log "producer $VT_PRODUCER feeds $VT_DEV"
vt_start_server "$TIMEOUT"

start=$(vt_now)
vt_start_chromium "$browser" "$LABEL" "$SIZE"
browser_pid=$VT_LAST_PID

vt_wait_verdict "$TIMEOUT" chromium "$browser_pid"
vt_log "page verdict after $(vt_since "$start") s:"
vt_summary >&2

# The consumer goes away for good: the producer must not notice.
kill -TERM -- "-$browser_pid" 2>/dev/null
vt_wait_pid "$browser_pid" 20 >/dev/null
sleep 1
vt_alive "$VT_PRODUCER" || { vt_tail producer; vt_fail "vcamctl exited after Chromium closed the camera"; }
vt_check_stream "$VT_DEV" 30 30 ||
	vt_fail "v4l2-ctl got no frames from $VT_DEV after Chromium closed it"
vt_alive "$VT_PRODUCER" || { vt_tail producer; vt_fail "vcamctl exited after the second consumer"; }
vt_stop_vcamctl
[ "$(vt_stat errors)" = 0 ] || vt_fail "the camera counted errors: $VT_STATS"
[ "$(vt_stat delivered)" -gt 0 ] || vt_fail "the camera delivered no frame: $VT_STATS"
# Export mode: a new frame is copied only when the producer found none of the
# consumers' buffers free at that moment (it never waits) and used its own slot.
delivered=$(vt_stat delivered) exported=$(vt_stat exported) copied=$(vt_stat copied)
if [ -z "$exported" ] || [ "$exported" -lt $((delivered * 3 / 4)) ]; then
	vt_fail "only ${exported:-no} of $delivered new frames were rendered into the consumers' buffers: $VT_STATS"
fi
vt_log "export mode: $exported of $delivered new frames rendered in place (no copy), $copied copied (no consumer buffer free when the frame was due)"

vt_pass "Chromium found \"$LABEL\", captured, reopened twice ($(vt_since "$start") s); producer survived; $exported of $delivered new frames without a copy"
