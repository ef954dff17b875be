#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-kcsan: build the KCSAN kernel (the test kernel's configuration
# with tests/config/kcsan-kernel.config on top: KCSAN instead of KASAN) in
# build/obj-kcsan, boot the machine of tests/kcsan/kcsan.topo once (the
# project's KUnit suites but the benchmarks, p2p_stress among them) and
# judge its console as make check judges a boot. A KCSAN data-race report
# one of whose stack frames is the project's code fails the run and is
# printed whole; reports about the rest of the kernel are listed only.
# Not part of make check: a second kernel and a long boot do not fit its
# time budget.
export P2P_KERNEL=kcsan
. "$(dirname "$0")/common.sh"

# The judge itself first: a second, on the host.
python3 "$TOP"/tests/harness/ktap_test.py > /dev/null ||
	die "the log judge fails its own tests (python3 tests/harness/ktap_test.py)"
"$TOP"/tests/harness/deps.sh
"$TOP"/tests/harness/build-kernel.sh
"$TOP"/tests/harness/build-initramfs.sh

# The project's functions, for telling its races from the kernel's: the
# text symbols its objects in vmlinux.a define and no other object does
# (a static "show" or a constructor is no evidence).
mkdir -p "$BUILD/kcsan"
symbols=$BUILD/kcsan/project-symbols.txt
(cd "$KOBJ" && nm --defined-only vmlinux.a) |
	awk '/:$/ { ours = ($0 ~ /^drivers\/p2p-/); next }
	     NF == 3 && $2 ~ /^[tTwW]$/ { if (ours) own[$3] = 1; else other[$3] = 1 }
	     END { for (s in own) if (!(s in other)) print s }' | sort > "$symbols"
[[ -s $symbols ]] || die "no symbols of the project in $KOBJ/vmlinux"

mkdir -p "$LOGS"
"$TOP"/tests/harness/run-topology.sh "$TOP"/tests/kcsan/kcsan.topo
log=$LOGS/kcsan.log
cp "$log" "$BUILD/kcsan/console.log"
# A boot without KCSAN running proves nothing.
grep -q 'kcsan: enabled early' "$log" || die "KCSAN did not start (see $log)"
echo
echo "==== results (KCSAN) ===="
python3 "$TOP"/tests/harness/ktap.py --symbols "$symbols" "$log" | tee "$BUILD/kcsan/summary.txt"
