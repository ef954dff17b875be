#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build a fake /sys/kernel/p2p_topology and the answers fake_query.so
gives, for testing p2ptopo on a host: the default machine's PCIe tree
(a switch with three endpoints; a second host bridge on NUMA node 1 with
two functions) and a private fabric joining 04:00.0 and 41:00.1.

Routes are made up here to cover each of the matrix's words, not
computed by the kernel's rules.

Usage: fake_tree.py DIR   (creates DIR/sys, DIR/devices, DIR/answers)
"""
import os
import sys

NODES = [  # id, dir, kind, bus, device, numa
    (1, 'host', 'host', 'pcie', None, None),
    (2, 'pci0000:00', 'host-bridge', 'pcie', 'pci0000:00', -1),
    (3, '0000:00:01.0', 'port', 'pcie', '0000:00:01.0', -1),
    (4, '0000:01:00.0', 'port', 'pcie', '0000:01:00.0', -1),
    (5, '0000:02:00.0', 'port', 'pcie', '0000:02:00.0', -1),
    (6, '0000:02:01.0', 'port', 'pcie', '0000:02:01.0', -1),
    (7, '0000:02:02.0', 'port', 'pcie', '0000:02:02.0', -1),
    (8, '0000:03:00.0', 'endpoint', 'pcie', '0000:03:00.0', 0),
    (9, '0000:04:00.0', 'endpoint', 'pcie', '0000:04:00.0', 0),
    (10, '0000:05:00.0', 'endpoint', 'pcie', '0000:05:00.0', 0),
    (11, 'pci0000:40', 'host-bridge', 'pcie', 'pci0000:40', 1),
    (12, '0000:40:00.0', 'port', 'pcie', '0000:40:00.0', 1),
    (13, '0000:41:00.0', 'endpoint', 'pcie', '0000:41:00.0', 1),
    (14, '0000:41:00.1', 'endpoint', 'pcie', '0000:41:00.1', 1),
    (15, 'fw-fabric7:0000:04:00.0', 'endpoint', 'fw-fabric7', '0000:04:00.0', 0),
    (16, 'fw-fabric7:0000:41:00.1', 'endpoint', 'fw-fabric7', '0000:41:00.1', 1),
    # a name sysfs gives as bytes that are not UTF-8 (JSON must stay valid)
    (17, 'fw-switch\udcff', 'switch', 'fw-fabric7', None, None),
]
LINKS = [  # id, bus, end0, end1, bw, cost, internal, state
    (1, 'pcie', 1, 2, 0, 1, 0, 'up'), (2, 'pcie', 2, 3, 250, 1, 0, 'up'),
    (3, 'pcie', 3, 4, 250, 1, 0, 'up'), (4, 'pcie', 4, 5, 250, 1, 0, 'up'),
    (5, 'pcie', 4, 6, 250, 1, 0, 'up'), (6, 'pcie', 4, 7, 250, 1, 0, 'up'),
    (7, 'pcie', 5, 8, 250, 1, 0, 'up'), (8, 'pcie', 6, 9, 250, 1, 0, 'up'),
    (9, 'pcie', 7, 10, 250, 1, 0, 'up'), (10, 'pcie', 1, 11, 0, 1, 0, 'up'),
    (11, 'pcie', 11, 12, 3938, 1, 0, 'up'), (12, 'pcie', 12, 13, 250, 1, 0, 'up'),
    (13, 'pcie', 12, 14, 250, 1, 0, 'up'),
    (14, 'fw-fabric7', 9, 15, 0, 0, 1, 'up'),
    (15, 'fw-fabric7', 14, 16, 0, 0, 1, 'up'),
    (16, 'fw-fabric7', 15, 16, 100000, 1, 0, 'up'),
    (17, 'fw-fabric7', 15, 16, 50000, 1, 0, 'down'),
    (18, 'fw-fabric7', 16, 17, 50000, 1, 0, 'up'),
]
# links/<id>/link_count other than 1: link 16 bonds two physical links
LINK_COUNT = {16: 2}
# links/<id>/private: the kernel's bus flag; the fabric's links have it
PRIVATE_BUSES = {'fw-fabric7'}
PROVIDERS = [(1, 8, 'pci-bus', 64 << 20, 1), (2, 9, 'pci-bus', 64 << 20, 0)]
# (target, client): (map_type, path of node ids from the target, extra)
ROUTES = {
    ('0000:03:00.0', '0000:04:00.0'): ('direct', [8, 5, 4, 6, 9]),
    ('0000:03:00.0', '0000:05:00.0'): ('thru-host', [8, 5, 4, 3, 2, 3, 4, 7, 10]),
    ('0000:41:00.0', '0000:03:00.0'): ('thru-host', [13, 12, 11, 1, 2, 3, 4, 5, 8]),
    ('0000:41:00.0', '0000:41:00.1'): ('direct', [13, 12, 14]),
    # as the kernel answers a device route over a fabric: from the
    # target's fabric port to the client's, the attach links left out
    ('0000:04:00.0', '0000:41:00.1'): ('direct', [15, 16]),
    ('0000:41:00.1', '0000:03:00.0'): ('thru-host', [14, 12, 11, 1, 2, 3, 4, 5, 8]),
}
# Answers with the summary but not the hops (the kernel's, when a route
# cache could not keep the entry): only this order of the pair.
NO_HOP_LINES = {('0000:41:00.1', '0000:03:00.0')}


def w(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', errors='surrogateescape') as f:
        f.write(text)


def build(top):
    sysfs = f'{top}/sys'
    ids = {n[0]: n for n in NODES}
    for nid, d, kind, bus, dev, numa in NODES:
        nd = f'{sysfs}/nodes/{d}'
        for k, v in (('name', d), ('kind', kind), ('bus', bus), ('id', nid),
                     ('firmware_node', '')):
            w(f'{nd}/{k}', f'{v}\n')
        if dev:
            w(f'{top}/devices/{dev}/numa_node', f'{numa}\n')
            os.symlink(f'../../../devices/{dev}', f'{nd}/device')
    for lid, bus, e0, e1, bw, cost, internal, state in LINKS:
        ld = f'{sysfs}/links/{lid}'
        for k, v in (('bus', bus), ('id', lid), ('bandwidth_MBps', bw),
                     ('latency_ns', 500 if bus != 'pcie' else 0),
                     ('cost', cost), ('directions', 'read write'),
                     ('state', state), ('internal', internal),
                     ('link_count', LINK_COUNT.get(lid, 1)),
                     ('private', int(bus in PRIVATE_BUSES))):
            w(f'{ld}/{k}', f'{v}\n')
        os.symlink(f'../../nodes/{ids[e0][1]}', f'{ld}/end0')
        os.symlink(f'../../nodes/{ids[e1][1]}', f'{ld}/end1')
    for pid, owner, space, size, pub in PROVIDERS:
        pd = f'{sysfs}/providers/{pid}'
        for k, v in (('id', pid), ('size', size), ('address_space', space),
                     ('published', pub)):
            w(f'{pd}/{k}', f'{v}\n')
        os.symlink(f'../../nodes/{ids[owner][1]}', f'{pd}/owner')
    os.makedirs(f'{sysfs}/providers', exist_ok=True)
    answers(top, ids)


def link_between(a, b):
    for lk in LINKS:
        if {lk[2], lk[3]} == {a, b} and lk[7] == 'up':
            return lk
    raise KeyError((a, b))


def answer(target, client, ids, provider):
    key = (target, client)
    rev = (client, target) in ROUTES
    map_type, path = ROUTES.get(key) or ROUTES.get((client, target)) or ('none', [])
    if rev:
        path = path[::-1]
    links = [link_between(a, b) for a, b in zip(path, path[1:])]
    private = any(lk[1] != 'pcie' and not lk[6] for lk in links)
    bws = [lk[4] for lk in links if lk[4] and not lk[6]]
    out = [f'target {target}', f'client {client}',
           f'provider {provider if provider else "-"}',
           f'cached {1 if provider else 0}',
           f'error {0 if path else "EHOSTUNREACH"}', f'map_type {map_type}',
           f'distance {len(links)}', f'cost {len(links)}', f'hops {len(links)}',
           f'bandwidth_MBps {min(bws) if bws else 0}', 'latency_ns 0',
           f'dirs {"rw" if path else "-"}', f'private_link {int(private)}']
    if not path:
        out += ['refused_by pci0000:00 2',
                'refused_rule Host bridge not in P2PDMA whitelist']
    for i, (lk, to) in enumerate(zip(links, path[1:])):
        if key in NO_HOP_LINES:
            break
        addr = f' addr=pci-bus:{0xfe000000 + i:#x}' if provider else ''
        out.append(f'hop {i + 1} link={lk[0]} bus={lk[1]} to={to} '
                   f'name={ids[to][1]} kind={ids[to][2]}{addr}')
    if provider and path:
        out.append('address pci-bus:0xfe000000')
    return '\n'.join(out) + '\n'


def answers(top, ids):
    dev_nodes = [n for n in NODES if n[2] == 'endpoint' and n[4]]
    owners = {ids[p[1]][1]: p[0] for p in PROVIDERS if p[4]}
    for t in dev_nodes:
        for c in dev_nodes:
            if t is c:
                continue
            w(f'{top}/answers/{t[1]},{c[1]}', answer(t[1], c[1], ids, owners.get(t[1])))
    for pid, owner, _, _, _ in PROVIDERS:
        for c in dev_nodes:
            if c[0] != owner:
                w(f'{top}/answers/providers!{pid},{c[1]}',
                  answer(ids[owner][1], c[1], ids, pid).replace(
                      f'target {ids[owner][1]}', f'target providers/{pid}', 1))


if __name__ == '__main__':
    build(sys.argv[1])
