#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge the console logs of test boots.

Reads each log whole: counts KTAP test cases (KUnit's and the guest
programs'), and turns into failures everything that says the run was not
clean even where KTAP says ok: a sanitizer or lockdep report, a BUG, a
WARNING, an oops, a panic, an ACPI error or warning, a kmemleak report
about our code, a KCSAN data-race report about our code, a suite that
started and never finished, fewer suites or cases than planned, a boot that
printed no results or never reached the end of its run. KCSAN reports
about the rest of the kernel are listed, not failed: that code is not
under test here.

Usage: ktap.py [--symbols FILE] LOG...   (prints a summary; the last line
is "N passed, N failed[, N skipped]"; exit status 1 on any failure).
FILE lists the project's function names, one a line: a KCSAN report is
the project's when one of its stack frames names one of them (or any
p2p_ or hmm_peer_ function).
"""
import os
import re
import sys

RESULT = re.compile(r'^( *)(ok|not ok) (\d+)(?: -)?(?: (.*?))?(?:\s+#\s*(SKIP|skip)\b.*)?\s*$')
PLAN = re.compile(r'^( *)1\.\.(\d+)\s*$')
SUBTEST = re.compile(r'^( *)# Subtest: (.*?)\s*$')
END_MARK = 'P2P-HARNESS: run complete'
PROBLEMS = [
    re.compile(p) for p in (
        r'BUG:', r'WARNING:', r'\bOops\b', r'Kernel panic', r'KASAN',
        r'UBSAN', r'kernel BUG at', r'general protection fault',
        r'sleeping function called from invalid context',
        r'possible (circular|recursive) locking', r'INFO: task .* blocked',
        r'rcu: INFO: rcu_.* detected stall', r'Unable to handle kernel',
        r'Call Trace:', r'P2P-HARNESS: QEMU (failed|timed out)',
        r'P2P-HARNESS: no guest program',
        r'P2P-HARNESS: host check failed',
        # Tables that do not load cleanly describe a machine other than
        # the one the topology file means.
        r'ACPI (BIOS )?Error', r'ACPI Warning',
    )
]
KMEMLEAK = re.compile(r'unreferenced object')
# A KCSAN report (kernel/kcsan/report.c): "BUG: KCSAN: <kind> in f / g",
# the two accesses with their stacks (" func+0x1d/0x30"), the value
# change, "Reported by ...", then a line of '='.
KCSAN = re.compile(r'BUG: KCSAN: (.*?)\s*$')
KCSAN_END = re.compile(r'^={20,}\s*$')
KCSAN_MAX_LINES = 200
FRAME = re.compile(r'^\s*([A-Za-z_][\w.]*)\+0x[0-9a-f]+/0x[0-9a-f]+')
TITLE_FUNC = re.compile(r'(?:in|/) ([A-Za-z_][\w.]*)')
# Functions of the project whatever the symbol list says, and its files
# (a report never names a file today, but a future KCSAN might).
OURS = re.compile(r'^(p2p_|hmm_peer_)|drivers/p2p-')
# A bug of the emulator's own firmware, not of the machine a topology
# means: QEMU 7.2 declares _UID twice in the DSDT device of each pxb-cxl
# host bridge (CLxx); ACPICA reports the second and keeps the first. Only
# that line and the catalog error right after it are excused.
QEMU_CXL_UID = re.compile(r'ACPI BIOS Error \(bug\): Failure creating named '
                          r'object \[\\_SB\.CL[0-9A-F]{2}\._UID\], AE_ALREADY_EXISTS')
QEMU_CXL_UID_NEXT = re.compile(r'ACPI Error: AE_ALREADY_EXISTS, During name '
                               r'lookup/catalog')


def emulator_bug(lines, n):
    """Whether line n is QEMU 7.2's duplicate pxb-cxl _UID report."""
    if QEMU_CXL_UID.search(lines[n]):
        return True
    return (n > 0 and QEMU_CXL_UID_NEXT.search(lines[n]) is not None and
            QEMU_CXL_UID.search(lines[n - 1]) is not None)


def kcsan_reports(lines, symbols):
    """Find the KCSAN reports of a console.

    Returns (start, end, ours, title) for each: lines[start:end] is the
    report from its BUG line, ours says whether a function in its title
    or stacks is the project's (in symbols, or matching OURS).
    """
    reports = []
    n = 0
    while n < len(lines):
        m = KCSAN.search(lines[n])
        if not m:
            n += 1
            continue
        end = n + 1
        while end < len(lines) and end - n < KCSAN_MAX_LINES:
            if KCSAN_END.match(lines[end]) or KCSAN.search(lines[end]):
                break
            end += 1
        funcs = TITLE_FUNC.findall(m.group(1))
        funcs += [f.group(1) for f in map(FRAME.match, lines[n + 1:end]) if f]
        # GCC's clones (foo.constprop.0, foo.isra.0) are foo's code.
        ours = any(f.split('.')[0] in symbols or OURS.search(f) for f in funcs)
        reports.append((n, end, ours, m.group(1)))
        n = end
    return reports


