# SPDX-License-Identifier: GPL-2.0+
# shellcheck shell=bash
# vcam-state.sh - what the vcam module and the kernel hold, before and after a stress
# run (sourced, bash; guest only, as root).
#
#   vcam_cameras                  cameras in /sys/class/misc/vcam/cameras (registered ones)
#   vcam_wait_idle SECONDS        until no camera is listed and /sys/module/vcam/refcnt is 0
#   vcam_snapshot FILE            write key=value lines: cameras, refcnt, video_nodes,
#                                 dmabufs, dmabuf_bytes, the /proc/meminfo fields below
#                                 (kB), and FILE.slab: "<cache> <active objs> <objsize>"
#   vcam_compare BEFORE AFTER OBJS  (on a KASAN kernel: see vcam_kasan)
#                                 print the differences; status 1 (with one "leak: ..."
#                                 line per finding) when AFTER holds more than BEFORE:
#                                 any camera, module reference, video node or DMA-BUF;
#                                 VmallocUsed +4 MiB, SUnreclaim +8 MiB, MemAvailable
#                                 -64 MiB, or a slab cache grown by OBJS objects or more
#                                 (OBJS: a fraction of the objects the run created, so
#                                 that one leaked object per camera shows; vmap_area is
#                                 left to VmallocUsed: freed areas are purged lazily)
#
# Tolerances: the page cache is dropped before each reading, so MemAvailable moves only
# with kernel allocations, per-CPU lists and the test's own files (a few MiB); slab
# caches keep per-CPU partial slabs, so a cache's count wanders by up to a few hundred
# objects without any leak. A leak of one camera (kzalloc'd struct of several KiB, its
# vmalloc'd capture buffers) or of one file per cycle over thousands of cycles exceeds
# these bounds many times over.

# vcam_kasan: true on a KASAN kernel. Its quarantine keeps freed slab objects (up to
# 1/32 of memory) allocated for a while, so slab counts and SUnreclaim stay up after a
# clean run; there kmemleak (scanned by vm-run after rmmod) checks objects instead.
vcam_kasan() {
	dmesg | grep -q 'KernelAddressSanitizer initialized'
}

vcam_cameras() {
	grep -c . /sys/class/misc/vcam/cameras 2>/dev/null || echo 0
}

vcam_refcnt() {
	cat /sys/module/vcam/refcnt 2>/dev/null || echo missing
}

vcam_wait_idle() {
	# shellcheck disable=SC2016 # expanded by sh -c, at each try
	wait_for "$1" sh -c '[ "$(grep -c . /sys/class/misc/vcam/cameras)" = 0 ] &&
		[ "$(cat /sys/module/vcam/refcnt)" = 0 ]'
}

vcam_snapshot() {
	local out=$1 bufinfo=/sys/kernel/debug/dma_buf/bufinfo
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	{
		echo "cameras=$(vcam_cameras)"
		echo "refcnt=$(vcam_refcnt)"
		echo "video_nodes=$(find /dev -maxdepth 1 -name 'video*' | wc -l)"
		if [ -r "$bufinfo" ]; then
			sed -n 's/^Total \([0-9]*\) objects, \([0-9]*\) bytes.*/dmabufs=\1\ndmabuf_bytes=\2/p' "$bufinfo"
		fi
		awk '/^(MemAvailable|Slab|SUnreclaim|VmallocUsed):/ { sub(":", "", $1); print $1 "=" $2 }' /proc/meminfo
	} >"$out"
	awk 'NR > 2 { print $1, $2, $4 }' /proc/slabinfo >"$out.slab" 2>/dev/null || : >"$out.slab"
}

# vcam_compare BEFORE AFTER OBJS
vcam_compare() {
	local before=$1 after=$2 objs=$3 rc=0 k b a kasan=0
	vcam_kasan && kasan=1
	for k in cameras refcnt video_nodes dmabufs dmabuf_bytes MemAvailable Slab SUnreclaim VmallocUsed; do
		b=$(sed -n "s/^$k=//p" "$before")
		a=$(sed -n "s/^$k=//p" "$after")
		{ [ -n "$b" ] && [ -n "$a" ]; } || continue
		echo "# $k: $b -> $a"
		case $k in
		cameras | refcnt | video_nodes | dmabufs)
			[ "$a" -le "$b" ] || { echo "leak: $k $b -> $a"; rc=1; } ;;
		VmallocUsed)
			[ $((a - b)) -le 4096 ] || { echo "leak: VmallocUsed grew by $((a - b)) kB"; rc=1; } ;;
		SUnreclaim)
			[ $((a - b)) -le 8192 ] || [ "$kasan" = 1 ] ||
				{ echo "leak: SUnreclaim grew by $((a - b)) kB"; rc=1; } ;;
		MemAvailable)
			[ $((b - a)) -le 65536 ] || [ "$kasan" = 1 ] ||
				{ echo "leak: MemAvailable fell by $((b - a)) kB"; rc=1; } ;;
		esac
	done
	# slab caches: the three that grew most, and any that grew by OBJS objects or more
	awk -v objs="$objs" '
		NR == FNR { n[$1] = $2; next }
		{ d = $2 - n[$1]; if (d > 0) printf "%d %s %d %d\n", d, $1, n[$1], $2 }' \
		"$before.slab" "$after.slab" | sort -rn >"$after.slabdiff"
	head -n 3 "$after.slabdiff" | awk '{ printf "# slab %s: %d -> %d objects (+%d)\n", $2, $3, $4, $1 }'
	if [ "$kasan" = 1 ]; then
		echo "# KASAN kernel: freed objects wait in its quarantine, so slab counts," \
			"SUnreclaim and MemAvailable are shown, not judged; kmemleak checks objects"
		return $rc
	fi
	# vmap_area: vmalloc areas are freed lazily (purged in batches), so this cache swings
	# by hundreds; VmallocUsed above is the exact measure of vmalloc leaks.
	if awk -v objs="$objs" '$1 >= objs && $2 != "vmap_area" { printf "leak: slab %s grew by %d objects (%d -> %d)\n", $2, $1, $3, $4; bad = 1 }
		END { exit !bad }' "$after.slabdiff"; then
		rc=1
	fi
	return $rc
}
