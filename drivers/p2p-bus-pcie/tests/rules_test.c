// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the PCIe forwarding rules on PCIe-shaped topologies built in
 * memory, for what QEMU cannot emulate: ACS on switch downstream ports,
 * egress control vectors, deep switch chains, host-bridge policies.
 *
 * The hierarchies are built by pcie_topo.c: real struct pci_devs with
 * in-memory configuration space, so that the graph and p2pdma's legacy
 * walk read the very same ACS registers.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/pci.h>
#include <linux/rcupdate.h>
#include <linux/seq_buf.h>

#include "../pcie.h"
#include "p2pdma_map.h"
#include "pcie_topo.h"

/*
 *	hb0 - rp - usp -+- dsp1 (port 1) - ep1
 *	                +- dsp2 (port 2) - ep2
 *	                +- dsp3 (port 3) - ep3
 */
struct pt_switch {
	int hb, rp, usp, dsp[4], ep[4];
};

static void pt_build_switch(struct pcie_topo *t, struct pt_switch *s,
			    enum pcie_p2p_hb_policy policy)
{
	int i;

	s->hb = pt_hb(t, policy);
	s->rp = pt_fn(t, -1, s->hb, true, 0);
	s->usp = pt_fn(t, s->rp, s->hb, true, 0);
	for (i = 1; i <= 3; i++) {
		s->dsp[i] = pt_fn(t, s->usp, s->hb, true, i);
		s->ep[i] = pt_fn(t, s->dsp[i], s->hb, false, 0);
		pt_provider(t, s->ep[i]);
	}
}

static void pcie_rules_switch_siblings_are_direct(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	struct p2p_route_info info;
	struct pt_switch s;

	pt_build_switch(t, &s, PCIE_P2P_HB_DENY);
	pt_expect(test, pt_route(t, s.ep[2], s.ep[1], &info), &info,
		  P2P_MAP_DIRECT, 4);
	KUNIT_EXPECT_NULL(test, info.refusal.reason);
	pt_expect(test, pt_route(t, s.ep[1], s.ep[1], &info), &info,
		  P2P_MAP_DIRECT, 0);
}

static void pcie_rules_acs_on_downstream_port_goes_through_host(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	struct p2p_route_info info;
	struct pt_switch s;

	pt_build_switch(t, &s, PCIE_P2P_HB_ALLOW);
	pt_set_acs(t, s.dsp[1], PCI_ACS_RR | PCI_ACS_CR, 0, 0);

	/* either way round: up to the host bridge and back, p2pdma's distance */
	pt_expect(test, pt_route(t, s.ep[2], s.ep[1], &info), &info,
		  P2P_MAP_THRU_HOST, 4);
	KUNIT_EXPECT_EQ(test, info.cost, 8);
	KUNIT_EXPECT_EQ(test, info.hops, 8);
	KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason, &pcie_p2p_acs_rr_cr_reason[0]);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->fns[s.dsp[1]].node));

	/* P2P Request Redirect alone is named as such (PCIe r6.0 7.7.8.3) */
	pt_set_acs(t, s.dsp[1], PCI_ACS_RR, 0, 0);
	pt_expect(test, pt_route(t, s.ep[2], s.ep[1], &info), &info,
		  P2P_MAP_THRU_HOST, 4);
	KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason, &pcie_p2p_acs_reason[0]);

	/* P2P Completion Redirect alone is named as such (PCIe r6.0 7.7.8.3) */
	pt_set_acs(t, s.dsp[1], PCI_ACS_CR, 0, 0);
	pt_expect(test, pt_route(t, s.ep[2], s.ep[1], &info), &info,
		  P2P_MAP_THRU_HOST, 4);
	KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason, &pcie_p2p_acs_cr_reason[0]);
	pt_expect(test, pt_route(t, s.ep[1], s.ep[2], &info), &info,
		  P2P_MAP_THRU_HOST, 4);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->fns[s.dsp[1]].node));

	/* a pair that does not cross dsp1 stays direct */
	pt_expect(test, pt_route(t, s.ep[3], s.ep[2], &info), &info,
		  P2P_MAP_DIRECT, 4);

	/* a host bridge that refuses leaves no route */
	t->hbs[s.hb].policy = PCIE_P2P_HB_DENY;
	p2p_bus_rules_changed(&t->bus);
	pt_expect(test, pt_route(t, s.ep[2], s.ep[1], &info), &info,
		  P2P_MAP_NOT_SUPPORTED, 0);

	/* clearing the redirect restores the direct route */
	pt_set_acs(t, s.dsp[1], PCI_ACS_SV, 0, 0);
	pt_expect(test, pt_route(t, s.ep[2], s.ep[1], &info), &info,
		  P2P_MAP_DIRECT, 4);
}

