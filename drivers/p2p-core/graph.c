// SPDX-License-Identifier: GPL-2.0
/*
 * Building the topology graph: bus backends, nodes, links, providers and the
 * notifier that tells consumers the topology changed.
 *
 * Every change is made under p2p_graph.mutex, published under p2p_graph.lock
 * and bumps the generation, which invalidates every cached route at once.
 */
#define pr_fmt(fmt) "p2p-topology: " fmt

#include <kunit/visibility.h>
#include <linux/device.h>
#include <linux/fwnode.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/property.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>

#include "core.h"
#include "trace.h"

static void p2p_events_deliver(struct work_struct *work);

/* The one graph; the KUnit suites look inside. */
struct p2p_graph p2p_graph = {
	.mutex = __MUTEX_INITIALIZER(p2p_graph.mutex),
	.lock = __SPIN_LOCK_UNLOCKED(p2p_graph.lock),
	.generation = ATOMIC64_INIT(0),
	.nodes = XARRAY_INIT(p2p_graph.nodes, XA_FLAGS_ALLOC),
	.links = XARRAY_INIT(p2p_graph.links, XA_FLAGS_ALLOC),
	.provider_ids = XARRAY_INIT(p2p_graph.provider_ids, XA_FLAGS_ALLOC),
	.buses = LIST_HEAD_INIT(p2p_graph.buses),
	.providers = LIST_HEAD_INIT(p2p_graph.providers),
	.notifier = BLOCKING_NOTIFIER_INIT(p2p_graph.notifier),
	.events = LIST_HEAD_INIT(p2p_graph.events),
	.events_work = __WORK_INITIALIZER(p2p_graph.events_work,
					  p2p_events_deliver),
};
EXPORT_SYMBOL_IF_KUNIT(p2p_graph);

/*
 * Caller holds p2p_graph.lock: makes every cached route stale. @change and
 * @id (the object changed) are for the p2p_invalidate tracepoint.
 */
void p2p_graph_changed(enum p2p_change change, u32 id)
{
	lockdep_assert_held(&p2p_graph.lock);
	trace_p2p_invalidate(change, id,
			     atomic64_inc_return(&p2p_graph.generation));
}

bool p2p_node_is_host(const struct p2p_node *node)
{
	return node->type == P2P_NODE_HOST_BRIDGE || node->type == P2P_NODE_HOST;
}

unsigned long p2p_stat(enum p2p_stat stat)
{
	unsigned long sum = 0;
	int cpu;

	if (!p2p_graph.stats)
		return 0;
	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(p2p_graph.stats, cpu)->count[stat];
	return sum;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_stat);

static void p2p_link_unpublish(struct p2p_link *link);
static void p2p_node_unpublish(struct p2p_node *node);
static void p2p_link_release(struct kref *ref);

/* Take (@get) or drop the reference an event holds on what it is about. */
void p2p_event_ref(enum p2p_event event, void *data, bool get)
{
	struct p2p_provider *provider = data;
	struct p2p_link *link = data;

	switch (event) {
	case P2P_EVENT_NODE_ADDED:
	case P2P_EVENT_NODE_REMOVED:
		if (get)
			p2p_node_get(data);
		else
			p2p_node_put(data);
		break;
	case P2P_EVENT_LINK_ADDED:
	case P2P_EVENT_LINK_CHANGED:
	case P2P_EVENT_LINK_REMOVED:
		if (get)
			kref_get(&link->ref);
		else
			kref_put(&link->ref, p2p_link_release);
		break;
	case P2P_EVENT_PROVIDER_ADDED:
	case P2P_EVENT_PROVIDER_REMOVED:
		if (get)
			kref_get(&provider->ref);
		else
			p2p_provider_put(provider);
		break;
	}
}

/*
 * Queue @event about @data, referenced until its callbacks have run, and
 * let the work item deliver it. Called under the graph mutex, in the
 * critical section that made the change: the queue is in the order of the
 * changes.
 */
static void p2p_event_queue(struct p2p_pending_event *pending,
			    enum p2p_event event, void *data)
{
	lockdep_assert_held(&p2p_graph.mutex);
	pending->event = event;
	pending->data = data;
	p2p_event_ref(event, data, true);
	list_add_tail(&pending->entry, &p2p_graph.events);
	/* Before the core is initialised, p2p_topology_init() queues it. */
	if (p2p_graph.events_wq)
		queue_work(p2p_graph.events_wq, &p2p_graph.events_work);
}

static struct p2p_pending_event *p2p_event_next(void)
{
	struct p2p_pending_event *pending;

	mutex_lock(&p2p_graph.mutex);
	pending = list_first_entry_or_null(&p2p_graph.events,
					   struct p2p_pending_event, entry);
	if (pending)
		list_del(&pending->entry);
	mutex_unlock(&p2p_graph.mutex);
	return pending;
}

/*
 * The work item: tell the notifier about the queued changes, oldest
 * first, one at a time, holding no lock while the callbacks run. The
 * work item runs alone on an ordered workqueue; events that callbacks
 * cause are queued behind the others and delivered by the same loop.
 */
static void p2p_events_deliver(struct work_struct *work)
{
	struct p2p_pending_event *pending;
	enum p2p_event event;
	bool allocated;
	void *data;

	while ((pending = p2p_event_next())) {
		event = pending->event;
		data = pending->data;
		allocated = pending->allocated;
		blocking_notifier_call_chain(&p2p_graph.notifier, event, data);
		/* An entry inside @data may go with its last reference. */
		if (allocated)
			kfree(pending);
		p2p_event_ref(event, data, false);
		cond_resched();
	}
}

static bool p2p_bus_registered(const struct p2p_bus *bus)
{
	const struct p2p_bus *b;

	lockdep_assert_held(&p2p_graph.mutex);
	list_for_each_entry(b, &p2p_graph.buses, list)
		if (b == bus)
			return true;
	return false;
}

