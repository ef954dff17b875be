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
# files any user may read and nobody may write.
. /guest/ktap.inc

s=/sys/kernel/p2p_topology
pci=/sys/bus/pci/devices

# The directories follow the graph from a work item: let it settle.
sleep 1

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_sysfs"
echo "    1..6"

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
echo "ok 1 guest_sysfs"