/* ACS on the upstream port, the top of the path, counts as p2pdma counts it. */
static void pcie_rules_acs_at_the_top_and_on_the_ends(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	struct p2p_route_info info;
	struct pt_switch s;

	pt_build_switch(t, &s, PCIE_P2P_HB_ALLOW_SAME);
	pt_set_acs(t, s.usp, PCI_ACS_RR, 0, 0);
	pt_expect(test, pt_route(t, s.ep[2], s.ep[3], &info), &info,
		  P2P_MAP_THRU_HOST, 4);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->fns[s.usp].node));
	pt_set_acs(t, s.usp, 0, 0, 0);

	/* on the provider itself, even for its own memory */
	pt_set_acs(t, s.ep[1], PCI_ACS_RR, 0, 0);
	pt_expect(test, pt_route(t, s.ep[1], s.ep[2], &info), &info,
		  P2P_MAP_THRU_HOST, 4);
	pt_expect(test, pt_route(t, s.ep[1], s.ep[1], &info), &info,
		  P2P_MAP_THRU_HOST, 0);
	KUNIT_EXPECT_EQ(test, info.hops, 8);
	/* and on a client that is the top of its path */
	pt_set_acs(t, s.ep[1], 0, 0, 0);
	pt_provider(t, s.dsp[2]);
	pt_set_acs(t, s.dsp[2], PCI_ACS_CR, 0, 0);
	pt_expect(test, pt_route(t, s.dsp[2], s.ep[2], &info), &info,
		  P2P_MAP_THRU_HOST, 1);
	pt_expect(test, pt_route(t, s.ep[2], s.dsp[2], &info), &info,
		  P2P_MAP_THRU_HOST, 1);
}

static void pcie_rules_egress_vector_blocks_chosen_ports(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	struct p2p_route_info info;
	struct pt_switch s;

	pt_build_switch(t, &s, PCIE_P2P_HB_ALLOW);
	/* requests entering at dsp1 may not leave at port 2 */
	pt_set_acs(t, s.dsp[1], PCI_ACS_EC, 8, BIT(2));

	pt_expect(test, pt_route(t, s.ep[2], s.ep[1], &info), &info,
		  P2P_MAP_THRU_HOST, 4);
	KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason, &pcie_p2p_egress_reason[0]);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->fns[s.dsp[1]].node));
	pt_expect(test, pt_route(t, s.ep[3], s.ep[1], &info), &info,
		  P2P_MAP_DIRECT, 4);
	/* the vector governs requests entering at dsp1 only */
	pt_expect(test, pt_route(t, s.ep[1], s.ep[2], &info), &info,
		  P2P_MAP_DIRECT, 4);

	/* a port number the vector does not cover is blocked */
	pt_set_acs(t, s.dsp[1], PCI_ACS_EC, 2, 0);
	pt_expect(test, pt_route(t, s.ep[3], s.ep[1], &info), &info,
		  P2P_MAP_THRU_HOST, 4);

	/* egress control without a usable vector redirects all, as p2pdma */
	pt_set_acs(t, s.dsp[1], PCI_ACS_EC, 0, 0);
	pt_expect(test, pt_route(t, s.ep[3], s.ep[1], &info), &info,
		  P2P_MAP_THRU_HOST, 4);
	pt_expect(test, pt_route(t, s.ep[1], s.ep[3], &info), &info,
		  P2P_MAP_THRU_HOST, 4);
	KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason, &pcie_p2p_acs_ec_reason[0]);
}

/*
 * With ARI, an egress control vector indexes a multi-function device's
 * functions by their 8-bit Function Number, up to 256 bits wide.
 *
 *	dsp - ari0 (function 0), ari11 (function 11), ari40 (function 40)
 */
static void pcie_rules_ari_functions_index_wide_vectors(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	int hb, rp, ari0, ari11, ari40;
	struct p2p_route_info info;

	hb = pt_hb(t, PCIE_P2P_HB_ALLOW);
	rp = pt_fn(t, -1, hb, true, 0);
	ari0 = pt_fn(t, rp, hb, false, 0);
	ari11 = pt_fn(t, rp, hb, false, 11);
	ari40 = pt_fn(t, rp, hb, false, 40);
	pt_provider(t, ari11);
	pt_provider(t, ari40);

	/* function 0 may not send to function 40; to 11 it may */
	pt_set_acs(t, ari0, PCI_ACS_EC, 64, BIT_ULL(40));
	pt_expect(test, pt_route(t, ari40, ari0, &info), &info,
		  P2P_MAP_THRU_HOST, 2);
	pt_expect(test, pt_route(t, ari11, ari0, &info), &info,
		  P2P_MAP_DIRECT, 2);
	/* bit 3 (11's number without ARI) does not block function 11 */
	pt_set_acs(t, ari0, PCI_ACS_EC, 64, BIT_ULL(3));
	pt_expect(test, pt_route(t, ari11, ari0, &info), &info,
		  P2P_MAP_DIRECT, 2);
	pt_set_acs(t, ari0, PCI_ACS_EC, 64, BIT_ULL(11));
	pt_expect(test, pt_route(t, ari11, ari0, &info), &info,
		  P2P_MAP_THRU_HOST, 2);
	/* a 256-bit vector, the widest, covers every function */
	pt_set_acs(t, ari0, PCI_ACS_EC, 256, 0);
	pt_expect(test, pt_route(t, ari40, ari0, &info), &info,
		  P2P_MAP_DIRECT, 2);
}

