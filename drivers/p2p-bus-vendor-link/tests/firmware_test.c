// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: fabrics that firmware describes (firmware_fabrics.dtso), read by
 * the core's fwnode reader, built by the vendor-link backend and queried
 * like any other part of the topology. Devices are KUnit devices bound to
 * the overlay's nodes, as a platform or PCI device is bound to its
 * device-tree node or ACPI companion.
 */
#include <kunit/device.h>
#include <kunit/platform_device.h>
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/of.h>
#include <linux/p2p_fwnode.h>
#include <linux/p2p_vendor_link.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "../../p2p-core/tests/overlay.h"
#include "../vlink.h"

#define FW_ROOT		"/p2p-vlink-fw/"
#define FW_MAX_DEVICES	8

/* The PCIe GPU of the soc topology: its BAR and the aperture over it. */
#define SOC_BAR_PHYS		0x380000000000ULL
#define SOC_BAR_BUS		0x80000000ULL
#define SOC_BAR_SIZE		0x10000000ULL
#define SOC_FABRIC_BASE		0x4000000000ULL

static int firmware_overlay_id;

/**
 * struct firmware_test - one test's objects, released by firmware_test_exit()
 * @desc: the description read from the overlay
 * @fw: the fabrics built from it
 * @devs: devices bound to described nodes
 * @nps: their device-tree nodes (referenced)
 * @nr_devs: entries in @devs and @nps
 * @home_bus: a PCIe-like bus for devices a backend enumerates
 * @home: the PCIe GPU's node on @home_bus, or NULL
 * @vram: its BAR, a provider on @home, or NULL
 * @pcie: the mixed topology's switch and GPU nodes on @home_bus, and the
 *	links between them
 */
struct firmware_test {
	struct p2p_fw_description desc;
	struct p2p_vlink_fw *fw;
	struct device *devs[FW_MAX_DEVICES];
	struct device_node *nps[FW_MAX_DEVICES];
	unsigned int nr_devs;
	struct p2p_bus home_bus;
	struct p2p_node *home;
	struct p2p_provider *vram;
	struct {
		struct p2p_node *node[3];
		struct p2p_link *link[2];
	} pcie;
};

static int firmware_test_suite_init(struct kunit_suite *suite)
{
	return p2p_test_overlay_apply(firmware_fabrics, &firmware_overlay_id);
}

static void firmware_test_suite_exit(struct kunit_suite *suite)
{
	of_overlay_remove(&firmware_overlay_id);
}

/* Every node but an endpoint forwards: enough for a bus like PCIe. */
static const struct p2p_bus_ops firmware_home_ops = {};

static int firmware_test_init(struct kunit *test)
{
	struct firmware_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	t->home_bus.name = "fw-test-home";
	t->home_bus.ops = &firmware_home_ops;
	test->priv = t;
	return p2p_bus_register(&t->home_bus);
}

static void firmware_test_exit(struct kunit *test)
{
	struct firmware_test *t = test->priv;
	unsigned int i;

	p2p_vlink_fw_remove(t->fw);
	p2p_fw_description_free(&t->desc);
	p2p_provider_remove(t->vram);
	p2p_node_remove(t->home);
	for (i = 0; i < ARRAY_SIZE(t->pcie.link); i++)
		p2p_link_remove(t->pcie.link[i]);
	for (i = 0; i < ARRAY_SIZE(t->pcie.node); i++)
		p2p_node_remove(t->pcie.node[i]);
	p2p_notifier_flush();	/* the notifier queues the work */
	flush_work(&p2p_vlink_rebind_work);
	p2p_bus_unregister(&t->home_bus);
	for (i = 0; i < t->nr_devs; i++)
		of_node_put(t->nps[i]);
}

/* A device bound to the described node at @path below FW_ROOT. */
static struct device *firmware_device(struct kunit *test, const char *path)
{
	struct firmware_test *t = test->priv;
	struct device_node *np;
	struct device *dev;
	char name[64];

