#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Hostile input from user space (core.topo): the project's debugfs files
# and its kernel parameter are read-only. Each is checked for its mode, then
# fed malformed values as root (who may open a read-only file for writing):
# every write must fail and the file must read the same afterwards.
. /guest/ktap.inc

param=/sys/module/p2p_topology/parameters/pci

# printf formats of the values written (an empty value writes nothing;
# p2p_pcie_param tries it): blank, NULs, numbers that
# overflow, unknown names, repeated and conflicting options, huge.
values='
\n
\n\n
 
\t
\r\n
\000
\000legacy
leg\000acy
gr\000aph
0
1
-1
y
n
on
off
true
false
LEGACY
Legacy
legacyy
legac
 legacy
legacy 
legacy\n\n
legacy\r
legacy,graph
graph,legacy
legacy graph
legacy\ngraph
legacylegacy
graph\ngraph
p2p_topology.pci=legacy
mode=legacy
legacy=1
auto
none
default
18446744073709551616
-9223372036854775809
99999999999999999999999999
0x1
0xffffffffffffffff
1e100
NaN
l\303\251gacy
\377\376
%%s%%n%%p
../legacy
0 0 -> 1 1
node0
'

# The values, one per line; the last two are 4 KiB and 64 KiB long.
each_value() {
	printf '%s\n' "$values" | sed '1d;$d'
	echo HUGE4K
	echo HUGE64K
}

# write_value FILE FORMAT: write one value; true when the write failed.
write_value() {
	case "$2" in
	HUGE4K) head -c 4096 /dev/zero | tr '\0' a > "$1" 2>/dev/null ;;
	HUGE64K) head -c 65536 /dev/zero | tr '\0' l > "$1" 2>/dev/null ;;
	*) printf "$2" > "$1" 2>/dev/null ;;
	esac
	[ $? -ne 0 ]
}

# refuses FILE: a case, ok when the file has no write permission bit and
# every value written to it fails and leaves its contents unchanged.
refuses() {
	f=$1 tried=0 accepted=0 changed=0
	mode=$(stat -c %a "$f")
	before=$(cat "$f" | md5sum)
	each_value > /tmp/values
	while IFS= read -r v; do
		tried=$((tried + 1))
		write_value "$f" "$v" || accepted=$((accepted + 1))
	done < /tmp/values
	[ "$(cat "$f" | md5sum)" = "$before" ] || changed=1
	[ $((0$mode & 0222)) -eq 0 ] && [ $accepted -eq 0 ] && [ $changed -eq 0 ]
	result $? "read_only ${f#/sys/}" \
		"mode $mode, $tried values, $accepted accepted, contents changed: $changed"
	total=$((total + tried))
}

files="$(find $d -type f | sort) $param"
count=$(echo $files | wc -w)
total=0

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_hostile"
echo "    1..$((count + 1))"
# The boot's own malformed values (core.topo) left the default mode.
[ "$(cat $param)" = graph ]
result $? "malformed_boot_values_leave_graph_mode" "$(cat $param)"
for f in $files; do
	refuses "$f"
done
echo "    # $total malformed writes to $count files, all refused"
echo "ok 1 guest_hostile"