/*
 * Eight switches in a chain below one root port; ep_top hangs off the first
 * switch's second downstream port, ep_a and ep_b off the last switch.
 * Distances follow the tree.
 */
static void pcie_rules_chain_of_eight_switches(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	int hb, rp, up, usp, dsp, i, ep_top, ep_a, ep_b, deep_dsp = -1;
	struct p2p_route_info info;

	hb = pt_hb(t, PCIE_P2P_HB_ALLOW);
	rp = pt_fn(t, -1, hb, true, 0);
	up = rp;
	ep_top = -1;
	for (i = 0; i < 7; i++) {
		usp = pt_fn(t, up, hb, true, 0);
		dsp = pt_fn(t, usp, hb, true, 1);
		if (i == 0) {
			int side = pt_fn(t, usp, hb, true, 2);

			ep_top = pt_fn(t, side, hb, false, 0);
		}
		up = dsp;
	}
	deep_dsp = up;
	usp = pt_fn(t, up, hb, true, 0);
	dsp = pt_fn(t, usp, hb, true, 1);
	ep_a = pt_fn(t, dsp, hb, false, 0);
	dsp = pt_fn(t, usp, hb, true, 2);
	ep_b = pt_fn(t, dsp, hb, false, 0);
	pt_provider(t, ep_top);
	pt_provider(t, ep_a);

	/* siblings at the bottom: 4 hops, however deep */
	pt_expect(test, pt_route(t, ep_a, ep_b, &info), &info, P2P_MAP_DIRECT, 4);
	/*
	 * From ep_a up to the first switch's upstream port, where the path
	 * turns: ep_a and a downstream and an upstream port per switch,
	 * 1 + 2 * 8 - 1 = 16 links; then 2 down to ep_top.
	 */
	pt_expect(test, pt_route(t, ep_top, ep_a, &info), &info,
		  P2P_MAP_DIRECT, 18);
	KUNIT_EXPECT_EQ(test, info.hops, 18);

	/* ACS deep down sends the long route through the host bridge */
	pt_set_acs(t, deep_dsp, PCI_ACS_RR, 0, 0);
	pt_expect(test, pt_route(t, ep_top, ep_a, &info), &info,
		  P2P_MAP_THRU_HOST, 18);
	KUNIT_EXPECT_EQ(test, info.cost, 18 + 2 * 2);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->fns[deep_dsp].node));
	/* but not the siblings below it */
	pt_expect(test, pt_route(t, ep_a, ep_b, &info), &info, P2P_MAP_DIRECT, 4);
}

static void pcie_rules_host_bridge_policies(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	int hb0, hb1, ep0, ep1, ep2;
	struct p2p_route_info info;

	hb0 = pt_hb(t, PCIE_P2P_HB_ALLOW_SAME);
	hb1 = pt_hb(t, PCIE_P2P_HB_ALLOW);
	ep0 = pt_root_port_ep(t, hb0, NULL);
	ep1 = pt_root_port_ep(t, hb0, NULL);
	ep2 = pt_root_port_ep(t, hb1, NULL);
	pt_provider(t, ep0);
	pt_provider(t, ep2);

	/* no common bridge: the sum of the depths, through the host bridge */
	pt_expect(test, pt_route(t, ep0, ep1, &info), &info, P2P_MAP_THRU_HOST, 4);
	/* hb0 turns traffic between its own ports but passes none on */
	pt_expect(test, pt_route(t, ep2, ep1, &info), &info,
		  P2P_MAP_NOT_SUPPORTED, 0);
	KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason, &pcie_p2p_host_bridge_reason[0]);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->hbs[hb0].node));

	t->hbs[hb0].policy = PCIE_P2P_HB_ALLOW;
	p2p_bus_rules_changed(&t->bus);
	pt_expect(test, pt_route(t, ep2, ep1, &info), &info, P2P_MAP_THRU_HOST, 4);
	KUNIT_EXPECT_EQ(test, info.hops, 6);

	/* both host bridges must agree */
	t->hbs[hb1].policy = PCIE_P2P_HB_ALLOW_SAME;
	p2p_bus_rules_changed(&t->bus);
	pt_expect(test, pt_route(t, ep0, ep2, &info), &info,
		  P2P_MAP_NOT_SUPPORTED, 0);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->hbs[hb1].node));
}

/*
 * Memory the host decodes (a CXL region, %P2P_BUS_HOST_MEMORY) below
 * another root complex: a PCIe client reaches it through the host as it
 * reaches RAM, whatever the host bridges' peer policy. The same memory on
 * a bus without the flag is peer memory, which the policy refuses. Host
 * memory hung below another root port of the client's own bridge (lone,
 * with no way up to the host) stays out of reach: the bridge sends such
 * requests up, never across to a sibling port.
 *
 *	host -+- hb0 (DENY) -+- rp - ep (client)
 *	      |              +- rp2 -+- ep
 *	      |                      +- lone (bus with the flag)
 *	      +- hb1 (DENY) -+- mem (bus with P2P_BUS_HOST_MEMORY)
 *	                     +- peer (bus without)
 */
