#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The demo on the default machine (topologies/default.topo, its SSDT
# topologies/default.asl; qemu64 CPU):
#
#   pci0000:00  00:01.0 root port - 01:00.0 switch up - 02:00.0 - 03:00.0 NVMe CMB
#                                                     - 02:01.0 - 04:00.0 NVMe CMB
#                                                     - 02:02.0 - 05:00.0 edu
#               00:02.0 root port, ACS RR - 06:00.0 ivshmem GPU0, 06:00.1 edu
#   pci0000:40  40:00.0 root port - 41:00.0 ivshmem GPU1
#               GPU0 <-> GPU1: fabric 7, described by the SSDT only
#   pci0000:0c  0c:00.0 CXL root port - 0d:00.0 CXL switch up - 0e:00.0 - 0f:00.0 type-3
#                                                             - 0e:01.0 - 10:00.0 type-3
#               a 2-way region across the type-3 devices (guest/cxl_region.sh,
#               run before this script with p2p.cxl_keep=1)
#
# First what a user sees, between marker lines that tests/harness/demo.sh
# cuts out of the console: p2ptopo's matrix, two routes (GPU1 to GPU0's
# memory, direct over the fabric; the edu to GPU0's, refused; an NVMe to
# the CXL region's memory, through the host) and the
# graph as DOT, which the host renders with Graphviz. Then KTAP: answers
# whose values follow from the machine's shape by p2pdma's rules.
. /guest/ktap.inc
s=/sys/kernel/p2p_topology
p2ptopo=$(command -v p2ptopo || echo /guest/p2ptopo)
gpu0=0000:06:00.0 edu0=0000:06:00.1 gpu1=0000:41:00.0 nvme0=0000:03:00.0
cxl=/sys/bus/cxl/devices
region=$(basename "$(ls -d $cxl/region* 2>/dev/null | head -n 1)")

# The sysfs directories follow the graph from a work item: let it settle.
sleep 1

