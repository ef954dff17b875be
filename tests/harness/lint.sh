#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make lint: checkpatch --strict on our C files and on patches/, sparse and
# W=1 on our kernel directories, kernel-doc on the header and sources,
# dt_binding_check on our devicetree bindings, iasl on our ACPI examples.
# Any warning fails.
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
# A unit suffix (_MBps, _kBps) is not CamelCase: the kernel writes _uV and _mA.
# Trace event headers are written in the TRACE_EVENT() layout of every
# include/trace/events/ header, which these two checks do not know.
# User-space tools define the attribute macros checkpatch asks for
# (__printf, __noreturn) in their compiler.h, as the kernel's
# tools/include/linux/compiler-gcc.h does; the definitions are flagged.
if grep -E '(ERROR|WARNING|CHECK):' "$out/checkpatch.txt" |
	grep -vE 'CAMELCASE: Avoid CamelCase: <[A-Za-z0-9_]*_(MBps|kBps)(_show)?>' |
	grep -vE '/trace\.h:[0-9]+: CHECK:(OPEN_ENDED_LINE|PARENTHESIS_ALIGNMENT):' |
	grep -vE '^tools/[^:]*/compiler\.h:[0-9]+: WARNING:PREFER_DEFINED_ATTRIBUTE_MACRO:'; then
	echo "lint: checkpatch found problems" >&2
	fail=1
fi

note "lint: kernel-doc"
mapfile -t kfiles < <(find include drivers tests/drivers -name '*.[ch]' | sort)
perl "$KSRC"/scripts/kernel-doc -none -Wall "${kfiles[@]}" > "$out/kernel-doc.txt" 2>&1 || true
if [[ -s $out/kernel-doc.txt ]]; then
	cat "$out/kernel-doc.txt"
	echo "lint: kernel-doc warnings" >&2
	fail=1
fi

# Files lent to the kernel tree for the binding check, and scratch space;
# both go when lint ends, however it ends.
lent=()
scratch=$(mktemp -d)
cleanup() {
	local f
	for f in "${lent[@]}"; do
		rm -f -- "$f"
		rmdir -p --ignore-fail-on-non-empty -- "$(dirname "$f")"
	done
	rm -rf -- "$scratch"
}
trap cleanup EXIT

# Linux 6.12 checks only the bindings of its own tree, so ours are lent to
# it for the run; the output goes to $BUILD/dtcheck. 6.12 asks for dtschema
# 2023.9, Debian 12 has 2022.08.2: it runs the same steps (dt-doc-validate,
# yamllint, dt-extract-example, dtc, dt-validate), so the minimum is lowered
# rather than the check skipped. The kernel's rules ignore the tools' exit
# codes and skip what an earlier run stamped as checked: the check starts
# afresh, and any line it prints is a failure, except 2022.08.2 saying it
# cannot read some of 6.12's own schemas.
mapfile -t bindings < <(cd Documentation/devicetree/bindings 2>/dev/null &&
	find . -name '*.yaml' | sed 's|^\./||' | sort)
if [[ ${#bindings[@]} -gt 0 ]]; then
	note "lint: dt_binding_check (${#bindings[@]} bindings, dtschema $(dt-doc-validate --version))"
	kb=$KSRC/Documentation/devicetree/bindings
	for b in "${bindings[@]}"; do
		if git -C "$KSRC" ls-files --error-unmatch "Documentation/devicetree/bindings/$b" \
			>/dev/null 2>&1; then
			die "$b: the kernel tree has a binding of that name"
		fi
		mkdir -p "$(dirname "$kb/$b")"
		lent+=("$kb/$b")
		cp "Documentation/devicetree/bindings/$b" "$kb/$b"
	done
	rm -rf "$BUILD/dtcheck/Documentation/devicetree/bindings"
	dtrc=0
	make -s --no-print-directory -C "$KSRC" O="$BUILD/dtcheck" -j"$JOBS" \
		DT_SCHEMA_MIN_VERSION=2022.08 DT_SCHEMA_FILES="$(IFS=:; echo "${bindings[*]}")" \
		dt_binding_check > "$out/dt-binding-check.txt" 2>&1 || dtrc=$?
	# The kernel compiles examples as overlays, on which dtc skips checks
	# such as remote-endpoint pointing back; ours are whole trees, so they
	# are compiled once more as such.
	for b in "${bindings[@]}"; do
		t=$BUILD/dtcheck/Documentation/devicetree/bindings/$(dirname "$b")
		t=$t/.$(basename "$b" .yaml).example.dtb.dts.tmp
		[[ -f $t ]] || continue
		sed '/^\/plugin\/;/d' "$t" > "$scratch/example.dts"
		"$BUILD"/dtcheck/scripts/dtc/dtc -o /dev/null -Wno-avoid_unnecessary_addr_size \
			-Wno-graph_child_address -Wno-interrupt_provider -Wno-unique_unit_address \
			"$scratch/example.dts" 2>&1 | sed "s|^|$b: example as a whole tree: |" \
			>> "$out/dt-binding-check.txt" || true
	done
	{
		grep -v ': ignoring, error in schema: ' "$out/dt-binding-check.txt" || true
		grep -F -f <(printf '/bindings/%s: ignoring\n' "${bindings[@]}") "$out/dt-binding-check.txt" || true
	} > "$scratch/dt-problems.txt"
	if [[ $dtrc -ne 0 || -s $scratch/dt-problems.txt ]]; then
		cat "$scratch/dt-problems.txt"
		echo "lint: dt_binding_check found problems (exit $dtrc)" >&2
		fail=1
	fi
fi

# ACPI examples and the SSDTs test machines load: -w3 reports every
# warning, -we makes them errors. Warning 4089 ("object is not referenced")
# is what iasl says of every _DSD data node, ports and endpoints included:
# they are named by strings.
mapfile -t asls < <(find Documentation tests/topologies \( -name '*.asl' -o -name '*.dsl' \) | sort)
if [[ ${#asls[@]} -gt 0 ]]; then
	note "lint: iasl (${#asls[@]} files)"
	for a in "${asls[@]}"; do
		n=$(basename "${a%.*}")
		if ! iasl -w3 -vw 4089 -we -p "$scratch/$n" "$a" > "$out/iasl-$n.txt" 2>&1 ||
			! grep -q ' 0 Errors, 0 Warnings, 0 Remarks' "$out/iasl-$n.txt"; then
			cat "$out/iasl-$n.txt"
			echo "lint: iasl: $a does not compile cleanly" >&2
			fail=1
		fi
	done
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

# The test drivers are an out-of-tree module: checked in a copy, as
# build-initramfs.sh builds them, so that tests/drivers stays clean.
if [[ -d tests/drivers ]]; then
	note "lint: sparse (C=2) and W=1 on the test drivers"
	rm -rf "$out/drivers"
	mkdir -p "$out/drivers"
	cp tests/drivers/*.[ch] tests/drivers/Kbuild "$out/drivers/"
	kmake C=2 W=1 M="$out/drivers" modules > "$out/sparse-test-drivers.txt" 2>&1 || fail=1
	if grep -hE 'warning:|error:' "$out/sparse-test-drivers.txt"; then
		echo "lint: sparse or compiler warnings in tests/drivers" >&2
		fail=1
	fi
fi

[[ $fail -eq 0 ]] && note "lint: clean"
exit $fail