static void pcie_rules_host_memory_below_another_root_complex(struct kunit *test)
{
	static const struct p2p_bus_ops other_ops = {};
	static const struct p2p_link_attr join = {
		.cost = 1, .dirs = P2P_DIR_BOTH,
	};
	const struct p2p_provider_desc memory = {
		.phys_start = 0x4000000000ULL, .size = 0x100000,
		.base = { .space = P2P_ADDR_CPU_PHYS },
		.mem_type = P2P_MEM_CXL_HDM,
	};
	struct p2p_bus host_mem = {
		.name = "hostmem-kunit", .ops = &other_ops,
		.flags = P2P_BUS_HOST_MEMORY,
	};
	struct p2p_bus peer_mem = { .name = "peermem-kunit", .ops = &other_ops };
	struct p2p_bus *buses[] = { &host_mem, &peer_mem };
	struct p2p_provider *prov[3] = { NULL, NULL, NULL };
	struct p2p_node *node[3] = { NULL, NULL, NULL };
	struct p2p_link *link[3] = { NULL, NULL, NULL };
	bool registered[2] = { false, false };
	struct pcie_topo *t = test->priv;
	struct p2p_route_info info;
	int hb0, hb1, ep, rp2, i, ret;

	hb0 = pt_hb(t, PCIE_P2P_HB_DENY);
	hb1 = pt_hb(t, PCIE_P2P_HB_DENY);
	ep = pt_root_port_ep(t, hb0, NULL);
	pt_root_port_ep(t, hb0, &rp2);
	for (i = 0; i < 2; i++) {
		registered[i] = !p2p_bus_register(buses[i]);
		if (!registered[i]) {
			KUNIT_FAIL(test, "bus %s not registered", buses[i]->name);
			continue;
		}
		node[i] = p2p_node_add(buses[i], P2P_NODE_ENDPOINT, NULL, NULL,
				       i ? "peer-kunit" : "mem-kunit", NULL);
		if (IS_ERR(node[i])) {
			KUNIT_FAIL(test, "node: %pe", node[i]);
			node[i] = NULL;
			continue;
		}
		link[i] = p2p_link_add(buses[i], t->hbs[hb1].node, node[i],
				       &join, NULL);
		prov[i] = p2p_provider_add(node[i], &memory);
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, link[i]);
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, prov[i]);
	}

	if (registered[0]) {
		node[2] = p2p_node_add(&host_mem, P2P_NODE_ENDPOINT, NULL, NULL,
				       "lone-kunit", NULL);
		if (IS_ERR(node[2])) {
			KUNIT_FAIL(test, "node: %pe", node[2]);
			node[2] = NULL;
		} else {
			link[2] = p2p_link_add(&host_mem, t->fns[rp2].node,
					       node[2], &join, NULL);
			prov[2] = p2p_provider_add(node[2], &memory);
		}
	}
	if (!IS_ERR_OR_NULL(prov[2])) {
		ret = p2p_route(prov[2], t->devs[ep], P2P_DIR_BOTH, &info);
		KUNIT_EXPECT_EQ(test, ret, -EHOSTUNREACH);
		KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
	}
	if (!IS_ERR_OR_NULL(prov[0])) {
		ret = p2p_route(prov[0], t->devs[ep], P2P_DIR_BOTH, &info);
		KUNIT_EXPECT_EQ(test, ret, 0);
		KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_THRU_HOST);
		KUNIT_EXPECT_PTR_EQ_MSG(test, info.refusal.reason, NULL, "%s at node %u",
					info.refusal.reason, info.refusal.node_id);
	}
	if (!IS_ERR_OR_NULL(prov[1])) {
		ret = p2p_route(prov[1], t->devs[ep], P2P_DIR_BOTH, &info);
		KUNIT_EXPECT_EQ(test, ret, -EHOSTUNREACH);
		KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
		KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason,
				    &pcie_p2p_host_bridge_reason[0]);
		KUNIT_EXPECT_EQ(test, info.refusal.node_id,
				p2p_node_id(t->hbs[hb0].node));
	}

	for (i = 2; i >= 0; i--) {
		if (!IS_ERR_OR_NULL(prov[i]))
			p2p_provider_remove(prov[i]);
		if (!IS_ERR_OR_NULL(link[i]))
			p2p_link_remove(link[i]);
		if (node[i])
			p2p_node_remove(node[i]);
		if (i < 2 && registered[i])
			p2p_bus_unregister(buses[i]);
	}
}

/* Direct routes address the provider by its PCI bus address. */
static void pcie_rules_translate_bus_and_dma(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	struct p2p_addr addr;
	struct pt_switch s;

	pt_build_switch(t, &s, PCIE_P2P_HB_ALLOW);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(t->provs[s.ep[1]],
						   t->devs[s.ep[2]], 0x10, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_PCI_BUS);
	KUNIT_EXPECT_EQ(test, addr.addr, 0x80000000ULL * (s.ep[1] + 1) + 0x10);

	pt_set_acs(t, s.dsp[2], PCI_ACS_RR, 0, 0);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(t->provs[s.ep[1]],
						   t->devs[s.ep[2]], 0x10, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_DMA);
	KUNIT_EXPECT_EQ(test, addr.addr, 0x100000000ULL * (s.ep[1] + 1) + 0x10);
}

