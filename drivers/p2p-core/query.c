// SPDX-License-Identifier: GPL-2.0
/*
 * The consumer API: can this client reach that provider, how, at what cost
 * and at which address; which provider suits a set of clients best; do two
 * devices share a private interconnect.
 *
 * Every query but p2p_interconnect_group(), which takes the graph mutex,
 * may run in atomic context. A cached answer is read under RCU without
 * locks; a miss runs one route search under the graph lock.
 */
#include <linux/device.h>
#include <linux/limits.h>
#include <linux/property.h>
#include <linux/rculist.h>
#include <linux/string.h>

#include "core.h"

static bool p2p_dirs_valid(unsigned int dirs)
{
	return (dirs & P2P_DIR_BOTH) &&
	       !(dirs & ~(P2P_DIR_BOTH | P2P_ROUTE_NO_PRIVATE));
}

/**
 * p2p_route() - how a client reaches a provider's memory
 * @provider: the provider
 * @client: the device that will do the DMA
 * @dirs: %P2P_DIR_READ and/or %P2P_DIR_WRITE: what the client will do;
 *	plus %P2P_ROUTE_NO_PRIVATE to leave private interconnects out
 * @info: the answer; on error its map type is %P2P_MAP_NOT_SUPPORTED and
 *	@info->refusal may name the node that refused
 *
 * The answer is kept until the topology changes; when there is no memory
 * to keep it, it is given all the same.
 *
 * Context: never sleeps; anywhere a spinlock_t may be taken.
 * Return: 0 when a route exists, -EHOSTUNREACH when none does, -ENODEV
 * when @client has no node in the topology or the provider was removed,
 * -EINVAL for bad arguments.
 */
