#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools/p2ptopo (/bin/p2ptopo) on a real machine, against answers that do
# not come from it:
#
#  - its --json matrix gives every ordered pair of device endpoints the
#    map type the kernel's own search gives in debugfs (routes: "<client>
#    -> <target> <map type> ...", drivers/p2p-core/debugfs.c);
#  - the matrix's words are those the machine's shape gives (the topology
#    files' comments: endpoints below one switch PIX, across host bridges
#    that refuse "--", or NODE/SYS by sysfs's numa_node where the CPU
#    forwards, an SSDT fabric link of two bonded links (p2p-link-count 2
#    in the .asl) NV2, an ACS redirect PHB where the CPU
#    turns peer traffic around, else "--");
#  - route prints the hops the PCI tree in sysfs gives (up from the target
#    to the bridge both are below, down to the client), or over a fabric
#    the two functions' fabric ports; a provider's address is in one of
#    its function's BARs;
#  - bad arguments, unknown names and a missing subsystem exit 2 with one
#    line on stderr;
#  - an unprivileged user (runas, as busybox has no setuidgid and its su
#    wants /etc/passwd) gets the same answers as root.
#
# The --json outputs are printed between P2PTOPO-JSON-BEGIN and
# P2PTOPO-JSON-END lines: the host validates them against
# tools/p2ptopo/p2ptopo.schema.json (tests/harness/p2ptopo_json.py).
. /guest/ktap.inc
. /guest/p2ptopo.inc

pci=/sys/bus/pci/devices
# The sysfs directories follow the graph from a work item: let it settle.
sleep 1

# word CLIENT TARGET: the matrix's word for the pair, from the text table.
word() {
	awk -v c="$1" -v t="$2" 'NR == 1 { for (i = 4; i <= NF; i++) col[$i] = i - 2 }
		NR > 1 && $1 == c && (t in col) { print $(col[t]); exit }' $tmp/matrix.txt
}

echo "================ p2ptopo ================"
p2ptopo > $tmp/matrix.txt 2>&1
cat $tmp/matrix.txt
echo "========================================="

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_p2ptopo"
echo "    1..8"

# 1: the matrix's map types are the kernel's (p2ptopo.inc).
matrix_equals_debugfs

