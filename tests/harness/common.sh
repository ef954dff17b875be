# SPDX-License-Identifier: GPL-2.0
# Shared settings for the p2p-topology harness scripts; sourced, not run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
KSRC=$BUILD/linux		# kernel source tree: pristine 6.12 + patches/ + overlay
# Which kernel: "test" (the debug kernel every topology boots), "modules"
# (the same with the three bus backends as modules, for the
# machines that load and unload them: KERNEL=modules in a topology),
# "bench" (the debug options off, for make bench) or "kcsan" (KCSAN
# instead of KASAN, for make check-kcsan). Each has its own object tree,
# test drivers and initramfs; all share KSRC.
P2P_KERNEL=${P2P_KERNEL:-test}
case $P2P_KERNEL in
test)
	KOBJ=$BUILD/obj			# kernel object tree (make O=)
	KFRAGMENTS=("$TOP"/tests/config/test-kernel.config)
	KDRIVERS=$BUILD/drivers		# tests/drivers built against KOBJ
	INITRAMFS=$BUILD/initramfs.cpio
	;;
modules | bench | kcsan)
	# tests/config/<name>-kernel.config on top of the test kernel's
	KOBJ=$BUILD/obj-$P2P_KERNEL
	KFRAGMENTS=("$TOP"/tests/config/test-kernel.config
		    "$TOP"/tests/config/$P2P_KERNEL-kernel.config)
	KDRIVERS=$BUILD/drivers-$P2P_KERNEL
	INITRAMFS=$BUILD/initramfs-$P2P_KERNEL.cpio
	;;
*)
	echo "error: P2P_KERNEL=$P2P_KERNEL: want test, modules, bench or kcsan" >&2
	exit 1
	;;
esac
# P2P_EXTRA_CONFIG=FILE: one more fragment on top, for trying an option
# before it goes into a configuration file.
[[ -n ${P2P_EXTRA_CONFIG:-} ]] && KFRAGMENTS+=("$P2P_EXTRA_CONFIG")
LOGS=$BUILD/logs
export CCACHE_DIR=${CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/p2p-topology-ccache}
# kbuild passes absolute paths: make them relative so that every checkout
# of the project shares the cache.
export CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=true
export KBUILD_BUILD_TIMESTAMP="2024-11-17"
export KBUILD_BUILD_USER=p2p KBUILD_BUILD_HOST=p2p-topology
JOBS=${JOBS:-$(nproc)}

die() { echo "error: $*" >&2; exit 1; }
note() { echo ">>> $*"; }

kmake() {
	make -s -C "$KSRC" O="$KOBJ" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc" \
		-j"$JOBS" "$@"
}
