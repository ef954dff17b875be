#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The host's half of the demo: cut what guest/demo.sh printed between its
# marker lines ("==== p2p demo: NAME: COMMAND ====") out of the default
# machine's console log, print the matrix and the two routes, and render
# the DOT with Graphviz into build/demo/topology.svg and topology.png.
# Fails, saying what is missing, unless both pictures are non-empty.
#
# Usage: render-demo.sh [LOG]   (default build/logs/default.log)
. "$(dirname "$0")/common.sh"

log=${1:-$LOGS/default.log}
out=$BUILD/demo
[[ -s $log ]] || die "demo: no console log $log (boot the default topology first)"
command -v dot > /dev/null || die "demo: no Graphviz dot (tests/harness/deps.sh installs graphviz)"
rm -rf "$out"
mkdir -p "$out"

# section NAME: the lines after NAME's marker up to the next marker; fails
# when the marker is not in the log or nothing follows it, with what the
# command said on stderr (guest/demo.sh prints it as section "errors: NAME").
section() {
	cut_section "$1" && return
	echo "error: demo: $log has no \"$1\" section or it is empty" >&2
	cut_section "errors: $1" | sed 's/^/  /' >&2
	exit 1
}
cut_section() {
	tr -d '\r' < "$log" | awk -v name="$1" '
		/^==== p2p demo: / { on = index($0, "==== p2p demo: " name ": ") == 1 ||
				      $0 == "==== p2p demo: " name " ===="; next }
		on { print; n++ }
		END { exit n == 0 }'
}
heading() { tr -d '\r' < "$log" | grep -m 1 "^==== p2p demo: $1: " | sed 's/^==== p2p demo: [a-z]*: //; s/ ====$//'; }

section matrix > "$out/matrix.txt"
section direct > "$out/route-direct.txt"
section refused > "$out/route-refused.txt"
section cxl > "$out/route-cxl.txt"
section dot > "$out/topology.dot"

echo "==== the matrix: $(heading matrix) ===="
cat "$out/matrix.txt"
echo
echo "==== a direct route over the GPUs' fabric link: $(heading direct) ===="
cat "$out/route-direct.txt"
echo
echo "==== a refused route: $(heading refused) ===="
cat "$out/route-refused.txt"
echo
echo "==== an NVMe reaching the CXL region's memory: $(heading cxl) ===="
cat "$out/route-cxl.txt"
echo

for fmt in svg png; do
	dot -T"$fmt" -o "$out/topology.$fmt" "$out/topology.dot" ||
		die "demo: dot -T$fmt failed on $out/topology.dot"
	[[ -s $out/topology.$fmt ]] || die "demo: dot -T$fmt wrote an empty $out/topology.$fmt"
done
echo "==== the picture: ${out#"$TOP"/}/topology.svg and topology.png (from topology.dot) ===="
