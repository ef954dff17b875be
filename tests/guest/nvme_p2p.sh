#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The NVMe peer-to-peer data check (nvme.topo, nvme-legacy.topo):
#
#   00:02.0 root port - 01:00.0 switch - 02:00.0 - 03:00.0 NVMe, 16 MiB CMB
#                                      - 02:01.0 - 04:00.0 NVMe with a disk
#   pxb 40: 40:00.0 root port - 41:00.0 NVMe, 16 MiB CMB
#
# The disk's controller moves data from and into 03:00.0's CMB (a direct
# route below the switch) and every byte is checked. 41:00.0 shares no
# bridge with it and q35's host bridge is not whitelisted: the kernel must
# refuse that I/O with EREMOTEIO. Both hold whichever code decides.
pci=/sys/bus/pci/devices
. /guest/ktap.inc

# The NVMe driver probes asynchronously; wait for the memory and the disk.
i=0
while [ $i -lt 120 ]; do
	disk=$(ls -d /sys/block/nvme*n1 2>/dev/null | head -n 1)
	[ -e $pci/0000:03:00.0/p2pmem/allocate ] &&
		[ -e $pci/0000:41:00.0/p2pmem/allocate ] && [ -n "$disk" ] && break
	sleep 1
	i=$((i + 1))
done
disk=/dev/$(basename "$disk")
mode=$(cat /sys/module/p2p_topology/parameters/pci 2>/dev/null)

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_nvme_p2p"
echo "    1..5"
[ "$(cat $pci/0000:03:00.0/p2pmem/published 2>/dev/null)" = 1 ]
result $? cmb_is_published_p2pmem "p2pdma answered by: $mode"
if [ "$mode" = graph ]; then
	grep -q " 0000:03:00.0 " /sys/kernel/debug/p2p-topology/providers
	result $? cmb_is_a_provider_in_the_graph
else
	[ "$mode" = legacy ]
	result $? legacy_mode_is_active "$mode"
fi
out=$(/guest/p2pmem_dio $pci/0000:03:00.0/p2pmem/allocate "$disk")
rc=$?
echo "    # $out"
result $rc nvme_moves_data_from_and_into_peer_cmb "$disk"
out=$(/guest/p2pmem_dio $pci/0000:41:00.0/p2pmem/allocate "$disk")
rc=$?
echo "    # $out"
[ $rc = 3 ] && echo "$out" | grep -q "errno 121"
result $? route_through_unlisted_host_bridge_is_refused

# NVMe registers its CMB asynchronously, maybe after the suites built into
# the kernel ran: run the differential suite again now that the memory is
# there, for its cases that need p2pmem (distance_many answered from the
# cache, the map path with a child device). Its KTAP stays off the console.
# The legacy boot runs no KUnit (kunit.enable=0).
kunit=/sys/kernel/debug/kunit/pcie_differential
if [ "$mode" = graph ]; then
	echo 5 > /proc/sys/kernel/printk
	echo run > $kunit/run
	echo 7 > /proc/sys/kernel/printk
	! grep -q "not ok" $kunit/results &&
		grep -q "^ *ok [0-9]* pcie_differential_distance_many_is_cached$" $kunit/results &&
		grep -q "^ *ok [0-9]* pcie_differential_map_path_clients$" $kunit/results
	result $? differential_with_p2pmem "$(grep -o 'pcie differential: .*' $kunit/results)"
	grep "not ok\|# SKIP" $kunit/results | sed 's/^ */    # /'
else
	result 0 differential_with_p2pmem "SKIP no KUnit in the legacy boot"
fi
echo "ok 1 guest_nvme_p2p"
