// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the graph against p2pdma's legacy tree walk, on the machine the
 * kernel runs on. For every ordered pair of PCI functions (provider,
 * client), the map type and distance that p2pdma now gets from the graph
 * must equal what its own walk (pci_p2pdma_legacy_map_type(), the code
 * p2p_topology.pci=legacy keeps) computes in the same kernel.
 *
 * Each QEMU topology of the test suite boots with this suite; the last
 * line it prints is "pcie differential: N pairs, M mismatches".
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/dma-map-ops.h>
#include <linux/p2p_bus_pcie.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>

#include "../../p2p-core/core.h"
#include "../pcie.h"
#include "p2pdma_map.h"

static const char *const pcie_diff_map_names[] = {
	[P2P_MAP_NOT_SUPPORTED] = "not-supported",
	[P2P_MAP_DIRECT] = "direct",
	[P2P_MAP_THRU_HOST] = "thru-host",
};

/* Compare one pair; say what differs. */
static bool pcie_diff_pair(struct kunit *test, struct pci_dev *provider,
			   struct pci_dev *client)
{
	struct device *dev = &client->dev;
	enum p2p_map_type legacy_map, graph_map;
	int legacy_dist, legacy_total, graph_dist, many;

	legacy_map = pcie_test_legacy(provider, client, &legacy_dist);
	legacy_total = legacy_map == P2P_MAP_NOT_SUPPORTED ? -1 : legacy_dist;
	graph_dist = pcie_p2p_distance(provider, NULL, dev, &graph_map, false);
	/* The entry point consumers call, answered from the graph. */
	many = pci_p2pdma_distance_many(provider, &dev, 1, false);

	if (legacy_map == graph_map && legacy_total == graph_dist &&
	    many == graph_dist)
		return true;
	kunit_err(test, "mismatch: provider %s client %s: legacy %s %d, graph %s %d, distance_many %d\n",
		  pci_name(provider), pci_name(client),
		  pcie_diff_map_names[legacy_map], legacy_total,
		  pcie_diff_map_names[graph_map], graph_dist, many);
	return false;
}

static void pcie_differential_all_pairs(struct kunit *test)
{
	struct pci_dev *provider = NULL, *client;
	unsigned int pairs = 0, mismatches = 0;

	if (!pcie_p2p_answers())
		kunit_skip(test, "the graph does not answer (p2p_topology.pci=legacy)");

	for_each_pci_dev(provider) {
		client = NULL;
		for_each_pci_dev(client) {
			pairs++;
			if (!pcie_diff_pair(test, provider, client))
				mismatches++;
		}
	}
	kunit_info(test, "pcie differential: %u pairs, %u mismatches\n", pairs,
		   mismatches);
	KUNIT_EXPECT_GT(test, pairs, 0);
	KUNIT_EXPECT_EQ(test, mismatches, 0);
}

/* Every function is in the graph: a query about it finds its node. */
static void pcie_differential_every_function_mirrored(struct kunit *test)
{
	struct pci_dev *pdev = NULL;
	struct p2p_route_info info;

	for_each_pci_dev(pdev)
		KUNIT_EXPECT_NE_MSG(test, p2p_route_to_device(&pdev->dev, &pdev->dev,
							      P2P_DIR_BOTH, &info),
				    -ENODEV, "%s is not in the graph", pci_name(pdev));
}

/* An endpoint whose upstream bridge does not redirect peer traffic. */
static struct pci_dev *pcie_diff_pick_endpoint(void)
{
	struct pci_dev *pdev = NULL, *up;
	struct pcie_p2p_acs acs;

	for_each_pci_dev(pdev) {
		up = pci_upstream_bridge(pdev);
		if (pci_is_bridge(pdev) || !up)
			continue;
		pcie_p2p_read_acs(up, &acs);
		if (!(acs.ctrl & (PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_EC)))
			return pdev;	/* the reference is the caller's */
	}
	return NULL;
}

