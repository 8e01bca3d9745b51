# SPDX-License-Identifier: GPL-2.0+
# shellcheck shell=bash
# vcamsink-test.sh - what the guest tests of the Java element share (sourced, bash).
#
# Set NAME before sourcing. Gives say/pass/skip/fail (fail shows the tail of
# $TMP/producer.log without its status lines), a scratch directory $TMP whose *.log
# files go to $VCAM_OUT/$NAME at exit, PIDS (processes killed at exit) and $jar, the
# runnable jar (scripts/jar-path, or $VCAM_SINK_JAR); skips when the jar is not built.

say() { printf '%s: %s\n' "$NAME" "$*" >&2; }
pass() { echo "PASS: $*"; exit 0; }
skip() { echo "SKIP: $*"; exit 77; }
fail() {
	echo "FAIL: $*"
	[ -f "$TMP/producer.log" ] && grep -v '^status:' "$TMP/producer.log" | sed 's/^/  producer| /' | tail -n 15 >&2
	exit 1
}

TMP=$(mktemp -d "/tmp/$NAME.XXXXXX") || { echo "FAIL: mktemp failed"; exit 1; }
PIDS=()
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
	if [ -n "${VCAM_OUT:-}" ] && [ -d "$VCAM_OUT" ]; then
		mkdir -p "$VCAM_OUT/$NAME" && cp "$TMP"/*.log "$VCAM_OUT/$NAME/" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

jar=${VCAM_SINK_JAR:-$(scripts/jar-path)} || fail "scripts/jar-path failed"
[ -f "$jar" ] || skip "gst-vcamsink jar not built (run: mvn -B package)"
