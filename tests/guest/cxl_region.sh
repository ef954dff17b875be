#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Issue 10, "how it is proven": a CXL pmem region created through the CXL
# core's sysfs ABI alone (no ndctl), its data written through /dev/mem and
# its HPAs decoded by the graph; the host then finds each pattern in the
# type-3 devices' backing files at the DPA the graph named
# (harness/cxl_backing.py, the topology's HOST_CHECK).
#
# The region (drivers/cxl/core/region.c's order): on the root decoder, read
# create_pmem_region and write that name back; the region's
# interleave_granularity (the root decoder's, or p2p.cxl_granularity),
# interleave_ways (one per memdev), a uuid; on each memdev's endpoint
# decoder mode=pmem and dpa_size=its share; the region's size; targetN =
# the endpoint decoders in an order the kernel accepts (each position
# tries the decoders left until one is taken, and when the kernel refuses
# the whole set at the last, the order the hierarchy gives); commit=1;
# bind to cxl_region. Each step is a case with the errno when it fails.
#
# The graph: one provider owned by the region's node (mem_type cxl-hdm,
# address space cpu-phys, phys_start and size the region's resource and
# size), one per endpoint decoder owned by its endpoint port's node
# (cxl-hdm, cxl-dpa, the decoder's dpa_size), every other provider mmio;
# debugfs p2p-bus-cxl/decode turns "REGION 0xHPA" into "MEMDEV 0xDPA POS"
# and "MEMDEV 0xDPA" into "REGION 0xHPA", ERANGE outside. guest/cxl_pattern
# writes and checks the data (its header says which addresses and
# patterns) and prints a "p2p-cxl-data:" line per address for the host.
#
# The KUnit suite p2p_cxl_live (in kunit.filter_glob), which has nothing
# to compare at boot, is run again once the region is bound.
#
# Then the region is unbound and decommitted: its providers go and the
# decode of its HPAs fails; committed and bound again, they come back and
# the data is still there; finally it is torn down whole (targets
# detached, DPA freed, region deleted) and kmemleak must not blame the
# project or the CXL core.
#
# Kernel arguments: p2p.cxl_addresses=N (1000) addresses;
# p2p.cxl_granularity=G, the region's interleave granularity (by default
# the root decoder's; the kernel shows 256 for a 1-way window whatever
# the window's, as any granularity will do there);
# p2p.cxl_keep=1 leaves the region committed and bound at the end (the
# teardown and the kmemleak scan are skipped);
# p2p.cxl_region=refused for a machine whose region the kernel or the
# device must refuse (a 3-way window on QEMU 7.2): then the cases are the
# steps up to the refusal, no provider in the window, the decode of the
# window failing, and the teardown.
. /guest/ktap.inc

cxl=/sys/bus/cxl/devices
s=/sys/kernel/p2p_topology
pat=/guest/cxl_pattern
# The graph's words (drivers/p2p-core/names.c: address spaces, memory
# types).
AS_HPA=cpu-phys
AS_DPA=cxl-dpa
MT_CXL=cxl-hdm
MT_MMIO=mmio

arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
addresses=$(arg p2p.cxl_addresses)
addresses=${addresses:-1000}
expect=$(arg p2p.cxl_region)
expect=${expect:-committed}
keep=$(arg p2p.cxl_keep)

# skip NAME REASON: the next case, skipped.
skip() {
	n=$((n + 1))
	echo "    ok $n $1 # SKIP $2"
}

# put FILE VALUE: write VALUE; $err is "ok" or the errno's name.
put() {
	err=$($pat put "$1" "$2")
	[ "$err" = ok ]
}

# dmesg_tail: the kernel's last lines, as diagnostics.
dmesg_tail() { dmesg | tail -n "${1:-8}" | sed 's/^/    # dmesg: /'; }

hex() { printf '0x%x' "$1"; }

# refused_answer ANSWER: whether cxl_pattern's answer is an errno's name.
refused_answer() {
	case $1 in
	EOF) return 1 ;;
	E[A-Z]*) return 0 ;;
	*) return 1 ;;
	esac
}

