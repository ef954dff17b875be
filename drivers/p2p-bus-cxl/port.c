// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: CXL ports in the graph
 *
 * The backend follows the CXL core's own objects on &cxl_bus_type: one
 * node per &struct cxl_port, named after its device, and one per
 * downstream port (&struct cxl_dport) of a host bridge or switch, named
 * "dport:" and its PCI device::
 *
 *	root0 (host)
 *	  |
 *	port1 (host bridge)  ==== pci0000:0c (PCIe host bridge)
 *	  |
 *	dport:0000:0c:00.0 (root port)  ==== 0000:0c:00.0
 *	  |
 *	port2 (switch, its upstream port)  ==== 0000:0d:00.0
 *	  |                          |
 *	dport:0000:0e:00.0   dport:0000:0e:01.0   (downstream ports, joined)
 *	  |                          |
 *	endpoint3  ==== 0000:0f:00.0 endpoint4  ==== 0000:10:00.0
 *
 * Each link follows the hierarchy: a port hangs below its parent port's
 * dport it was found through (&cxl_port.parent_dport), a host bridge
 * directly below the root (the root's dports are the host bridges
 * themselves, so they get no node of their own). An endpoint port stands
 * for its memory device (&cxl_port.uport_dev, "memN"), which gets no node
 * of its own. Every node but the root is joined (====, an internal link
 * of cost 0) to the PCIe node of the same physical device: the host
 * bridge's &struct pci_host_bridge, the port's PCI bridge, the memory
 * device's PCI function. So a path that crosses a CXL port and its PCIe
 * function is one route, and rules.c decides where traffic may change
 * sides.
 *
 * When nodes come and go: a port's node lives as long as its device is on
 * the bus (%BUS_NOTIFY_ADD_DEVICE to %BUS_NOTIFY_DEL_DEVICE), as
 * /sys/bus/cxl/devices shows it. Its dports are another matter: the CXL
 * core enumerates a switch's or host bridge's dports in the cxl_port
 * driver's probe (cxl_switch_port_probe()), as devres of the port, and
 * releases them when the driver unbinds. So their nodes come once the
 * driver is bound (%BUS_NOTIFY_BOUND_DRIVER), when the dports are known,
 * and go when it starts to unbind (%BUS_NOTIFY_UNBIND_DRIVER, before the
 * dports are released) or with the port. One exception: when a switch
 * loses its last endpoint the core marks the port dead and frees its
 * dports at once, without an event (cxl_detach_ep()), then deletes the
 * port; dport nodes of a dead port are never matched again. A child
 * port is only ever added below a bound parent (add_port_attach_ep()
 * refuses others), so its parent dport's node is there when it comes.
 * The root binds to no driver (it is %CXL_DEVICE_ROOT) and its dports
 * get no node. Removing a node first removes whatever this backend still
 * has below it, so no node is left behind whatever order the events come
 * in.
 */
#define pr_fmt(fmt) "p2p-bus-cxl: " fmt

#include <linux/device.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/pci.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "cxlmem.h"
#include "perf.h"
#include "port.h"
#include "region.h"

/**
 * struct p2p_cxl_obj - a CXL node of this backend
 * @port: the node's backend data, as rules.c sees it (p2p_node_priv())
 * @entry: in p2p_cxl_objs
 * @dev: the &struct cxl_port's device (a reference is held), or NULL for
 *	a dport
 * @dport: the dport a dport node stands for, only compared; NULL for a
 *	port
 * @rcu: frees the object after route searches that may still read
 *	@port through the node are done
 */
struct p2p_cxl_obj {
	struct p2p_cxl_port port;
	struct list_head entry;
	struct device *dev;
	struct cxl_dport *dport;
	struct rcu_head rcu;
};

struct p2p_bus p2p_cxl_bus = {
	.name = "cxl",
	.ops = &p2p_cxl_ops,
	/* A region's HPAs are in the host's map: a window of the CEDT CFMWS. */
	.flags = P2P_BUS_HOST_MEMORY,
};

