#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 600
# The uAPI selftest (kmod/test/selftests/vcam_selftest), every documented errno and the
# producer/consumer interplay. Bounded: the selftest times out each case at 90 s.
set -u
. kmod/test/tools/guest-lib.sh
build_tools
ensure_dmabuf_source

# The selftest's own limit: 30 s inside this test's (run-all's, scaled like it), so that
# a hang ends here, with the log and the message below, not in run-all's kill.
limit=$(awk -v t="$(sed -n 's/^# timeout: //p' "$0" | head -n1)" -v s="${VCAM_TIMEOUT_SCALE:-1}" \
	'BEGIN { printf "%d", t * s - 30 }')
timeout -k 5 "$limit" "$SELFTEST" -v >"$WORK/selftest.log" 2>&1
rc=$?
cat "$WORK/selftest.log"
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$WORK/selftest.log" | tail -n 1)
[ "$rc" = 124 ] && fail "vcam_selftest timed out after $limit s"
[ -n "$summary" ] || fail "vcam_selftest ended without a summary (status $rc)"
failed=$(echo "$summary" | awk '{print $3}')
if [ "$rc" != 0 ] || [ "$failed" != 0 ]; then
	fail "vcam_selftest: $summary; failing: $(grep '^not ok' "$WORK/selftest.log" | cut -d' ' -f4 | tr '\n' ' ')"
fi
echo "PASS: vcam_selftest: $summary"
