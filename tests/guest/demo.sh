#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The demo: print what the p2p topology graph sees on this machine, and
# check (as KTAP) that the files exist and the graph is not empty.
d=/sys/kernel/debug/p2p-topology

echo "================ p2p topology: nodes (id type bus name) ================"
cat $d/nodes
echo "================ p2p topology: links ================"
cat $d/links
echo "================ p2p topology: providers ================"
cat $d/providers
echo "================ p2p topology: statistics ================"
cat $d/stats
echo "========================================================================"

nodes=$(wc -l < $d/nodes)
links=$(wc -l < $d/links)
echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_demo"
echo "    1..2"
[ -r $d/stats ] && echo "    ok 1 debugfs_files_exist" || echo "    not ok 1 debugfs_files_exist"
if [ "$nodes" -gt 0 ] && [ "$links" -gt 0 ]; then
	echo "    ok 2 graph_has_nodes_and_links # $nodes nodes, $links links"
else
	echo "    not ok 2 graph_has_nodes_and_links # $nodes nodes, $links links"
fi
echo "ok 1 guest_demo"
