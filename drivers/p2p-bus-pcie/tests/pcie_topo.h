/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit: PCIe hierarchies built in memory, shared by the suites that need
 * what QEMU cannot emulate (rules_test.c) and by the benchmarks
 * (bench_test.c).
 *
 * Each function is a struct pci_dev on an in-memory bus whose config
 * accessors read an in-memory configuration space with an ACS capability:
 * the backend reads ACS there with its own reader, as on a real machine,
 * and p2pdma's legacy walk (pci_p2pdma_legacy_map_type()) can be asked
 * about the very same functions. Host bridges carry a fixed policy, or ask
 * p2pdma's whitelist about an in-memory host bridge. The graph, the route
 * search and the rules are the real ones.
 */
#ifndef _P2P_BUS_PCIE_TESTS_PCIE_TOPO_H
#define _P2P_BUS_PCIE_TESTS_PCIE_TOPO_H

#include <kunit/test.h>
#include <linux/pci.h>

#include "../pcie.h"

#define PT_MAX	128

/* The ACS capability's offset in every function's configuration space. */
#define PT_ACS		0x100
#define PT_CFG_SIZE	(PT_ACS + PCI_ACS_EGRESS_CTL_V + \
			 PCIE_P2P_EGRESS_BITS / BITS_PER_BYTE)

/**
 * struct pt_pci_fn - a PCI function in memory
 * @pdev: the function; devfn is its index in &struct pcie_topo.fns plus 1
 * @secondary: the bus below it, when it is a bridge
 * @cfg: its configuration space (little endian)
 */
struct pt_pci_fn {
	struct pci_dev pdev;
	struct pci_bus secondary;
	u8 cfg[PT_CFG_SIZE];
};

/**
 * struct pt_pci_hb - a PCI host bridge in memory
 * @bridge: the host bridge
 * @root: its root bus
 * @dev00: the root bus's device 00.0, an Intel 0x2020, which p2pdma's
 *	whitelist lets forward peer traffic within and between host bridges
 */
struct pt_pci_hb {
	struct pci_host_bridge *bridge;
	struct pci_bus root;
	struct pci_dev dev00;
};

/**
 * struct pcie_topo - an in-memory PCIe hierarchy
 * @test: the test
 * @bus: a bus with the PCIe backend's rules
 * @host: the host node
 * @hbs: host bridges
 * @fns: functions
 * @devs: the device of each function
 * @provs: the provider on each function, if any
 * @pci_hbs: the PCI host bridge of each host bridge
 * @pci_fns: the PCI function of each function
 * @nr_hbs: host bridges used
 * @nr_fns: functions used
 * @hop: the attributes of the next function's uplink
 */
struct pcie_topo {
	struct kunit *test;
	struct p2p_bus bus;
	struct p2p_node *host;
	struct pcie_p2p_hb hbs[4];
	struct pcie_p2p_fn fns[PT_MAX];
	struct device *devs[PT_MAX];
	struct p2p_provider *provs[PT_MAX];
	struct pt_pci_hb *pci_hbs[4];
	struct pt_pci_fn *pci_fns[PT_MAX];
	int nr_hbs;
	int nr_fns;
	struct p2p_link_attr hop;
};

int pt_init(struct kunit *test);
void pt_exit(struct kunit *test);
int pt_hb(struct pcie_topo *t, enum pcie_p2p_hb_policy policy);
int pt_fn(struct pcie_topo *t, int up, int hb, bool bridge, u8 port_number);
int pt_root_port_ep(struct pcie_topo *t, int hb, int *rp);
void pt_provider(struct pcie_topo *t, int fn);
void pt_set_acs(struct pcie_topo *t, int fn, u16 ctrl, u16 egress_bits,
		u64 egress_vector);
int pt_route(struct pcie_topo *t, int provider, int client,
	     struct p2p_route_info *info);
void pt_expect(struct kunit *test, int ret, const struct p2p_route_info *info,
	       enum p2p_map_type map, u32 distance);

#endif
