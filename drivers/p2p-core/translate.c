// SPDX-License-Identifier: GPL-2.0
/*
 * Address translation along a route.
 *
 * A provider's memory has an address in its own bus's space (a PCI bus
 * address, a fabric aperture, ...). Walking the route from the provider to
 * the client, every link may rewrite it through its bus's translate() op:
 *
 *	provider --link0--> switch --link1--> client
 *	  base+off   xlate0          xlate1     address the client uses
 *
 * A route through the host is different: the root complex forwards host
 * physical addresses, so the client gets the provider's host physical
 * address as %P2P_ADDR_DMA and maps it with the DMA API. Every step checks
 * range and overflow: a wrapped address would send DMA somewhere else.
 */
#include <linux/overflow.h>

#include "core.h"

/**
 * p2p_addr_rebase() - move an address from one window into another
 * @addr: the address; rewritten on success, untouched on error
 * @in_base: first address of the window @addr must lie in
 * @size: size of both windows, not 0
 * @space: the address space of the result
 * @fabric_id: the fabric of the result (for %P2P_ADDR_LINK)
 * @out_base: what @in_base becomes
 *
 * The building block of bus translate() ops: a bus offset, a decoder or a
 * link aperture is a window moved elsewhere.
 *
 * Context: any context.
 * Return: 0, -EINVAL for an empty window, -ERANGE when @addr is outside
 * [@in_base, @in_base + @size) or the result overflows.
 */
int p2p_addr_rebase(struct p2p_addr *addr, u64 in_base, u64 size,
		    enum p2p_addr_space space, u32 fabric_id, u64 out_base)
{
	u64 offset, result;

	if (!addr || !size)
		return -EINVAL;
	if (addr->addr < in_base)
		return -ERANGE;
	offset = addr->addr - in_base;
	if (offset >= size || check_add_overflow(out_base, offset, &result))
		return -ERANGE;

	addr->space = space;
	addr->fabric_id = fabric_id;
	addr->addr = result;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(p2p_addr_rebase, P2P_TOPOLOGY);

/**
 * p2p_translate_host() - the address of provider memory through the host
 * @provider: the provider
 * @offset: offset into the provider's memory
 * @out: the client's address: the host physical one, as %P2P_ADDR_DMA
 *
 * The root complex forwards host physical addresses: a route through the
 * host needs no backend op and no hops.
 *
 * Context: any context.
 * Return: 0, -ERANGE for an offset outside the provider, -EOPNOTSUPP for
 * memory without a host physical address.
 */
int p2p_translate_host(const struct p2p_provider *provider, u64 offset,
		       struct p2p_addr *out)
{
	const struct p2p_provider_desc *desc = &provider->desc;

	if (offset >= desc->size)
		return -ERANGE;
	if (!desc->phys_start)
		return -EOPNOTSUPP;
	out->space = P2P_ADDR_DMA;
	out->fabric_id = 0;
	out->addr = desc->phys_start + offset;
	return 0;
}

/*
 * Move @addr across one hop of a route. The graph lock is held, with the
 * hop on a current route: translate() ops read the link's backend data.
 */
int p2p_translate_hop(const struct p2p_hop *hop, struct p2p_addr *addr)
{
	const struct p2p_link *link = hop->link;

	if (!link->bus->ops->translate)
		return 0;
	return link->bus->ops->translate(link, hop->toward, addr);
}

/* The provider's own address of @offset, where translation starts. */
int p2p_translate_start(const struct p2p_provider *provider, u64 offset,
			struct p2p_addr *addr)
{
	if (offset >= provider->desc.size)
		return -ERANGE;
	/* p2p_provider_add() checked that base + size does not wrap. */
	*addr = provider->desc.base;
	addr->addr += offset;
	return 0;
}

/**
 * p2p_translate_route() - the address of provider memory seen by a client
 * @provider: the provider
 * @route: a route from the client to @provider without error
 * @offset: offset into the provider's memory
 * @out: the client's address
 *
 * Context: any context. For a direct route, under the graph lock with
 * @route current: the backends' translate() ops run.
 * Return: 0, -ERANGE for an offset outside the provider or a translation
 * out of range, -EOPNOTSUPP for a route through the host to memory
 * without a host physical address, or a translate() op's error.
 */
int p2p_translate_route(const struct p2p_provider *provider,
			const struct p2p_cached_route *route, u64 offset,
			struct p2p_addr *out)
{
	struct p2p_addr addr;
	u32 i;
	int ret;

	if (route->info.map_type == P2P_MAP_THRU_HOST)
		return p2p_translate_host(provider, offset, out);
	ret = p2p_translate_start(provider, offset, &addr);
	for (i = 0; !ret && i < route->nr_hops; i++)
		ret = p2p_translate_hop(&route->hops[i], &addr);
	if (!ret)
		*out = addr;
	return ret;
}

/**
 * p2p_translate_searching() - translate along a route searched for now
 * @provider: the provider
 * @client: the client device
 * @offset: offset into the provider's memory
 * @out: the client's address
 *
 * For a direct route whose hops no cache entry could keep: a search finds
 * the route again and the address is moved along it in the same critical
 * section, without allocating. The answer may differ from the one the
 * caller had when the topology changed in between; it is this search's.
 *
 * Context: any context; takes the graph lock.
 * Return: as p2p_translate_route(), and the errors of p2p_search_provider().
 */
int p2p_translate_searching(const struct p2p_provider *provider,
			    struct device *client, u64 offset,
			    struct p2p_addr *out)
{
	struct p2p_route_info info;
	struct p2p_search search;
	struct p2p_addr addr;
	struct p2p_hop hop;
	unsigned long flags;
	u32 state;
	int ret;

	spin_lock_irqsave(&p2p_graph.lock, flags);
	ret = p2p_search_provider(&search, provider, client, P2P_DIR_BOTH,
				  NULL);
	if (ret)
		goto out_unlock;
	p2p_route_summarise(&search, &info);
	if (info.map_type == P2P_MAP_THRU_HOST) {
		ret = p2p_translate_host(provider, offset, out);
		goto out_unlock;
	}
	ret = p2p_translate_start(provider, offset, &addr);
	state = search.last;
	while (!ret && p2p_search_hop(&search, &state, &hop))
		ret = p2p_translate_hop(&hop, &addr);
	if (!ret)
		*out = addr;
out_unlock:
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	return ret;
}
