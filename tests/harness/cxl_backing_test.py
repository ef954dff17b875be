#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side test of cxl_backing.py: fake consoles and backing files in,
verdicts out (no boot). A console whose patterns are all where its lines
say passes; one wrong byte, a console with no line and a serial without
a file fail, the mismatch printed.

Prints KTAP and the harness's end marker; exit status 1 on any failure.
Usage: cxl_backing_test.py
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cxl_backing  # noqa: E402

START = 0x290000000


def console(dpas):
    """Lines for (hpa offset, serial, dpa), as guest/cxl_pattern prints."""
    out = ['[    1.0] some kernel line']
    for kind in ('spec', 'data'):
        for off, serial, dpa in dpas:
            hpa = START + off
            pattern = hpa ^ cxl_backing.PATTERN_XOR
            out.append(f'p2p-cxl-{kind}: region0 hpa=0x{hpa:016x} '
                       f'serial=0x{int(serial, 16):016x} dpa=0x{dpa:016x} '
                       f'pattern=0x{pattern:016x}\r')
    out.append(f'p2p-cxl-count: region0 data={len(dpas)} spec={len(dpas)}')
    return '\n'.join(out) + '\n'


LINES = [(0, '0x1', 0), (0x1000, '0x2', 0), (0x2ff8, '0x2', 0xff8),
         (0x1fffff8, '0x2', 0xfffff8)]


def backing(tmp, corrupt=None):
    """The two devices' files holding LINES' patterns."""
    files = {}
    for n, serial in enumerate(('0x1', '0x2')):
        path = os.path.join(tmp, f'cxl-mem{n}.raw')
        with open(path, 'wb') as f:
            f.truncate(16 << 20)
            for off, s, dpa in LINES:
                if s != serial:
                    continue
                value = (START + off) ^ cxl_backing.PATTERN_XOR
                if (off, s) == corrupt:
                    value ^= 0x100
                f.seek(dpa)
                f.write(value.to_bytes(8, 'little'))
        files[serial] = path
    return files


def verdict(text, files):
    results = cxl_backing.check(text, files)
    return {name: (ok, comment, details)
            for ok, name, comment, details in results}


def right_data_passes(tmp):
    files = backing(tmp)
    v = verdict(console(LINES), files)
    ok = all(r[0] for r in v.values()) and \
        v['total'][1] == '4 addresses checked, 0 mismatches'
    return ok, str(v)


def wrong_byte_fails_and_is_printed(tmp):
    files = backing(tmp, corrupt=(0x2ff8, '0x2'))
    v = verdict(console(LINES), files)
    name = f'memdev_0x2_{files["0x2"]}'
    ok = (not v['total'][0] and not v[name][0] and
          v[name][1] == '3 addresses checked, 1 mismatches' and
          any('dpa=0xff8' in d and 'has 0x' in d for d in v[name][2]) and
          v[f'memdev_0x1_{files["0x1"]}'][0])
    return ok, str(v)


def no_lines_fail(tmp):
    files = backing(tmp)
    v = verdict('[    1.0] the guest stopped early\n', files)
    ok = not any(r[0] for r in v.values())
    return ok, str(v)


def unknown_serial_fails(tmp):
    files = backing(tmp)
    v = verdict(console(LINES + [(0x3000, '0x9', 0x1000)]), files)
    ok = not v['total'][0] and '1 of unknown serials' in v['total'][1]
    return ok, str(v)


def split_lines_are_rejoined(tmp):
    # Kernel messages in the middle of lines, as the console shows them:
    # one cut after a hex digit it could pass for more of, one at the end.
    files = backing(tmp)
    msg = ('clocksource: Long readout interval, skipping watchdog check: '
           'cs_nsec: 1502241217 wd_nsec: 1502242060\n')
    text = console(LINES)
    text = text.replace('0000000002 dpa', '000000000' + msg + '2 dpa', 1)
    text = text.replace('p2p-cxl-data: region0 hpa=0x0000000290001000',
                        'p2p-cxl-data: region0 hpa=0x00000002900' + msg +
                        '01000', 1)
    # and one that came just before a line's newline
    text = text.replace('ca5a75a2\r\n', 'ca5a75a2' + msg + '\r\n', 1)
    v = verdict(text, files)
    ok = all(r[0] for r in v.values()) and \
        v['total'][1] == '4 addresses checked, 0 mismatches'
    return ok, str(v)


def lost_line_fails(tmp):
    # A line a message cut in its tag cannot be found: the count tells.
    files = backing(tmp)
    text = console(LINES).replace('p2p-cxl-data: region0 hpa=0x0000000290001000',
                                  'p2pcxl region0: lost\n', 1)
    v = verdict(text, files)
    ok = not v['total'][0] and '1 lines lost' in v['total'][1]
    return ok, str(v)


TESTS = [right_data_passes, wrong_byte_fails_and_is_printed, no_lines_fail,
         unknown_serial_fails, split_lines_are_rejoined, lost_line_fails]


def main():
    print('KTAP version 1')
    print('1..1')
    print('    # Subtest: host_cxl_backing_checker')
    print(f'    1..{len(TESTS)}')
    bad = 0
    for n, t in enumerate(TESTS, 1):
        with tempfile.TemporaryDirectory() as tmp:
            ok, why = t(tmp)
        if ok:
            print(f'    ok {n} {t.__name__}')
        else:
            bad += 1
            print(f'    # {why}')
            print(f'    not ok {n} {t.__name__}')
    print(f'{"not ok" if bad else "ok"} 1 host_cxl_backing_checker')
    print('P2P-HARNESS: run complete')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
