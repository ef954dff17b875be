#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make check's short run of the benchmarks (topologies/bench.topo): the
# benchmark KUnit suites ran at boot, once, on small sizes; check that
# every figure make bench reports was printed, well formed (a name, a
# unit, a numeric median and p99, legacy figures where a comparison is
# made). Speeds are never judged here.
. /guest/ktap.inc

figures=/tmp/bench-figures
dmesg | grep '^P2P-BENCH: ' > $figures

# figure NAME [legacy]: one well-formed line for NAME
figure() {
	line=$(grep "^P2P-BENCH: $1 " $figures)
	if [ "$(echo "$line" | grep -c .)" != 1 ]; then
		echo "    # $1: $(echo "$line" | grep -c .) lines"
		return 1
	fi
	echo "$line" | grep -Eq " unit=[^ ]+ median=[0-9]+ p99=[0-9]+( |$)" || return 1
	[ -z "$2" ] || echo "$line" | grep -Eq " legacy_median=[0-9]+ legacy_p99=[0-9]+( |$)"
}

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: bench_check"
names="pcie/cached_map_type/64fn:legacy"
for d in 1 2 3 4 5 6 7 8; do names="$names pcie/uncached_route/depth$d:legacy"; done
names="$names pcie/distance_many/8x16:legacy pcie/find_many/8x16:legacy"
for shape in tree mesh; do
	for what in build bytes_node bytes_link bytes_cache_entry uncached irqoff stretch cached hotplug; do
		names="$names $shape/64/$what"
	done
done
names="$names storm/64/all_cached_again storm/64/worst_query storm/64/irqoff"
echo "    1..$(echo $names | wc -w)"
fails=0
for nl in $names; do
	name=${nl%%:*}
	legacy=
	[ "$nl" = "$name" ] || legacy=1
	figure "$name" $legacy
	rc=$?
	[ $rc = 0 ] || fails=1
	result $rc "figure_$(echo "$name" | tr '/' '_')"
done
if [ $fails = 0 ]; then echo "ok 1 bench_check"; else echo "not ok 1 bench_check"; fi
