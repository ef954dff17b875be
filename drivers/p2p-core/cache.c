// SPDX-License-Identifier: GPL-2.0
/*
 * The route cache: one entry per (provider, client, directions), kept in the
 * provider and valid while the topology generation it was computed in is
 * current. Every change to the graph bumps the generation, so invalidation
 * costs nothing; a stale entry is replaced by the next query for the same
 * pair. A hit is a hash lookup and a comparison under rcu_read_lock(), the
 * same work as p2pdma's per-provider xarray lookup. When no entry can be
 * allocated the query still answers; only the hops a translation needs
 * are then missing.
 */
#include <kunit/static_stub.h>
#include <kunit/visibility.h>
#include <linux/device.h>
#include <linux/property.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "core.h"
#include "trace.h"

/**
 * p2p_cached_route_alloc() - allocate a cache entry
 * @nr_hops: the length of the route it will hold
 *
 * The one allocation of the query path; KUnit suites make it fail here.
 *
 * Context: any context; the graph lock is held.
 * Return: a zeroed entry with room for @nr_hops hops, or NULL.
 */
VISIBLE_IF_KUNIT struct p2p_cached_route *p2p_cached_route_alloc(u32 nr_hops)
{
	struct p2p_cached_route *route;

	KUNIT_STATIC_STUB_REDIRECT(p2p_cached_route_alloc, nr_hops);
	route = kzalloc(struct_size(route, hops, nr_hops),
			GFP_ATOMIC | __GFP_NOWARN);
	if (route)
		route->nr_hops = nr_hops;
	return route;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cached_route_alloc);

/* Whether two answers would be explained alike (see p2p_route_info). */
static bool p2p_same_answer(const struct p2p_cached_route *a,
			    const struct p2p_cached_route *b)
{
	return a->client_fwnode == b->client_fwnode && a->error == b->error &&
	       a->info.map_type == b->info.map_type &&
	       a->info.refusal.node_id == b->info.refusal.node_id &&
	       a->info.refusal.reason == b->info.refusal.reason;
}

/*
 * Replace the entry of the same client and directions, stale or not, with
 * an answer of the current generation. An answer computed in an older one
 * is not kept at all: a slow query that searched before a change may
 * finish after a fast one that searched after it, and the old answer may
 * name objects of a backend that p2p_cache_prune() has just cleaned away.
 * Return whether the answer is new: there was no entry, or its answer
 * differed. Of two CPUs that compute the same answer at once, only the
 * first to insert it sees it as new. An answer that is not kept is freed
 * after a grace period: the caller, under rcu_read_lock(), may still read
 * it (it is stale; translation retries).
 */
VISIBLE_IF_KUNIT bool p2p_cache_insert(struct p2p_provider *provider,
				       struct p2p_cached_route *route)
{
	struct p2p_cached_route *old;
	unsigned long flags;
	bool new_answer = true;

	spin_lock_irqsave(&provider->cache_lock, flags);
	/* Under the lock that p2p_cache_prune() takes after a change. */
	if (route->generation != p2p_generation()) {
		new_answer = false;	/* a newer one is, or will be, told */
		kfree_rcu(route, rcu);
		goto out;
	}
	hash_for_each_possible(provider->cache, old, entry,
			       (unsigned long)route->client) {
		if (old->client != route->client || old->dirs != route->dirs)
			continue;
		new_answer = !p2p_same_answer(old, route);
		hlist_replace_rcu(&old->entry, &route->entry);
		kfree_rcu(old, rcu);
		goto out;
	}
	hash_add_rcu(provider->cache, &route->entry, (unsigned long)route->client);
out:
	spin_unlock_irqrestore(&provider->cache_lock, flags);
	return new_answer;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cache_insert);

/*
 * Search, answer in @info, and keep the answer when an entry can be
 * allocated: *@stored is the entry, or NULL. As in p2pdma, a failed cache
 * store loses nothing but the next query's time.
 */
static int p2p_route_compute(struct p2p_provider *provider,
			     struct device *client, unsigned int dirs,
			     struct p2p_route_info *info,
			     const struct p2p_cached_route **stored)
{
	struct p2p_cached_route *route = NULL;
	struct p2p_search search;
	unsigned long flags;
	int error;

	p2p_route_info_none(info);
	spin_lock_irqsave(&p2p_graph.lock, flags);
	/* In stretches: a miss on a large fabric must not keep IRQs off. */
	error = p2p_search_provider(&search, provider, client, dirs, &flags);
	if (error == -ENODEV)
		goto out_unlock;

	p2p_route_summarise(&search, info);
	route = p2p_cached_route_alloc(search.found ? search.hops : 0);
	if (route) {
		route->client = client;
		/* The firmware node the search went by, read under the lock */
		route->client_fwnode = search.client_fwnode;
		route->client_by_fwnode = search.client_by_fwnode;
		route->dirs = dirs;
		route->generation = p2p_generation();
		route->error = error;
		route->info = *info;
		if (search.found)
			p2p_search_route(&search, route->hops);
	}
out_unlock:
	p2p_search_done(&search);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);

	if (route)
		info->new_answer = p2p_cache_insert(provider, route);
	if (stored)
		*stored = route;
	return error;
}

