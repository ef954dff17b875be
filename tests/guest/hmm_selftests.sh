#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own HMM selftests (tools/testing/selftests/mm/hmm-tests.c
# with lib/test_hmm built in), unmodified, on the patched kernel.
#
# Expected failures: 6.12's make_device_exclusive_range() fails the three
# exclusive* tests with -EBUSY when their buffer is a transparent huge page
# (this config's default is THP "always"). The first page of a large folio
# converts every PTE of the folio to a device-exclusive entry; each later
# page of the same folio then finds no present PTE, is reported invalid,
# and test_hmm returns -EBUSY. The unpatched tree fails them the same way.
# They are reported as skipped with that reason, then run again with THP
# off, where they must pass.

xfail="hmm.hmm_device_private.exclusive hmm.hmm_device_private.exclusive_mprotect hmm.hmm_device_private.exclusive_cow"
reason="expected failure, also unpatched: 6.12 make_device_exclusive_range() with THP (see hmm_selftests.sh)"

# run NAME [ARGS]: hmm-tests' TAP as KTAP subtest NAME number $i;
# expected failures become skips naming their reason when $1 says so.
i=0
run() {
	name=$1 mark=$2
	shift 2
	i=$((i + 1))
	echo "    # Subtest: $name"
	echo 5 > /proc/sys/kernel/printk
	/guest/hmm-tests "$@" > /tmp/hmm-tests.out 2>&1
	echo 7 > /proc/sys/kernel/printk
	awk -v xfail=" $xfail " -v mark="$mark" -v reason="$reason" '
		/^TAP version/ { next }
		/^not ok / && mark && index(xfail, " " $4 " ") {
			sub(/^not ok/, "ok"); print "    " $0 " # SKIP " reason; next }
		{ print "    " $0 }' /tmp/hmm-tests.out > /tmp/hmm-tests.ktap
	cat /tmp/hmm-tests.ktap
	if grep -q "^    not ok " /tmp/hmm-tests.ktap ||
	   ! grep -q "^    ok " /tmp/hmm-tests.ktap; then
		echo "not ok $i $name"
	else
		echo "ok $i $name"
	fi
}

# The hugetlbfs test needs huge pages set aside (CONFIG_HUGETLBFS); the
# gup tests use /sys/kernel/debug/gup_test (CONFIG_GUP_TEST).
echo 8 > /proc/sys/vm/nr_hugepages

echo "KTAP version 1"
echo "1..2"
run hmm_selftests 1
thp=/sys/kernel/mm/transparent_hugepage/enabled
old=$(sed 's/.*\[\(.*\)\].*/\1/' $thp)
echo never > $thp
run hmm_selftests_exclusive_without_thp "" \
	-r hmm.hmm_device_private.exclusive \
	-r hmm.hmm_device_private.exclusive_mprotect \
	-r hmm.hmm_device_private.exclusive_cow
echo "$old" > $thp
