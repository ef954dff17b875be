// SPDX-License-Identifier: GPL-2.0
/*
 * Fabrics that firmware describes. The core reads and checks the
 * description (drivers/p2p-core/fwnode.c); this file turns what remains
 * into fabrics, ports, switches and connections, exactly as a driver would
 * through the API in fabric.c:
 *
 *	description			graph
 *	node with p2p-switch		switch on the fabric of its p2p-fabric-id
 *	other node			device port; attached to the device's
 *					node on its own bus (matched by
 *					firmware node) when a backend has one
 *	p2p-aperture-*			the port's aperture
 *	endpoint pair			a connection of cost 1
 *
 * At boot, every device-tree node and ACPI device with a "p2p-fabric-id"
 * is read once, after the bus backends have mirrored their devices; a
 * port then follows its device as it appears on its bus, leaves it and
 * comes back (fabric.c).
 */
#define pr_fmt(fmt) "p2p-vlink: " fmt

#include <linux/acpi.h>
#include <linux/init.h>
#include <linux/of.h>
#include <linux/p2p_fwnode.h>
#include <linux/p2p_vendor_link.h>
#include <linux/slab.h>

#include "vlink.h"

/**
 * struct p2p_vlink_fw - the fabrics built from one firmware description
 * @nr_fabrics: entries in @fabrics
 * @fabrics: the fabrics, removed with everything on them by
 *	p2p_vlink_fw_remove()
 */
struct p2p_vlink_fw {
	unsigned int nr_fabrics;
	struct p2p_vlink_fabric *fabrics[];
};

static struct p2p_vlink_fabric *
p2p_vlink_fw_fabric(struct p2p_vlink_fw *fw, u32 fabric_id)
{
	struct p2p_vlink_fabric *fabric;
	char name[32];
	unsigned int i;

	for (i = 0; i < fw->nr_fabrics; i++)
		if (fw->fabrics[i]->fabric_id == fabric_id)
			return fw->fabrics[i];
	snprintf(name, sizeof(name), "fw-fabric%u", fabric_id);
	fabric = p2p_vlink_fabric_add(name, fabric_id);
	if (IS_ERR(fabric))
		return fabric;
	fabric->from_firmware = true;
	fw->fabrics[fw->nr_fabrics++] = fabric;
	return fabric;
}

static struct p2p_vlink_port *p2p_vlink_fw_port(struct p2p_vlink_fw *fw,
						const struct p2p_fw_device *dev)
{
	struct p2p_vlink_aperture aperture = {
		.home_base = dev->aperture_home_base,
		.size = dev->aperture_size,
		.fabric_base = dev->aperture_fabric_base,
	};
	struct p2p_vlink_fabric *fabric;
	struct p2p_vlink_port *port;
	int ret;

	fabric = p2p_vlink_fw_fabric(fw, dev->fabric_id);
	if (IS_ERR(fabric)) {
		pr_warn("%pfwf: no fabric %u: %pe\n", dev->fwnode,
			dev->fabric_id, fabric);
		return fabric ? ERR_CAST(fabric) : ERR_PTR(-EINVAL);
	}
	if (dev->is_switch)
		port = p2p_vlink_switch_add(fabric, NULL, dev->fwnode);
	else
		port = p2p_vlink_device_add(fabric, NULL, dev->fwnode,
					    dev->relay ? P2P_VLINK_RELAY : 0);
	if (IS_ERR(port)) {
		pr_warn("%pfwf: cannot join fabric %u: %pe\n", dev->fwnode,
			dev->fabric_id, port);
		return port;
	}
	if (!dev->has_aperture)
		return port;
	/* Applied once the device is on its bus, if it is not yet. */
	ret = p2p_vlink_fw_aperture_set(port, &aperture);
	if (ret)
		pr_warn("%pfwf: aperture left out: %pe\n", dev->fwnode,
			ERR_PTR(ret));
	return port;
}

/**
 * p2p_vlink_fw_build() - build the fabrics a firmware description holds
 * @desc: a description filled by p2p_fw_parse()
 *
 * Rejected nodes and connections are skipped; a node or connection the
 * graph refuses is logged with its firmware node and skipped too, so the
 * rest of the description still loads. Fabric ids must not be in use.
 *
 * Context: process context.
 * Return: what was built (release it with p2p_vlink_fw_remove()), or an
 * ERR_PTR(): -EINVAL, -ENOMEM.
 */
struct p2p_vlink_fw *p2p_vlink_fw_build(const struct p2p_fw_description *desc)
{
	const struct p2p_fw_connection *conn;
	struct p2p_vlink_port **ports;
	struct p2p_vlink_fw *fw;
	struct p2p_link *link;
	unsigned int i;

	if (!desc)
		return ERR_PTR(-EINVAL);
	/* At most one fabric per node. */
	fw = kzalloc(struct_size(fw, fabrics, desc->nr_devices), GFP_KERNEL);
	ports = kcalloc(desc->nr_devices, sizeof(*ports), GFP_KERNEL);
	if (!fw || !ports) {
		kfree(fw);
		kfree(ports);
		return ERR_PTR(-ENOMEM);
	}

