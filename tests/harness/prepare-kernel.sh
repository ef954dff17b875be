#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare build/linux: a Linux 6.12 tree (Debian's linux-source-6.12 tarball,
# or KERNEL_SRC=/path), kept as a git repository so that patches/ is applied
# with "git am" exactly as a reviewer would, then overlaid with the project's
# own directories. Re-running only redoes what changed.
. "$(dirname "$0")/common.sh"

mkdir -p "$BUILD"
if [[ ! -d $KSRC/.git ]]; then
	rm -rf "$KSRC" "$KSRC.tmp"
	mkdir -p "$KSRC.tmp"
	if [[ -n ${KERNEL_SRC:-} ]]; then
		note "copying kernel tree from $KERNEL_SRC"
		rsync -a --exclude=.git "$KERNEL_SRC"/ "$KSRC.tmp"/
	else
		tarball=$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null) ||
			die "no /usr/src/linux-source-6.12.tar.xz (apt-get install linux-source-6.12) and no KERNEL_SRC"
		note "extracting $tarball"
		tar -C "$KSRC.tmp" --strip-components=1 -xJf "$tarball"
	fi
	grep -q '^VERSION = 6$' "$KSRC.tmp/Makefile" && grep -q '^PATCHLEVEL = 12$' "$KSRC.tmp/Makefile" ||
		die "kernel tree is not Linux 6.12"
	(
		cd "$KSRC.tmp"
		git init -q -b base
		git add -A -f . >/dev/null
		git -c user.name=p2p -c user.email=p2p@localhost commit -q -m "Linux 6.12 base" --no-verify
	)
	mv "$KSRC.tmp" "$KSRC"
fi

# Apply patches/ on top of the pristine base when the series changed.
cd "$KSRC"
series_id=$({ cat "$TOP"/patches/*.patch 2>/dev/null || true; } | sha1sum | cut -d' ' -f1)
if [[ $(cat .p2p-series 2>/dev/null) != "$series_id" ]]; then
	note "applying patches/ with git am"
	git am --abort >/dev/null 2>&1 || true
	git checkout -q -f base
	git branch -q -D p2p >/dev/null 2>&1 || true
	git checkout -q -b p2p
	for p in "$TOP"/patches/*.patch; do
		[[ -e $p ]] || continue
		git -c user.name=p2p -c user.email=p2p@localhost am -q --keep-cr "$p" ||
			{ git am --abort || true; die "patch does not apply: $(basename "$p")"; }
	done
	echo "$series_id" > .p2p-series
fi

# Overlay: the project's kernel directories. Files are compared by content
# and a changed one gets the time of the copy, not of the edit: an object
# built from an older copy after the edit must still be rebuilt.
overlay() { rsync -rlpc --delete "$@"; }
overlay "$TOP"/drivers/p2p-core "$TOP"/drivers/p2p-bus-pcie \
	"$TOP"/drivers/p2p-bus-cxl "$TOP"/drivers/p2p-bus-vendor-link "$KSRC"/drivers/
mkdir -p "$KSRC"/drivers/p2p-topology
overlay "$TOP"/Kconfig "$KSRC"/drivers/p2p-topology/Kconfig
overlay "$TOP"/include/linux/p2p_*.h "$KSRC"/include/linux/
