/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private declarations of the vendor-link backend, shared with its KUnit
 * suite.
 */
#ifndef _P2P_VLINK_H
#define _P2P_VLINK_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/p2p_vendor_link.h>
#include <linux/workqueue.h>

/**
 * struct p2p_vlink_fabric - a fabric: one private bus of the topology
 * @bus: the bus; its name is @name. Its release frees the fabric once
 *	the last node and link of it is freed
 * @fabric_id: tags the fabric's addresses
 * @name: the fabric's name
 * @from_firmware: built from a firmware description: ports follow their
 *	device as it appears on or leaves its bus (a driver's ports are
 *	the driver's to manage)
 * @ports: its device ports and switches, oldest first
 * @conns: its connections
 * @entry: entry in the list of fabrics
 */
struct p2p_vlink_fabric {
	struct p2p_bus bus;
	u32 fabric_id;
	char name[32];
	bool from_firmware;
	struct list_head ports;
	struct list_head conns;
	struct list_head entry;
};

/**
 * struct p2p_vlink_window - an aperture as published to route searches
 * @aperture: the window
 * @rcu: frees a replaced window after the searches that read it
 */
struct p2p_vlink_window {
	struct p2p_vlink_aperture aperture;
	struct rcu_head rcu;
};

/**
 * struct p2p_vlink_port - a device's port on a fabric, or a fabric switch
 * @fabric: the fabric
 * @node: the port's node
 * @home: the device's node on its own bus (a reference), or NULL
 * @attach: the link between @home and @node, or NULL
 * @window: where the device's memory appears on the fabric, or NULL while
 *	none is declared; replaced whole (RCU), so that forward() and
 *	translate() never see half of an update
 * @flags: %P2P_VLINK_RELAY
 * @is_switch: the port stands for a fabric switch
 * @fwnode: the firmware node the port was declared with, or NULL
 * @fw_aperture: on a firmware fabric, the described aperture, applied
 *	whenever the port is attached to its device
 * @follow_failed: on a firmware fabric, the port could not follow its
 *	device to the device's new node; reported once, retried at every
 *	change of the topology
 * @entry: entry in the fabric's ports
 */
struct p2p_vlink_port {
	struct p2p_vlink_fabric *fabric;
	struct p2p_node *node;
	struct p2p_node *home;
	struct p2p_link *attach;
	struct p2p_vlink_window __rcu *window;
	unsigned int flags;
	bool is_switch;
	struct fwnode_handle *fwnode;
	struct p2p_vlink_aperture fw_aperture;
	bool follow_failed;
	struct list_head entry;
};

/**
 * struct p2p_vlink_conn - a connection between two ports
 * @a: one port
 * @b: the other
 * @link: its link in the graph
 * @attr: the link's attributes, kept to mark it down and up
 * @entry: entry in the fabric's connections
 */
struct p2p_vlink_conn {
	struct p2p_vlink_port *a, *b;
	struct p2p_link *link;
	struct p2p_link_attr attr;
	struct list_head entry;
};

extern const struct p2p_bus_ops p2p_vlink_ops;
extern struct work_struct p2p_vlink_rebind_work;
extern const char p2p_vlink_no_aperture_reason[];

void p2p_vlink_fw_scan(void);
void p2p_vlink_fw_unscan(void);
void p2p_vlink_rebind_fabrics(void);
struct p2p_link *p2p_vlink_attach(struct p2p_vlink_port *port);
int p2p_vlink_fw_aperture_set(struct p2p_vlink_port *port,
			      const struct p2p_vlink_aperture *aperture);
struct p2p_vlink_conn *p2p_vlink_find_conn(const struct p2p_vlink_port *a,
					   const struct p2p_vlink_port *b);

#endif /* _P2P_VLINK_H */
