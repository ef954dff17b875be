#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Validate the p2ptopo --json outputs a boot printed against the schema.

guest/p2ptopo.sh prints each output between "P2PTOPO-JSON-BEGIN LABEL"
and "P2PTOPO-JSON-END LABEL" lines on the console. This reads a console
log, checks every such block against tools/p2ptopo/p2ptopo.schema.json
(JSON Schema draft 2020-12, python3-jsonschema) and prints the results
as one KTAP suite, host_p2ptopo_json, which run-topology.sh appends to
the log so that ktap.py counts them with the boot's own. A boot that ran
guest/p2ptopo.sh and printed no block fails. Prints nothing for a boot
that did neither.

Usage: p2ptopo_json.py LOG SCHEMA
"""
import json
import re
import sys

BLOCK = re.compile(r'^P2PTOPO-JSON-BEGIN (\S+)\n(.*?)^P2PTOPO-JSON-END \1$',
                   re.S | re.M)
GUESTS = re.compile(r'^Kernel command line:.*\bp2p\.guest=(\S*)', re.M)


def check(blocks, schema_path):
    """(ok, name, comment) for each block."""
    try:
        import jsonschema
        schema = json.load(open(schema_path))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
    except Exception as e:  # no module, a bad schema: every block fails
        return [(False, 'schema', f'{type(e).__name__}: {e}'.replace('\n', ' '))]
    results = []
    for n, (label, text) in enumerate(blocks):
        name = f'{n + 1}_{re.sub(r"[^A-Za-z0-9_]", "_", label)}'
        try:
            doc = json.loads(text)
        except ValueError as e:
            results.append((False, name, f'not JSON: {e}'))
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            where = '/'.join(str(p) for p in e.path) or '(top)'
            results.append((False, name, f'{len(errors)} errors; {where}: '
                            f'{e.message}'[:300].replace('\n', ' ')))
        else:
            results.append((True, name, f'{doc.get("command")}, valid'))
    return results


def main():
    log, schema_path = sys.argv[1], sys.argv[2]
    text = open(log, errors='replace').read().replace('\r', '')
    blocks = BLOCK.findall(text)
    m = GUESTS.search(text)
    ran = m is not None and 'p2ptopo' in m.group(1).split(',')
    if not blocks and not ran:
        return 0
    results = check(blocks, schema_path) if blocks else \
        [(False, 'outputs_printed', 'guest/p2ptopo.sh printed no --json block')]
    print('P2P-HARNESS: p2ptopo --json checked on the host against '
          'tools/p2ptopo/p2ptopo.schema.json')
    print('KTAP version 1')
    print('1..1')
    print('    # Subtest: host_p2ptopo_json')
    print(f'    1..{len(results)}')
    for i, (ok, name, comment) in enumerate(results):
        print(f'    {"ok" if ok else "not ok"} {i + 1} {name} # {comment}')
    print(f'{"ok" if all(r[0] for r in results) else "not ok"} 1 host_p2ptopo_json')
    return 0


if __name__ == '__main__':
    sys.exit(main())