/*
 * Guards p2p_cxl_objs and region.c's regions; taken inside the device
 * lock of a port or region.
 */
DEFINE_MUTEX(p2p_cxl_lock);
static LIST_HEAD(p2p_cxl_objs);

static const struct p2p_link_attr p2p_cxl_hop = {
	.cost = 1,
	.dirs = P2P_DIR_BOTH,
};

static const struct p2p_link_attr p2p_cxl_join_attr = {
	.cost = 0,
	.dirs = P2P_DIR_BOTH,
	.internal = true,	/* one physical device */
};

static struct p2p_cxl_obj *p2p_cxl_obj_of_dev(struct device *dev)
{
	struct p2p_cxl_obj *obj;

	lockdep_assert_held(&p2p_cxl_lock);
	list_for_each_entry(obj, &p2p_cxl_objs, entry)
		if (obj->dev == dev)
			return obj;
	return NULL;
}

/**
 * p2p_cxl_port_of_dev() - the backend data of a port's node
 * @dev: the device of a &struct cxl_port
 *
 * Context: process context, under p2p_cxl_lock.
 * Return: the port, valid until p2p_cxl_lock is dropped, or NULL when
 * @dev has no node.
 */
struct p2p_cxl_port *p2p_cxl_port_of_dev(struct device *dev)
{
	struct p2p_cxl_obj *obj = p2p_cxl_obj_of_dev(dev);

	return obj ? &obj->port : NULL;
}

/*
 * Whether the port that @obj (a dport's node) belongs to is dead: the CXL
 * core marks a switch port dead when its last endpoint goes and frees its
 * dports at once (cxl_detach_ep(), reap_dports()), without an event; the
 * port itself is deleted after. Until then our node keeps a stale dport
 * pointer, which a new dport may reuse. The owner's node holds its device,
 * so the &struct cxl_port is still there to read.
 */
static bool p2p_cxl_owner_dead(struct p2p_cxl_obj *obj)
{
	struct p2p_cxl_obj *owner;

	if (!obj->port.parent)
		return false;
	owner = container_of(obj->port.parent, struct p2p_cxl_obj, port);
	return owner->dev && READ_ONCE(to_cxl_port(owner->dev)->dead);
}

static struct p2p_cxl_obj *p2p_cxl_obj_of_dport(struct cxl_dport *dport)
{
	struct p2p_cxl_obj *obj;

	lockdep_assert_held(&p2p_cxl_lock);
	list_for_each_entry(obj, &p2p_cxl_objs, entry)
		if (obj->dport == dport && !p2p_cxl_owner_dead(obj))
			return obj;
	return NULL;
}

/* Take @obj out of the graph; whatever hangs below it must be gone. */
static void p2p_cxl_free(struct p2p_cxl_obj *obj)
{
	/* A region that reaches this node goes first. */
	p2p_cxl_region_port_gone(&obj->port);
	list_del(&obj->entry);
	p2p_link_remove(obj->port.join);
	p2p_link_remove(obj->port.uplink);
	p2p_node_remove(obj->port.node);
	put_device(obj->dev);
	kfree_rcu(obj, rcu);
}

/* Remove @obj and, first, everything of this backend below it. */
static void p2p_cxl_remove(struct p2p_cxl_obj *obj)
{
	struct p2p_cxl_obj *child;

	lockdep_assert_held(&p2p_cxl_lock);
again:
	list_for_each_entry(child, &p2p_cxl_objs, entry) {
		if (child->port.parent == &obj->port) {
			p2p_cxl_remove(child);
			goto again;
		}
	}
	p2p_cxl_free(obj);
}

/*
 * The PCIe node of @dev, the physical device of a CXL object: the node
 * another backend made for it, never one of ours.
 */
static struct p2p_node *p2p_cxl_pcie_node(struct device *dev)
{
	struct p2p_node *node = p2p_node_find(dev, NULL);