/*
 * A client that is no PCI device: p2pdma's walk refuses it, the graph
 * accepts it once something links it in. Here a device of a test bus is
 * linked to a PCI bridge, as firmware would describe a SoC device.
 */
static void pcie_differential_non_pci_client(struct kunit *test)
{
	static const struct p2p_link_attr hop = { .cost = 1, .dirs = P2P_DIR_BOTH };
	static const struct p2p_bus_ops no_rules = {};
	struct p2p_bus bus = { .name = "soc-kunit", .ops = &no_rules };
	struct p2p_node *node, *bridge;
	enum p2p_map_type map;
	struct p2p_link *link;
	struct pci_dev *pdev;
	struct device *dev;

	if (!pcie_p2p_answers())
		kunit_skip(test, "the graph does not answer (p2p_topology.pci=legacy)");
	pdev = pcie_diff_pick_endpoint();
	if (!pdev)
		kunit_skip(test, "no endpoint below a bridge on this machine");
	dev = kunit_device_register(test, "p2p-soc-client");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);

	/* Unknown to the graph: refused, as p2pdma always did. */
	KUNIT_EXPECT_EQ(test, pcie_p2p_distance(pdev, NULL, dev, &map, false), -1);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance_many(pdev, &dev, 1, false), -1);

	KUNIT_ASSERT_EQ(test, p2p_bus_register(&bus), 0);
	node = p2p_node_add(&bus, P2P_NODE_ENDPOINT, dev, NULL, NULL, NULL);
	if (IS_ERR(node)) {
		KUNIT_FAIL(test, "p2p_node_add: %ld", PTR_ERR(node));
		goto out_bus;
	}
	mutex_lock(&pcie_p2p_lock);
	bridge = pcie_p2p_fn_of(pci_upstream_bridge(pdev))->node;
	link = p2p_link_add(&bus, node, bridge, &hop, NULL);
	mutex_unlock(&pcie_p2p_lock);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, link);

	/* soc device -> bridge -> endpoint: two hops, no host bridge */
	KUNIT_EXPECT_EQ(test, pcie_p2p_distance(pdev, NULL, dev, &map, false), 2);
	KUNIT_EXPECT_EQ(test, map, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance_many(pdev, &dev, 1, false), 2);

	if (!IS_ERR_OR_NULL(link))
		p2p_link_remove(link);
	p2p_node_remove(node);
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance_many(pdev, &dev, 1, false), -1);
out_bus:
	p2p_bus_unregister(&bus);
	pci_dev_put(pdev);
}

/*
 * A function with p2pmem, or NULL. NVMe registers its CMB asynchronously,
 * after the suites built into the kernel ran: guest programs run the suite
 * again once the memory is there.
 */
static struct pci_dev *pcie_diff_pick_p2pmem(void)
{
	struct pci_dev *pdev = NULL;

	for_each_pci_dev(pdev)
		if (pci_has_p2pmem(pdev))
			return pdev;	/* the reference is the caller's */
	return NULL;
}

/*
 * pci_p2pdma_distance_many() answers a provider with memory from the route
 * cache, as the map path does: asking again searches nothing.
 */
static void pcie_differential_distance_many_is_cached(struct kunit *test)
{
	struct pci_dev *provider, *client = NULL;
	unsigned long searches;
	struct device *dev;
	int first;

	if (!pcie_p2p_answers())
		kunit_skip(test, "the graph does not answer (p2p_topology.pci=legacy)");
	provider = pcie_diff_pick_p2pmem();
	if (!provider)
		kunit_skip(test, "no p2pmem on this machine yet");

	for_each_pci_dev(client) {
		unsigned int tries = 3;
		u64 generation;

		/* Searches elsewhere or a topology change may intervene: retry. */
		dev = &client->dev;
		do {
			first = pci_p2pdma_distance_many(provider, &dev, 1, false);
			generation = p2p_generation();
			searches = p2p_stat(P2P_STAT_SEARCHES);
			KUNIT_EXPECT_EQ(test, pci_p2pdma_distance_many(provider, &dev,
								       1, false),
					first);
		} while ((p2p_stat(P2P_STAT_SEARCHES) != searches ||
			  p2p_generation() != generation) && --tries);
		KUNIT_EXPECT_EQ_MSG(test, p2p_stat(P2P_STAT_SEARCHES), searches,
				    "%s -> %s searched again", pci_name(client),
				    pci_name(provider));
	}
	pci_dev_put(provider);
}