# 2: the words the machine's shape gives. Lines "client target word".
{
	if [ -e $pci/0000:02:02.0 ] && [ -e $pci/0000:41:00.0 ]; then
		# default: 03, 04, 05 below one switch; 41 behind pxb-pcie.
		echo "0000:03:00.0 0000:04:00.0 PIX"
		echo "0000:05:00.0 0000:03:00.0 PIX"
		echo "0000:03:00.0 0000:41:00.0 --"
	fi
	if grep -q 'config_acs=' /proc/cmdline && [ -e $pci/0000:01:00.1 ]; then
		# acs-*: 02:00.x below 00:03.0; 01:00.x redirected at 00:02.0.
		echo "0000:02:00.0 0000:02:00.1 PIX"
		if host_turns_peer_traffic; then
			echo "0000:01:00.0 0000:01:00.1 PHB"
		else
			echo "0000:01:00.0 0000:01:00.1 --"
		fi
	fi
	if [ -e $pci/0000:06:00.1 ] && [ -e $pci/0000:41:00.0 ]; then
		# default: GPU0 06:00.0 and GPU1 41:00.0 joined by an SSDT
		# link; 06:00.1 beside GPU0 below the ACS-redirecting port.
		echo "0000:06:00.0 0000:41:00.0 NV2"
		echo "0000:41:00.0 0000:06:00.0 NV2"
		if host_turns_peer_traffic; then
			echo "0000:06:00.1 0000:06:00.0 PHB"
		else
			echo "0000:06:00.1 0000:06:00.0 --"
		fi
	fi
	if grep -q '^fw-fabric7$' $s/links/*/bus 2>/dev/null &&
	   [ -e $pci/0000:81:00.0 ]; then
		# acpi-fabric: one SSDT link between 41 and 81; 01 has none,
		# and reaches 41 through the host where the CPU forwards
		# between host bridges: NODE within a NUMA node (sysfs's
		# numa_node of each function), else SYS.
		echo "0000:41:00.0 0000:81:00.0 NV2"
		echo "0000:81:00.0 0000:41:00.0 NV2"
		if host_turns_peer_traffic; then
			if [ "$(cat $pci/0000:01:00.0/numa_node)" = \
			     "$(cat $pci/0000:41:00.0/numa_node)" ]; then
				echo "0000:01:00.0 0000:41:00.0 NODE"
			else
				echo "0000:01:00.0 0000:41:00.0 SYS"
			fi
		else
			echo "0000:01:00.0 0000:41:00.0 --"
		fi
	fi
} > $tmp/words
bad='' checked=0
while read -r c t w; do
	checked=$((checked + 1))
	got=$(word $c $t)
	[ "$got" = "$w" ] || bad="$bad $c->$t: $got, want $w;"
done < $tmp/words
[ $checked -gt 0 ] && [ -z "$bad" ]
result $? matrix_words_follow_the_machine "$checked pairs${bad:+;$bad}"

# 3: route's hops. A direct pair of PCI functions: up the PCI tree from
# the target to the deepest bridge above both, then down to the client.
pci_path() { readlink -f $pci/$1 | tr '/' '\n' | grep '^[0-9a-f]\{4\}:'; }
expect_pci_hops() {
	pci_path $1 > $tmp/up
	pci_path $2 > $tmp/down
	common=$(grep -Fx -f $tmp/up $tmp/down | tail -n 1)
	[ -n "$common" ] || return
	sed -n "/^$common\$/,\$p" $tmp/up | sed '$d' | sed -n '1!G;h;$p'
	sed -n "/^$common\$/,\$p" $tmp/down | sed 1d
}
hops_of() { awk '$1 ~ /^[1-9][0-9]*$/ { print $4 }'; }
pair=$(awk '$1 ~ /^0000:/ && $3 ~ /^0000:/ && $4 == "direct" { print $3, $1; exit }' $d/routes)
fabric=$(for l in $s/links/*; do
	[ "$(cat $l/bus)" != pcie ] && [ "$(cat $l/internal)" = 0 ] &&
		echo "$(cat $l/bus) $(cat $l/end0/name) $(cat $l/end1/name)"
done | head -n 1)
if [ -n "$fabric" ]; then
	# A fabric port "<fabric>:<function>" per function (acpi_fabric.sh),
	# a node of the function's device: over the link to the client's
	# port, from the target's port or from its function through the
	# attach link (a device route may start at either node).
	set -- $fabric
	t=${2#"$1":} c=${3#"$1":}
	want="$3"
	alt="$2 $3"
else
	set -- $pair
	t=$1 c=$2
	want=$(expect_pci_hops $t $c | tr '\n' ' ' | sed 's/ $//')
	alt=$want
fi
p2ptopo route $t $c --offset 4096 > $tmp/route.txt 2>&1
rc=$?
got=$(hops_of < $tmp/route.txt | tr '\n' ' ' | sed 's/ $//')
[ $rc = 0 ] && [ -n "$t" ] && [ -n "$want" ] && { [ "$got" = "$want" ] || [ "$got" = "$alt" ]; }
result $? route_hops_follow_the_tree "route $t $c: $got; want $want"
cat $tmp/route.txt | sed 's/^/    # /'
p2ptopo --json route $t $c --offset 4096 > $tmp/route.json
json_block route $tmp/route.json

# 4: a provider's address (the client's view of offset 4096) lies in one
# of the owner's BARs, as sysfs's resource file lists them (pci-bus
# addresses equal CPU physical ones on x86).
# A provider of a PCI function that some device reaches directly.
prov='' pc=''
for p in $s/providers/*; do
	[ -e $p/owner/name ] || continue
	o=$(cat $p/owner/name)
	[ -e $pci/$o ] || continue
	pc=$(awk -v o="$o" '$3 == o && $4 == "direct" { print $1; exit }' $d/routes)
	[ -n "$pc" ] && { prov=$(basename $p); break; }
done
if [ -n "$prov" ]; then
	p2ptopo route providers/$prov $pc --offset 4096 > $tmp/prov.txt 2>&1
	a=$(sed -n 's/.*the client addresses it at pci-bus:\(0x[0-9a-f]*\)$/\1/p' $tmp/prov.txt)
	in_bar=1
	while [ -n "$a" ] && read -r start end _; do
		[ $((start)) -ne 0 ] && [ $((a - 4096)) -ge $((start)) ] &&
			[ $((a)) -le $((end)) ] && in_bar=0
	done < $pci/$o/resource
	[ -n "$a" ] && [ $in_bar = 0 ]
	result $? provider_address_is_in_a_bar_of_its_owner "providers/$prov of $o to $pc: ${a:-no address}"
	p2ptopo --json route providers/$prov $pc --offset 4096 > $tmp/prov.json &&
		json_block route-provider $tmp/prov.json
else
	result 0 provider_address_is_in_a_bar_of_its_owner "SKIP no provider a device reaches directly"
fi

# 5: mistakes exit 2 with one line on stderr and nothing on stdout.
n1=$(awk '{ print $1; exit }' $d/routes)
bad=
while read -r args; do
	eval "p2ptopo $args" > $tmp/out 2> $tmp/err
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l < $tmp/err)" = 1 ] && [ ! -s $tmp/out ] ||
		bad="$bad [$args] $rc $(head -c 80 $tmp/err);"
done <<EOT
bogus
--bogus
-m
-m speed
matrix extra
dot extra
route
route $n1
route $n1 $n1 $n1
route no-such-node $n1
route $n1 no-such-node
route providers/99999 $n1
route providers/x $n1
route $n1 host
route $n1 $n1 --offset
route $n1 $n1 --offset -1
route $n1 $n1 --offset 0x
route $n1 $n1 --offset 18446744073709551616
route $n1 $n1 --dirs x
dot --offset 1
EOT
P2PTOPO_SYSFS=/nonexistent p2ptopo > $tmp/out 2> $tmp/err
rc=$?
[ $rc = 2 ] && [ "$(wc -l < $tmp/err)" = 1 ] || bad="$bad [no sysfs] $rc;"
P2PTOPO_DEV=/nonexistent p2ptopo > $tmp/out 2> $tmp/err
rc=$?
[ $rc = 2 ] && [ "$(wc -l < $tmp/err)" = 1 ] || bad="$bad [no device] $rc;"
p2ptopo --help > $tmp/out 2> $tmp/err
rc=$?
[ $rc = 0 ] && [ ! -s $tmp/err ] && grep -q '^usage: p2ptopo' $tmp/out || bad="$bad [--help] $rc;"
[ -z "$bad" ]
result $? mistakes_exit_2_with_one_line "${bad:-22 cases}"

# 6: the same answers for an unprivileged user. Root asks first, so that
# both see the routes cached. The kernel shows addresses to root only
# (as /proc/iomem): a route's address column and last line (and blank
# lines, one of which goes with it) are left out of the comparison, and
# the user must not see them.
noaddr() {
	sed -E 's/ +(pci-bus|cpu-phys|dma|link):[0-9a-fx:]+$//; /the client addresses it at/d; /^  no address: /d; /^$/d' "$1"
}
bad=
for args in "--json" "--json -m bw" "--json dot" "route $t $c --offset 4096"; do
	p2ptopo $args > $tmp/root 2>&1
	/guest/runas 65534 65534 /bin/p2ptopo $args > $tmp/user 2>&1 ||
		bad="$bad [$args] exit $?;"
	noaddr $tmp/root > $tmp/root.cmp
	noaddr $tmp/user > $tmp/user.cmp
	cmp -s $tmp/root.cmp $tmp/user.cmp ||
		bad="$bad [$args] differs: $(diff -U0 $tmp/root.cmp $tmp/user.cmp | grep -v '^\(---\|+++\|@@\)' | head -n 2 | tr '\n' ';')"
	! grep -Eq '(pci-bus|cpu-phys|dma):0x' $tmp/user ||
		bad="$bad [$args] user sees an address;"
done
[ "$(/guest/runas 65534 65534 /bin/busybox id -u)" = 65534 ] || bad="$bad still root;"
[ -z "$bad" ]
result $? unprivileged_user_gets_roots_answers "${bad:-matrix, bw, dot, route as uid 65534}"

# 7: dot: a statement per node and per link.
p2ptopo dot > $tmp/dot.txt
rc=$?
nn=$(grep -c '^[[:space:]]*"[^"]*" \[label=' $tmp/dot.txt)
nl=$(grep -c '^[[:space:]]*"[^"]*" -- "' $tmp/dot.txt)
[ $rc = 0 ] && [ "$nn" = "$(ls $s/nodes | wc -l)" ] && [ "$nl" = "$(ls $s/links | wc -l)" ] &&
	head -n 1 $tmp/dot.txt | grep -q '^graph p2p_topology {$' && [ "$(tail -n 1 $tmp/dot.txt)" = "}" ]
result $? dot_has_every_node_and_link "$nn nodes, $nl links"
p2ptopo --json dot > $tmp/dot.json
json_block dot $tmp/dot.json

# 8: bandwidth and latency matrices: a number, ? or -- in every cell.
bad=
for m in bw lat; do
	p2ptopo --json -m $m > $tmp/m.json || bad="$bad $m exit $?;"
	json_block matrix-$m $tmp/m.json
	cells=$(awk -F'"' '$2 == "cell" { print $4 }' $tmp/m.json | grep -cv '^\([0-9][0-9]*\|?\|--\)$')
	[ "$cells" = 0 ] || bad="$bad $m: $cells bad cells;"
done
[ -z "$bad" ]
result $? bandwidth_and_latency_matrices "${bad:-bw, lat}"
echo "ok 1 guest_p2ptopo"