	if (node && p2p_node_bus(node) == &p2p_cxl_bus) {
		p2p_node_put(node);
		return NULL;
	}
	return node;
}

/*
 * Join @obj to the PCIe node of @dev. Without one (no PCIe backend, a
 * device it does not enumerate) the CXL node stays unjoined: routes then
 * cannot change sides there, which is the safe answer.
 */
static int p2p_cxl_join(struct p2p_cxl_obj *obj, struct device *dev)
{
	struct p2p_node *pcie = dev ? p2p_cxl_pcie_node(dev) : NULL;
	struct p2p_link *join;

	if (!pcie) {
		pr_debug("%s: no PCIe node for %s to join\n",
			 p2p_node_name(obj->port.node),
			 dev ? dev_name(dev) : "(none)");
		return 0;
	}
	join = p2p_link_add(&p2p_cxl_bus, pcie, obj->port.node,
			    &p2p_cxl_join_attr, NULL);
	p2p_node_put(pcie);
	if (IS_ERR(join))
		return PTR_ERR(join);
	obj->port.join = join;
	return 0;
}

/*
 * A node of @kind named @name below @parent (NULL for the root), standing
 * for @dev (a port's device, referenced) or @dport, joined to the PCIe
 * node of @phys; @figures are its uplink's (perf.c).
 */
static struct p2p_cxl_obj *p2p_cxl_add_obj(enum p2p_cxl_port_kind kind,
					   struct p2p_cxl_obj *parent,
					   const char *name, struct device *dev,
					   struct cxl_dport *dport,
					   struct device *phys,
					   const struct p2p_link_attr *figures)
{
	struct p2p_cxl_obj *obj;
	int ret;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return ERR_PTR(-ENOMEM);
	obj->port.kind = kind;
	obj->port.parent = parent ? &parent->port : NULL;
	obj->port.uplink_attr = *figures;
	obj->dev = get_device(dev);
	obj->dport = dport;
	INIT_LIST_HEAD(&obj->entry);
	obj->port.node = p2p_node_add(&p2p_cxl_bus, p2p_cxl_node_type(kind),
				      dev, NULL, name, &obj->port);
	if (IS_ERR(obj->port.node)) {
		ret = PTR_ERR(obj->port.node);
		put_device(obj->dev);
		kfree(obj);
		return ERR_PTR(ret);
	}
	list_add_tail(&obj->entry, &p2p_cxl_objs);
	if (parent) {
		obj->port.uplink = p2p_link_add(&p2p_cxl_bus, parent->port.node,
						obj->port.node,
						&obj->port.uplink_attr, NULL);
		if (IS_ERR(obj->port.uplink)) {
			ret = PTR_ERR(obj->port.uplink);
			obj->port.uplink = NULL;
			goto err;
		}
	}
	ret = p2p_cxl_join(obj, phys);
	if (ret)
		goto err;
	return obj;

err:
	p2p_cxl_free(obj);
	return ERR_PTR(ret);
}

/* The PCI function a memory device is (a memdev's parent is cxlds->dev). */
static struct device *p2p_cxl_pci_ancestor(struct device *dev)
{
	for (; dev; dev = dev->parent)
		if (dev_is_pci(dev))
			return dev;
	return NULL;
}

/* Nodes for the dports of @port that have none, of @kind, below @obj. */
static int p2p_cxl_add_dports(struct cxl_port *port, struct p2p_cxl_obj *obj,
			      enum p2p_cxl_port_kind kind)
{
	struct p2p_cxl_obj *dobj;
	struct cxl_dport *dport;
	unsigned long index;
	char *name;