# provider_field ID FILE: a provider's attribute, "-" when unreadable.
provider_field() { cat "$s/providers/$1/$2" 2>/dev/null || echo -; }

# providers: one line a provider: ID OWNER MEM_TYPE SPACE PHYS SIZE.
providers() {
	for p in $s/providers/*; do
		[ -e "$p" ] || continue
		id=$(basename $p)
		echo "$id $(cat $p/owner/name 2>/dev/null || echo -)" \
			"$(provider_field $id mem_type) $(provider_field $id address_space)" \
			"$(provider_field $id phys_start) $(provider_field $id size)"
	done
}

# wait_until CMD...: run CMD once a second until it succeeds, 5 s at most
# (the graph's sysfs follows from a work item).
wait_until() {
	i=0
	until "$@"; do
		[ $i -ge 5 ] && return 1
		sleep 1
		i=$((i + 1))
	done
}

# The machine: the root decoder that can create pmem regions, the memdevs,
# each memdev's endpoint port and its first decoder.
root_dec=
for d in $cxl/root0/decoder0.*; do
	[ -e $d/create_pmem_region ] && { root_dec=$d; break; }
done
gran=$(arg p2p.cxl_granularity)
[ -n "$gran" ] || gran=$(cat $root_dec/interleave_granularity 2>/dev/null)
win_start=$(cat $root_dec/start 2>/dev/null)
win_size=$(cat $root_dec/size 2>/dev/null)
memdevs=
for m in $cxl/mem*; do [ -e "$m" ] && memdevs="$memdevs $(basename $m)"; done
ways=$(echo $memdevs | wc -w)
decoders= share=
for m in $memdevs; do
	ep=
	for p in $cxl/endpoint*; do
		[ "$(basename "$(readlink -f $p/uport)")" = $m ] && ep=$p
	done
	dec=$(basename "$(ls -d $ep/decoder*.0 2>/dev/null | head -n 1)")
	decoders="$decoders $dec"
	size=$(cat $cxl/$m/pmem/size)
	# Every memdev gives the same share: the smallest, in 256 MiB units.
	size=$((size / 0x10000000 * 0x10000000))
	[ -z "$share" ] || [ $size -lt $share ] && share=$size
done
region_size=$((share * ways))
echo "# cxl_region: root decoder $(basename "$root_dec") (window $win_start size $win_size, ways $(cat $root_dec/interleave_ways), granularity $(cat $root_dec/interleave_granularity)), region granularity $gran, $ways memdevs:$memdevs, endpoint decoders:$decoders, share $(hex ${share:-0}) each"

# memdev_of DECODER, port_of DECODER: the memdev, the endpoint port.
port_of() { basename "$(dirname "$(readlink -f $cxl/$1)")"; }
memdev_of() { basename "$(readlink -f $cxl/$(port_of $1)/uport)"; }

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_cxl_region"
if [ "$expect" = refused ]; then
	echo "    1..11"	# 6 steps, refused, 2 graph cases, teardown, kmemleak
else
	echo "    1..34"
fi
failed=0
# check STATUS NAME [COMMENT]: a case, as result does; a failure fails the
# suite.
check() {
	[ "$1" = 0 ] || failed=1
	result "$@"
}

# 1. The region's name from the root decoder, written back.
name=$(cat $root_dec/create_pmem_region 2>/dev/null)
put $root_dec/create_pmem_region "$name" && [ -d $cxl/$name ]
check $? region_created "${name:-no name} from $(basename "$root_dec")/create_pmem_region: $err"
r=$cxl/$name
have_region=$([ -d "$r" ] && [ -n "$name" ] && echo 1 || echo 0)

# step NAME FILE VALUE: one write into the region, a case.
step() {
	if [ $have_region = 0 ]; then
		skip $1 "no region"
		return 1
	fi
	put "$2" "$3"
	check $? $1 "$3 > $(basename "$2"): $err"
	[ "$err" = ok ]
}
step region_interleave_granularity $r/interleave_granularity "$gran"
step region_interleave_ways $r/interleave_ways "$ways"
step region_uuid $r/uuid "$(cat /proc/sys/kernel/random/uuid)"

# The endpoint decoders: pmem, each its share of the DPA.
if [ $have_region = 1 ]; then
	why= bad=0
	for dec in $decoders; do
		put $cxl/$dec/mode pmem || { bad=1; why="$why $dec mode: $err;"; continue; }
		put $cxl/$dec/dpa_size $(hex $share) || { bad=1; why="$why $dec dpa_size: $err;"; continue; }
		why="$why $dec $(cat $cxl/$dec/mode) dpa $(cat $cxl/$dec/dpa_resource)+$(cat $cxl/$dec/dpa_size);"
	done
	[ $bad = 0 ]
	check $? endpoint_decoders_pmem "$why"
else
	skip endpoint_decoders_pmem "no region"
fi
step region_size $r/size $(hex $region_size)

# topology_order: the endpoint decoders in the positions the CXL
# hierarchy gives them: at each level down from the root a decoder
# interleaves its ways over the dports that lead to the region's devices,
# so a device's position is i0 + w0 * (i1 + w1 * (i2 + ...)), ik the index
# of the dport it is reached through at level k and wk that level's ways
# (the root's in its target_list order, the others' by dport id: the
# kernel fills their target lists in position order).
topology_order() {
	for dec in $decoders; do
		p=$(readlink -f $cxl/$(port_of $dec))
		level=0
		while :; do
			up=$(dirname $p)
			dd=$(readlink -f $p/parent_dport)
			id=
			for d in $up/dport*; do
				[ "$(readlink -f $d)" = "$dd" ] && id=${d##*/dport}
			done
			echo "$dec $level $up ${id:-?}"
			case $(basename $up) in root*) break ;; esac
			p=$up
			level=$((level + 1))
			[ $level -lt 8 ] || break
		done
	done | awk -v tl="$(cat $root_dec/target_list)" '
		{ dec[NR] = $1; lvl[NR] = $2; port[NR] = $3; id[NR] = $4
		  if ($2 > depth[$1]) depth[$1] = $2
		  key = $3 " " $4
		  if (!(key in seen)) { seen[key] = 1; used[$3]++ } }
		END {
			n = split(tl, t, ",")
			for (i = 1; i <= n; i++) rootidx[t[i]] = i - 1
			for (k = 1; k <= NR; k++) {
				d = dec[k]; top = depth[d] - lvl[k]
				if (top == 0) { idx = rootidx[id[k]]; w = n }
				else {
					idx = 0; w = used[port[k]]
					for (j = 1; j <= NR; j++)
						if (port[j] == port[k] && id[j] + 0 < id[k] + 0 &&
						    !((port[j] " " id[j] " " d) in counted)) {
							counted[port[j] " " id[j] " " d] = 1
							idx++
						}
				}
				ik[d, top] = idx; wk[d, top] = w
			}
			for (d in depth) {
				pos = 0; stride = 1
				for (k = 0; k <= depth[d]; k++) {
					pos += ik[d, k] * stride; stride *= wk[d, k]
				}
				print pos, d
			}
		}' | sort -n | cut -d' ' -f2
}

