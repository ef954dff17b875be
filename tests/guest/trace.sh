#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The p2p_topology tracepoints seen from user space (nvme.topo, after
# nvme_p2p.sh): I/O into 03:00.0's CMB by the disk's controller 04:00.0
# is one p2p_route answer, DIRECT below the switch; I/O into 41:00.0's
# CMB is refused (EHOSTUNREACH, -113); unbinding 03:00.0's driver removes
# its memory from the graph (p2p_invalidate provider-remove), binding it
# again adds it back. (Not 41:00.0: binding a function below the pxb host
# bridge runs its _PRT, whose AML loop times out on a loaded host.)
pci=/sys/bus/pci/devices
t=/sys/kernel/debug/tracing
. /guest/ktap.inc

disk=/dev/$(basename "$(ls -d /sys/block/nvme*n1 | head -n 1)")

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_trace"
echo "    1..4"
echo 1 > $t/events/p2p_topology/enable && echo > $t/trace
result $? tracepoints_can_be_enabled

/guest/p2pmem_dio $pci/0000:03:00.0/p2pmem/allocate "$disk" > /dev/null
line=$(grep -m1 "p2p_route: .* node=0000:03:00.0 client=0000:04:00.0 " $t/trace)
echo "$line" | grep -q ' error=0 map=DIRECT .* refused-at=-1 reason=""$'
result $? route_into_peer_cmb_is_traced_direct "$(echo "$line" | sed 's/.*p2p_route: //')"

/guest/p2pmem_dio $pci/0000:41:00.0/p2pmem/allocate "$disk" > /dev/null
line=$(grep -m1 "p2p_route: .* node=0000:41:00.0 client=0000:04:00.0 " $t/trace)
echo "$line" | grep -q ' error=-113 map=NOT_SUPPORTED .* refused-at=[0-9]* reason="host bridge [^"]*"$'
result $? refused_route_is_traced "$(echo "$line" | sed 's/.*p2p_route: //')"

echo > $t/trace
echo 0000:03:00.0 > $pci/0000:03:00.0/driver/unbind
removed=$(grep -c "p2p_invalidate: provider-remove " $t/trace)
grep -m1 -o "p2p_invalidate: provider-remove .*" $t/trace | sed 's/^/    # /'
echo 0000:03:00.0 > /sys/bus/pci/drivers/nvme/bind
i=0
while [ ! -e $pci/0000:03:00.0/p2pmem/allocate ] && [ $i -lt 30 ]; do
	sleep 1
	i=$((i + 1))
done
added=$(grep -c "p2p_invalidate: provider-add " $t/trace)
[ "$removed" -ge 1 ] && [ "$added" -ge 1 ]
result $? provider_removal_and_return_are_traced "$removed removed, $added added"
echo 0 > $t/events/p2p_topology/enable
echo "ok 1 guest_trace"