/*
 * A bus is referenced by its registration and by each of its nodes and
 * links until they are freed: whoever holds a node may follow node->bus.
 */
static void p2p_bus_get(struct p2p_bus *bus)
{
	refcount_inc(&bus->ref);
}

static void p2p_bus_put(struct p2p_bus *bus)
{
	/* Read first: without a release the owner frees @bus once it is 0. */
	void (*release)(struct p2p_bus *bus) = bus->release;

	if (!refcount_dec_and_test(&bus->ref))
		return;
	if (release) {
		release(bus);
	} else {
		/* Order the 0 before p2p_bus_unregister()'s waiter is woken. */
		smp_mb();
		wake_up_var(&bus->ref);
	}
}

/**
 * __p2p_bus_register() - register a bus backend
 * @bus: the backend, with @bus->name and @bus->ops set; zero-initialised
 *	the first time
 * @owner: the module registering it; p2p_bus_register(@bus) passes
 *	THIS_MODULE
 *
 * Registration holds a reference to @bus, and so does every node and link
 * added to it until that node or link is freed (see p2p_node_add()):
 * @bus outlives every pointer to it that the graph hands out, including
 * p2p_node_bus() of a node someone holds after the backend went away.
 *
 * Context: process context; takes the graph mutex.
 * Return: 0, -EINVAL for a missing name or ops, -EEXIST when @bus or
 * another backend of the same name is registered, -EBUSY when nodes or
 * links of an earlier registration of @bus are still referenced.
 */
