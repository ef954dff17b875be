// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: how the PCIe backend mirrors PCI functions: the link bandwidth it
 * reads from the Link Status register, the number egress control vectors
 * know a function by, and how it follows the PCI bus notifications of the
 * machine it runs on.
 *
 * Expected values come from the PCIe Base Specification, not from the PCI
 * core's tables the backend uses.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/device/bus.h>
#include <linux/math64.h>
#include <linux/pci.h>

#include "../pcie.h"

/**
 * struct pcie_link_case - a negotiated link and what the spec says it carries
 * @name: the case's name
 * @cls: Link Status Current Link Speed field
 * @width: Link Status Negotiated Link Width field
 * @mtps: the speed in megatransfers per second per lane
 * @enc_num: line encoding: @enc_num payload bits per @enc_den bits sent
 * @enc_den: see @enc_num
 */
struct pcie_link_case {
	const char *name;
	u16 cls;
	u16 width;
	u32 mtps;
	u32 enc_num;
	u32 enc_den;
};

/*
 * PCIe Base Specification: 2.5 and 5.0 GT/s use 8b/10b encoding, 8.0, 16.0
 * and 32.0 GT/s 128b/130b; 64.0 GT/s runs in flit mode, whose overhead the
 * PCI core does not count (1/1).
 */
static const struct pcie_link_case pcie_link_cases[] = {
	{ "2.5 GT/s x1", PCI_EXP_LNKSTA_CLS_2_5GB, 1, 2500, 8, 10 },
	{ "5.0 GT/s x4", PCI_EXP_LNKSTA_CLS_5_0GB, 4, 5000, 8, 10 },
	{ "8.0 GT/s x4", PCI_EXP_LNKSTA_CLS_8_0GB, 4, 8000, 128, 130 },
	{ "8.0 GT/s x8", PCI_EXP_LNKSTA_CLS_8_0GB, 8, 8000, 128, 130 },
	{ "16.0 GT/s x16", PCI_EXP_LNKSTA_CLS_16_0GB, 16, 16000, 128, 130 },
	{ "32.0 GT/s x16", PCI_EXP_LNKSTA_CLS_32_0GB, 16, 32000, 128, 130 },
	{ "64.0 GT/s x16", PCI_EXP_LNKSTA_CLS_64_0GB, 16, 64000, 1, 1 },
	{ "16.0 GT/s x32", PCI_EXP_LNKSTA_CLS_16_0GB, 32, 16000, 128, 130 },
};

static void pcie_link_case_desc(const struct pcie_link_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pcie_link, pcie_link_cases, pcie_link_case_desc);

/*
 * A link's bandwidth is in megabytes per second: speed times width times
 * the encoding's efficiency, divided by 8 bits. The PCI core rounds each
 * lane's rate down to whole Mb/s, so allow up to 1/8 MB/s per lane and
 * the final rounding.
 */
static void pcie_hierarchy_link_bandwidth_is_MBps(struct kunit *test)
{
	const struct pcie_link_case *c = test->param_value;
	u16 lnksta = c->cls | FIELD_PREP(PCI_EXP_LNKSTA_NLW, c->width);
	u64 exact_milli, got_milli, slack_milli;

	exact_milli = div_u64((u64)c->mtps * c->width * c->enc_num * 1000,
			      c->enc_den * BITS_PER_BYTE);
	got_milli = (u64)pcie_p2p_lnksta_MBps(lnksta) * 1000;
	slack_milli = c->width * 1000 / BITS_PER_BYTE + 500;
	KUNIT_EXPECT_LE_MSG(test, got_milli, exact_milli + slack_milli,
			    "%s: %llu MB/s, the spec gives %llu.%03llu", c->name,
			    got_milli / 1000, exact_milli / 1000,
			    exact_milli % 1000);
	KUNIT_EXPECT_GE_MSG(test, got_milli + slack_milli, exact_milli,
			    "%s: %llu MB/s, the spec gives %llu.%03llu", c->name,
			    got_milli / 1000, exact_milli / 1000,
			    exact_milli % 1000);
}

/* The case from the field: a Gen4 x16 link carries about 31,508 MB/s. */
static void pcie_hierarchy_gen4_x16_is_31508_MBps(struct kunit *test)
{
	u16 lnksta = PCI_EXP_LNKSTA_CLS_16_0GB |
		     FIELD_PREP(PCI_EXP_LNKSTA_NLW, 16);
	u32 got = pcie_p2p_lnksta_MBps(lnksta);

	/* 16 GT/s * 16 lanes * 128/130 / 8 = 31,507.7 MB/s, rounded as above */
	KUNIT_EXPECT_GE(test, got, 31508 - (16 / BITS_PER_BYTE + 1));
	KUNIT_EXPECT_LE(test, got, 31508 + (16 / BITS_PER_BYTE + 1));
}

/* A link that is down, or at a speed nobody defined, carries nothing known. */
static void pcie_hierarchy_unknown_link_has_no_bandwidth(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, pcie_p2p_lnksta_MBps(PCI_EXP_LNKSTA_CLS_16_0GB), 0);
	KUNIT_EXPECT_EQ(test, pcie_p2p_lnksta_MBps(FIELD_PREP(PCI_EXP_LNKSTA_NLW, 8)),
			0);
	KUNIT_EXPECT_EQ(test, pcie_p2p_lnksta_MBps(0xf |
						   FIELD_PREP(PCI_EXP_LNKSTA_NLW, 8)),
			0);
}

