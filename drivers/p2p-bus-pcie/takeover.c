// SPDX-License-Identifier: GPL-2.0
/*
 * What p2pdma asks the graph: once the backend has mirrored the PCI
 * hierarchy it registers with p2pdma (pci_p2pdma_register_graph()), p2pdma's
 * memory is registered here as providers, and pci_p2pdma_distance_many(),
 * pci_p2pmem_find_many() and the map type of a DMA mapping are answered
 * from routes in the graph. Built as a module, the backend unregisters
 * before it goes, and p2pdma walks the PCI tree again.
 *
 * Booting with p2p_topology.pci=legacy (p2p_bus_pcie.pci=legacy for the
 * module) keeps p2pdma's own tree walk; the memory is still mirrored. Both
 * must give the same answer for every pair of PCI functions; the
 * differential KUnit suite checks that on every test machine.
 *
 * Unlike the legacy walk, a client need not be a PCI device: the first
 * device up its parent chain with a node in the graph is used, so a
 * platform device that firmware linked into the graph qualifies too.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/p2p_bus_pcie.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/rcupdate.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>

#include "pcie.h"

/* Built in, the parameter keeps the name it had before modules. */
#ifndef MODULE
#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "p2p_topology."
#endif

static bool pcie_p2p_legacy;
static const struct pci_p2pdma_graph_ops pcie_p2p_answer_ops;
/*
 * What pcie_p2p_takeover_start() registered with p2pdma, for the stop to
 * unregister, and for pcie_p2p_answers() to tell; NULL while nothing is.
 */
static const struct pci_p2pdma_graph_ops *pcie_p2p_registered;

static int pcie_p2p_mode_set(const char *val, const struct kernel_param *kp)
{
	if (sysfs_streq(val, "legacy"))
		pcie_p2p_legacy = true;
	else if (sysfs_streq(val, "graph"))
		pcie_p2p_legacy = false;
	else
		return -EINVAL;
	return 0;
}

static int pcie_p2p_mode_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", pcie_p2p_legacy ? "legacy" : "graph");
}

static const struct kernel_param_ops pcie_p2p_mode_ops = {
	.set = pcie_p2p_mode_set,
	.get = pcie_p2p_mode_get,
};
module_param_cb(pci, &pcie_p2p_mode_ops, NULL, 0444);
MODULE_PARM_DESC(pci, "who answers p2pdma: graph (default) or legacy");

/**
 * pcie_p2p_answers() - whether p2pdma asks the graph
 *
 * Context: any context.
 * Return: true while the backend is registered with p2pdma to answer (from
 * pcie_p2p_takeover_start() to pcie_p2p_takeover_stop()), unless the kernel
 * was booted with p2p_topology.pci=legacy.
 */
bool pcie_p2p_answers(void)
{
	/* Pairs with pcie_p2p_takeover_start(). */
	return smp_load_acquire(&pcie_p2p_registered) == &pcie_p2p_answer_ops;
}
EXPORT_SYMBOL_GPL(pcie_p2p_answers);

/**
 * struct pcie_p2p_memory - a provider registered by p2pdma
 * @provider: the provider
 * @entry: entry in the owning function's providers
 */
struct pcie_p2p_memory {
	struct p2p_provider *provider;
	struct list_head entry;
};

/**
 * pcie_p2p_provider_add() - register p2pdma memory as a provider
 * @pdev: the function whose BAR holds the memory
 * @phys: the memory's host physical address
 * @size: its size in bytes
 * @bus_offset: PCI bus address minus host physical address for the BAR
 *
 * Peers on a direct route address the memory by its PCI bus address;
 * peers whose route goes through the host map its physical address.
 *
 * Context: process context.
 * Return: the provider (unpublished; see pcie_p2p_publish()), NULL when
 * @pdev is not in the graph, or an ERR_PTR() from p2p_provider_add().
 */
