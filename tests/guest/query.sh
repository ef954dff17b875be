#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The per-pair query device /dev/p2p_topology on its own (the protocol:
# one "route <target> <client> [dirs=r|w|rw] [offset=<n>]" line of at most
# 255 bytes per open file, written once, the answer read from offset 0).
# With guest/p2pq, which writes requests byte for byte (\0, \n, \t, \xHH
# escapes) and names the errno of each write:
#
#  - a good request's answer has the protocol's keys in its order, names
#    the request's target and client, and gives the map type the kernel's
#    own search gives in debugfs;
#  - malformed requests fail with EINVAL, unknown names with ENOENT,
#    clients (and targets) without a device with ENODEV, a second write
#    on one file with EBUSY; a failed write leaves nothing to read;
#  - none of them changes the graph's generation (debugfs stats) or the
#    good request's answer;
#  - an unprivileged user gets root's answer.
. /guest/ktap.inc

dev=/dev/p2p_topology
s=/sys/kernel/p2p_topology
tmp=/tmp/query
mkdir -p $tmp
sleep 1

generation() { sed -n 's/^generation //p' $d/stats; }
# The answer of one request, without p2pq's status lines.
answer() { /guest/p2pq "$1" | sed '1,2d'; }

# A pair the kernel has a route line for: a direct one to a target with
# memory if there is one, else a direct one, else any.
line=''
for p in $s/providers/*; do
	[ -e $p/owner/name ] || continue
	o=$(cat $p/owner/name)
	line=$(awk -v o="$o" '$3 == o && $4 == "direct" { print; exit }' $d/routes)
	[ -n "$line" ] && break
done
[ -n "$line" ] || line=$(awk '$4 == "direct" { print; exit }' $d/routes)
[ -n "$line" ] || line=$(head -n 1 $d/routes)
set -- $line
A=$3 B=$1 kmap=$4
prov=$(basename "$(ls -d $s/providers/* 2>/dev/null | head -n 1)")

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_query"
echo "    1..7"

m=$(stat -c '%F %a' $dev 2>&1)
[ "$m" = "character special file 666" ]
result $? device_is_a_character_device_for_everyone "$m"

# The good request, asked twice first: the second answer comes from the
# route cache when the target has memory, and so do all later ones.
answer "route $A $B" > /dev/null
good=$(answer "route $A $B")
keys=$(echo "$good" | awk '{ print $1 }' | head -n 15 | tr '\n' ' ')
want="target client provider cached error map_type distance cost hops bandwidth_MBps latency_ns dirs private_link write_bandwidth_MBps write_latency_ns "
[ "$keys" = "$want" ] &&
	[ "$(echo "$good" | sed -n 's/^target //p')" = "$A" ] &&
	[ "$(echo "$good" | sed -n 's/^client //p')" = "$B" ] &&
	[ "$(echo "$good" | sed -n 's/^map_type //p')" = "$kmap" ]
result $? good_request_answers_in_protocol_order "route $A $B: $(echo "$good" | tr '\n' ';' | head -c 300)"

gen0=$(generation)
long=$(printf 'route %0281d %s' 0 "$B")		# 300 bytes and more
b255=$(printf 'route %0*d %s' $((255 - 7 - ${#B})) 0 "$B")	# 255 bytes
b256=$(printf 'route %0*d %s' $((256 - 7 - ${#B})) 0 "$B")	# one too many
# "errno|request": the errno write() gives (p2pq's name), as
# Documentation/ABI/testing/dev-p2p_topology says, then the request as
# p2pq reads it.
cat > $tmp/cases <<EOT
EINVAL|
EINVAL|\n
EINVAL|   
EINVAL|\t
EINVAL|route
EINVAL|route $A
EINVAL|fetch $A $B
EINVAL|ROUTE $A $B
EINVAL|route $A $B extra
EINVAL|route $A $B dirs=rw offset=0 extra
EINVAL|route,$A,$B
EINVAL|route $A,$B
EINVAL|route  $A $B
EINVAL| route $A $B
EINVAL|route $A $B 
EINVAL|route $A $B\n\n
EINVAL|route\n$A $B
EINVAL|route $A $B dirs=x
EINVAL|route $A $B dirs=
EINVAL|route $A $B dirs=rwx
EINVAL|route $A $B dirs=r dirs=w
EINVAL|route $A $B offset=
EINVAL|route $A $B offset=abc
EINVAL|route $A $B offset=-1
EINVAL|route $A $B offset=0x
EINVAL|route $A $B offset=1 offset=2
ERANGE|route $A $B offset=18446744073709551616
ERANGE|route $A $B offset=0x10000000000000000
EINVAL|route $A $B\0
EINVAL|route $A\0$B
EINVAL|route $A $B\x01
EINVAL|route $A $B\xe9
EINVAL|route nodes/ $B
EINVAL|route providers/ $B
EINVAL|$long
EINVAL|$b256
ENOENT|$b255
ENOENT|$b255\n
ENOENT|route no-such-node $B
ENOENT|route $A no-such-node
ENOENT|route providers/99999 $B
ENOENT|route nodes/$A/x $B
ENODEV|route $A host
ENODEV|route host $B
${prov:+ENODEV|route $A providers/$prov}
EOT
sed -i '/^$/d' $tmp/cases
bad='' count=0
while IFS='|' read -r want req; do
	count=$((count + 1))
	out=$(/guest/p2pq "$req")
	got=$(echo "$out" | sed -n '1s/^write //p')
	[ "$got" = "$want" ] || bad="$bad [$req] $got, want $want;"
	[ "$(echo "$out" | sed -n 2p)" = "read 0 bytes" ] ||
		bad="$bad [$req] left $(echo "$out" | sed -n 2p);"
done < $tmp/cases
[ -z "$bad" ] && [ $count -ge 40 ]
result $? bad_requests_fail_and_leave_nothing_to_read "${bad:-$count requests}"

# A second write on the same file: EBUSY, the first answer stays.
out=$(/guest/p2pq "route $A $B" "route $A $B")
[ "$(echo "$out" | sed -n 1,2p | tr '\n' ' ')" = "write ok write EBUSY " ] &&
	[ "$(echo "$out" | sed '1,3d')" = "$good" ]
result $? second_write_on_one_file_is_EBUSY "$(echo "$out" | head -n 3 | tr '\n' ';')"

# Also when the failed write was too long to be read at all.
out=$(/guest/p2pq "fetch" "route $A $B")
out2=$(/guest/p2pq "$long" "route $A $B")
[ "$(echo "$out" | sed -n 1,3p | tr '\n' ' ')" = "write EINVAL write EBUSY read 0 bytes " ] &&
	[ "$(echo "$out2" | sed -n 1,3p | tr '\n' ' ')" = "write EINVAL write EBUSY read 0 bytes " ]
result $? failed_write_still_ends_the_transaction "$(echo "$out" | head -n 3 | tr '\n' ';')"

gen1=$(generation)
again=$(answer "route $A $B")
[ "$gen0" = "$gen1" ] && [ "$again" = "$good" ]
result $? bad_requests_change_nothing "generation $gen0 -> $gen1"

# Addresses are root's only (as /proc/iomem): the user's answer is root's
# without the addr= words and the address lines.
user=$(/guest/runas 65534 65534 /guest/p2pq "route $A $B" | sed '1,2d')
strip() { echo "$1" | sed 's/ addr=[^ ]*//; /^address /d; /^address_error /d'; }
[ -n "$user" ] && [ "$user" = "$(strip "$good")" ] &&
	! echo "$user" | grep -q addr
result $? unprivileged_user_gets_roots_answer "$(echo "$user" | head -n 6 | tr '\n' ';')"
echo "ok 1 guest_query"
