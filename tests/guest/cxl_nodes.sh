#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The CXL backend's nodes against what the kernel's CXL core shows in
# /sys/bus/cxl/devices, both ways: every port (root, host bridge, switch,
# endpoint) has a node of its name, kind and device; every dport of a
# host bridge or switch a node "dport:<its PCI device>"; the root's dports
# are the host bridges (the port whose parent_dport it is); a memdev is
# in the hierarchy through its endpoint port (whose uport it is), which
# must have a node (a memdev without one, cxl_mem unbound, is counted
# apart: it has no node of its own). And no CXL node exists without
# such an object. Each node hangs below its parent (a host bridge below
# the root, a port below its parent_dport, a dport below its port), and
# each but the root is joined by an internal link to the PCIe node of the
# same device (a port's uport, a dport's device, the PCI function above
# an endpoint's memdev). Everything expected comes from the CXL core's
# sysfs, never from the backend. Then the same after cxl_mem is unbound
# from a memdev, after it is bound again, after it is unbound from all
# (the switch goes with its last endpoint), and after all are bound again.
. /guest/ktap.inc

s=/sys/kernel/p2p_topology
cxl=/sys/bus/cxl/devices
drv=/sys/bus/cxl/drivers

# settle: wait up to 30 s for every memdev bound to cxl_mem to have its
# endpoint, then let the graph's sysfs directories follow (they come from
# a work item).
settle() {
	i=0
	while [ $i -lt 30 ]; do
		uports
		missing=0
		for m in $cxl/mem*; do
			[ -e "$m/driver" ] || continue
			grep -qx "$(readlink -f $m)" /tmp/cxl.uports || missing=1
		done
		[ $missing = 0 ] && break
		sleep 1
		i=$((i + 1))
	done
	sleep 1
}

# uports: the device each endpoint stands for, one path a line.
uports() {
	: > /tmp/cxl.uports
	for p in $cxl/endpoint*; do
		[ -e "$p" ] && readlink -f $p/uport >> /tmp/cxl.uports
	done
}

# want: what the CXL core shows, one node a line:
# NAME KIND PARENT PHYS DEVICE (PHYS the device to be joined to, "-" none).
want() {
	: > /tmp/cxl.want
	for p in $cxl/root* $cxl/port* $cxl/endpoint*; do
		[ -e "$p" ] || continue
		b=$(basename $p)
		dev=$(readlink -f $p)
		up=$(basename "$(dirname $dev)")
		case $b in
		root*) echo "$b host - - $dev" ;;
		endpoint*)
			echo "$b endpoint dport:$(basename "$(readlink -f $p/parent_dport)") $(dirname "$(readlink -f $p/uport)") $dev" ;;
		*)
			case $up in
			root*) echo "$b host-bridge $up $(readlink -f $p/uport) $dev" ;;
			*) echo "$b switch dport:$(basename "$(readlink -f $p/parent_dport)") $(readlink -f $p/uport) $dev" ;;
			esac
			for d in $p/dport*; do
				[ -e "$d" ] || continue
				echo "dport:$(basename "$(readlink -f $d)") port $b $(readlink -f $d) -"
			done ;;
		esac
	done >> /tmp/cxl.want
}

