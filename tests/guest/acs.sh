#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ACS redirect (acs-amd.topo, acs-qemu64.topo), set by pci=config_acs= on
# the root port 00:02.0 and cleared on 00:03.0:
#
#   00:02.0 root port (RR) - 01:00.0 edu, 01:00.1 edu, 01:00.2 pci-testdev
#   00:03.0 root port      - 02:00.0 edu, 02:00.1 NVMe
#
# Functions below 00:02.0 meet at it, but it redirects: through the host,
# at p2pdma's distance 2, which an AMD Zen CPU allows and qemu64 refuses.
# Below 00:03.0 they stay direct.
. /guest/ktap.inc
# The ACS control register: QEMU's root port has its ACS capability at 0x148.
acs_ctrl() {
	hexdump -s $((0x14e)) -n 2 -e '1/2 "%u"' /sys/bus/pci/devices/0000:$1/config
}

if host_turns_peer_traffic; then
	redirected="thru-host distance=2 cost=4 hops=4"
else
	redirected="none"
fi
blame="refused-at=0000:00:02.0 (ACS P2P Request Redirect is set"

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_acs"
echo "    1..5"
[ $(($(acs_ctrl 00:02.0) & 4)) -ne 0 ]
result $? redirect_is_set_on_00_02_0 "ctrl $(acs_ctrl 00:02.0)"
[ $(($(acs_ctrl 00:03.0) & 4)) -eq 0 ]
result $? redirect_is_clear_on_00_03_0 "ctrl $(acs_ctrl 00:03.0)"
r=$(route 01:00.0 01:00.1)
[ "${r%% "$blame"*}" = "0000:01:00.0 -> 0000:01:00.1 $redirected" ] &&
	[ "$r" != "${r%%"$blame"*}" ]
result $? functions_below_redirecting_port_go_through_host "$r"
r=$(route 01:00.2 01:00.0)
[ "${r%% "$blame"*}" = "0000:01:00.2 -> 0000:01:00.0 $redirected" ] &&
	[ "$r" != "${r%%"$blame"*}" ]
result $? redirect_applies_both_ways "$r"
r=$(route 02:00.0 02:00.1)
[ "$r" = "0000:02:00.0 -> 0000:02:00.1 direct distance=2 cost=2 hops=2" ]
result $? functions_below_clear_port_are_direct "$r"
echo "ok 1 guest_acs"
