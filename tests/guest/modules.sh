#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The bus backends built as modules (issue 13, item 4), on the modules
# kernel (KERNEL=modules in the topology): each module that p2p.modules=
# names is loaded and unloaded p2p.module_rounds= times (default 100) as
# the kernel built it, then 10 times as built out of tree against it,
# while a querier asks the per-pair query device about one pair without
# pause. Expected, from outside the backend:
# - before the first load, the graph has no node of the backend's buses;
# - after the first load, what the machine's firmware or CXL core shows
#   (expected(), below);
# - after every load, the same nodes, links and providers by name as
#   after the first; after every unload, the same as before the first:
#   nothing of the backend is left, and nothing else went;
# - every answer the querier got is one of the pair's two answers, with
#   and without the backend, and none is an error of the query itself;
# - no kmemleak report whose backtrace is the project's code or a module
#   since unloaded (a bare address in module space, as %pS prints a
#   symbol no longer known: the harness's own judge of init's scan would
#   not see those as ours).
. /guest/ktap.inc

arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
rounds=$(arg p2p.module_rounds)
rounds=${rounds:-100}

# The graph by name, without ids, which change with every load.
snapshot() {
	{
		sed 's/^[0-9]* //' $d/nodes
		sed 's/^[0-9]* //' $d/links
		sed 's/^[0-9]* //' $d/providers
	} | sort > "$1"
}

# How many nodes and links of the backend's buses there are now: the
# fabric buses (fw-fabric*) of vendor-link, the bus cxl.
bus_of() {
	case $1 in
	p2p-bus-vendor-link) echo '^fw-fabric' ;;
	p2p-bus-cxl) echo '^cxl$' ;;
	esac
}
backend_nodes() { awk -v b="$(bus_of $1)" '$3 ~ b' $d/nodes | wc -l; }
backend_links() { awk -v b="$(bus_of $1)" '$2 ~ b' $d/links | wc -l; }

# What the backend must add, counted from outside it, as "NODES LINKS".
# The vendor-link machine's SSDT (topologies/acpi-fabric.asl) describes
# two ports and one connection; each port is attached to its function by
# a link of the fabric. CXL has a node per port (root, host bridge,
# switch, endpoint) and per dport of a port that is not the root, as
# /sys/bus/cxl/devices shows them; each but the root hangs below its
# parent by one link and is joined to its PCIe node by another.
expected() {
	case $1 in
	p2p-bus-vendor-link) echo "2 3" ;;
	p2p-bus-cxl)
		c=/sys/bus/cxl/devices
		ports=$(ls -d $c/root* $c/port* $c/endpoint* 2>/dev/null | wc -l)
		dports=$(ls -d $c/port*/dport* 2>/dev/null | wc -l)
		nodes=$((ports + dports))
		echo "$nodes $((2 * (nodes - 1)))" ;;
	esac
}

# The querier: one request about the pair, again and again, until
# /tmp/stop; each answer's error and map type, one line each.
query() { /guest/p2pq "route $A $B" | sed -n 's/^\(error\|map_type\) //p' | tr '\n' ' '; }
querier() {
	while [ ! -e /tmp/stop ]; do
		echo "$(query)"
	done > /tmp/answers
}

# same_as FILE LABEL: whether the graph now is FILE's; prints the first
# differences under LABEL when not.
same_as() {
	snapshot /tmp/now
	cmp -s /tmp/now "$1" && return 0
	echo "    # $2:"
	diff "$1" /tmp/now | head -n 5 | sed 's/^/    #   /'
	return 1
}

# load_unload MODULE DIR ROUNDS: insmod and rmmod ROUNDS times, comparing
# the graph after each with /tmp/loaded and /tmp/unloaded. Prints the
# first difference and returns 1 on it.
load_unload() {
	i=0
	while [ $i -lt "$3" ]; do
		i=$((i + 1))
		insmod "$2/$1.ko" || { echo "    # round $i: insmod failed"; return 1; }
		same_as /tmp/loaded "round $i, loaded" || return 1
		rmmod "$(modname $1)" || { echo "    # round $i: rmmod failed"; return 1; }
		same_as /tmp/unloaded "round $i, unloaded" || return 1
	done
}

# The name the kernel gives a module file's module (dashes become
# underscores), as /proc/modules and rmmod know it.
modname() { echo "$1" | tr - _; }

modules=$(arg p2p.modules | tr ',' ' ')
echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_modules"
echo "    1..$(($(echo $modules | wc -w) * 6 + 1))"
for m in $modules; do
	# The pair the querier asks about: two functions of the machine
	# (p2p.module_pair=TARGET,CLIENT).
	A=$(arg p2p.module_pair | cut -d, -f1)
	B=$(arg p2p.module_pair | cut -d, -f2)

	snapshot /tmp/unloaded
	nodes=$(backend_nodes $m)
	[ "$nodes" = 0 ] && ! grep -q "^$(modname $m) " /proc/modules
	result $? "${m}_not_loaded_at_boot" "$nodes nodes of its buses"
	without=$(query)

	insmod /drivers/intree/$m.ko || echo "    # insmod /drivers/intree/$m.ko failed"
	# The graph's part is added by the module's init; what follows
	# settles: a memdev's endpoint port may still be probing (async).
	sleep 2
	snapshot /tmp/loaded
	have="$(backend_nodes $m) $(backend_links $m)"
	want=$(expected $m)
	with=$(query)
	# The SSDT's link is the pair's only route: the answers must differ.
	[ "$have" = "$want" ] && [ "${want%% *}" -gt 0 ] &&
		[ -n "$with" ] && [ -n "$without" ] &&
		{ [ $m != p2p-bus-vendor-link ] || [ "$with" != "$without" ]; }
	result $? "${m}_first_load_adds_what_is_described" "nodes and links $have, want $want; answer with: $with, without: $without"
	rmmod "$(modname $m)"
	same_as /tmp/unloaded "first unload"
	result $? "${m}_first_unload_leaves_the_graph_as_before"

	rm -f /tmp/stop
	querier &
	qpid=$!
	start=$(date +%s)
	load_unload $m /drivers/intree "$rounds"
	result $? "${m}_loaded_and_unloaded_${rounds}_times_same_graph" "$(($(date +%s) - start)) s"
	load_unload $m /drivers/oot 10
	result $? "${m}_built_out_of_tree_loaded_and_unloaded_10_times"
	touch /tmp/stop
	wait $qpid
	total=$(wc -l < /tmp/answers)
	odd=$(grep -v -x -F -e "$with" -e "$without" /tmp/answers | sort | uniq -c | head -n 3 | tr '\n' ';')
	[ "$total" -gt 0 ] && [ -z "$odd" ]
	result $? "${m}_every_answer_during_the_rounds_is_with_or_without_it" "$total answers; other: ${odd:-none}"
done

# Twice, as kmemleak reports an object only when two scans found it
# unreferenced, and only once it is 5 s old.
k=/sys/kernel/debug/kmemleak
sleep 6
echo scan > $k
echo scan > $k
ours=$(awk '/unreferenced object/ { mine = 0 }
	    /p2p_|^ *0xffffffff[a-f]/ { if (!mine) { n++; mine = 1 } }
	    END { print n + 0 }' $k)
[ "$ours" = 0 ]
result $? no_leak_from_the_backends_or_the_core "$(grep -c 'unreferenced object' $k) reports, $ours ours"
echo "ok 1 guest_modules"
