#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Hotplug under load (hotplug-stress.topo): see hotplug_stress.c.
#
#   00:02.0 root port - 01:00.0 switch - 02:00.0 - 03:00.0 NVMe, CMB   (removed)
#                                      |         - 03:00.1 edu
#                                      - 02:01.0 - 04:00.0 NVMe with a disk
#                                      - 02:02.0 - 05:00.0 edu         (removed)
#                                                - 05:00.1 pci-testdev
#
# The rounds are set on the command line (p2p.hotplug_rounds=REMOVE,BIND),
# 100 each unless told. Then the differential suite runs once more.
disk_fn=0000:04:00.0

arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
rounds=$(arg p2p.hotplug_rounds)
rounds=${rounds:-100,100}

# The NVMe driver probes asynchronously: wait for the disk (the program
# waits for the CMB's memory).
i=0
while [ $i -lt 120 ]; do
	for b in /sys/block/nvme*n1; do
		case $(readlink -f "$b") in
		*/$disk_fn/*) disk=/dev/${b##*/} ;;
		esac
	done
	[ -n "$disk" ] && [ -b "$disk" ] && break
	sleep 1
	i=$((i + 1))
done
/guest/hotplug_stress 0000:02:00.0,0000:02:02.0 0000:03:00.0 "${disk:-/dev/none}" \
	"${rounds%,*}" "${rounds#*,}"

# p2pdma's answers from the graph still agree with its legacy walk for
# every pair of functions.
. /guest/ktap.inc
echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_hotplug_stress_differential"
echo "    1..1"
differential_agrees answers_agree_after_the_rounds
echo "ok 1 guest_hotplug_stress_differential"
