#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A fabric link that only firmware describes (acpi-fabric.topo, its SSDT
# topologies/acpi-fabric.asl), on real enumerated functions:
#
#   pci0000:00  00:02.0 root port - 01:00.0 edu
#   pci0000:40  40:00.0 root port - 41:00.0 ivshmem \_SB.PC40.RP00.SHM0 --+
#   pci0000:80  80:00.0 root port - 81:00.0 ivshmem \_SB.PC80.RP00.SHM1 --+
#                                   fw-fabric7: 2 x 50000 MB/s, 500 ns
#
# With the qemu64 CPU p2pdma refuses every path across host bridges: the
# two ivshmem functions reach each other only over the described link, and
# the edu, which firmware does not describe, reaches neither.
#
# The loader gives each described function a port on the fabric, an
# endpoint node "fw-fabric7:<function>" attached to it: the route to the
# function (where providers are) goes port -> port -> function: cost 1,
# 2 hops. The in-kernel suite p2p_vlink_acpi checks the addresses, and
# pcie_differential that p2pdma still answers from PCIe alone.
kunit=/sys/kernel/debug/kunit/p2p_vlink_acpi
. /guest/ktap.inc
# Every route listed from $1 to $2 is of map type $3; there is one at least.
routes_are() {
	r=$(route "$1" "$2")
	[ -n "$r" ] && ! echo "$r" | grep -qv "^0000:$1 -> 0000:$2 $3\( \|$\)"
}
# Lines as one KTAP comment, duplicates dropped.
oneline() { echo "$1" | sed '/^$/d' | sort -u | tr '\n' ';' | sed 's/;$//'; }
fw_path() { cat /sys/bus/pci/devices/0000:"$1"/firmware_node/path 2>/dev/null; }
# BAR2 as "start-end" from sysfs.
bar2() {
	sed -n 3p /sys/bus/pci/devices/0000:"$1"/resource |
		{ read -r s e _; printf '%#x-%#x' $((s)) $((e)); }
}
log=$(dmesg)

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_acpi_fabric"
echo "    1..12"
p=$(fw_path 41:00.0)
[ "$p" = '\_SB_.PC40.RP00.SHM0' ]
result $? ivshmem_41_has_its_ssdt_companion "$p"
p=$(fw_path 81:00.0)
[ "$p" = '\_SB_.PC80.RP00.SHM1' ]
result $? ivshmem_81_has_its_ssdt_companion "$p"
# The SSDT's apertures map BAR2 where SeaBIOS puts it on this machine.
b=$(bar2 41:00.0)
[ "$b" = 0xf8000000-0xfbffffff ]
result $? aperture_of_41_covers_its_bar2 "BAR2 $b, aperture 0xf8000000 + 64 MiB"
b=$(bar2 81:00.0)
[ "$b" = 0xf4000000-0xf7ffffff ]
result $? aperture_of_81_covers_its_bar2 "BAR2 $b, aperture 0xf4000000 + 64 MiB"
# QEMU's DSDT (revision 1) makes integers 32 bits wide: a larger constant
# in the SSDT would be truncated with a warning.
a=$(echo "$log" | grep "ACPI Error\|ACPI BIOS Error\|ACPI Warning")
[ -z "$a" ]
result $? acpi_tables_load_without_errors_or_warnings "$(oneline "$a")"
s=$(echo "$log" | grep "p2p-vlink: firmware describes")
w=$(echo "$log" | grep "left out of the topology\|p2p-vlink: .*\(left out\|cannot\|no fabric\)")
[ "$s" = "p2p-vlink: firmware describes 2 nodes and 1 connections; 0 parts rejected" ] &&
	[ -z "$w" ]
result $? firmware_describes_2_nodes_1_connection_none_rejected "$(oneline "$s
$w")"
# Each port hangs off its function by an attach link of cost 0.
a=$(grep -c " fw-fabric7 \(0000:41:00.0 <-> fw-fabric7:0000:41:00.0\|0000:81:00.0 <-> fw-fabric7:0000:81:00.0\) cost=0 " $d/links)
[ "$a" = 2 ] && [ "$(grep -c " endpoint fw-fabric7 fw-fabric7:0000:[48]1:00.0$" $d/nodes)" = 2 ]
result $? both_ports_are_attached_to_their_functions "$a attach links"
# One link, of the bandwidth of one link times the link count.
l=$(grep " fw-fabric7 .* cost=1 " $d/links)
attr="cost=1 bandwidth_MBps=100000 latency_ns=500 dirs=rw"
case $l in
*" fw-fabric7 fw-fabric7:0000:41:00.0 <-> fw-fabric7:0000:81:00.0 $attr" | \
*" fw-fabric7 fw-fabric7:0000:81:00.0 <-> fw-fabric7:0000:41:00.0 $attr") [ "$(echo "$l" | wc -l)" = 1 ] ;;
*) false ;;
esac &&
# sysfs keeps the count (the .asl's p2p-link-count) and the bus's private
# interconnect flag; the attach links are internal.
sl=$(for x in /sys/kernel/p2p_topology/links/*; do
	[ "$(cat $x/bus)" = fw-fabric7 ] &&
		echo "internal=$(cat $x/internal) link_count=$(cat $x/link_count) private=$(cat $x/private)"
done | sort | tr '\n' ' ') &&
[ "$sl" = "internal=0 link_count=2 private=1 internal=1 link_count=1 private=1 internal=1 link_count=1 private=1 " ]
result $? fabric_link_joins_the_two_ports "$(oneline "$l") sysfs: $sl"
routes_are 41:00.0 81:00.0 direct &&
	route 41:00.0 81:00.0 | grep -qx "0000:41:00.0 -> 0000:81:00.0 direct distance=1 cost=1 hops=2"
result $? ivshmem_41_reaches_81_over_the_link "$(oneline "$r")"
routes_are 81:00.0 41:00.0 direct &&
	route 81:00.0 41:00.0 | grep -qx "0000:81:00.0 -> 0000:41:00.0 direct distance=1 cost=1 hops=2"
result $? ivshmem_81_reaches_41_over_the_link "$(oneline "$r")"
# The edu, which firmware does not describe, has only PCIe: through the
# host bridges, which p2pdma's policy allows on an AMD Zen CPU only. There
# the ivshmem pair could go the same way, and the link still wins.
if host_turns_peer_traffic; then
	host=thru-host
else
	host=none
fi
routes_are 01:00.0 41:00.0 $host && routes_are 41:00.0 01:00.0 $host &&
	routes_are 01:00.0 81:00.0 $host && routes_are 81:00.0 01:00.0 $host &&
	{ [ $host = thru-host ] ||
	  route 01:00.0 41:00.0 | grep -q " refused-at=pci0000:00 (host bridge "; }
result $? undescribed_edu_goes_through_the_host_if_allowed "$(oneline "$(route 01:00.0 41:00.0)")"
# The in-kernel suite ran at boot; it skips on machines without the pair,
# so here a skip is a failure.
k=$(cat $kunit/results 2>/dev/null)
echo "$k" | grep -q "^ *ok [0-9]* p2p_vlink_acpi" &&
	! echo "$k" | grep -q "not ok\|SKIP"
result $? kunit_p2p_vlink_acpi_passed "$(echo "$k" | grep -c "ok ") results"
echo "ok 1 guest_acpi_fabric"