	xa_for_each(&port->dports, index, dport) {
		struct p2p_link_attr figures = p2p_cxl_hop;

		if (p2p_cxl_obj_of_dport(dport))
			continue;
		name = kasprintf(GFP_KERNEL, "dport:%s",
				 dev_name(dport->dport_dev));
		if (!name)
			return -ENOMEM;
		/* A root port is part of its host bridge, as the core has it. */
		if (kind == P2P_CXL_PORT_ROOT_PORT)
			figures.internal = true;
		else
			p2p_cxl_dport_attr(dport, &figures);
		dobj = p2p_cxl_add_obj(kind, obj, name, NULL, dport,
				       dport->dport_dev, &figures);
		kfree(name);
		if (IS_ERR(dobj))
			return PTR_ERR(dobj);
	}
	return 0;
}

/*
 * Where a non-root @port hangs: *@kind is what it is, and the return the
 * node above it (the root for a host bridge, else its parent dport), or
 * an ERR_PTR(): -ENOENT when that is not in the graph, -EINVAL for a
 * shape the CXL core does not make.
 */
static struct p2p_cxl_obj *p2p_cxl_parent_of(struct cxl_port *port,
					     enum p2p_cxl_port_kind *kind)
{
	struct device *up = port->dev.parent;
	struct p2p_cxl_obj *parent;
	struct cxl_port *parent_port;

	if (!up || !is_cxl_port(up))
		return ERR_PTR(-EINVAL);
	parent_port = to_cxl_port(up);
	/*
	 * A restricted CXL host (CXL 1.1, RCH) has no host bridge port: its
	 * endpoint hangs from the root. Not modelled yet; say so rather
	 * than call the endpoint a host bridge.
	 */
	if (is_cxl_endpoint(port) && is_cxl_root(parent_port))
		return ERR_PTR(-EOPNOTSUPP);
	if (is_cxl_root(parent_port)) {
		*kind = P2P_CXL_PORT_HOST_BRIDGE;
		parent = p2p_cxl_obj_of_dev(up);
	} else {
		*kind = is_cxl_endpoint(port) ? P2P_CXL_PORT_ENDPOINT :
						P2P_CXL_PORT_SWITCH;
		if (!port->parent_dport)
			return ERR_PTR(-EINVAL);
		parent = p2p_cxl_obj_of_dport(port->parent_dport);
	}
	return parent ?: ERR_PTR(-ENOENT);
}

/* Nodes for the dports of @obj's @port, of a host bridge or switch. */
static int p2p_cxl_add_port_dports(struct cxl_port *port,
				   struct p2p_cxl_obj *obj)
{
	switch (obj->port.kind) {
	case P2P_CXL_PORT_HOST_BRIDGE:
		return p2p_cxl_add_dports(port, obj, P2P_CXL_PORT_ROOT_PORT);
	case P2P_CXL_PORT_SWITCH:
		return p2p_cxl_add_dports(port, obj, P2P_CXL_PORT_DOWNSTREAM);
	default:
		return 0;	/* the root's dports are the host bridges */
	}
}

/* Remove the dport nodes below @obj, and what hangs below them. */
static void p2p_cxl_remove_dports(struct p2p_cxl_obj *obj)
{
	struct p2p_cxl_obj *child;

	lockdep_assert_held(&p2p_cxl_lock);
again:
	list_for_each_entry(child, &p2p_cxl_objs, entry) {
		if (child->dport && child->port.parent == &obj->port) {
			p2p_cxl_remove(child);
			goto again;
		}
	}
}

/*
 * A node for @port unless it has one, and with @dports, nodes for its
 * dports unless they have them. The caller holds p2p_cxl_lock and, with
 * @dports, @port's device lock, which keeps the dports as they are.
 */
