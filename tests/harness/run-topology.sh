#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test kernel once on the QEMU machine a topology file describes and
# save the whole console to build/logs/NAME.log. A topology file sets
# DESCRIPTION, QEMU_ARGS (an array), APPEND (kernel command line: which KUnit
# suites, which guest programs) and optionally TIMEOUT and SETUP (a shell
# snippet run first, e.g. to create backing files under $WORK). KERNEL=modules
# boots the modules kernel instead of the test kernel (see common.sh); it is
# read before anything else, as it decides which kernel's files are used.
#
# Usage: run-topology.sh tests/topologies/NAME.topo [extra kernel args]
kernel=$(sed -n "s/^KERNEL=[\"']\{0,1\}\([a-z]*\).*/\1/p" "$1")
[[ -n $kernel ]] && export P2P_KERNEL=$kernel
. "$(dirname "$0")/common.sh"

topo=$1
shift
name=$(basename "$topo" .topo)
mkdir -p "$LOGS"
log=$LOGS/$name.log
WORK=$BUILD/work/$name
mkdir -p "$WORK"

DESCRIPTION=$name QEMU_ARGS=() APPEND="" TIMEOUT=600 SETUP="" HOST_CHECK="" KERNEL=""
# shellcheck source=/dev/null
. "$topo"
[[ -n $SETUP ]] && (cd "$WORK" && eval "$SETUP")

cmdline="console=ttyS0 panic=-1 printk.time=0 $APPEND $*"
# DESCRIPTION starts with the name by convention; do not say it twice.
case $DESCRIPTION in
"$name:"*) note "booting $DESCRIPTION" ;;
*) note "booting $name: $DESCRIPTION" ;;
esac
start=$SECONDS
set +e
(cd "$WORK" && timeout --foreground -k 10 "$TIMEOUT" qemu-system-x86_64 \
	-accel tcg,thread=single -nodefaults -vga none -display none \
	-monitor none -serial stdio \
	-no-reboot -kernel "$KOBJ/arch/x86/boot/bzImage" \
	-initrd "$INITRAMFS" -append "$cmdline" \
	"${QEMU_ARGS[@]}") > "$log" 2>&1 < /dev/null
rc=$?
set -e
note "$name: QEMU exited with $rc after $((SECONDS - start)) s"
if [[ $rc -eq 124 || $rc -eq 137 ]]; then
	echo "P2P-HARNESS: QEMU timed out after $TIMEOUT s" >> "$log"
elif [[ $rc -ne 0 ]]; then
	echo "P2P-HARNESS: QEMU failed with status $rc" >> "$log"
fi
# Host-side checks of what the guest printed, as KTAP in the same log.
python3 "$TOP"/tests/harness/p2ptopo_json.py "$log" \
	"$TOP"/tools/p2ptopo/p2ptopo.schema.json >> "$log"
# The machine's own: what the guest left in its backing files, say.
if [[ -n $HOST_CHECK ]]; then
	set +e
	(cd "$WORK" && eval "$HOST_CHECK") >> "$log" 2>&1
	rc=$?
	set -e
	[[ $rc -eq 0 ]] || echo "P2P-HARNESS: host check failed with status $rc" >> "$log"
fi
exit 0
