#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /sys/kernel/p2p_topology (Documentation/ABI/testing/
# sysfs-kernel-p2p_topology) against what the PCI core shows in sysfs:
# a node per PCI function bound to it and of the kind its class says, a
# link between each function and its upstream bridge with the bandwidth
# its negotiated speed and width give (PCIe r6.0 sec 4.2: 2.5 and 5 GT/s
# carry 8 bits in 10, 8 and 16 GT/s 128 in 130), a host-bridge node per
# PCI root, providers adding up to each function's p2pmem size, and
# files any user may read and nobody may write. Against the graph as
# debugfs lists it: as many nodes and links, links by their id with the
# ends and bus debugfs gives. Then a PCI function is removed through
# /sys/bus/pci/devices/X/remove: its node's and its links' directories
# go, and a rescan brings the node back under the same name. (The test
# kernel has neither networking nor a uevent helper: user space cannot
# see uevents; KUnit p2p_sysfs counts them.)
. /guest/ktap.inc

s=/sys/kernel/p2p_topology
pci=/sys/bus/pci/devices

# The directories follow the graph from a work item: let it settle.
sleep 1

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_sysfs"
echo "    1..10"

bad=0 count=0
for f in $pci/*; do
	b=$(basename $f)
	count=$((count + 1))
	[ "$(readlink -f $s/nodes/$b/device)" = "$(readlink -f $f)" ] ||
		{ echo "    # $b: no node bound to it"; bad=1; continue; }
	case $(cat $f/class) in
	0x0604*) want=port ;;
	*) want=endpoint ;;
	esac
	[ "$(cat $s/nodes/$b/kind)" = $want ] ||
		{ echo "    # $b: kind $(cat $s/nodes/$b/kind), class says $want"; bad=1; }
done
[ $bad = 0 ] && [ $count -gt 0 ]
result $? every_pci_function_has_its_node "$count functions"

# ends A B: whether a link joins nodes A and B (either way round).
ends() {
	for l in $s/links/*; do
		e0=$(basename "$(readlink $l/end0)")
		e1=$(basename "$(readlink $l/end1)")
		if [ "$e0 $e1" = "$1 $2" ] || [ "$e0 $e1" = "$2 $1" ]; then
			echo $l
			return 0
		fi
	done
	return 1
}

# mbps SPEED WIDTH: MB/s of a link, from sysfs's "2.5 GT/s PCIe" and "1".
mbps() {
	case $1 in
	2.5) echo $((250 * $2)) ;;
	5.0) echo $((500 * $2)) ;;
	8.0) echo $((8000 * 128 / 130 / 8 * $2)) ;;
	16.0) echo $((16000 * 128 / 130 / 8 * $2)) ;;
	*) echo unknown ;;
	esac
}

bad=0 links=0 checked=0
for f in $pci/*; do
	b=$(basename $f)
	up=$(basename "$(dirname "$(readlink -f $f)")")
	[ -e $pci/$up ] || continue
	links=$((links + 1))
	l=$(ends $b $up) || { echo "    # no link $b -- $up"; bad=1; continue; }
	speed=$(cut -d' ' -f1 $f/current_link_speed 2>/dev/null)
	width=$(cat $f/current_link_width 2>/dev/null)
	[ -n "$speed" ] && [ -n "$width" ] && [ "$width" != 0 ] || continue
	want=$(mbps $speed $width)
	[ $want = unknown ] && continue
	checked=$((checked + 1))
	[ "$(cat $l/bandwidth_MBps)" = $want ] ||
		{ echo "    # $l: $(cat $l/bandwidth_MBps) MB/s, $speed GT/s x$width gives $want"; bad=1; }
done
[ $bad = 0 ] && [ $links -gt 0 ]
result $? every_function_links_to_its_bridge "$links links, $checked bandwidths checked"

bad=0 roots=0
for r in /sys/devices/pci*; do
	[ -d $r ] || continue
	roots=$((roots + 1))
	[ "$(cat $s/nodes/$(basename $r)/kind 2>/dev/null)" = host-bridge ] ||
		{ echo "    # $(basename $r): no host-bridge node"; bad=1; }
done
[ $bad = 0 ] && [ $roots -gt 0 ]
result $? every_pci_root_is_a_host_bridge "$roots roots"

bad=0 mem=0
for f in $pci/*; do
	[ -e $f/p2pmem/size ] || continue
	b=$(basename $f)
	mem=$((mem + 1))
	sum=0
	for p in $s/providers/*; do
		[ "$(basename "$(readlink $p/owner)")" = $b ] &&
			sum=$((sum + $(cat $p/size)))
	done
	[ $sum = $(cat $f/p2pmem/size) ] ||
		{ echo "    # $b: providers $sum bytes, p2pmem $(cat $f/p2pmem/size)"; bad=1; }
done
[ $bad = 0 ]
result $? providers_add_up_to_p2pmem "$mem functions with p2pmem"

# The graph as debugfs lists it: "<id> <kind> <bus> <name>" per node,
# "<id> <bus> <end0> <-> <end1> ..." per link. A node's directory is
# <name>, or <name>@<id> when another node has the name.
bad=0 nodes=0
while read -r id kind bus name; do
	nodes=$((nodes + 1))
	dir=$s/nodes/$name
	[ "$(cat $dir/id 2>/dev/null)" = $id ] || dir=$s/nodes/$name@$id
	[ "$(cat $dir/kind 2>/dev/null) $(cat $dir/bus 2>/dev/null)" = "$kind $bus" ] ||
		{ echo "    # node $id $name: no directory of kind $kind on $bus"; bad=1; }
done < $d/nodes
have=$(ls $s/nodes | wc -l)
[ $bad = 0 ] && [ $nodes -gt 0 ] && [ $have = $nodes ]
result $? nodes_match_the_graph "$nodes in the graph, $have in sysfs"

bad=0 links=0
while read -r id bus e0 _ e1 _; do
	links=$((links + 1))
	l=$s/links/$id
	got="$(cat $l/bus 2>/dev/null) $(cat $l/end0/name 2>/dev/null) $(cat $l/end1/name 2>/dev/null)"
	[ "$got" = "$bus $e0 $e1" ] ||
		{ echo "    # link $id: \"$got\", the graph has \"$bus $e0 $e1\""; bad=1; }
done < $d/links
have=$(ls $s/links | wc -l)
[ $bad = 0 ] && [ $links -gt 0 ] && [ $have = $links ]
result $? links_named_by_id_match_the_graph "$links in the graph, $have in sysfs"

# Modes: others may read every attribute but phys_start; nobody writes.
wrong=$(find $s -type f ! -name phys_start ! -perm -0444)
wrong="$wrong$(find $s -type f -name phys_start ! -perm 0400)"
wrong="$wrong$(find $s -type f -perm /0222)"
[ -z "$wrong" ]
result $? files_readable_by_all_writable_by_none "$(echo $wrong | head -c 200)"

# Every attribute reads without error (the values are checked above).
bad=0
for a in $(find $s -type f); do
	cat $a > /dev/null 2>&1 || { echo "    # cannot read $a"; bad=1; }
done
[ $bad = 0 ]
result $? every_attribute_reads "$(find $s -type f | wc -l) files"

# wait_for TEST: up to 10 s for the event work item to catch up.
wait_for() {
	i=0
	while ! eval "$1" && [ $i -lt 10 ]; do
		sleep 1
		i=$((i + 1))
	done
	eval "$1"
}

# The function to remove: an endpoint below a port, whose removal the
# later programs do not notice (nvme: the disk's controller, which
# trace.sh finds again by its namespace; acpi-fabric: the edu).
v=
for c in 0000:04:00.0 0000:01:00.0; do
	[ -e $pci/$c ] && ! grep -q '^0x0604' $pci/$c/class && { v=$c; break; }
done
gone=
for l in $s/links/*; do
	[ "$(cat $l/end0/name $l/end1/name 2>/dev/null | grep -cx "$v")" = 1 ] &&
		gone="$gone $(basename $l)"
done
up=$(basename "$(dirname "$(readlink -f $pci/$v)")")
echo 1 > $pci/$v/remove
wait_for "[ ! -e $s/nodes/$v ]"
bad=0
[ -n "$v" ] && [ -n "$gone" ] && [ ! -e $s/nodes/$v ] || bad=1
for id in $gone; do
	[ -e $s/links/$id ] && { echo "    # link $id of $v is still there"; bad=1; }
done
[ $bad = 0 ]
result $? removed_function_takes_its_node_and_links "$v, links$gone"

# Only the port above it: a rescan of every bus would run the pxb-pcie
# host bridges' _PRT methods again, whose AML loop can time out under load.
echo 1 > $pci/$up/rescan
wait_for "[ -e $s/nodes/$v ]"
[ "$(readlink -f $s/nodes/$v/device)" = "$(readlink -f $pci/$v)" ] &&
	[ -n "$(ends $v $up)" ]
result $? rescan_brings_the_node_back_under_its_name "$v, link to $up: $(ends $v $up)"
echo "ok 1 guest_sysfs"