# have: the graph's CXL nodes (NAME KIND DEVICE), PCIe nodes (DEVICE
# NAME) and links (END0 END1 INTERNAL).
have() {
	: > /tmp/cxl.have
	: > /tmp/pcie.nodes
	for node in $s/nodes/*; do
		b=$(basename $node)
		dev=-
		[ -e $node/device ] && dev=$(readlink -f $node/device)
		case $(cat $node/bus) in
		cxl) echo "$b $(cat $node/kind) $dev" >> /tmp/cxl.have ;;
		pcie) echo "$dev $b" >> /tmp/pcie.nodes ;;
		esac
	done
	: > /tmp/links
	for l in $s/links/*; do
		echo "$(basename "$(readlink $l/end0)") $(basename "$(readlink $l/end1)") $(cat $l/internal)" >> /tmp/links
	done
}

# linked A B INTERNAL: whether a link of that sort joins A and B.
linked() {
	grep -qx "$1 $2 $3" /tmp/links || grep -qx "$2 $1 $3" /tmp/links
}

# compare LABEL: four cases on the graph as it is now.
compare() {
	settle
	want
	have
	bad=0 ports=0 dports=0 rootd=0 mems=0 noep=0
	while read -r name kind parent phys dev; do
		case $kind in port) dports=$((dports + 1)) ;; *) ports=$((ports + 1)) ;; esac
		grep -qx "$name $kind $dev" /tmp/cxl.have ||
			{ echo "    # $1: $name ($kind, $dev) has no node"; bad=1; }
	done < /tmp/cxl.want
	for d in $cxl/root*/dport*; do
		[ -e "$d" ] || continue
		rootd=$((rootd + 1))
		hb=
		for p in $cxl/port*; do
			[ "$(readlink -f $p/parent_dport)" = "$(readlink -f $d)" ] && hb=$(basename $p)
		done
		[ -n "$hb" ] && grep -q "^$hb host-bridge " /tmp/cxl.have ||
			{ echo "    # $1: root dport $(readlink -f $d) has no host-bridge node"; bad=1; }
	done
	# A memdev is in the hierarchy through its endpoint port; one
	# without (cxl_mem unbound) has neither endpoint nor node.
	for m in $cxl/mem*; do
		[ -e "$m" ] || continue
		ep=
		for p in $cxl/endpoint*; do
			[ "$(readlink -f $p/uport)" = "$(readlink -f $m)" ] && ep=$(basename $p)
		done
		[ -z "$ep" ] && { noep=$((noep + 1)); continue; }
		mems=$((mems + 1))
		grep -q "^$ep endpoint " /tmp/cxl.have ||
			{ echo "    # $1: $(basename $m) has no endpoint node"; bad=1; }
	done
	total=$((ports + dports + rootd + mems))
	[ $bad = 0 ] && [ $ports -gt 0 ]
	result $? "${1}_every_cxl_object_has_its_node" \
		"$total objects: $ports ports, $dports dports, $rootd root dports, $mems memdevs; $noep memdevs without an endpoint"

	bad=0 count=0
	while read -r name kind dev; do
		count=$((count + 1))
		grep -q "^$name $kind .* $dev\$" /tmp/cxl.want ||
			{ echo "    # $1: node $name ($kind, $dev) stands for no CXL object"; bad=1; }
	done < /tmp/cxl.have
	[ $bad = 0 ] && [ $count = $((ports + dports)) ]
	result $? "${1}_every_cxl_node_has_its_object" "$count nodes"

	bad=0 count=0
	while read -r name kind parent phys dev; do
		[ "$parent" = - ] && continue
		count=$((count + 1))
		linked "$parent" "$name" 0 ||
			{ echo "    # $1: no link $parent - $name"; bad=1; }
	done < /tmp/cxl.want
	[ $bad = 0 ]
	result $? "${1}_every_cxl_node_below_its_parent" "$count links"

	bad=0 count=0
	while read -r name kind parent phys dev; do
		[ "$phys" = - ] && continue
		count=$((count + 1))
		pcie=$(grep "^$phys " /tmp/pcie.nodes | cut -d' ' -f2)
		[ -n "$pcie" ] && linked "$pcie" "$name" 1 ||
			{ echo "    # $1: $name not joined to the PCIe node of $phys (${pcie:-none})"; bad=1; }
	done < /tmp/cxl.want
	[ $bad = 0 ]
	result $? "${1}_every_cxl_node_joined_to_its_pcie_node" "$count joins"
}

