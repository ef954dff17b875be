// SPDX-License-Identifier: GPL-2.0
/*
 * Vendor-link backend: proprietary device fabrics (NVLink/NVSwitch, xGMI,
 * Xe Link, UALink-like) as buses of the p2p topology.
 *
 * Each fabric is a bus of its own, flagged private, with a fabric id that
 * tags its addresses. A device on the fabric gets a port node; a fabric
 * switch (an NVSwitch-like hub) gets a switch node. When the device also
 * has a node on another bus (its PCIe function), the port is attached to
 * that home node by a link of cost 0 that carries the device's aperture:
 *
 *	GPU0 (pcie) ==attach== GPU0 port --link-- hub --link-- GPU1 port
 *	                                                          ||attach
 *	                                                     GPU1 (pcie)
 *
 * Memory a GPU exposes is a provider on its home node (p2pdma registers
 * it there). A peer then has two kinds of route to it: through PCIe, and
 * through the fabric, entering the home node over the attach link. The
 * cheaper wins; when a fabric link goes down or away, the PCIe route is
 * what remains. Crossing the attach link towards the fabric moves the
 * address from the home bus into the aperture, as a %P2P_ADDR_LINK address
 * tagged with the fabric id, never a dma_addr_t.
 *
 * The graph notifies its listeners while this backend's lock is held: a
 * notifier callback must not call back into this API.
 *
 * Forwarding: switches forward between any two of their links; a device
 * port forwards fabric traffic only when its driver says the device relays
 * (%P2P_VLINK_RELAY), and lets fabric traffic into its home node only when
 * the route ends there and an aperture says how to address it. A port never
 * carries traffic from its home bus into the fabric: devices do not bridge.
 */
#define pr_fmt(fmt) "p2p-vlink: " fmt

#include <kunit/static_stub.h>
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/overflow.h>
#include <linux/p2p_vendor_link.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>

#include "vlink.h"

/* Serialises changes to the fabrics' lists; the graph has its own locks. */
static DEFINE_MUTEX(p2p_vlink_lock);
static LIST_HEAD(p2p_vlink_fabrics);
/* Fabrics not yet released: the module's code frees them. */
static atomic_t p2p_vlink_nr_fabrics = ATOMIC_INIT(0);

static const struct p2p_link_attr p2p_vlink_attach_attr = {
	.cost = 0,
	.dirs = P2P_DIR_BOTH,
	.internal = true,	/* inside the device */
};

const char p2p_vlink_no_aperture_reason[] =
	"fabric port has no aperture for the device's memory";

static enum p2p_verdict p2p_vlink_forward(const struct p2p_node *node,
					  const struct p2p_link *in,
					  const struct p2p_link *out,
					  const struct p2p_query *query,
					  struct p2p_refusal *why)
{
	const struct p2p_vlink_port *port = p2p_node_priv(node);

	if (!in || !out)
		return P2P_FORWARD_ALLOW;	/* routes start and end anywhere */
	if (in == out)
		return P2P_FORWARD_DENY;
	if (port->is_switch)
		return P2P_FORWARD_ALLOW;
	if (in == port->attach)
		return P2P_FORWARD_DENY;	/* devices do not bridge */
	if (out != port->attach)
		return port->flags & P2P_VLINK_RELAY ? P2P_FORWARD_ALLOW :
		       P2P_FORWARD_DENY;
	/* Into the device's home node: only to its memory, by its aperture. */
	if (query->target != port->home)
		return P2P_FORWARD_DENY;
	if (!rcu_access_pointer(port->window)) {
		why->reason = p2p_vlink_no_aperture_reason;
		return P2P_FORWARD_DENY;
	}
	return P2P_FORWARD_ALLOW;
}

static int p2p_vlink_translate(const struct p2p_link *link,
			       const struct p2p_node *toward,
			       struct p2p_addr *addr)
{
	const struct p2p_vlink_port *port = p2p_node_priv(toward);
	const struct p2p_vlink_window *window;

	/* Fabric links carry fabric addresses unchanged. */
	if (p2p_node_bus(toward)->ops != &p2p_vlink_ops || link != port->attach)
		return 0;
	/* Called under the graph lock: a read-side critical section. */
	window = rcu_dereference_check(port->window, rcu_read_lock_any_held());
	if (!window)
		return -ERANGE;
	return p2p_addr_rebase(addr, window->aperture.home_base,
			       window->aperture.size, P2P_ADDR_LINK,
			       port->fabric->fabric_id,
			       window->aperture.fabric_base);
}

