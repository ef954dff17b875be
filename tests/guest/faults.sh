#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Allocation faults (core.topo), once the machine is up: relays the cases
# of the p2p_fault suite as they ran at boot (KUnit keeps each suite's
# results in its debugfs). The suite makes failslab and fail_page_alloc
# fail its own task's allocations while it runs (drivers/p2p-core/tests/
# fault.h) and must put their settings back: the attributes must read as
# the kernel initialises them (mm/failslab.c, mm/fail_page_alloc.c,
# FAULT_ATTR_INITIALIZER), not as anything this script saw. Running the
# suite again here would only repeat the boot's run (about ten minutes
# under TCG).
. /guest/ktap.inc

suite=/sys/kernel/debug/kunit/p2p_fault
attrs() {
	for a in failslab fail_page_alloc; do
		for f in ignore-gfp-wait verbose probability task-filter; do
			printf '%s/%s=%s ' $a $f "$(cat /sys/kernel/debug/$a/$f)"
		done
	done
}
# The kernel's initial values: ignore_gfp_reclaim = true, verbose = 2,
# probability 0 (the zeroed rest of the initializer), no task filter.
defaults="failslab/ignore-gfp-wait=Y failslab/verbose=2 failslab/probability=0 failslab/task-filter=N fail_page_alloc/ignore-gfp-wait=Y fail_page_alloc/verbose=2 fail_page_alloc/probability=0 fail_page_alloc/task-filter=N "

grep -E '^    (not )?ok [0-9]+ ' $suite/results > /tmp/fault-cases
cases=$(wc -l < /tmp/fault-cases)
now=$(attrs)

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_faults"
echo "    1..$((cases + 2))"
grep -E '^ +# .*(allocation|faults)' $suite/results | sed 's/^ */    /'
cat /tmp/fault-cases
n=$cases
[ "$cases" -gt 0 ] && ! grep -q '# SKIP' /tmp/fault-cases
result $? every_fault_case_ran "$cases cases, none skipped"
[ "$now" = "$defaults" ]
result $? fault_attributes_are_the_kernel_defaults "$now"
echo "ok 1 guest_faults"
