// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: PCIe devices reaching CXL memory, through the host bridge or by
 * Unordered IO inside a switch, on a machine built in memory:
 *
 *	PCIe side (stand-in rules)          CXL side (the backend's rules)
 *
 *	      pcie-hb ====================== hb ---- root
 *	         |                           |
 *	      pcie-rp ====================== rp
 *	         |                           |
 *	      pcie-usp ===================== sw
 *	     /    |    \                   / |  \
 *	  dsp0  dsp1  dsp2 ============ dsp0 dsp1 dsp2   (each joined)
 *	   |     |      |                     |     |
 *	 nvme  mem0   mem1 ================= ep0   ep1   (joined)
 *
 * Joins (====) are internal links of cost 0; every other link costs 1.
 * The provider is HDM memory on ep0. The region cases add a 2-way region
 * over ep0 and ep1, as region.c does: a node joined to the root and to
 * the switch, with the region's HPA range as provider, and ep0's DPA
 * range as a provider of its own. The graph, the route search and the
 * CXL rules are the real ones; the PCIe side forwards everywhere but
 * through endpoints, as a PCIe tree without ACS does.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/sizes.h>

#include "../port.h"

#define UT_HPA		0x1000000000ULL

/**
 * struct uio_machine - the machine of this file's picture
 * @test: the test
 * @pcie_bus: the PCIe stand-in
 * @cxl_bus: a bus with the CXL backend's rules
 * @pcie_hb: PCIe host bridge
 * @pcie_rp: PCIe root port
 * @pcie_usp: PCIe switch upstream port
 * @pcie_dsp: PCIe switch downstream ports
 * @nvme: the client's node
 * @pcie_mem: the memory devices' PCIe functions
 * @root: CXL root
 * @hb: CXL host bridge
 * @rp: CXL root port
 * @sw: CXL switch
 * @dsp: CXL downstream ports
 * @ep: CXL endpoints of the memory devices
 * @nvme_dev: the client device
 * @links: every link, in the order added
 * @nr_links: entries in @links
 * @provider: HDM memory of ep[0]
 * @region: the region's node data, when a case adds it
 * @members: @region's members
 * @region_provider: the region's HPA range
 * @dpa_provider: ep[0]'s DPA range in the region
 */
struct uio_machine {
	struct kunit *test;
	struct p2p_bus pcie_bus, cxl_bus;
	struct p2p_node *pcie_hb, *pcie_rp, *pcie_usp, *pcie_dsp[3], *nvme;
	struct p2p_node *pcie_mem[2];
	struct p2p_cxl_port root, hb, rp, sw, dsp[3], ep[2];
	struct device *nvme_dev;
	struct p2p_link *links[32];
	unsigned int nr_links;
	struct p2p_provider *provider;
	struct p2p_cxl_port region;
	const struct p2p_cxl_port *members[2];
	struct p2p_provider *region_provider, *dpa_provider;
};

static const struct p2p_link_attr uio_hop = { .cost = 1, .dirs = P2P_DIR_BOTH };
static const struct p2p_link_attr uio_join = {
	.cost = 0, .dirs = P2P_DIR_BOTH, .internal = true,
};

static enum p2p_verdict uio_pcie_forward(const struct p2p_node *node,
					 const struct p2p_link *in,
					 const struct p2p_link *out,
					 const struct p2p_query *query,
					 struct p2p_refusal *why)
{
	if (!in || !out)
		return P2P_FORWARD_ALLOW;
	if (p2p_node_type(node) == P2P_NODE_ENDPOINT || in == out)
		return P2P_FORWARD_DENY;
	return P2P_FORWARD_ALLOW;
}

static const struct p2p_bus_ops uio_pcie_ops = { .forward = uio_pcie_forward };

static struct p2p_link *uio_link(struct uio_machine *m, struct p2p_bus *bus,
				 struct p2p_node *a, struct p2p_node *b,
				 const struct p2p_link_attr *attr)
{
	struct p2p_link *link = p2p_link_add(bus, a, b, attr, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(m->test, link);
	KUNIT_ASSERT_LT(m->test, m->nr_links, ARRAY_SIZE(m->links));
	m->links[m->nr_links++] = link;
	return link;
}

static struct p2p_node *uio_pcie(struct uio_machine *m, enum p2p_node_type type,
				 const char *name, struct p2p_node *up)
{
	struct p2p_node *node = p2p_node_add(&m->pcie_bus, type, NULL, NULL,
					     name, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(m->test, node);
	if (up)
		uio_link(m, &m->pcie_bus, up, node, &uio_hop);
	return node;
}

/* A CXL port below @parent, joined to @pcie when it is not NULL. */
static void uio_cxl(struct uio_machine *m, struct p2p_cxl_port *port,
		    enum p2p_cxl_port_kind kind, const char *name,
		    struct p2p_cxl_port *parent, struct p2p_node *pcie)
{
	port->kind = kind;
	port->parent = parent;
	port->node = p2p_node_add(&m->cxl_bus, p2p_cxl_node_type(kind), NULL,
				  NULL, name, port);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(m->test, port->node);
	if (parent)
		port->uplink = uio_link(m, &m->cxl_bus, parent->node,
					port->node, &uio_hop);
	if (pcie)
		port->join = uio_link(m, &m->cxl_bus, pcie, port->node,
				      &uio_join);
}

static int uio_init(struct kunit *test)
{
	struct uio_machine *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct p2p_provider_desc hdm = {
		.phys_start = UT_HPA, .size = SZ_256M,
		.base = { .space = P2P_ADDR_PCI_BUS, .addr = UT_HPA },
	};
	static const char * const dsp_names[] = { "dsp0", "dsp1", "dsp2" };
	static const char * const mem_names[] = { "mem0", "mem1" };
	static const char * const cxl_dsp_names[] = {
		"cxl-dsp0", "cxl-dsp1", "cxl-dsp2",
	};
	static const char * const ep_names[] = { "cxl-ep0", "cxl-ep1" };
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->test = test;
	test->priv = m;
	m->pcie_bus = (struct p2p_bus) { .name = "pcie-uio", .ops = &uio_pcie_ops };
	m->cxl_bus = (struct p2p_bus) { .name = "cxl-uio", .ops = &p2p_cxl_ops };
	KUNIT_ASSERT_EQ(test, p2p_bus_register(&m->pcie_bus), 0);
	KUNIT_ASSERT_EQ(test, p2p_bus_register(&m->cxl_bus), 0);

	m->pcie_hb = uio_pcie(m, P2P_NODE_HOST_BRIDGE, "pcie-hb", NULL);
	m->pcie_rp = uio_pcie(m, P2P_NODE_PORT, "pcie-rp", m->pcie_hb);
	m->pcie_usp = uio_pcie(m, P2P_NODE_PORT, "pcie-usp", m->pcie_rp);
	for (i = 0; i < 3; i++)
		m->pcie_dsp[i] = uio_pcie(m, P2P_NODE_PORT, dsp_names[i],
					  m->pcie_usp);
	m->nvme_dev = kunit_device_register(test, "p2p-cxl-uio-nvme");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m->nvme_dev);
	m->nvme = p2p_node_add(&m->pcie_bus, P2P_NODE_ENDPOINT, m->nvme_dev,
			       NULL, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m->nvme);
	uio_link(m, &m->pcie_bus, m->pcie_dsp[0], m->nvme, &uio_hop);
	for (i = 0; i < 2; i++)
		m->pcie_mem[i] = uio_pcie(m, P2P_NODE_ENDPOINT, mem_names[i],
					  m->pcie_dsp[1 + i]);

	uio_cxl(m, &m->root, P2P_CXL_PORT_ROOT, "cxl-root", NULL, NULL);
	uio_cxl(m, &m->hb, P2P_CXL_PORT_HOST_BRIDGE, "cxl-hb", &m->root,
		m->pcie_hb);
	uio_cxl(m, &m->rp, P2P_CXL_PORT_ROOT_PORT, "cxl-rp", &m->hb, m->pcie_rp);
	uio_cxl(m, &m->sw, P2P_CXL_PORT_SWITCH, "cxl-sw", &m->rp, m->pcie_usp);
	for (i = 0; i < 3; i++)
		uio_cxl(m, &m->dsp[i], P2P_CXL_PORT_DOWNSTREAM, cxl_dsp_names[i],
			&m->sw, m->pcie_dsp[i]);
	for (i = 0; i < 2; i++)
		uio_cxl(m, &m->ep[i], P2P_CXL_PORT_ENDPOINT, ep_names[i],
			&m->dsp[1 + i], m->pcie_mem[i]);

	m->provider = p2p_provider_add(m->ep[0].node, &hdm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m->provider);
	return 0;
}

static void uio_exit(struct kunit *test)
{
	struct uio_machine *m = test->priv;
	struct p2p_node *nodes[] = {
		m->ep[1].node, m->ep[0].node, m->dsp[2].node, m->dsp[1].node,
		m->dsp[0].node, m->sw.node, m->rp.node, m->hb.node,
		m->root.node, m->pcie_mem[1], m->pcie_mem[0], m->nvme,
		m->pcie_dsp[2], m->pcie_dsp[1], m->pcie_dsp[0], m->pcie_usp,
		m->pcie_rp, m->pcie_hb,
	};
	unsigned int i;

	if (!m)
		return;
	if (!IS_ERR_OR_NULL(m->dpa_provider))
		p2p_provider_remove(m->dpa_provider);
	if (!IS_ERR_OR_NULL(m->region_provider))
		p2p_provider_remove(m->region_provider);
	if (!IS_ERR_OR_NULL(m->provider))
		p2p_provider_remove(m->provider);
	for (i = m->nr_links; i-- > 0;)
		p2p_link_remove(m->links[i]);
	if (!IS_ERR_OR_NULL(m->region.node))
		p2p_node_remove(m->region.node);
	for (i = 0; i < ARRAY_SIZE(nodes); i++)
		if (!IS_ERR_OR_NULL(nodes[i]))
			p2p_node_remove(nodes[i]);
	p2p_bus_unregister(&m->cxl_bus);
	p2p_bus_unregister(&m->pcie_bus);
}

/* The client's route to ep0's HDM memory: its map type and who refused. */
static void uio_expect_route(struct kunit *test, enum p2p_map_type map_type,
			     const struct p2p_node *blamed)
{
	struct uio_machine *m = test->priv;
	struct p2p_route_info info;

	KUNIT_ASSERT_EQ(test, p2p_route(m->provider, m->nvme_dev, P2P_DIR_BOTH,
					&info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, map_type);
	if (!blamed) {
		KUNIT_EXPECT_NULL(test, info.refusal.reason);
		return;
	}
	KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason,
			    (const char *)p2p_cxl_uio_reason);
	KUNIT_EXPECT_EQ_MSG(test, info.refusal.node_id, p2p_node_id(blamed),
			    "expected %s to be named", p2p_node_name(blamed));
}

static void uio_set_all(struct uio_machine *m, bool uio)
{
	WRITE_ONCE(m->dsp[0].uio, uio);
	WRITE_ONCE(m->sw.uio, uio);
	WRITE_ONCE(m->dsp[1].uio, uio);
	WRITE_ONCE(m->ep[0].uio, uio);
	p2p_bus_rules_changed(&m->cxl_bus);
}

/* Without word from the hardware no port carries UIO: through the host. */
static void uio_is_off_unless_the_hardware_says_so(struct kunit *test)
{
	struct uio_machine *m = test->priv;

	uio_expect_route(test, P2P_MAP_THRU_HOST, m->pcie_dsp[0]);
}

/* Every port on the way and the device carry UIO: the switch turns it. */
static void uio_below_one_capable_switch_is_direct(struct kunit *test)
{
	struct uio_machine *m = test->priv;
	struct p2p_route_info info;
	struct p2p_addr addr;

	uio_set_all(m, true);
	uio_expect_route(test, P2P_MAP_DIRECT, NULL);
	KUNIT_ASSERT_EQ(test, p2p_route(m->provider, m->nvme_dev, P2P_DIR_BOTH,
					&info), 0);
	/* nvme, dsp0, (join), switch, dsp1, ep0 */
	KUNIT_EXPECT_EQ(test, info.hops, 5);
	KUNIT_EXPECT_EQ(test, info.distance, 4);
	/* UIO requests carry the HPA: the switch's decoders route it. */
	KUNIT_ASSERT_EQ(test, p2p_translate(m->provider, m->nvme_dev,
					    UT_HPA + 0x1234, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_PCI_BUS);
	KUNIT_EXPECT_EQ(test, addr.addr, UT_HPA + 0x1234);

	/* The capability goes away: the cached answer goes with it. */
	uio_set_all(m, false);
	uio_expect_route(test, P2P_MAP_THRU_HOST, m->pcie_dsp[0]);
}

/**
 * struct uio_gap_case - one port on the way without UIO
 * @name: which
 * @lacking: the port, from the machine
 * @blamed: the node the refusal must name, from the machine
 */
struct uio_gap_case {
	const char *name;
	struct p2p_cxl_port *(*lacking)(struct uio_machine *m);
	struct p2p_node *(*blamed)(struct uio_machine *m);
};

static struct p2p_cxl_port *uio_client_dsp(struct uio_machine *m)
{
	return &m->dsp[0];
}

static struct p2p_node *uio_client_dsp_pcie(struct uio_machine *m)
{
	return m->pcie_dsp[0];
}

static struct p2p_cxl_port *uio_switch(struct uio_machine *m)
{
	return &m->sw;
}

static struct p2p_cxl_port *uio_memdev_dsp(struct uio_machine *m)
{
	return &m->dsp[1];
}

static struct p2p_cxl_port *uio_memdev(struct uio_machine *m)
{
	return &m->ep[0];
}

static const struct uio_gap_case uio_gap_cases[] = {
	{ "client's downstream port", uio_client_dsp, uio_client_dsp_pcie },
	{ "switch", uio_switch, NULL },
	{ "memory device's downstream port", uio_memdev_dsp, NULL },
	{ "memory device", uio_memdev, NULL },
};

static void uio_gap_case_desc(const struct uio_gap_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(uio_gap, uio_gap_cases, uio_gap_case_desc);

/* One port without UIO keeps the route in the host and is named. */
static void uio_gap_goes_through_host_naming_the_port(struct kunit *test)
{
	const struct uio_gap_case *c = test->param_value;
	struct uio_machine *m = test->priv;
	struct p2p_cxl_port *lacking = c->lacking(m);

	uio_set_all(m, true);
	WRITE_ONCE(lacking->uio, false);
	p2p_bus_rules_changed(&m->cxl_bus);
	uio_expect_route(test, P2P_MAP_THRU_HOST,
			 c->blamed ? c->blamed(m) : lacking->node);
}

/* The other device's UIO does not matter; only the way to this one does. */
static void uio_only_ports_on_the_way_count(struct kunit *test)
{
	struct uio_machine *m = test->priv;

	uio_set_all(m, true);
	WRITE_ONCE(m->dsp[2].uio, false);
	WRITE_ONCE(m->ep[1].uio, false);
	p2p_bus_rules_changed(&m->cxl_bus);
	uio_expect_route(test, P2P_MAP_DIRECT, NULL);
}

/* HDM memory is not reached from the device's own PCIe function. */
static void uio_memory_is_not_reached_over_pcie(struct kunit *test)
{
	struct uio_machine *m = test->priv;
	struct p2p_route_info info;

	/* The PCIe path to mem0 is shorter than any through the CXL side. */
	uio_expect_route(test, P2P_MAP_THRU_HOST, m->pcie_dsp[0]);
	KUNIT_ASSERT_EQ(test, p2p_route(m->provider, m->nvme_dev, P2P_DIR_BOTH,
					&info), 0);
	/* nvme dsp0 usp rp hb, (join), hb rp sw dsp1 ep0 */
	KUNIT_EXPECT_EQ(test, info.hops, 9);
}

/*
 * A 2-way region over ep0 and ep1, as region.c builds it: below the
 * switch above both devices.
 */
static void uio_add_region(struct uio_machine *m)
{
	struct p2p_provider_desc hpa = {
		.phys_start = UT_HPA + SZ_1G, .size = SZ_512M,
		.base = { .space = P2P_ADDR_CPU_PHYS, .addr = UT_HPA + SZ_1G },
		.mem_type = P2P_MEM_CXL_HDM,
	};
	struct p2p_provider_desc dpa = {
		.size = SZ_256M,
		.base = { .space = P2P_ADDR_CXL_DPA, .fabric_id = 0, .addr = 0 },
		.mem_type = P2P_MEM_CXL_HDM,
	};

	m->members[0] = &m->ep[0];
	m->members[1] = &m->ep[1];
	m->region.members = m->members;
	m->region.nr_members = 2;
	uio_cxl(m, &m->region, P2P_CXL_PORT_REGION, "cxl-region", &m->sw, NULL);
	m->region_provider = p2p_provider_add(m->region.node, &hpa);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(m->test, m->region_provider);
	m->dpa_provider = p2p_provider_add(m->ep[0].node, &dpa);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(m->test, m->dpa_provider);
}

static void uio_set_region(struct uio_machine *m, bool uio)
{
	unsigned int i;

	for (i = 0; i < 3; i++)
		WRITE_ONCE(m->dsp[i].uio, uio);
	WRITE_ONCE(m->sw.uio, uio);
	WRITE_ONCE(m->ep[0].uio, uio);
	WRITE_ONCE(m->ep[1].uio, uio);
	p2p_bus_rules_changed(&m->cxl_bus);
}

/* The client's route to the region: its map type and who refused. */
static void uio_expect_region(struct kunit *test, enum p2p_map_type map_type,
			      const struct p2p_node *blamed)
{
	struct uio_machine *m = test->priv;
	struct p2p_route_info info;

	KUNIT_ASSERT_EQ(test, p2p_route(m->region_provider, m->nvme_dev,
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, map_type);
	if (!blamed) {
		KUNIT_EXPECT_NULL(test, info.refusal.reason);
		return;
	}
	KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason,
			    (const char *)p2p_cxl_uio_reason);
	KUNIT_EXPECT_EQ_MSG(test, info.refusal.node_id, p2p_node_id(blamed),
			    "expected %s to be named", p2p_node_name(blamed));
}

/*
 * A region is reached through the host's window, unless the switch above
 * all its devices carries UIO to every one of them: then DIRECT, at the
 * region's HPA (the switch's HDM decoder routes it).
 */
static void uio_region_direct_only_when_every_member_carries_it(struct kunit *test)
{
	struct uio_machine *m = test->priv;
	struct p2p_route_info info;
	struct p2p_addr addr;

	uio_add_region(m);
	uio_expect_region(test, P2P_MAP_THRU_HOST, m->pcie_dsp[0]);
	KUNIT_ASSERT_EQ(test, p2p_translate(m->region_provider, m->nvme_dev,
					    UT_HPA + SZ_1G + 0x40, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_DMA);
	KUNIT_EXPECT_EQ(test, addr.addr, UT_HPA + SZ_1G + 0x40);

	uio_set_region(m, true);
	uio_expect_region(test, P2P_MAP_DIRECT, NULL);
	KUNIT_ASSERT_EQ(test, p2p_route(m->region_provider, m->nvme_dev,
					P2P_DIR_BOTH, &info), 0);
	/* nvme, dsp0, (join), switch, region */
	KUNIT_EXPECT_EQ(test, info.hops, 4);
	KUNIT_ASSERT_EQ(test, p2p_translate(m->region_provider, m->nvme_dev,
					    UT_HPA + SZ_1G + 0x40, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_CPU_PHYS);
	KUNIT_EXPECT_EQ(test, addr.addr, UT_HPA + SZ_1G + 0x40);

	/* Unlike a single device's memory, the other member counts. */
	WRITE_ONCE(m->ep[1].uio, false);
	p2p_bus_rules_changed(&m->cxl_bus);
	uio_expect_region(test, P2P_MAP_THRU_HOST, m->ep[1].node);
	WRITE_ONCE(m->ep[1].uio, true);
	WRITE_ONCE(m->dsp[2].uio, false);
	p2p_bus_rules_changed(&m->cxl_bus);
	uio_expect_region(test, P2P_MAP_THRU_HOST, m->dsp[2].node);
}

/*
 * A device's DPA range is typed CXL HDM memory that no peer addresses:
 * routes say whether the device is reached, translation refuses.
 */
static void uio_dpa_range_is_never_translated(struct kunit *test)
{
	struct uio_machine *m = test->priv;
	struct p2p_route_info info;
	struct p2p_addr addr;

	uio_add_region(m);
	KUNIT_ASSERT_EQ(test, p2p_route(m->dpa_provider, m->nvme_dev,
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_THRU_HOST);
	KUNIT_EXPECT_EQ(test, p2p_translate(m->dpa_provider, m->nvme_dev, 0x40,
					    &addr), -EOPNOTSUPP);
	uio_set_region(m, true);
	KUNIT_ASSERT_EQ(test, p2p_route(m->dpa_provider, m->nvme_dev,
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, p2p_translate(m->dpa_provider, m->nvme_dev, 0x40,
					    &addr), -EOPNOTSUPP);
}

/*
 * A region beside the target changes nothing: the switch's refusal to
 * turn into it (a member without UIO) is not the route's to report.
 */
static void uio_region_beside_the_target_is_no_refusal(struct kunit *test)
{
	struct uio_machine *m = test->priv;

	uio_add_region(m);
	uio_set_region(m, true);
	WRITE_ONCE(m->ep[1].uio, false);
	p2p_bus_rules_changed(&m->cxl_bus);
	uio_expect_route(test, P2P_MAP_DIRECT, NULL);
}

/* A memory type the core does not know is refused, never shown. */
static void uio_unknown_memory_type_is_refused(struct kunit *test)
{
	struct uio_machine *m = test->priv;
	struct p2p_provider_desc bad = {
		.phys_start = UT_HPA, .size = SZ_4K,
		.base = { .space = P2P_ADDR_CPU_PHYS, .addr = UT_HPA },
		.mem_type = P2P_MEM_CXL_HDM + 1,
	};

	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_provider_add(m->ep[1].node, &bad)),
			-EINVAL);
	bad.mem_type = P2P_MEM_CXL_HDM;
	bad.base.space = P2P_ADDR_CXL_DPA + 1;
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_provider_add(m->ep[1].node, &bad)),
			-EINVAL);
}

static struct kunit_case uio_test_cases[] = {
	KUNIT_CASE(uio_is_off_unless_the_hardware_says_so),
	KUNIT_CASE(uio_below_one_capable_switch_is_direct),
	KUNIT_CASE_PARAM(uio_gap_goes_through_host_naming_the_port,
			 uio_gap_gen_params),
	KUNIT_CASE(uio_only_ports_on_the_way_count),
	KUNIT_CASE(uio_memory_is_not_reached_over_pcie),
	KUNIT_CASE(uio_region_direct_only_when_every_member_carries_it),
	KUNIT_CASE(uio_dpa_range_is_never_translated),
	KUNIT_CASE(uio_region_beside_the_target_is_no_refusal),
	KUNIT_CASE(uio_unknown_memory_type_is_refused),
	{}
};

static struct kunit_suite uio_test_suite = {
	.name = "p2p_cxl_uio",
	.init = uio_init,
	.exit = uio_exit,
	.test_cases = uio_test_cases,
};

kunit_test_suite(uio_test_suite);

MODULE_IMPORT_NS(P2P_TOPOLOGY);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