/*
 * Whether @client may have a node, read without the graph lock: the same
 * comparison of values p2p_search_run() makes, against the nodes hashed
 * now. Nodes are freed after a grace period and leave the hash before
 * they drop their device, so this never dereferences a freed one; a node
 * being removed may still be seen (the locked search then answers), and
 * a node added meanwhile may not (the answer is that of a query made just
 * before). A device freed and another allocated at its address is told
 * apart as in the search itself: by address and firmware node, against
 * the nodes that exist, which hold their device and firmware node.
 */
static bool p2p_client_has_node(const struct device *client,
				const struct fwnode_handle *fwnode)
{
	const struct p2p_node *node;

	hash_for_each_possible_rcu(p2p_graph.dev_nodes, node, dev_entry,
				   (unsigned long)client)
		if (node->dev == client)
			return true;
	if (!fwnode)
		return false;
	hash_for_each_possible_rcu(p2p_graph.dev_nodes, node, dev_entry,
				   (unsigned long)fwnode)
		if (!node->dev && node->fwnode == fwnode)
			return true;
	return false;
}

/*
 * The entry that answers for @client and @dirs in the current generation,
 * or NULL; a hit is counted and traced. The firmware node is compared
 * only for a client the graph knows by it (see p2p_route_answer()): a
 * client with a node of its own is held by that node while the entry is
 * current, so the address alone names it, and the common hit makes no
 * call. (The node is removed, and the generation bumped, before the node
 * drops the device; the caller got its device pointer after the device
 * was allocated, so a current generation means the device the entry was
 * filled for.) Inlined: it is all of the mapping path's work.
 */
static __always_inline const struct p2p_cached_route *
p2p_cache_lookup(struct p2p_provider *provider, struct device *client,
		 unsigned int dirs)
{
	u64 generation = p2p_generation();
	struct p2p_cached_route *route;

	hash_for_each_possible_rcu(provider->cache, route, entry,
				   (unsigned long)client) {
		if (route->client == client && route->dirs == dirs &&
		    route->generation == generation &&
		    (!route->client_by_fwnode ||
		     route->client_fwnode == dev_fwnode(client))) {
			p2p_stat_inc(P2P_STAT_CACHE_HITS);
			trace_p2p_route(provider, client, dirs,
					P2P_ANSWER_CACHED, route->error,
					&route->info);
			return route;
		}
	}
	return NULL;
}

/**
 * p2p_route_map_type_cached() - the map type of a cached route, and no more
 * @provider: the provider
 * @client: the client device
 * @dirs: as for p2p_route(); directions p2p_route() refuses are never
 *	cached, so they get -EAGAIN here and -EINVAL from p2p_route()
 *
 * For the mapping path, which asks the same pairs again and again and
 * needs only the map type (p2pdma's pci_p2pdma_map_type() keeps only that
 * in its per-provider xarray): the answer p2p_route() would give, read from
 * the route cache when it holds one for the current topology, without
 * copying the route's summary. Nothing is searched, locked or allocated.
 * On -EAGAIN the caller asks p2p_route(), which searches and fills the
 * cache.
 *
 * Context: any context; never sleeps. The caller keeps @provider alive.
 * Return: the cached answer's map type (&enum p2p_map_type, positive):
 * that of the route, or %P2P_MAP_NOT_SUPPORTED where p2p_route() would
 * return -EHOSTUNREACH; -EAGAIN when the answer is not cached; -EINVAL
 * for a NULL argument.
 */
int p2p_route_map_type_cached(struct p2p_provider *provider,
			      struct device *client, unsigned int dirs)
{
	const struct p2p_cached_route *route;
	int map = -EAGAIN;

	if (!provider || !client)
		return -EINVAL;
	rcu_read_lock();
	route = p2p_cache_lookup(provider, client, dirs);
	if (route)
		map = route->error ? P2P_MAP_NOT_SUPPORTED :
				     route->info.map_type;
	rcu_read_unlock();
	return map;
}
EXPORT_SYMBOL_NS_GPL(p2p_route_map_type_cached, P2P_TOPOLOGY);

/**
 * p2p_route_answer() - the route from @client to @provider, cached or new
 * @provider: the provider
 * @client: the client device
 * @dirs: the directions the route must carry
 * @info: the answer; %P2P_MAP_NOT_SUPPORTED when there is no route
 * @stored: if not NULL, set to the cache entry that holds the answer and
 *	the route's hops, or to NULL when the answer could not be kept
 *	(no memory for an entry; @info and the return value are still the
 *	answer)
 *
 * An entry is for one device: it is found by the client's address and,
 * for a device the graph knows only by its firmware node, that firmware
 * node as seen when the entry was filled. Such a device is not referenced
 * by the graph and may be freed, and another device allocated at its
 * address, without any change to the graph; a different firmware node
 * tells the two apart, and the same one gives the same answer. A device
 * bound to a node cannot be freed while the entry is valid: the node
 * holds a reference, and removing the node makes the entry stale; its
 * address is enough. A client that the node hash shows to
 * have no node is answered -ENODEV without an entry and without taking
 * the graph lock (p2p_client_has_node()); one it may have, a node being
 * removed included, is answered by the locked search.
 *
 * Context: any context; the caller holds rcu_read_lock() for as long as it
 * uses *@stored.
 * Return: 0 when a route exists, -EHOSTUNREACH when none does, -ENODEV
 * when the provider or its node was removed or @client has no node.
 */
