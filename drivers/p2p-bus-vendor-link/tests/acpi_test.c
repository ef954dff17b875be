// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit, on the acpi-fabric QEMU machine: two ivshmem functions under
 * different root complexes that an SSDT joins by a fabric link
 * (tests/topologies/acpi-fabric.asl). The firmware loader built the link
 * at boot; here the BAR of one becomes a provider, as a driver would
 * register it, and the other reaches it over the link, at the address the
 * SSDT's aperture gives it on the fabric, while p2pdma, which needs a PCI
 * bus or DMA address, still answers from PCIe alone.
 *
 * Elsewhere the suite skips; the machine's guest script fails the boot if
 * it skipped there.
 */
#include <kunit/test.h>
#include <linux/p2p_bus_pcie.h>
#include <linux/p2p_topology.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/property.h>

#define ACPI_TEST_FABRIC_ID	7
#define ACPI_TEST_BAR		2

/**
 * struct acpi_test - the described pair and the provider on the first
 * @dev: the two ivshmem functions the SSDT describes, in bus order
 * @home_base: the start of each one's aperture in its own bus space
 * @fabric_base: where that start is on the fabric
 * @size: the size of each aperture
 * @bar: the first function's BAR 2 as a provider
 */
struct acpi_test {
	struct pci_dev *dev[2];
	u64 home_base[2], fabric_base[2], size[2];
	struct p2p_provider *bar;
};

static bool acpi_test_described(struct pci_dev *pdev)
{
	return pdev->vendor == PCI_VENDOR_ID_REDHAT_QUMRANET &&
	       pdev->device == 0x1110 &&
	       fwnode_property_present(dev_fwnode(&pdev->dev), "p2p-fabric-id");
}

static int acpi_test_init(struct kunit *test)
{
	struct pci_dev *pdev = NULL;
	struct acpi_test *t;
	unsigned int n = 0;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	test->priv = t;
	for_each_pci_dev(pdev) {
		struct fwnode_handle *fwnode = dev_fwnode(&pdev->dev);

		if (!acpi_test_described(pdev))
			continue;
		if (n == 2) {
			pci_dev_put(pdev);
			kunit_err(test, "more than two described functions\n");
			return -EINVAL;
		}
		fwnode_property_read_u64(fwnode, "p2p-aperture-home-base",
					 &t->home_base[n]);
		fwnode_property_read_u64(fwnode, "p2p-aperture-fabric-base",
					 &t->fabric_base[n]);
		fwnode_property_read_u64(fwnode, "p2p-aperture-size",
					 &t->size[n]);
		t->dev[n++] = pci_dev_get(pdev);
	}
	if (n < 2)
		kunit_skip(test, "no ivshmem pair described by ACPI: not the acpi-fabric machine");
	return 0;
}

static void acpi_test_exit(struct kunit *test)
{
	struct acpi_test *t = test->priv;

	pcie_p2p_provider_remove(t->bar);
	pci_dev_put(t->dev[0]);
	pci_dev_put(t->dev[1]);
}

/* BAR 2 of the first function as a provider, as p2pdma registers memory. */
static void acpi_test_add_bar(struct kunit *test, struct acpi_test *t)
{
	struct pci_dev *pdev = t->dev[0];
	resource_size_t phys = pci_resource_start(pdev, ACPI_TEST_BAR);

	t->bar = pcie_p2p_provider_add(pdev, phys,
				       pci_resource_len(pdev, ACPI_TEST_BAR),
				       pci_bus_address(pdev, ACPI_TEST_BAR) - phys);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->bar);
}

static void acpi_link_is_the_route(struct kunit *test)
{
	struct acpi_test *t = test->priv;
	struct p2p_route_info info;
	int i;

	acpi_test_add_bar(test, t);
	KUNIT_ASSERT_EQ(test, p2p_route(t->bar, &t->dev[1]->dev, P2P_DIR_BOTH,
					&info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	/* One fabric link; the attach links of the ports cost nothing. */
	KUNIT_EXPECT_EQ(test, info.cost, 1);
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, 2 * 50000);
	KUNIT_EXPECT_EQ(test, info.latency_ns, 500);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(&t->dev[i]->dev,
							     &t->dev[!i]->dev));
}

