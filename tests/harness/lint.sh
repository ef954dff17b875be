#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make lint: checkpatch --strict on our C files and on patches/, sparse and
# W=1 on our kernel directories, kernel-doc on the header and sources. Any
# warning fails.
. "$(dirname "$0")/common.sh"

"$TOP"/tests/harness/prepare-kernel.sh
cd "$TOP"
fail=0
out=$BUILD/lint
mkdir -p "$out"

mapfile -t cfiles < <(find include drivers tools tests -name '*.[ch]' 2>/dev/null | sort)
kdirs=(drivers/p2p-core drivers/p2p-bus-pcie drivers/p2p-bus-cxl drivers/p2p-bus-vendor-link)

note "lint: checkpatch --strict (${#cfiles[@]} files, $(ls patches/*.patch 2>/dev/null | wc -l) patches)"
perl "$KSRC"/scripts/checkpatch.pl --strict --no-tree --terse --show-types \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f "${cfiles[@]}" > "$out/checkpatch.txt" 2>&1 || true
if ls patches/*.patch >/dev/null 2>&1; then
	# Outside our work tree: inside it checkpatch checks a tracked .patch
	# as a file instead of as a patch.
	rm -rf "$out/patches"
	mkdir -p "$out/patches"
	cp patches/*.patch "$out/patches/"
	(cd "$out/patches" && perl "$KSRC"/scripts/checkpatch.pl --strict --no-tree \
		--terse --show-types ./*.patch) >> "$out/checkpatch.txt" 2>&1 || true
fi
if grep -E '(ERROR|WARNING|CHECK):' "$out/checkpatch.txt"; then
	echo "lint: checkpatch found problems" >&2
	fail=1
fi

note "lint: kernel-doc"
mapfile -t kfiles < <(find include drivers -name '*.[ch]' | sort)
perl "$KSRC"/scripts/kernel-doc -none -Wall "${kfiles[@]}" > "$out/kernel-doc.txt" 2>&1 || true
if [[ -s $out/kernel-doc.txt ]]; then
	cat "$out/kernel-doc.txt"
	echo "lint: kernel-doc warnings" >&2
	fail=1
fi

note "lint: sparse (C=2) and W=1"
[[ -f $KOBJ/.config ]] || die "configure the kernel first (make check or make kunit)"
for d in "${kdirs[@]}"; do
	kmake C=2 W=1 "$d/" > "$out/sparse-$(basename "$d").txt" 2>&1 || fail=1
done
if grep -hE 'warning:|error:' "$out"/sparse-*.txt | grep -E 'p2p'; then
	echo "lint: sparse or compiler warnings" >&2
	fail=1
fi

[[ $fail -eq 0 ]] && note "lint: clean"
exit $fail