int p2p_route_answer(struct p2p_provider *provider, struct device *client,
		     unsigned int dirs, struct p2p_route_info *info,
		     const struct p2p_cached_route **stored)
{
	const struct p2p_cached_route *route;
	struct fwnode_handle *fwnode;
	int error;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "route lookup without RCU");
	route = p2p_cache_lookup(provider, client, dirs);
	if (route) {
		*info = route->info;
		if (stored)
			*stored = route;
		return route->error;
	}
	fwnode = dev_fwnode(client);
	/* A child device of a PCI function, asked about on every map. */
	if (!p2p_client_has_node(client, fwnode)) {
		p2p_stat_inc(P2P_STAT_NO_NODE);
		p2p_route_info_none(info);
		trace_p2p_route(provider, client, dirs, P2P_ANSWER_NO_NODE,
				-ENODEV, info);
		if (stored)
			*stored = NULL;
		return -ENODEV;
	}
	p2p_stat_inc(P2P_STAT_CACHE_MISSES);
	error = p2p_route_compute(provider, client, dirs, info, stored);
	trace_p2p_route(provider, client, dirs, P2P_ANSWER_SEARCH, error, info);
	return error;
}

/**
 * p2p_cache_forget_client() - drop cached routes of a device that goes away
 * @client: the device
 *
 * They are stale already (the removal bumped the generation); dropping them
 * keeps caches from growing with devices that come and go.
 *
 * Context: the graph mutex is held.
 */
void p2p_cache_forget_client(struct device *client)
{
	struct p2p_provider *provider;
	struct p2p_cached_route *route;
	struct hlist_node *tmp;
	unsigned long flags;

	lockdep_assert_held(&p2p_graph.mutex);
	list_for_each_entry(provider, &p2p_graph.providers, entry) {
		spin_lock_irqsave(&provider->cache_lock, flags);
		hash_for_each_possible_safe(provider->cache, route, tmp, entry,
					    (unsigned long)client) {
			if (route->client == client) {
				hash_del_rcu(&route->entry);
				kfree_rcu(route, rcu);
			}
		}
		spin_unlock_irqrestore(&provider->cache_lock, flags);
	}
}

/**
 * p2p_cache_prune() - drop every cached route that is stale
 *
 * A stale entry is never answered again, but it keeps pointers to the
 * links and nodes its route crossed until a query for the same pair
 * replaces it. When a backend goes (p2p_bus_unregister(), a module
 * unloaded), nothing may be left that names its objects.
 *
 * Context: the graph mutex is held.
 */
void p2p_cache_prune(void)
{
	u64 generation = p2p_generation();
	struct p2p_provider *provider;
	struct p2p_cached_route *route;
	struct hlist_node *tmp;
	unsigned long flags;
	unsigned int bkt;

	lockdep_assert_held(&p2p_graph.mutex);
	list_for_each_entry(provider, &p2p_graph.providers, entry) {
		spin_lock_irqsave(&provider->cache_lock, flags);
		hash_for_each_safe(provider->cache, bkt, tmp, route, entry) {
			if (route->generation != generation) {
				hash_del_rcu(&route->entry);
				kfree_rcu(route, rcu);
			}
		}
		spin_unlock_irqrestore(&provider->cache_lock, flags);
	}
}

/**
 * p2p_cache_entries() - how many routes the caches hold, stale or not
 *
 * For debugfs and tests.
 *
 * Context: process context; takes the graph mutex.
 * Return: the number of entries of every provider's cache.
 */
unsigned int p2p_cache_entries(void)
{
	struct p2p_provider *provider;
	struct p2p_cached_route *route;
	unsigned int bkt, n = 0;

	mutex_lock(&p2p_graph.mutex);
	rcu_read_lock();
	list_for_each_entry(provider, &p2p_graph.providers, entry)
		hash_for_each_rcu(provider->cache, bkt, route, entry)
			n++;
	rcu_read_unlock();
	mutex_unlock(&p2p_graph.mutex);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cache_entries);

/**
 * p2p_cache_free() - free a provider's cache
 * @provider: a provider no reader can reach any more
 *
 * Context: the RCU callback that frees @provider.
 */
void p2p_cache_free(struct p2p_provider *provider)
{
	struct p2p_cached_route *route;
	struct hlist_node *tmp;
	unsigned int bkt;

	hash_for_each_safe(provider->cache, bkt, tmp, route, entry)
		kfree(route);
}
