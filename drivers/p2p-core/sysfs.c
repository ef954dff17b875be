// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs: the topology for every user and library, in
 * /sys/kernel/p2p_topology/{nodes,links,providers}/ (the ABI is in
 * Documentation/ABI/testing/sysfs-kernel-p2p_topology).
 *
 * The directories follow the graph through its own notifier: each event
 * adds or removes one directory, in the order of the changes, from the
 * core's event work item, with a KOBJ_ADD or KOBJ_REMOVE uevent. The
 * core tells every removal, a link's before its node's, so that each
 * directory goes with its object. A directory holds a reference to its
 * node, link or provider until it is removed and its last reader is
 * gone, so its attributes read live objects; a node's directory holds its
 * own references to the device and firmware node it shows, taken while
 * the node still held them. It may lag the graph by the events not yet
 * delivered (p2p_notifier_flush() waits for them).
 *
 * Names: a node's directory is named after the node (a PCI function's
 * domain:bus:dev.fn, a CXL device's name, a firmware node's name), or
 * name@id when another node has the name already; a link's and a
 * provider's after their id.
 */
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "core.h"

/**
 * struct p2p_sysfs_obj - the directory of one node, link or provider
 * @kobj: the directory
 * @event: the event that added the object; says what @data is
 * @data: the node, link or provider (a reference is held)
 * @dev: a node's device, or NULL (a reference is held)
 * @fwnode: a node's firmware node, or NULL (a reference is held)
 */
struct p2p_sysfs_obj {
	struct kobject kobj;
	enum p2p_event event;
	void *data;
	struct device *dev;
	struct fwnode_handle *fwnode;
};

static struct kobject *p2p_sysfs_root;
static struct kset *p2p_sysfs_nodes, *p2p_sysfs_links, *p2p_sysfs_providers;

static struct p2p_sysfs_obj *to_obj(struct kobject *kobj)
{
	return container_of(kobj, struct p2p_sysfs_obj, kobj);
}

static struct p2p_node *obj_node(struct kobject *kobj)
{
	return to_obj(kobj)->data;
}

static struct p2p_link *obj_link(struct kobject *kobj)
{
	return to_obj(kobj)->data;
}

static struct p2p_provider *obj_provider(struct kobject *kobj)
{
	return to_obj(kobj)->data;
}

/* Nodes: what never changes after p2p_node_add(). */
static ssize_t kind_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  p2p_node_type_names[obj_node(kobj)->type]);
}

static ssize_t bus_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	struct p2p_sysfs_obj *obj = to_obj(kobj);

	if (obj->event == P2P_EVENT_NODE_ADDED)
		return sysfs_emit(buf, "%s\n", obj_node(kobj)->bus->name);
	return sysfs_emit(buf, "%s\n", obj_link(kobj)->bus->name);
}

static ssize_t id_show(struct kobject *kobj, struct kobj_attribute *attr,
		       char *buf)
{
	struct p2p_sysfs_obj *obj = to_obj(kobj);

	switch (obj->event) {
	case P2P_EVENT_NODE_ADDED:
		return sysfs_emit(buf, "%u\n", obj_node(kobj)->id);
	case P2P_EVENT_LINK_ADDED:
		return sysfs_emit(buf, "%u\n", obj_link(kobj)->id);
	default:
		return sysfs_emit(buf, "%u\n", obj_provider(kobj)->id);
	}
}

static ssize_t name_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", obj_node(kobj)->name);
}

/* The directory's own reference: the node drops its own at removal. */
static ssize_t firmware_node_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	struct fwnode_handle *fwnode = to_obj(kobj)->fwnode;

	if (!fwnode)
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%pfwf\n", fwnode);
}

static struct kobj_attribute node_kind = __ATTR_RO(kind);
static struct kobj_attribute node_bus = __ATTR_RO(bus);
static struct kobj_attribute node_id = __ATTR_RO(id);
static struct kobj_attribute node_name = __ATTR_RO(name);
static struct kobj_attribute node_firmware_node = __ATTR_RO(firmware_node);

