#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side tests of the log judge (ktap.py): sample consoles in, verdicts out.

The KCSAN reports below follow kernel/kcsan/report.c of Linux 6.12 and
the example in Documentation/dev-tools/kcsan.rst: a line of '=', "BUG:
KCSAN: data-race in f / g", each access with its stack, the value change,
"Reported by Kernel Concurrency Sanitizer on:", the CPU, a line of '='.

Prints KTAP and the harness's end marker; exit status 1 on any failure.
Usage: ktap_test.py
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402

RULE = '=' * 66
CLEAN = """\
KTAP version 1
1..1
    # Subtest: p2p_stress
    # module: p2p_core_test
    1..2
    ok 1 stress_checker_flags_wrong_answers
    ok 2 stress_answers_belong_to_a_current_state
# p2p_stress: pass:2 fail:0 skip:0 total:2
ok 1 p2p_stress
{extra}P2P-HARNESS: run complete
"""


def kcsan_report(title, first, second, value=True):
    """A report of two accesses, each a list of stack frames."""
    lines = [RULE, f'BUG: KCSAN: data-race in {title}', '',
             'write to 0xffff88800a2b4c10 of 4 bytes by task 93 on cpu 1:']
    lines += [f' {f}' for f in first]
    lines += ['', 'read to 0xffff88800a2b4c10 of 4 bytes by task 95 on cpu 0:']
    lines += [f' {f}' for f in second]
    if value:
        lines += ['', 'value changed: 0x00000003 -> 0x00000004']
    lines += ['', 'Reported by Kernel Concurrency Sanitizer on:',
              'CPU: 0 UID: 0 PID: 95 Comm: p2p-stress-read Not tainted 6.12.0 #1',
              'Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014',
              RULE]
    return '\n'.join(lines) + '\n'


# Both accesses in p2p_ functions of the graph.
P2P_RACE = kcsan_report(
    'p2p_link_set_attr / p2p_route_find',
    ['p2p_link_set_attr+0x8e/0x1a0', 'stress_writer+0x2f1/0x4c0',
     'kthread+0x1c4/0x200', 'ret_from_fork+0x31/0x50',
     'ret_from_fork_asm+0x1a/0x30'],
    ['p2p_route_find.constprop.0+0x213/0x5b0', 'p2p_query_map_type+0x77/0x120',
     'stress_read+0x14c/0x300', 'kthread+0x1c4/0x200',
     'ret_from_fork+0x31/0x50', 'ret_from_fork_asm+0x1a/0x30'])
# The project's code with no p2p_ in any name: the stress test's threads.
TEST_RACE = kcsan_report(
    'stress_noise / stress_read',
    ['stress_noise+0x61/0x2a0', 'kthread+0x1c4/0x200',
     'ret_from_fork+0x31/0x50', 'ret_from_fork_asm+0x1a/0x30'],
    ['stress_read+0x1b3/0x300', 'kthread+0x1c4/0x200',
     'ret_from_fork+0x31/0x50', 'ret_from_fork_asm+0x1a/0x30'])
# The scheduler's and the timer's: nothing of the project on either stack.
KERNEL_RACE = kcsan_report(
    'tick_nohz_next_event / tick_nohz_stop_tick',
    ['tick_nohz_stop_tick+0x1c6/0x3d0', 'tick_nohz_idle_stop_tick+0x8c/0x140',
     'do_idle+0xe4/0x150', 'cpu_startup_entry+0x2a/0x30'],
    ['tick_nohz_next_event+0x3f/0x1a0', 'tick_nohz_get_sleep_length+0x88/0xd0',
     'menu_select+0x1b0/0x800', 'do_idle+0xd1/0x150'])


def run(text, symbols=frozenset()):
    with tempfile.NamedTemporaryFile('w', suffix='.log', delete=False) as f:
        f.write(text)
    try:
        return ktap.judge(f.name, symbols)
    finally:
        os.unlink(f.name)