const struct p2p_bus_ops p2p_vlink_ops = {
	.forward = p2p_vlink_forward,
	.translate = p2p_vlink_translate,
};

/* After the last node or link of the fabric: someone may hold one late. */
static void p2p_vlink_fabric_release(struct p2p_bus *bus)
{
	kfree(container_of(bus, struct p2p_vlink_fabric, bus));
	if (atomic_dec_and_test(&p2p_vlink_nr_fabrics))
		wake_up_var(&p2p_vlink_nr_fabrics);
}

/**
 * p2p_vlink_fabric_add() - declare a fabric
 * @name: its name, as the bus name in the topology (copied)
 * @fabric_id: the id that tags the fabric's addresses; unique
 *
 * Context: process context.
 * Return: the fabric, or an ERR_PTR(): -EINVAL for a missing name,
 * -EEXIST when @fabric_id is taken, -ENOMEM.
 */
struct p2p_vlink_fabric *p2p_vlink_fabric_add(const char *name, u32 fabric_id)
{
	struct p2p_vlink_fabric *fabric, *other;
	int ret;

	if (!name || !*name)
		return ERR_PTR(-EINVAL);
	fabric = kzalloc(sizeof(*fabric), GFP_KERNEL);
	if (!fabric)
		return ERR_PTR(-ENOMEM);
	strscpy(fabric->name, name, sizeof(fabric->name));
	fabric->fabric_id = fabric_id;
	fabric->bus.name = fabric->name;
	fabric->bus.ops = &p2p_vlink_ops;
	fabric->bus.flags = P2P_BUS_PRIVATE_INTERCONNECT;
	fabric->bus.release = p2p_vlink_fabric_release;
	INIT_LIST_HEAD(&fabric->ports);
	INIT_LIST_HEAD(&fabric->conns);

	mutex_lock(&p2p_vlink_lock);
	list_for_each_entry(other, &p2p_vlink_fabrics, entry) {
		if (other->fabric_id == fabric_id) {
			ret = -EEXIST;
			goto err;
		}
	}
	ret = p2p_bus_register(&fabric->bus);
	if (ret)
		goto err;
	atomic_inc(&p2p_vlink_nr_fabrics);
	list_add_tail(&fabric->entry, &p2p_vlink_fabrics);
	mutex_unlock(&p2p_vlink_lock);
	return fabric;

err:
	mutex_unlock(&p2p_vlink_lock);
	kfree(fabric);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_fabric_add, P2P_TOPOLOGY);

static void p2p_vlink_conn_free(struct p2p_vlink_conn *conn)
{
	list_del(&conn->entry);
	p2p_link_remove(conn->link);
	kfree(conn);
}

static void p2p_vlink_port_free(struct p2p_vlink_port *port)
{
	struct p2p_vlink_conn *conn, *tmp;

	lockdep_assert_held(&p2p_vlink_lock);
	list_for_each_entry_safe(conn, tmp, &port->fabric->conns, entry)
		if (conn->a == port || conn->b == port)
			p2p_vlink_conn_free(conn);
	list_del_init(&port->entry);
	p2p_link_remove(port->attach);
	p2p_node_remove(port->node);
	p2p_node_put(port->home);
	kfree_rcu(rcu_dereference_protected(port->window, true), rcu);
	kfree(port);
}

/**
 * p2p_vlink_fabric_remove() - take a fabric and all it holds away
 * @fabric: the fabric, or an ERR_PTR() or NULL
 *
 * The caller must not use @fabric any more. Its memory, which holds the
 * bus of its nodes, lives on until the last node and link of the fabric
 * is freed, so that whoever still holds one (from p2p_node_find(), or a
 * provider on a port) may still ask for p2p_node_bus().
 *
 * Context: process context.
 */
void p2p_vlink_fabric_remove(struct p2p_vlink_fabric *fabric)
{
	struct p2p_vlink_port *port, *tmp;

	if (IS_ERR_OR_NULL(fabric))
		return;
	mutex_lock(&p2p_vlink_lock);
	list_for_each_entry_safe_reverse(port, tmp, &fabric->ports, entry)
		p2p_vlink_port_free(port);
	list_del(&fabric->entry);
	mutex_unlock(&p2p_vlink_lock);
	/* Frees the fabric through its release, now or later. */
	p2p_bus_unregister(&fabric->bus);
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_fabric_remove, P2P_TOPOLOGY);

