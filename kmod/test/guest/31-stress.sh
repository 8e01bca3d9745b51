#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 240
# Lifetime stress beyond 22-lifecycle: thousands of create/destroy cycles from two
# threads (some with frames, a consumer thread blocked in DQBUF while the producer
# closes and a thread racing open()/close() of the node, a consumer closing while a
# producer thread feeds), producer and consumer processes SIGKILLed mid-QUEUE and
# mid-DQBUF in every order, and `rmmod vcam` while a producer runs or a consumer still
# holds a dead camera's node (must fail and leave the module working; once idle, the
# module must unload and load again). Afterwards nothing is left behind: cameras,
# module references, /dev/video nodes, DMA-BUFs, vmalloc, slab (see lib/vcam-state.sh).
# VCAM_STRESS_CYCLES / VCAM_STRESS_KILLS override the counts (39-stress-long: 10x);
# VCAM_STRESS_SEED replays a run.
set -u
. kmod/test/tools/guest-lib.sh
# run-all scales test timeouts on slow kernels (KASAN); the inner ones follow
SCALE=${VCAM_TIMEOUT_SCALE:-1}
. kmod/test/lib/wait.sh
. kmod/test/lib/vcam-state.sh
STRESS=$PWD/kmod/test/tools/vcam-stress
CYCLES=${VCAM_STRESS_CYCLES:-2000}
KILLS=${VCAM_STRESS_KILLS:-150}
SEED=${VCAM_STRESS_SEED:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}
build_tools
ensure_dmabuf_source
mount | grep -q ' /sys/kernel/debug ' || mount -t debugfs none /sys/kernel/debug 2>/dev/null
note "seed $SEED (replay: VCAM_STRESS_SEED=$SEED)"

vcam_wait_idle 10 || fail "not idle before the test: $(vcam_cameras) cameras, refcnt $(vcam_refcnt)"
# warm up: first use of caches, ids and device numbers is not a leak
timeout -k 5 $((60 * SCALE)) "$STRESS" cycles 40 --seed "$SEED" >"$WORK/warmup.log" 2>&1 ||
	fail "warm-up cycles: $(grep -m1 FAIL "$WORK/warmup.log" || tail -n 1 "$WORK/warmup.log")"
vcam_wait_idle 10 || fail "cameras left after the warm-up: $(cat /sys/class/misc/vcam/cameras)"
vcam_snapshot "$WORK/before"

# 1. create/destroy cycles with consumers and races
start=$(date +%s)
timeout -k 5 $(((60 + CYCLES / 20) * SCALE)) "$STRESS" cycles "$CYCLES" --threads 2 --seed "$SEED" >"$WORK/cycles.log" 2>&1
rc=$?
cat "$WORK/cycles.log"
[ "$rc" = 124 ] && fail "vcam-stress cycles $CYCLES timed out (hang?)"
[ "$rc" = 0 ] || fail "cycles: $(grep -m1 FAIL "$WORK/cycles.log" || tail -n 1 "$WORK/cycles.log")"
note "cycles took $(($(date +%s) - start)) s"

# 2. SIGKILL producers and consumers in every order
start=$(date +%s)
timeout -k 5 $(((60 + KILLS / 3) * SCALE)) "$STRESS" kill "$KILLS" --seed "$SEED" >"$WORK/kill.log" 2>&1
rc=$?
cat "$WORK/kill.log"
[ "$rc" = 124 ] && fail "vcam-stress kill $KILLS timed out (hang?)"
[ "$rc" = 0 ] || fail "kill: $(grep -m1 FAIL "$WORK/kill.log" || tail -n 1 "$WORK/kill.log")"
note "kill rounds took $(($(date +%s) - start)) s"

# 3. rmmod while busy fails cleanly and leaves everything working
start_producer --label "stress rmmod" --size 320x240 --pattern counter --quiet
rmmod vcam >"$WORK/rmmod1.err" 2>&1 && fail "rmmod vcam succeeded while a producer held /dev/vcam"
grep -qi "in use" "$WORK/rmmod1.err" || fail "rmmod while busy: unexpected message: $(cat "$WORK/rmmod1.err")"
{ [ -c /dev/vcam ] && [ -d /sys/module/vcam ]; } || fail "the module or /dev/vcam vanished after a refused rmmod"
kill -0 "$PRODUCER_PID" 2>/dev/null || fail "the producer died when rmmod was refused"
timeout -k 5 30 "$V4L2_READ" "$VIDEO_DEV" 10 "$WORK/rmmod.yuyv" >"$WORK/rmmod-read.log" 2>&1 ||
	fail "reading $VIDEO_DEV after a refused rmmod: $(cat "$WORK/rmmod-read.log")"
"$COUNTER_CHECK" --size 320x240 --format YUYV --min-frames 10 --min-distinct 5 "$WORK/rmmod.yuyv" \
	>"$WORK/rmmod.check" || fail "frames after a refused rmmod: $(cat "$WORK/rmmod.check")"
# a consumer keeps the dead camera's node open after the producer is gone
exec 7<"$VIDEO_DEV"
stop_producer
wait_gone "$VIDEO_DEV" 10 || fail "$VIDEO_DEV still exists after its producer ended"
[ "$(vcam_refcnt)" -ge 1 ] || fail "an open node of a dead camera holds no module reference (refcnt $(vcam_refcnt))"
rmmod vcam >"$WORK/rmmod2.err" 2>&1 && fail "rmmod vcam succeeded while a consumer held a dead camera's node"
exec 7<&-
vcam_wait_idle 10 || fail "not idle after the last consumer closed: refcnt $(vcam_refcnt), cameras $(vcam_cameras)"
note "rmmod refused while busy (producer; consumer of a dead camera): $(head -n 1 "$WORK/rmmod1.err")"

vcam_snapshot "$WORK/after"
objs=$((CYCLES + KILLS))
vcam_compare "$WORK/before" "$WORK/after" $((objs / 4 > 400 ? objs / 4 : 400)) >"$WORK/compare.log"
rc=$?
cat "$WORK/compare.log"
[ "$rc" = 0 ] || fail "left behind after $CYCLES cycles and $KILLS kill rounds: $(grep -m3 '^leak' "$WORK/compare.log" | tr '\n' ' ')"

# 4. idle: the module unloads and loads again
rmmod vcam 2>"$WORK/rmmod3.err" || fail "rmmod vcam failed when idle: $(cat "$WORK/rmmod3.err")"
insmod "$VCAM_KO" 2>"$WORK/insmod.err" || fail "insmod $VCAM_KO after rmmod: $(cat "$WORK/insmod.err")"
wait_for_node /dev/vcam 10 || fail "/dev/vcam did not come back after insmod"
echo "PASS: $CYCLES create/destroy cycles, $KILLS kill rounds, rmmod refused while busy; nothing left behind"