int __p2p_bus_register(struct p2p_bus *bus, struct module *owner)
{
	struct p2p_bus *b;
	int ret = 0;

	if (!bus || !bus->name || !bus->ops)
		return -EINVAL;

	mutex_lock(&p2p_graph.mutex);
	list_for_each_entry(b, &p2p_graph.buses, list) {
		if (b == bus || !strcmp(b->name, bus->name)) {
			ret = -EEXIST;
			goto out;
		}
	}
	if (refcount_read(&bus->ref)) {
		ret = -EBUSY;
		goto out;
	}
	bus->owner = owner;
	bus->nr_objects = 0;
	refcount_set(&bus->ref, 1);	/* the registration's */
	list_add_tail(&bus->list, &p2p_graph.buses);
out:
	mutex_unlock(&p2p_graph.mutex);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(__p2p_bus_register, P2P_TOPOLOGY);

/* Until nobody holds a node or link of @bus: its owner frees it next. */
static void p2p_bus_wait_unused(struct p2p_bus *bus)
{
	while (!wait_var_event_timeout(&bus->ref, !refcount_read(&bus->ref),
				       10 * HZ))
		pr_warn("bus %s unregistered: waiting for %u references to its nodes and links\n",
			bus->name, refcount_read(&bus->ref));
}

/**
 * p2p_bus_unregister() - unregister a bus backend
 * @bus: a registered backend
 *
 * A backend removes its links, nodes and providers before unregistering,
 * in the reverse order of adding them. Whatever it left behind is removed
 * here, with a warning naming the backend and a removal event each, so
 * that no query can reach a backend that is gone. Providers left on
 * removed nodes stay allocated until their owner removes them, but no
 * route reaches them any more.
 *
 * Nodes and links of @bus may still be referenced (a provider's node, a
 * node from p2p_node_find(), a link of another bus that ends at one, a
 * handle the backend has not given back); each pins @bus until it is
 * freed. With @bus->release set, this does not wait for them:
 * @bus->release frees @bus after the last of them. Without, this waits
 * for the last of them (warning every 10 seconds), so that the caller may
 * free @bus on return; the caller must not hold one itself. Events not
 * yet delivered hold the nodes and links they name (see
 * p2p_register_notifier()): without @bus->release, this also waits for
 * their callbacks, and so must not be called from one, nor with a lock
 * held that a notifier callback may take. A backend that cannot promise
 * that sets @bus->release.
 *
 * Context: process context; takes the graph mutex; may sleep until the
 * nodes and links of @bus are freed.
 */
void p2p_bus_unregister(struct p2p_bus *bus)
{
	struct p2p_link *link;
	bool owner_frees;
	struct p2p_node *node;
	unsigned long id;

	if (!bus)
		return;
	might_sleep();

	mutex_lock(&p2p_graph.mutex);
	if (!p2p_bus_registered(bus)) {
		mutex_unlock(&p2p_graph.mutex);
		WARN(1, "p2p-topology: unregistering unknown bus %s\n", bus->name);
		return;
	}
	if (bus->nr_objects)
		pr_warn("bus %s unregistered with %u nodes and links left; removing them\n",
			bus->name, bus->nr_objects);

	/* Links first: they may join this bus's nodes to other buses'. */
	xa_for_each(&p2p_graph.links, id, link)
		if (link->bus == bus)
			p2p_link_unpublish(link);
	xa_for_each(&p2p_graph.nodes, id, node)
		if (node->bus == bus)
			p2p_node_unpublish(node);
	list_del(&bus->list);
	/* The backend's removal made them stale: none may name its objects. */
	p2p_cache_prune();
	mutex_unlock(&p2p_graph.mutex);

	/* Lock-free readers may still be inside the backend's ops. */
	synchronize_rcu();
	owner_frees = !bus->release;
	p2p_bus_put(bus);		/* with a release, @bus may be gone */
	if (owner_frees)
		p2p_bus_wait_unused(bus);
}
EXPORT_SYMBOL_NS_GPL(p2p_bus_unregister, P2P_TOPOLOGY);

/**
 * p2p_bus_rules_changed() - tell the core a backend's rules changed
 * @bus: the backend
 *
 * Call after anything forward() or translate() read changed outside the
 * graph, so that routes computed under the old rules are not answered from
 * the cache again. The vendor-link backend calls it when a device's
 * aperture is set. A backend that is not told of such changes cannot call
 * it: the PCIe backend reads ACS controls during each search, but answers
 * cached before a control is written at run time (with setpci) stay until
 * the graph next changes.
 *
 * Context: process context; takes the graph mutex.
 */
void p2p_bus_rules_changed(struct p2p_bus *bus)
{
	unsigned long flags;

	mutex_lock(&p2p_graph.mutex);
	spin_lock_irqsave(&p2p_graph.lock, flags);
	p2p_graph_changed(P2P_CHANGE_RULES, 0);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	mutex_unlock(&p2p_graph.mutex);
}
EXPORT_SYMBOL_NS_GPL(p2p_bus_rules_changed, P2P_TOPOLOGY);

static void p2p_node_free_rcu(struct rcu_head *rcu)
{
	struct p2p_node *node = container_of(rcu, struct p2p_node, rcu);
	struct p2p_bus *bus = node->bus;

	kfree(node);
	p2p_bus_put(bus);
}

static void p2p_node_release(struct kref *ref)
{
	struct p2p_node *node = container_of(ref, struct p2p_node, ref);

	call_rcu(&node->rcu, p2p_node_free_rcu);
}

/**
 * p2p_node_get() - take a reference to a node
 * @node: the node, or NULL
 *
 * Context: any context.
 * Return: @node.
 */
struct p2p_node *p2p_node_get(struct p2p_node *node)
{
	if (node)
		kref_get(&node->ref);
	return node;
}
EXPORT_SYMBOL_NS_GPL(p2p_node_get, P2P_TOPOLOGY);

/**
 * p2p_node_put() - drop a reference taken with p2p_node_get()
 * @node: the node, or NULL
 *
 * The memory is freed after an RCU grace period once the last reference
 * is gone.
 *
 * Context: any context.
 */
void p2p_node_put(struct p2p_node *node)
{
	if (node)
		kref_put(&node->ref, p2p_node_release);
}
EXPORT_SYMBOL_NS_GPL(p2p_node_put, P2P_TOPOLOGY);

/*
 * The first node hashed under @key that stands for @dev (or, without a
 * device, is bound to @fwnode) on @bus, referenced.
 */
static struct p2p_node *p2p_node_lookup(unsigned long key,
					const struct p2p_bus *bus,
					const struct device *dev,
					const struct fwnode_handle *fwnode)
{
	struct p2p_node *node;

	lockdep_assert_held(&p2p_graph.lock);
	hash_for_each_possible(p2p_graph.dev_nodes, node, dev_entry, key)
		if ((!bus || node->bus == bus) &&
		    (dev ? p2p_node_is_for(node, dev, fwnode) :
			   node->fwnode == fwnode))
			return p2p_node_get(node);
	return NULL;
}

/**
 * p2p_node_find() - a device's node on a bus
 * @dev: the device
 * @bus: the bus the node belongs to, or NULL for a node of the device on
 *	any bus
 *
 * How a backend finds the node another backend made for the same device,
 * e.g. a GPU link backend the GPU's PCIe function, to attach its fabric
 * port to it. A device that no backend enumerates is found by its
 * firmware node when firmware described it (see p2p_node_find_fwnode()).
 *
 * Context: any context.
 * Return: the node with a reference (drop it with p2p_node_put()), or NULL.
 */
struct p2p_node *p2p_node_find(struct device *dev, const struct p2p_bus *bus)
{
	struct fwnode_handle *fwnode;
	struct p2p_node *found;
	unsigned long flags;

	if (!dev)
		return NULL;
	fwnode = dev_fwnode(dev);
	spin_lock_irqsave(&p2p_graph.lock, flags);
	found = p2p_node_lookup((unsigned long)dev, bus, dev, fwnode);
	if (!found && fwnode)
		found = p2p_node_lookup((unsigned long)fwnode, bus, dev, fwnode);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	return found;
}
EXPORT_SYMBOL_NS_GPL(p2p_node_find, P2P_TOPOLOGY);

/**
 * p2p_node_find_fwnode() - the node bound to a firmware node
 * @fwnode: the firmware node
 * @bus: the bus the node belongs to, or NULL for the device's own bus:
 *	any bus but a private interconnect
 *
 * How firmware descriptions find the device a backend already mirrored:
 * the PCIe backend binds each function's node to its ACPI companion or
 * device-tree node.
 *
 * Context: process context; takes the graph mutex.
 * Return: the node with a reference (drop it with p2p_node_put()), or NULL.
 */
struct p2p_node *p2p_node_find_fwnode(struct fwnode_handle *fwnode,
				      const struct p2p_bus *bus)
{
	struct p2p_node *node, *found = NULL;
	unsigned long id;

	if (!fwnode)
		return NULL;
	mutex_lock(&p2p_graph.mutex);
	xa_for_each(&p2p_graph.nodes, id, node) {
		if (node->fwnode == fwnode &&
		    (bus ? node->bus == bus :
		     !(node->bus->flags & P2P_BUS_PRIVATE_INTERCONNECT))) {
			found = p2p_node_get(node);
			break;
		}
	}
	mutex_unlock(&p2p_graph.mutex);
	return found;
}
EXPORT_SYMBOL_NS_GPL(p2p_node_find_fwnode, P2P_TOPOLOGY);

static bool p2p_node_type_valid(enum p2p_node_type type)
{
	switch (type) {
	case P2P_NODE_ENDPOINT:
	case P2P_NODE_PORT:
	case P2P_NODE_SWITCH:
	case P2P_NODE_HOST_BRIDGE:
	case P2P_NODE_HOST:
		return true;
	}
	return false;
}

/**
 * p2p_node_add() - add a node to the topology
 * @bus: the registered backend the node belongs to
 * @type: the node's role
 * @dev: the device the node stands for, or NULL; queries about @dev start
 *	or end at this node
 * @fwnode: the firmware node that describes it, or NULL
 * @name: name for messages; NULL to use @dev's name, else @fwnode's, else
 *	"node<id>"
 * @priv: backend data, returned by p2p_node_priv()
 *
 * The node holds references to @dev and @fwnode until it is removed, and
 * one to @bus until it is freed: a node reference (this one, or one from
 * p2p_node_get() or p2p_node_find()) keeps p2p_node_bus() and the name
 * valid after the node was removed and its backend unregistered.
 *
 * Context: process context; takes the graph mutex.
 * Return: the node, whose reference the caller gives back with
 * p2p_node_remove(), or an ERR_PTR(): -EINVAL for a bad argument or an
 * unregistered bus, -ENOMEM.
 */
struct p2p_node *p2p_node_add(struct p2p_bus *bus, enum p2p_node_type type,
			      struct device *dev, struct fwnode_handle *fwnode,
			      const char *name, void *priv)
{
	struct p2p_node *node;
	unsigned long flags;
	size_t name_size;
	u32 id;
	int ret;

	if (!bus || !p2p_node_type_valid(type))
		return ERR_PTR(-EINVAL);
	if (!name && dev)
		name = dev_name(dev);
	if (!name && fwnode)
		name = fwnode_get_name(fwnode);

	/* Room for the name, or for "node<id>" when there is none. */
	name_size = name ? strlen(name) + 1 : 16;
	node = kzalloc(struct_size(node, name, name_size), GFP_KERNEL);
	if (!node)
		return ERR_PTR(-ENOMEM);
	node->type = type;
	node->bus = bus;
	node->priv = priv;
	kref_init(&node->ref);
	INIT_LIST_HEAD(&node->link_ends);
	INIT_HLIST_NODE(&node->dev_entry);
	if (name)
		strscpy(node->name, name, name_size);

	mutex_lock(&p2p_graph.mutex);
	if (!p2p_bus_registered(bus)) {
		ret = -EINVAL;
		goto err_unlock;
	}
	ret = xa_alloc(&p2p_graph.nodes, &id, NULL, xa_limit_31b, GFP_KERNEL);
	if (ret)
		goto err_unlock;
	node->id = id;
	if (!name)
		snprintf(node->name, name_size, "node%u", id);
	node->dev = get_device(dev);
	node->fwnode = fwnode_handle_get(fwnode);
	p2p_bus_get(bus);		/* until the node is freed */
	bus->nr_objects++;
	p2p_node_get(node);		/* the graph's, until unpublished */
	xa_store(&p2p_graph.nodes, id, node, GFP_KERNEL);

	spin_lock_irqsave(&p2p_graph.lock, flags);
	if (dev || fwnode)
		hash_add_rcu(p2p_graph.dev_nodes, &node->dev_entry,
			     p2p_node_key(node));
	p2p_graph_changed(P2P_CHANGE_NODE_ADD, node->id);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	p2p_event_queue(&node->added_event, P2P_EVENT_NODE_ADDED, node);
	mutex_unlock(&p2p_graph.mutex);
	return node;

err_unlock:
	mutex_unlock(&p2p_graph.mutex);
	kfree(node);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(p2p_node_add, P2P_TOPOLOGY);

static int p2p_link_attr_check(const struct p2p_link_attr *attr)
{
	if (!attr || !attr->dirs || attr->dirs & ~P2P_DIR_BOTH)
		return -EINVAL;
	return 0;
}

/*
 * A link of one module's bus that ends at another module's node pins that
 * module: its exit waits for every reference to its nodes (see
 * p2p_bus_unregister()), and this link's is only dropped when the link's
 * own backend removes it. Unloading is refused instead (in use: -EAGAIN).
 */
static bool p2p_link_pin_owner(struct p2p_link *link, struct p2p_node *node)
{
	struct module *owner = node->bus->owner;

	return owner == link->bus->owner || try_module_get(owner);
}

static void p2p_link_unpin_owner(struct p2p_link *link, struct p2p_node *node)
{
	if (node->bus->owner != link->bus->owner)
		module_put(node->bus->owner);
}

/**
 * p2p_link_add() - join two nodes with a link
 * @bus: the registered backend the link belongs to; its translate() op
 *	rewrites addresses that cross the link
 * @a: one end
 * @b: the other end
 * @attr: the link's attributes; @attr->dirs must not be empty
 * @priv: backend data, returned by p2p_link_priv()
 *
 * The nodes may belong to different buses: this is how routes cross from
 * one interconnect to another. A node of a bus another module registered
 * holds that module loaded until the link is freed (&p2p_bus.owner).
 *
 * Context: process context; takes the graph mutex.
 * Return: the link, whose reference the caller gives back with
 * p2p_link_remove() (also after either node was removed), or an ERR_PTR():
 * -EINVAL for a bad argument or a link from a node to itself, -ENODEV when
 * a node was removed or its module is being unloaded, -EEXIST when @bus
 * already links @a and @b, -ENOMEM.
 */
struct p2p_link *p2p_link_add(struct p2p_bus *bus, struct p2p_node *a,
			      struct p2p_node *b,
			      const struct p2p_link_attr *attr, void *priv)
{
	struct p2p_link_end *end;
	struct p2p_link *link;
	unsigned long flags;
	u32 id;
	int ret;

	if (!bus || !a || !b || a == b)
		return ERR_PTR(-EINVAL);
	ret = p2p_link_attr_check(attr);
	if (ret)
		return ERR_PTR(ret);

	link = kzalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return ERR_PTR(-ENOMEM);
	link->bus = bus;
	link->attr = *attr;
	link->priv = priv;

	mutex_lock(&p2p_graph.mutex);
	if (!p2p_bus_registered(bus)) {
		ret = -EINVAL;
		goto err_unlock;
	}
	if (a->removed || b->removed) {
		ret = -ENODEV;
		goto err_unlock;
	}
	list_for_each_entry(end, &a->link_ends, entry) {
		if (end->link->bus == bus && p2p_link_peer(end->link, a) == b) {
			ret = -EEXIST;
			goto err_unlock;
		}
	}
	/* A module on its way out: its nodes are about to go. */
	if (!p2p_link_pin_owner(link, a)) {
		ret = -ENODEV;
		goto err_unlock;
	}
	if (!p2p_link_pin_owner(link, b)) {
		ret = -ENODEV;
		goto err_unpin_a;
	}
	ret = xa_alloc(&p2p_graph.links, &id, NULL, xa_limit_31b, GFP_KERNEL);
	if (ret)
		goto err_unpin_b;
	ret = p2p_search_space_reserve(id);
	if (ret) {
		xa_erase(&p2p_graph.links, id);
		goto err_unpin_b;
	}
	link->id = id;
	kref_init(&link->ref);
	kref_get(&link->ref);		/* the graph's, until unpublished */
	link->end[0].node = p2p_node_get(a);
	link->end[0].link = link;
	link->end[1].node = p2p_node_get(b);
	link->end[1].link = link;
	p2p_bus_get(bus);		/* until the link is freed */
	bus->nr_objects++;
	xa_store(&p2p_graph.links, id, link, GFP_KERNEL);

	spin_lock_irqsave(&p2p_graph.lock, flags);
	list_add_tail(&link->end[0].entry, &a->link_ends);
	list_add_tail(&link->end[1].entry, &b->link_ends);
	p2p_graph_changed(P2P_CHANGE_LINK_ADD, link->id);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	p2p_event_queue(&link->added_event, P2P_EVENT_LINK_ADDED, link);
	mutex_unlock(&p2p_graph.mutex);
	return link;

err_unpin_b:
	p2p_link_unpin_owner(link, b);
err_unpin_a:
	p2p_link_unpin_owner(link, a);
err_unlock:
	mutex_unlock(&p2p_graph.mutex);
	kfree(link);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(p2p_link_add, P2P_TOPOLOGY);

static void p2p_link_free_rcu(struct rcu_head *rcu)
{
	struct p2p_link *link = container_of(rcu, struct p2p_link, rcu);

	p2p_link_unpin_owner(link, link->end[0].node);
	p2p_link_unpin_owner(link, link->end[1].node);
	p2p_node_put(link->end[0].node);
	p2p_node_put(link->end[1].node);
	p2p_bus_put(link->bus);
	kfree(link);
}

static void p2p_link_release(struct kref *ref)
{
	struct p2p_link *link = container_of(ref, struct p2p_link, ref);

	/* Cached routes point at links; readers may still walk them. */
	call_rcu(&link->rcu, p2p_link_free_rcu);
}

/*
 * Take @link out of the graph, queue its removal event and drop the
 * graph's reference. Every way a link leaves the graph comes here (its
 * removal, its node's, its bus's), so that a listener is told of each
 * one and can give back what it holds (sysfs holds a reference).
 */
static void p2p_link_unpublish(struct p2p_link *link)
{
	unsigned long flags;

	lockdep_assert_held(&p2p_graph.mutex);
	if (link->removed)
		return;

	spin_lock_irqsave(&p2p_graph.lock, flags);
	list_del(&link->end[0].entry);
	list_del(&link->end[1].entry);
	link->removed = true;
	p2p_graph_changed(P2P_CHANGE_LINK_REMOVE, link->id);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);

	xa_erase(&p2p_graph.links, link->id);
	link->bus->nr_objects--;
	p2p_event_queue(&link->removed_event, P2P_EVENT_LINK_REMOVED, link);
	kref_put(&link->ref, p2p_link_release);
}

/**
 * p2p_link_set_attr() - change a link's attributes
 * @link: the link
 * @attr: the new attributes; set @attr->down to take the link out of
 *	routing while keeping it in the topology
 *
 * Routes computed before the change are recomputed on their next query.
 *
 * Context: process context; takes the graph mutex.
 * Return: 0, -EINVAL for bad attributes, -ENODEV when the link was removed,
 * -ENOMEM.
 */
int p2p_link_set_attr(struct p2p_link *link, const struct p2p_link_attr *attr)
{
	struct p2p_pending_event *changed;
	unsigned long flags;
	int ret;

	if (!link)
		return -EINVAL;
	ret = p2p_link_attr_check(attr);
	if (ret)
		return ret;
	/* A link may change again before this change is delivered. */
	changed = kzalloc(sizeof(*changed), GFP_KERNEL);
	if (!changed)
		return -ENOMEM;
	changed->allocated = true;

	mutex_lock(&p2p_graph.mutex);
	if (link->removed) {
		mutex_unlock(&p2p_graph.mutex);
		kfree(changed);
		return -ENODEV;
	}
	spin_lock_irqsave(&p2p_graph.lock, flags);
	link->attr = *attr;
	p2p_graph_changed(P2P_CHANGE_LINK_ATTR, link->id);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	p2p_event_queue(changed, P2P_EVENT_LINK_CHANGED, link);
	mutex_unlock(&p2p_graph.mutex);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(p2p_link_set_attr, P2P_TOPOLOGY);

/**
 * p2p_link_remove() - remove a link and give back the caller's reference
 * @link: a link returned by p2p_link_add(), or NULL
 *
 * Safe after either node was removed (which removed the link from the
 * graph already). Queries running concurrently see the topology with or
 * without the link; cached routes through it are recomputed.
 *
 * Context: process context; takes the graph mutex.
 */
void p2p_link_remove(struct p2p_link *link)
{
	if (!link)
		return;

	mutex_lock(&p2p_graph.mutex);
	p2p_link_unpublish(link);
	mutex_unlock(&p2p_graph.mutex);

	kref_put(&link->ref, p2p_link_release);
}
EXPORT_SYMBOL_NS_GPL(p2p_link_remove, P2P_TOPOLOGY);

/*
 * Take @node and its links out of the graph and drop the graph's
 * reference. The links' removal events are queued before the node's: a
 * listener drops what it holds of a link (which holds both its ends)
 * before it is told that the node went.
 */
static void p2p_node_unpublish(struct p2p_node *node)
{
	unsigned long flags;

	lockdep_assert_held(&p2p_graph.mutex);
	if (node->removed)
		return;

	while (!list_empty(&node->link_ends))
		p2p_link_unpublish(list_first_entry(&node->link_ends,
						    struct p2p_link_end,
						    entry)->link);

	spin_lock_irqsave(&p2p_graph.lock, flags);
	WRITE_ONCE(node->removed, true);
	if (!hlist_unhashed(&node->dev_entry))
		hash_del_rcu(&node->dev_entry);
	p2p_graph_changed(P2P_CHANGE_NODE_REMOVE, node->id);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);

	xa_erase(&p2p_graph.nodes, node->id);
	node->bus->nr_objects--;
	if (node->dev)
		p2p_cache_forget_client(node->dev);
	/* Only compared from now on, never dereferenced. */
	put_device(node->dev);
	fwnode_handle_put(node->fwnode);
	p2p_event_queue(&node->removed_event, P2P_EVENT_NODE_REMOVED, node);
	p2p_node_put(node);
}

/**
 * p2p_node_remove() - remove a node and give back the caller's reference
 * @node: a node returned by p2p_node_add(), or NULL
 *
 * Removes the node's links with it (each told to the notifier before the
 * node) and drops its references to the device and firmware node.
 * Providers on the node stay allocated until their owner removes them,
 * but routes no longer reach them. Queries running
 * concurrently see the topology with or without the node; no memory they
 * use is freed before they finish.
 *
 * Context: process context; takes the graph mutex.
 */
void p2p_node_remove(struct p2p_node *node)
{
	if (!node)
		return;

	mutex_lock(&p2p_graph.mutex);
	p2p_node_unpublish(node);
	mutex_unlock(&p2p_graph.mutex);

	p2p_node_put(node);
}
EXPORT_SYMBOL_NS_GPL(p2p_node_remove, P2P_TOPOLOGY);

static void p2p_provider_free_rcu(struct rcu_head *rcu)
{
	struct p2p_provider *provider = container_of(rcu, struct p2p_provider,
						     rcu);

	p2p_cache_free(provider);
	p2p_node_put(provider->node);
	kfree(provider);
}

static void p2p_provider_release(struct kref *ref)
{
	struct p2p_provider *provider = container_of(ref, struct p2p_provider,
						     ref);

	call_rcu(&provider->rcu, p2p_provider_free_rcu);
}

/**
 * p2p_provider_put() - drop a reference to a provider
 * @provider: a provider from p2p_find_provider(), or NULL
 *
 * Context: any context.
 */
void p2p_provider_put(struct p2p_provider *provider)
{
	if (provider)
		kref_put(&provider->ref, p2p_provider_release);
}
EXPORT_SYMBOL_NS_GPL(p2p_provider_put, P2P_TOPOLOGY);

static int p2p_provider_desc_check(const struct p2p_provider_desc *desc)
{
	u64 last;

	if (!desc || !desc->size || desc->base.space >= P2P_ADDR_SPACE_COUNT ||
	    desc->mem_type >= P2P_MEM_TYPE_COUNT)
		return -EINVAL;
	if (check_add_overflow(desc->phys_start, desc->size - 1, &last) ||
	    check_add_overflow(desc->base.addr, desc->size - 1, &last))
		return -ERANGE;
	return 0;
}

/**
 * p2p_provider_add() - expose memory of a node to peers
 * @node: the node that owns the memory
 * @desc: the memory; copied
 *
 * Context: process context; takes the graph mutex.
 * Return: the provider, whose reference the caller gives back with
 * p2p_provider_remove(), or an ERR_PTR(): -EINVAL for a bad argument or an
 * empty range, -ERANGE for a range that wraps around, -ENODEV when @node
 * was removed, -ENOMEM.
 */
struct p2p_provider *p2p_provider_add(struct p2p_node *node,
				      const struct p2p_provider_desc *desc)
{
	struct p2p_provider *provider;
	unsigned long flags;
	u32 id;
	int ret;

	if (!node)
		return ERR_PTR(-EINVAL);
	ret = p2p_provider_desc_check(desc);
	if (ret)
		return ERR_PTR(ret);

	provider = kzalloc(sizeof(*provider), GFP_KERNEL);
	if (!provider)
		return ERR_PTR(-ENOMEM);
	provider->desc = *desc;
	kref_init(&provider->ref);
	spin_lock_init(&provider->cache_lock);
	hash_init(provider->cache);

	mutex_lock(&p2p_graph.mutex);
	if (node->removed) {
		ret = -ENODEV;
		goto err_unlock;
	}
	ret = xa_alloc(&p2p_graph.provider_ids, &id, provider, xa_limit_31b,
		       GFP_KERNEL);
	if (ret)
		goto err_unlock;
	provider->id = id;
	provider->node = p2p_node_get(node);
	kref_get(&provider->ref);	/* the graph's, until unpublished */
	list_add_tail_rcu(&provider->entry, &p2p_graph.providers);
	spin_lock_irqsave(&p2p_graph.lock, flags);
	p2p_graph_changed(P2P_CHANGE_PROVIDER_ADD, provider->id);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	p2p_event_queue(&provider->added_event, P2P_EVENT_PROVIDER_ADDED,
			provider);
	mutex_unlock(&p2p_graph.mutex);
	return provider;

err_unlock:
	mutex_unlock(&p2p_graph.mutex);
	kfree(provider);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(p2p_provider_add, P2P_TOPOLOGY);

/**
 * p2p_provider_remove() - stop exposing memory and give back the reference
 * @provider: a provider returned by p2p_provider_add(), or NULL
 *
 * Consumers holding a reference from p2p_find_provider() keep a valid
 * pointer, but their queries fail with -ENODEV from now on.
 *
 * Context: process context; takes the graph mutex.
 */
void p2p_provider_remove(struct p2p_provider *provider)
{
	unsigned long flags;
	bool was_published;

	if (!provider)
		return;

	mutex_lock(&p2p_graph.mutex);
	was_published = !provider->removed;
	if (was_published) {
		list_del_rcu(&provider->entry);
		xa_erase(&p2p_graph.provider_ids, provider->id);
		spin_lock_irqsave(&p2p_graph.lock, flags);
		WRITE_ONCE(provider->removed, true);
		p2p_graph_changed(P2P_CHANGE_PROVIDER_REMOVE, provider->id);
		spin_unlock_irqrestore(&p2p_graph.lock, flags);
		p2p_event_queue(&provider->removed_event,
				P2P_EVENT_PROVIDER_REMOVED, provider);
	}
	mutex_unlock(&p2p_graph.mutex);

	if (was_published)
		p2p_provider_put(provider);	/* the graph's */
	p2p_provider_put(provider);
}
EXPORT_SYMBOL_NS_GPL(p2p_provider_remove, P2P_TOPOLOGY);

/**
 * p2p_provider_publish() - offer a provider to p2p_find_provider(), or not
 * @provider: the provider
 * @published: whether p2p_find_provider() may choose it
 *
 * Routes are unaffected: a consumer that already knows the provider keeps
 * using it. Mirrors pci_p2pmem_publish().
 *
 * Context: any context.
 */
void p2p_provider_publish(struct p2p_provider *provider, bool published)
{
	if (provider)
		WRITE_ONCE(provider->desc.published, published);
}
EXPORT_SYMBOL_NS_GPL(p2p_provider_publish, P2P_TOPOLOGY);

/**
 * p2p_node_bus() - the backend a node belongs to
 * @node: the node
 *
 * Lets a backend's forward() tell its own nodes from those of other buses
 * that a route crosses.
 *
 * Context: any context.
 * Return: the bus the node was added with, valid for as long as the
 * caller holds @node (the node pins it; see p2p_node_add()), also after
 * the bus was unregistered.
 */
const struct p2p_bus *p2p_node_bus(const struct p2p_node *node)
{
	return node->bus;
}
EXPORT_SYMBOL_NS_GPL(p2p_node_bus, P2P_TOPOLOGY);

/**
 * p2p_node_is_removed() - whether a node was taken out of the graph
 * @node: a node the caller holds a reference to
 *
 * How a backend that attached its own nodes to another backend's notices
 * that the other side went away (a hot-unplugged PCIe function).
 *
 * Return: true once p2p_node_remove() or the removal of the node's bus
 * took it out.
 */
bool p2p_node_is_removed(const struct p2p_node *node)
{
	return READ_ONCE(node->removed);
}
EXPORT_SYMBOL_NS_GPL(p2p_node_is_removed, P2P_TOPOLOGY);

/**
 * p2p_node_id() - a node's id
 * @node: the node
 *
 * Return: a number unique among live nodes, shown in debugfs and in
 * &struct p2p_refusal.
 */
u32 p2p_node_id(const struct p2p_node *node)
{
	return node->id;
}
EXPORT_SYMBOL_NS_GPL(p2p_node_id, P2P_TOPOLOGY);

/**
 * p2p_node_type() - a node's role
 * @node: the node
 *
 * Return: the type given to p2p_node_add().
 */
enum p2p_node_type p2p_node_type(const struct p2p_node *node)
{
	return node->type;
}
EXPORT_SYMBOL_NS_GPL(p2p_node_type, P2P_TOPOLOGY);

/**
 * p2p_node_device() - the device a node stands for
 * @node: a node the caller holds a reference to
 *
 * The node drops its own reference to the device when it is removed, and
 * the device may then be freed at any time: the caller gets a reference
 * of its own, which keeps the device valid after the node was removed.
 *
 * Context: any context but a backend's forward() and translate(); takes
 * the graph lock.
 * Return: the device given to p2p_node_add() with a reference (drop it
 * with put_device()), or NULL when none was given or the node was removed.
 */
struct device *p2p_node_device(const struct p2p_node *node)
{
	struct device *dev = NULL;
	unsigned long flags;

	/* p2p_node_unpublish() marks the node removed before its put. */
	spin_lock_irqsave(&p2p_graph.lock, flags);
	if (!node->removed)
		dev = get_device(node->dev);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	return dev;
}
EXPORT_SYMBOL_NS_GPL(p2p_node_device, P2P_TOPOLOGY);

/**
 * p2p_node_bindings_get() - references to what a node is bound to
 * @node: a node the caller holds a reference to
 * @dev: set to the node's device with a reference, or NULL
 * @fwnode: set to the node's firmware node with a reference, or NULL
 *
 * For a listener that shows the device and firmware node after the node
 * let go of them (sysfs.c): the node drops its own references when it
 * is removed, the caller's stay until it drops them with put_device()
 * and fwnode_handle_put().
 *
 * Context: any context but a backend's forward() and translate(); takes
 * the graph lock.
 * Return: true; false, with both set to NULL, when the node was removed.
 */
bool p2p_node_bindings_get(const struct p2p_node *node, struct device **dev,
			   struct fwnode_handle **fwnode)
{
	unsigned long flags;
	bool live;

	/* p2p_node_unpublish() marks the node removed before its puts. */
	spin_lock_irqsave(&p2p_graph.lock, flags);
	live = !node->removed;
	*dev = live ? get_device(node->dev) : NULL;
	*fwnode = live ? fwnode_handle_get(node->fwnode) : NULL;
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	return live;
}

/**
 * p2p_node_name() - a node's name
 * @node: the node
 *
 * Return: the name, valid as long as the node is.
 */
const char *p2p_node_name(const struct p2p_node *node)
{
	return node->name;
}
EXPORT_SYMBOL_NS_GPL(p2p_node_name, P2P_TOPOLOGY);

/**
 * p2p_node_priv() - a node's backend data
 * @node: the node
 *
 * Return: the @priv given to p2p_node_add().
 */
void *p2p_node_priv(const struct p2p_node *node)
{
	return node->priv;
}
EXPORT_SYMBOL_NS_GPL(p2p_node_priv, P2P_TOPOLOGY);

/**
 * p2p_link_priv() - a link's backend data
 * @link: the link
 *
 * Return: the @priv given to p2p_link_add().
 */
void *p2p_link_priv(const struct p2p_link *link)
{
	return link->priv;
}
EXPORT_SYMBOL_NS_GPL(p2p_link_priv, P2P_TOPOLOGY);

/**
 * p2p_link_peer() - the node at the other end of a link
 * @link: the link
 * @node: one of its ends
 *
 * Return: the other end, valid for as long as the caller holds @link (a
 * link holds its ends), or NULL when @node is not an end of @link.
 */
struct p2p_node *p2p_link_peer(const struct p2p_link *link,
			       const struct p2p_node *node)
{
	if (link->end[0].node == node)
		return link->end[1].node;
	if (link->end[1].node == node)
		return link->end[0].node;
	return NULL;
}
EXPORT_SYMBOL_NS_GPL(p2p_link_peer, P2P_TOPOLOGY);

/**
 * p2p_register_notifier() - be told when the topology changes
 * @nb: the notifier; its callback gets an &enum p2p_event and the node,
 *	link or provider concerned, which the core holds a reference to
 *	until the callbacks of the event have run: a removed node, link or
 *	provider is still valid in its %P2P_EVENT_*_REMOVED event
 *
 * Events are delivered by a work item of the core, one at a time, in the
 * order the changes were made, after the call that made a change has
 * returned: the callbacks never run in the task that changed the graph,
 * so they do not inherit its locks (a backend's lock, device_lock() held
 * around probe and remove, the PCI rescan lock). A callback may therefore
 * take any lock, query the graph and change it; the events of its
 * changes are delivered after those already queued. A callback must not
 * register or unregister a notifier, nor call p2p_notifier_flush(), nor
 * unregister a bus that has no release() op (which waits for the nodes
 * that queued events still hold). Code that must know the callbacks of
 * its changes ran calls p2p_notifier_flush().
 *
 * Every node, link and provider that leaves the graph is told, however
 * it leaves: the links of a removed node, and the nodes and links a bus
 * left behind at p2p_bus_unregister(), each get their
 * %P2P_EVENT_*_REMOVED event. The links of a node are told before the
 * node, so that a listener holding a link (which holds both its ends)
 * can let go of it first.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int p2p_register_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&p2p_graph.notifier, nb);
}
EXPORT_SYMBOL_NS_GPL(p2p_register_notifier, P2P_TOPOLOGY);

/**
 * p2p_unregister_notifier() - stop being told about topology changes
 * @nb: a notifier registered with p2p_register_notifier()
 *
 * Once this returns, @nb's callback runs no more; events not yet
 * delivered do not reach it. Call p2p_notifier_flush() first to be told
 * about the changes made so far.
 *
 * Context: process context; not from a notifier callback.
 * Return: 0, or -ENOENT when @nb was not registered.
 */
int p2p_unregister_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&p2p_graph.notifier, nb);
}
EXPORT_SYMBOL_NS_GPL(p2p_unregister_notifier, P2P_TOPOLOGY);

/**
 * p2p_notifier_flush() - wait until every change made so far was told
 *
 * Returns once the callbacks of every event queued before the call have
 * run, and those of the changes these callbacks made in turn. For tests,
 * and for code that must know its listeners saw a change (a backend that
 * reacts to another's node from a callback, before it checks the result).
 *
 * Context: process context; not from a notifier callback (which would
 * wait for itself: it warns and returns), and not while holding a lock
 * that a callback may take.
 */
void p2p_notifier_flush(void)
{
	might_sleep();
	if (WARN_ON_ONCE(current_work() == &p2p_graph.events_work))
		return;
	/*
	 * Every queued event queued the work item; it runs until the queue
	 * is empty, so its last run covers events that callbacks added.
	 */
	if (READ_ONCE(p2p_graph.events_wq))
		flush_work(&p2p_graph.events_work);
}
EXPORT_SYMBOL_NS_GPL(p2p_notifier_flush, P2P_TOPOLOGY);

static int __init p2p_topology_init(void)
{
	struct workqueue_struct *wq;

	p2p_graph.stats = alloc_percpu(struct p2p_stats);
	if (!p2p_graph.stats)
		return -ENOMEM;
	/* One event at a time, in the order of the changes. */
	wq = alloc_ordered_workqueue("p2p_topology_events", 0);
	if (!wq) {
		free_percpu(p2p_graph.stats);
		p2p_graph.stats = NULL;
		return -ENOMEM;
	}
	/* sysfs follows every event, those queued before this included. */
	p2p_sysfs_init();
	mutex_lock(&p2p_graph.mutex);
	WRITE_ONCE(p2p_graph.events_wq, wq);
	if (!list_empty(&p2p_graph.events))
		queue_work(wq, &p2p_graph.events_work);
	mutex_unlock(&p2p_graph.mutex);
	p2p_debugfs_init();
	return 0;
}
subsys_initcall(p2p_topology_init);
