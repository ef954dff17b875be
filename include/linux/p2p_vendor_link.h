/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Proprietary device fabrics (NVLink/NVSwitch, xGMI, Xe Link, UALink-like)
 * in the peer-to-peer topology: what GPU and accelerator drivers call to
 * describe their links.
 */
#ifndef _LINUX_P2P_VENDOR_LINK_H
#define _LINUX_P2P_VENDOR_LINK_H

#include <linux/err.h>
#include <linux/p2p_topology.h>
#include <linux/types.h>

struct device;
struct fwnode_handle;
struct p2p_fw_description;
struct p2p_vlink_fabric;
struct p2p_vlink_fw;
struct p2p_vlink_port;

#define P2P_VLINK_RELAY		BIT(0)	/* the device forwards fabric traffic */

/**
 * struct p2p_vlink_attr - one connection between two link ports
 * @bandwidth_MBps: bandwidth of one link, in MB/s; 0 when unknown
 * @latency_ns: latency across the connection; 0 when unknown
 * @nr_links: parallel links bonded into the connection (at least 1);
 *	their bandwidth adds up
 * @dirs: %P2P_DIR_READ and/or %P2P_DIR_WRITE
 */
struct p2p_vlink_attr {
	u32 bandwidth_MBps;
	u32 latency_ns;
	u32 nr_links;
	u8 dirs;
};

/**
 * struct p2p_vlink_aperture - how peers address a device's memory over the
 *	fabric
 * @home_base: first address of the window in the device's own bus space
 *	(for a PCI device, the PCI bus address of its BAR)
 * @size: size of the window, not 0
 * @fabric_base: the address @home_base has on the fabric
 */
struct p2p_vlink_aperture {
	u64 home_base;
	u64 size;
	u64 fabric_base;
};

#if IS_ENABLED(CONFIG_P2P_BUS_VENDOR_LINK)

struct p2p_vlink_fabric *p2p_vlink_fabric_add(const char *name, u32 fabric_id);
void p2p_vlink_fabric_remove(struct p2p_vlink_fabric *fabric);

struct p2p_vlink_port *p2p_vlink_device_add(struct p2p_vlink_fabric *fabric,
					    struct device *dev,
					    struct fwnode_handle *fwnode,
					    unsigned int flags);
struct p2p_vlink_port *p2p_vlink_switch_add(struct p2p_vlink_fabric *fabric,
					    const char *name,
					    struct fwnode_handle *fwnode);
void p2p_vlink_port_remove(struct p2p_vlink_port *port);
int p2p_vlink_aperture_set(struct p2p_vlink_port *port,
			   const struct p2p_vlink_aperture *aperture);

struct p2p_link *p2p_vlink_connect(struct p2p_vlink_port *a,
				   struct p2p_vlink_port *b,
				   const struct p2p_vlink_attr *attr);
int p2p_vlink_set_down(struct p2p_link *link, bool down);
void p2p_vlink_disconnect(struct p2p_link *link);

struct p2p_vlink_fw *p2p_vlink_fw_build(const struct p2p_fw_description *desc);
void p2p_vlink_fw_remove(struct p2p_vlink_fw *fw);

#else /* !CONFIG_P2P_BUS_VENDOR_LINK */

static inline struct p2p_vlink_fabric *p2p_vlink_fabric_add(const char *name,
							    u32 fabric_id)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline void p2p_vlink_fabric_remove(struct p2p_vlink_fabric *fabric)
{
}

static inline struct p2p_vlink_port *
p2p_vlink_device_add(struct p2p_vlink_fabric *fabric, struct device *dev,
		     struct fwnode_handle *fwnode, unsigned int flags)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline struct p2p_vlink_port *
p2p_vlink_switch_add(struct p2p_vlink_fabric *fabric, const char *name,
		     struct fwnode_handle *fwnode)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline void p2p_vlink_port_remove(struct p2p_vlink_port *port)
{
}

static inline int p2p_vlink_aperture_set(struct p2p_vlink_port *port,
					 const struct p2p_vlink_aperture *aperture)
{
	return -EOPNOTSUPP;
}

static inline struct p2p_link *p2p_vlink_connect(struct p2p_vlink_port *a,
						 struct p2p_vlink_port *b,
						 const struct p2p_vlink_attr *attr)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline int p2p_vlink_set_down(struct p2p_link *link, bool down)
{
	return -EOPNOTSUPP;
}

static inline void p2p_vlink_disconnect(struct p2p_link *link)
{
}

static inline struct p2p_vlink_fw *
p2p_vlink_fw_build(const struct p2p_fw_description *desc)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline void p2p_vlink_fw_remove(struct p2p_vlink_fw *fw)
{
}

#endif /* CONFIG_P2P_BUS_VENDOR_LINK */

#endif /* _LINUX_P2P_VENDOR_LINK_H */