static struct attribute *p2p_node_attrs[] = {
	&node_kind.attr, &node_bus.attr, &node_id.attr, &node_name.attr,
	&node_firmware_node.attr, NULL
};
ATTRIBUTE_GROUPS(p2p_node);

/*
 * Links: the attributes change with p2p_link_set_attr(); read them as one
 * under the graph lock, as a search does.
 */
static struct p2p_link_attr link_attr(struct kobject *kobj)
{
	struct p2p_link_attr attr;
	unsigned long flags;

	spin_lock_irqsave(&p2p_graph.lock, flags);
	attr = obj_link(kobj)->attr;
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	return attr;
}

static ssize_t bandwidth_MBps_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", link_attr(kobj).bandwidth_MBps);
}

static ssize_t latency_ns_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", link_attr(kobj).latency_ns);
}

/* What a write gets: the link's own figure, else the read one. */
static ssize_t write_bandwidth_MBps_show(struct kobject *kobj,
					 struct kobj_attribute *attr, char *buf)
{
	struct p2p_link_attr a = link_attr(kobj);

	return sysfs_emit(buf, "%u\n", a.write_bandwidth_MBps ?: a.bandwidth_MBps);
}

static ssize_t write_latency_ns_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	struct p2p_link_attr a = link_attr(kobj);

	return sysfs_emit(buf, "%u\n", a.write_latency_ns ?: a.latency_ns);
}

static ssize_t cost_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%u\n", link_attr(kobj).cost);
}

static ssize_t directions_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	u8 dirs = link_attr(kobj).dirs;

	return sysfs_emit(buf, "%s%s%s\n", dirs & P2P_DIR_READ ? "read" : "",
			  dirs == P2P_DIR_BOTH ? " " : "",
			  dirs & P2P_DIR_WRITE ? "write" : "");
}

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n", link_attr(kobj).down ? "down" : "up");
}

static ssize_t internal_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%d\n", link_attr(kobj).internal);
}

static ssize_t link_count_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", link_attr(kobj).link_count ?: 1);
}

/* The bus's flag, which p2p_has_interconnect() and route info follow. */
static ssize_t private_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	const struct p2p_link *link = obj_link(kobj);

	return sysfs_emit(buf, "%d\n",
			  !!(link->bus->flags & P2P_BUS_PRIVATE_INTERCONNECT));
}

static struct kobj_attribute link_bus = __ATTR_RO(bus);
static struct kobj_attribute link_id = __ATTR_RO(id);
static struct kobj_attribute link_bandwidth = __ATTR_RO(bandwidth_MBps);
static struct kobj_attribute link_latency = __ATTR_RO(latency_ns);
static struct kobj_attribute link_write_bandwidth = __ATTR_RO(write_bandwidth_MBps);
static struct kobj_attribute link_write_latency = __ATTR_RO(write_latency_ns);
static struct kobj_attribute link_cost = __ATTR_RO(cost);
static struct kobj_attribute link_directions = __ATTR_RO(directions);
static struct kobj_attribute link_state = __ATTR_RO(state);
static struct kobj_attribute link_internal = __ATTR_RO(internal);
static struct kobj_attribute link_link_count = __ATTR_RO(link_count);
static struct kobj_attribute link_private = __ATTR_RO(private);

static struct attribute *p2p_link_attrs[] = {
	&link_bus.attr, &link_id.attr, &link_bandwidth.attr,
	&link_latency.attr, &link_write_bandwidth.attr,
	&link_write_latency.attr, &link_cost.attr, &link_directions.attr,
	&link_state.attr, &link_internal.attr, &link_link_count.attr,
	&link_private.attr, NULL
};
ATTRIBUTE_GROUPS(p2p_link);

/* Providers. The host physical address is for root only, as in iomem. */
static ssize_t size_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%llu\n", obj_provider(kobj)->desc.size);
}

static ssize_t address_space_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  p2p_addr_space_names[obj_provider(kobj)->desc.base.space]);
}

static ssize_t published_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  READ_ONCE(obj_provider(kobj)->desc.published));
}

static ssize_t phys_start_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%#llx\n", obj_provider(kobj)->desc.phys_start);
}

