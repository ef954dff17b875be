#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make kunit SUITE=glob: build, boot the minimal machine, run chosen suites.
. "$(dirname "$0")/common.sh"

suite=${SUITE:-p2p_*}
"$TOP"/tests/harness/build-kernel.sh
"$TOP"/tests/harness/build-initramfs.sh
rm -f "$LOGS/kunit.log"
tmp=$(mktemp)
sed "s/^APPEND=.*/APPEND=\"kmemleak=on kunit.filter_glob=$suite\"/" "$TOP"/tests/topologies/core.topo > "$tmp"
mkdir -p "$LOGS"
cp "$tmp" "$BUILD/kunit.topo"
rm -f "$tmp"
"$TOP"/tests/harness/run-topology.sh "$BUILD/kunit.topo"
grep -E '^ *(ok|not ok) |# Subtest|KTAP|BUG|WARNING|KASAN' "$LOGS/kunit.log" || true
python3 "$TOP"/tests/harness/ktap.py "$LOGS/kunit.log"
