#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: set up what is missing, build the test kernel, lint, boot
# every topology in tests/topologies once and judge the logs. The last line
# printed is "N passed, N failed".
#
# TOPOLOGIES="a b" limits the boots; LINT=0 skips lint; CHECK_JOBS=N boots
# N machines at a time (default 2).
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

topos=()
if [[ -n ${TOPOLOGIES:-} ]]; then
	for t in $TOPOLOGIES; do topos+=("$TOP/tests/topologies/$t.topo"); done
else
	topos=("$TOP"/tests/topologies/*.topo)
fi
# The other kernels the machines ask for (KERNEL=), one build after the
# other: never two kernel builds at once.
for k in $(sed -n "s/^KERNEL=[\"']\{0,1\}\([a-z]*\).*/\1/p" "${topos[@]}" | sort -u); do
	P2P_KERNEL=$k "$TOP"/tests/harness/build-kernel.sh
	P2P_KERNEL=$k "$TOP"/tests/harness/build-initramfs.sh
done

rm -rf "$LOGS"
mkdir -p "$LOGS"
# Two boots side by side: each QEMU runs TCG in one thread, so two fill
# two cores (CHECK_JOBS=1 boots one at a time). core, by far the longest,
# starts first so that the other machines share the second core meanwhile.
ordered=()
for t in "${topos[@]}"; do
	[[ -f $t ]] || die "no topology $t"
	if [[ $(basename "$t") == core.topo ]]; then
		ordered=("$t" "${ordered[@]}")
	else
		ordered+=("$t")
	fi
done
running=0 boot_failed=0
for t in "${ordered[@]}"; do
	if ((running >= ${CHECK_JOBS:-2})); then
		wait -n || boot_failed=1
		running=$((running - 1))
	fi
	"$TOP"/tests/harness/run-topology.sh "$t" &
	running=$((running + 1))
done
while ((running > 0)); do
	wait -n || boot_failed=1
	running=$((running - 1))
done
# run-topology.sh judges nothing itself: it fails only when it could not
# boot at all (a SETUP step), which would leave a machine without a log.
((boot_failed == 0)) || die "a machine could not be booted (see above)"
# tools/p2ptopo against a fake tree on the host: no boot, a second.
"$TOP"/tests/tools/p2ptopo/host-test.sh > "$LOGS/p2ptopo-host.log" 2>&1 || true
# The log judge against sample consoles (with and without KCSAN reports
# about our code): under a second.
python3 "$TOP"/tests/harness/ktap_test.py > "$LOGS/ktap-host.log" 2>&1 || true
# The CXL backing-file checker against fake consoles and files: as fast.
python3 "$TOP"/tests/harness/cxl_backing_test.py > "$LOGS/cxl-backing-host.log" 2>&1 || true

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

# The demo's pictures, when the default machine booted: one result.
demo_failed=-1
if [[ -f $LOGS/default.log ]]; then
	echo
	echo "==== make demo's pictures (from the default machine's console) ===="
	if "$TOP"/tests/harness/render-demo.sh "$LOGS/default.log" > "$BUILD/demo-render.txt" 2>&1; then
		demo_failed=0
		tail -n 1 "$BUILD/demo-render.txt"
	else
		demo_failed=1
		cat "$BUILD/demo-render.txt"
	fi
fi

echo
echo "==== results ===="
set +e
judged=$(python3 "$TOP"/tests/harness/ktap.py "$LOGS"/*.log)
rc=$?
set -e
# Checks judged here rather than from a console log: lint counts only when
# it fails, the demo's pictures either way. Each adds a line before the
# total and its result to the total.
last=$(tail -n 1 <<< "$judged")
passed=${last%% passed*}
rest=${last#*, }
failed=${rest%% failed*}
tail_part=${rest#* failed}
{
	head -n -1 <<< "$judged"
	if [[ $demo_failed -ge 0 ]]; then
		echo "  demo pictures: $((1 - demo_failed)) passed, $demo_failed failed" \
			"(build/demo/topology.svg and .png)"
	fi
	if [[ $lint_failed -ne 0 ]]; then
		echo "  lint: 0 passed, 1 failed (see the lint output above)"
	fi
	if [[ $demo_failed -gt 0 ]]; then
		failed=$((failed + 1))
	elif [[ $demo_failed -eq 0 ]]; then
		passed=$((passed + 1))
	fi
	[[ $lint_failed -eq 0 ]] || failed=$((failed + 1))
	echo "$passed passed, $failed failed$tail_part"
} > "$BUILD/summary.txt"
cat "$BUILD/summary.txt"
[[ $rc -eq 0 && $failed -eq 0 ]]