static int p2p_cxl_add_port(struct cxl_port *port, bool dports)
{
	struct p2p_link_attr figures = p2p_cxl_hop;
	enum p2p_cxl_port_kind kind = P2P_CXL_PORT_ROOT;
	struct p2p_cxl_obj *parent = NULL, *obj;
	struct device *phys = NULL;
	int ret;

	lockdep_assert_held(&p2p_cxl_lock);
	/*
	 * The core marks a port dead before it deletes it; the scan at init
	 * may meet a port between its BUS_NOTIFY_DEL_DEVICE and its removal
	 * from the bus's list, and must not add what that event removed.
	 */
	if (READ_ONCE(port->dead))
		return -ENODEV;
	obj = p2p_cxl_obj_of_dev(&port->dev);
	if (!obj) {
		if (!is_cxl_root(port)) {
			parent = p2p_cxl_parent_of(port, &kind);
			if (IS_ERR(parent))
				return PTR_ERR(parent);
			phys = kind == P2P_CXL_PORT_ENDPOINT ?
			       p2p_cxl_pci_ancestor(port->uport_dev) :
			       port->uport_dev;
			if (port->parent_dport)
				p2p_cxl_link_attr(port->parent_dport, &figures);
		}
		obj = p2p_cxl_add_obj(kind, parent, dev_name(&port->dev),
				      &port->dev, NULL, phys, &figures);
		if (IS_ERR(obj))
			return PTR_ERR(obj);
	}
	if (!dports)
		return 0;
	ret = p2p_cxl_add_port_dports(port, obj);
	if (ret)
		p2p_cxl_remove_dports(obj);
	return ret;
}

static void p2p_cxl_add(struct cxl_port *port, bool dports)
{
	int ret;

	mutex_lock(&p2p_cxl_lock);
	ret = p2p_cxl_add_port(port, dports);
	mutex_unlock(&p2p_cxl_lock);
	/* -ENOENT: the scan at init meets the parent, then this port. */
	if (ret == -ENOENT)
		dev_dbg(&port->dev, "parent not in the p2p topology yet\n");
	else if (ret == -ENODEV)
		dev_dbg(&port->dev, "going away, not added to the p2p topology\n");
	else if (ret == -EOPNOTSUPP)
		dev_warn(&port->dev,
			 "endpoint of a restricted CXL host (RCH): not in the p2p topology\n");
	else if (ret)
		dev_warn(&port->dev, "not added to the p2p topology: %d\n", ret);
}

/* Remove @dev's node, or with @dports_only, only its dports' nodes. */
static void p2p_cxl_del(struct device *dev, bool dports_only)
{
	struct p2p_cxl_obj *obj;

	mutex_lock(&p2p_cxl_lock);
	obj = p2p_cxl_obj_of_dev(dev);
	/*
	 * The port's decoders go with its driver, and a region that uses
	 * them is reset before the core unbinds the region
	 * (cxl_region_detach()): the region goes now.
	 */
	if (obj && dports_only)
		p2p_cxl_region_port_gone(&obj->port);
	if (obj && dports_only)
		p2p_cxl_remove_dports(obj);
	else if (obj)
		p2p_cxl_remove(obj);
	mutex_unlock(&p2p_cxl_lock);
}

/*
 * A region is in the graph while the cxl_region driver is bound to it,
 * which the core allows only once it is committed (cxl_region_probe()).
 * Decommitting through sysfs unbinds it first (commit_store()); losing a
 * target resets its decoders and then unbinds it (cxl_region_detach()),
 * which is why a port's unbind or removal takes the regions through it
 * at once. The driver core holds the region's device lock for both
 * events.
 */
static int p2p_cxl_notify_region(unsigned long action, struct device *dev)
{
	switch (action) {
	case BUS_NOTIFY_BOUND_DRIVER:
		p2p_cxl_region_add(dev);
		break;
	case BUS_NOTIFY_UNBIND_DRIVER:
	case BUS_NOTIFY_DEL_DEVICE:
		p2p_cxl_region_del(dev);
		break;
	}
	return NOTIFY_OK;
}

/*
 * The bus notifier: see the DOC above for which event means what. The
 * driver core holds the port's device lock for BOUND_DRIVER and
 * UNBIND_DRIVER.
 */
