#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The bus backends built as modules (issue 13, item 4), on the modules
# kernel (KERNEL=modules in the topology): each module that p2p.modules=
# names is loaded and unloaded p2p.module_rounds= times (default 100) as
# the kernel built it, then 10 times as built out of tree against it,
# while a querier asks the per-pair query device about one pair without
# pause. The PCIe backend goes first and stays loaded after its rounds:
# the others join their devices to its nodes, and it is loaded before them
# when p2p.modules= does not name it. Expected, from outside the backend:
# - before the first load, the graph has no node of the backend's buses;
# - after the first load, what the machine's firmware or CXL core shows
#   (expected(), below);
# - while vendor-link or CXL is loaded, unloading PCIe is refused: their
#   links end at its nodes;
# - after every load, the same nodes, links and providers by name as
#   after the first; after every unload, the same as before the first:
#   nothing of the backend is left, and nothing else went;
# - every answer the querier got is one of the pair's two answers, with
#   and without the backend, and none is an error of the query itself;
# - with p2p.module_dio=CMB,FAR (NVMe functions with a CMB), every O_DIRECT
#   move between the disk and CMB's memory during the rounds delivered its
#   data, and every one with FAR's was refused (EREMOTEIO): p2pdma answers
#   alike whether the backend or its own walk decides;
# - no kmemleak report whose backtrace is the project's code or a module
#   since unloaded (a bare address in module space, as %pS prints a
#   symbol no longer known: the harness's own judge of init's scan would
#   not see those as ours).
. /guest/ktap.inc
pci=/sys/bus/pci/devices

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

# How many nodes and links of the backend's buses there are now: the bus
# pcie, the fabric buses (fw-fabric*) of vendor-link, the bus cxl.
bus_of() {
	case $1 in
	p2p-bus-pcie) echo '^pcie$' ;;
	p2p-bus-vendor-link) echo '^fw-fabric' ;;
	p2p-bus-cxl) echo '^cxl$' ;;
	esac
}
backend_nodes() { awk -v b="$(bus_of $1)" '$3 ~ b' $d/nodes | wc -l; }
backend_links() { awk -v b="$(bus_of $1)" '$2 ~ b' $d/links | wc -l; }

# What the backend must add, counted from outside it, as "NODES LINKS".
# PCIe has a node per PCI function, per host bridge (a pci<domain>:<bus>
# directory of /sys/devices) and one for the host; each function hangs
# below its upstream bridge or host bridge by one link, and each host
# bridge below the host by one. The vendor-link machine's SSDT (topologies/acpi-fabric.asl) describes
# two ports and one connection; each port is attached to its function by
# a link of the fabric. CXL has a node per port (root, host bridge,
# switch, endpoint) and per dport of a port that is not the root, as
# /sys/bus/cxl/devices shows them; each but the root hangs below its
# parent by one link and is joined to its PCIe node by another.
expected() {
	case $1 in
	p2p-bus-pcie)
		fns=$(ls /sys/bus/pci/devices | wc -l)
		hbs=$(ls -d /sys/devices/pci[0-9a-f]*:[0-9a-f]* | wc -l)
		echo "$((fns + hbs + 1)) $((fns + hbs))" ;;
	p2p-bus-vendor-link) echo "2 3" ;;
	p2p-bus-cxl)
		c=/sys/bus/cxl/devices
		ports=$(ls -d $c/root* $c/port* $c/endpoint* 2>/dev/null | wc -l)
		dports=$(ls -d $c/port*/dport* 2>/dev/null | wc -l)
		nodes=$((ports + dports))
		echo "$nodes $((2 * (nodes - 1)))" ;;
	esac
}

