#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: build the benchmark kernel (the test kernel's configuration
# with tests/config/bench-kernel.config on top: no KASAN, lockdep or other
# debug option to distort the figures) in build/obj-bench, boot the machine
# of tests/bench/bench.topo once, and turn the P2P-BENCH lines of its
# console into a table (stdout) and build/bench/results.json.
#
# Every comparison is made within that one boot, so ratios hold under
# emulation even where absolute figures do not.
export P2P_KERNEL=bench
. "$(dirname "$0")/common.sh"

"$TOP"/tests/harness/deps.sh
"$TOP"/tests/harness/build-kernel.sh
"$TOP"/tests/harness/build-initramfs.sh

mkdir -p "$BUILD/bench"
"$TOP"/tests/harness/run-topology.sh "$TOP"/tests/bench/bench.topo
log=$LOGS/bench.log
cp "$log" "$BUILD/bench/console.log"
# The boot must be clean, as in make check, for its figures to count.
python3 "$TOP"/tests/harness/ktap.py "$log" || die "the benchmark boot failed (see $log)"
python3 "$TOP"/tests/harness/bench.py "$log" "$BUILD/bench/results.json"
