#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every machine that lists it in p2p.guest=: the matrix a user sees
# (tools/p2ptopo, which asks /dev/p2p_topology for every pair) gives each
# ordered pair of devices the map type of the kernel's own search
# (debugfs), the sysfs tree has a node for every PCI function, and an
# unprivileged user (runas, uid 65534) gets root's matrix. p2ptopo.sh checks the tool in
# depth on a few machines.
. /guest/ktap.inc
. /guest/p2ptopo.inc

# The sysfs directories follow the graph from a work item: let it settle.
sleep 1

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_matrix"
echo "    1..3"
matrix_equals_debugfs
missing=
for f in /sys/bus/pci/devices/*; do
	[ -d $s/nodes/${f##*/} ] || missing="$missing ${f##*/}"
done
[ -z "$missing" ]
result $? every_pci_function_has_a_node "$(functions) functions${missing:+; missing:$missing}"
# Root asks again first, so that both see the same routes cached; the
# matrix carries no addresses, so the two must be equal byte for byte.
p2ptopo --json > $tmp/root.json 2>&1
/guest/runas 65534 65534 /bin/p2ptopo --json > $tmp/user.json 2>&1
rc=$?
[ $rc = 0 ] && cmp -s $tmp/root.json $tmp/user.json &&
	[ "$(/guest/runas 65534 65534 /bin/busybox id -u)" = 65534 ]
result $? unprivileged_user_gets_roots_matrix "exit $rc; $(diff -U0 $tmp/root.json $tmp/user.json | grep -v '^\(---\|+++\|@@\)' | head -n 2 | tr '\n' ';')"
echo "ok 1 guest_matrix"
