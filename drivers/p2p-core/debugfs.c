// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: the topology as the core sees it, for people and for the demo.
 *
 *	/sys/kernel/debug/p2p-topology/nodes      id type bus name
 *	/sys/kernel/debug/p2p-topology/links      id bus ends and attributes
 *	/sys/kernel/debug/p2p-topology/providers  id node range, published
 *	/sys/kernel/debug/p2p-topology/stats      generation and cache counters
 *	/sys/kernel/debug/p2p-topology/routes     route between every two endpoints
 *
 * Not an ABI: for developers and the demo. Tools read the sysfs ABI
 * (sysfs.c) instead.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "core.h"

static int nodes_show(struct seq_file *m, void *unused)
{
	struct p2p_node *node;
	unsigned long id;

	mutex_lock(&p2p_graph.mutex);
	xa_for_each(&p2p_graph.nodes, id, node)
		seq_printf(m, "%u %s %s %s\n", node->id,
			   p2p_node_type_names[node->type], node->bus->name,
			   node->name);
	mutex_unlock(&p2p_graph.mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nodes);

static int links_show(struct seq_file *m, void *unused)
{
	struct p2p_link *link;
	unsigned long id;

	mutex_lock(&p2p_graph.mutex);
	xa_for_each(&p2p_graph.links, id, link)
		seq_printf(m, "%u %s %s <-> %s cost=%u bandwidth_MBps=%u latency_ns=%u dirs=%s%s%s\n",
			   link->id, link->bus->name, link->end[0].node->name,
			   link->end[1].node->name, link->attr.cost,
			   link->attr.bandwidth_MBps, link->attr.latency_ns,
			   link->attr.dirs & P2P_DIR_READ ? "r" : "",
			   link->attr.dirs & P2P_DIR_WRITE ? "w" : "",
			   link->attr.down ? " down" : "");
	mutex_unlock(&p2p_graph.mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(links);

static int providers_show(struct seq_file *m, void *unused)
{
	struct p2p_provider *provider;

	mutex_lock(&p2p_graph.mutex);
	list_for_each_entry(provider, &p2p_graph.providers, entry)
		seq_printf(m, "%u %s phys=%#llx size=%#llx%s\n", provider->id,
			   provider->node->name, provider->desc.phys_start,
			   provider->desc.size,
			   provider->desc.published ? " published" : "");
	mutex_unlock(&p2p_graph.mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(providers);

static int stats_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "generation %llu\n", p2p_generation());
	seq_printf(m, "cache_hits %lu\n", p2p_stat(P2P_STAT_CACHE_HITS));
	seq_printf(m, "cache_misses %lu\n", p2p_stat(P2P_STAT_CACHE_MISSES));
	seq_printf(m, "searches %lu\n", p2p_stat(P2P_STAT_SEARCHES));
	seq_printf(m, "search_restarts %lu\n",
		   p2p_stat(P2P_STAT_SEARCH_RESTARTS));
	seq_printf(m, "search_hold_max_ns %llu\n", p2p_search_hold_max_ns(false));
	seq_printf(m, "no_node %lu\n", p2p_stat(P2P_STAT_NO_NODE));
	seq_printf(m, "cache_entries %u\n", p2p_cache_entries());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

/*
 * One search from @client to @target, as a consumer would see it. The
 * graph mutex keeps @client published, and a published node holds its
 * device: @client->dev is valid here without a reference of its own.
 */
static void routes_show_one(struct seq_file *m, struct p2p_node *client,
			    struct p2p_node *target)
{
	struct p2p_search search = {
		.client = client->dev,
		.target = target,
		.dirs = P2P_DIR_BOTH,
	};
	struct p2p_route_info info = { .map_type = P2P_MAP_NOT_SUPPORTED };
	unsigned long flags;
	char blamed[64];

	spin_lock_irqsave(&p2p_graph.lock, flags);
	p2p_search_run(&search);
	p2p_route_summarise(&search, &info);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);

	seq_printf(m, "%s -> %s %s", client->name, target->name,
		   p2p_map_type_names[info.map_type]);
	if (search.found)
		seq_printf(m, " distance=%u cost=%u hops=%u", info.distance,
			   info.cost, info.hops);
	/* Why there is no route, or why it goes the long way. */
	if (p2p_refusal_node_name(&info.refusal, blamed, sizeof(blamed)))
		seq_printf(m, " refused-at=%s (%s)", blamed, info.refusal.reason);
	seq_putc(m, '\n');
}

static int routes_show(struct seq_file *m, void *unused)
{
	struct p2p_node *client, *target;
	unsigned long ci, ti;

	mutex_lock(&p2p_graph.mutex);
	xa_for_each(&p2p_graph.nodes, ci, client) {
		if (client->type != P2P_NODE_ENDPOINT || !client->dev)
			continue;
		xa_for_each(&p2p_graph.nodes, ti, target)
			if (target != client && target->type == P2P_NODE_ENDPOINT &&
			    target->dev)
				routes_show_one(m, client, target);
	}
	mutex_unlock(&p2p_graph.mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(routes);

void p2p_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("p2p-topology", NULL);

	debugfs_create_file("nodes", 0444, dir, NULL, &nodes_fops);
	debugfs_create_file("links", 0444, dir, NULL, &links_fops);
	debugfs_create_file("providers", 0444, dir, NULL, &providers_fops);
	debugfs_create_file("stats", 0444, dir, NULL, &stats_fops);
	debugfs_create_file("routes", 0444, dir, NULL, &routes_fops);
}
