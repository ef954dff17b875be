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

#include "../pcie.h"

static enum p2p_map_type pcie_diff_map_of(enum pci_p2pdma_map_type map)
{
	switch (map) {
	case PCI_P2PDMA_MAP_BUS_ADDR:
		return P2P_MAP_DIRECT;
	case PCI_P2PDMA_MAP_THRU_HOST_BRIDGE:
		return P2P_MAP_THRU_HOST;
	default:
		return P2P_MAP_NOT_SUPPORTED;
	}
}

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

	legacy_map = pcie_diff_map_of(pci_p2pdma_legacy_map_type(provider, client,
								 &legacy_dist));
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

static struct kunit_case pcie_differential_cases[] = {
	KUNIT_CASE(pcie_differential_every_function_mirrored),
	KUNIT_CASE(pcie_differential_all_pairs),
	KUNIT_CASE(pcie_differential_non_pci_client),
	{}
};

static struct kunit_suite pcie_differential_suite = {
	.name = "pcie_differential",
	.test_cases = pcie_differential_cases,
};

kunit_test_suite(pcie_differential_suite);

MODULE_IMPORT_NS(P2P_TOPOLOGY);
