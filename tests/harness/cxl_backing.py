#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a CXL region's data in the type-3 devices' backing files.

guest/cxl_region.sh writes an 8-byte pattern at each of about a thousand
host physical addresses of a region, asks the graph which memdev and DPA
each lands on, and prints a console line per address:

    p2p-cxl-data: REGION hpa=0xHPA serial=0xSERIAL dpa=0xDPA pattern=0xPATTERN

(and a "p2p-cxl-spec:" line of the same form with what the CXL decode of
the region's programming says, whatever the graph answered; numbers 16
hex digits wide), then "p2p-cxl-count: REGION data=N spec=N". QEMU 7.2's
cxl-type3 device is persistent memory only, backed by a file
(memory-backend-file, share=on, so every write reaches it), and the DPA of
a device without volatile capacity is the offset in that file. After the
boot this reads the files and checks that each pattern is where the graph
said, little-endian: one case per memdev and a total for the graph's
lines, "N addresses checked, M mismatches", and one for the spec's lines.
A kernel message can land in the middle of a line on the console: a
line cut short is joined with the rest of it on one of the next lines
(the fixed widths allow one join only, and the pattern, which must be
the HPA's, guards it). A memdev or a total with no line fails (the
guest did not get that far), as do fewer lines than the count line says
or no count line, a line that does not parse or whose pattern is not
its HPA's (hpa ^ 0x5a5a5a5a5a5a5a5a), a serial not given here and a DPA
past the end of the file. The first mismatches are printed.

Prints one KTAP suite, host_cxl_backing, for run-topology.sh to append to
the log (a topology's HOST_CHECK, run in the machine's work directory);
exits 0 whatever the verdict.

