// SPDX-License-Identifier: GPL-2.0
/*
 * PCIe backend: mirror the PCI hierarchy into the p2p topology graph.
 *
 *	host --0-- host bridge --1-- root port --1-- switch upstream port
 *	                                                  |1
 *	                  endpoint --1-- switch downstream port
 *
 * One node per PCI function (bridges are ports, other functions endpoints),
 * one per host bridge and one for the host. A function links to its
 * upstream bridge, or to its host bridge when it sits on a root bus. Links
 * cost one hop, except host bridge to host, which costs nothing: then two
 * functions without a common upstream bridge are as far apart as the sum of
 * their depths, whichever host bridges lie between, which is how p2pdma
 * counts.
 */
#define pr_fmt(fmt) "p2p-bus-pcie: " fmt

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/p2p_topology.h>
#include <linux/pci.h>
#include <linux/property.h>
#include <linux/slab.h>

#include "pci.h"		/* drivers/pci: pcie_link_speed[] */
#include "pcie.h"

static struct p2p_bus pcie_p2p_bus = {
	.name = "pcie",
	.ops = &pcie_p2p_ops,
};

/* Guards the lists and the host node; the notifier and init race. */
DEFINE_MUTEX(pcie_p2p_lock);
static LIST_HEAD(pcie_p2p_fns);
static LIST_HEAD(pcie_p2p_hbs);
static struct p2p_node *pcie_p2p_host;

static const struct p2p_link_attr pcie_p2p_host_link = {
	.cost = 0,
	.dirs = P2P_DIR_BOTH,
};

/**
 * pcie_p2p_fn_of() - the mirror of a PCI function
 * @pdev: the function
 *
 * Context: pcie_p2p_lock is held.
 * Return: the mirror, or NULL when @pdev is not in the graph.
 */
struct pcie_p2p_fn *pcie_p2p_fn_of(struct pci_dev *pdev)
{
	struct pcie_p2p_fn *fn;

	lockdep_assert_held(&pcie_p2p_lock);
	list_for_each_entry(fn, &pcie_p2p_fns, entry)
		if (fn->pdev == pdev)
			return fn;
	return NULL;
}

/**
 * pcie_p2p_fns_head() - the list of mirrored functions
 *
 * Context: walk it with pcie_p2p_lock held.
 * Return: the list head.
 */
struct list_head *pcie_p2p_fns_head(void)
{
	return &pcie_p2p_fns;
}

/**
 * pcie_p2p_lnksta_MBps() - the bandwidth a Link Status register describes
 * @lnksta: the PCIe Link Status register
 *
 * The negotiated speed after encoding overhead, per the PCI core's own
 * table (PCIE_SPEED2MBS_ENC(), in Mb/s per lane, rounded down), times the
 * negotiated width, in megabytes per second as every link attribute is:
 * 16 GT/s x16 is 16 * 16 * 128/130 / 8 GB/s, about 31,508 MB/s.
 *
 * Context: any context.
 * Return: MB/s, or 0 when the speed is not one the PCI core knows or the
 * link has no width (down).
 */
VISIBLE_IF_KUNIT u32 pcie_p2p_lnksta_MBps(u16 lnksta)
{
	enum pci_bus_speed speed;
	u32 mbit_per_sec;

	speed = pcie_link_speed[FIELD_GET(PCI_EXP_LNKSTA_CLS, lnksta)];
	mbit_per_sec = PCIE_SPEED2MBS_ENC(speed) *
		       FIELD_GET(PCI_EXP_LNKSTA_NLW, lnksta);
	return DIV_ROUND_CLOSEST(mbit_per_sec, BITS_PER_BYTE);
}
EXPORT_SYMBOL_IF_KUNIT(pcie_p2p_lnksta_MBps);

/*
 * The bandwidth of the link a function's uplink stands for, from the
 * negotiated speed and width: the function's own link for an endpoint or
 * an upstream port, the port's own rate for a downstream or root port
 * (whose uplink is inside its switch or root complex). 0 when unknown:
 * conventional PCI, integrated endpoints, a link that is down.
 */
static u32 pcie_p2p_link_MBps(struct pci_dev *pdev)
{
	u16 lnksta;

	if (!pci_is_pcie(pdev) ||
	    pcie_capability_read_word(pdev, PCI_EXP_LNKSTA, &lnksta))
		return 0;
	return pcie_p2p_lnksta_MBps(lnksta);
}

