/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private declarations of the CXL backend: its ports as the topology sees
 * them, shared with its KUnit suites.
 */
#ifndef _P2P_CXL_PORT_H
#define _P2P_CXL_PORT_H

#include <linux/p2p_topology.h>
#include <linux/mutex.h>
#include <linux/types.h>

/**
 * enum p2p_cxl_port_kind - what a CXL node stands for
 * @P2P_CXL_PORT_ROOT: the CXL root (ACPI0017), above the host bridges
 * @P2P_CXL_PORT_HOST_BRIDGE: a CXL host bridge (ACPI0016)
 * @P2P_CXL_PORT_ROOT_PORT: a root port, a downstream port of a host bridge
 * @P2P_CXL_PORT_SWITCH: a switch, as its upstream port
 * @P2P_CXL_PORT_DOWNSTREAM: a switch downstream port
 * @P2P_CXL_PORT_ENDPOINT: a memory device's endpoint port
 * @P2P_CXL_PORT_REGION: a committed region: not a port, but the HPA range
 *	that its decoders spread over its memory devices, reached from the
 *	root (the host's window) or, with UIO, inside the switch above all
 *	of its devices (region.c)
 */
enum p2p_cxl_port_kind {
	P2P_CXL_PORT_ROOT,
	P2P_CXL_PORT_HOST_BRIDGE,
	P2P_CXL_PORT_ROOT_PORT,
	P2P_CXL_PORT_SWITCH,
	P2P_CXL_PORT_DOWNSTREAM,
	P2P_CXL_PORT_ENDPOINT,
	P2P_CXL_PORT_REGION,
};

/**
 * struct p2p_cxl_port - a CXL node's backend data
 * @kind: what the node stands for
 * @parent: the port above, NULL for the root
 * @node: the node
 * @uplink: the link to @parent's node, NULL for the root
 * @uplink_attr: @uplink's attributes (perf.c), which a region's link
 *	into it sums up
 * @join: the internal link to the PCIe node of the same device (the
 *	port's PCI bridge, the memory device's PCI function), or NULL
 * @uio: the port carries PCIe Unordered IO (UIO) requests to HDM memory
 *	below it (CXL 3.x direct peer-to-peer to HDM); for an endpoint, the
 *	device completes UIO requests to its HDM. Off unless the hardware
 *	says so
 * @members: a region's endpoints, @nr_members of them, one per position
 *	of its interleave set; NULL for a port. A route into the region
 *	inside a switch reaches all of them, so each must carry UIO
 * @nr_members: entries in @members
 *
 * Set up before the node is added and not changed while it is in the
 * graph, except @uio, which changes under p2p_bus_rules_changed(). A
 * region's @uplink joins it to the deepest switch, host bridge or root
 * above all its devices, and it has no @parent.
 */
struct p2p_cxl_port {
	enum p2p_cxl_port_kind kind;
	struct p2p_cxl_port *parent;
	struct p2p_node *node;
	struct p2p_link *uplink;
	struct p2p_link_attr uplink_attr;
	struct p2p_link *join;
	bool uio;
	const struct p2p_cxl_port *const *members;
	unsigned int nr_members;
};

/* port.c: the bus, and what region.c needs of its ports (under the lock) */
extern struct p2p_bus p2p_cxl_bus;
extern struct mutex p2p_cxl_lock;
struct device;
struct p2p_cxl_port *p2p_cxl_port_of_dev(struct device *dev);

extern const struct p2p_bus_ops p2p_cxl_ops;
extern const char p2p_cxl_uio_reason[];

enum p2p_node_type p2p_cxl_node_type(enum p2p_cxl_port_kind kind);

#endif /* _P2P_CXL_PORT_H */
