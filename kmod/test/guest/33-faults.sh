#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 900
# Allocation failures: the kernel's fault injection (failslab, fail_page_alloc), scoped
# to the test's own task, fails the allocations of the driver's paths one by one, and
# each failure must end in a clean errno with the device still usable:
# - "producer": /dev/vcam open, CREATE (YUYV, NV12, MJPEG, 2 readers), PLACEHOLDER,
#   QUEUE, /dev/videoN open, EXPBUF, mmap, STREAMON, and in export mode EXPORT_ACQUIRE
#   and QUEUE of the borrowed buffer: every allocation made with vcam's code on the stack
#   (stack-trace filter: vcam.ko's text), failed in turn through
#   /proc/thread-self/fail-nth;
# - "buffers": REQBUFS, CREATE_BUFS, USERPTR and DMABUF QBUF, read(): the allocations of
#   videobuf2 on behalf of the driver (filter: videobuf2-common's text), in turn;
# - "module load": insmod's vcam_init() (filter: the kernel's do_init_module()), in turn:
#   every failed load ends in ENOMEM and the next one works;
# - "frame delivery": the copy into a capture buffer runs in a kworker, so this one is
#   scoped by the stack filter alone (vcam), with times 1 armed right before a new frame:
#   the consumer gets an error buffer, STATS counts it, later frames arrive;
# - "random": 30 whole producer + consumer sessions (every other one in export mode)
#   with /proc/self/make-it-fail set
#   and failslab/fail_page_alloc at probability 20 %, interval 1, times 200, task-filter
#   on (only this task fails), vcam on the stack.
# vmalloc's own code is excluded (its failures print an allocation-failure warning with a
# stack trace, which would fail the run for a message that is no bug). After each
# failure the same call must succeed and a fresh camera must deliver a frame; at the end
# no camera is left and the next camera gets id 0 (no leaked id). KASAN reports fail the
# test (run-all reads the kernel log); kmemleak's scan after the VM run (kmod/test/vm-run)
# reports leaks (a scan here would take many minutes under TCG). Runs on kernels with CONFIG_FAULT_INJECTION_DEBUG_FS,
# CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC and CONFIG_FAULT_INJECTION_STACKTRACE_FILTER
# (the debug kernel); elsewhere it is skipped.
set -u
. kmod/test/tools/guest-lib.sh
FAULTS=$PWD/kmod/test/tools/vcam-faults
DBG=/sys/kernel/debug
ATTRS=("$DBG/failslab" "$DBG/fail_page_alloc")

for a in "${ATTRS[@]}"; do
	[ -f "$a/require-start" ] ||
		skip "$a/require-start missing: needs CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_DEBUG_FS and _STACKTRACE_FILTER (the debug kernel)"
done
if [ ! -w /proc/self/make-it-fail ] || [ ! -e /proc/thread-self/fail-nth ]; then
	skip "no /proc/self/make-it-fail or fail-nth (CONFIG_FAULT_INJECTION)"
fi
note "building the tools"
build_tools
ensure_dmabuf_source
note "finding the code ranges in /proc/kallsyms"

# set ATTR-DIR NAME VALUE
set_attr() {
	echo "$3" >"$1/$2" 2>"$WORK/attr.err" ||
		fail "cannot set $1/$2 to $3: $(cat "$WORK/attr.err")"
}