/*
 * Bandwidth is in MB/s on every bus: a 50,000 MB/s fabric link beats a
 * PCIe 4.0 x16 path (16 GT/s * 16 lanes * 128/130 / 8 = 31,508 MB/s),
 * although the fabric route costs more.
 *
 *	ep1 (client) ==fabric 50,000 MB/s, cost 10== gpu (published memory)
 *	ep1 - dsp1 - usp - dsp2 - ep2 (published memory), all Gen4 x16
 */
static void pcie_rules_bandwidth_policy_prefers_faster_fabric(struct kunit *test)
{
	static const struct p2p_bus_ops fabric_ops = {};
	const struct p2p_link_attr fabric_link = {
		.cost = 10, .dirs = P2P_DIR_BOTH, .bandwidth_MBps = 50000,
	};
	const struct p2p_provider_desc gpu_memory = {
		.phys_start = 0x4000000000ULL, .size = 0x100000,
		.base = { .space = P2P_ADDR_LINK, .fabric_id = 1 },
	};
	struct p2p_bus fabric = {
		.name = "fabric-kunit", .ops = &fabric_ops,
		.flags = P2P_BUS_PRIVATE_INTERCONNECT,
	};
	struct p2p_node *client_port, *gpu_port;
	struct p2p_provider *gpu_prov, *found;
	struct pcie_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_link *link;
	struct device *client, *gpu;
	struct pt_switch s;

	t->hop.bandwidth_MBps =
		pcie_p2p_lnksta_MBps(PCI_EXP_LNKSTA_CLS_16_0GB |
				     FIELD_PREP(PCI_EXP_LNKSTA_NLW, 16));
	pt_build_switch(t, &s, PCIE_P2P_HB_ALLOW);
	p2p_provider_publish(t->provs[s.ep[2]], true);
	client = t->devs[s.ep[1]];
	KUNIT_ASSERT_EQ(test, pt_route(t, s.ep[2], s.ep[1], &info), 0);
	/* within the PCI core's rounding of each lane down to whole Mb/s */
	KUNIT_EXPECT_GE(test, info.bandwidth_MBps, 31508 - (16 / BITS_PER_BYTE + 1));
	KUNIT_EXPECT_LE(test, info.bandwidth_MBps, 31508 + (16 / BITS_PER_BYTE + 1));

	gpu = kunit_device_register(test, "p2p-pcie-gpu");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gpu);
	KUNIT_ASSERT_EQ(test, p2p_bus_register(&fabric), 0);
	client_port = p2p_node_add(&fabric, P2P_NODE_ENDPOINT, client, NULL,
				   NULL, NULL);
	gpu_port = p2p_node_add(&fabric, P2P_NODE_ENDPOINT, gpu, NULL, NULL,
				NULL);
	link = p2p_link_add(&fabric, client_port, gpu_port, &fabric_link, NULL);
	gpu_prov = p2p_provider_add(gpu_port, &gpu_memory);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, gpu_prov);
	if (!IS_ERR_OR_NULL(gpu_prov))
		p2p_provider_publish(gpu_prov, true);

	found = p2p_find_provider(&client, 1, P2P_FIND_BANDWIDTH);
	KUNIT_EXPECT_PTR_EQ(test, found, gpu_prov);
	p2p_provider_put(found);
	/* by cost, the PCIe peer */
	found = p2p_find_provider(&client, 1, P2P_FIND_COST);
	KUNIT_EXPECT_PTR_EQ(test, found, t->provs[s.ep[2]]);
	p2p_provider_put(found);

	if (!IS_ERR_OR_NULL(gpu_prov))
		p2p_provider_remove(gpu_prov);
	if (!IS_ERR_OR_NULL(link))
		p2p_link_remove(link);
	if (!IS_ERR(gpu_port))
		p2p_node_remove(gpu_port);
	if (!IS_ERR(client_port))
		p2p_node_remove(client_port);
	p2p_bus_unregister(&fabric);
}

/*
 * The case from the field: two GPUs, each behind its own on-card switch,
 * both below one outer switch; ACS P2P Request and Completion Redirect on
 * all four downstream ports; a host bridge that may not turn the traffic.
 *
 *	hb - rp - usp_o -+- dsp_o1 - usp_a - dsp_a - gpu0
 *	                 +- dsp_o2 - usp_b - dsp_b - gpu1
 *
 * p2pdma answers -1 (its internal distance stays 8) and its
 * pci=disable_acs_redir= hint names, in this order, the provider's card
 * port, the provider's port on the outer switch, the client's card port,
 * the client's port on the outer switch.
 */
struct pt_two_cards {
	int usp_o, dsp_o1, dsp_o2, usp_a, dsp_a, usp_b, dsp_b, gpu0, gpu1;
};

