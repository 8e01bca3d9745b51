#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0+
# timeout: 1200
# tags: long
# 30-fuzz for 15 minutes (soak): run with `run-all --long` or VCAM_LONG=1.
VCAM_FUZZ_SECONDS=${VCAM_FUZZ_SECONDS:-900} exec kmod/test/guest/30-fuzz.sh