	KUNIT_ASSERT_LT(test, t->nr_devs, FW_MAX_DEVICES);
	snprintf(name, sizeof(name), FW_ROOT "%s", path);
	np = of_find_node_by_path(name);
	KUNIT_ASSERT_NOT_NULL_MSG(test, np, "no node %s", name);
	t->nps[t->nr_devs] = np;
	snprintf(name, sizeof(name), "fw-test-%s", path);
	strreplace(name, '/', '-');
	dev = kunit_device_register(test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	device_set_node(dev, of_fwnode_handle(np));
	t->devs[t->nr_devs++] = dev;
	return dev;
}

/*
 * A platform device bound to the described node at @path, as an SoC bus
 * driver creates one from its device tree.
 */
static struct device *firmware_platform_device(struct kunit *test,
					       const char *path)
{
	struct platform_device *pdev;
	struct device_node *np;
	char name[64];

	snprintf(name, sizeof(name), FW_ROOT "%s", path);
	np = of_find_node_by_path(name);
	KUNIT_ASSERT_NOT_NULL_MSG(test, np, "no node %s", name);
	pdev = kunit_platform_device_alloc(test, "p2p-fw-test-soc",
					   PLATFORM_DEVID_NONE);
	if (!pdev)
		of_node_put(np);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	/* The device's release puts the node. */
	device_set_node(&pdev->dev, of_fwnode_handle(np));
	KUNIT_ASSERT_EQ(test, kunit_platform_device_add(test, pdev), 0);
	return &pdev->dev;
}

/* Read the topology around @start and build it; check what was read. */
static void firmware_load(struct kunit *test, const char *start,
			  unsigned int devices, unsigned int connections)
{
	struct firmware_test *t = test->priv;
	struct device_node *np;
	unsigned int i, kept = 0;
	char path[64];

	snprintf(path, sizeof(path), FW_ROOT "%s", start);
	np = of_find_node_by_path(path);
	KUNIT_ASSERT_NOT_NULL_MSG(test, np, "no node %s", path);
	KUNIT_ASSERT_EQ(test, p2p_fw_parse(&t->desc, of_fwnode_handle(np)), 0);
	of_node_put(np);

	KUNIT_EXPECT_EQ(test, t->desc.nr_errors, 0);
	KUNIT_EXPECT_EQ(test, t->desc.nr_devices, devices);
	for (i = 0; i < t->desc.nr_connections; i++)
		kept += !t->desc.connections[i].rejected;
	KUNIT_EXPECT_EQ(test, kept, connections);

	t->fw = p2p_vlink_fw_build(&t->desc);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->fw);
}

static void firmware_expect_route(struct kunit *test, struct device *from,
				  struct device *to, u32 cost, u32 bandwidth,
				  u32 latency)
{
	struct p2p_route_info info;

	KUNIT_ASSERT_EQ_MSG(test, p2p_route_to_device(to, from, P2P_DIR_BOTH,
						      &info), 0,
			    "%s -> %s", dev_name(from), dev_name(to));
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.cost, cost);
	KUNIT_EXPECT_EQ(test, info.hops, cost);
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, bandwidth);
	KUNIT_EXPECT_EQ(test, info.latency_ns, latency);
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(from, to));
}

/*
 * Eight GPUs, each linked to each of six switches: every pair is two links
 * apart (GPU, switch, GPU), at the bandwidth of one bonded connection.
 */
static void firmware_dgx_every_pair_meets_at_a_switch(struct kunit *test)
{
	struct device *gpu[8];
	char path[16];
	int i, j;

	firmware_load(test, "dgx/gpu0", 14, 48);
	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "dgx/gpu%d", i);
		gpu[i] = firmware_device(test, path);
	}
	for (i = 0; i < 8; i++)
		for (j = 0; j < 8; j++)
			if (i != j)
				firmware_expect_route(test, gpu[i], gpu[j], 2,
						      2 * 25000, 2 * 500);
}

