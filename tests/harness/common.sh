# SPDX-License-Identifier: GPL-2.0
# Shared settings for the p2p-topology harness scripts; sourced, not run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
KSRC=$BUILD/linux		# kernel source tree: pristine 6.12 + patches/ + overlay
KOBJ=$BUILD/obj			# kernel object tree (make O=)
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
