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

	# A root port is part of its host bridge, as the CXL core has it:
	# that link is internal; every other link to a parent is not.
	bad=0 count=0
	while read -r name kind parent phys dev; do
		[ "$parent" = - ] && continue
		count=$((count + 1))
		int=0
		case $name in dport:*) grep -q "^$parent host-bridge " /tmp/cxl.want && int=1 ;; esac
		linked "$parent" "$name" $int ||
			{ echo "    # $1: no link $parent - $name (internal $int)"; bad=1; }
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
echo "    1..25"

shape
compare boot

# The links' figures (drivers/p2p-bus-cxl/perf.c), from outside the
# backend. A link from a dport to the port or endpoint below is the PCIe
# link of the dport's device: its rate in MB/s is its negotiated speed and
# width in sysfs times the line encoding the PCIe spec gives that speed
# (8b/10b up to 5 GT/s, 128b/130b from 8 GT/s, flit mode at 64 GT/s, which
# the PCI core counts as 1/1), over 8 bits (the PCI core rounds each lane
# down to whole Mb/s: allow 1/8 MB/s a lane and the final rounding); its
# latency the flit latency of the CXL Memory Device Software Guide (rev
# 1.0, 2.11.4): a 68-byte flit (256 from 64 GT/s) over the raw rate, in
# ps, rounded up to ns. A link from a switch to its dport has what the
# switch's CDAT (/sys/bus/cxl/devices/portN/CDAT) says in its SSLBIS for
# that port (CDAT spec 1.03, table 7; the kernel's own parse is
# cxl_switch_parse_cdat()), field by field, else the dport's rate and no
# latency; a link from a host bridge to its root port is internal, with no
# figures.
link_rate() {
	speed=$(cat "$1"/current_link_speed 2>/dev/null)
	width=$(cat "$1"/current_link_width 2>/dev/null)
	tenths=$(echo "${speed%% GT/s*}" | tr -d .)
	case $tenths in
	25 | 50) num=8 den=10 flit=68 ;; 80 | 160 | 320) num=128 den=130 flit=68 ;;
	640) num=1 den=1 flit=256 ;; *) num=0 den=1 flit=0 ;;
	esac
	milli=$((${tenths:-0} * 100 * ${width:-0} * num * 1000 / (den * 8)))
	raw=$((${tenths:-0} * 100 * ${width:-0} / 8))
	slack=$((${width:-0} * 1000 / 8 + 500))
}
# sslbis PORT: the SSLBIS entries of PORT's CDAT, one a line: DSP_ID
# TYPE VALUE (HMAT data types: 0 access, 1 read, 2 write latency, in ns
# rounded up; 3 access, 4 read, 5 write bandwidth, in MB/s). DSP_ID is
# the downstream port's id, 65535 for any; entries between two
# downstream ports are left out.
sslbis() {
	hexdump -v -e '1/1 "%u\n"' "$cxl/$1/CDAT" 2>/dev/null |
	awk '{ b[n++] = $1 }
	function u16(i) { return b[i] + 256 * b[i + 1] }
	END {
		for (o = 16; o + 4 <= n; o += len) {
			len = u16(o + 2)
			if (len < 4) break
			if (b[o] != 5) continue
			type = b[o + 4]
			base = 0
			for (k = 7; k >= 0; k--) base = base * 256 + b[o + 8 + k]
			for (e = o + 16; e + 8 <= o + len; e += 8) {
				x = u16(e); y = u16(e + 2); v = u16(e + 4)
				if (v == 0 || v == 65535) continue
				if (x == 256) d = y
				else if (y == 256) d = x
				else if (x == 65535 && y == 65535) d = 65535
				else continue
				val = v * base
				if (type <= 2) val = int((val + 999) / 1000)
				print d, type, val
			}
		}
	}'
}
# sslbis_of PORT ID: "RD_BW WR_BW RD_LAT WR_LAT" for downstream port ID.
sslbis_of() {
	sslbis "$1" | awk -v id="$2" '
	$1 == id || $1 == 65535 {
		if ($2 == 0 || $2 == 1) rl = $3
		if ($2 == 0 || $2 == 2) wl = $3
		if ($2 == 3 || $2 == 4) rb = $3
		if ($2 == 3 || $2 == 5) wb = $3
	}
	END { print rb + 0, wb + 0, rl + 0, wl + 0 }'
}
# The ABI (sysfs-kernel-p2p_topology): a link without write figures of its
# own shows the read ones.
writes_as_reads() {
	[ "$2" = 0 ] && set -- $1 $1 $3 $4
	[ "$4" = 0 ] && set -- $1 $2 $3 $3
	echo $1 $2 $3 $4
}
# link_of A B: the graph's link directory joining nodes A and B.
link_of() {
	for l in $s/links/*; do
		a=$(basename "$(readlink $l/end0)") b=$(basename "$(readlink $l/end1)")
		if [ "$a $b" = "$1 $2" ] || [ "$a $b" = "$2 $1" ]; then
			echo $l
			return
		fi
	done
}
figures() {
	bad=0 phys=0 inside=0 cdat=0 note=
	while read -r name kind parent pdev dev; do
		case $name in
		dport:*) d=${name#dport:} ;;
		*) case $parent in dport:*) d=${parent#dport:} ;; *) continue ;; esac ;;
		esac
		l=$(link_of "$parent" "$name")
		link_rate /sys/bus/pci/devices/$d
		want_bw=$((milli / 1000)) want_wbw=$want_bw want_lat=0 want_wlat=0
		exact=0
		case $name in
		dport:*)
			inside=$((inside + 1))
			id=
			for k in $cxl/$parent/dport*; do
				[ "$(basename "$(readlink -f $k)")" = "$d" ] && id=${k##*/dport}
			done
			set -- $(writes_as_reads $(sslbis_of "$parent" "${id:--1}"))
			if grep -q "^$parent host-bridge " /tmp/cxl.want; then
				exact=1 want_bw=0 want_wbw=0
			elif [ "$1$2$3$4" != 0000 ]; then
				cdat=$((cdat + 1)) exact=1
				want_bw=$1 want_wbw=$2 want_lat=$3 want_wlat=$4
				note="; SSLBIS of $parent: $1/$2 MB/s, $3/$4 ns"
			fi ;;
		*)
			phys=$((phys + 1))
			[ $raw -gt 0 ] && want_lat=$(((flit * 1000000 / raw + 999) / 1000))
			want_wlat=$want_lat ;;
		esac
		got="$(cat $l/bandwidth_MBps 2>/dev/null) $(cat $l/write_bandwidth_MBps 2>/dev/null) $(cat $l/latency_ns 2>/dev/null) $(cat $l/write_latency_ns 2>/dev/null)"
		set -- $got
		ok=1
		if [ $exact = 1 ]; then
			[ "$got" = "$want_bw $want_wbw $want_lat $want_wlat" ] || ok=0
		else
			diff=$((${1:-0} * 1000 - milli))
			{ [ $milli -gt 0 ] && [ ${diff#-} -le $slack ] && [ "$2" = "$1" ] &&
				[ "$3 $4" = "$want_lat $want_wlat" ]; } || ok=0
		fi
		[ $ok = 1 ] ||
			{ echo "    # $parent - $name: read/write bandwidth, latency $got; want $want_bw $want_wbw $want_lat $want_wlat ($speed x$width)"; bad=1; }
	done < /tmp/cxl.want
	[ $bad = 0 ] && [ $phys -gt 0 ]
	result $? cxl_links_carry_link_rate_flit_latency_and_cdat \
		"$phys links below dports ($speed x$width: $want_bw MB/s), $inside inside switches and host bridges, $cdat from CDAT$note"
}
figures
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