static void firmware_dgx_switches_are_switches(struct kunit *test)
{
	struct firmware_test *t = test->priv;
	unsigned int i, switches = 0;

	firmware_load(test, "dgx/hub3", 14, 48);
	for (i = 0; i < t->desc.nr_devices; i++) {
		switches += t->desc.devices[i].is_switch;
		KUNIT_EXPECT_EQ(test, t->desc.devices[i].fabric_id, 11);
		KUNIT_EXPECT_FALSE(test, t->desc.devices[i].has_aperture);
	}
	KUNIT_EXPECT_EQ(test, switches, 6);
}

/* Four relaying GPUs in a ring: neighbours one link apart, opposites two. */
static void firmware_ring_relays_to_the_opposite_gpu(struct kunit *test)
{
	struct device *gpu[4];
	char path[16];
	int i;

	firmware_load(test, "ring/gpu2", 4, 4);
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "ring/gpu%d", i);
		gpu[i] = firmware_device(test, path);
	}
	for (i = 0; i < 4; i++) {
		firmware_expect_route(test, gpu[i], gpu[(i + 1) % 4], 1, 40000,
				      300);
		firmware_expect_route(test, gpu[i], gpu[(i + 2) % 4], 2, 40000,
				      600);
	}
}

/*
 * A DMA engine on an SoC bus that no backend enumerates, linked by
 * firmware to a GPU on PCIe, reaches the GPU's BAR over the link at the
 * address the GPU's aperture gives it on the fabric:
 *
 *	dma-engine --8000 MB/s-- [fabric port] ==attach== pcie-gpu (BAR)
 *
 * Firmware states the link's bandwidth in kB/s, 7999500: the graph counts
 * whole MB/s and rounds up, so that no stated bandwidth becomes 0.
 */
/* The PCIe GPU appears on its bus, with its BAR as a provider. */
static void firmware_soc_plug(struct kunit *test, struct device *gpu)
{
	struct firmware_test *t = test->priv;
	struct p2p_provider_desc bar = {
		.phys_start = SOC_BAR_PHYS,
		.size = SOC_BAR_SIZE,
		.base = { .space = P2P_ADDR_PCI_BUS, .addr = SOC_BAR_BUS },
	};

	t->home = p2p_node_add(&t->home_bus, P2P_NODE_ENDPOINT, gpu,
			       dev_fwnode(gpu), NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->home);
	t->vram = p2p_provider_add(t->home, &bar);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vram);
}

/* ... and leaves it (hot-unplug). */
static void firmware_soc_unplug(struct firmware_test *t)
{
	p2p_provider_remove(t->vram);
	t->vram = NULL;
	p2p_node_remove(t->home);
	t->home = NULL;
}

static void firmware_soc_setup(struct kunit *test, struct device **dma,
			       struct device **gpu)
{
	*gpu = firmware_device(test, "soc/pcie-gpu");
	*dma = firmware_platform_device(test, "soc/dma-engine");
	firmware_soc_plug(test, *gpu);
	firmware_load(test, "soc/dma-engine", 2, 1);
}