/**
 * pcie_p2p_port_number() - the number egress control vectors know a
 *	function by
 * @pdev: the function
 *
 * A switch's egress control vectors index its downstream ports by Port
 * Number (Link Capabilities); a multi-function device's index its
 * functions by Function Number, which with ARI is the whole 8-bit devfn
 * (PCIe r6.0 sec 6.13) and otherwise its 3 low bits.
 *
 * Context: any context.
 * Return: the number.
 */
VISIBLE_IF_KUNIT u8 pcie_p2p_port_number(struct pci_dev *pdev)
{
	u32 lnkcap;

	if (pci_pcie_type(pdev) == PCI_EXP_TYPE_DOWNSTREAM &&
	    !pcie_capability_read_dword(pdev, PCI_EXP_LNKCAP, &lnkcap))
		return FIELD_GET(PCI_EXP_LNKCAP_PN, lnkcap);
	if (pci_ari_enabled(pdev->bus))
		return pdev->devfn;
	return PCI_FUNC(pdev->devfn);
}
EXPORT_SYMBOL_IF_KUNIT(pcie_p2p_port_number);

/*
 * A host bridge stays in the graph while functions on its root buses do:
 * when the last goes (the root bus is removed, a VMD domain unbound, every
 * slot emptied), so does its node, which holds the bridge's device.
 */
static void pcie_p2p_host_bridge_put(struct pcie_p2p_hb *hb)
{
	lockdep_assert_held(&pcie_p2p_lock);
	if (--hb->nr_fns)
		return;
	list_del(&hb->entry);
	p2p_link_remove(hb->uplink);
	p2p_node_remove(hb->node);
	kfree(hb);
}

/* The host bridge above @bus, counting one more function on its root bus. */
static struct pcie_p2p_hb *pcie_p2p_host_bridge_get(struct pci_bus *bus)
{
	struct pci_host_bridge *bridge = pci_find_host_bridge(bus);
	struct pcie_p2p_hb *hb;
	int ret;

	lockdep_assert_held(&pcie_p2p_lock);
	list_for_each_entry(hb, &pcie_p2p_hbs, entry) {
		if (hb->bridge == bridge) {
			hb->nr_fns++;
			return hb;
		}
	}

	hb = kzalloc(sizeof(*hb), GFP_KERNEL);
	if (!hb)
		return ERR_PTR(-ENOMEM);
	hb->bridge = bridge;
	hb->nr_fns = 1;
	hb->node = p2p_node_add(&pcie_p2p_bus, P2P_NODE_HOST_BRIDGE,
				&bridge->dev, dev_fwnode(&bridge->dev), NULL, hb);
	if (IS_ERR(hb->node)) {
		ret = PTR_ERR(hb->node);
		goto err_free;
	}
	hb->uplink = p2p_link_add(&pcie_p2p_bus, pcie_p2p_host, hb->node,
				  &pcie_p2p_host_link, NULL);
	if (IS_ERR(hb->uplink)) {
		ret = PTR_ERR(hb->uplink);
		goto err_node;
	}
	list_add_tail(&hb->entry, &pcie_p2p_hbs);
	return hb;

err_node:
	p2p_node_remove(hb->node);
err_free:
	kfree(hb);
	return ERR_PTR(ret);
}

/* Mirror @pdev below @up, or on @hb's root bus when @up is NULL. */
static int pcie_p2p_add_fn(struct pci_dev *pdev, struct pcie_p2p_fn *up,
			   struct pcie_p2p_hb *hb)
{
	struct p2p_link_attr hop = {
		.cost = 1,
		.dirs = P2P_DIR_BOTH,
		.bandwidth_MBps = pcie_p2p_link_MBps(pdev),
	};
	struct pcie_p2p_fn *fn;
	int ret;