# p2pdma's memory as the graph has it, and as p2pdma's sysfs shows it:
# one provider per function with p2pmem, of its size, published as p2pdma
# published it. The memory was added at boot, before the backend was
# loaded: this is what the backend's registration with p2pdma mirrors.
memory_have() {
	sed -n 's/^[0-9]* \([0-9a-f]\{4\}:[^ ]*\) phys=[^ ]* /\1 /p' $d/providers | sort
}
memory_want() {
	for f in $pci/*/p2pmem; do
		size=$(cat $f/size 2>/dev/null)
		[ "${size:-0}" -gt 0 ] || continue
		pub=
		[ "$(cat $f/published)" = 1 ] && pub=" published"
		printf '%s size=%#x%s\n' "$(basename ${f%/p2pmem})" "$size" "$pub"
	done | sort
}

# How many route questions the graph has answered, from its cache or by
# a search: p2pdma's map path asks for every segment of a mapping while the
# PCIe backend answers for it, and never once it is unloaded.
asked() { awk '/^cache_(hits|misses) / { n += $2 } END { print n + 0 }' $d/stats; }

# asked_by_one_move: how many questions one O_DIRECT move through the
# CMB's memory put to the graph, and its status: "QUESTIONS STATUS".
asked_by_one_move() {
	before=$(asked)
	/guest/p2pmem_dio -n 16 $pci/$near/p2pmem/allocate $disk > /dev/null 2>&1
	status=$?
	echo "$(($(asked) - before)) $status"
}

# The querier: one request about the pair, again and again, until
# /tmp/stop; each answer's error and map type, one line each, or why the
# request was refused (a device not in the graph: "write ENODEV").
query() {
	/guest/p2pq "route $A $B" |
		sed -n -e 's/^\(error\|map_type\) //p' -e '/^write [A-Z]/p' |
		tr '\n' ' '
}
querier() {
	while [ ! -e /tmp/stop ]; do
		echo "$(query)"
	done > /tmp/answers
}

# The mover (p2p.module_dio=CMB,FAR): the disk's controller moves data
# from and into CMB's memory until /tmp/stop, and every eighth time tries
# FAR's too (each refusal logs two block layer errors); one line per
# attempt: "near STATUS" or "far STATUS ERRNO" (p2pmem_dio's exit status,
# and for FAR the errno it printed).
mover() {
	n=0
	while [ ! -e /tmp/stop ]; do
		/guest/p2pmem_dio -n 16 $pci/$1/p2pmem/allocate $disk > /dev/null 2>&1
		echo "near $?"
		n=$((n + 1))
		[ $((n % 8)) = 1 ] || continue
		out=$(/guest/p2pmem_dio $pci/$2/p2pmem/allocate $disk 2>&1)
		echo "far $? $(echo "$out" | sed -n 's/.*errno \([0-9]*\).*/\1/p' | head -n 1)"
	done > /tmp/moves
}

