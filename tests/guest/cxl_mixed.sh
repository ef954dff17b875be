#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Issue 10, mixed routes: a PCIe device (an NVMe, its driver kept off)
# below the same CXL switch as two type-3 devices, and a 2-way region
# across them, made through the CXL core's sysfs ABI. The query any user
# may make (/dev/p2p_topology, through guest/p2pq) must answer for the
# NVMe and the region's provider:
#  - a route through the host (QEMU 7.2 has no Unordered IO, so no port
#    carries it), refused by the NVMe's downstream port for lack of UIO;
#  - the region's host physical address (from the region's sysfs
#    resource) as a DMA address;
#  - for a device's DPA range: a route, but no address (no peer can use
#    a DPA).
# The KUnit suite p2p_cxl_live, run again with the region committed,
# compares the graph's decode with the CXL core's cxl_dpa_to_hpa().
# Then cxl_mem is unbound from one memdev while the region is committed:
# the region, its node and every provider of it must go (a query naming
# them finds nothing), no other node may go, and kmemleak must stay quiet.
. /guest/ktap.inc

cxl=/sys/bus/cxl/devices
s=/sys/kernel/p2p_topology
pat=/guest/cxl_pattern
UIO_REASON="CXL port does not carry PCIe Unordered IO (UIO) to HDM memory"

failed=0
check() {
	[ "$1" = 0 ] || failed=1
	result "$@"
}
put() {
	err=$($pat put "$1" "$2")
	[ "$err" = ok ]
}
# ask TARGET CLIENT [OFFSET]: the query's answer, without p2pq's status.
ask() { /guest/p2pq "route $1 $2${3:+ offset=$3}" | sed '1,2d'; }
key() { echo "$1" | sed -n "s/^$2 //p"; }
# provider_of NODE: the providers owned by the node named NODE.
provider_of() {
	for p in $s/providers/*; do
		[ "$(cat $p/owner/name 2>/dev/null)" = "$1" ] && basename $p
	done
}

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_cxl_mixed"
echo "    1..9"

# The NVMe: the PCI function of class 0x010802.
nvme=
for f in /sys/bus/pci/devices/*; do
	[ "$(cat $f/class)" = 0x010802 ] && nvme=$(basename $f)
done
dsp=$(basename "$(readlink -f /sys/bus/pci/devices/$nvme/..)")

# The region: the root decoder's, over every memdev, granularity 4 KiB.
root_dec=$(dirname "$(ls $cxl/root0/decoder0.*/create_pmem_region | head -n 1)")
name=$(cat $root_dec/create_pmem_region)
decs= ways=0
for m in $cxl/mem*; do
	for p in $cxl/endpoint*; do
		[ "$(readlink -f $p/uport)" = "$(readlink -f $m)" ] &&
			decs="$decs $(basename "$(ls -d $p/decoder*.0 | head -n 1)")"
	done
	ways=$((ways + 1))
done
r=$cxl/$name
why=
put $root_dec/create_pmem_region $name || why="create: $err"
put $r/interleave_granularity 4096 || why="$why granularity: $err"
put $r/interleave_ways $ways || why="$why ways: $err"
put $r/uuid "$(cat /proc/sys/kernel/random/uuid)" || why="$why uuid: $err"
for d in $decs; do
	put $cxl/$d/mode pmem && put $cxl/$d/dpa_size 0x10000000 || why="$why $d: $err"
done
put $r/size $((ways * 0x10000000)) || why="$why size: $err"
i=0
for d in $decs; do
	put $r/target$i $d || why="$why target$i=$d: $err"
	i=$((i + 1))
done
put $r/commit 1 || why="$why commit: $err"
put /sys/bus/cxl/drivers/cxl_region/bind $name || why="$why bind: $err"
sleep 1
[ -z "$why" ] && [ -n "$nvme" ] && [ "$(cat $r/commit)" = 1 ]
check $? region_committed_beside_an_nvme "$name over$decs, ${why:-committed and bound}; nvme $nvme below $dsp"

start=$(cat $r/resource)
rp=$(provider_of $name)
[ -n "$rp" ] && [ "$(cat $s/providers/$rp/mem_type)" = cxl-hdm ] &&
	[ "$(cat $s/providers/$rp/phys_start)" = "$start" ]
check $? region_is_a_cxl_hdm_provider "provider ${rp:-none} of $name at $start"