/* The DMA engine reaches the GPU's BAR over the link, at fabric addresses. */
static void firmware_soc_expect_link(struct kunit *test, struct device *dma)
{
	struct firmware_test *t = test->priv;
	struct p2p_route_info info;
	struct p2p_addr addr;

	KUNIT_ASSERT_EQ(test, p2p_route(t->vram, dma, P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.cost, 1);
	KUNIT_EXPECT_EQ(test, info.latency_ns, 200);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(t->vram, dma, 0x1000, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_LINK);
	KUNIT_EXPECT_EQ(test, addr.addr, SOC_FABRIC_BASE + 0x1000);
}

static void firmware_soc_device_reaches_pcie_memory(struct kunit *test)
{
	struct firmware_test *t = test->priv;
	struct p2p_route_info info;
	struct device *dma, *gpu;
	struct p2p_addr addr;

	firmware_soc_setup(test, &dma, &gpu);
	firmware_soc_expect_link(test, dma);
	KUNIT_ASSERT_EQ(test, p2p_route(t->vram, dma, P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, 8000);
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(dma, gpu));

	KUNIT_ASSERT_EQ(test, p2p_translate_offset(t->vram, dma, 0, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.fabric_id, 13);
	KUNIT_EXPECT_EQ(test, addr.addr, SOC_FABRIC_BASE);
	KUNIT_EXPECT_EQ(test, p2p_translate(t->vram, dma, SOC_BAR_PHYS +
					    SOC_BAR_SIZE - 1, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.addr, SOC_FABRIC_BASE + SOC_BAR_SIZE - 1);
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(t->vram, dma, SOC_BAR_SIZE,
						   &addr), -ERANGE);
}

/*
 * The PCIe GPU leaves its bus and comes back (hot-unplug, rescan): its
 * fabric port stays, known by its firmware node while the device is away,
 * and is attached again, aperture and connection included, on return.
 */
static void firmware_device_leaves_and_comes_back(struct kunit *test)
{
	struct firmware_test *t = test->priv;
	struct device *dma, *gpu, *port_dev;
	struct p2p_node *port;

	firmware_soc_setup(test, &dma, &gpu);
	firmware_soc_expect_link(test, dma);

	firmware_soc_unplug(t);
	p2p_notifier_flush();
	flush_work(&p2p_vlink_rebind_work);
	port = p2p_node_find(gpu, NULL);
	KUNIT_ASSERT_NOT_NULL(test, port);
	port_dev = p2p_node_device(port);
	KUNIT_EXPECT_NULL(test, port_dev);
	put_device(port_dev);
	KUNIT_EXPECT_STREQ(test, p2p_node_bus(port)->name, "fw-fabric13");
	p2p_node_put(port);
	/* The description still joins the two. */
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(dma, gpu));

	firmware_soc_plug(test, gpu);
	p2p_notifier_flush();
	flush_work(&p2p_vlink_rebind_work);
	firmware_soc_expect_link(test, dma);
	port = p2p_node_find(dma, NULL);
	KUNIT_EXPECT_NOT_NULL(test, port);
	p2p_node_put(port);
}

/* A device whose bus is probed after the description was read. */
static void firmware_device_appearing_later_is_attached(struct kunit *test)
{
	struct device *dma, *gpu;

	gpu = firmware_device(test, "soc/pcie-gpu");
	dma = firmware_platform_device(test, "soc/dma-engine");
	firmware_load(test, "soc/dma-engine", 2, 1);
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(dma, gpu));

	firmware_soc_plug(test, gpu);
	p2p_notifier_flush();
	flush_work(&p2p_vlink_rebind_work);
	firmware_soc_expect_link(test, dma);
}

/*
 * Two PCIe GPUs below one switch that firmware also links: the link is
 * cheaper, so it wins; PCIe remains when the description goes away.
 *
 *	gpu-a --1-- switch --1-- gpu-b		cost 2, PCI bus address
 *	gpu-a ======= link ====== gpu-b		cost 1, fabric address
 */