# provider_of NODE: the providers owned by the node named NODE.
provider_of() {
	for p in $s/providers/*; do
		[ "$(cat $p/owner/name 2>/dev/null)" = "$1" ] && basename $p
	done
}
rp=$(provider_of "$region")
# ask REQUEST: the answer of /dev/p2p_topology, without p2pq's two lines
# of status; p2pq's exit status.
ask() {
	/guest/p2pq "$1" > /tmp/ask.out
	st=$?
	sed '1,2d' /tmp/ask.out
	return $st
}

# section NAME COMMAND...: COMMAND's output between marker lines, what it
# says on stderr in a section of its own ("errors: NAME"); its exit status
# in the file /tmp/NAME.rc, its output in /tmp/NAME.out.
section() {
	name=$1
	shift
	echo "==== p2p demo: $name: $* ===="
	"$@" > /tmp/$name.out 2> /tmp/$name.err
	echo $? > /tmp/$name.rc
	cat /tmp/$name.out
	if [ -s /tmp/$name.err ]; then
		echo "==== p2p demo: errors: $name ===="
		cat /tmp/$name.err
	fi
}
# Keep kernel messages off the console meanwhile: the host reads the DOT
# from it line by line.
echo 1 > /proc/sys/kernel/printk
section matrix $p2ptopo matrix
section direct $p2ptopo route $gpu0 $gpu1
section refused $p2ptopo route $gpu0 $edu0
section cxl $p2ptopo route providers/$rp $nvme0 --offset 0x1040
section dot $p2ptopo dot
echo "==== p2p demo: end ===="
echo 7 > /proc/sys/kernel/printk

# query TARGET CLIENT: the answer of /dev/p2p_topology (one query per
# open file: write the request, read the answer from offset 0).
query() {
	{ printf 'route %s %s\n' "$1" "$2" >&3 && cat <&3; } 3<> /dev/p2p_topology
}
fw_path() { cat /sys/bus/pci/devices/"$1"/firmware_node/path 2>/dev/null; }
# BAR2 as "start-end" from sysfs.
bar2() {
	sed -n 3p /sys/bus/pci/devices/"$1"/resource |
		{ read -r b e _; printf '%#x-%#x' $((b)) $((e)); }
}
# count BUS: the nodes and links a backend added, as "N nodes, M links".
count() {
	echo "$(awk -v b="$1" '$3 == b' $d/nodes | wc -l) nodes," \
	     "$(awk -v b="$1" '$2 == b' $d/links | wc -l) links"
}
if host_turns_peer_traffic; then
	redirected="thru-host distance=2 cost=4 hops=4"
else
	redirected="none"
fi

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_demo"
echo "    1..15"
ok=0
for c in matrix direct refused dot; do
	[ -s /tmp/$c.out ] || ok=1
done
for c in matrix direct dot; do
	[ "$(cat /tmp/$c.rc)" = 0 ] || ok=1
done
grep -q "^\(di\)\?graph " /tmp/dot.out && [ "$(tail -n 1 /tmp/dot.out)" = "}" ] || ok=1
result $ok p2ptopo_prints_matrix_routes_and_dot \
	"exit $(cat /tmp/matrix.rc /tmp/direct.rc /tmp/refused.rc /tmp/dot.rc | tr '\n' ' ')"
# PCIe: a node for the host, each host bridge (PCI root) and each PCI
# function (here 1 + 2 + 18), joined as a tree (20 links). The fabric: a
# port on each GPU, joined to its function and to the other port.
want=$(($(ls -d /sys/devices/pci0000:* | wc -l) + $(functions) + 1))
p=$(count pcie)
f=$(count fw-fabric7)
[ "$p" = "$want nodes, $((want - 1)) links" ] && [ "$f" = "2 nodes, 3 links" ]
result $? pcie_is_a_tree_and_the_fabric_joins_two_ports "pcie $p; fabric $f"
# cmb_size_mb=64: 64 MiB each, published by the NVMe driver.
n=$(grep -c " 0000:0[34]:00.0 phys=0x[0-9a-f]* size=0x4000000 published$" $d/providers)
[ "$n" = 2 ]
result $? both_nvme_cmbs_are_published_providers "$n of 2"
r=$(route 03:00.0 04:00.0)
[ "$r" = "0000:03:00.0 -> 0000:04:00.0 direct distance=4 cost=4 hops=4" ]
result $? nvme_siblings_below_the_switch_are_direct "$r"
r=$(route 05:00.0 04:00.0)
[ "$r" = "0000:05:00.0 -> 0000:04:00.0 direct distance=4 cost=4 hops=4" ]
result $? edu_reaches_a_cmb_below_the_switch "$r"
# Across the host bridges, which q35 with the qemu64 CPU does not let
# peer traffic through (p2pdma's host bridge whitelist and CPU rule).
r=$(route 03:00.0 41:00.0)
case $r in
"0000:03:00.0 -> 0000:41:00.0 none refused-at=pci0000:"*"(host bridge "*) true ;;
*) false ;;
esac
result $? other_root_complex_is_refused_by_host_bridge "$r"
# The SSDT's apertures map BAR2 where SeaBIOS puts it on this machine.
p0=$(fw_path $gpu0) p1=$(fw_path $gpu1) b0=$(bar2 $gpu0) b1=$(bar2 $gpu1)
[ "$p0" = '\_SB_.PCI0.S10_.S00_' ] && [ "$p1" = '\_SB_.PC40.RP00.GPU1' ] &&
	[ "$b0" = 0xf8000000-0xfbffffff ] && [ "$b1" = 0xf4000000-0xf7ffffff ]
result $? gpus_are_where_the_ssdt_says "$p0 BAR2 $b0, $p1 BAR2 $b1"
# The main complex on node 0 (the SSDT's _PXM), the expander on node 1
# (its numa_node).
numa=$(cat /sys/bus/pci/devices/0000:0[36]:00.0/numa_node /sys/bus/pci/devices/$gpu1/numa_node 2>/dev/null | tr '\n' ' ')
[ "$numa" = "0 0 1 " ]
result $? root_complexes_are_on_numa_nodes_0_and_1 "03:00.0, 06:00.0, 41:00.0: $numa"
l=$(dmesg | grep "p2p-vlink: firmware describes")
[ "$l" = "p2p-vlink: firmware describes 2 nodes and 1 connections; 0 parts rejected" ]
result $? firmware_describes_2_gpus_and_1_link "$l"
# PCIe alone would refuse the GPUs (two host bridges); the fabric carries
# them: port to port (cost 1, the described link) and port to function
# (cost 0), both ways, over a private interconnect.
r1=$(route 41:00.0 06:00.0) r2=$(route 06:00.0 41:00.0)
a=$(query $gpu0 $gpu1 | grep "^\(map_type\|private_link\) ")
[ "$r1" = "$gpu1 -> $gpu0 direct distance=1 cost=1 hops=2" ] &&
	[ "$r2" = "$gpu0 -> $gpu1 direct distance=1 cost=1 hops=2" ] &&
	[ "$a" = "map_type direct
private_link 1" ]
result $? gpus_are_direct_over_the_fabric_with_a_private_link \
	"$r1; $(echo $a)"
# The two functions below 00:02.0 meet at it, but its ACS P2P Request
# Redirect (bit 2 of ACS Control, QEMU's capability at 0x148) sends their
# traffic up to the host, which qemu64 refuses.
ctrl=$(hexdump -s $((0x14e)) -n 2 -e '1/2 "%u"' /sys/bus/pci/devices/0000:00:02.0/config)
blame="refused-at=0000:00:02.0 (ACS P2P Request Redirect"
r1=$(route 06:00.1 06:00.0) r2=$(route 06:00.0 06:00.1)
[ $((ctrl & 4)) -ne 0 ] &&
	[ "${r1%%" $blame"*}" = "$edu0 -> $gpu0 $redirected" ] && [ "$r1" != "${r1%%"$blame"*}" ] &&
	[ "${r2%%" $blame"*}" = "$gpu0 -> $edu0 $redirected" ] && [ "$r2" != "${r2%%"$blame"*}" ]
result $? acs_redirected_pair_is_refused_naming_its_root_port "ctrl $ctrl; $r1"
# The refused route as p2ptopo explains it names the port and the rule.
grep -q "0000:00:02.0" /tmp/refused.out && grep -q "ACS" /tmp/refused.out
result $? p2ptopo_explains_the_refusal "$(grep -i "refus" /tmp/refused.out | head -n 2 | tr '\n' ';')"
# The NVMe's link bandwidth in MB/s:
# its negotiated speed and width as sysfs reports them, times the line
# encoding the PCIe spec gives that speed (8b/10b up to 5 GT/s, 128b/130b
# from 8 GT/s, flit mode at 64 GT/s, which the PCI core counts as 1/1),
# over 8 bits. The PCI core rounds each lane's rate down to whole Mb/s:
# allow 1/8 MB/s per lane and the final rounding.
dev=/sys/bus/pci/devices/0000:03:00.0
speed=$(cat $dev/current_link_speed)
width=$(cat $dev/current_link_width)
tenths=$(echo "${speed%% GT/s*}" | tr -d .)
case $tenths in
25 | 50) num=8 den=10 ;; 80 | 160 | 320) num=128 den=130 ;;
640) num=1 den=1 ;; *) num=0 den=1 ;;
esac
want_milli=$((tenths * 100 * width * num * 1000 / (den * 8)))
slack_milli=$((width * 1000 / 8 + 500))
l=$(grep " 0000:02:00.0 <-> 0000:03:00.0 " $d/links)
got=$(echo "$l" | sed -n 's/.* bandwidth_MBps=\([0-9]*\) .*/\1/p')
diff=$((${got:-0} * 1000 - want_milli))
[ $want_milli -gt 0 ] && [ ${diff#-} -le $slack_milli ]
result $? link_bandwidth_is_MBps_of_link_status \
	"$speed x$width: $((want_milli / 1000)) MB/s expected: $l"
# The CXL switch's region: one provider of CXL HDM memory at the HPAs
# the CXL core gave the region (its sysfs resource and size).
start=$(cat $cxl/$region/resource 2>/dev/null)
size=$(cat $cxl/$region/size 2>/dev/null)
[ -n "$rp" ] && [ "$(cat $s/providers/$rp/mem_type)" = cxl-hdm ] &&
	[ "$(cat $s/providers/$rp/phys_start)" = "$start" ] &&
	[ $(($(cat $s/providers/$rp/size))) = $((size)) ]
result $? cxl_region_is_a_cxl_hdm_provider \
	"${region:-no region}: provider ${rp:-none} at ${start:-?} size ${size:-?}"
# A PCIe device reaches CXL memory through its host bridge by default
# (no port on the way has Unordered I/O), at the HPA as its DMA address.
ask "route providers/$rp $nvme0 offset=0x1040" > /tmp/cxlq.out
key() { sed -n "s/^$1 //p" /tmp/cxlq.out; }
want=$(printf 'dma:0x%x' $((start + 0x1040)))
[ "$(cat /tmp/cxl.rc)" = 0 ] && [ "$(key map_type)" = thru-host ] &&
	[ "$(key address)" = "$want" ] && [ -z "$(key refused_by)" ]
result $? nvme_reaches_the_cxl_region_through_the_host \
	"$(grep -E '^(error|map_type|hops|address|refused_by) ' /tmp/cxlq.out | tr '\n' ';') want $want"
echo "ok 1 guest_demo"