Usage: cxl_backing.py LOG SERIAL=FILE...   (e.g. 0x1=cxl-mem0.raw)
"""
import re
import sys

PATTERN_XOR = 0x5a5a5a5a5a5a5a5a
HEX = r'0x([0-9a-f]{16})'
LINE = re.compile(rf'^p2p-cxl-(data|spec): (region\d+) hpa={HEX} '
                  rf'serial={HEX} dpa={HEX} pattern={HEX}$')
COUNT = re.compile(r'^p2p-cxl-count: (region\d+) data=(\d+) spec=(\d+)$')
# What a line cut short may start with: a piece of the tag at least.
HEAD = re.compile(r'^p2p-c')
SHOWN = 5


def consistent(m):
    """Whether a matched line's pattern is its HPA's."""
    return int(m.group(6), 16) == int(m.group(3), 16) ^ PATTERN_XOR


def rejoin(lines, n):
    """The match of line n cut short by a kernel message, with its rest.

    The console shows "HEAD<kernel message>" and, a line or more later,
    "REST" on a line of its own (empty when the message came just before
    the newline): try every HEAD the line starts with, alone and with
    each of the next few lines as REST. None when nothing matches whole
    with a consistent pattern.
    """
    line = lines[n]
    for end in range(len(line), 0, -1):
        m = LINE.match(line[:end])
        if m and consistent(m):
            return m
    for rest in lines[n + 1:n + 4]:
        rest = rest.strip()
        if not rest or HEAD.match(rest):
            continue
        for end in range(len(line), 0, -1):
            m = LINE.match(line[:end] + rest)
            if m and consistent(m):
                return m
    return None


def read_u64(f, size, dpa):
    """The 8 bytes at dpa, or None past the end of the file."""
    if dpa + 8 > size:
        return None
    f.seek(dpa)
    return int.from_bytes(f.read(8), 'little')


def parse(text):
    """({'data': [...], 'spec': [...]}, counts, unparsed) of a console.

    Each line as (region, hpa, serial, dpa, pattern); counts the sum of
    the count lines' {'data': N, 'spec': N}, None without one.
    """
    found = {'data': [], 'spec': []}
    counts = None
    unparsed = []
    lines = text.replace('\r', '').split('\n')
    for n, line in enumerate(lines):
        line = line.strip()
        m = COUNT.match(line)
        if m:
            counts = counts or {'data': 0, 'spec': 0}
            counts['data'] += int(m.group(2))
            counts['spec'] += int(m.group(3))
            continue
        if not HEAD.match(line):
            continue
        m = LINE.match(line)
        if not (m and consistent(m)):
            m = rejoin(lines, n)
        if not m:
            unparsed.append(line)
            continue
        kind, region, hpa, serial, dpa, pattern = m.groups()
        found[kind].append((region, int(hpa, 16), int(serial, 16),
                            int(dpa, 16), int(pattern, 16)))
    return found, counts, unparsed


def check(text, files):
    """The cases for a console's text and {serial: path}.

    serial as the topology spells it ("0x1"). Returns a list of (ok,
    name, comment, details), details being lines that tell the first
    mismatches.
    """
    found, counts, unparsed = parse(text)
    opened = {}
    for serial, path in files.items():
        try:
            f = open(path, 'rb')
            f.seek(0, 2)
            opened[int(serial, 16)] = (f, f.tell(), path)
        except OSError as e:
            opened[int(serial, 16)] = (None, 0, f'{path}: {e.strerror}')

    def verify(lines):
        """{serial: [checked, mismatches, details]} for these lines."""
        per = {int(s, 16): [0, 0, []] for s in files}
        per[None] = [0, 0, []]  # serials nobody gave a file for
        for region, hpa, serial, dpa, pattern in lines:
            key = serial if serial in per else None
            stat = per[key]
            stat[0] += 1
            f, size, path = opened.get(key, (None, 0, None))
            got = read_u64(f, size, dpa) if f else None
            if key is None:
                why = f'serial {serial:#x}: no backing file given'
            elif f is None:
                why = path
            elif got is None:
                why = f'DPA past the end of {path} ({size:#x} bytes)'
            elif got != pattern:
                why = f'{path} has {got:#018x}'
            else:
                continue
            stat[1] += 1
            if len(stat[2]) < SHOWN:
                stat[2].append(f'{region} hpa={hpa:#x} serial={serial:#x} '
                               f'dpa={dpa:#x} pattern={pattern:#x}: {why}')
        return per

    def lost(kind):
        """Lines the count says were printed and were not found."""
        if counts is None:
            return None
        return max(counts[kind] - len(found[kind]), 0)

    results = []
    per = verify(found['data'])
    for serial, path in files.items():
        n, bad, details = per[int(serial, 16)]
        results.append((n > 0 and bad == 0, f'memdev_{serial}_{path}',
                        f'{n} addresses checked, {bad} mismatches', details))
    n = sum(v[0] for v in per.values())
    bad = sum(v[1] for v in per.values()) + len(unparsed)
    missing = lost('data')
    notes = []
    if unparsed:
        notes.append(f'{len(unparsed)} lines unparsed')
    if per[None][0]:
        notes.append(f'{per[None][0]} of unknown serials')
    if missing is None:
        notes.append('no count line')
    elif missing:
        notes.append(f'{missing} lines lost')
    details = per[None][2] + [f'unparsed: {u}' for u in unparsed[:SHOWN]]
    results.append((n > 0 and bad == 0 and missing == 0, 'total',
                    f'{n} addresses checked, {bad} mismatches'
                    + (f' ({", ".join(notes)})' if notes else ''), details))
    spec = verify(found['spec'])
    n = sum(v[0] for v in spec.values())
    bad = sum(v[1] for v in spec.values())
    missing = lost('spec')
    details = [d for v in spec.values() for d in v[2]][:SHOWN]
    results.append((n > 0 and bad == 0 and missing == 0, 'spec_decode',
                    f'{n} addresses checked, {bad} mismatches (the CXL '
                    f'decode of the region\'s programming, not the graph\'s)'
                    + (f', {missing} lines lost' if missing else ''),
                    details))
    for f, size, path in opened.values():
        if f:
            f.close()
    return results


def ktap(results):
    """The suite's KTAP lines."""
    out = ['KTAP version 1', '1..1', '    # Subtest: host_cxl_backing',
           f'    1..{len(results)}']
    for i, (ok, name, comment, details) in enumerate(results, 1):
        out += [f'    # {d}' for d in details]
        out.append(f'    {"ok" if ok else "not ok"} {i} {name} # {comment}')
    out.append(f'{"ok" if all(r[0] for r in results) else "not ok"} 1 '
               'host_cxl_backing')
    return out


def main():
    if len(sys.argv) < 3 or not all('=' in a for a in sys.argv[2:]):
        print(__doc__.strip().split('\n')[-1], file=sys.stderr)
        return 2
    text = open(sys.argv[1], errors='replace').read()
    files = dict(a.split('=', 1) for a in sys.argv[2:])
    print('P2P-HARNESS: CXL region data checked on the host in '
          + ', '.join(files.values()))
    print('\n'.join(ktap(check(text, files))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