struct p2p_provider *pcie_p2p_provider_add(struct pci_dev *pdev, u64 phys,
					   u64 size, u64 bus_offset)
{
	struct p2p_provider_desc desc = {
		.phys_start = phys,
		.size = size,
		.base = {
			.space = P2P_ADDR_PCI_BUS,
			.addr = phys + bus_offset,
		},
	};
	struct pcie_p2p_memory *mem;
	struct pcie_p2p_fn *fn;

	mem = kzalloc(sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return ERR_PTR(-ENOMEM);

	mutex_lock(&pcie_p2p_lock);
	fn = pcie_p2p_fn_of(pdev);
	if (!fn) {
		mutex_unlock(&pcie_p2p_lock);
		kfree(mem);
		return NULL;
	}
	mem->provider = p2p_provider_add(fn->node, &desc);
	if (IS_ERR(mem->provider)) {
		struct p2p_provider *err = mem->provider;

		mutex_unlock(&pcie_p2p_lock);
		kfree(mem);
		return err;
	}
	list_add_tail(&mem->entry, &fn->providers);
	mutex_unlock(&pcie_p2p_lock);
	return mem->provider;
}
EXPORT_SYMBOL_GPL(pcie_p2p_provider_add);

/**
 * pcie_p2p_forget_providers() - a function leaves the graph
 * @fn: the function
 *
 * Its providers stay valid for whoever registered them, who still calls
 * pcie_p2p_provider_remove(); only the bookkeeping goes.
 */
void pcie_p2p_forget_providers(struct pcie_p2p_fn *fn)
{
	struct pcie_p2p_memory *mem, *tmp;

	lockdep_assert_held(&pcie_p2p_lock);
	list_for_each_entry_safe(mem, tmp, &fn->providers, entry) {
		list_del(&mem->entry);
		kfree(mem);
	}
}

static struct pcie_p2p_memory *pcie_p2p_memory_of(struct p2p_provider *provider)
{
	struct pcie_p2p_memory *mem;
	struct pcie_p2p_fn *fn;

	lockdep_assert_held(&pcie_p2p_lock);
	/* Few functions have memory; a walk keeps the bookkeeping small. */
	list_for_each_entry(fn, pcie_p2p_fns_head(), entry)
		list_for_each_entry(mem, &fn->providers, entry)
			if (mem->provider == provider)
				return mem;
	return NULL;
}

/**
 * pcie_p2p_provider_remove() - unregister memory added by
 *	pcie_p2p_provider_add()
 * @provider: the provider, NULL or an ERR_PTR()
 *
 * Context: process context.
 */
void pcie_p2p_provider_remove(struct p2p_provider *provider)
{
	struct pcie_p2p_memory *mem;

	if (IS_ERR_OR_NULL(provider))
		return;
	mutex_lock(&pcie_p2p_lock);
	mem = pcie_p2p_memory_of(provider);
	if (mem) {
		list_del(&mem->entry);
		kfree(mem);
	}
	mutex_unlock(&pcie_p2p_lock);
	p2p_provider_remove(provider);
}
EXPORT_SYMBOL_GPL(pcie_p2p_provider_remove);

/**
 * pcie_p2p_publish() - mirror pci_p2pmem_publish() on a function's providers
 * @pdev: the function
 * @publish: whether p2p_find_provider() may choose its memory
 *
 * Context: process context.
 */
static void pcie_p2p_publish(struct pci_dev *pdev, bool publish)
{
	struct pcie_p2p_memory *mem;
	struct pcie_p2p_fn *fn;

	mutex_lock(&pcie_p2p_lock);
	fn = pcie_p2p_fn_of(pdev);
	if (fn)
		list_for_each_entry(mem, &fn->providers, entry)
			p2p_provider_publish(mem->provider, publish);
	mutex_unlock(&pcie_p2p_lock);
}

/*
 * The functions to name in p2pdma's pci=disable_acs_redir= hint for this
 * pair, in its order (see pcie_p2p_acs_hint()), or "" when they cannot be
 * told. Only computed when a warning is printed.
 */
static void pcie_p2p_hint(struct pci_dev *provider, struct device *client,
			  struct seq_buf *hint)
{
	struct p2p_node *target = pcie_p2p_node_get(&provider->dev);
	struct p2p_node *source = pcie_p2p_node_get(client);

	if (target && source) {
		rcu_read_lock();
		pcie_p2p_acs_hint(target, source, hint);
		rcu_read_unlock();
	}
	p2p_node_put(source);
	p2p_node_put(target);
}

/*
 * Say why, in the words p2pdma has always used. Like p2pdma, name every
 * function whose ACS redirects the pair's traffic, provider's side first.
 */
static void pcie_p2p_explain(struct pci_dev *provider, struct device *client,
			     int error, const struct p2p_route_info *info)
{
	const char *reason = info->refusal.reason;
	bool acs = reason == pcie_p2p_acs_reason ||
		   reason == pcie_p2p_acs_rr_cr_reason ||
		   reason == pcie_p2p_acs_cr_reason ||
		   reason == pcie_p2p_acs_ec_reason ||
		   reason == pcie_p2p_egress_reason;
	DECLARE_SEQ_BUF(hint, 128);
	char blamed[64];

	if (!p2p_refusal_node_name(&info->refusal, blamed, sizeof(blamed)))
		strscpy(blamed, "?", sizeof(blamed));

	if (error == -ENODEV) {
		dev_warn(client, "cannot be used for peer-to-peer DMA as it is not in the p2p topology\n");
		return;
	}
	if (acs) {
		pcie_p2p_hint(provider, client, &hint);
		dev_warn(client, "ACS redirect is set between the client and provider (%s)\n",
			 pci_name(provider));
		dev_warn(client, "to disable ACS redirect for this path, add the kernel parameter: pci=disable_acs_redir=%s\n",
			 seq_buf_used(&hint) ? seq_buf_str(&hint) : blamed);
	}
	if (reason == pcie_p2p_egress_reason)
		dev_warn(client, "ACS egress control at %s sends traffic to the provider (%s) through the root complex\n",
			 blamed, pci_name(provider));
	if (!error)
		return;
	/*
	 * ACS sent the pair up to a host bridge that does not turn peer
	 * traffic around: like p2pdma, let its whitelist say so, on the host
	 * bridge's first device. (p2pdma counts ACS only below a common
	 * upstream bridge, so the host bridge is the provider's.)
	 */
	if (acs)
		pci_p2pdma_host_bridge_allows(pci_find_host_bridge(provider->bus),
					      true, true);
	if (reason == pcie_p2p_host_bridge_reason || acs)
		dev_warn(client, "cannot be used for peer-to-peer DMA as the client and provider (%s) do not share an upstream bridge or whitelisted host bridge\n",
			 pci_name(provider));
	else
		dev_warn(client, "cannot be used for peer-to-peer DMA with %s: no route in the p2p topology (%s: %s)\n",
			 pci_name(provider), blamed, reason ?: "no link");
}

/*
 * p2pdma hands out PCI bus or DMA addresses, which mean nothing on a
 * private fabric: routes over one are for consumers that use fabric
 * addresses (p2p_translate()).
 */
#define PCIE_P2P_DIRS (P2P_DIR_BOTH | P2P_ROUTE_NO_PRIVATE)

/* With @memory the answer comes from its route cache; without, a search. */

static int pcie_p2p_route(struct pci_dev *provider, struct p2p_provider *memory,
			  struct device *client, struct p2p_route_info *info)
{
	if (memory)
		return p2p_route(memory, client, PCIE_P2P_DIRS, info);
	return p2p_route_to_device(&provider->dev, client, PCIE_P2P_DIRS,
				   info);
}

/**
 * pcie_p2p_distance() - p2pdma's distance and map type, from the graph
 * @provider: the function that owns the memory
 * @memory: its registered memory, or NULL; with it the answer comes from
 *	the route cache, without it every call searches. The caller keeps
 *	@memory alive for the call (p2pdma holds rcu_read_lock(): the graph
 *	frees a removed provider only after a grace period)
 * @client: the device that will do DMA; a device without a node of its
 *	own is represented by the nearest parent that has one, as p2pdma's
 *	find_parent_pci_dev() does for pci_p2pdma_distance_many()
 * @map: the map type
 * @verbose: warn, as p2pdma does, about what keeps the route from being
 *	direct or possible; every call with @verbose warns, as the legacy
 *	pci_p2pdma_distance_many() does (its callers ask while setting up,
 *	not per I/O)
 *
 * Context: never sleeps.
 * Return: the distance as p2pdma counts it, or -1 when @client cannot
 * reach @provider.
 */
int pcie_p2p_distance(struct pci_dev *provider, struct p2p_provider *memory,
		      struct device *client, enum p2p_map_type *map,
		      bool verbose)
{
	struct p2p_route_info info = { .map_type = P2P_MAP_NOT_SUPPORTED };
	struct device *dev;
	int ret = -ENODEV;

	for (dev = client; dev && ret == -ENODEV; dev = dev->parent)
		ret = pcie_p2p_route(provider, memory, dev, &info);
	if (verbose && (ret || info.refusal.reason))
		pcie_p2p_explain(provider, client, ret, &info);

	*map = ret ? P2P_MAP_NOT_SUPPORTED : info.map_type;
	if (ret)
		return -1;
	return min_t(u32, info.distance, INT_MAX);
}

/*
 * The rest of pcie_p2p_map_type(), out of line: its route summary (which
 * the kernel may clear on entry) stays off the common path.
 */
static noinline enum p2p_map_type
pcie_p2p_map_type_search(struct pci_dev *provider, struct p2p_provider *memory,
			 struct device *client)
{
	struct p2p_route_info info;
	int ret;

	/* A refusal's reason may be another backend's string: explain first. */
	rcu_read_lock();
	ret = pcie_p2p_route(provider, memory, client, &info);
	if (memory && info.new_answer && ret != -ENODEV &&
	    (ret || info.refusal.reason))
		pcie_p2p_explain(provider, client, ret, &info);
	rcu_read_unlock();
	return ret ? P2P_MAP_NOT_SUPPORTED : info.map_type;
}

/**
 * pcie_p2p_map_type() - the map type of a DMA mapping, from the graph
 * @provider: the function that owns the memory
 * @memory: the registered memory the pages belong to, or NULL; see
 *	pcie_p2p_distance() for its lifetime
 * @client: the device that maps the pages for its own DMA
 *
 * What pci_p2pdma_map_segment() asks for every segment, so it must cost
 * no more than p2pdma's per-provider cache lookup: with @memory the answer
 * comes from the route cache, and for a pair asked before from
 * p2p_route_map_type_cached(), which reads the map type alone. Unlike
 * pcie_p2p_distance(), no parent stands in for @client: the device that
 * maps is the device that does the DMA, and a bus address handed to a
 * device other than the one the graph routed for could cross a bridge that
 * would have redirected it. A client with no
 * node of its own (an auxiliary or platform child of a PCI function) is
 * refused silently, as p2pdma refuses any device that is not a PCI
 * function. Why a route is refused or goes through the host is logged
 * when the graph's answer for the pair is new (&p2p_route_info.new_answer):
 * once per pair while the answer holds, as p2pdma logs once per pair,
 * never per mapping, and not again when unrelated changes invalidate the
 * cache. Without @memory nothing is cached and nothing logged.
 *
 * Context: any context; never sleeps.
 * Return: the map type; %P2P_MAP_NOT_SUPPORTED when there is no route.
 */
enum p2p_map_type pcie_p2p_map_type(struct pci_dev *provider,
				    struct p2p_provider *memory,
				    struct device *client)
{
	int map;

	/*
	 * The common case: a pair mapped before, in this topology. (A client
	 * without a node misses here at the cost of one bucket walk.)
	 */
	if (memory) {
		map = p2p_route_map_type_cached(memory, client, PCIE_P2P_DIRS);
		if (map > 0)
			return map;
	}
	return pcie_p2p_map_type_search(provider, memory, client);
}

/* What p2pdma calls, and what it calls with p2p_topology.pci=legacy. */
static const struct pci_p2pdma_graph_ops pcie_p2p_answer_ops = {
	.provider_add = pcie_p2p_provider_add,
	.provider_remove = pcie_p2p_provider_remove,
	.publish = pcie_p2p_publish,
	.distance = pcie_p2p_distance,
	.map_type = pcie_p2p_map_type,
};

static const struct pci_p2pdma_graph_ops pcie_p2p_mirror_ops = {
	.provider_add = pcie_p2p_provider_add,
	.provider_remove = pcie_p2p_provider_remove,
	.publish = pcie_p2p_publish,
};

/**
 * pcie_p2p_takeover_start() - the PCI hierarchy is mirrored: take p2pdma's
 *	memory, and its questions unless booted with p2p_topology.pci=legacy
 *
 * Context: process context; takes p2pdma's registration lock and, through
 * pcie_p2p_provider_add(), pcie_p2p_lock.
 * Return: 0, or the error of pci_p2pdma_register_graph().
 */
int pcie_p2p_takeover_start(void)
{
	const struct pci_p2pdma_graph_ops *ops;
	int ret;

	ops = pcie_p2p_legacy ? &pcie_p2p_mirror_ops : &pcie_p2p_answer_ops;
	ret = pci_p2pdma_register_graph(ops);
	if (ret)
		return ret;
	/* Pairs with pcie_p2p_answers(): the mirrored nodes are seen first. */
	smp_store_release(&pcie_p2p_registered, ops);
	return 0;
}

/**
 * pcie_p2p_takeover_stop() - give p2pdma its questions back
 *
 * Waits until p2pdma no longer calls the backend and every provider of
 * p2pdma memory is removed; p2pdma then walks the PCI tree.
 *
 * Context: process context; sleeps.
 */
void pcie_p2p_takeover_stop(void)
{
	const struct pci_p2pdma_graph_ops *ops = pcie_p2p_registered;

	WRITE_ONCE(pcie_p2p_registered, NULL);
	pci_p2pdma_unregister_graph(ops);
}