/*
 * The node of a device on the bus that enumerates it (its PCIe function),
 * found by the device or else by its firmware node; never a fabric port,
 * so that a device on several fabrics attaches each port to the same home.
 */
static struct p2p_node *p2p_vlink_home_of(struct device *dev,
					  struct fwnode_handle *fwnode)
{
	struct p2p_node *node, *home;

	node = dev ? p2p_node_find(dev, NULL) : p2p_node_find_fwnode(fwnode, NULL);
	if (!node || p2p_node_bus(node)->ops != &p2p_vlink_ops)
		return node;
	home = ((struct p2p_vlink_port *)p2p_node_priv(node))->home;
	p2p_node_put(node);
	return home ? p2p_node_get(home) : NULL;
}

static bool p2p_vlink_has_device(const struct p2p_vlink_fabric *fabric,
				 const struct device *dev)
{
	const struct p2p_vlink_port *port;
	struct device *port_dev;
	bool same;

	lockdep_assert_held(&p2p_vlink_lock);
	list_for_each_entry(port, &fabric->ports, entry) {
		if (port->is_switch)
			continue;
		port_dev = p2p_node_device(port->node);
		same = port_dev == dev;
		put_device(port_dev);
		if (same)
			return true;
	}
	return false;
}

/**
 * p2p_vlink_attach() - link a port to its device's node on its own bus
 * @port: a device port with a home node
 *
 * Where a port is attached, when it is declared and when it follows its
 * device back onto its bus; KUnit suites stub it to make attaching fail.
 *
 * Context: p2p_vlink_lock is held.
 * Return: the attach link, or an ERR_PTR() from p2p_link_add().
 */
struct p2p_link *p2p_vlink_attach(struct p2p_vlink_port *port)
{
	KUNIT_STATIC_STUB_REDIRECT(p2p_vlink_attach, port);

	lockdep_assert_held(&p2p_vlink_lock);
	return p2p_link_add(&port->fabric->bus, port->home, port->node,
			    &p2p_vlink_attach_attr, port);
}

static struct p2p_vlink_port *
p2p_vlink_port_add_locked(struct p2p_vlink_fabric *fabric,
			  enum p2p_node_type type, struct device *dev,
			  struct fwnode_handle *fwnode, const char *name,
			  unsigned int flags)
{
	struct device *home_dev = NULL;
	struct p2p_vlink_port *port;
	char *label = NULL;
	int ret;

	lockdep_assert_held(&p2p_vlink_lock);
	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return ERR_PTR(-ENOMEM);
	port->fabric = fabric;
	port->flags = flags;
	port->is_switch = type == P2P_NODE_SWITCH;
	port->fwnode = fwnode;

	/* The device's node on its own bus, looked up before ours exists. */
	if (type != P2P_NODE_SWITCH)
		port->home = p2p_vlink_home_of(dev, fwnode);
	/* Known by its firmware node: the device of its home, referenced. */
	if (!dev && port->home) {
		home_dev = p2p_node_device(port->home);
		dev = home_dev;
	}
	if (dev && p2p_vlink_has_device(fabric, dev)) {
		ret = -EEXIST;
		goto err;
	}
	/* "fabric:device", so that a port reads apart from its home node. */
	if (!name)
		label = dev ? kasprintf(GFP_KERNEL, "%s:%s", fabric->name,
					dev_name(dev)) :
			      kasprintf(GFP_KERNEL, "%s:%pfwP", fabric->name,
					fwnode);
	port->node = p2p_node_add(&fabric->bus, type, dev, fwnode,
				  name ?: label, port);
	kfree(label);
	if (IS_ERR(port->node)) {
		ret = PTR_ERR(port->node);
		goto err;
	}
	if (port->home) {
		port->attach = p2p_vlink_attach(port);
		if (IS_ERR(port->attach)) {
			ret = PTR_ERR(port->attach);
			p2p_node_remove(port->node);
			goto err;
		}
	}
	list_add_tail(&port->entry, &fabric->ports);
	put_device(home_dev);
	return port;

err:
	put_device(home_dev);
	p2p_node_put(port->home);
	kfree(port);
	return ERR_PTR(ret);
}