/* Without the fabric the route is PCIe's: through the host, if allowed. */
static void acpi_link_beats_the_host_path(struct kunit *test)
{
	struct acpi_test *t = test->priv;
	struct p2p_route_info link, pcie;
	int ret;

	acpi_test_add_bar(test, t);
	KUNIT_ASSERT_EQ(test, p2p_route(t->bar, &t->dev[1]->dev, P2P_DIR_BOTH,
					&link), 0);
	ret = p2p_route(t->bar, &t->dev[1]->dev,
			P2P_DIR_BOTH | P2P_ROUTE_NO_PRIVATE, &pcie);
	if (ret) {
		KUNIT_EXPECT_EQ(test, ret, -EHOSTUNREACH);
		KUNIT_EXPECT_NOT_NULL(test, pcie.refusal.reason);
		kunit_info(test, "host path refused: %s\n", pcie.refusal.reason);
	} else {
		KUNIT_EXPECT_EQ(test, pcie.map_type, P2P_MAP_THRU_HOST);
		KUNIT_EXPECT_GT(test, pcie.cost, link.cost);
		kunit_info(test, "host path allowed at cost %u; link cost %u\n",
			   pcie.cost, link.cost);
	}
}

/* The peer addresses the BAR at the SSDT's fabric address, not a bus one. */
static void acpi_link_translates_into_the_aperture(struct kunit *test)
{
	struct acpi_test *t = test->priv;
	u64 bus = pci_bus_address(t->dev[0], ACPI_TEST_BAR);
	u64 len = pci_resource_len(t->dev[0], ACPI_TEST_BAR);
	struct p2p_addr addr;
	u64 offset;

	KUNIT_ASSERT_GE(test, bus, t->home_base[0]);
	KUNIT_ASSERT_LE(test, bus - t->home_base[0] + len, t->size[0]);
	acpi_test_add_bar(test, t);
	for (offset = 0; offset < len; offset += len / 4 - 1) {
		KUNIT_ASSERT_EQ(test, p2p_translate_offset(t->bar,
							   &t->dev[1]->dev,
							   offset, &addr), 0);
		KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_LINK);
		KUNIT_EXPECT_EQ(test, addr.fabric_id, ACPI_TEST_FABRIC_ID);
		KUNIT_EXPECT_EQ(test, addr.addr, t->fabric_base[0] +
				bus - t->home_base[0] + offset);
	}
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(t->bar, &t->dev[1]->dev,
						   len, &addr), -ERANGE);
}

/* p2pdma hands out PCI addresses: its answer ignores the fabric. */
static void acpi_p2pdma_answers_from_pcie_only(struct kunit *test)
{
	struct acpi_test *t = test->priv;
	struct device *client = &t->dev[1]->dev;
	struct p2p_route_info pcie;
	int expected = -1;

	if (!pcie_p2p_answers())
		kunit_skip(test, "the graph does not answer (p2p_topology.pci=legacy)");
	if (!p2p_route_to_device(&t->dev[0]->dev, client,
				 P2P_DIR_BOTH | P2P_ROUTE_NO_PRIVATE, &pcie))
		expected = pcie.distance;
	KUNIT_EXPECT_EQ(test, pci_p2pdma_distance_many(t->dev[0], &client, 1,
						       true), expected);
	KUNIT_EXPECT_NE(test, expected, 1);
}

static struct kunit_case acpi_test_cases[] = {
	KUNIT_CASE(acpi_link_is_the_route),
	KUNIT_CASE(acpi_link_beats_the_host_path),
	KUNIT_CASE(acpi_link_translates_into_the_aperture),
	KUNIT_CASE(acpi_p2pdma_answers_from_pcie_only),
	{}
};

static struct kunit_suite acpi_test_suite = {
	.name = "p2p_vlink_acpi",
	.init = acpi_test_init,
	.exit = acpi_test_exit,
	.test_cases = acpi_test_cases,
};

kunit_test_suite(acpi_test_suite);
