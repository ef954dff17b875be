#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Allocation faults (core.topo), once the machine is up: runs the p2p_fault
# suite again through KUnit's debugfs and relays its cases. The suite lets
# failslab and fail_page_alloc fail its own task's allocations while it
# runs (drivers/p2p-core/tests/fault.h); their attributes must read as
# before afterwards, as must the graph's debugfs dump, and no case may have
# been skipped.
. /guest/ktap.inc

suite=/sys/kernel/debug/kunit/p2p_fault
attrs() {
	for a in failslab fail_page_alloc; do
		cat /sys/kernel/debug/$a/ignore-gfp-wait /sys/kernel/debug/$a/verbose
	done
}
dump() { cat $d/nodes $d/links $d/providers | md5sum; }

before=$(dump)
attrs_before=$(attrs)
echo 5 > /proc/sys/kernel/printk
echo run > $suite/run
echo 7 > /proc/sys/kernel/printk
after=$(dump)
attrs_after=$(attrs)

grep -E '^    (not )?ok [0-9]+ ' $suite/results > /tmp/fault-cases
cases=$(wc -l < /tmp/fault-cases)

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_faults"
echo "    1..$((cases + 3))"
grep -E '^ +# .*(allocation|faults)' $suite/results | sed 's/^ */    /'
cat /tmp/fault-cases
n=$cases
[ "$cases" -gt 0 ] && ! grep -q '# SKIP' /tmp/fault-cases
result $? every_fault_case_ran "$cases cases, none skipped"
[ "$before" = "$after" ]
result $? graph_dump_unchanged_by_faults
[ "$attrs_before" = "$attrs_after" ]
result $? fault_attributes_put_back "$(echo $attrs_after)"
echo "ok 1 guest_faults"
