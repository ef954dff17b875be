// SPDX-License-Identifier: GPL-2.0
/*
 * The route cache: one entry per (provider, client, directions), kept in the
 * provider and valid while the topology generation it was computed in is
 * current. Every change to the graph bumps the generation, so invalidation
 * costs nothing; a stale entry is replaced by the next query for the same
 * pair. A hit is a hash lookup and a comparison under rcu_read_lock(), the
 * same work as p2pdma's per-provider xarray lookup.
 */
#include <linux/rculist.h>
#include <linux/slab.h>

#include "core.h"

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

	route = kzalloc(struct_size(route, hops, search.found ? search.hops : 0),
			GFP_ATOMIC | __GFP_NOWARN);
	if (!route) {
		spin_unlock_irqrestore(&p2p_graph.lock, flags);
		return ERR_PTR(-ENOMEM);
	}
	route->client = client;
	route->dirs = dirs;
	route->generation = p2p_generation();
	if (search.found) {
		route->nr_hops = search.hops;
		p2p_search_route(&search, route->hops);
	} else {
		route->error = -EHOSTUNREACH;
	}
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
 * @computed: set to whether this call searched (a cache miss); may be NULL
 *
 * Context: any context; the caller holds rcu_read_lock() for as long as it
 * uses the result.
 * Return: the route (whose @error may say there is none), or an ERR_PTR():
 * -ENODEV when the provider or its node was removed or @client has no
 * node, -ENOMEM.
 */
const struct p2p_cached_route *p2p_route_get(struct p2p_provider *provider,
					     struct device *client,
					     unsigned int dirs, bool *computed)
{
	u64 generation = p2p_generation();
	struct p2p_cached_route *route;

	if (computed)
		*computed = false;

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
	if (computed)
		*computed = true;
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
