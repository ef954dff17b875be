#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The HMM peer-alias benchmark (make bench; a short run in make check):
# load the test drivers and run /guest/hmm_bench with the size and the
# repetitions the command line names (hmm_bench.mib=64 hmm_bench.reps=7).
arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
if ! out=$(insmod /drivers/hmm_peer.ko 2>&1); then
	echo "hmm_bench: insmod: $out"
fi
i=0
while [ $i -lt 10 ] && [ ! -e /dev/hmm_peer_rdma0 ]; do
	sleep 1
	i=$((i + 1))
done
mib=$(arg hmm_bench.mib)
reps=$(arg hmm_bench.reps)
/guest/hmm_bench "${mib:-4}" "${reps:-1}"