# NVMe probes asynchronously: wait for the disk and for the memory of the
# functions named, published (the last step of its CMB setup).
wait_for_nvme() {
	i=0
	while [ $i -lt 120 ]; do
		disk=$(ls -d /sys/block/nvme*n1 2>/dev/null | head -n 1)
		ready=1
		for f in "$@"; do
			[ "$(cat $pci/$f/p2pmem/published 2>/dev/null)" = 1 ] || ready=0
		done
		[ -n "$disk" ] && [ $ready = 1 ] && break
		sleep 1
		i=$((i + 1))
	done
	disk=/dev/$(basename "$disk")
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
dio=$(arg p2p.module_dio)
near=${dio%%,*}
far=${dio#*,}
[ -n "$dio" ] && wait_for_nvme $near $far
# The PCIe backend first, loaded for the others if not tested itself.
pcie=p2p-bus-pcie
if echo " $modules " | grep -q " $pcie "; then
	modules="$pcie $(echo " $modules " | sed "s/ $pcie / /")"
elif [ -e /drivers/intree/$pcie.ko ]; then
	insmod /drivers/intree/$pcie.ko || echo "# insmod $pcie.ko failed"
fi
echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_modules"
per_module=6
[ -n "$dio" ] && per_module=7
echo "    1..$(($(echo $modules | wc -w) * per_module + 1))"
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
	# The answers must differ where the backend makes the route: without
	# PCIe the pair is not in the graph, and the SSDT's link is the pair's
	# only route. (CXL adds ports on a path PCIe routes already.)
	# Its links end at PCIe nodes: unloading PCIe must be refused (the
	# module is in use: EAGAIN), not wait for links only this backend can
	# remove.
	pinned=n/a
	if [ $m != $pcie ] && grep -q "^$(modname $pcie) " /proc/modules; then
		pinned=no
		! rmmod "$(modname $pcie)" 2>/dev/null &&
			grep -q "^$(modname $pcie) " /proc/modules &&
			pinned="yes, use count $(awk -v m=$(modname $pcie) '$1 == m { print $3 }' /proc/modules)"
	fi
	memory="$(memory_have | tr '\n' ';')"
	[ $m != p2p-bus-pcie ] || [ "$memory" = "$(memory_want | tr '\n' ';')" ]
	memory_ok=$?
	# p2pdma asks the graph: 16 single-page writes and two 1 MiB
	# transfers map CMB pages at least 16 times.
	graph=n/a
	if [ $m = $pcie ] && [ -n "$dio" ]; then
		graph=$(asked_by_one_move)
		mode=$(cat /sys/module/$(modname $m)/parameters/pci)
		[ "${graph% *}" -ge 16 ] && [ "${graph#* }" = 0 ] &&
			[ "$mode" = graph ] || memory_ok=1
		graph="$graph ($mode)"
	fi
	[ "$have" = "$want" ] && [ "${want%% *}" -gt 0 ] && [ $memory_ok = 0 ] &&
		[ "$pinned" != no ] &&
		[ -n "$with" ] && [ -n "$without" ] &&
		{ [ $m = p2p-bus-cxl ] || [ "$with" != "$without" ]; }
	result $? "${m}_first_load_adds_what_is_described" "nodes and links $have, want $want; p2pdma memory: ${memory:-none}; rmmod $pcie refused: $pinned; questions and status of one move: $graph; answer with: $with, without: $without"
	rmmod "$(modname $m)"
	same_as /tmp/unloaded "first unload"
	ok=$?
	# Unloaded, p2pdma walks the tree: the same move asks nothing.
	graph=n/a
	if [ $m = $pcie ] && [ -n "$dio" ]; then
		graph=$(asked_by_one_move)
		[ "$graph" = "0 0" ] || ok=1
	fi
	result $ok "${m}_first_unload_leaves_the_graph_as_before" "questions and status of one move: $graph"

	rm -f /tmp/stop
	querier &
	qpid=$!
	[ -n "$dio" ] && { mover $near $far & mpid=$!; }
	start=$(date +%s)
	load_unload $m /drivers/intree "$rounds"
	result $? "${m}_loaded_and_unloaded_${rounds}_times_same_graph" "$(($(date +%s) - start)) s"
	load_unload $m /drivers/oot 10
	result $? "${m}_built_out_of_tree_loaded_and_unloaded_10_times"
	touch /tmp/stop
	wait $qpid
	[ -n "$dio" ] && wait $mpid
	total=$(wc -l < /tmp/answers)
	# Without PCIe the pair is not in the graph: named to the query
	# device by a node that goes before the search begins, it gets no
	# answer but ENODEV, which means the same.
	gone=$without
	[ $m = $pcie ] && gone="ENODEV none "
	odd=$(grep -v -x -F -e "$with" -e "$without" -e "$gone" /tmp/answers | sort | uniq -c | head -n 3 | tr '\n' ';')
	[ "$total" -gt 0 ] && [ -z "$odd" ]
	result $? "${m}_every_answer_during_the_rounds_is_with_or_without_it" "$total answers; other: ${odd:-none}"
	if [ -n "$dio" ]; then
		moved=$(grep -c -x 'near 0' /tmp/moves)
		refused=$(grep -c -x 'far 3 121' /tmp/moves)
		odd=$(grep -v -x -e 'near 0' -e 'far 3 121' /tmp/moves | sort | uniq -c | head -n 3 | tr '\n' ';')
		[ "$moved" -gt 0 ] && [ "$refused" -gt 0 ] && [ -z "$odd" ]
		result $? "${m}_p2pdma_moved_every_byte_and_refused_the_far_cmb" "$moved moves of 1 MiB each way, $refused refused; other: ${odd:-none}"
	fi
	[ $m = $pcie ] && { insmod /drivers/intree/$m.ko || echo "    # insmod $m.ko failed"; }
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