def judge(path, symbols=frozenset()):
    """Judge one console log.

    Returns (passed, failed, skipped, failures, notes): failures and notes
    are strings (a KCSAN report's text follows its first line); notes do
    not count.
    """
    text = open(path, errors='replace').read().replace('\r', '')
    lines = text.split('\n')
    passed = failed = skipped = 0
    failures = []
    notes = []
    top_planned = top_seen = 0
    open_subtests = {}          # indent -> name of a test still running
    case_plan = case_seen = 0   # cases planned and reported in this suite

    for n, line in enumerate(lines):
        m = PLAN.match(line)
        if m and len(m.group(1)) == 0:
            top_planned += int(m.group(2))
            continue
        if m and len(m.group(1)) == 4:
            case_plan, case_seen = int(m.group(2)), 0
            continue
        m = SUBTEST.match(line)
        if m:
            open_subtests[len(m.group(1))] = m.group(2)
            continue
        m = RESULT.match(line)
        if m:
            depth = len(m.group(1)) // 4
            ok = m.group(2) == 'ok'
            name = (m.group(4) or '').strip()
            skip = m.group(5) is not None
            # This result closes the subtest whose header was one level in.
            open_subtests.pop(len(m.group(1)) + 4, None)
            if depth == 0:
                top_seen += 1
                if not ok and not skip:
                    failures.append(f'suite {name} failed')
                    if not any(f.startswith('test ') for f in failures):
                        failed += 1	# no case accounts for it
                if case_seen != case_plan and not skip:
                    failures.append(f'suite {name} planned {case_plan} '
                                    f'cases and reported {case_seen}')
                    failed += 1
                case_plan = case_seen = 0
            elif depth == 1:
                case_seen += 1
                if skip:
                    skipped += 1
                elif ok:
                    passed += 1
                else:
                    failed += 1
                    failures.append(f'test {name} failed')
            continue

    problems = []
    in_kcsan = set()
    for start, end, ours, title in kcsan_reports(lines, symbols):
        in_kcsan.update(range(start, end))
        report = '\n'.join('      | ' + l for l in lines[start:end])
        if ours:
            problems.append(f'line {start + 1}: KCSAN {title} (the '
                            f'project\'s code):\n{report}')
        else:
            notes.append(f'line {start + 1}: KCSAN {title} (not the '
                         f'project\'s code, not counted)')
    for n, line in enumerate(lines):
        if n in in_kcsan:
            continue
        if any(p.search(line) for p in PROBLEMS) and not emulator_bug(lines, n):
            problems.append(f'line {n + 1}: {line.strip()}')
        elif KMEMLEAK.search(line):
            # Report leaks whose backtrace is ours (the subsystem's or
            # the HMM test drivers'); the rest of the kernel is not under
            # test here.
            block = '\n'.join(lines[n:n + 30])
            if re.search(r'\b(p2p_|hmm_peer_)', block):
                problems.append(f'line {n + 1}: kmemleak: {line.strip()}')

    for indent, name in open_subtests.items():
        problems.append(f'{name} started but never finished (crash or hang?)')
    if top_seen < top_planned:
        problems.append(f'{top_planned} suites planned, {top_seen} reported')
    if passed + failed + skipped == 0:
        problems.append('the boot printed no test results')
    if END_MARK not in text:
        problems.append('the run never completed (no end marker)')

    failed += len(problems)
    failures += problems
    return passed, failed, skipped, failures, notes


def main():
    args = sys.argv[1:]
    symbols = frozenset()
    if args[:1] == ['--symbols'] and len(args) >= 2:
        with open(args[1]) as f:
            symbols = frozenset(f.read().split())
        args = args[2:]
    total = [0, 0, 0]
    for path in args:
        p, f, s, why, notes = judge(path, symbols)
        name = os.path.basename(path).removesuffix('.log')
        print(f'  {name}: {p} passed, {f} failed, {s} skipped')
        for w in why[:40]:
            print(f'    FAIL {w}')
        for w in notes[:40]:
            print(f'    note {w}')
        total = [total[0] + p, total[1] + f, total[2] + s]
    if not args:
        print('no logs to judge')
        total[1] += 1
    summary = f'{total[0]} passed, {total[1]} failed'
    if total[2]:
        summary += f', {total[2]} skipped'
    print(summary)
    return 1 if total[1] else 0


if __name__ == '__main__':
    sys.exit(main())