int p2p_route(struct p2p_provider *provider, struct device *client,
	      unsigned int dirs, struct p2p_route_info *info)
{
	int ret;

	if (!info)
		return -EINVAL;
	p2p_route_info_none(info);
	if (!provider || !client || !p2p_dirs_valid(dirs))
		return -EINVAL;

	rcu_read_lock();
	ret = p2p_route_answer(provider, client, dirs, info, NULL);
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_NS_GPL(p2p_route, P2P_TOPOLOGY);

/*
 * Search from the client to one node of the target device; keep the route
 * in @best if it is the cheapest so far. False when the client is unknown,
 * which no other node of the target changes, or when the search must
 * start again (@search->restart).
 */
static bool p2p_search_to_node(struct p2p_search *search,
			       const struct p2p_node *node,
			       struct p2p_search_best *best, int *ret)
{
	search->target = node;
	p2p_search_run(search);
	if (search->restart || !search->client_known)
		return false;
	*ret = -EHOSTUNREACH;
	if (search->found && (search->cost < best->cost ||
			      (search->cost == best->cost &&
			       search->hops < best->hops))) {
		best->node = node;
		best->cost = search->cost;
		best->hops = search->hops;
	}
	return true;
}

/**
 * p2p_route_to_device() - how a client reaches a device's node
 * @target: the device whose node the route leads to; it need not be a
 *	provider (p2pdma answers for any PCI function)
 * @client: the device that will do the DMA
 * @dirs: %P2P_DIR_READ and/or %P2P_DIR_WRITE, and optionally
 *	%P2P_ROUTE_NO_PRIVATE
 * @info: the answer, as from p2p_route()
 *
 * Like p2p_route(), but not cached: every call searches. Consumers with a
 * provider should use p2p_route().
 *
 * Context: never sleeps; anywhere a spinlock_t may be taken.
 * Return: 0, -EHOSTUNREACH, -ENODEV when either device has no node, or
 * -EINVAL for bad arguments.
 */
int p2p_route_to_device(struct device *target, struct device *client,
			unsigned int dirs, struct p2p_route_info *info)
{
	return p2p_route_to_device_walk(target, client, dirs, info, NULL, NULL);
}
EXPORT_SYMBOL_NS_GPL(p2p_route_to_device, P2P_TOPOLOGY);

/**
 * p2p_route_to_device_walk() - p2p_route_to_device(), and a look at the route
 * @target: as for p2p_route_to_device()
 * @client: as for p2p_route_to_device()
 * @dirs: as for p2p_route_to_device()
 * @info: as for p2p_route_to_device()
 * @walk: if not NULL, called with the search that found the route, in the
 *	same critical section, so that it may walk the route's hops
 *	(p2p_search_hop()); not called when there is no route
 * @ctx: passed to @walk
 *
 * A caller with interrupts on searches in stretches, as a cache miss does
 * (route.c): a question any user may ask (/dev/p2p_topology) must not
 * keep interrupts off for the length of a search of a large fabric.
 *
 * Context: never sleeps; takes the graph lock, which @walk runs under.
 * Return: as p2p_route_to_device().
 */
int p2p_route_to_device_walk(struct device *target, struct device *client,
			     unsigned int dirs, struct p2p_route_info *info,
			     p2p_search_walk_fn walk, void *ctx)
{
	struct p2p_search search = {
		.client = client,
		.dirs = dirs & P2P_DIR_BOTH,
		.no_private = dirs & P2P_ROUTE_NO_PRIVATE,
	};
	struct p2p_search_best best;
	struct fwnode_handle *fwnode;
	const struct p2p_node *node;
	unsigned long flags;
	int ret;

	if (!info)
		return -EINVAL;
	p2p_route_info_none(info);
	if (!target || !client || !p2p_dirs_valid(dirs))
		return -EINVAL;
	fwnode = dev_fwnode(target);

	spin_lock_irqsave(&p2p_graph.lock, flags);
	p2p_search_begin(&search, &flags, false);
again:
	best = (struct p2p_search_best){ .cost = U64_MAX, .hops = U32_MAX };
	search.target = NULL;
	search.restart = false;
	ret = -ENODEV;
	/* One search per node of the target, as forward() rules may differ. */
	hash_for_each_possible(p2p_graph.dev_nodes, node, dev_entry,
			       (unsigned long)target)
		if (node->dev == target &&
		    !p2p_search_to_node(&search, node, &best, &ret))
			break;
	if (ret == -ENODEV && fwnode && !search.restart)
		hash_for_each_possible(p2p_graph.dev_nodes, node, dev_entry,
				       (unsigned long)fwnode)
			if (!node->dev && node->fwnode == fwnode &&
			    !p2p_search_to_node(&search, node, &best, &ret))
				break;
	if (best.node && !search.restart) {
		/*
		 * The search space must hold the winner's states. A repeat
		 * may find forward() answering differently: its answer is the
		 * one returned, route or none.
		 */
		if (search.target != best.node || !search.found) {
			search.target = best.node;
			p2p_search_run(&search);
		}
		ret = search.found ? 0 : -EHOSTUNREACH;
	}
	/* The graph changed during a pause: the nodes above may be gone. */
	if (search.restart) {
		p2p_search_restarting(&search);
		goto again;
	}
	if (search.target && search.client_known)
		p2p_route_summarise(&search, info);
	if (walk && !ret)
		walk(&search, ctx);
	p2p_search_done(&search);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	return ret;
}

/**
 * p2p_refusal_node_name() - the name of the node a refusal blames
 * @refusal: a refusal from a route query
 * @buf: where to copy the name
 * @size: size of @buf
 *
 * The node may be gone by the time a consumer prints the refusal; the name
 * is copied while it is known to be valid.
 *
 * Context: any context.
 * Return: true with the name in @buf, false when the refusal has no reason
 * or the node no longer exists.
 */
bool p2p_refusal_node_name(const struct p2p_refusal *refusal, char *buf,
			   size_t size)
{
	const struct p2p_node *node;
	bool found = false;

	if (!refusal || !refusal->reason || !buf || !size)
		return false;
	rcu_read_lock();
	node = xa_load(&p2p_graph.nodes, refusal->node_id);
	if (node) {
		strscpy(buf, node->name, size);
		found = true;
	}
	rcu_read_unlock();
	return found;
}
EXPORT_SYMBOL_NS_GPL(p2p_refusal_node_name, P2P_TOPOLOGY);

/* Say why @client cannot use @provider, or why its route is roundabout. */
static void p2p_explain(struct p2p_provider *provider, struct device *client,
			int error, const struct p2p_route_info *info)
{
	const struct p2p_node *refuser = NULL;

	rcu_read_lock();
	if (info->refusal.reason)
		refuser = xa_load(&p2p_graph.nodes, info->refusal.node_id);

	if (error == -ENODEV)
		dev_warn(client, "cannot be used for peer-to-peer DMA with %s: not in the p2p topology\n",
			 provider->node->name);
	else if (error && refuser)
		dev_warn(client, "cannot reach %s for peer-to-peer DMA: %s refuses to forward (%s)\n",
			 provider->node->name, refuser->name, info->refusal.reason);
	else if (error)
		dev_warn(client, "cannot reach %s for peer-to-peer DMA: no route in the p2p topology\n",
			 provider->node->name);
	else if (refuser)
		dev_info(client, "peer-to-peer DMA with %s goes the long way: %s refuses to forward (%s)\n",
			 provider->node->name, refuser->name, info->refusal.reason);
	rcu_read_unlock();
}

/**
 * p2p_distance_many() - how far a provider is from a set of clients
 * @provider: the provider
 * @clients: the devices that will do DMA to it
 * @num_clients: number of entries in @clients
 * @verbose: log, for every client that cannot use the provider, which node
 *	refused and why
 *
 * Like pci_p2pdma_distance_many(): the sum of the route distances, or -1
 * when any client has no route. Routes must carry both directions.
 *
 * Context: never sleeps; anywhere a spinlock_t may be taken.
 * Return: the summed distance (saturated at INT_MAX), or -1.
 */
int p2p_distance_many(struct p2p_provider *provider, struct device **clients,
		      unsigned int num_clients, bool verbose)
{
	struct p2p_route_info info;
	bool not_supported = false;
	u64 total = 0;
	unsigned int i;
	int ret;

	if (!provider || !clients || !num_clients)
		return -1;

	for (i = 0; i < num_clients; i++) {
		/* A refusal's reason is a backend's string: explain it first. */
		rcu_read_lock();
		ret = p2p_route(provider, clients[i], P2P_DIR_BOTH, &info);
		if (verbose && clients[i] && (ret || info.refusal.reason))
			p2p_explain(provider, clients[i], ret, &info);
		rcu_read_unlock();
		if (ret) {
			not_supported = true;
			if (!verbose)
				break;
			continue;
		}
		total += info.distance;
	}
	if (not_supported)
		return -1;
	return min_t(u64, total, INT_MAX);
}
EXPORT_SYMBOL_NS_GPL(p2p_distance_many, P2P_TOPOLOGY);

/* Score of @provider for @clients under @policy; lower is better. */
static int p2p_provider_score(struct p2p_provider *provider,
			      struct device **clients, unsigned int num_clients,
			      enum p2p_find_policy policy, u64 *score)
{
	struct p2p_route_info info;
	unsigned int i;
	int ret;

	*score = 0;
	for (i = 0; i < num_clients; i++) {
		ret = p2p_route_answer(provider, clients[i], P2P_DIR_BOTH, &info,
				       NULL);
		if (ret)
			return ret;
		/* The client's own memory: nothing to cross, nothing slower. */
		if (!info.hops)
			continue;

		switch (policy) {
		case P2P_FIND_COST:
			*score += info.distance;
			break;
		case P2P_FIND_BANDWIDTH:
			/* The slowest client decides; unknown is slowest. */
			*score = max_t(u64, *score,
				       U32_MAX - info.bandwidth_MBps);
			break;
		case P2P_FIND_LATENCY:
			/* The farthest client decides; unknown is farthest. */
			*score = max_t(u64, *score, info.latency_ns ?: U32_MAX);
			break;
		}
	}
	return 0;
}

/**
 * p2p_find_provider() - the published provider that suits all clients best
 * @clients: the devices that will do DMA
 * @num_clients: number of entries in @clients
 * @policy: what to optimise
 *
 * Only providers that every client can reach in both directions qualify.
 * Among equally good ones the oldest wins, so the answer is reproducible.
 *
 * Context: never sleeps; anywhere a spinlock_t may be taken.
 * Return: the provider with a reference (drop it with p2p_provider_put()),
 * or NULL when none qualifies or an argument is bad.
 */
struct p2p_provider *p2p_find_provider(struct device **clients,
				       unsigned int num_clients,
				       enum p2p_find_policy policy)
{
	struct p2p_provider *provider, *best = NULL;
	u64 score, best_score = U64_MAX;
	unsigned int i;

	if (!clients || !num_clients || policy > P2P_FIND_LATENCY)
		return NULL;
	for (i = 0; i < num_clients; i++)
		if (!clients[i])
			return NULL;

	rcu_read_lock();
	list_for_each_entry_rcu(provider, &p2p_graph.providers, entry) {
		if (!READ_ONCE(provider->desc.published) ||
		    READ_ONCE(provider->removed))
			continue;
		if (p2p_provider_score(provider, clients, num_clients, policy,
				       &score))
			continue;
		if (score < best_score) {
			best = provider;
			best_score = score;
		}
	}
	if (best && !kref_get_unless_zero(&best->ref))
		best = NULL;
	rcu_read_unlock();
	if (best && READ_ONCE(best->removed)) {
		p2p_provider_put(best);
		best = NULL;
	}
	return best;
}
EXPORT_SYMBOL_NS_GPL(p2p_find_provider, P2P_TOPOLOGY);

/**
 * p2p_translate_offset() - the address a client uses for provider memory
 * @provider: the provider
 * @client: the device that will do the DMA
 * @offset: offset into the provider's memory
 * @out: the typed address: a bus or link address for a direct route,
 *	%P2P_ADDR_DMA (to map with the DMA API) for a route through the host
 *
 * The route used carries both directions. For a direct route, translation
 * runs the backends' translate() ops under the graph lock: unlike
 * p2p_route(), this query then briefly takes a spinlock even when the
 * route is cached.
 *
 * Context: never sleeps; anywhere a spinlock_t may be taken.
 * Return: 0, or the errors of p2p_route() and of address translation
 * (-ERANGE for an offset outside the provider or an address a link cannot
 * carry, -EOPNOTSUPP for memory with no host address behind a host route),
 * -EAGAIN when the topology kept changing during the query. When no
 * memory is left to keep the route, the address is still translated.
 */
int p2p_translate_offset(struct p2p_provider *provider, struct device *client,
			 u64 offset, struct p2p_addr *out)
{
	const struct p2p_cached_route *route;
	unsigned int tries = P2P_TRANSLATE_TRIES;
	struct p2p_route_info info;
	unsigned long flags;
	int ret;

	if (!provider || !client || !out)
		return -EINVAL;

	rcu_read_lock();
	do {
		ret = p2p_route_answer(provider, client, P2P_DIR_BOTH, &info,
				       &route);
		if (ret)
			break;
		/* Through the host: the host address, no backend op to run. */
		if (info.map_type == P2P_MAP_THRU_HOST) {
			ret = p2p_translate_host(provider, offset, out);
			break;
		}
		/* No entry keeps the hops: translate as the route is found. */
		if (!route) {
			ret = p2p_translate_searching(provider, client, offset,
						      out);
			break;
		}
		/*
		 * translate() ops read backend data of the route's links,
		 * which a backend may free once the link is removed: run them
		 * under the graph lock, on a route no change has outdated.
		 */
		ret = -EAGAIN;
		spin_lock_irqsave(&p2p_graph.lock, flags);
		if (route->generation == p2p_generation())
			ret = p2p_translate_route(provider, route, offset, out);
		spin_unlock_irqrestore(&p2p_graph.lock, flags);
	} while (ret == -EAGAIN && --tries);
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_NS_GPL(p2p_translate_offset, P2P_TOPOLOGY);

/**
 * p2p_translate() - the address a client uses for a host physical address
 * @provider: the provider whose memory contains @phys
 * @client: the device that will do the DMA
 * @phys: host physical address inside the provider
 * @out: see p2p_translate_offset()
 *
 * Context: never sleeps; anywhere a spinlock_t may be taken.
 * Return: as p2p_translate_offset(); -ERANGE also when @phys is outside
 * the provider, -EOPNOTSUPP when the provider has no host address.
 */
int p2p_translate(struct p2p_provider *provider, struct device *client,
		  u64 phys, struct p2p_addr *out)
{
	if (!provider || !out)
		return -EINVAL;
	if (!provider->desc.phys_start)
		return -EOPNOTSUPP;
	if (phys < provider->desc.phys_start)
		return -ERANGE;
	return p2p_translate_offset(provider, client,
				    phys - provider->desc.phys_start, out);
}
EXPORT_SYMBOL_NS_GPL(p2p_translate, P2P_TOPOLOGY);

/**
 * p2p_has_interconnect() - whether two devices share a private interconnect
 * @a: a device
 * @b: another device
 *
 * True when a route joins them over links of %P2P_BUS_PRIVATE_INTERCONNECT
 * buses only, without crossing the host: a proprietary fabric such as
 * NVLink or xGMI. A device is trivially connected to itself. Not cached.
 *
 * Context: never sleeps; anywhere a spinlock_t may be taken.
 * Return: true or false; false for NULL arguments.
 */
bool p2p_has_interconnect(struct device *a, struct device *b)
{
	struct p2p_search search = {
		.client = a,
		.target_dev = b,
		.dirs = P2P_DIR_BOTH,
		.private_only = true,
	};
	unsigned long flags;

	if (!a || !b)
		return false;
	if (a == b)
		return true;

	spin_lock_irqsave(&p2p_graph.lock, flags);
	p2p_search_run(&search);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	return search.found;
}
EXPORT_SYMBOL_NS_GPL(p2p_has_interconnect, P2P_TOPOLOGY);

/**
 * p2p_interconnect_group() - the devices a device shares a private fabric with
 * @dev: the device
 * @group: filled with @dev and every device p2p_has_interconnect() joins
 *	to it, each once, @dev first; each stored pointer carries a
 *	reference, which the caller drops with put_device()
 * @max: room in @group
 *
 * What a driver picks its dev_private_owner groups from: the devices whose
 * memory @dev reaches without the host. Where fabric switches join every
 * device, the groups of all members are the same; where devices relay for
 * only some of their neighbours, two members' groups may differ, and a
 * driver that needs one owner for all intersects them. Devices known to
 * the graph only by their firmware node are not listed. Unlike the other
 * queries this one sleeps: it walks every node under the graph mutex,
 * which also keeps the devices it references from going away meanwhile.
 *
 * Context: process context; takes the graph mutex.
 * Return: the number of devices in the group (which may exceed @max; only
 * the first @max are stored and referenced), or -EINVAL.
 */
int p2p_interconnect_group(struct device *dev, struct device **group,
			   unsigned int max)
{
	struct p2p_node *node, *seen;
	unsigned long i, j;
	int count = 1;

	if (!dev || (!group && max))
		return -EINVAL;
	if (max)
		group[0] = get_device(dev);

	mutex_lock(&p2p_graph.mutex);
	xa_for_each(&p2p_graph.nodes, i, node) {
		bool dup = false;

		if (!node->dev || node->dev == dev)
			continue;
		/* A device with several nodes counts once: at its first. */
		xa_for_each_range(&p2p_graph.nodes, j, seen, 0, i) {
			if (j < i && seen->dev == node->dev) {
				dup = true;
				break;
			}
		}
		if (dup || !p2p_has_interconnect(dev, node->dev))
			continue;
		/* A published node holds its device: safe to reference. */
		if (count < max)
			group[count] = get_device(node->dev);
		count++;
	}
	mutex_unlock(&p2p_graph.mutex);
	return count;
}
EXPORT_SYMBOL_NS_GPL(p2p_interconnect_group, P2P_TOPOLOGY);