# set_targets ORDER...: targetN = the Nth decoder, in turn; a refused
# position tries the decoders left. $order and $refused tell.
set_targets() {
	left="$*" pos=0 order= refused=
	while [ $pos -lt $ways ]; do
		taken=
		for dec in $left; do
			if put $r/target$pos $dec; then
				taken=$dec
				break
			fi
			refused="$refused target$pos=$dec:$err"
		done
		[ -z "$taken" ] && break
		order="$order target$pos=$taken($(memdev_of $taken))"
		left=$(echo $left | tr ' ' '\n' | grep -vx $taken | tr '\n' ' ')
		pos=$((pos + 1))
	done
	[ $pos = $ways ]
}

# The targets: first in the memdevs' order, each position taking the
# first decoder left that the kernel accepts. The kernel checks a
# switch's or host bridge's positions only once the last target is in
# (cxl_region_setup_targets()) and then keeps the refused target
# attached: when that happens, every target is detached and the order the
# hierarchy gives (topology_order) is tried. Refusals come with their errno.
targets_ok=0
if [ $have_region = 1 ]; then
	if set_targets $decoders; then
		targets_ok=1
		why="memdev order: accepted:$order; refused:${refused:- none}"
	else
		why="memdev order: accepted:${order:- none}; refused:$refused"
		i=0
		while [ $i -lt $ways ]; do
			[ -n "$(cat $r/target$i)" ] && { put $r/target$i "" || why="$why; detach target$i: $err"; }
			i=$((i + 1))
		done
		topo=$(topology_order | tr '\n' ' ')
		set_targets $topo && targets_ok=1
		why="$why; hierarchy order ($(echo $topo)): accepted:${order:- none}; refused:${refused:- none}"
	fi
	# Where the region must be refused, the refusal is region_refused.
	if [ "$expect" != refused ]; then
		[ $targets_ok = 1 ]
		check $? region_targets "$why"
		[ $targets_ok = 1 ] || dmesg_tail
	fi
