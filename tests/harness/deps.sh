#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install what the harness needs on Debian 12, or say exactly what is missing.
. "$(dirname "$0")/common.sh"

# command-or-file  package
needs=(
	"/usr/src/linux-source-6.12.tar.xz linux-source-6.12"
	"qemu-system-x86_64 qemu-system-x86"
	"dtc device-tree-compiler"
	"iasl acpica-tools"
	"dot graphviz"
	"dt-doc-validate dt-schema"
	"yamllint yamllint"
	"ccache ccache"
	"/bin/busybox busybox-static"
	"flex flex"
	"bison bison"
	"bc bc"
	"rsync rsync"
	"sparse sparse"
	"python3 python3"
	"/usr/lib/python3/dist-packages/jsonschema/__init__.py python3-jsonschema"
	"perl perl"
	"git git"
	"gcc gcc"
	"make make"
	"xz xz-utils"
	"/usr/include/libelf.h libelf-dev"
	"/usr/include/openssl/ssl.h libssl-dev"
	"/usr/include/stdio.h libc6-dev"
)

missing=()
for n in "${needs[@]}"; do
	set -- $n
	if [[ $1 == /* ]]; then
		[[ -e $1 ]] || missing+=("$2")
	else
		command -v "$1" >/dev/null 2>&1 || missing+=("$2")
	fi
done

[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
	echo "missing packages; as root run:" >&2
	echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi
note "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
