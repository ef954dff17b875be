/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PCIe backend of the peer-to-peer topology, as the PCI core's p2pdma
 * code sees it. The backend, built in or a module, registers with p2pdma
 * (pci_p2pdma_register_graph()); p2pdma then registers its memory with
 * the graph through it and, unless booted with p2p_topology.pci=legacy,
 * asks the graph instead of walking the PCI tree. While no backend is
 * registered, p2pdma walks the tree as it always has.
 */
#ifndef _LINUX_P2P_BUS_PCIE_H
#define _LINUX_P2P_BUS_PCIE_H

#include <linux/err.h>
#include <linux/p2p_topology.h>
#include <linux/types.h>

struct device;
struct pci_dev;

/**
 * struct pci_p2pdma_graph_ops - how p2pdma reaches the graph's PCIe backend
 * @provider_add: register memory of @pdev's BAR as a provider: @phys and
 *	@size in bytes, @bus_offset the PCI bus address minus the host
 *	physical address. Returns the provider (unpublished), NULL when
 *	@pdev is not in the graph, or an ERR_PTR(); process context
 * @provider_remove: unregister what @provider_add returned; process context
 * @publish: mirror pci_p2pmem_publish() on @pdev's providers; process
 *	context
 * @distance: p2pdma's distance from @client to @provider's memory
 *	(@memory, or NULL to search without a cache), -1 when unreachable,
 *	and the map type in @map; warns as p2pdma does when @verbose. Under
 *	rcu_read_lock(), never sleeps. NULL when the graph only mirrors the
 *	memory (p2p_topology.pci=legacy)
 * @map_type: the map type of a mapping of @memory by @client, for
 *	pci_p2pdma_map_segment(); under rcu_read_lock(), never sleeps. NULL
 *	as for @distance
 *
 * p2pdma calls the first three with its registration mutex held, and
 * the last two inside an RCU read-side critical section; since
 * pci_p2pdma_unregister_graph() takes the mutex and waits for a grace
 * period, a module's ops stay valid for every caller without a module
 * reference. The first three must not call back into p2pdma's memory or
 * registration functions. Either both of the last two are set or neither.
 */
struct pci_p2pdma_graph_ops {
	struct p2p_provider *(*provider_add)(struct pci_dev *pdev, u64 phys,
					     u64 size, u64 bus_offset);
	void (*provider_remove)(struct p2p_provider *provider);
	void (*publish)(struct pci_dev *pdev, bool publish);
	int (*distance)(struct pci_dev *provider, struct p2p_provider *memory,
			struct device *client, enum p2p_map_type *map,
			bool verbose);
	enum p2p_map_type (*map_type)(struct pci_dev *provider,
				      struct p2p_provider *memory,
				      struct device *client);
};

/* drivers/pci/p2pdma.c */
int pci_p2pdma_register_graph(const struct pci_p2pdma_graph_ops *ops);
void pci_p2pdma_unregister_graph(const struct pci_p2pdma_graph_ops *ops);

#if IS_ENABLED(CONFIG_P2P_BUS_PCIE)

bool pcie_p2p_answers(void);
struct p2p_provider *pcie_p2p_provider_add(struct pci_dev *pdev, u64 phys,
					   u64 size, u64 bus_offset);
void pcie_p2p_provider_remove(struct p2p_provider *provider);

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

#endif /* CONFIG_P2P_BUS_PCIE */

#endif /* _LINUX_P2P_BUS_PCIE_H */