static void pt_build_two_cards(struct pcie_topo *t, struct pt_two_cards *c)
{
	int hb = pt_hb(t, PCIE_P2P_HB_DENY);
	int rp = pt_fn(t, -1, hb, true, 0);

	c->usp_o = pt_fn(t, rp, hb, true, 0);
	c->dsp_o1 = pt_fn(t, c->usp_o, hb, true, 1);
	c->dsp_o2 = pt_fn(t, c->usp_o, hb, true, 2);
	c->usp_a = pt_fn(t, c->dsp_o1, hb, true, 0);
	c->dsp_a = pt_fn(t, c->usp_a, hb, true, 1);
	c->gpu0 = pt_fn(t, c->dsp_a, hb, false, 0);
	c->usp_b = pt_fn(t, c->dsp_o2, hb, true, 0);
	c->dsp_b = pt_fn(t, c->usp_b, hb, true, 1);
	c->gpu1 = pt_fn(t, c->dsp_b, hb, false, 0);
	pt_provider(t, c->gpu0);
	pt_provider(t, c->gpu1);
	pt_set_acs(t, c->dsp_a, PCI_ACS_RR | PCI_ACS_CR, 0, 0);
	pt_set_acs(t, c->dsp_o1, PCI_ACS_RR | PCI_ACS_CR, 0, 0);
	pt_set_acs(t, c->dsp_b, PCI_ACS_RR | PCI_ACS_CR, 0, 0);
	pt_set_acs(t, c->dsp_o2, PCI_ACS_RR | PCI_ACS_CR, 0, 0);
}

/* What the p2pdma hint would say for @provider and @client, in @hint. */
static unsigned int pt_hint(struct pcie_topo *t, int provider, int client,
			    struct seq_buf *hint)
{
	unsigned int n;

	rcu_read_lock();
	n = pcie_p2p_acs_hint(t->fns[provider].node, t->fns[client].node, hint);
	rcu_read_unlock();
	return n;
}

/* "a;b;c;d": the names of four functions, as p2pdma joins them. */
static void pt_names(struct pcie_topo *t, char *buf, size_t size, int a,
		     int b, int c, int d)
{
	snprintf(buf, size, "%s;%s;%s;%s", dev_name(t->devs[a]),
		 dev_name(t->devs[b]), dev_name(t->devs[c]),
		 dev_name(t->devs[d]));
}

static void pcie_rules_hint_names_every_redirecting_port(struct kunit *test)
{
	const size_t size = 512;	/* KUnit device names are long */
	char *want = kunit_kzalloc(test, size, GFP_KERNEL);
	char *buf = kunit_kzalloc(test, size, GFP_KERNEL);
	struct pcie_topo *t = test->priv;
	struct p2p_route_info info;
	struct pt_two_cards c;
	struct seq_buf hint;

	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	seq_buf_init(&hint, buf, size);
	pt_build_two_cards(t, &c);
	pt_expect(test, pt_route(t, c.gpu0, c.gpu1, &info), &info,
		  P2P_MAP_NOT_SUPPORTED, 0);
	KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason, &pcie_p2p_acs_rr_cr_reason[0]);

	KUNIT_EXPECT_EQ(test, pt_hint(t, c.gpu0, c.gpu1, &hint), 4);
	KUNIT_EXPECT_FALSE(test, seq_buf_has_overflowed(&hint));
	pt_names(t, want, size, c.dsp_a, c.dsp_o1, c.dsp_b, c.dsp_o2);
	KUNIT_EXPECT_STREQ(test, seq_buf_str(&hint), want);

	/* the other way round, the other card's ports come first */
	seq_buf_clear(&hint);
	KUNIT_EXPECT_EQ(test, pt_hint(t, c.gpu1, c.gpu0, &hint), 4);
	pt_names(t, want, size, c.dsp_b, c.dsp_o2, c.dsp_a, c.dsp_o1);
	KUNIT_EXPECT_STREQ(test, seq_buf_str(&hint), want);
}

/* The refusal blames the first port of the hint: the provider's card port. */
static void pcie_rules_refusal_blames_first_port_of_hint(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	struct p2p_route_info info;
	struct pt_two_cards c;

	pt_build_two_cards(t, &c);
	pt_route(t, c.gpu0, c.gpu1, &info);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id,
			p2p_node_id(t->fns[c.dsp_a].node));
	pt_route(t, c.gpu1, c.gpu0, &info);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id,
			p2p_node_id(t->fns[c.dsp_b].node));
}

/* No common upstream function, no path below the host bridge: no hint. */
static void pcie_rules_no_hint_without_common_bridge(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	DECLARE_SEQ_BUF(hint, 64);
	int hb, rp0, rp1, ep0, ep1;

	hb = pt_hb(t, PCIE_P2P_HB_DENY);
	ep0 = pt_root_port_ep(t, hb, &rp0);
	ep1 = pt_root_port_ep(t, hb, &rp1);
	pt_set_acs(t, rp0, PCI_ACS_RR, 0, 0);
	pt_set_acs(t, rp1, PCI_ACS_RR, 0, 0);
	KUNIT_EXPECT_EQ(test, pt_hint(t, ep0, ep1, &hint), 0);
	KUNIT_EXPECT_STREQ(test, seq_buf_str(&hint), "");
}