a=$(ask providers/$rp $nvme 0x1040)
[ "$(key "$a" map_type)" = thru-host ] &&
	[ "$(key "$a" error)" = 0 ] &&
	[ "$(key "$a" refused_by)" = "$dsp $(cat $s/nodes/$dsp/id)" ] &&
	[ "$(key "$a" refused_rule)" = "$UIO_REASON" ]
check $? nvme_reaches_region_through_host_refused_by_its_port "$(echo "$a" | grep -E '^(error|map_type|hops|refused_by|refused_rule) ' | tr '\n' ';')"

want=$(printf 'dma:0x%x' $((start + 0x1040)))
[ "$(key "$a" address)" = "$want" ]
check $? nvme_gets_region_hpa_as_dma_address "$(key "$a" address), want $want"

ep=$(basename "$(ls -d $cxl/endpoint* | head -n 1)")
dp=$(provider_of $ep)
b=$(ask providers/$dp $nvme 0x40)
[ -n "$dp" ] && [ "$(cat $s/providers/$dp/address_space)" = cxl-dpa ] &&
	[ "$(key "$b" map_type)" = thru-host ] &&
	[ -z "$(key "$b" address)" ] && [ -n "$(key "$b" address_error)" ]
check $? dpa_range_has_a_route_but_no_address "provider ${dp:-none} of $ep: $(echo "$b" | grep -E '^(map_type|address|address_error) ' | tr '\n' ';')"

# The CXL core's own decode against the graph's, in the kernel.
echo 5 > /proc/sys/kernel/printk
echo run > /sys/kernel/debug/kunit/p2p_cxl_live/run
echo 7 > /proc/sys/kernel/printk
res=/sys/kernel/debug/kunit/p2p_cxl_live/results
line=$(grep -o 'cxl_dpa_to_hpa: [0-9]* regions, [0-9]* left out, [0-9]* addresses compared' $res | tail -n 1)
set -- $line
grep -q "^ *ok 1 live_decode_agrees_with_cxl_dpa_to_hpa\$" $res &&
	[ "${2:-0}" -ge 1 ] && [ "${4:-1}" = 0 ] && [ "${7:-0}" -ge 2050 ]
st=$?
check $st graph_decode_equals_cxl_dpa_to_hpa "${line:-no count}$(grep -m 3 -E 'not ok|Expected' $res | tr '\n' ';')"
[ $st = 0 ] || { sed 's/^/    # results: /' $res | head -n 20; dmesg | grep -i "live\|kunit" | tail -n 8 | sed 's/^/    # dmesg: /'; }

# Hot removal of a memdev under the committed region.
nodes_before=$(ls $s/nodes | grep -v "^$name\$" | sort)
mem=$(basename "$(ls -d $cxl/mem* | head -n 1)")
echo $mem > /sys/bus/cxl/drivers/cxl_mem/unbind
sleep 3
[ ! -e $s/nodes/$name ] && [ -z "$(provider_of $name)" ] &&
	[ -z "$(/guest/p2pq "route providers/$rp $nvme" | sed -n '3,$p')" ]
check $? memdev_unbind_takes_region_and_its_providers "node $name $([ -e $s/nodes/$name ] && echo stays || echo gone), region provider $([ -e $s/providers/$rp ] && echo stays || echo gone); query: $(/guest/p2pq "route providers/$rp $nvme" | head -n 1)"

# What else went: only what the CXL core removed (the memdev's endpoint
# and, when it was the last, nothing else).
nodes_after=$(ls $s/nodes | sort)
extra=$(echo "$nodes_before" | while read -r x; do
	echo "$nodes_after" | grep -q -x "$x" || echo "$x"
done | tr '\n' ' ')
kept=1
for x in $extra; do
	case $x in endpoint*) ;; *) kept=0 ;; esac
	[ -e $cxl/$x ] && kept=0
done
[ $kept = 1 ]
check $? only_the_memdevs_endpoint_goes_with_it "gone: ${extra:-nothing}"

k=/sys/kernel/debug/kmemleak
sleep 6
echo scan > $k
echo scan > $k
ours=$(awk '/unreferenced object/ { mine = 0 }
	    /p2p_|cxl_/ { if (!mine) { n++; mine = 1 } }
	    END { print n + 0 }' $k)
[ "$ours" = 0 ]
check $? no_kmemleak_report_from_p2p_or_cxl "$(grep -c 'unreferenced object' $k) reports, $ours naming p2p_ or cxl_"

[ $failed = 0 ]
echo "$([ $failed = 0 ] && echo ok || echo not ok) 1 guest_cxl_mixed"
