#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The p2pdma map path under load (nvme-acs-amd.topo):
#
#   00:02.0 root port, ACS RR set - 01:00.0 NVMe, 16 MiB CMB (provider)
#                                 - 01:00.1 NVMe with a disk (client)
#
# The disk controller's DMA to the CMB goes through the root complex: ACS
# redirects it there and the AMD CPU lets it turn around. Every O_DIRECT
# write maps CMB pages (pci_p2pdma_map_segment()); p2pdma explains a
# redirected route once per pair, and so must the graph, whatever the
# number of mappings. No KUnit suite runs before this (they would ask
# first, silently, as p2pdma's own cache would then stay silent too): the
# map path is the first to ask, so exactly one explanation is expected. Then the CMB's function is removed while another
# process keeps mapping its pages, and comes back with a rescan.
pci=/sys/bus/pci/devices
cmb=0000:01:00.0
client=0000:01:00.1
. /guest/ktap.inc

wait_for_cmb() {
	i=0
	while [ $i -lt 120 ]; do
		blk=$(ls -d /sys/block/nvme*n1 2>/dev/null | head -n 1)
		# published comes last in pci_p2pmem_publish(), after the
		# pages and the graph's provider
		[ "$(cat $pci/$cmb/p2pmem/published 2>/dev/null)" = 1 ] &&
			grep -q " $cmb " $d/providers && [ -n "$blk" ] && return 0
		sleep 1
		i=$((i + 1))
	done
	return 1
}
# How often the kernel explained the redirect for this pair.
explained() {
	dmesg | grep "$client" | grep -c "ACS redirect is set between the client and provider ($cmb)"
}

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_nvme_acs"
echo "    1..6"
wait_for_cmb
result $? cmb_and_disk_are_ready
disk=/dev/$(basename "$blk")
route 01:00.1 01:00.0 | grep -q "thru-host"
result $? route_is_thru_host "$(route 01:00.1 01:00.0)"

out=$(/guest/p2pmem_dio -n 1000 $pci/$cmb/p2pmem/allocate "$disk")
rc=$?
echo "    # $(echo "$out" | tr '\n' ' ')"
result $rc thousand_mappings_move_the_data
count=$(explained)
[ "$count" -eq 1 ]
result $? redirect_explained_once_for_thousand_mappings "$count explanations"

# Remove the provider while the disk controller keeps mapping its pages.
/guest/p2pmem_dio -u 1000000 $pci/$cmb/p2pmem/allocate "$disk" > /tmp/load 2>&1 &
load=$!
sleep 2
echo 1 > $pci/$cmb/remove
wait $load
rc=$?
echo "    # $(cat /tmp/load | tr '\n' ' ')"
[ $rc -eq 0 ] && [ ! -e $pci/$cmb ] && ! grep -q " $cmb " $d/providers
result $? provider_removed_while_mapping "load exit $rc"

echo 1 > /sys/bus/pci/rescan
wait_for_cmb && out=$(/guest/p2pmem_dio $pci/$cmb/p2pmem/allocate "$disk")
rc=$?
echo "    # $out"
[ $rc -eq 0 ] && grep -q " $cmb " $d/providers
result $? rescanned_provider_moves_data_again
echo "ok 1 guest_nvme_acs"