static struct p2p_vlink_port *
p2p_vlink_port_add(struct p2p_vlink_fabric *fabric, enum p2p_node_type type,
		   struct device *dev, struct fwnode_handle *fwnode,
		   const char *name, unsigned int flags)
{
	struct p2p_vlink_port *port;

	if (IS_ERR_OR_NULL(fabric) || flags & ~P2P_VLINK_RELAY)
		return ERR_PTR(-EINVAL);
	mutex_lock(&p2p_vlink_lock);
	port = p2p_vlink_port_add_locked(fabric, type, dev, fwnode, name, flags);
	mutex_unlock(&p2p_vlink_lock);
	return port;
}

/**
 * p2p_vlink_device_add() - declare a device's link port on a fabric
 * @fabric: the fabric
 * @dev: the device, or NULL for a device known only by its firmware node
 * @fwnode: its firmware node, or NULL when @dev is given
 * @flags: %P2P_VLINK_RELAY when the device forwards fabric traffic between
 *	its links (a GPU in a ring that routes for its neighbours)
 *
 * When the device already has a node on another bus (its PCIe function),
 * found by @dev or else by @fwnode, the port is attached to it, so that
 * routes may mix buses and reach the memory the device exposes there.
 * Otherwise the port is the device's only node: a device that no backend
 * enumerates (a platform device on an SoC bus) is then found by its
 * firmware node when it asks for routes.
 *
 * Context: process context.
 * Return: the port, or an ERR_PTR(): -EINVAL, -EEXIST when the device has
 * a port on @fabric already, -ENOMEM, or an error of p2p_node_add() or
 * p2p_link_add().
 */
struct p2p_vlink_port *p2p_vlink_device_add(struct p2p_vlink_fabric *fabric,
					    struct device *dev,
					    struct fwnode_handle *fwnode,
					    unsigned int flags)
{
	if (!dev && !fwnode)
		return ERR_PTR(-EINVAL);
	return p2p_vlink_port_add(fabric, P2P_NODE_ENDPOINT, dev, fwnode, NULL,
				  flags);
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_device_add, P2P_TOPOLOGY);

/**
 * p2p_vlink_switch_add() - declare a fabric switch (an NVSwitch-like hub)
 * @fabric: the fabric
 * @name: its name in the topology
 * @fwnode: its firmware node, or NULL
 *
 * A switch forwards traffic between any two of its links.
 *
 * Context: process context.
 * Return: the port standing for the switch, or an ERR_PTR().
 */
struct p2p_vlink_port *p2p_vlink_switch_add(struct p2p_vlink_fabric *fabric,
					    const char *name,
					    struct fwnode_handle *fwnode)
{
	if (!name && !fwnode)
		return ERR_PTR(-EINVAL);
	return p2p_vlink_port_add(fabric, P2P_NODE_SWITCH, NULL, fwnode, name, 0);
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_switch_add, P2P_TOPOLOGY);

/**
 * p2p_vlink_port_remove() - take a port and its connections away
 * @port: the port, or an ERR_PTR() or NULL
 *
 * Context: process context.
 */
void p2p_vlink_port_remove(struct p2p_vlink_port *port)
{
	if (IS_ERR_OR_NULL(port))
		return;
	mutex_lock(&p2p_vlink_lock);
	p2p_vlink_port_free(port);
	mutex_unlock(&p2p_vlink_lock);
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_port_remove, P2P_TOPOLOGY);

static int p2p_vlink_aperture_check(const struct p2p_vlink_aperture *aperture)
{
	u64 last;

	if (!aperture->size)
		return -EINVAL;
	if (check_add_overflow(aperture->home_base, aperture->size - 1, &last) ||
	    check_add_overflow(aperture->fabric_base, aperture->size - 1, &last))
		return -ERANGE;
	return 0;
}

/* Publish a new window whole; searches see the old one or the new one. */
static int p2p_vlink_aperture_set_locked(struct p2p_vlink_port *port,
					 const struct p2p_vlink_aperture *aperture)
{
	struct p2p_vlink_window *window, *old;
	int ret;

	lockdep_assert_held(&p2p_vlink_lock);
	ret = p2p_vlink_aperture_check(aperture);
	if (ret)
		return ret;
	window = kmalloc(sizeof(*window), GFP_KERNEL);
	if (!window)
		return -ENOMEM;
	window->aperture = *aperture;
	old = rcu_replace_pointer(port->window, window,
				  lockdep_is_held(&p2p_vlink_lock));
	/* Cached routes may have been refused for the lack of one. */
	p2p_bus_rules_changed(&port->fabric->bus);
	kfree_rcu(old, rcu);
	return 0;
}