static int p2p_cxl_notify(struct notifier_block *nb, unsigned long action,
			  void *data)
{
	struct device *dev = data;
	struct cxl_port *port;

	if (IS_ENABLED(CONFIG_CXL_REGION) && is_cxl_region(dev))
		return p2p_cxl_notify_region(action, dev);
	if (!is_cxl_port(dev))
		return NOTIFY_DONE;	/* memdevs, decoders, ... */
	port = to_cxl_port(dev);
	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		p2p_cxl_add(port, false);
		break;
	case BUS_NOTIFY_BOUND_DRIVER:
		p2p_cxl_add(port, true);
		break;
	case BUS_NOTIFY_UNBIND_DRIVER:
		p2p_cxl_del(dev, true);
		break;
	case BUS_NOTIFY_DEL_DEVICE:
	case BUS_NOTIFY_REMOVED_DEVICE:	/* in case the scan added it since */
		p2p_cxl_del(dev, false);
		break;
	}
	return NOTIFY_OK;
}

static struct notifier_block p2p_cxl_nb = {
	.notifier_call = p2p_cxl_notify,
};

/*
 * One device of the scan at init. The bus lists devices in the order they
 * were added, a parent port before its children, so each port finds its
 * parent's nodes. The device lock keeps a port's driver and dports from
 * changing while they are read, as in the notifier (the root's is taken
 * by cxl_acpi while it adds the root's dports, which are not read here).
 */
static int p2p_cxl_scan_one(struct device *dev, void *unused)
{
	if (!is_cxl_port(dev))
		return 0;
	device_lock(dev);
	p2p_cxl_add(to_cxl_port(dev), !!dev->driver);
	device_unlock(dev);
	return 0;
}

/* Regions bound before the backend started, once all ports are in. */
static int p2p_cxl_scan_region(struct device *dev, void *unused)
{
	if (!IS_ENABLED(CONFIG_CXL_REGION) || !is_cxl_region(dev))
		return 0;
	device_lock(dev);
	if (dev->driver)
		p2p_cxl_region_add(dev);
	device_unlock(dev);
	return 0;
}

/*
 * After the PCIe backend (module_init), whose nodes the CXL nodes join,
 * and after the CXL drivers' own initcalls, which add most ports: those
 * are found by the scan, later ones through the notifier.
 */
static int __init p2p_cxl_init(void)
{
	int ret;

	ret = p2p_bus_register(&p2p_cxl_bus);
	if (ret)
		return ret;
	/* Ports added from now on arrive through the notifier... */
	ret = bus_register_notifier(&cxl_bus_type, &p2p_cxl_nb);
	if (ret) {
		p2p_bus_unregister(&p2p_cxl_bus);
		return ret;
	}
	/* ...and those already there are added here. */
	bus_for_each_dev(&cxl_bus_type, NULL, NULL, p2p_cxl_scan_one);
	bus_for_each_dev(&cxl_bus_type, NULL, NULL, p2p_cxl_scan_region);
	p2p_cxl_debugfs_init();
	return 0;
}
late_initcall(p2p_cxl_init);

/*
 * No event comes once the notifier is gone (unregistering waits for a
 * running one); then every node goes, children first, and
 * p2p_bus_unregister() waits until nobody holds one, since &p2p_cxl_bus
 * is this module's.
 */
static void __exit p2p_cxl_exit(void)
{
	p2p_cxl_debugfs_exit();
	bus_unregister_notifier(&cxl_bus_type, &p2p_cxl_nb);
	mutex_lock(&p2p_cxl_lock);
	p2p_cxl_region_remove_all();
	while (!list_empty(&p2p_cxl_objs))
		p2p_cxl_remove(list_first_entry(&p2p_cxl_objs,
						struct p2p_cxl_obj, entry));
	mutex_unlock(&p2p_cxl_lock);
	p2p_bus_unregister(&p2p_cxl_bus);
}
module_exit(p2p_cxl_exit);

MODULE_IMPORT_NS(CXL);
MODULE_IMPORT_NS(P2P_TOPOLOGY);
MODULE_DESCRIPTION("CXL backend for the peer-to-peer DMA topology");
MODULE_LICENSE("GPL");
