#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Configure and build the one test kernel (build/obj/arch/x86/boot/bzImage).
# The configuration is tests/config/test-kernel.config on top of the
# architecture's defaults; every option it names must survive olddefconfig,
# so a dependency that silently drops a test is a build error.
. "$(dirname "$0")/common.sh"

"$TOP"/tests/harness/prepare-kernel.sh
mkdir -p "$KOBJ" "$CCACHE_DIR"

fragment=$TOP/tests/config/test-kernel.config
if [[ ! -f $KOBJ/.config || $fragment -nt $KOBJ/.config.fragment-stamp ]]; then
	note "configuring the test kernel"
	grep -v '^#' "$fragment" | grep . > "$KOBJ/.config"
	kmake olddefconfig
	bad=0
	while IFS='=' read -r sym val; do
		[[ $sym == CONFIG_* ]] || continue
		if [[ $val == n ]]; then
			grep -q "^$sym=" "$KOBJ/.config" && { echo "config: $sym is set, wanted n" >&2; bad=1; }
		else
			grep -qx "$sym=$val" "$KOBJ/.config" || { echo "config: $sym=$val did not stick (missing dependency?)" >&2; bad=1; }
		fi
	done < <(grep -v '^#' "$fragment")
	[[ $bad -eq 0 ]] || die "test kernel configuration is incomplete"
	touch "$KOBJ/.config.fragment-stamp"
fi

note "building the test kernel (ccache in $CCACHE_DIR)"
start=$SECONDS
# "modules" writes Module.symvers, which the test drivers (tests/drivers,
# out-of-tree modules) are built against.
kmake bzImage modules || die "kernel build failed"
[[ -f $KOBJ/arch/x86/boot/bzImage && -x $KOBJ/usr/gen_init_cpio ]] || die "kernel build produced no bzImage"
[[ -f $KOBJ/Module.symvers ]] || die "kernel build produced no Module.symvers"
note "kernel built in $((SECONDS - start)) s"
