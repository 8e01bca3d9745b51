# SPDX-License-Identifier: GPL-2.0+
# shellcheck shell=dash
# kernel-log.sh - find kernel problems in the guest's kernel log (sourced, bash or sh).
#
#   mark=$(klog_mark)             remember where the kernel log is now
#   klog_problems_since "$mark"   print the kernel lines logged since then that show a
#                                 BUG, Oops, WARNING, Call Trace, ...; status 0 if any
#   klog_taint_bad                print the taint flags that mean a kernel problem
#                                 (B bad page, D oops, W warning, L soft lockup); 0 if any
#
# The patterns match what kmod/test/vm-run rejects on the console, so a problem can be
# pinned on the test that caused it.

KLOG_PATTERN='BUG:|Oops|WARNING:|Call Trace|general protection|list_del corruption|lockdep|KASAN|kmemleak|Kernel panic|soft lockup|hung_task|blocked for more than'

klog_mark() {
	dmesg 2>/dev/null | wc -l
}

klog_problems_since() {
	dmesg 2>/dev/null | tail -n +"$(( ${1:-0} + 1 ))" | grep -E "$KLOG_PATTERN" | head -n 20 | grep .
}

klog_taint_bad() {
	local t
	t=$(cat /proc/sys/kernel/tainted 2>/dev/null || echo 0)
	t=$(( t & ((1 << 5) | (1 << 7) | (1 << 9) | (1 << 14)) ))
	[ "$t" -ne 0 ] && echo "$t"
}