configure() {	# NAME VALUE ... for failslab and fail_page_alloc
	local a i
	local -a kv=("$@")
	for a in "${ATTRS[@]}"; do
		for ((i = 0; i < ${#kv[@]}; i += 2)); do
			set_attr "$a" "${kv[i]}" "${kv[i + 1]}"
		done
	done
}

# The defaults (nothing fails: probability 0, no filters), also on the way out.
restore() {
	local a
	for a in "${ATTRS[@]}"; do
		echo 0 >"$a/probability"; echo 1 >"$a/interval"; echo 1 >"$a/times"
		echo 0 >"$a/space"; echo 2 >"$a/verbose"; echo N >"$a/task-filter"
		echo 0 >"$a/require-start"; echo 18446744073709551615 >"$a/require-end"
		echo 0 >"$a/reject-start"; echo 0 >"$a/reject-end"
		echo Y >"$a/ignore-gfp-wait"
	done 2>/dev/null
	echo Y >"$DBG/fail_page_alloc/ignore-gfp-highmem" 2>/dev/null
	echo 1 >"$DBG/fail_page_alloc/min-order" 2>/dev/null
	echo 0 >/proc/self/make-it-fail 2>/dev/null
	[ -d /sys/module/vcam ] || [ -z "${vcam_ko:-}" ] || insmod "$vcam_ko"
}
on_exit() {
	local rc=$?
	restore
	(exit "$rc")
	cleanup
}
trap on_exit EXIT

# "START END" (hex) of a loaded module's code: its executable sections, from their
# addresses in /sys/module/M/sections and their sizes in the .ko.
module_text() {
	local m=$1 ko=$2 name type size flg addr start end lo="" hi="" secs
	secs=$(readelf -SW "$ko" 2>&1) || fail "readelf $ko: $secs"
	while read -r name type _ _ size _ flg _; do
		# Executable, allocated, not init code, loaded.
		if [ "$type" != PROGBITS ] || [[ $flg != *A* || $flg != *X* || $name == .init* ]] ||
		   [ ! -r "/sys/module/$m/sections/$name" ]; then
			continue
		fi
		addr=$(cat "/sys/module/$m/sections/$name") || fail "cannot read /sys/module/$m/sections/$name"
		# Kernel addresses are negative in bash's signed arithmetic, but they all lie in
		# the module area, so comparing them is still right.
		start=$((addr)); end=$((start + 0x$size))
		[ -n "$lo" ] && [ "$start" -ge "$lo" ] || lo=$start
		[ -n "$hi" ] && [ "$end" -le "$hi" ] || hi=$end
	done <<<"$(echo "$secs" | sed -n 's/^ *\[ *[0-9]*\] *//p')"
	[ -n "$lo" ] || fail "no code of $m ($ko) found in /sys/module/$m/sections"
	printf '%#x %#x\n' "$lo" "$hi"
}

# "START END" (hex) of each kernel function named: its address and the next higher
# symbol's. The kernel's own symbols come first in /proc/kallsyms, in address order, and
# reading stops once all are found: the module symbols after them take many minutes to
# list on the debug kernel under TCG.
functions_text() {
	awk -v want=" $* " '
		function done_all(   i) { for (i = 1; i <= n; i++) if (!(w[i] in end)) return 0; return 1 }
		BEGIN { n = split(want, w, " ") }
		{
			for (f in start) if (!(f in end) && $1 > start[f]) end[f] = $1
			if (($2 == "t" || $2 == "T") && index(want, " " $3 " ")) start[$3] = $1
			if (done_all()) {
				for (i = 1; i <= n; i++) printf "0x%s 0x%s ", start[w[i]], end[w[i]]
				print ""; ok = 1; exit
			}
		}
		END { if (!ok) exit 1 }' /proc/kallsyms || fail "not all of $* in /proc/kallsyms"
}

vcam_ko=${VCAM_KO:-}
[ -f "$vcam_ko" ] || fail "VCAM_KO ($vcam_ko) is not the loaded vcam.ko (run under kmod/test/vm-run)"
vmalloc_fn=__vmalloc_node_range_noprof	# 6.10 renamed it (memory allocation profiling)
[ "$(uname -r | awk -F. '{ print $1 * 100 + $2 }')" -ge 610 ] || vmalloc_fn=__vmalloc_node_range
read -r vm_lo vm_hi init_lo init_hi <<<"$(functions_text "$vmalloc_fn" do_init_module)"
check_ranges() {
	local r
	for r in "$@"; do
		[[ $r =~ ^0xffff[0-9a-f]{12}$ ]] || fail "bad code ranges: $*"
	done
}
check_ranges "$vm_lo" "$vm_hi" "$init_lo" "$init_hi"

# Every allocation of the task may fail (no gfp exceptions, order-0 pages too), but only
# with the required code on the stack and never inside vmalloc; nothing fails by
# probability (fail-nth only) until the random phase.
restore
configure verbose 1 task-filter Y ignore-gfp-wait N stacktrace-depth 32 \
	probability 0 reject-start "$vm_lo" reject-end "$vm_hi"
set_attr "$DBG/fail_page_alloc" min-order 0
set_attr "$DBG/fail_page_alloc" ignore-gfp-highmem N

note "module load (do_init_module on the stack), one allocation failed at a time"
configure require-start "$init_lo" require-end "$init_hi"
rmmod vcam 2>"$WORK/rmmod.err" || fail "rmmod vcam before the load phase: $(cat "$WORK/rmmod.err")"
# The one parameter check of vcam_init(), while the module is out anyway.
if insmod "$vcam_ko" max_camera_mb=0 2>"$WORK/insmod.err"; then
	fail "insmod vcam max_camera_mb=0 succeeded; it must fail with EINVAL"
fi
# kmod's insmod words EINVAL as "Invalid parameters".
grep -Eq "Invalid (argument|parameters)" "$WORK/insmod.err" ||
	fail "insmod vcam max_camera_mb=0: expected EINVAL, got: $(cat "$WORK/insmod.err")"
"$FAULTS" init "$vcam_ko" || fail "module load: see above"
[ -d /sys/module/vcam ] || fail "vcam is not loaded after the load phase"

# The module's code, where it is now loaded, and videobuf2's.
read -r vcam_lo vcam_hi <<<"$(module_text vcam "$vcam_ko")"
read -r vb2_lo vb2_hi <<<"$(module_text videobuf2_common "$(modinfo -n videobuf2_common)")"
check_ranges "$vcam_lo" "$vcam_hi" "$vb2_lo" "$vb2_hi"
note "vcam code $vcam_lo-$vcam_hi, videobuf2-common $vb2_lo-$vb2_hi, $vmalloc_fn $vm_lo-$vm_hi (never failed)"

note "producer paths (vcam on the stack), one allocation failed at a time"
configure require-start "$vcam_lo" require-end "$vcam_hi"
"$FAULTS" nth producer || fail "producer paths: see above"

note "buffer paths (videobuf2 on the stack), one allocation failed at a time"
configure require-start "$vb2_lo" require-end "$vb2_hi"
"$FAULTS" nth buffers || fail "buffer paths: see above"

note "frame delivery (in a kworker: not task-scoped; vcam on the stack, times 1)"
configure require-start "$vcam_lo" require-end "$vcam_hi"
set_attr "$DBG/failslab" times 0
set_attr "$DBG/failslab" task-filter N
set_attr "$DBG/failslab" probability 100
"$FAULTS" delivery || fail "frame delivery: see above"
set_attr "$DBG/failslab" probability 0
set_attr "$DBG/failslab" task-filter Y

note "random: 30 sessions, make-it-fail, probability 20 %, interval 1, times 200"
configure require-start "$vcam_lo" require-end "$vcam_hi" probability 20 interval 1 times 200
"$FAULTS" random 30 || fail "random sessions: see above"
injected=0
for a in "${ATTRS[@]}"; do
	left=$(cat "$a/times") || fail "cannot read $a/times"
	injected=$((injected + 200 - left))
done
note "random: $injected allocation(s) failed by probability"
[ "$injected" -gt 0 ] || fail "random: no allocation was failed (make-it-fail or the filters do not work)"
restore
echo "PASS: every injected allocation failure ended in ENOMEM or was absorbed; the device stayed usable"