/*
 * ACS egress control: the graph against p2pdma's legacy rule, asked of
 * p2pdma itself (pci_p2pdma_legacy_map_type()) on the same functions.
 *
 * Legacy rule (pci_bridge_has_acs_redir() in calc_map_type_and_dist()):
 * when any function from the provider up to and including the nearest
 * common upstream bridge, or from the client up to it, has P2P Request
 * Redirect, Completion Redirect or Egress Control set in its ACS control
 * register, the pair goes through the host bridge, at the same distance.
 *
 * The spec (PCIe r6.0 sec 6.12.1.1, 6.12.1.2, 7.7.8.4): an egress control
 * vector governs peer requests a downstream port (or a function of a
 * multi-function device) receives: bit N set blocks those it would send
 * to port (function) number N. The graph applies that: only requests
 * entering at the client's port where the path turns, bound for a blocked
 * port, go up. Where the two differ is documented in
 * Documentation/driver-api/p2p-topology.rst ("Where the graph differs
 * from legacy p2pdma"):
 */
enum pt_ec_difference {
	PT_EC_SAME,		/* the graph answers as p2pdma does */
	PT_EC_VECTOR_ALLOWS,	/* the vector at the turn lets the peer through */
	PT_EC_NOT_AT_TURN,	/* the vector governs no request of this path */
};

/*
 *	hb - rp - usp -+- dsp1 (port 1) - ep1
 *	               +- dsp2 (port 2) - ep2
 *	               +- dsp3 (port 3) - usp_c - dsp_c (port 5) - ep3
 *	               +- dsp4 (port 4) -+- fn0 (function 0)
 *	                                 +- fn1 (function 1)
 */
enum pt_ec_fn {
	EC_RP, EC_USP, EC_DSP1, EC_DSP2, EC_DSP3, EC_DSP4, EC_USP_C, EC_DSP_C,
	EC_EP1, EC_EP2, EC_EP3, EC_FN0, EC_FN1, EC_NR
};

/**
 * struct pt_ec_case - one egress control setting and one pair
 * @name: what the case shows
 * @at: the function whose ACS control has Egress Control set
 * @ctrl: its ACS control register
 * @bits: its egress control vector size (0: no vector)
 * @vector: the vector
 * @provider: the provider
 * @client: the client
 * @graph: the graph's map type, from the spec
 * @differs: why @graph is not p2pdma's map type, or %PT_EC_SAME
 */
struct pt_ec_case {
	const char *name;
	enum pt_ec_fn at;
	u16 ctrl;
	u8 bits;
	u32 vector;
	enum pt_ec_fn provider, client;
	enum p2p_map_type graph;
	enum pt_ec_difference differs;
};

#define EC	PCI_ACS_EC
#define THRU	P2P_MAP_THRU_HOST
#define DIRECT	P2P_MAP_DIRECT

static const struct pt_ec_case pt_ec_cases[] = {
	{ "client port blocks provider port", EC_DSP1, EC, 8, BIT(2),
	  EC_EP2, EC_EP1, THRU, PT_EC_SAME },
	{ "client port lets provider port through", EC_DSP1, EC, 8, BIT(3),
	  EC_EP2, EC_EP1, DIRECT, PT_EC_VECTOR_ALLOWS },
	{ "client port with an empty vector", EC_DSP1, EC, 8, 0,
	  EC_EP2, EC_EP1, DIRECT, PT_EC_VECTOR_ALLOWS },
	{ "vector too narrow for provider port", EC_DSP1, EC, 2, 0,
	  EC_EP2, EC_EP1, THRU, PT_EC_SAME },
	{ "egress control without a vector", EC_DSP1, EC, 0, 0,
	  EC_EP2, EC_EP1, THRU, PT_EC_SAME },
	{ "request redirect with an open vector", EC_DSP1, EC | PCI_ACS_RR, 8, 0,
	  EC_EP2, EC_EP1, THRU, PT_EC_SAME },
	{ "provider port's vector governs its own requests", EC_DSP2, EC, 8, BIT(1),
	  EC_EP2, EC_EP1, DIRECT, PT_EC_NOT_AT_TURN },
	{ "same vector, the provider port's requests", EC_DSP2, EC, 8, BIT(1),
	  EC_EP1, EC_EP2, THRU, PT_EC_SAME },
	{ "vector on the top of the path", EC_USP, EC, 8, 0xff,
	  EC_EP2, EC_EP1, DIRECT, PT_EC_NOT_AT_TURN },
	{ "vector on a card port below the turn", EC_DSP_C, EC, 8, 0xff,
	  EC_EP1, EC_EP3, DIRECT, PT_EC_NOT_AT_TURN },
	{ "outer port of the card blocks the peer", EC_DSP3, EC, 8, BIT(1),
	  EC_EP1, EC_EP3, THRU, PT_EC_SAME },
	{ "function blocks its peer function", EC_FN0, EC, 8, BIT(1),
	  EC_FN1, EC_FN0, THRU, PT_EC_SAME },
	{ "function lets its peer function through", EC_FN0, EC, 8, BIT(2),
	  EC_FN1, EC_FN0, DIRECT, PT_EC_VECTOR_ALLOWS },
	{ "function vector, request leaving the device", EC_FN0, EC, 8, 0xff,
	  EC_EP1, EC_FN0, DIRECT, PT_EC_NOT_AT_TURN },
	{ "vector on a port off the path", EC_DSP3, EC, 8, 0xff,
	  EC_EP2, EC_EP1, DIRECT, PT_EC_SAME },
	{ "vector on the root port above the top", EC_RP, EC, 8, 0xff,
	  EC_EP2, EC_EP1, DIRECT, PT_EC_SAME },
};

