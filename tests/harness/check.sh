#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: set up what is missing, build the test kernel, lint, boot
# every topology in tests/topologies once and judge the logs. The last line
# printed is "N passed, N failed".
#
# TOPOLOGIES="a b" limits the boots; LINT=0 skips lint.
. "$(dirname "$0")/common.sh"

for t in ${TOPOLOGIES:-}; do
	[[ -f $TOP/tests/topologies/$t.topo ]] || die "no topology $t (see tests/topologies/)"
done
"$TOP"/tests/harness/deps.sh
"$TOP"/tests/harness/build-kernel.sh
"$TOP"/tests/harness/build-initramfs.sh

lint_failed=0
if [[ ${LINT:-1} != 0 ]]; then
	"$TOP"/tests/harness/lint.sh || lint_failed=1
fi

rm -rf "$LOGS"
mkdir -p "$LOGS"
topos=()
if [[ -n ${TOPOLOGIES:-} ]]; then
	for t in $TOPOLOGIES; do topos+=("$TOP/tests/topologies/$t.topo"); done
else
	topos=("$TOP"/tests/topologies/*.topo)
fi
for t in "${topos[@]}"; do
	[[ -f $t ]] || die "no topology $t"
	"$TOP"/tests/harness/run-topology.sh "$t"
done

# Only when a boot ran the differential suite: "0 pairs in 0 boots" reads
# like a failure.
if grep -q -s "pcie_differential_all_pairs: pcie differential:" "$LOGS"/*.log; then
	echo
	echo "==== pcie differential (graph against p2pdma's legacy walk) ===="
	grep -H -o "pcie_differential_all_pairs: pcie differential: [0-9]* pairs, [0-9]* mismatches" \
		"$LOGS"/*.log | sed 's/\.log:pcie_differential_all_pairs:/:/; s|.*/||' |
		awk '{ p += $4; m += $6; n++; print "  " $0 }
		     END { printf "  total: %d pairs, %d mismatches in %d boots\n", p, m, n }'
fi

echo
echo "==== results ===="
set +e
python3 "$TOP"/tests/harness/ktap.py "$LOGS"/*.log > "$BUILD/summary.txt"
rc=$?
set -e
if [[ $lint_failed -ne 0 ]]; then
	# lint counts as one failed check, reported before the total
	last=$(tail -n 1 "$BUILD/summary.txt")
	head -n -1 "$BUILD/summary.txt"
	echo "  lint: 0 passed, 1 failed (see the lint output above)"
	passed=${last%% passed*}
	rest=${last#*, }
	failed=${rest%% failed*}
	tail_part=${rest#* failed}
	echo "$passed passed, $((failed + 1)) failed$tail_part"
	exit 1
fi
cat "$BUILD/summary.txt"
exit $rc
