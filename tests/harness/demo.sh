#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo: build the test kernel, boot the default topology and show what
# the p2p topology graph sees: p2ptopo's matrix, two routes, and the graph
# as a picture in build/demo/topology.svg and topology.png.
. "$(dirname "$0")/common.sh"

"$TOP"/tests/harness/deps.sh
"$TOP"/tests/harness/build-kernel.sh
"$TOP"/tests/harness/build-initramfs.sh
"$TOP"/tests/harness/run-topology.sh "$TOP"/tests/topologies/default.topo
"$TOP"/tests/harness/render-demo.sh "$LOGS/default.log"
# The machine's own checks, as make check judges them: the failures by
# name (if any), then the machine's count line; the exit status says
# whether all passed (ktap.py's, which pipefail keeps).
python3 "$TOP"/tests/harness/ktap.py "$LOGS/default.log" | grep -E '^ +(FAIL|default:)'