/* The map type pci_p2pdma_map_segment() finds for one p2pmem page. */
static enum p2p_map_type pcie_diff_map_segment(struct page *page,
					       struct device *dev)
{
	struct pci_p2pdma_map_state state = {};
	struct scatterlist sg;

	sg_init_table(&sg, 1);
	sg_set_page(&sg, page, PAGE_SIZE, 0);
	return pcie_test_map_of(pci_p2pdma_map_segment(&state, dev, &sg));
}

/*
 * The map path against the legacy rules: a PCI client gets the legacy walk's
 * map type; a child device of that client (here a platform device) is
 * refused, as the legacy map path refuses every device that is not a PCI
 * function, while pci_p2pdma_distance_many() lets its parent stand for it,
 * as the legacy find_parent_pci_dev() does.
 */
static void pcie_differential_map_path_clients(struct kunit *test)
{
	struct platform_device_info info = { .name = "p2p-kunit-child",
					     .id = PLATFORM_DEVID_AUTO };
	struct pci_dev *provider, *client = NULL;
	struct platform_device *child;
	struct device *dev;
	int legacy_dist;
	struct page *page;
	void *mem;

	if (!pcie_p2p_answers())
		kunit_skip(test, "the graph does not answer (p2p_topology.pci=legacy)");
	provider = pcie_diff_pick_p2pmem();
	if (!provider)
		kunit_skip(test, "no p2pmem on this machine yet");
	mem = pci_alloc_p2pmem(provider, PAGE_SIZE);
	if (!mem) {
		pci_dev_put(provider);
		kunit_skip(test, "no p2pmem left on %s", pci_name(provider));
	}
	page = virt_to_page(mem);

	for_each_pci_dev(client) {
		enum p2p_map_type legacy;

		legacy = pcie_test_legacy(provider, client, &legacy_dist);
		KUNIT_EXPECT_EQ_MSG(test, pcie_diff_map_segment(page, &client->dev),
				    legacy, "client %s", pci_name(client));

		info.parent = &client->dev;
		child = platform_device_register_full(&info);
		if (IS_ERR(child)) {
			KUNIT_FAIL(test, "platform device: %ld", PTR_ERR(child));
			pci_dev_put(client);
			break;
		}
		dev = &child->dev;
		KUNIT_EXPECT_EQ_MSG(test, pcie_diff_map_segment(page, dev),
				    P2P_MAP_NOT_SUPPORTED, "child of %s",
				    pci_name(client));
		KUNIT_EXPECT_EQ_MSG(test, pci_p2pdma_distance_many(provider, &dev, 1,
								   false),
				    legacy == P2P_MAP_NOT_SUPPORTED ? -1 : legacy_dist,
				    "child of %s", pci_name(client));
		platform_device_unregister(child);
	}
	pci_free_p2pmem(provider, mem, PAGE_SIZE);
	pci_dev_put(provider);
}

static struct kunit_case pcie_differential_cases[] = {
	KUNIT_CASE(pcie_differential_every_function_mirrored),
	KUNIT_CASE(pcie_differential_all_pairs),
	KUNIT_CASE(pcie_differential_non_pci_client),
	KUNIT_CASE(pcie_differential_distance_many_is_cached),
	KUNIT_CASE(pcie_differential_map_path_clients),
	{}
};

static struct kunit_suite pcie_differential_suite = {
	.name = "pcie_differential",
	.test_cases = pcie_differential_cases,
};

kunit_test_suite(pcie_differential_suite);

MODULE_IMPORT_NS(P2P_TOPOLOGY);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