elif [ "$expect" != refused ]; then
	skip region_targets "no region"
fi

committed=0
if [ $targets_ok = 1 ]; then
	put $r/commit 1 && [ "$(cat $r/commit)" = 1 ] && committed=1
	why="$why; commit: $err, reads $(cat $r/commit)"
	if [ "$expect" != refused ]; then
		[ $committed = 1 ]
		check $? region_committed "commit: $err, reads $(cat $r/commit)"
		[ $committed = 1 ] || dmesg_tail
	fi
elif [ "$expect" != refused ]; then
	skip region_committed "targets not set"
fi

if [ "$expect" = refused ]; then
	# The kernel or the device refused some step (the targets or the
	# commit): which, and nothing of the window in the graph.
	[ $committed = 0 ] && [ $have_region = 1 ]
	check $? region_refused "${why:-no region}"
	win_end=$((win_start + win_size))
	inside=$(providers | while read -r id owner mt as phys size; do
		case $phys in 0x*) ;; *) continue ;; esac
		[ $((phys)) -ge $((win_start)) ] && [ $((phys)) -lt $win_end ] && echo $id
		[ "$mt" = $MT_CXL ] && echo $id
	done | sort -u | tr '\n' ' ')
	[ -z "$inside" ]
	check $? graph_no_provider_in_the_window "window $win_start+$win_size; providers in it or cxl-hdm: ${inside:-none}"
	a1=$($pat ask "$name $win_start")
	a2=$($pat ask "$name $(hex $((win_start + win_size / 2 + 8)))")
	refused_answer "$a1" && refused_answer "$a2"
	check $? decode_in_the_window_fails "$name $win_start: $a1; middle: $a2"
else
	if [ $committed = 1 ]; then
		put /sys/bus/cxl/drivers/cxl_region/bind $name && [ -e $r/driver ]
		check $? region_bound "bind: $err; $(basename "$(readlink $r/driver)")"
		[ -e $r/driver ] || dmesg_tail
	else
		skip region_bound "not committed"
	fi
	start=$(cat $r/resource 2>/dev/null)
	rsize=$(cat $r/size 2>/dev/null)
	echo "# cxl_region: $name at ${start:-?} size ${rsize:-?}, granularity $(cat $r/interleave_granularity 2>/dev/null), ways $(cat $r/interleave_ways 2>/dev/null)"
fi

# The region's targets as committed: POS:MEMDEV:SERIAL:DPABASE each.
targets() {
	i=0
	while [ $i -lt $ways ]; do
		dec=$(cat $r/target$i)
		m=$(memdev_of $dec)
		echo "$i:$m:$(cat $cxl/$m/serial):$(cat $cxl/$dec/dpa_resource)"
		i=$((i + 1))
	done
}

