/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PCIe backend of the peer-to-peer topology, as the PCI core's p2pdma
 * code sees it: p2pdma registers its memory here and, unless booted with
 * p2p_topology.pci=legacy, asks the graph instead of walking the PCI tree.
 */
#ifndef _LINUX_P2P_BUS_PCIE_H
#define _LINUX_P2P_BUS_PCIE_H

#include <linux/err.h>
#include <linux/p2p_topology.h>
#include <linux/types.h>

struct device;
struct pci_dev;

#ifdef CONFIG_P2P_BUS_PCIE

bool pcie_p2p_answers(void);
struct p2p_provider *pcie_p2p_provider_add(struct pci_dev *pdev, u64 phys,
					   u64 size, u64 bus_offset);
void pcie_p2p_provider_remove(struct p2p_provider *provider);
void pcie_p2p_publish(struct pci_dev *pdev, bool publish);
int pcie_p2p_distance(struct pci_dev *provider, struct p2p_provider *memory,
		      struct device *client, enum p2p_map_type *map,
		      bool verbose);
enum p2p_map_type pcie_p2p_map_type(struct pci_dev *provider,
				    struct p2p_provider *memory,
				    struct device *client);

#else /* !CONFIG_P2P_BUS_PCIE */

static inline bool pcie_p2p_answers(void)
{
	return false;
}

static inline struct p2p_provider *
pcie_p2p_provider_add(struct pci_dev *pdev, u64 phys, u64 size, u64 bus_offset)
{
	return NULL;
}

static inline void pcie_p2p_provider_remove(struct p2p_provider *provider)
{
}

static inline void pcie_p2p_publish(struct pci_dev *pdev, bool publish)
{
}

static inline int pcie_p2p_distance(struct pci_dev *provider,
				    struct p2p_provider *memory,
				    struct device *client,
				    enum p2p_map_type *map, bool verbose)
{
	*map = P2P_MAP_NOT_SUPPORTED;
	return -1;
}

static inline enum p2p_map_type pcie_p2p_map_type(struct pci_dev *provider,
						  struct p2p_provider *memory,
						  struct device *client)
{
	return P2P_MAP_NOT_SUPPORTED;
}

#endif /* CONFIG_P2P_BUS_PCIE */

#endif /* _LINUX_P2P_BUS_PCIE_H */