# The machine (cxl-switch.topo): one host bridge with two root ports, a
# switch below the first with two downstream ports, a type-3 device below
# each. What the CXL core must show before anything is compared: roots,
# ports (host bridges and switches), endpoints and memdevs; another
# machine says how many with p2p.cxl_shape=R,P,E,M.
arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
want_shape=$(arg p2p.cxl_shape | tr ',' ' ')
want_shape=${want_shape:-1 2 2 2}
shape() {
	settle
	n_root=$(ls -d $cxl/root* 2>/dev/null | wc -l)
	n_port=$(ls -d $cxl/port* 2>/dev/null | wc -l)
	n_ep=$(ls -d $cxl/endpoint* 2>/dev/null | wc -l)
	n_mem=$(ls -d $cxl/mem* 2>/dev/null | wc -l)
	[ "$n_root $n_port $n_ep $n_mem" = "$want_shape" ]
	result $? cxl_core_shows_the_machine \
		"$n_root root, $n_port ports, $n_ep endpoints, $n_mem memdevs; want $want_shape"
}

# gone NAME: a case, ok when no node directory NAME is left.
gone() { ! [ -e "$s/nodes/$1" ]; }

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_cxl_nodes"
echo "    1..24"

shape
compare boot
# The nodes by name, but endpoints and switches: the CXL core numbers the
# ports it creates again in the order they come back (with two switches,
# the second one's number can go to an endpoint below the first).
names() {
	cut -d' ' -f1,2 /tmp/cxl.have | grep -v '^endpoint' |
		sed 's/^port[0-9]* switch$/port? switch/' | sort | tr '\n' ' '
}
boot_names=$(names)

# A memdev's driver unbound: its endpoint port goes, and its node.
mem=$(basename "$(ls -d $cxl/mem* | tail -n 1)")
ep=
for p in $cxl/endpoint*; do
	[ "$(basename "$(readlink -f $p/uport)")" = "$mem" ] && ep=$(basename $p)
done
echo $mem > $drv/cxl_mem/unbind
sleep 1
! [ -e $cxl/$ep ] && gone "$ep"
result $? memdev_unbound_its_endpoint_node_goes "$mem, $ep"
compare mem_unbound
echo $mem > $drv/cxl_mem/bind
compare mem_bound

# Every memdev unbound: the CXL core deletes a switch port with the last
# endpoint below it (cxl_detach_ep()), so the switch goes too, and every
# node of it and below it. Bound again, all come back. On a machine
# without a switch, only the endpoints go.
sw=
for p in $cxl/port*; do
	[ "$(basename "$(dirname "$(readlink -f $p)")")" = root0 ] || sw=$(basename $p)
done
sw_dports=
[ -n "$sw" ] && sw_dports=$(grep " port $sw " /tmp/cxl.want | cut -d' ' -f1)
for m in $cxl/mem*; do echo $(basename $m) > $drv/cxl_mem/unbind; done
sleep 1
left=0
for d in $sw $sw_dports; do [ -e "$s/nodes/$d" ] && left=$((left + 1)); done
if [ -n "$sw" ]; then
	! [ -e "$cxl/$sw" ] && ! ls $s/nodes | grep -q '^endpoint' &&
		[ -n "$sw_dports" ] && [ $left = 0 ]
	result $? switch_goes_with_its_last_endpoint "$left of $sw $(echo $sw_dports) left"
else
	! ls $s/nodes | grep -q '^endpoint'
	result $? switch_goes_with_its_last_endpoint "no switch: $(ls $s/nodes | grep -c '^endpoint') endpoint nodes left"
fi
compare mems_unbound
for m in $cxl/mem*; do echo $(basename $m) > $drv/cxl_mem/bind; done
compare mems_bound
now_names=$(names)
differ=
[ "$now_names" = "$boot_names" ] || differ="; now $now_names"
[ -z "$differ" ]
result $? mems_bound_same_names_as_at_boot "$boot_names$differ"
echo "ok 1 guest_cxl_nodes"