	fn = kzalloc(sizeof(*fn), GFP_KERNEL);
	if (!fn)
		return -ENOMEM;
	fn->pdev = pci_dev_get(pdev);
	fn->up = up;
	fn->hb = hb;
	fn->port_number = pcie_p2p_port_number(pdev);
	INIT_LIST_HEAD(&fn->providers);
	fn->node = p2p_node_add(&pcie_p2p_bus,
				pci_is_bridge(pdev) ? P2P_NODE_PORT : P2P_NODE_ENDPOINT,
				&pdev->dev, dev_fwnode(&pdev->dev), NULL, fn);
	if (IS_ERR(fn->node)) {
		ret = PTR_ERR(fn->node);
		goto err_free;
	}
	fn->uplink = p2p_link_add(&pcie_p2p_bus, up ? up->node : hb->node,
				  fn->node, &hop, NULL);
	if (IS_ERR(fn->uplink)) {
		ret = PTR_ERR(fn->uplink);
		goto err_node;
	}
	list_add_tail(&fn->entry, &pcie_p2p_fns);
	return 0;

err_node:
	p2p_node_remove(fn->node);
err_free:
	pci_dev_put(fn->pdev);
	kfree(fn);
	return ret;
}

static int pcie_p2p_add(struct pci_dev *pdev)
{
	struct pci_dev *upstream = pci_upstream_bridge(pdev);
	struct pcie_p2p_fn *up = NULL;
	struct pcie_p2p_hb *hb;
	int ret;

	lockdep_assert_held(&pcie_p2p_lock);
	if (pcie_p2p_fn_of(pdev))
		return 0;

	if (upstream) {
		/* Bridges are added before what lies below them, but be sure. */
		ret = pcie_p2p_add(upstream);
		if (ret)
			return ret;
		up = pcie_p2p_fn_of(upstream);
		return pcie_p2p_add_fn(pdev, up, up->hb);
	}

	hb = pcie_p2p_host_bridge_get(pdev->bus);
	if (IS_ERR(hb))
		return PTR_ERR(hb);
	ret = pcie_p2p_add_fn(pdev, NULL, hb);
	if (ret)
		pcie_p2p_host_bridge_put(hb);
	return ret;
}

/*
 * Take @fn out of the graph. Its mirror is freed after an RCU grace
 * period: pcie_p2p_acs_hint() walks mirrors found through nodes without
 * pcie_p2p_lock.
 */
static void pcie_p2p_remove_fn(struct pcie_p2p_fn *fn)
{
	list_del(&fn->entry);
	pcie_p2p_forget_providers(fn);
	p2p_link_remove(fn->uplink);
	p2p_node_remove(fn->node);
	if (!fn->up)
		pcie_p2p_host_bridge_put(fn->hb);
	pci_dev_put(fn->pdev);
	kfree_rcu(fn, rcu);
}

static void pcie_p2p_remove(struct pci_dev *pdev)
{
	struct pcie_p2p_fn *fn, *child;

	lockdep_assert_held(&pcie_p2p_lock);
	fn = pcie_p2p_fn_of(pdev);
	if (!fn)
		return;
	/*
	 * The PCI core removes children first; should it not, remove them
	 * here, restarting as each removal may take several entries.
	 */
again:
	list_for_each_entry(child, &pcie_p2p_fns, entry) {
		if (child->up == fn) {
			pcie_p2p_remove(child->pdev);
			goto again;
		}
	}
	pcie_p2p_remove_fn(fn);
}

/**
 * pcie_p2p_bus_event() - follow a PCI bus notification
 * @action: the notification (BUS_NOTIFY_*)
 * @pdev: the function it is about
 *
 * A function is added when it is added to the bus and removed twice: when
 * its removal begins (%BUS_NOTIFY_DEL_DEVICE), so that no route crosses a
 * function on its way out, and again when it is off the bus's list of
 * devices (%BUS_NOTIFY_REMOVED_DEVICE). device_del() notifies before it
 * takes the device off that list, so pcie_p2p_scan() can meet a device in
 * between and mirror it again; after the second notification no scan
 * finds it, and no stale node stays.
 *
 * Context: process context; takes pcie_p2p_lock.
 */
VISIBLE_IF_KUNIT void pcie_p2p_bus_event(unsigned long action,
					 struct pci_dev *pdev)
{
	int ret;

	mutex_lock(&pcie_p2p_lock);
	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		ret = pcie_p2p_add(pdev);
		if (ret)
			pci_warn(pdev, "not added to the p2p topology: %d\n", ret);
		break;
	case BUS_NOTIFY_DEL_DEVICE:
	case BUS_NOTIFY_REMOVED_DEVICE:
		pcie_p2p_remove(pdev);
		break;
	}
	mutex_unlock(&pcie_p2p_lock);
}
EXPORT_SYMBOL_IF_KUNIT(pcie_p2p_bus_event);

