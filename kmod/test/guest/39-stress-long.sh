#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 1800
# tags: long
# 31-stress with 10x the counts (soak): run with `run-all --long` or VCAM_LONG=1.
VCAM_STRESS_CYCLES=${VCAM_STRESS_CYCLES:-20000} VCAM_STRESS_KILLS=${VCAM_STRESS_KILLS:-1500} \
	exec kmod/test/guest/31-stress.sh