/**
 * p2p_vlink_fw_aperture_set() - the aperture firmware describes for a port
 * @port: a device port on a firmware fabric
 * @aperture: the window; copied
 *
 * Applied now if the device is on its bus, and whenever it comes back.
 *
 * Return: as p2p_vlink_aperture_set(), but 0 while the device is absent.
 */
int p2p_vlink_fw_aperture_set(struct p2p_vlink_port *port,
			      const struct p2p_vlink_aperture *aperture)
{
	int ret;

	ret = p2p_vlink_aperture_check(aperture);
	if (ret)
		return ret;
	mutex_lock(&p2p_vlink_lock);
	port->fw_aperture = *aperture;
	if (port->attach)
		ret = p2p_vlink_aperture_set_locked(port, aperture);
	mutex_unlock(&p2p_vlink_lock);
	return ret;
}

/**
 * p2p_vlink_aperture_set() - say how peers address a device's memory
 * @port: the device's port, attached to its home node
 * @aperture: the window; copied
 *
 * Context: process context.
 * Return: 0, -EINVAL for a switch, a port without a home node or an empty
 * window, -ERANGE for a window that wraps around on either side, -ENOMEM.
 */
int p2p_vlink_aperture_set(struct p2p_vlink_port *port,
			   const struct p2p_vlink_aperture *aperture)
{
	int ret;

	if (IS_ERR_OR_NULL(port) || !aperture || port->is_switch ||
	    !port->attach)
		return -EINVAL;
	mutex_lock(&p2p_vlink_lock);
	ret = p2p_vlink_aperture_set_locked(port, aperture);
	mutex_unlock(&p2p_vlink_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_aperture_set, P2P_TOPOLOGY);

static int p2p_vlink_attr_to_link(const struct p2p_vlink_attr *attr,
				  struct p2p_link_attr *out)
{
	u32 bandwidth;

	if (!attr || !attr->nr_links || !attr->dirs ||
	    attr->dirs & ~P2P_DIR_BOTH)
		return -EINVAL;
	if (check_mul_overflow(attr->bandwidth_MBps, attr->nr_links, &bandwidth) ||
	    attr->nr_links > U8_MAX)
		return -ERANGE;
	*out = (struct p2p_link_attr) {
		.bandwidth_MBps = bandwidth,
		.latency_ns = attr->latency_ns,
		.cost = 1,
		.dirs = attr->dirs,
		.link_count = attr->nr_links,
	};
	return 0;
}

/**
 * p2p_vlink_connect() - connect two ports of one fabric
 * @a: a port
 * @b: another port of the same fabric
 * @attr: the connection's attributes
 *
 * Each connection costs one hop, so a route over the fabric between two
 * devices (one link, or two through a switch) beats a PCIe route through
 * a switch (four hops).
 *
 * Context: process context.
 * Return: the link (give it to p2p_vlink_set_down() or
 * p2p_vlink_disconnect(); it is valid until then, or until either port or
 * the fabric is removed), or an ERR_PTR(): -EINVAL for ports of different
 * fabrics, a port connected to itself or bad attributes, -ERANGE when the
 * bandwidth overflows or more than 255 links are bonded, -EEXIST when the
 * two are already connected.
 */
struct p2p_link *p2p_vlink_connect(struct p2p_vlink_port *a,
				   struct p2p_vlink_port *b,
				   const struct p2p_vlink_attr *attr)
{
	struct p2p_link_attr link_attr;
	struct p2p_vlink_conn *conn;
	int ret;

	if (IS_ERR_OR_NULL(a) || IS_ERR_OR_NULL(b) || a == b ||
	    a->fabric != b->fabric)
		return ERR_PTR(-EINVAL);
	ret = p2p_vlink_attr_to_link(attr, &link_attr);
	if (ret)
		return ERR_PTR(ret);
	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return ERR_PTR(-ENOMEM);
	conn->a = a;
	conn->b = b;
	conn->attr = link_attr;

	mutex_lock(&p2p_vlink_lock);
	if (p2p_vlink_find_conn(a, b)) {
		ret = -EEXIST;
		goto err;
	}
	conn->link = p2p_link_add(&a->fabric->bus, a->node, b->node, &link_attr,
				  conn);
	if (IS_ERR(conn->link)) {
		ret = PTR_ERR(conn->link);
		goto err;
	}
	list_add_tail(&conn->entry, &a->fabric->conns);
	mutex_unlock(&p2p_vlink_lock);
	return conn->link;

err:
	mutex_unlock(&p2p_vlink_lock);
	kfree(conn);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_connect, P2P_TOPOLOGY);

/**
 * p2p_vlink_find_conn() - the connection between two ports
 * @a: a port
 * @b: another
 *
 * Context: p2p_vlink_lock is held.
 * Return: the connection, or NULL.
 */
struct p2p_vlink_conn *p2p_vlink_find_conn(const struct p2p_vlink_port *a,
					   const struct p2p_vlink_port *b)
{
	struct p2p_vlink_conn *conn;

	lockdep_assert_held(&p2p_vlink_lock);
	list_for_each_entry(conn, &a->fabric->conns, entry)
		if ((conn->a == a && conn->b == b) ||
		    (conn->a == b && conn->b == a))
			return conn;
	return NULL;
}

/**
 * p2p_vlink_set_down() - mark a connection down or up again
 * @link: a link returned by p2p_vlink_connect()
 * @down: whether it carries no traffic
 *
 * Routes over it are recomputed at their next query.
 *
 * Context: process context.
 * Return: 0, -EINVAL, or an error of p2p_link_set_attr().
 */
int p2p_vlink_set_down(struct p2p_link *link, bool down)
{
	struct p2p_vlink_conn *conn;
	int ret;

	if (IS_ERR_OR_NULL(link))
		return -EINVAL;
	conn = p2p_link_priv(link);
	mutex_lock(&p2p_vlink_lock);
	conn->attr.down = down;
	ret = p2p_link_set_attr(link, &conn->attr);
	mutex_unlock(&p2p_vlink_lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_set_down, P2P_TOPOLOGY);

/**
 * p2p_vlink_disconnect() - remove a connection
 * @link: a link returned by p2p_vlink_connect(), or an ERR_PTR() or NULL
 *
 * Context: process context.
 */
void p2p_vlink_disconnect(struct p2p_link *link)
{
	if (IS_ERR_OR_NULL(link))
		return;
	mutex_lock(&p2p_vlink_lock);
	p2p_vlink_conn_free(p2p_link_priv(link));
	mutex_unlock(&p2p_vlink_lock);
}
EXPORT_SYMBOL_NS_GPL(p2p_vlink_disconnect, P2P_TOPOLOGY);

/* Move @old's connections over to @port, which stands for the same device. */
static void p2p_vlink_move_conns(struct p2p_vlink_port *old,
				 struct p2p_vlink_port *port)
{
	struct p2p_vlink_fabric *fabric = old->fabric;
	struct p2p_vlink_conn *conn;
	struct p2p_vlink_port *peer;
	struct p2p_link *link;

	list_for_each_entry(conn, &fabric->conns, entry) {
		if (conn->a != old && conn->b != old)
			continue;
		peer = conn->a == old ? conn->b : conn->a;
		link = p2p_link_add(&fabric->bus, port->node, peer->node,
				    &conn->attr, conn);
		if (IS_ERR(link)) {
			pr_warn("%pfwf: connection lost: %pe\n", old->fwnode,
				link);
			continue;
		}
		p2p_link_remove(conn->link);
		conn->link = link;
		if (conn->a == old)
			conn->a = port;
		else
			conn->b = port;
	}
}

/*
 * A firmware port hangs off the node its device has on its own bus, which
 * may appear after the description was read (a host controller probed
 * late, a function hot-added) and may go away and come back (hot-unplug,
 * rescan). When that node changes, the port is declared again, attached to
 * the new one or to none, and its connections and aperture move over. A
 * port that cannot follow stays where it is, as it was, until the next
 * change of the topology tries again; that is reported once.
 */
static void p2p_vlink_rebind_port(struct p2p_vlink_port *old)
{
	struct list_head *prev = old->entry.prev;
	struct p2p_vlink_port *port;
	struct p2p_node *home;
	bool moved;

	home = p2p_vlink_home_of(NULL, old->fwnode);
	/* old->home is referenced: an equal pointer is the same node. */
	moved = home != old->home;
	p2p_node_put(home);
	if (!moved)
		return;

	list_del_init(&old->entry);	/* not a duplicate of the new port */
	port = p2p_vlink_port_add_locked(old->fabric, P2P_NODE_ENDPOINT, NULL,
					 old->fwnode, NULL, old->flags);
	if (IS_ERR(port)) {
		list_add(&old->entry, prev);
		if (!old->follow_failed)
			pr_warn("%pfwf: cannot follow the device: %pe\n",
				old->fwnode, port);
		old->follow_failed = true;
		return;
	}
	port->fw_aperture = old->fw_aperture;
	p2p_vlink_move_conns(old, port);
	if (port->attach && port->fw_aperture.size &&
	    p2p_vlink_aperture_set_locked(port, &port->fw_aperture))
		pr_warn("%pfwf: aperture left out\n", port->fwnode);
	p2p_vlink_port_free(old);
}

/*
 * Visit every port present when the walk begins, once: a port that follows
 * its device is replaced by a new one at the tail, one that cannot stays
 * in place, and the walk ends with the port that was last.
 */
static void p2p_vlink_rebind_fabric(struct p2p_vlink_fabric *fabric)
{
	struct p2p_vlink_port *port, *tmp, *last;
	bool was_last;

	lockdep_assert_held(&p2p_vlink_lock);
	if (list_empty(&fabric->ports))
		return;
	last = list_last_entry(&fabric->ports, struct p2p_vlink_port, entry);
	list_for_each_entry_safe(port, tmp, &fabric->ports, entry) {
		was_last = port == last;
		if (!port->is_switch && port->fwnode)
			p2p_vlink_rebind_port(port);
		if (was_last)
			break;
	}
}

/**
 * p2p_vlink_rebind_fabrics() - let firmware ports follow their devices
 *
 * Run by p2p_vlink_rebind_work whenever a node of another bus comes or
 * goes. Each port of a firmware fabric is visited once; one that cannot
 * follow its device is left for the next run.
 *
 * Context: process context; takes p2p_vlink_lock.
 */
void p2p_vlink_rebind_fabrics(void)
{
	struct p2p_vlink_fabric *fabric;

	mutex_lock(&p2p_vlink_lock);
	list_for_each_entry(fabric, &p2p_vlink_fabrics, entry)
		if (fabric->from_firmware)
			p2p_vlink_rebind_fabric(fabric);
	mutex_unlock(&p2p_vlink_lock);
}

static void p2p_vlink_rebind(struct work_struct *work)
{
	p2p_vlink_rebind_fabrics();
}
DECLARE_WORK(p2p_vlink_rebind_work, p2p_vlink_rebind);

/* From a work item: notifiers must not re-enter the graph's notifier. */
static int p2p_vlink_topology_changed(struct notifier_block *nb,
				      unsigned long event, void *data)
{
	if ((event == P2P_EVENT_NODE_ADDED ||
	     event == P2P_EVENT_NODE_REMOVED) &&
	    p2p_node_bus(data)->ops != &p2p_vlink_ops)
		schedule_work(&p2p_vlink_rebind_work);
	return NOTIFY_DONE;
}

static struct notifier_block p2p_vlink_notifier = {
	.notifier_call = p2p_vlink_topology_changed,
};

/*
 * Built in: after the bus backends (module_init) have mirrored their
 * devices. As a module: whenever it is loaded; a device that comes later
 * is followed through the notifier.
 */
static int __init p2p_vlink_init(void)
{
	int ret = p2p_register_notifier(&p2p_vlink_notifier);

	if (ret)
		return ret;
	p2p_vlink_fw_scan();
	return 0;
}
late_initcall(p2p_vlink_init);

/*
 * Only firmware fabrics are left: a driver that declared one uses this
 * module and is unloaded first, its fabrics removed. Wait until every
 * fabric is released, since the release is this module's code; a fabric
 * node someone still holds delays the unload until it is given back.
 */
static void __exit p2p_vlink_exit(void)
{
	p2p_unregister_notifier(&p2p_vlink_notifier);
	cancel_work_sync(&p2p_vlink_rebind_work);
	p2p_vlink_fw_unscan();
	while (!wait_var_event_timeout(&p2p_vlink_nr_fabrics,
				       !atomic_read(&p2p_vlink_nr_fabrics),
				       10 * HZ))
		pr_warn("unloading: %d fabrics still held (a node reference or a provider on a port)\n",
			atomic_read(&p2p_vlink_nr_fabrics));
	/* A release run from an RCU callback must have returned too. */
	rcu_barrier();
}
module_exit(p2p_vlink_exit);

MODULE_DESCRIPTION("Proprietary device fabrics in the peer-to-peer DMA topology");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(P2P_TOPOLOGY);
