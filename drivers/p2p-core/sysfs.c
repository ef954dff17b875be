// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs: the topology for every user and library, in
 * /sys/kernel/p2p_topology/{nodes,links,providers}/ (the ABI is in
 * Documentation/ABI/testing/sysfs-kernel-p2p_topology).
 *
 * The directories follow the graph through its own notifier: each event
 * adds or removes one directory, in the order of the changes, from the
 * core's event work item. A directory holds a reference to its node, link
 * or provider until it is removed and its last reader is gone, so its
 * attributes read live objects. It may lag the graph by the events not
 * yet delivered (p2p_notifier_flush() waits for them).
 */
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "core.h"

/**
 * struct p2p_sysfs_obj - the directory of one node, link or provider
 * @kobj: the directory
 * @event: the event that added the object; says what @data is
 * @data: the node, link or provider (a reference is held)
 */
struct p2p_sysfs_obj {
	struct kobject kobj;
	enum p2p_event event;
	void *data;
};

/* Link directories are named after both ends, each cut to this length. */
#define P2P_SYSFS_NAME_MAX 64

static struct kobject *p2p_sysfs_root;
static struct kset *p2p_sysfs_nodes, *p2p_sysfs_links, *p2p_sysfs_providers;

static const char *const p2p_sysfs_kinds[] = {
	[P2P_NODE_ENDPOINT] = "endpoint",
	[P2P_NODE_PORT] = "port",
	[P2P_NODE_SWITCH] = "switch",
	[P2P_NODE_HOST_BRIDGE] = "host-bridge",
	[P2P_NODE_HOST] = "host",
};

static const char *const p2p_sysfs_spaces[] = {
	[P2P_ADDR_CPU_PHYS] = "cpu-phys",
	[P2P_ADDR_PCI_BUS] = "pci-bus",
	[P2P_ADDR_DMA] = "dma",
	[P2P_ADDR_LINK] = "link",
};

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
	return sysfs_emit(buf, "%s\n", p2p_sysfs_kinds[obj_node(kobj)->type]);
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

static ssize_t firmware_node_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	struct fwnode_handle *fwnode = obj_node(kobj)->fwnode;

	if (!fwnode)
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%pfwf\n", fwnode);
}

static struct kobj_attribute node_kind = __ATTR_RO(kind);
static struct kobj_attribute node_bus = __ATTR_RO(bus);
static struct kobj_attribute node_id = __ATTR_RO(id);
static struct kobj_attribute node_firmware_node = __ATTR_RO(firmware_node);

static struct attribute *p2p_node_attrs[] = {
	&node_kind.attr, &node_bus.attr, &node_id.attr,
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

static struct kobj_attribute link_bus = __ATTR_RO(bus);
static struct kobj_attribute link_id = __ATTR_RO(id);
static struct kobj_attribute link_bandwidth = __ATTR_RO(bandwidth_MBps);
static struct kobj_attribute link_latency = __ATTR_RO(latency_ns);
static struct kobj_attribute link_cost = __ATTR_RO(cost);
static struct kobj_attribute link_directions = __ATTR_RO(directions);
static struct kobj_attribute link_state = __ATTR_RO(state);
static struct kobj_attribute link_internal = __ATTR_RO(internal);

static struct attribute *p2p_link_attrs[] = {
	&link_bus.attr, &link_id.attr, &link_bandwidth.attr,
	&link_latency.attr, &link_cost.attr, &link_directions.attr,
	&link_state.attr, &link_internal.attr, NULL
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
			  p2p_sysfs_spaces[obj_provider(kobj)->desc.base.space]);
}

static ssize_t published_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", obj_provider(kobj)->desc.published);
}

static ssize_t phys_start_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%#llx\n", obj_provider(kobj)->desc.phys_start);
}

static struct kobj_attribute provider_id = __ATTR_RO(id);
static struct kobj_attribute provider_size = __ATTR_RO(size);
static struct kobj_attribute provider_space = __ATTR_RO(address_space);
static struct kobj_attribute provider_published = __ATTR_RO(published);
static struct kobj_attribute provider_phys = __ATTR_RO_MODE(phys_start, 0400);

static struct attribute *p2p_provider_attrs[] = {
	&provider_id.attr, &provider_size.attr, &provider_space.attr,
	&provider_published.attr, &provider_phys.attr, NULL
};
ATTRIBUTE_GROUPS(p2p_provider);

/* The last reader is gone: drop the object's reference. */
static void p2p_sysfs_release(struct kobject *kobj)
{
	struct p2p_sysfs_obj *obj = to_obj(kobj);

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

/*
 * Add the directory of @data in @kset, named @name, or @name@@id when
 * another object has that name already (two backends may name a node
 * alike). A failure is reported: the graph works on without it.
 */
static struct kobject *p2p_sysfs_add(struct kset *kset,
				     const struct kobj_type *ktype,
				     enum p2p_event event, void *data,
				     const char *name, u32 id)
{
	struct p2p_sysfs_obj *obj;
	struct kobject *dup;
	int ret;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return NULL;	/* the allocator has said so */
	obj->event = event;
	obj->data = data;
	p2p_event_ref(event, data, true);
	obj->kobj.kset = kset;
	dup = kset_find_obj(kset, name);
	if (dup) {
		kobject_put(dup);
		ret = kobject_init_and_add(&obj->kobj, ktype, NULL, "%s@%u",
					   name, id);
	} else {
		ret = kobject_init_and_add(&obj->kobj, ktype, NULL, "%s", name);
	}
	if (ret) {
		pr_warn("p2p-topology: cannot add the sysfs directory of %s: %d\n",
			name, ret);
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

static void p2p_sysfs_add_node(struct p2p_node *node)
{
	node->sysfs = p2p_sysfs_add(p2p_sysfs_nodes, &p2p_node_ktype,
				    P2P_EVENT_NODE_ADDED, node, node->name,
				    node->id);
	if (node->dev)
		p2p_sysfs_link_to(node->sysfs, &node->dev->kobj, "device");
}

static void p2p_sysfs_add_link(struct p2p_link *link)
{
	char name[2 * P2P_SYSFS_NAME_MAX + 3];

	snprintf(name, sizeof(name), "%.64s--%.64s", link->end[0].node->name,
		 link->end[1].node->name);
	link->sysfs = p2p_sysfs_add(p2p_sysfs_links, &p2p_link_ktype,
				    P2P_EVENT_LINK_ADDED, link, name, link->id);
	p2p_sysfs_link_to(link->sysfs, link->end[0].node->sysfs, "end0");
	p2p_sysfs_link_to(link->sysfs, link->end[1].node->sysfs, "end1");
}

static void p2p_sysfs_add_provider(struct p2p_provider *provider)
{
	char name[16];

	snprintf(name, sizeof(name), "%u", provider->id);
	provider->sysfs = p2p_sysfs_add(p2p_sysfs_providers,
					&p2p_provider_ktype,
					P2P_EVENT_PROVIDER_ADDED, provider,
					name, provider->id);
	p2p_sysfs_link_to(provider->sysfs, provider->node->sysfs, "owner");
}

static void p2p_sysfs_remove(struct kobject **kobj)
{
	if (!*kobj)
		return;
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
	p2p_sysfs_nodes = kset_create_and_add("nodes", NULL, p2p_sysfs_root);
	p2p_sysfs_links = kset_create_and_add("links", NULL, p2p_sysfs_root);
	p2p_sysfs_providers = kset_create_and_add("providers", NULL,
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
	pr_err("p2p-topology: cannot create /sys/kernel/p2p_topology\n");
}
