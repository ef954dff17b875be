#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every test machine: the matrix a user sees (tools/p2ptopo, which asks
# /dev/p2p_topology for every pair) gives each ordered pair of device
# endpoints the map type of the kernel's own search (debugfs), and the
# sysfs tree has a node for every PCI function. p2ptopo.sh checks the tool
# in depth on a few machines.
. /guest/ktap.inc
. /guest/p2ptopo.inc

# The sysfs directories follow the graph from a work item: let it settle.
sleep 1

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_matrix"
echo "    1..2"
matrix_equals_debugfs
missing=
for f in /sys/bus/pci/devices/*; do
	[ -d $s/nodes/${f##*/} ] || missing="$missing ${f##*/}"
done
[ -z "$missing" ]
result $? every_pci_function_has_a_node "$(functions) functions${missing:+; missing:$missing}"
echo "ok 1 guest_matrix"