static ssize_t mem_type_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  p2p_mem_type_names[obj_provider(kobj)->desc.mem_type]);
}

static struct kobj_attribute provider_id = __ATTR_RO(id);
static struct kobj_attribute provider_size = __ATTR_RO(size);
static struct kobj_attribute provider_space = __ATTR_RO(address_space);
static struct kobj_attribute provider_published = __ATTR_RO(published);
static struct kobj_attribute provider_phys = __ATTR_RO_MODE(phys_start, 0400);
static struct kobj_attribute provider_mem_type = __ATTR_RO(mem_type);

static struct attribute *p2p_provider_attrs[] = {
	&provider_id.attr, &provider_size.attr, &provider_space.attr,
	&provider_published.attr, &provider_phys.attr, &provider_mem_type.attr,
	NULL
};
ATTRIBUTE_GROUPS(p2p_provider);

/* The last reader is gone: drop the object's references. */
static void p2p_sysfs_release(struct kobject *kobj)
{
	struct p2p_sysfs_obj *obj = to_obj(kobj);

	fwnode_handle_put(obj->fwnode);
	put_device(obj->dev);
	p2p_event_ref(obj->event, obj->data, false);
	kfree(obj);
}

static const struct kobj_type p2p_node_ktype = {
	.release = p2p_sysfs_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = p2p_node_groups,
};

static const struct kobj_type p2p_link_ktype = {
	.release = p2p_sysfs_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = p2p_link_groups,
};

static const struct kobj_type p2p_provider_ktype = {
	.release = p2p_sysfs_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = p2p_provider_groups,
};

/* The uevent names the object's kind and id: P2P_NODE=<id> and so on. */
static int p2p_sysfs_uevent(const struct kobject *kobj,
			    struct kobj_uevent_env *env)
{
	const struct p2p_sysfs_obj *obj =
		container_of(kobj, struct p2p_sysfs_obj, kobj);
	const struct p2p_provider *provider = obj->data;
	const struct p2p_node *node = obj->data;
	const struct p2p_link *link = obj->data;

	switch (obj->event) {
	case P2P_EVENT_NODE_ADDED:
		return add_uevent_var(env, "P2P_NODE=%u", node->id);
	case P2P_EVENT_LINK_ADDED:
		return add_uevent_var(env, "P2P_LINK=%u", link->id);
	default:
		return add_uevent_var(env, "P2P_PROVIDER=%u", provider->id);
	}
}

static const char *p2p_sysfs_subsystem(const struct kobject *kobj)
{
	return "p2p_topology";
}

static const struct kset_uevent_ops p2p_sysfs_uevent_ops = {
	.name = p2p_sysfs_subsystem,
	.uevent = p2p_sysfs_uevent,
};

/*
 * A directory for @data in @kset, not yet in sysfs: the caller names it
 * with kobject_add() and hands the result to p2p_sysfs_added().
 */
static struct p2p_sysfs_obj *p2p_sysfs_alloc(struct kset *kset,
					     const struct kobj_type *ktype,
					     enum p2p_event event, void *data)
{
	struct p2p_sysfs_obj *obj;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return NULL;	/* the allocator has said so */
	obj->event = event;
	obj->data = data;
	p2p_event_ref(event, data, true);
	obj->kobj.kset = kset;
	kobject_init(&obj->kobj, ktype);
	return obj;
}

/*
 * The directory was named by kobject_add(), which returned @ret. A
 * failure is reported: the graph works on without it.
 */
static struct kobject *p2p_sysfs_added(struct p2p_sysfs_obj *obj, int ret)
{
	if (ret) {
		pr_warn("p2p-topology: cannot add a sysfs directory: %d\n", ret);
		kobject_put(&obj->kobj);
		return NULL;
	}
	return &obj->kobj;
}

static void p2p_sysfs_link_to(struct kobject *from, struct kobject *to,
			      const char *name)
{
	int ret;

	if (!from || !to)
		return;
	ret = sysfs_create_link(from, to, name);
	/* -ENOENT: the device left sysfs before this event came. */
	if (ret && ret != -ENOENT)
		pr_warn("p2p-topology: cannot link %s/%s: %d\n",
			kobject_name(from), name, ret);
}

