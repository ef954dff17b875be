#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The p2pdma map path under load (nvme-acs-amd.topo, nvme-acs-qemu64.topo):
#
#   00:02.0 root port, ACS RR set - 01:00.0 NVMe, 16 MiB CMB (provider)
#                                 - 01:00.1 NVMe with a disk (client)
#
# The disk controller's DMA to the CMB goes through the root complex: ACS
# redirects it there. No KUnit suite runs before this (they would ask
# first, silently, as p2pdma's own cache would then stay silent too): the
# map path is the first to ask, so exactly one explanation is expected.
#
# Where the CPU lets the traffic turn around (AMD Zen), every O_DIRECT
# write maps CMB pages (pci_p2pdma_map_segment()); p2pdma explains a
# redirected route once per pair, and so must the graph, whatever the
# number of mappings. Then the CMB's function is removed while another
# process keeps mapping its pages, and comes back with a rescan.
#
# Where it does not (qemu64), the host bridge refuses: the mappings fail,
# and the kernel says why once, in p2pdma's words and order: the ACS
# redirect and its hint, the host bridge not in the whitelist (on its
# device 00.0, with that device's IDs), and that the pair cannot be used.
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

# The line number in dmesg of the only line with message $1 about the
# pair, or nothing when there is none or more than one.
said_once() {
	dmesg | grep -n -F "$1" | awk -F: 'END { if (NR == 1) print $1 }'
}

# The host bridge refuses: the mappings fail, explained once in order.
refused() {
	echo "    1..5"
	wait_for_cmb
	result $? cmb_and_disk_are_ready
	disk=/dev/$(basename "$blk")
	r=$(route 01:00.1 01:00.0)
	[ "${r%% refused-at=*}" = "0000:01:00.1 -> 0000:01:00.0 none" ]
	result $? route_is_refused "$r"
	! /guest/p2pmem_dio -n 10 $pci/$cmb/p2pmem/allocate "$disk" > /tmp/dio 2>&1
	result $? mappings_are_refused "$(tr '\n' ' ' < /tmp/dio)"
	id=$(sed 's/^0x//' $pci/0000:00:00.0/vendor):$(sed 's/^0x//' $pci/0000:00:00.0/device)
	acs=$(said_once "$client: ACS redirect is set between the client and provider ($cmb)")
	hint=$(said_once "$client: to disable ACS redirect for this path, add the kernel parameter: pci=disable_acs_redir=0000:00:02.0")
	wl=$(said_once "0000:00:00.0: Host bridge not in P2PDMA whitelist: $id")
	no=$(said_once "$client: cannot be used for peer-to-peer DMA as the client and provider ($cmb) do not share an upstream bridge or whitelisted host bridge")
	[ -n "$acs" ] && [ -n "$hint" ] && [ -n "$wl" ] && [ -n "$no" ] &&
		[ "$acs" -lt "$hint" ] && [ "$hint" -lt "$wl" ] && [ "$wl" -lt "$no" ]
	result $? host_bridge_named_once_as_p2pdma_does "lines $acs $hint $wl $no"
	count=$(dmesg | grep -c "Host bridge not in P2PDMA whitelist")
	[ "$count" -eq 1 ]
	result $? whitelist_warned_once_for_ten_mappings "$count warnings"
	echo "ok 1 guest_nvme_acs"
}

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_nvme_acs"
if ! host_turns_peer_traffic; then
	refused
	exit 0
fi
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
