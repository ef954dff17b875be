#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The HMM peer-alias cases (hmm-*.topo): load the test drivers
# (tests/drivers, hmm_peer.ko: a stand-in GPU on each ivshmem function, a
# stand-in RDMA device on each edu) and run /guest/hmm_peer with the cases
# the command line names, e.g. hmm_peer.cases=direct,owner; the module's
# own parameters come from there too (hmm_peer.alias_block=3). The program
# prints the KTAP; a module that does not load is reported in its first
# case, drivers_bound.
cases=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^hmm_peer\.cases=//p' | tail -n 1)
params=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^hmm_peer\.\(alias_block=[0-9]*\)$/\1/p')
# shellcheck disable=SC2086 # one word per parameter
if ! out=$(insmod /drivers/hmm_peer.ko $params 2>&1); then
	echo "hmm_peer: insmod: $out"
fi
# misc_register() creates the nodes before probe returns; allow a moment.
i=0
while [ $i -lt 10 ] && [ ! -e /dev/hmm_peer_rdma0 ]; do
	sleep 1
	i=$((i + 1))
done
/guest/hmm_peer $(echo "$cases" | tr ',' ' ')