/* Tell user space, once the directory has all its entries. */
static void p2p_sysfs_announce(struct kobject *kobj)
{
	if (kobj)
		kobject_uevent(kobj, KOBJ_ADD);
}

/*
 * A node removed before its NODE_ADDED event came gets no directory: its
 * NODE_REMOVED event follows, and its device may be gone already.
 */
static void p2p_sysfs_add_node(struct p2p_node *node)
{
	struct p2p_sysfs_obj *obj;
	struct kobject *dup;
	int ret;

	obj = p2p_sysfs_alloc(p2p_sysfs_nodes, &p2p_node_ktype,
			      P2P_EVENT_NODE_ADDED, node);
	if (!obj)
		return;
	if (!p2p_node_bindings_get(node, &obj->dev, &obj->fwnode)) {
		kobject_put(&obj->kobj);
		return;
	}
	/* Two backends may name a node alike: the later one gets @id. */
	dup = kset_find_obj(p2p_sysfs_nodes, node->name);
	if (dup) {
		kobject_put(dup);
		ret = kobject_add(&obj->kobj, NULL, "%s@%u", node->name,
				  node->id);
	} else {
		ret = kobject_add(&obj->kobj, NULL, "%s", node->name);
	}
	node->sysfs = p2p_sysfs_added(obj, ret);
	if (node->sysfs && obj->dev)
		p2p_sysfs_link_to(node->sysfs, &obj->dev->kobj, "device");
	p2p_sysfs_announce(node->sysfs);
}

/* Named by id: two links may join the same two nodes. */
static void p2p_sysfs_add_link(struct p2p_link *link)
{
	struct p2p_sysfs_obj *obj;
	int ret;

	if (READ_ONCE(link->removed))
		return;		/* its LINK_REMOVED event follows */
	obj = p2p_sysfs_alloc(p2p_sysfs_links, &p2p_link_ktype,
			      P2P_EVENT_LINK_ADDED, link);
	if (!obj)
		return;
	ret = kobject_add(&obj->kobj, NULL, "%u", link->id);
	link->sysfs = p2p_sysfs_added(obj, ret);
	p2p_sysfs_link_to(link->sysfs, link->end[0].node->sysfs, "end0");
	p2p_sysfs_link_to(link->sysfs, link->end[1].node->sysfs, "end1");
	p2p_sysfs_announce(link->sysfs);
}

static void p2p_sysfs_add_provider(struct p2p_provider *provider)
{
	struct p2p_sysfs_obj *obj;
	int ret;

	if (READ_ONCE(provider->removed))
		return;		/* its PROVIDER_REMOVED event follows */
	obj = p2p_sysfs_alloc(p2p_sysfs_providers, &p2p_provider_ktype,
			      P2P_EVENT_PROVIDER_ADDED, provider);
	if (!obj)
		return;
	ret = kobject_add(&obj->kobj, NULL, "%u", provider->id);
	provider->sysfs = p2p_sysfs_added(obj, ret);
	p2p_sysfs_link_to(provider->sysfs, provider->node->sysfs, "owner");
	p2p_sysfs_announce(provider->sysfs);
}

static void p2p_sysfs_remove(struct kobject **kobj)
{
	if (!*kobj)
		return;
	kobject_uevent(*kobj, KOBJ_REMOVE);
	kobject_del(*kobj);
	kobject_put(*kobj);
	*kobj = NULL;
}

/*
 * Called in the order of the changes, one event at a time, with the
 * object referenced: an object's sysfs pointer is only touched here.
 */
static int p2p_sysfs_event(struct notifier_block *nb, unsigned long event,
			   void *data)
{
	struct p2p_provider *provider = data;
	struct p2p_node *node = data;
	struct p2p_link *link = data;

	switch (event) {
	case P2P_EVENT_NODE_ADDED:
		p2p_sysfs_add_node(node);
		break;
	case P2P_EVENT_NODE_REMOVED:
		p2p_sysfs_remove(&node->sysfs);
		break;
	case P2P_EVENT_LINK_ADDED:
		p2p_sysfs_add_link(link);
		break;
	case P2P_EVENT_LINK_REMOVED:
		p2p_sysfs_remove(&link->sysfs);
		break;
	case P2P_EVENT_PROVIDER_ADDED:
		p2p_sysfs_add_provider(provider);
		break;
	case P2P_EVENT_PROVIDER_REMOVED:
		p2p_sysfs_remove(&provider->sysfs);
		break;
	}
	return NOTIFY_OK;
}

