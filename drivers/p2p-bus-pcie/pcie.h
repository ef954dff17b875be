/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private declarations of the PCIe backend, shared by its files and its
 * KUnit suites.
 */
#ifndef _P2P_BUS_PCIE_H
#define _P2P_BUS_PCIE_H

#include <linux/bitmap.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/p2p_topology.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct device;
struct pci_dev;
struct pci_host_bridge;
struct seq_buf;

/* The widest egress control vector: one bit per ARI function number. */
#define PCIE_P2P_EGRESS_BITS	256

/**
 * struct pcie_p2p_acs - what the ACS capability of a function says
 * @ctrl: the ACS control register
 * @egress_bits: number of valid bits in @egress_vector (1 to 256); 0 when
 *	the function has no egress control vector, which makes egress
 *	control redirect everything, as p2pdma assumes
 * @egress_vector: the egress control vector (bit n: port or function
 *	number n)
 */
struct pcie_p2p_acs {
	u16 ctrl;
	u16 egress_bits;
	DECLARE_BITMAP(egress_vector, PCIE_P2P_EGRESS_BITS);
};

/**
 * enum pcie_p2p_hb_policy - whether a host bridge forwards peer traffic
 * @PCIE_P2P_HB_ASK_PCI: ask the PCI core (whitelist, CPU vendor) each time
 * @PCIE_P2P_HB_ALLOW: between its own ports and to other host bridges
 * @PCIE_P2P_HB_ALLOW_SAME: between its own ports only
 * @PCIE_P2P_HB_DENY: not at all
 *
 * Only %PCIE_P2P_HB_ASK_PCI is used for real host bridges; the others
 * describe host bridges built in memory by the KUnit suites.
 */
enum pcie_p2p_hb_policy {
	PCIE_P2P_HB_ASK_PCI,
	PCIE_P2P_HB_ALLOW,
	PCIE_P2P_HB_ALLOW_SAME,
	PCIE_P2P_HB_DENY,
};

/**
 * struct pcie_p2p_hb - a mirrored host bridge
 * @bridge: the host bridge, or NULL when built in memory
 * @policy: see &enum pcie_p2p_hb_policy
 * @nr_fns: functions on its root buses in the graph; it leaves the graph
 *	with the last
 * @node: its node
 * @uplink: its link to the host
 * @entry: entry in the backend's list of host bridges
 */
struct pcie_p2p_hb {
	struct pci_host_bridge *bridge;
	enum pcie_p2p_hb_policy policy;
	unsigned int nr_fns;
	struct p2p_node *node;
	struct p2p_link *uplink;
	struct list_head entry;
};

/**
 * struct pcie_p2p_fn - a mirrored PCI function
 * @pdev: the function (a reference is held), or NULL when built in memory
 * @up: the function's upstream bridge, or NULL on a root bus
 * @hb: the host bridge above it
 * @acs: the ACS settings used when @pdev is NULL; a real function's
 *	registers are read when a route is searched, as p2pdma reads them
 * @port_number: what egress control vectors index it by: the Port Number
 *	(Link Capabilities) of a switch downstream port, else the Function
 *	Number (with ARI, the 8-bit devfn)
 * @node: its node
 * @uplink: the link to @up, or to @hb on a root bus
 * @providers: memory registered through pcie_p2p_provider_add()
 * @entry: entry in the backend's list of functions
 * @rcu: frees the mirror an RCU grace period after its node is removed,
 *	for readers that found it through the node (pcie_p2p_acs_hint())
 */
struct pcie_p2p_fn {
	struct pci_dev *pdev;
	struct pcie_p2p_fn *up;
	struct pcie_p2p_hb *hb;
	struct pcie_p2p_acs acs;
	u8 port_number;
	struct p2p_node *node;
	struct p2p_link *uplink;
	struct list_head providers;
	struct list_head entry;
	struct rcu_head rcu;
};

extern const struct p2p_bus_ops pcie_p2p_ops;
extern const char pcie_p2p_acs_reason[];
extern const char pcie_p2p_acs_rr_cr_reason[];
extern const char pcie_p2p_acs_cr_reason[];
extern const char pcie_p2p_acs_ec_reason[];
extern const char pcie_p2p_egress_reason[];
extern const char pcie_p2p_host_bridge_reason[];

/* hierarchy.c */
extern struct mutex pcie_p2p_lock;
struct pcie_p2p_fn *pcie_p2p_fn_of(struct pci_dev *pdev);
struct list_head *pcie_p2p_fns_head(void);
struct p2p_node *pcie_p2p_node_get(struct device *dev);

/* takeover.c */
int pcie_p2p_takeover_start(void);
void pcie_p2p_takeover_stop(void);
void pcie_p2p_forget_providers(struct pcie_p2p_fn *fn);
int pcie_p2p_distance(struct pci_dev *provider, struct p2p_provider *memory,
		      struct device *client, enum p2p_map_type *map,
		      bool verbose);
enum p2p_map_type pcie_p2p_map_type(struct pci_dev *provider,
				    struct p2p_provider *memory,
				    struct device *client);

/* rules.c */
void pcie_p2p_read_acs(struct pci_dev *pdev, struct pcie_p2p_acs *acs);
unsigned int pcie_p2p_acs_hint(const struct p2p_node *provider,
			       const struct p2p_node *client,
			       struct seq_buf *hint);

#if IS_ENABLED(CONFIG_KUNIT)
/* hierarchy.c, for the KUnit suites */
u32 pcie_p2p_lnksta_MBps(u16 lnksta);
u8 pcie_p2p_port_number(struct pci_dev *pdev);
void pcie_p2p_bus_event(unsigned long action, struct pci_dev *pdev);
void pcie_p2p_scan(void);
#endif

#endif /* _P2P_BUS_PCIE_H */