static void firmware_mixed_link_wins_and_pcie_remains(struct kunit *test)
{
	struct firmware_test *t = test->priv;
	const struct p2p_link_attr hop = {
		.cost = 1, .bandwidth_MBps = 16000, .dirs = P2P_DIR_BOTH,
	};
	struct p2p_provider_desc bar = {
		.phys_start = SOC_BAR_PHYS,
		.size = 0x1000000,
		.base = { .space = P2P_ADDR_PCI_BUS, .addr = 0x90000000 },
	};
	struct p2p_route_info info;
	struct device *a, *b;
	struct p2p_addr addr;
	int i;

	a = firmware_device(test, "mixed/gpu-a");
	b = firmware_device(test, "mixed/gpu-b");
	t->pcie.node[0] = p2p_node_add(&t->home_bus, P2P_NODE_SWITCH, NULL,
				       NULL, "fw-test-switch", NULL);
	t->pcie.node[1] = p2p_node_add(&t->home_bus, P2P_NODE_ENDPOINT, a,
				       dev_fwnode(a), NULL, NULL);
	t->pcie.node[2] = p2p_node_add(&t->home_bus, P2P_NODE_ENDPOINT, b,
				       dev_fwnode(b), NULL, NULL);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->pcie.node[i]);
	for (i = 0; i < 2; i++) {
		t->pcie.link[i] = p2p_link_add(&t->home_bus, t->pcie.node[0],
					       t->pcie.node[i + 1], &hop, NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->pcie.link[i]);
	}
	t->vram = p2p_provider_add(t->pcie.node[2], &bar);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vram);

	KUNIT_ASSERT_EQ(test, p2p_route(t->vram, a, P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.cost, 2);

	firmware_load(test, "mixed/gpu-a", 2, 1);
	KUNIT_ASSERT_EQ(test, p2p_route(t->vram, a, P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.cost, 1);
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, 50000);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(t->vram, a, 0x10, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_LINK);
	KUNIT_EXPECT_EQ(test, addr.fabric_id, 14);
	KUNIT_EXPECT_EQ(test, addr.addr, 0x6000000010ULL);

	/* The description goes (an overlay removed): PCIe is what remains. */
	p2p_vlink_fw_remove(t->fw);
	t->fw = NULL;
	KUNIT_ASSERT_EQ(test, p2p_route(t->vram, a, P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.cost, 2);
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, 16000);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(t->vram, a, 0x10, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_PCI_BUS);
	KUNIT_EXPECT_EQ(test, addr.addr, 0x90000010ULL);
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(a, b));
}

/* A fabric id in use (here by another description) is refused cleanly. */
static void firmware_taken_fabric_id_is_refused(struct kunit *test)
{
	struct firmware_test *t = test->priv;
	struct p2p_fw_description again = {};
	const struct p2p_bus *fabric;
	struct p2p_vlink_fw *second;
	struct p2p_node *port;
	struct device *a, *b;

	firmware_load(test, "ring/gpu0", 4, 4);
	a = firmware_device(test, "ring/gpu0");
	b = firmware_device(test, "ring/gpu1");
	/* Known by its firmware node only: no backend enumerates it. */
	KUNIT_EXPECT_NULL(test, p2p_node_find_fwnode(t->desc.devices[0].fwnode,
						     NULL));
	port = p2p_node_find(a, NULL);
	KUNIT_ASSERT_NOT_NULL(test, port);
	fabric = p2p_node_bus(port);
	p2p_node_put(port);
	KUNIT_EXPECT_STREQ(test, fabric->name, "fw-fabric12");
	/* Four ports and four links. */
	KUNIT_EXPECT_EQ(test, fabric->nr_objects, 8);

	KUNIT_ASSERT_EQ(test, p2p_fw_parse(&again, t->desc.devices[0].fwnode), 0);
	second = p2p_vlink_fw_build(&again);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, second);
	KUNIT_EXPECT_EQ(test, fabric->nr_objects, 8);
	p2p_vlink_fw_remove(second);
	p2p_fw_description_free(&again);

	/* The first build is untouched. */
	KUNIT_EXPECT_EQ(test, fabric->nr_objects, 8);
	firmware_expect_route(test, a, b, 1, 40000, 300);
}

/* The graph cannot attach a port, as when it runs out of memory. */
static struct p2p_link *firmware_attach_fails(struct p2p_vlink_port *port)
{
	return ERR_PTR(-ENOMEM);
}

static void firmware_rebind_enable(void *unused)
{
	enable_work(&p2p_vlink_rebind_work);
}

/* The port firmware declared for @dev, on @fabric (or NULL: on any bus). */
static struct p2p_vlink_port *firmware_port_of(struct kunit *test,
					       struct device *dev,
					       const struct p2p_bus *fabric)
{
	struct p2p_vlink_port *port;
	struct p2p_node *node;

	node = p2p_node_find(dev, fabric);
	KUNIT_ASSERT_NOT_NULL(test, node);
	KUNIT_ASSERT_PTR_EQ(test, p2p_node_bus(node)->ops, &p2p_vlink_ops);
	port = p2p_node_priv(node);
	p2p_node_put(node);
	return port;
}

