#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo: build the test kernel and boot the default topology, showing
# what the p2p topology graph sees.
. "$(dirname "$0")/common.sh"

"$TOP"/tests/harness/deps.sh
"$TOP"/tests/harness/build-kernel.sh
"$TOP"/tests/harness/build-initramfs.sh
"$TOP"/tests/harness/run-topology.sh "$TOP"/tests/topologies/default.topo
tr -d '\r' < "$LOGS/default.log" | sed -n '/==== p2p topology: nodes/,/^=====*$/p'
python3 "$TOP"/tests/harness/ktap.py "$LOGS/default.log" | tail -n 1
