// SPDX-License-Identifier: GPL-2.0
/*
 * The route cache: one entry per (provider, client, directions), kept in the
 * provider and valid while the topology generation it was computed in is
 * current. Every change to the graph bumps the generation, so invalidation
 * costs nothing; a stale entry is replaced by the next query for the same
 * pair. A hit is a hash lookup and a comparison under rcu_read_lock(), the
 * same work as p2pdma's per-provider xarray lookup.
 */
#include <kunit/static_stub.h>
#include <kunit/visibility.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "core.h"

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

static void p2p_cache_insert(struct p2p_provider *provider,
			     struct p2p_cached_route *route)
{
	struct p2p_cached_route *old;
	unsigned long flags;

	spin_lock_irqsave(&provider->cache_lock, flags);
	hash_for_each_possible(provider->cache, old, entry,
			       (unsigned long)route->client) {
		if (old->client == route->client && old->dirs == route->dirs) {
			hlist_replace_rcu(&old->entry, &route->entry);
			kfree_rcu(old, rcu);
			goto out;
		}
	}
	hash_add_rcu(provider->cache, &route->entry, (unsigned long)route->client);
out:
	spin_unlock_irqrestore(&provider->cache_lock, flags);
}

static const struct p2p_cached_route *
p2p_route_compute(struct p2p_provider *provider, struct device *client,
		  unsigned int dirs)
{
	struct p2p_search search = {
		.client = client,
		.target = provider->node,
		.dirs = dirs & P2P_DIR_BOTH,
		.no_private = dirs & P2P_ROUTE_NO_PRIVATE,
	};
	struct p2p_cached_route *route;
	unsigned long flags;

	spin_lock_irqsave(&p2p_graph.lock, flags);
	if (provider->removed || provider->node->removed) {
		spin_unlock_irqrestore(&p2p_graph.lock, flags);
		return ERR_PTR(-ENODEV);
	}
	p2p_search_run(&search);
	if (!search.client_known) {
		spin_unlock_irqrestore(&p2p_graph.lock, flags);
		return ERR_PTR(-ENODEV);
	}

	route = p2p_cached_route_alloc(search.found ? search.hops : 0);
	if (!route) {
		spin_unlock_irqrestore(&p2p_graph.lock, flags);
		return ERR_PTR(-ENOMEM);
	}
	route->client = client;
	route->dirs = dirs;
	route->generation = p2p_generation();
	if (search.found)
		p2p_search_route(&search, route->hops);
	else
		route->error = -EHOSTUNREACH;
	p2p_route_summarise(&search, &route->info);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);

	p2p_cache_insert(provider, route);
	return route;
}

/**
 * p2p_route_get() - the route from @client to @provider, cached or new
 * @provider: the provider
 * @client: the client device
 * @dirs: the directions the route must carry
 *
 * Context: any context; the caller holds rcu_read_lock() for as long as it
 * uses the result.
 * Return: the route (whose @error may say there is none), or an ERR_PTR():
 * -ENODEV when the provider or its node was removed or @client has no
 * node, -ENOMEM.
 */
const struct p2p_cached_route *p2p_route_get(struct p2p_provider *provider,
					     struct device *client,
					     unsigned int dirs)
{
	u64 generation = p2p_generation();
	struct p2p_cached_route *route;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "route lookup without RCU");
	hash_for_each_possible_rcu(provider->cache, route, entry,
				   (unsigned long)client) {
		if (route->client == client && route->dirs == dirs &&
		    route->generation == generation) {
			p2p_stat_inc(P2P_STAT_CACHE_HITS);
			return route;
		}
	}
	p2p_stat_inc(P2P_STAT_CACHE_MISSES);
	return p2p_route_compute(provider, client, dirs);
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
