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
#include <kunit/test.h>
#include <linux/dma-map-ops.h>
#include <linux/p2p_bus_pcie.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>

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

static struct kunit_case pcie_differential_cases[] = {
	KUNIT_CASE(pcie_differential_every_function_mirrored),
	KUNIT_CASE(pcie_differential_all_pairs),
	{}
};

static struct kunit_suite pcie_differential_suite = {
	.name = "pcie_differential",
	.test_cases = pcie_differential_cases,
};

kunit_test_suite(pcie_differential_suite);

MODULE_IMPORT_NS(P2P_TOPOLOGY);
