#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Configure and build the test kernel (build/obj/arch/x86/boot/bzImage),
# with P2P_KERNEL=bench the benchmark kernel (build/obj-bench), with
# P2P_KERNEL=kcsan the KCSAN kernel (build/obj-kcsan).
# The configuration is tests/config/test-kernel.config on top of the
# architecture's defaults (for the benchmark and KCSAN kernels,
# bench-kernel.config or kcsan-kernel.config on top of that: a later
# fragment's line wins); every option the fragments name must survive
# olddefconfig, so a dependency that silently drops a test is a build
# error.
. "$(dirname "$0")/common.sh"

"$TOP"/tests/harness/prepare-kernel.sh
mkdir -p "$KOBJ" "$CCACHE_DIR"

# The fragments merged: a later fragment's value for a symbol wins.
merged=$(mktemp)
trap 'rm -f "$merged"' EXIT
cat "${KFRAGMENTS[@]}" | grep -v '^#' | grep . |
	awk -F= '{ if (!($1 in v)) order[n++] = $1; v[$1] = $0 }
		 END { for (i = 0; i < n; i++) print v[order[i]] }' > "$merged"
# Reconfigure when the merged fragments differ from those last applied.
if [[ ! -f $KOBJ/.config ]] || ! cmp -s "$merged" "$KOBJ/.config.fragment"; then
	note "configuring the $P2P_KERNEL kernel"
	cp "$merged" "$KOBJ/.config"
	kmake olddefconfig
	bad=0
	while IFS='=' read -r sym val; do
		[[ $sym == CONFIG_* ]] || continue
		if [[ $val == n ]]; then
			grep -q "^$sym=" "$KOBJ/.config" && { echo "config: $sym is set, wanted n" >&2; bad=1; }
		else
			grep -qx "$sym=$val" "$KOBJ/.config" || { echo "config: $sym=$val did not stick (missing dependency?)" >&2; bad=1; }
		fi
	done < "$merged"
	[[ $bad -eq 0 ]] || die "$P2P_KERNEL kernel configuration is incomplete"
	cp "$merged" "$KOBJ/.config.fragment"
fi

note "building the $P2P_KERNEL kernel (ccache in $CCACHE_DIR)"
start=$SECONDS
# "modules" writes Module.symvers, which the test drivers (tests/drivers,
# out-of-tree modules) are built against.
kmake bzImage modules || die "kernel build failed"
[[ -f $KOBJ/arch/x86/boot/bzImage && -x $KOBJ/usr/gen_init_cpio ]] || die "kernel build produced no bzImage"
[[ -f $KOBJ/Module.symvers ]] || die "kernel build produced no Module.symvers"
note "kernel built in $((SECONDS - start)) s"
