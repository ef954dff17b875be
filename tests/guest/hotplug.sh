#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Hotplug (switch.topo): remove a switch downstream port and the edu below
# it through sysfs, then rescan. The graph must drop both nodes and their
# routes, p2pdma must keep agreeing with its legacy walk (the differential
# suite, run again through KUnit's debugfs), and after the rescan the graph
# must be what it was. kmemleak runs after this (kmemleak=on).
#
#   00:02.0 root port - 01:00.0 switch - 02:00.0 - 03:00.0 NVMe
#                                      - 02:01.0 - 04:00.0 edu   (removed)
#                                      - 02:02.0 - 05:00.0 pci-testdev
#                                      - 02:03.0 - 06:00.0 edu
. /guest/ktap.inc

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_hotplug"
echo "    1..8"
nodes0=$(wc -l < $d/nodes)
cp $d/routes /tmp/routes0
[ -e /sys/bus/pci/devices/0000:04:00.0 ] && grep -q " 0000:04:00.0$" $d/nodes
result $? edu_is_mirrored_before_removal

echo 1 > /sys/bus/pci/devices/0000:02:01.0/remove
nodes1=$(wc -l < $d/nodes)
links1=$(wc -l < $d/links)
[ "$nodes1" -eq $((nodes0 - 2)) ] && [ "$links1" -eq $((nodes1 - 1)) ]
result $? removal_drops_port_and_endpoint "$nodes0 -> $nodes1 nodes, $links1 links"
! grep -q "0000:02:01.0\|0000:04:00.0" $d/nodes $d/links $d/routes
result $? no_stale_node_link_or_route
differential_agrees answers_agree_after_removal

rescan_for 04:00.0
nodes2=$(wc -l < $d/nodes)
[ "$nodes2" -eq "$nodes0" ]
result $? rescan_restores_the_nodes "$nodes2 nodes"
grep -q " 0000:04:00.0$" $d/nodes
result $? edu_is_mirrored_again
cmp -s /tmp/routes0 $d/routes
result $? routes_are_as_before
differential_agrees answers_agree_after_rescan
echo "ok 1 guest_hotplug"
