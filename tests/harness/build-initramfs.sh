#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Pack build/initramfs.cpio: busybox, tests/initramfs/init, the guest
# programs of tests/guest and tools/p2ptopo, with the kernel's own
# gen_init_cpio (no root).
. "$(dirname "$0")/common.sh"

[[ -x $KOBJ/usr/gen_init_cpio ]] || die "build the kernel first (no usr/gen_init_cpio)"
busybox=$(command -v busybox || echo /bin/busybox)
readelf -l "$busybox" | grep -q INTERP && die "$busybox is not static: apt-get install busybox-static"

# Guest programs written in C are linked statically: the guest has no libc.
# They may include the test drivers' uAPI header (tests/drivers/*_uapi.h).
mkdir -p "$BUILD/guest"
for c in "$TOP"/tests/guest/*.c; do
	[[ -f $c ]] || continue
	bin=$BUILD/guest/$(basename "$c" .c)
	if [[ ! -x $bin ]] ||
		[[ -n $(find "$c" "$TOP"/tests/drivers -name '*.[ch]' -newer "$bin" 2>/dev/null) ]]; then
		gcc -static -O2 -Wall -Wextra -Werror -o "$bin" "$c" ||
			die "cannot build guest program $c (gcc, libc6-dev)"
	fi
done

# The user-space tool, statically linked, as /bin/p2ptopo: the guest tests
# run it as root and as an unprivileged user. Its Makefile rebuilds only
# what changed.
mkdir -p "$BUILD/p2ptopo"
make -s -C "$TOP"/tools/p2ptopo STATIC=1 OUTPUT="$BUILD/p2ptopo/" ||
	die "cannot build tools/p2ptopo (gcc, libc6-dev)"

# The kernel's own HMM selftests, built unmodified from the kernel tree
# (guest/hmm_selftests.sh runs them).
hmm_tests=$KSRC/tools/testing/selftests/mm/hmm-tests.c
if [[ ! -x $BUILD/guest/hmm-tests || $hmm_tests -nt $BUILD/guest/hmm-tests ]]; then
	gcc -static -O2 -D_GNU_SOURCE -I"$KSRC" -I"$KSRC"/tools/testing/selftests \
		-o "$BUILD"/guest/hmm-tests "$hmm_tests" -lpthread ||
		die "cannot build the kernel's hmm-tests"
fi

# The test drivers: out-of-tree modules built against the test kernel, in a
# copy of tests/drivers so that the source directory stays clean. Files are
# compared by content, as prepare-kernel.sh's overlay does.
drivers=$KDRIVERS
if [[ -d $TOP/tests/drivers ]]; then
	[[ -f $KOBJ/Module.symvers ]] || die "build the kernel first (no Module.symvers)"
	mkdir -p "$drivers"
	rsync -rlpc --include='*.[ch]' --include=Kbuild --exclude='*' \
		"$TOP"/tests/drivers/ "$drivers"/
	kmake M="$drivers" modules || die "cannot build the test drivers in tests/drivers"
fi

# The modules kernel's bus backends, every one its configuration builds as
# a module: the in-tree modules, and the same sources built out of tree
# against it (make -C $KDIR M=$PWD, as a vendor would), each in a
# directory of its own under /drivers.
backends=()
if [[ $P2P_KERNEL == modules ]]; then
	for ko in "$KOBJ"/drivers/p2p-bus-*/p2p-bus-*.ko; do
		[[ -f $ko ]] || die "the modules kernel built no backend as a module"
		b=$(basename "$ko" .ko)
		b=${b#p2p-bus-}
		backends+=("$ko:intree")
		oot=$BUILD/oot-$P2P_KERNEL/p2p-bus-$b
		mkdir -p "$oot"
		rsync -rlpc --delete "$TOP"/drivers/p2p-bus-$b/ "$oot"/
		kmake M="$oot" modules || die "cannot build drivers/p2p-bus-$b out of tree"
		backends+=("$oot/p2p-bus-$b.ko:oot")
	done
fi

list=${INITRAMFS%.cpio}.list
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in bin sbin proc sys tmp root guest drivers drivers/intree drivers/oot; do
		echo "dir /$d 0755 0 0"
	done
	echo "file /bin/busybox $busybox 0755 0 0"
	echo "slink /bin/sh busybox 0777 0 0"
	echo "file /init $TOP/tests/initramfs/init 0755 0 0"
	echo "file /bin/p2ptopo $BUILD/p2ptopo/p2ptopo 0755 0 0"
	for g in "$TOP"/tests/guest/*.sh "$BUILD"/guest/*; do
		[[ -f $g ]] && echo "file /guest/$(basename "$g") $g 0755 0 0"
	done
	# Modules the guest programs load with insmod.
	for m in "$drivers"/*.ko; do
		[[ -f $m ]] && echo "file /drivers/$(basename "$m") $m 0644 0 0"
	done
	for b in "${backends[@]}"; do
		echo "file /drivers/${b##*:}/$(basename "${b%:*}") ${b%:*} 0644 0 0"
	done
	# What the guest programs source.
	for g in "$TOP"/tests/guest/*.inc; do
		echo "file /guest/$(basename "$g") $g 0644 0 0"
	done
} > "$list"
"$KOBJ"/usr/gen_init_cpio "$list" > "$INITRAMFS"