static struct notifier_block p2p_sysfs_notifier = {
	.notifier_call = p2p_sysfs_event,
};

/**
 * p2p_sysfs_find() - the node or provider a user names by its directory
 * @path: a node's directory name, as "<name>" or "nodes/<name>", or a
 *	provider's, as "providers/<id>"
 * @target: filled in; release it with p2p_sysfs_target_put()
 *
 * The names user space sees are the directories' (a node's name, or
 * name@id), so they are looked up where they are kept.
 *
 * Context: process context.
 * Return: 0; -ENOENT when no directory has the name (and when sysfs could
 * not be set up), -EINVAL for an empty name.
 */
int p2p_sysfs_find(const char *path, struct p2p_sysfs_target *target)
{
	struct kset *kset = p2p_sysfs_nodes;
	struct p2p_sysfs_obj *obj;
	const char *name = path;

	memset(target, 0, sizeof(*target));
	if (str_has_prefix(path, "nodes/")) {
		name = path + strlen("nodes/");
	} else if (str_has_prefix(path, "providers/")) {
		name = path + strlen("providers/");
		kset = p2p_sysfs_providers;
	}
	if (!*name)
		return -EINVAL;
	if (!kset)
		return -ENOENT;	/* sysfs could not be set up */
	target->kobj = kset_find_obj(kset, name);
	if (!target->kobj)
		return -ENOENT;
	obj = to_obj(target->kobj);
	if (obj->event == P2P_EVENT_PROVIDER_ADDED) {
		target->provider = obj->data;
		target->node = target->provider->node;
	} else {
		target->node = obj->data;
		target->dev = obj->dev;
	}
	return 0;
}

/**
 * p2p_sysfs_target_put() - release what p2p_sysfs_find() found
 * @target: as filled by p2p_sysfs_find(), or zeroed
 *
 * Context: process context.
 */
void p2p_sysfs_target_put(struct p2p_sysfs_target *target)
{
	kobject_put(target->kobj);
	memset(target, 0, sizeof(*target));
}

/**
 * p2p_sysfs_init() - create /sys/kernel/p2p_topology and follow the graph
 *
 * Called before the first event is delivered, so that every node, link
 * and provider gets its directory. Without it the graph works on; the
 * failure is reported.
 *
 * Context: process context, at boot.
 */
void __init p2p_sysfs_init(void)
{
	p2p_sysfs_root = kobject_create_and_add("p2p_topology", kernel_kobj);
	if (!p2p_sysfs_root)
		goto fail;
	p2p_sysfs_nodes = kset_create_and_add("nodes", &p2p_sysfs_uevent_ops,
					      p2p_sysfs_root);
	p2p_sysfs_links = kset_create_and_add("links", &p2p_sysfs_uevent_ops,
					      p2p_sysfs_root);
	p2p_sysfs_providers = kset_create_and_add("providers",
						  &p2p_sysfs_uevent_ops,
						  p2p_sysfs_root);
	if (!p2p_sysfs_nodes || !p2p_sysfs_links || !p2p_sysfs_providers)
		goto fail;
	if (p2p_register_notifier(&p2p_sysfs_notifier))
		goto fail;
	return;
fail:
	kset_unregister(p2p_sysfs_providers);
	kset_unregister(p2p_sysfs_links);
	kset_unregister(p2p_sysfs_nodes);
	kobject_put(p2p_sysfs_root);
	/* p2p_sysfs_find() then finds nothing. */
	p2p_sysfs_providers = NULL;
	p2p_sysfs_links = NULL;
	p2p_sysfs_nodes = NULL;
	p2p_sysfs_root = NULL;
	pr_err("p2p-topology: cannot create /sys/kernel/p2p_topology\n");
}