/*
 * Two GPUs of the ring appear on their bus, and attaching their ports to
 * them fails. One pass over the fabric tries each port once and leaves both
 * as they were, unattached, for the next change to try again; the next
 * pass that can attach them does.
 */
static void firmware_ports_that_cannot_attach_stay_pending(struct kunit *test)
{
	struct firmware_test *t = test->priv;
	struct p2p_vlink_port *ports[2];
	const struct p2p_bus *fabric;
	struct device *gpu[2];
	unsigned int objects;
	int i;

	firmware_load(test, "ring/gpu0", 4, 4);
	gpu[0] = firmware_device(test, "ring/gpu0");
	gpu[1] = firmware_device(test, "ring/gpu1");
	ports[0] = firmware_port_of(test, gpu[0], NULL);
	fabric = &ports[0]->fabric->bus;
	ports[1] = firmware_port_of(test, gpu[1], fabric);
	objects = fabric->nr_objects;

	/* The pass runs here, where the stub applies, not in the work item. */
	disable_work_sync(&p2p_vlink_rebind_work);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, firmware_rebind_enable,
							NULL), 0);
	kunit_activate_static_stub(test, p2p_vlink_attach, firmware_attach_fails);
	for (i = 0; i < 2; i++) {
		t->pcie.node[i] = p2p_node_add(&t->home_bus, P2P_NODE_ENDPOINT,
					       gpu[i], dev_fwnode(gpu[i]), NULL,
					       NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->pcie.node[i]);
	}
	p2p_vlink_rebind_fabrics();
	p2p_vlink_rebind_fabrics();	/* a later change: still failing */
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_PTR_EQ(test, firmware_port_of(test, gpu[i], fabric),
				    ports[i]);
		KUNIT_EXPECT_NULL(test, ports[i]->home);
		KUNIT_EXPECT_NULL(test, ports[i]->attach);
		KUNIT_EXPECT_TRUE(test, ports[i]->follow_failed);
	}
	KUNIT_EXPECT_EQ(test, fabric->nr_objects, objects);

	/* The next change of the topology attaches both. */
	kunit_deactivate_static_stub(test, p2p_vlink_attach);
	kunit_release_action(test, firmware_rebind_enable, NULL);
	schedule_work(&p2p_vlink_rebind_work);
	flush_work(&p2p_vlink_rebind_work);
	for (i = 0; i < 2; i++) {
		struct p2p_vlink_port *port = firmware_port_of(test, gpu[i],
								fabric);

		KUNIT_EXPECT_PTR_EQ(test, port->home, t->pcie.node[i]);
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, port->attach);
		KUNIT_EXPECT_FALSE(test, port->follow_failed);
	}
	/* Two attach links more. */
	KUNIT_EXPECT_EQ(test, fabric->nr_objects, objects + 2);
	firmware_expect_route(test, gpu[0], gpu[1], 1, 40000, 300);
}

static struct kunit_case firmware_test_cases[] = {
	KUNIT_CASE(firmware_dgx_every_pair_meets_at_a_switch),
	KUNIT_CASE(firmware_dgx_switches_are_switches),
	KUNIT_CASE(firmware_ring_relays_to_the_opposite_gpu),
	KUNIT_CASE(firmware_soc_device_reaches_pcie_memory),
	KUNIT_CASE(firmware_device_leaves_and_comes_back),
	KUNIT_CASE(firmware_device_appearing_later_is_attached),
	KUNIT_CASE(firmware_mixed_link_wins_and_pcie_remains),
	KUNIT_CASE(firmware_taken_fabric_id_is_refused),
	KUNIT_CASE(firmware_ports_that_cannot_attach_stay_pending),
	{}
};

static struct kunit_suite firmware_test_suite = {
	.name = "p2p_vlink_firmware",
	.suite_init = firmware_test_suite_init,
	.suite_exit = firmware_test_suite_exit,
	.init = firmware_test_init,
	.exit = firmware_test_exit,
	.test_cases = firmware_test_cases,
};

kunit_test_suite(firmware_test_suite);
