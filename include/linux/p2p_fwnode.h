/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Peer-to-peer topology described by firmware: one reader, on the
 * fwnode_graph API, for device-tree graphs and ACPI _DSD graphs. It checks
 * a description and hands backends a list of devices, switches and
 * connections; the vendor-link backend builds fabrics from it.
 *
 * See Documentation/devicetree/bindings/p2p/p2p-fabric.yaml.
 */
#ifndef _LINUX_P2P_FWNODE_H
#define _LINUX_P2P_FWNODE_H

#include <linux/errno.h>
#include <linux/types.h>

struct fwnode_handle;

#define P2P_FW_MAX_BANDWIDTH_MBPS	1000000	/* 1 TB/s per link */
#define P2P_FW_MAX_LATENCY_NS		1000000	/* 1 ms */
#define P2P_FW_MAX_LINK_COUNT		64
#define P2P_FW_MAX_ERRORS		8

/**
 * struct p2p_fw_device - a device or fabric switch that firmware describes
 * @fwnode: its firmware node (a reference is held)
 * @fabric_id: the fabric its connections belong to, not 0
 * @is_switch: a fabric switch: forwards between any two of its links
 * @relay: a device that forwards fabric traffic between its links
 * @has_aperture: @aperture_* describe how peers address its memory
 * @aperture_home_base: first address of the window in the device's own
 *	bus space
 * @aperture_fabric_base: the address of @aperture_home_base on the fabric
 * @aperture_size: size of the window
 * @rejected: the description of the node is wrong; it and its connections
 *	are left out
 */
struct p2p_fw_device {
	struct fwnode_handle *fwnode;
	u32 fabric_id;
	bool is_switch;
	bool relay;
	bool has_aperture;
	u64 aperture_home_base;
	u64 aperture_fabric_base;
	u64 aperture_size;
	bool rejected;
};

/**
 * struct p2p_fw_connection - two described nodes joined by a graph link
 * @a: index of one end in &p2p_fw_description.devices
 * @b: index of the other end
 * @endpoint_a: the endpoint at @a (a reference is held)
 * @endpoint_b: the endpoint at @b (a reference is held)
 * @bandwidth_MBps: bandwidth of one link in MB/s
 * @latency_ns: latency in nanoseconds, 0 when not described
 * @nr_links: parallel links bonded into the connection
 * @rejected: the connection is described wrongly and is left out; kept so
 *	that meeting it again from its other end is not reported twice
 */
struct p2p_fw_connection {
	unsigned int a, b;
	struct fwnode_handle *endpoint_a, *endpoint_b;
	u32 bandwidth_MBps;
	u32 latency_ns;
	u32 nr_links;
	bool rejected;
};

/**
 * struct p2p_fw_error - a part of a description that was rejected
 * @node: the full path of the firmware node to blame ("%pfwf")
 * @reason: what is wrong with it (a static string)
 */
struct p2p_fw_error {
	char node[96];
	const char *reason;
};

/**
 * struct p2p_fw_description - what firmware describes, checked
 * @devices: the described nodes, in the order they were found
 * @nr_devices: entries in @devices
 * @connections: the connections found; skip those marked rejected
 * @nr_connections: entries in @connections
 * @nr_errors: number of rejected parts; the first %P2P_FW_MAX_ERRORS are
 *	in @errors
 * @errors: the first rejections, each also logged with the node's path
 *
 * Zero-initialise, fill with p2p_fw_parse(), release with
 * p2p_fw_description_free().
 */
struct p2p_fw_description {
	struct p2p_fw_device *devices;
	unsigned int nr_devices;
	struct p2p_fw_connection *connections;
	unsigned int nr_connections;
	unsigned int nr_errors;
	struct p2p_fw_error errors[P2P_FW_MAX_ERRORS];
	/* private: */
	unsigned int max_devices;
	unsigned int max_connections;
};

#ifdef CONFIG_P2P_TOPOLOGY

int p2p_fw_parse(struct p2p_fw_description *desc, struct fwnode_handle *start);
void p2p_fw_description_free(struct p2p_fw_description *desc);

#else /* !CONFIG_P2P_TOPOLOGY */

static inline int p2p_fw_parse(struct p2p_fw_description *desc,
			       struct fwnode_handle *start)
{
	return -EOPNOTSUPP;
}

static inline void p2p_fw_description_free(struct p2p_fw_description *desc)
{
}

#endif /* CONFIG_P2P_TOPOLOGY */

#endif /* _LINUX_P2P_FWNODE_H */