def clean_log_passes():
    p, f, s, why, notes = run(CLEAN.format(extra=''))
    return (p, f, s, notes) == (2, 0, 0, []), f'{p} passed, {f} failed: {why}'


def p2p_race_fails_and_is_printed():
    p, f, s, why, notes = run(CLEAN.format(extra=P2P_RACE))
    text = '\n'.join(why)
    return (f == 1 and 'KCSAN data-race in p2p_link_set_attr / p2p_route_find'
            in text and 'p2p_route_find.constprop.0+0x213/0x5b0' in text and
            'value changed: 0x00000003 -> 0x00000004' in text and
            p == 2), f'{f} failed: {why}'


def race_in_listed_symbols_fails():
    # The stress test's own functions are the project's only by the list.
    p, f, s, why, notes = run(CLEAN.format(extra=TEST_RACE))
    p2, f2, s2, why2, notes2 = run(CLEAN.format(extra=TEST_RACE),
                                   frozenset({'stress_read', 'p2p_graph_lock'}))
    return (f == 0 and len(notes) == 1 and f2 == 1 and notes2 == []
            ), f'without the list {f} failed, with it {f2}: {why2}'


def kernel_race_is_listed_not_failed():
    p, f, s, why, notes = run(CLEAN.format(extra=KERNEL_RACE),
                              frozenset({'stress_read'}))
    return (f == 0 and p == 2 and len(notes) == 1 and
            'tick_nohz_next_event / tick_nohz_stop_tick' in notes[0] and
            'not counted' in notes[0]), f'{f} failed: {why}; notes {notes}'


def each_report_judged_alone():
    # A kernel report right after ours, and one after that without its
    # closing rule (the console ended): one failure, two notes.
    extra = P2P_RACE + KERNEL_RACE + KERNEL_RACE.rsplit(RULE, 1)[0]
    p, f, s, why, notes = run(CLEAN.format(extra=extra))
    return f == 1 and len(notes) == 2, f'{f} failed: {why}; notes {notes}'


def other_bugs_still_fail():
    extra = ('BUG: kernel NULL pointer dereference, address: 0000000000000008\n'
             + KERNEL_RACE)
    p, f, s, why, notes = run(CLEAN.format(extra=extra))
    return (f == 1 and 'NULL pointer' in why[0] and len(notes) == 1
            ), f'{f} failed: {why}'


def unknown_origin_race_in_p2p_fails():
    # Only one access known: KCSAN prints it with its stack and %pS.
    extra = '\n'.join([
        RULE, 'BUG: KCSAN: data-race in p2p_cache_lookup+0x5c/0x180', '',
        'race at unknown origin, with read to 0xffff88800a2b4c10 of 8 bytes '
        'by task 95 on cpu 0:', ' p2p_cache_lookup+0x5c/0x180',
        ' p2p_query_distance+0x51/0x120', ' kthread+0x1c4/0x200', '',
        'value changed: 0x0000000000000001 -> 0x0000000000000002', '',
        'Reported by Kernel Concurrency Sanitizer on:', RULE, ''])
    p, f, s, why, notes = run(CLEAN.format(extra=extra))
    return f == 1 and 'p2p_cache_lookup' in why[0], f'{f} failed: {why}'


TESTS = [clean_log_passes, p2p_race_fails_and_is_printed,
         race_in_listed_symbols_fails, kernel_race_is_listed_not_failed,
         each_report_judged_alone, other_bugs_still_fail,
         unknown_origin_race_in_p2p_fails]


def main():
    print('KTAP version 1')
    print('1..1')
    print('    # Subtest: host_ktap_judge')
    print(f'    1..{len(TESTS)}')
    bad = 0
    for n, t in enumerate(TESTS, 1):
        ok, why = t()
        if ok:
            print(f'    ok {n} {t.__name__}')
        else:
            bad += 1
            for line in why.split('\n'):
                print(f'    # {line}')
            print(f'    not ok {n} {t.__name__}')
    print(f'{"not ok" if bad else "ok"} 1 host_ktap_judge')
    print('P2P-HARNESS: run complete')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