/**
 * struct pcie_fn_number_case - a function and its egress control number
 * @name: the case's name
 * @devfn: the function's devfn
 * @ari: ARI forwarding is enabled on the bridge above it
 * @number: its Function Number (PCIe r6.0 sec 6.13: with ARI, the 8-bit
 *	devfn, the Device Number being 0; else the 3 low bits)
 */
struct pcie_fn_number_case {
	const char *name;
	u8 devfn;
	bool ari;
	u8 number;
};

static const struct pcie_fn_number_case pcie_fn_number_cases[] = {
	{ "function 3 without ARI", PCI_DEVFN(2, 3), false, 3 },
	{ "ARI function 3", 3, true, 3 },
	{ "ARI function 11", 11, true, 11 },
	{ "ARI function 40", 40, true, 40 },
	{ "ARI function 255", 255, true, 255 },
};

static void pcie_fn_number_case_desc(const struct pcie_fn_number_case *c,
				     char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pcie_fn_number, pcie_fn_number_cases, pcie_fn_number_case_desc);

/*
 * An endpoint function as the PCI core leaves it after reading its config
 * space: a PCI Express capability of type Endpoint, on a bus whose bridge
 * has ARI forwarding enabled or not.
 */
static void pcie_hierarchy_function_number_follows_ari(struct kunit *test)
{
	const struct pcie_fn_number_case *c = test->param_value;
	struct pci_dev *bridge, *pdev;
	struct pci_bus *bus;

	bridge = kunit_kzalloc(test, sizeof(*bridge), GFP_KERNEL);
	pdev = kunit_kzalloc(test, sizeof(*pdev), GFP_KERNEL);
	bus = kunit_kzalloc(test, sizeof(*bus), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bridge);
	KUNIT_ASSERT_NOT_NULL(test, pdev);
	KUNIT_ASSERT_NOT_NULL(test, bus);
	bridge->ari_enabled = c->ari;
	bus->self = bridge;
	pdev->bus = bus;
	pdev->devfn = c->devfn;
	pdev->pcie_cap = 0x40;
	pdev->pcie_flags_reg = FIELD_PREP(PCI_EXP_FLAGS_TYPE, PCI_EXP_TYPE_ENDPOINT);
	KUNIT_EXPECT_EQ(test, pcie_p2p_port_number(pdev), c->number);
}

static bool pcie_hier_mirrored(struct pci_dev *pdev)
{
	bool mirrored;

	mutex_lock(&pcie_p2p_lock);
	mirrored = pcie_p2p_fn_of(pdev);
	mutex_unlock(&pcie_p2p_lock);
	return mirrored;
}

/* A mirrored endpoint without p2pdma memory, referenced; or NULL. */
static struct pci_dev *pcie_hier_pick_endpoint(void)
{
	struct pcie_p2p_fn *fn;
	struct pci_dev *pdev = NULL;

	mutex_lock(&pcie_p2p_lock);
	for_each_pci_dev(pdev) {
		fn = pcie_p2p_fn_of(pdev);
		if (fn && !pci_is_bridge(pdev) && list_empty(&fn->providers))
			break;
	}
	mutex_unlock(&pcie_p2p_lock);
	return pdev;
}

/*
 * device_del() notifies BUS_NOTIFY_DEL_DEVICE, then takes the device off
 * the bus's list, then notifies BUS_NOTIFY_REMOVED_DEVICE. The initial
 * scan of existing devices can meet it in between and mirror it again.
 * Replay that order on a function of this machine: once the device is
 * gone, so must its node be.
 */
static void pcie_hierarchy_removal_during_scan_leaves_no_node(struct kunit *test)
{
	struct pci_dev *pdev = pcie_hier_pick_endpoint();

	if (!pdev)
		kunit_skip(test, "no endpoint without p2pdma memory on this machine");
	pcie_p2p_bus_event(BUS_NOTIFY_DEL_DEVICE, pdev);
	KUNIT_EXPECT_FALSE(test, pcie_hier_mirrored(pdev));
	pcie_p2p_scan();	/* the device is still on the bus's list */
	pcie_p2p_bus_event(BUS_NOTIFY_REMOVED_DEVICE, pdev);
	KUNIT_EXPECT_FALSE_MSG(test, pcie_hier_mirrored(pdev),
			       "%s keeps a node after its removal",
			       pci_name(pdev));

	/* The device is in fact still there: mirror it again. */
	pcie_p2p_bus_event(BUS_NOTIFY_ADD_DEVICE, pdev);
	KUNIT_EXPECT_TRUE(test, pcie_hier_mirrored(pdev));
	pci_dev_put(pdev);
}

static struct kunit_case pcie_hierarchy_cases[] = {
	KUNIT_CASE_PARAM(pcie_hierarchy_link_bandwidth_is_MBps,
			 pcie_link_gen_params),
	KUNIT_CASE(pcie_hierarchy_gen4_x16_is_31508_MBps),
	KUNIT_CASE(pcie_hierarchy_unknown_link_has_no_bandwidth),
	KUNIT_CASE_PARAM(pcie_hierarchy_function_number_follows_ari,
			 pcie_fn_number_gen_params),
	KUNIT_CASE(pcie_hierarchy_removal_during_scan_leaves_no_node),
	{}
};

static struct kunit_suite pcie_hierarchy_suite = {
	.name = "p2p_pcie_hierarchy",
	.test_cases = pcie_hierarchy_cases,
};

kunit_test_suite(pcie_hierarchy_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
