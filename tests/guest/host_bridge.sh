#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A host bridge follows its functions (rc3-amd.topo, rc3-qemu64.topo):
# remove through sysfs the only root port of the third root complex, with
# the NVMe below it. The host bridge's node must leave the graph with its
# last function (it holds the bridge's device), p2pdma must keep agreeing
# with its legacy walk, and a rescan must bring all three back.
#
#   pxb pci0000:80 - 80:00.0 root port - 81:00.0 NVMe   (removed)
. /guest/ktap.inc

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_host_bridge"
echo "    1..5"
cp $d/routes /tmp/routes0
grep -q " host-bridge pcie pci0000:80$" $d/nodes && grep -q " 0000:81:00.0$" $d/nodes
result $? host_bridge_is_mirrored

echo 1 > /sys/bus/pci/devices/0000:80:00.0/remove
! grep -q "pci0000:80\|0000:8[01]:00\.0" $d/nodes $d/links $d/routes
result $? host_bridge_leaves_with_its_last_function
differential_agrees answers_agree_without_the_host_bridge

rescan_for 81:00.0
grep -q " host-bridge pcie pci0000:80$" $d/nodes && grep -q " 0000:81:00.0$" $d/nodes
result $? host_bridge_returns_with_its_functions
cmp -s /tmp/routes0 $d/routes
result $? routes_are_as_before
echo "ok 1 guest_host_bridge"
