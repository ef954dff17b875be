// SPDX-License-Identifier: GPL-2.0
/*
 * DOC: Pages and their providers
 *
 * Memory with struct pages (PCI P2PDMA memory, for one) is known twice: to
 * the graph as a provider, added by its bus backend, and to mm as a
 * &struct dev_pagemap. Code that holds only a page, hmm_range_fault() with
 * a peer's DMA-able alias for one, must find the provider without
 * sleeping. The code that adds both binds them, and the lookup is one
 * xarray load under RCU keyed by the pagemap's address::
 *
 *	page --page->pgmap--> dev_pagemap --p2p_pgmap_providers--> provider
 *
 * A binding holds a reference to its provider, so a provider removed from
 * the graph before its pagemap is unbound stays readable; queries about it
 * answer -ENODEV, as for every removed provider.
 */
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/xarray.h>

#include "core.h"

static DEFINE_XARRAY(p2p_pgmap_providers);

/**
 * p2p_provider_bind_pgmap() - tell the graph which pages hold a provider's memory
 * @provider: a provider from p2p_provider_add()
 * @pgmap: the pagemap of the provider's memory, for as long as it is bound
 *
 * For backends, or the code that registers both (pci_p2pdma_add_resource()).
 * Bind after p2p_provider_add() and before the pages can be handed out;
 * unbind with p2p_provider_unbind_pgmap() before p2p_provider_remove().
 *
 * Context: process context; may sleep.
 * Return: 0, -EINVAL for a NULL argument, -EBUSY when @pgmap is bound
 * already, -ENOMEM.
 */
int p2p_provider_bind_pgmap(struct p2p_provider *provider,
			    struct dev_pagemap *pgmap)
{
	int ret;

	if (!provider || !pgmap)
		return -EINVAL;
	kref_get(&provider->ref);
	ret = xa_insert(&p2p_pgmap_providers, (unsigned long)pgmap, provider,
			GFP_KERNEL);
	if (ret)
		p2p_provider_put(provider);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(p2p_provider_bind_pgmap, P2P_TOPOLOGY);

/**
 * p2p_provider_unbind_pgmap() - undo p2p_provider_bind_pgmap()
 * @provider: the provider bound to @pgmap
 * @pgmap: the pagemap; nothing happens when another provider is bound to it
 *
 * Lookups that started before may still return @provider until a grace
 * period has passed; its memory outlives them (it is freed after one).
 *
 * Context: process context.
 */
void p2p_provider_unbind_pgmap(struct p2p_provider *provider,
			       struct dev_pagemap *pgmap)
{
	if (!provider || !pgmap)
		return;
	if (xa_cmpxchg(&p2p_pgmap_providers, (unsigned long)pgmap, provider,
		       NULL, 0) == provider)
		p2p_provider_put(provider);
}
EXPORT_SYMBOL_NS_GPL(p2p_provider_unbind_pgmap, P2P_TOPOLOGY);

/* The provider bound to @page's pagemap; the caller holds rcu_read_lock(). */
static struct p2p_provider *p2p_page_provider_rcu(struct page *page)
{
	if (!page || !is_zone_device_page(page))
		return NULL;
	return xa_load(&p2p_pgmap_providers, (unsigned long)page->pgmap);
}

/**
 * p2p_page_provider() - the provider whose memory a page is
 * @page: a page, typically of PCI P2PDMA memory
 *
 * Context: any context; never sleeps.
 * Return: the provider with a reference, which the caller drops with
 * p2p_provider_put(); NULL when @page is not memory the graph knows.
 */
struct p2p_provider *p2p_page_provider(struct page *page)
{
	struct p2p_provider *provider;

	rcu_read_lock();
	provider = p2p_page_provider_rcu(page);
	if (provider && !kref_get_unless_zero(&provider->ref))
		provider = NULL;
	rcu_read_unlock();
	return provider;
}
EXPORT_SYMBOL_NS_GPL(p2p_page_provider, P2P_TOPOLOGY);

/**
 * p2p_page_route() - how a client reaches the memory of a page
 * @page: a page, typically of PCI P2PDMA memory
 * @client: the device that will do the DMA
 * @dirs: %P2P_DIR_READ and/or %P2P_DIR_WRITE, optionally
 *	%P2P_ROUTE_NO_PRIVATE
 * @info: the answer, as p2p_route() gives it
 *
 * p2p_route() to the provider of @page, answered from the route cache. For
 * hmm_range_fault() and its callers (Documentation/mm/hmm.rst).
 *
 * Context: any context where a spinlock_t may be taken; never sleeps.
 * Return: as p2p_route(); -ENODEV also when @page is not memory the graph
 * knows.
 */
int p2p_page_route(struct page *page, struct device *client,
		   unsigned int dirs, struct p2p_route_info *info)
{
	struct p2p_provider *provider;
	int ret;

	rcu_read_lock();
	provider = p2p_page_provider_rcu(page);
	if (provider) {
		ret = p2p_route(provider, client, dirs, info);
	} else {
		if (info)
			p2p_route_info_none(info);
		ret = info ? -ENODEV : -EINVAL;
	}
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_NS_GPL(p2p_page_route, P2P_TOPOLOGY);