	for (i = 0; i < desc->nr_devices; i++) {
		if (desc->devices[i].rejected)
			continue;
		ports[i] = p2p_vlink_fw_port(fw, &desc->devices[i]);
		if (IS_ERR(ports[i]))
			ports[i] = NULL;
	}
	for (i = 0; i < desc->nr_connections; i++) {
		conn = &desc->connections[i];
		if (conn->rejected || !ports[conn->a] || !ports[conn->b])
			continue;
		link = p2p_vlink_connect(ports[conn->a], ports[conn->b],
					 &(struct p2p_vlink_attr) {
						.bandwidth_MBps = conn->bandwidth_MBps,
						.latency_ns = conn->latency_ns,
						.nr_links = conn->nr_links,
						.dirs = P2P_DIR_BOTH,
					 });
		if (IS_ERR(link))
			pr_warn("%pfwf: connection left out: %pe\n",
				conn->endpoint_a, link);
	}
	kfree(ports);
	return fw;
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_fw_build, P2P_TOPOLOGY);

/**
 * p2p_vlink_fw_remove() - remove what p2p_vlink_fw_build() built
 * @fw: its result, or an ERR_PTR() or NULL
 *
 * Context: process context.
 */
void p2p_vlink_fw_remove(struct p2p_vlink_fw *fw)
{
	unsigned int i;

	if (IS_ERR_OR_NULL(fw))
		return;
	for (i = fw->nr_fabrics; i--; )
		p2p_vlink_fabric_remove(fw->fabrics[i]);
	kfree(fw);
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_fw_remove, P2P_TOPOLOGY);

#ifdef CONFIG_ACPI
static acpi_status p2p_vlink_fw_acpi_device(acpi_handle handle, u32 level,
					    void *context, void **unused)
{
	struct acpi_device *adev = acpi_fetch_acpi_dev(handle);
	struct fwnode_handle *fwnode;

	if (!adev)
		return AE_OK;
	fwnode = acpi_fwnode_handle(adev);
	if (fwnode_property_present(fwnode, "p2p-fabric-id") &&
	    p2p_fw_parse(context, fwnode))
		return AE_CTRL_TERMINATE;
	return AE_OK;
}

static int p2p_vlink_fw_scan_acpi(struct p2p_fw_description *desc)
{
	acpi_status status;

	if (acpi_disabled)
		return 0;
	status = acpi_walk_namespace(ACPI_TYPE_DEVICE, ACPI_ROOT_OBJECT,
				     ACPI_UINT32_MAX, p2p_vlink_fw_acpi_device,
				     NULL, desc, NULL);
	return status == AE_CTRL_TERMINATE ? -ENOMEM : 0;
}
#else
static int p2p_vlink_fw_scan_acpi(struct p2p_fw_description *desc)
{
	return 0;
}
#endif

static int p2p_vlink_fw_scan_of(struct p2p_fw_description *desc)
{
	struct device_node *np;
	int ret;

	if (!IS_ENABLED(CONFIG_OF))
		return 0;
	for_each_node_with_property(np, "p2p-fabric-id") {
		ret = p2p_fw_parse(desc, of_fwnode_handle(np));
		if (ret) {
			of_node_put(np);
			return ret;
		}
	}
	return 0;
}

/* What p2p_vlink_fw_scan() built, removed when the module goes. */
static struct p2p_vlink_fw *p2p_vlink_fw_booted;

/**
 * p2p_vlink_fw_scan() - build what firmware describes, once, at init
 *
 * Every device-tree node and ACPI device with a "p2p-fabric-id" is read;
 * the fabrics built live as long as the backend. A description that cannot
 * be read whole (out of memory) is not built at all.
 */
void __init p2p_vlink_fw_scan(void)
{
	struct p2p_fw_description desc = {};
	unsigned int i, nr_connections = 0;
	struct p2p_vlink_fw *fw;
	int ret;

	ret = p2p_vlink_fw_scan_of(&desc);
	if (!ret)
		ret = p2p_vlink_fw_scan_acpi(&desc);
	if (ret) {
		pr_err("cannot read what firmware describes: %pe\n", ERR_PTR(ret));
		goto out;
	}
	if (!desc.nr_devices)
		goto out;

	fw = p2p_vlink_fw_build(&desc);
	for (i = 0; i < desc.nr_connections; i++)
		nr_connections += !desc.connections[i].rejected;
	if (IS_ERR(fw)) {
		pr_err("cannot build the fabrics firmware describes: %pe\n", fw);
	} else {
		p2p_vlink_fw_booted = fw;
		pr_info("firmware describes %u nodes and %u connections; %u parts rejected\n",
			desc.nr_devices, nr_connections, desc.nr_errors);
	}
out:
	p2p_fw_description_free(&desc);
}

/**
 * p2p_vlink_fw_unscan() - remove what p2p_vlink_fw_scan() built
 *
 * Context: process context; the module's exit.
 */
void __exit p2p_vlink_fw_unscan(void)
{
	p2p_vlink_fw_remove(p2p_vlink_fw_booted);
	p2p_vlink_fw_booted = NULL;
}