# graph_region N: whether exactly N providers are the region's as the
# header says; $why tells.
graph_region() {
	providers > /tmp/cxl.providers
	mine=$(grep -c "^[0-9]* $name " /tmp/cxl.providers)
	why="$mine owned by $name: $(grep "^[0-9]* $name " /tmp/cxl.providers | tr '\n' ';' | sed 's/;$//')"
	[ "$mine" = "$1" ] || return 1
	[ "$1" = 0 ] && return 0
	grep -q "^[0-9]* $name $MT_CXL $AS_HPA [^ ]* [0-9]*\$" /tmp/cxl.providers || return 1
	set -- $(grep "^[0-9]* $name " /tmp/cxl.providers)
	case $5 in 0x*) ;; *) return 1 ;; esac
	[ $(($5)) = $((start)) ] && [ "$6" = $((rsize)) ]
}

# graph_decoders N: whether each endpoint decoder of the region has N
# providers owned by its port's node, as the header says.
graph_decoders() {
	providers > /tmp/cxl.providers
	why= bad=0
	for dec in $decoders; do
		ep=$(port_of $dec)
		mine=$(grep -c "^[0-9]* $ep " /tmp/cxl.providers)
		why="$why $ep:$mine $(grep "^[0-9]* $ep " /tmp/cxl.providers | cut -d' ' -f3,4,6 | tr '\n' ';')"
		[ "$mine" = "$1" ] || { bad=1; continue; }
		[ "$1" = 0 ] && continue
		grep -q "^[0-9]* $ep $MT_CXL $AS_DPA [^ ]* $(($(cat $cxl/$dec/dpa_size)))\$" \
			/tmp/cxl.providers || bad=1
	done
	[ $bad = 0 ]
}

# live: the KUnit suite p2p_cxl_live run again now that a region is
# bound (at boot it has nothing to compare): the graph's decode of 1,025
# DPAs per device against the CXL core's own cxl_dpa_to_hpa(), both ways;
# it must have compared this region (and no other) on every device. Its
# KTAP goes to the log at KERN_INFO: kept off the console, as
# differential does.
live() {
	k=/sys/kernel/debug/kunit/p2p_cxl_live
	if ! [ -e $k/run ]; then
		check 1 kunit_p2p_cxl_live "no $k (not built, or not in kunit.filter_glob)"
		return
	fi
	echo 5 > /proc/sys/kernel/printk
	echo run > $k/run
	echo 7 > /proc/sys/kernel/printk
	info=$(grep -o 'cxl_dpa_to_hpa: [0-9].*compared' $k/results | tail -n 1)
	# KUnit keeps a case that skipped marked as skipped, and never runs
	# it again (lib/kunit/test.c, kunit_run_tests()).
	grep -q '# SKIP *$' $k/results &&
		info="skipped again, without running: a case that skipped at boot stays marked as skipped"
	# One region, none left out, every device's DPAs (1,025 each).
	set -- $(echo "$info" | sed -n 's/^cxl_dpa_to_hpa: \([0-9]*\) regions, \([0-9]*\) left out, \([0-9]*\) addresses compared$/\1 \2 \3/p')
	! grep -q 'not ok\|# SKIP' $k/results && grep -q '^ok 1 p2p_cxl_live' $k/results &&
		[ "$1" = 1 ] && [ "$2" = 0 ] && [ "${3:-0}" -ge $((ways * 1024)) ]
	st=$?
	[ $st = 0 ] || sed 's/^/    # p2p_cxl_live: /' $k/results | head -n 20
	check $st kunit_p2p_cxl_live "${info:-no count}"
}

