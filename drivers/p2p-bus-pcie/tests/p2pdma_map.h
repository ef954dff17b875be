/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit: p2pdma's map types in the graph's terms, for the suites that
 * compare the two.
 */
#ifndef _P2P_BUS_PCIE_TESTS_P2PDMA_MAP_H
#define _P2P_BUS_PCIE_TESTS_P2PDMA_MAP_H

#include <linux/dma-map-ops.h>
#include <linux/p2p_topology.h>

static inline enum p2p_map_type pcie_test_map_of(enum pci_p2pdma_map_type map)
{
	switch (map) {
	case PCI_P2PDMA_MAP_BUS_ADDR:
		return P2P_MAP_DIRECT;
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
		return P2P_MAP_THRU_HOST;
	default:
		return P2P_MAP_NOT_SUPPORTED;
	}
}

/* What p2pdma's legacy walk answers for the pair, in the graph's terms. */
static inline enum p2p_map_type pcie_test_legacy(struct pci_dev *provider,
						 struct pci_dev *client,
						 int *dist)
{
	return pcie_test_map_of(pci_p2pdma_legacy_map_type(provider, client,
							   dist));
}

#endif