/**
 * pcie_p2p_scan() - mirror every function already on the PCI bus
 *
 * Idempotent: functions already mirrored are left as they are. Runs once
 * the notifier is registered, so that no function is missed; see
 * pcie_p2p_bus_event() for a function whose removal is under way.
 *
 * Context: process context; takes pcie_p2p_lock.
 */
VISIBLE_IF_KUNIT void pcie_p2p_scan(void)
{
	struct pci_dev *pdev = NULL;
	int ret;

	mutex_lock(&pcie_p2p_lock);
	for_each_pci_dev(pdev) {
		ret = pcie_p2p_add(pdev);
		if (ret)
			pci_warn(pdev, "not added to the p2p topology: %d\n", ret);
	}
	mutex_unlock(&pcie_p2p_lock);
}
EXPORT_SYMBOL_IF_KUNIT(pcie_p2p_scan);

static int pcie_p2p_notify(struct notifier_block *nb, unsigned long action,
			   void *data)
{
	pcie_p2p_bus_event(action, to_pci_dev(data));
	return NOTIFY_OK;
}

static struct notifier_block pcie_p2p_nb = {
	.notifier_call = pcie_p2p_notify,
};

/**
 * pcie_p2p_node_get() - the node of the PCI function a device sits on
 * @dev: a PCI function, or a device below one
 *
 * Context: any context.
 * Return: the node of the nearest PCI function at or above @dev, with a
 * reference (drop it with p2p_node_put()), or NULL.
 */
struct p2p_node *pcie_p2p_node_get(struct device *dev)
{
	for (; dev; dev = dev->parent)
		if (dev_is_pci(dev))
			return p2p_node_find(dev, &pcie_p2p_bus);
	return NULL;
}

static void pcie_p2p_teardown(void)
{
	struct pcie_p2p_fn *fn, *ftmp;

	/*
	 * Reverse order of creation: children before their bridges; host
	 * bridges go with the last function on their root buses.
	 */
	list_for_each_entry_safe_reverse(fn, ftmp, &pcie_p2p_fns, entry)
		pcie_p2p_remove_fn(fn);
	WARN_ON(!list_empty(&pcie_p2p_hbs));
	p2p_node_remove(pcie_p2p_host);
	pcie_p2p_host = NULL;
}

static int __init pcie_p2p_init(void)
{
	int ret;

	ret = p2p_bus_register(&pcie_p2p_bus);
	if (ret)
		return ret;

	mutex_lock(&pcie_p2p_lock);
	pcie_p2p_host = p2p_node_add(&pcie_p2p_bus, P2P_NODE_HOST, NULL, NULL,
				     "host", NULL);
	if (IS_ERR(pcie_p2p_host)) {
		ret = PTR_ERR(pcie_p2p_host);
		mutex_unlock(&pcie_p2p_lock);
		goto err_bus;
	}
	mutex_unlock(&pcie_p2p_lock);

	/* Devices added from now on arrive through the notifier... */
	ret = bus_register_notifier(&pci_bus_type, &pcie_p2p_nb);
	if (ret)
		goto err_host;

	/* ...and those already there are added here. */
	pcie_p2p_scan();
	ret = pcie_p2p_takeover_start();
	if (ret)
		goto err_notifier;
	return 0;

err_notifier:
	bus_unregister_notifier(&pci_bus_type, &pcie_p2p_nb);
err_host:
	mutex_lock(&pcie_p2p_lock);
	pcie_p2p_teardown();
	mutex_unlock(&pcie_p2p_lock);
err_bus:
	p2p_bus_unregister(&pcie_p2p_bus);
	return ret;
}
module_init(pcie_p2p_init);

static void __exit pcie_p2p_exit(void)
{
	pcie_p2p_takeover_stop();
	bus_unregister_notifier(&pci_bus_type, &pcie_p2p_nb);
	mutex_lock(&pcie_p2p_lock);
	pcie_p2p_teardown();
	mutex_unlock(&pcie_p2p_lock);
	p2p_bus_unregister(&pcie_p2p_bus);
}
module_exit(pcie_p2p_exit);

MODULE_DESCRIPTION("PCIe backend for the peer-to-peer DMA topology");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(P2P_TOPOLOGY);