#undef EC
#undef THRU
#undef DIRECT

static void pt_ec_case_desc(const struct pt_ec_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pt_ec, pt_ec_cases, pt_ec_case_desc);

/* The host bridge asks p2pdma's whitelist, as on a real machine. */
static void pt_build_ec(struct pcie_topo *t, int *fn)
{
	int hb = pt_hb(t, PCIE_P2P_HB_ASK_PCI);

	fn[EC_RP] = pt_fn(t, -1, hb, true, 0);
	fn[EC_USP] = pt_fn(t, fn[EC_RP], hb, true, 0);
	fn[EC_DSP1] = pt_fn(t, fn[EC_USP], hb, true, 1);
	fn[EC_EP1] = pt_fn(t, fn[EC_DSP1], hb, false, 0);
	fn[EC_DSP2] = pt_fn(t, fn[EC_USP], hb, true, 2);
	fn[EC_EP2] = pt_fn(t, fn[EC_DSP2], hb, false, 0);
	fn[EC_DSP3] = pt_fn(t, fn[EC_USP], hb, true, 3);
	fn[EC_USP_C] = pt_fn(t, fn[EC_DSP3], hb, true, 0);
	fn[EC_DSP_C] = pt_fn(t, fn[EC_USP_C], hb, true, 5);
	fn[EC_EP3] = pt_fn(t, fn[EC_DSP_C], hb, false, 0);
	fn[EC_DSP4] = pt_fn(t, fn[EC_USP], hb, true, 4);
	fn[EC_FN0] = pt_fn(t, fn[EC_DSP4], hb, false, 0);
	fn[EC_FN1] = pt_fn(t, fn[EC_DSP4], hb, false, 1);
	pt_provider(t, fn[EC_EP1]);
	pt_provider(t, fn[EC_EP2]);
	pt_provider(t, fn[EC_FN1]);
}

/*
 * The graph answers as p2pdma's legacy walk does, except in the documented
 * cases, where it answers as the spec says the hardware routes; the
 * distance is p2pdma's either way.
 */
static void pcie_rules_egress_control_against_legacy(struct kunit *test)
{
	const struct pt_ec_case *c = test->param_value;
	struct pcie_topo *t = test->priv;
	struct p2p_route_info info;
	enum p2p_map_type legacy;
	int fn[EC_NR], dist;

	pt_build_ec(t, fn);
	pt_set_acs(t, fn[c->at], c->ctrl, c->bits, c->vector);
	KUNIT_ASSERT_EQ(test, pt_route(t, fn[c->provider], fn[c->client], &info), 0);
	legacy = pcie_test_legacy(t->fns[fn[c->provider]].pdev,
				  t->fns[fn[c->client]].pdev, &dist);
	KUNIT_EXPECT_EQ(test, info.distance, dist);
	KUNIT_EXPECT_EQ(test, info.map_type, c->graph);
	if (c->differs == PT_EC_SAME)
		KUNIT_EXPECT_EQ(test, info.map_type, legacy);
	else
		KUNIT_EXPECT_NE(test, info.map_type, legacy);
}

static struct kunit_case pcie_rules_cases[] = {
	KUNIT_CASE(pcie_rules_switch_siblings_are_direct),
	KUNIT_CASE(pcie_rules_acs_on_downstream_port_goes_through_host),
	KUNIT_CASE(pcie_rules_acs_at_the_top_and_on_the_ends),
	KUNIT_CASE(pcie_rules_egress_vector_blocks_chosen_ports),
	KUNIT_CASE(pcie_rules_ari_functions_index_wide_vectors),
	KUNIT_CASE(pcie_rules_chain_of_eight_switches),
	KUNIT_CASE(pcie_rules_host_bridge_policies),
	KUNIT_CASE(pcie_rules_host_memory_below_another_root_complex),
	KUNIT_CASE(pcie_rules_translate_bus_and_dma),
	KUNIT_CASE(pcie_rules_bandwidth_policy_prefers_faster_fabric),
	KUNIT_CASE(pcie_rules_hint_names_every_redirecting_port),
	KUNIT_CASE(pcie_rules_refusal_blames_first_port_of_hint),
	KUNIT_CASE(pcie_rules_no_hint_without_common_bridge),
	KUNIT_CASE_PARAM(pcie_rules_egress_control_against_legacy, pt_ec_gen_params),
	{}
};

static struct kunit_suite pcie_rules_suite = {
	.name = "p2p_pcie_rules",
	.init = pt_init,
	.exit = pt_exit,
	.test_cases = pcie_rules_cases,
};

kunit_test_suite(pcie_rules_suite);

MODULE_IMPORT_NS(P2P_TOPOLOGY);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
