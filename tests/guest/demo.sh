#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The demo: print what the p2p topology graph sees on the default machine,
# and check (as KTAP) a few answers whose values follow from its shape:
#
#   00:01.0 root port - 01:00.0 switch up - 02:0x.0 down - 03:00.0 NVMe
#                                                        - 04:00.0 ivshmem
#                                                        - 05:00.0 edu
#   pxb 40: 40:00.0 root port - 41:00.0 NVMe
#
# Two endpoints below the switch meet at its upstream port: direct, 2 + 2.
# An endpoint below the switch and the NVMe behind the other root complex
# share no bridge: the route would cross the host bridges, which q35 with
# the default CPU does not allow, as p2pdma decides.
. /guest/ktap.inc

section() { echo "================ p2p topology: $1 ================"; }
section "nodes (id type bus name)"; cat $d/nodes
section "links"; cat $d/links
section "providers"; cat $d/providers
section "routes between endpoints"; cat $d/routes
section "statistics"; cat $d/stats
echo "========================================================================"

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_demo"
echo "    1..6"
nodes=$(wc -l < $d/nodes)
links=$(wc -l < $d/links)
[ "$nodes" -gt 0 ] && [ "$links" -eq $((nodes - 1)) ]
result $? graph_is_a_tree_of_nodes_and_links "$nodes nodes, $links links"
grep -q " endpoint pcie 0000:41:00.0$" $d/nodes; x=$?
result $x device_behind_second_root_complex_is_mirrored
r=$(route 03:00.0 04:00.0)
[ "$r" = "0000:03:00.0 -> 0000:04:00.0 direct distance=4 cost=4 hops=4" ]
result $? switch_siblings_are_direct "$r"
r=$(route 04:00.0 05:00.0)
[ "$r" = "0000:04:00.0 -> 0000:05:00.0 direct distance=4 cost=4 hops=4" ]
result $? switch_siblings_are_direct_both_ways "$r"
r=$(route 03:00.0 41:00.0)
case $r in
"0000:03:00.0 -> 0000:41:00.0 none refused-at=pci0000:"*"(host bridge "*) true ;;
*) false ;;
esac
result $? other_root_complex_is_refused_by_host_bridge "$r"
# The NVMe's link bandwidth in MB/s:
# its negotiated speed and width as sysfs reports them, times the line
# encoding the PCIe spec gives that speed (8b/10b up to 5 GT/s, 128b/130b
# from 8 GT/s, flit mode at 64 GT/s, which the PCI core counts as 1/1),
# over 8 bits. The PCI core rounds each lane's rate down to whole Mb/s:
# allow 1/8 MB/s per lane and the final rounding.
dev=/sys/bus/pci/devices/0000:41:00.0
speed=$(cat $dev/current_link_speed)
width=$(cat $dev/current_link_width)
tenths=$(echo "${speed%% GT/s*}" | tr -d .)
case $tenths in
25 | 50) num=8 den=10 ;; 80 | 160 | 320) num=128 den=130 ;;
640) num=1 den=1 ;; *) num=0 den=1 ;;
esac
want_milli=$((tenths * 100 * width * num * 1000 / (den * 8)))
slack_milli=$((width * 1000 / 8 + 500))
l=$(grep " 0000:40:00.0 <-> 0000:41:00.0 " $d/links)
got=$(echo "$l" | sed -n 's/.* bandwidth_MBps=\([0-9]*\) .*/\1/p')
diff=$((${got:-0} * 1000 - want_milli))
[ $want_milli -gt 0 ] && [ ${diff#-} -le $slack_milli ]
result $? link_bandwidth_is_MBps_of_link_status \
	"$speed x$width: $((want_milli / 1000)) MB/s expected: $l"
echo "ok 1 guest_demo"