# The teardown: unbind, decommit, detach every target, free the DPA,
# delete the region. $why tells what refused.
teardown() {
	why=
	[ -e $r/driver ] && { put /sys/bus/cxl/drivers/cxl_region/unbind $name || why="$why unbind: $err;"; }
	[ "$(cat $r/commit 2>/dev/null)" = 1 ] && { put $r/commit 0 || why="$why commit=0: $err;"; }
	i=0
	while [ $i -lt $ways ]; do
		[ -n "$(cat $r/target$i 2>/dev/null)" ] && { put $r/target$i "" || why="$why target$i: $err;"; }
		i=$((i + 1))
	done
	for dec in $decoders; do
		[ $(($(cat $cxl/$dec/dpa_size))) = 0 ] || put $cxl/$dec/dpa_size 0 ||
			why="$why $dec dpa_size=0: $err;"
	done
	[ -d $r ] && { put $root_dec/delete_region $name || why="$why delete_region: $err;"; }
	! [ -d $r ] && [ -z "$why" ]
}

# kmemleak: two scans after 6 s (an object is reported once it is 5 s
# old and two scans found it unreferenced).
no_leak() {
	k=/sys/kernel/debug/kmemleak
	sleep 6
	echo scan > $k
	echo scan > $k
	ours=$(awk '/unreferenced object/ { mine = 0 }
		    /p2p_|cxl_/ { if (!mine) { n++; mine = 1 } }
		    END { print n + 0 }' $k)
	[ "$ours" = 0 ]
	check $? no_kmemleak_report_from_p2p_or_cxl "$(grep -c 'unreferenced object' $k) reports, $ours naming p2p_ or cxl_"
}

if [ "$expect" = refused ]; then
	if [ $have_region = 1 ]; then
		teardown
		check $? region_torn_down "${why:-unbound, decommitted, targets detached, DPA freed, deleted}"
	else
		skip region_torn_down "no region"
	fi
	no_leak
	echo "$([ $failed = 0 ] && echo ok || echo "not ok") 1 guest_cxl_region"
	exit 0
fi

bound=0
[ $committed = 1 ] && [ -e $r/driver ] && bound=1

# The graph's providers for the bound region.
if [ $bound = 1 ]; then
	wait_until graph_region 1
	check $? graph_region_provider "$why; want $MT_CXL $AS_HPA $start $((rsize))"
	wait_until graph_decoders 1
	check $? graph_endpoint_decoder_providers "$why"
	providers > /tmp/cxl.providers
	others=$(grep -v "^[0-9]* \($name\|endpoint[0-9]*\) " /tmp/cxl.providers)
	bad=$(echo "$others" | grep -v "^\$" | grep -v "^[0-9]* [^ ]* $MT_MMIO " | tr '\n' ';')
	[ -z "$bad" ]
	check $? graph_other_providers_mmio "$(echo "$others" | grep -c .) others; not $MT_MMIO: ${bad:-none}"
	live
else
	skip graph_region_provider "region not bound"
	skip graph_endpoint_decoder_providers "region not bound"
	skip graph_other_providers_mmio "region not bound"
	skip kunit_p2p_cxl_live "region not bound"
fi

a=$($pat eof)
[ "$a" = EOF ]
check $? decode_read_before_any_write_is_eof "$a"

# The data, the decode and its inverse: five cases from the helper.
if [ $bound = 1 ]; then
	tg=$(targets)
	echo "# cxl_region: targets $(echo $tg)"
	$pat data write $((n + 1)) $name $start $rsize $gran $ways $addresses $tg ||
		failed=1
	n=$((n + 5))
else
	for c in data_written_and_read_back_through_dev_mem \
		addresses_cover_every_position_and_both_ends \
		decode_answers_every_hpa decode_agrees_with_the_region_programming \
		decode_inverse_gives_the_hpa_back; do
		skip $c "region not bound"
	done
fi

# Outside the region: ERANGE.
if [ $bound = 1 ]; then
	a=$($pat ask "$name $(hex $((start + rsize)))")
	[ "$a" = ERANGE ]
	check $? decode_hpa_at_the_region_end_is_erange "$name $(hex $((start + rsize))): $a"
	a=$($pat ask "$name $(hex $((start - 1)))")
	[ "$a" = ERANGE ]
	check $? decode_hpa_before_the_region_is_erange "$name $(hex $((start - 1))): $a"
	dec=$(cat $r/target0)
	m=$(memdev_of $dec)
	dpa=$(($(cat $cxl/$dec/dpa_resource) + $(cat $cxl/$dec/dpa_size)))
	a=$($pat ask "$m $(hex $dpa)")
	[ "$a" = ERANGE ]
	check $? decode_dpa_past_the_decoded_range_is_erange "$m $(hex $dpa): $a"
else
	for c in decode_hpa_at_the_region_end_is_erange \
		decode_hpa_before_the_region_is_erange \
		decode_dpa_past_the_decoded_range_is_erange; do
		skip $c "region not bound"
	done
fi

# Unbound and decommitted: the providers go, the decode fails.
if [ $bound = 1 ]; then
	put /sys/bus/cxl/drivers/cxl_region/unbind $name && ! [ -e $r/driver ]
	check $? region_unbound "unbind: $err"
	put $r/commit 0 && [ "$(cat $r/commit)" = 0 ]
	check $? region_decommitted "commit=0: $err, reads $(cat $r/commit)"
	wait_until graph_region 0
	check $? graph_region_provider_gone "$why"
	wait_until graph_decoders 0
	check $? graph_endpoint_decoder_providers_gone "$why"
	a=$($pat ask "$name $start")
	[ "$a" = ENODEV ] || [ "$a" = ENOENT ]
	check $? decode_of_the_decommitted_region_fails "$name $start: $a"

	# Committed and bound again: all back, the data still there.
	put $r/commit 1 && put /sys/bus/cxl/drivers/cxl_region/bind $name &&
		[ -e $r/driver ]
	check $? region_recommitted_and_bound "$err"
	wait_until graph_region 1
	st=$? back=$why
	wait_until graph_decoders 1
	[ $? = 0 ] && [ $st = 0 ]
	check $? graph_providers_back "$back;$why"
	set -- $(targets | head -n 1 | tr ':' ' ')
	want="$2 $(hex $(($4))) 0"
	a=$($pat ask "$name $start")
	[ "$a" = "$want" ]
	check $? decode_answers_again "$name $start: $a, want $want"
	$pat data check $((n + 1)) $name $start $rsize $gran $ways $addresses $(targets) ||
		failed=1
	n=$((n + 1))
else
	for c in region_unbound region_decommitted graph_region_provider_gone \
		graph_endpoint_decoder_providers_gone \
		decode_of_the_decommitted_region_fails \
		region_recommitted_and_bound graph_providers_back \
		decode_answers_again data_survives_recommit; do
		skip $c "region not bound"
	done
fi

# Gone for good, and nothing of it left in the graph; or, with
# p2p.cxl_keep=1 (the demo machine, whose picture shows the region), kept.
if [ "$keep" = 1 ]; then
	skip region_torn_down "p2p.cxl_keep=1: the region stays"
	skip graph_no_cxl_hdm_provider_left "p2p.cxl_keep=1: the region stays"
	skip no_kmemleak_report_from_p2p_or_cxl "p2p.cxl_keep=1: the region stays"
	echo "$([ $failed = 0 ] && echo ok || echo "not ok") 1 guest_cxl_region"
	exit 0
fi
if [ $have_region = 1 ]; then
	teardown
	check $? region_torn_down "${why:-unbound, decommitted, targets detached, DPA freed, deleted}"
	[ -n "$why" ] && dmesg_tail
	wait_until graph_region 0
	left=$why
	providers > /tmp/cxl.providers
	grep -q "^[0-9]* [^ ]* $MT_CXL " /tmp/cxl.providers && left="$left; $(grep "^[0-9]* [^ ]* $MT_CXL " /tmp/cxl.providers | tr '\n' ';')"
	! grep -q "^[0-9]* [^ ]* $MT_CXL " /tmp/cxl.providers && graph_region 0
	check $? graph_no_cxl_hdm_provider_left "$left"
else
	skip region_torn_down "no region"
	skip graph_no_cxl_hdm_provider_left "no region"
fi
no_leak
[ "$ours" = 0 ] || failed=1
echo "$([ $failed = 0 ] && echo ok || echo "not ok") 1 guest_cxl_region"
