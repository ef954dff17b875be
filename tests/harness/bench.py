#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the P2P-BENCH lines of a benchmark boot into a table and JSON.

Each line, printed by the benchmark suites (drivers/p2p-core/bench,
drivers/p2p-bus-pcie/tests/bench_test.c) or the HMM guest program
(tests/guest/hmm_bench.c), is

    P2P-BENCH: NAME unit=UNIT median=N p99=N [legacy_median=N legacy_p99=N]
               samples=N [KEY=VALUE ...]

on one line. Where a legacy figure is given the ratio is median over
legacy median. The goals are those of issue 12 (and issue 9 for HMM); this
script reports them beside each figure and judges nothing: a missed goal
is a finding for the report, not a failure of the run.

Usage: bench.py LOG [JSON]   (exit status 1 when the log has no figures
or a line is malformed)
"""
import json
import re
import sys

LINE = re.compile(r'^P2P-BENCH: (\S+)((?: \S+=\S+)*)\s*$')
# name pattern -> (goal text, limit on the ratio or None)
GOALS = [
    (r'^pcie/cached_map_type', 'ratio <= 1.0 (vs legacy cached lookup)', 1.0),
    (r'^pcie/uncached_route', 'ratio <= 1.5 at every depth', 1.5),
    (r'^pcie/distance_many', 'graph vs legacy (no fixed goal)', None),
    (r'^pcie/find_many', 'graph vs legacy (no fixed goal)', None),
    (r'/build$', 'grows linearly with size (ns per endpoint flat)', None),
    (r'/bytes_', 'reported: one object as allocated (a link with its '
     'share of the search spaces)', None),
    (r'/cached$', 'flat across sizes', None),
    (r'/uncached_4096_vs_64$', 'ratio <= 10 (4096-endpoint uncached median '
     'over the 64-endpoint one)', 10.0),
    (r'/uncached$', '4096 endpoints within 10x of 64 (see the _vs_64 row); '
     'never sleeps', None),
    (r'/irqoff_growth$', 'reported (largest fabric\'s irqoff median over '
     'the 64-endpoint one)', None),
    (r'/irqoff$', 'longest stretch of the graph lock per query (grows with '
     'the number of stretches a query takes: see stretch)', None),
    (r'/stretch_growth$', 'ratio <= 2: a stretch does not grow with the '
     'fabric (largest fabric\'s stretch median over the 64-endpoint one; '
     'the p99 column is emulation\'s tail)', 2.0),
    (r'/stretch$', 'every stretch of the graph lock with interrupts off; '
     'must not grow with the fabric', None),
    (r'/hotplug$', 'reported (invalidation + recomputation)', None),
    (r'^storm/.*/worst', 'worst query <= own search + a neighbour\'s '
     '(ratio: worst / twice the longest single search)', 1.0),
    (r'^storm/', 'reported', None),
    (r'^hmm/peer', 'peer path <= 1.2 x owner path', 1.2),
    (r'^hmm/owner', 'the peer path\'s reference', None),
]


def goal_of(name):
    for pattern, text, limit in GOALS:
        if re.search(pattern, name):
            return text, limit
    return '', None


def number(text):
    """An int or float when the text is one; otherwise the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse(path):
    rows, bad = [], []
    for line in open(path, errors='replace'):
        line = line.rstrip('\r\n')
        if not line.startswith('P2P-BENCH:'):
            continue
        m = LINE.match(line)
        if not m:
            bad.append(line)
            continue
        fields = dict(kv.split('=', 1) for kv in m.group(2).split())
        row = {'name': m.group(1), 'unit': fields.pop('unit', 'ns/op')}
        for k, v in fields.items():
            row[k] = number(v)
        if not isinstance(row.get('median'), (int, float)):
            bad.append(line)
            continue
        goal, limit = goal_of(row['name'])
        row['goal'] = goal
        if row.get('legacy_median'):
            row['ratio'] = round(row['median'] / row['legacy_median'], 3)
            if limit is not None:
                row['goal_met'] = row['ratio'] <= limit
        elif 'ratio' in row and limit is not None:
            row['goal_met'] = row['ratio'] <= limit
        rows.append(row)
    return rows + derived(rows), bad


def derived(rows):
    """Size-against-size ratios of the fabric figures, as the goals state
    them: SHAPE/uncached_4096_vs_64, SHAPE/irqoff_growth and
    SHAPE/stretch_growth, medians of the largest size measured over those
    of 64 endpoints."""
    by = {r['name']: r for r in rows}
    out = []
    for shape in ('tree', 'mesh'):
        sizes = sorted(int(m.group(1)) for n in by
                       for m in [re.match(rf'^{shape}/(\d+)/irqoff$', n)] if m)
        pairs = [('uncached_4096_vs_64', 'uncached', 4096, 'median')]
        if sizes:
            pairs.append(('irqoff_growth', 'irqoff', sizes[-1], 'median'))
            pairs.append(('stretch_growth', 'stretch', sizes[-1], 'median'))
        for label, figure, size, stat in pairs:
            big = by.get(f'{shape}/{size}/{figure}')
            small = by.get(f'{shape}/64/{figure}')
            if not big or not small or not small.get(stat) or size == 64:
                continue
            name = f'{shape}/{label}'
            goal, limit = goal_of(name)
            ratio = round(big[stat] / small[stat], 3)
            row = {'name': name, 'unit': 'x', 'median': ratio, 'ratio': ratio,
                   'goal': goal, 'samples': '-'}
            if limit is not None:
                row['goal_met'] = ratio <= limit
            out.append(row)
    return out


def fmt(v):
    if v is None or v == '':
        return '-'
    if isinstance(v, float):
        return f'{v:.3g}' if v < 100 else f'{v:.0f}'
    return str(v)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 1
    rows, bad = parse(sys.argv[1])
    head = ('benchmark', 'unit', 'median', 'p99', 'legacy', 'ratio',
            'samples', 'goal')
    table = [head]
    for r in rows:
        ratio = fmt(r.get('ratio'))
        if 'goal_met' in r:
            ratio += ' ok' if r['goal_met'] else ' MISSED'
        table.append((r['name'], r['unit'], fmt(r['median']),
                      fmt(r.get('p99')), fmt(r.get('legacy_median')),
                      ratio, fmt(r.get('samples')), r['goal']))
    widths = [max(len(str(row[i])) for row in table) for i in range(len(head))]
    for row in table:
        print('  '.join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    for line in bad:
        print(f'malformed: {line}', file=sys.stderr)
    if len(sys.argv) > 2:
        with open(sys.argv[2], 'w') as f:
            json.dump({'results': rows}, f, indent=1)
            f.write('\n')
    return 1 if bad or not rows else 0


if __name__ == '__main__':
    sys.exit(main())
