#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/p2ptopo on the host, without a kernel: a fake sysfs tree and a
# test double of /dev/p2p_topology (fake_tree.py, fake_query.c), and the
# matrix's words each fake route should get by the rules of p2ptopo.8.
# Prints KTAP and the harness's end marker: make check writes it to
# build/logs/p2ptopo-host.log, where ktap.py counts it.
. "$(dirname "$0")/../../harness/common.sh"

out=$BUILD/p2ptopo-host
rm -rf "$out/tree"
mkdir -p "$out"
make -s -C "$TOP"/tools/p2ptopo OUTPUT="$out/" || die "cannot build tools/p2ptopo"
gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$out/fake_query.so" \
	"$TOP"/tests/tools/p2ptopo/fake_query.c -ldl || die "cannot build fake_query.so"
python3 "$TOP"/tests/tools/p2ptopo/fake_tree.py "$out/tree"
# The cases go on after a failure: each reports its own.
set +e

export P2PTOPO_SYSFS=$out/tree/sys P2PTOPO_DEV=$out/tree/dev FAKE_ANSWERS=$out/tree/answers
tool() { LD_PRELOAD=$out/fake_query.so "$out"/p2ptopo "$@"; }
n=0
failed=
result() {
	n=$((n + 1))
	if [[ $1 == 0 ]]; then
		echo "    ok $n $2${3:+ # $3}"
	else
		echo "    not ok $n $2${3:+ # $3}"
		failed=1
	fi
}

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: host_p2ptopo"
echo "    1..8"

# "client target word", from the routes fake_tree.py makes up.
tool > "$out/matrix.txt"
bad=
while read -r c t w; do
	got=$(awk -v c="$c" -v t="$t" 'NR == 1 { for (i = 4; i <= NF; i++) col[$i] = i - 2 }
		NR > 1 && $1 == c && (t in col) { print $(col[t]); exit }' "$out/matrix.txt")
	[[ $got == "$w" ]] || bad+=" $c->$t: $got, want $w;"
done <<EOT
0000:04:00.0 0000:03:00.0 PIX
0000:03:00.0 0000:04:00.0 PIX
0000:05:00.0 0000:03:00.0 PHB
0000:03:00.0 0000:41:00.0 SYS
0000:41:00.1 0000:41:00.0 PIX
0000:41:00.1 0000:04:00.0 NV2
0000:04:00.0 0000:41:00.1 NV2
0000:05:00.0 0000:41:00.0 --
0000:03:00.0 0000:03:00.0 X
0000:03:00.0 0000:41:00.1 ?
0000:41:00.1 0000:03:00.0 SYS
EOT
[[ -z $bad ]]
result $? matrix_words_follow_the_rules "${bad:-11 pairs}"

# One row and column per device: the fabric ports of 04:00.0 and 41:00.1
# are nodes of those devices, which have rows under their own names.
rows=$(awk 'NR > 1 && NF > 2 { print $1 }' "$out/matrix.txt" | grep -c '^[0-9a-z]\{4\}:')
cols=$(awk 'NR == 1 { print NF - 4; exit }' "$out/matrix.txt")
! grep -q '^fw-fabric7' "$out/matrix.txt" && [[ $rows == 5 && $cols == 5 ]]
result $? matrix_has_one_row_per_device "$rows rows, $cols columns"

bad=
for args in "--json" "--json -m bw" "--json -m lat" "--json dot" \
	"--json route 0000:03:00.0 0000:05:00.0" \
	"--json route providers/1 0000:04:00.0 --offset 4096" \
	"--json route 0000:41:00.0 0000:05:00.0"; do
	tool $args > "$out/out.json" || bad+=" [$args] exit $?;"
	python3 -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
' "$TOP"/tools/p2ptopo/p2ptopo.schema.json "$out/out.json" 2> "$out/err" ||
		bad+=" [$args] $(tail -n 1 "$out/err");"
done
[[ -z $bad ]]
result $? json_outputs_follow_the_schema "${bad:-7 outputs}"

tool route providers/1 0000:04:00.0 --offset 010 > "$out/route.txt"
hops=$(awk '$1 ~ /^[1-9]/ { printf "%s ", $4 }' "$out/route.txt")
[[ $hops == "0000:02:00.0 0000:01:00.0 0000:02:01.0 0000:04:00.0 " ]] &&
	grep -q 'provider 1 at offset 0xa,' "$out/route.txt" &&
	grep -q 'the client addresses it at pci-bus:0xfe000000$' "$out/route.txt"
result $? route_prints_hops_offset_and_address "$hops"

# Hop 0 is where the first link leaves: the target's fabric port.
tool route 0000:04:00.0 0000:41:00.1 > "$out/route-fabric.txt"
start=$(awk '$1 == 0 { print $2, $3, $4, $5, $6, $7, $8, $9; exit }' "$out/route-fabric.txt")
[[ $start == "fw-fabric7:0000:04:00.0 endpoint (a node of the target's device)" ]]
result $? route_starts_where_its_first_link_leaves "$start"

bad=
for args in "bogus" "route" "route a b" "route 0000:03:00.0 host" "-m x" \
	"route 0000:03:00.0 0000:04:00.0 --offset 08x" "dot --dirs r"; do
	rc=0
	tool $args > "$out/out" 2> "$out/err" || rc=$?
	[[ $rc == 2 && $(wc -l < "$out/err") == 1 && ! -s $out/out ]] || bad+=" [$args] $rc;"
done
rc=0
P2PTOPO_SYSFS=$out/none tool > /dev/null 2> "$out/err" || rc=$?
[[ $rc == 2 && $(wc -l < "$out/err") == 1 ]] || bad+=" [no sysfs] $rc;"
[[ -z $bad ]]
result $? mistakes_exit_2_with_one_line "${bad:-8 cases}"

tool --json dot > "$out/dot.json" &&
	python3 -c '
import json, sys
names = [n["name"] for n in json.load(open(sys.argv[1], encoding="utf-8"))["nodes"]]
sys.exit(0 if "fw-switch\u00ff" in names else 1)
' "$out/dot.json"
result $? json_is_utf8_for_names_that_are_not

tool dot > "$out/dot.txt"
grep -q '"fw-fabric7:0000:04:00.0" -- "fw-fabric7:0000:41:00.1" \[label="fw-fabric7\\n100000 MB/s", style=bold' "$out/dot.txt" &&
	grep -q 'style=dashed' "$out/dot.txt" && grep -q 'subgraph cluster_numa1 {' "$out/dot.txt"
result $? dot_marks_private_and_down_links
if [[ -n $failed ]]; then
	echo "not ok 1 host_p2ptopo"
else
	echo "ok 1 host_p2ptopo"
fi
echo "P2P-HARNESS: run complete"
[[ -z $failed ]]
