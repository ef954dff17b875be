// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: typed addresses and the translation chain along a route.
 */
#include <kunit/test.h>
#include <linux/limits.h>

#include "../core.h"
#include "fake_bus.h"

struct rebase_case {
	const char *name;
	u64 addr, in_base, size, out_base;
	int ret;
	u64 result;
};

static const struct rebase_case rebase_cases[] = {
	{ "inside", 0x1800, 0x1000, 0x1000, 0x80000, 0, 0x80800 },
	{ "first byte", 0x1000, 0x1000, 0x1000, 0x80000, 0, 0x80000 },
	{ "last byte", 0x1fff, 0x1000, 0x1000, 0x80000, 0, 0x80fff },
	{ "below window", 0xfff, 0x1000, 0x1000, 0x80000, -ERANGE, 0 },
	{ "past window", 0x2000, 0x1000, 0x1000, 0x80000, -ERANGE, 0 },
	{ "empty window", 0x1000, 0x1000, 0, 0x80000, -EINVAL, 0 },
	{ "result overflows", 0x1800, 0x1000, 0x1000, U64_MAX - 0x100, -ERANGE, 0 },
	{ "window at the top", U64_MAX, U64_MAX - 0xf, 0x10, 0, 0, 0xf },
	{ "downward move", 0x90000010, 0x90000000, 0x1000, 0x10, 0, 0x20 },
};

static void rebase_case_desc(const struct rebase_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rebase, rebase_cases, rebase_case_desc);

static void translate_rebase_table(struct kunit *test)
{
	const struct rebase_case *c = test->param_value;
	struct p2p_addr addr = { .space = P2P_ADDR_CPU_PHYS, .addr = c->addr };

	KUNIT_ASSERT_EQ(test, p2p_addr_rebase(&addr, c->in_base, c->size,
					      P2P_ADDR_LINK, 7, c->out_base),
			c->ret);
	if (c->ret) {
		/* a failed rebase leaves the address alone */
		KUNIT_EXPECT_EQ(test, addr.addr, c->addr);
		KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_CPU_PHYS);
		return;
	}
	KUNIT_EXPECT_EQ(test, addr.addr, c->result);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_LINK);
	KUNIT_EXPECT_EQ(test, addr.fabric_id, 7);
}

/*
 * client --l1-- hub --l0-- provider
 *
 * The provider's bus address 0x1_0000_0000 + off crosses l0 (moved to
 * 0x4000_0000 in the bus space) then l1 (into fabric 3's aperture at
 * 0x7000_0000_0000).
 */
struct chain {
	int client, hub, owner, l0, l1, prov;
};

static void build_chain(struct fake_topo *t, struct chain *c)
{
	c->client = fake_node(t, P2P_NODE_ENDPOINT, true);
	c->hub = fake_node(t, P2P_NODE_SWITCH, false);
	c->owner = fake_node(t, P2P_NODE_ENDPOINT, true);
	c->l1 = fake_link(t, c->client, c->hub, 1);
	c->l0 = fake_link(t, c->hub, c->owner, 1);
	t->windows[c->l0] = (struct fake_window){
		.set = true, .in_base = 0x100000000ULL, .size = 0x100000,
		.space = P2P_ADDR_PCI_BUS, .out_base = 0x40000000,
	};
	t->windows[c->l1] = (struct fake_window){
		.set = true, .in_base = 0x40000000, .size = 0x100000,
		.space = P2P_ADDR_LINK, .fabric_id = 3,
		.out_base = 0x700000000000ULL,
	};
	c->prov = fake_provider(t, c->owner, 0x100000000ULL, 0x100000, true);
}

static void translate_composes_along_route(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_addr addr;
	struct chain c;

	build_chain(t, &c);
	KUNIT_ASSERT_EQ(test, p2p_translate(t->providers[c.prov], fake_dev(t, c.client),
					    0x100000000ULL + 0x1234, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_LINK);
	KUNIT_EXPECT_EQ(test, addr.fabric_id, 3);
	KUNIT_EXPECT_EQ(test, addr.addr, 0x700000000000ULL + 0x1234);

	KUNIT_ASSERT_EQ(test, p2p_translate_offset(t->providers[c.prov],
						   fake_dev(t, c.client),
						   0xfffff, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.addr, 0x700000000000ULL + 0xfffff);
}

static void translate_outside_link_window_is_erange(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_addr addr = { .addr = 0xdead };
	struct chain c;

	build_chain(t, &c);
	/* l1's window is smaller than what l0 produces for the top half */
	t->windows[c.l1].size = 0x80000;
	p2p_bus_rules_changed(&t->bus);
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(t->providers[c.prov],
						   fake_dev(t, c.client),
						   0x80000, &addr), -ERANGE);
	KUNIT_EXPECT_EQ(test, addr.addr, 0xdead);
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(t->providers[c.prov],
						   fake_dev(t, c.client),
						   0x7ffff, &addr), 0);
}

static void translate_overflow_is_erange(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_addr addr;
	struct chain c;

	build_chain(t, &c);
	t->windows[c.l1].out_base = U64_MAX - 0x10;
	p2p_bus_rules_changed(&t->bus);
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(t->providers[c.prov],
						   fake_dev(t, c.client),
						   0x10, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.addr, U64_MAX);
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(t->providers[c.prov],
						   fake_dev(t, c.client),
						   0x11, &addr), -ERANGE);
}

static void translate_outside_provider_is_erange(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_addr addr;
	struct chain c;

	build_chain(t, &c);
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(t->providers[c.prov],
						   fake_dev(t, c.client),
						   0x100000, &addr), -ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_translate(t->providers[c.prov], fake_dev(t, c.client),
					    0x100000000ULL - 1, &addr), -ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_translate(t->providers[c.prov], fake_dev(t, c.client),
					    0x100000000ULL + 0x100000, &addr), -ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_translate(t->providers[c.prov], fake_dev(t, c.client),
					    0, &addr), -ERANGE);
}

static void translate_thru_host_gives_dma_address(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_addr addr;
	int hb, rp0, rp1, a, b, prov;

	hb = fake_node(t, P2P_NODE_HOST_BRIDGE, false);
	rp0 = fake_node(t, P2P_NODE_PORT, false);
	rp1 = fake_node(t, P2P_NODE_PORT, false);
	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, hb, rp0, 1);
	fake_link(t, hb, rp1, 1);
	fake_link(t, rp0, a, 1);
	fake_link(t, rp1, b, 1);
	prov = fake_provider(t, b, 0x300000000ULL, 0x4000, true);

	KUNIT_ASSERT_EQ(test, p2p_translate(t->providers[prov], fake_dev(t, a),
					    0x300000010ULL, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_DMA);
	KUNIT_EXPECT_EQ(test, addr.addr, 0x300000010ULL);
}

static void translate_memory_without_host_address(struct kunit *test)
{
	struct p2p_provider_desc desc = {
		.size = 0x1000,
		.base = { .space = P2P_ADDR_LINK, .fabric_id = 9, .addr = 0x5000 },
	};
	struct fake_topo *t = test->priv;
	struct p2p_provider *vram;
	struct p2p_addr addr;
	int a, b;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, a, b, 1);
	vram = p2p_provider_add(t->nodes[b], &desc);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vram);
	t->providers[t->nr_providers++] = vram;

	KUNIT_EXPECT_EQ(test, p2p_translate(vram, fake_dev(t, a), 0x5000, &addr),
			-EOPNOTSUPP);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(vram, fake_dev(t, a), 0x20, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_LINK);
	KUNIT_EXPECT_EQ(test, addr.fabric_id, 9);
	KUNIT_EXPECT_EQ(test, addr.addr, 0x5020);
}

static void translate_unreachable_fails(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_addr addr;
	struct chain c;

	build_chain(t, &c);
	t->fakes[c.hub].deny_all = true;
	p2p_bus_rules_changed(&t->bus);
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(t->providers[c.prov],
						   fake_dev(t, c.client), 0, &addr),
			-EHOSTUNREACH);
}

static struct kunit_case translate_test_cases[] = {
	KUNIT_CASE_PARAM(translate_rebase_table, rebase_gen_params),
	KUNIT_CASE(translate_composes_along_route),
	KUNIT_CASE(translate_outside_link_window_is_erange),
	KUNIT_CASE(translate_overflow_is_erange),
	KUNIT_CASE(translate_outside_provider_is_erange),
	KUNIT_CASE(translate_thru_host_gives_dma_address),
	KUNIT_CASE(translate_memory_without_host_address),
	KUNIT_CASE(translate_unreachable_fails),
	{}
};

static struct kunit_suite translate_test_suite = {
	.name = "p2p_translate",
	.init = fake_topo_init,
	.exit = fake_topo_exit,
	.test_cases = translate_test_cases,
};

kunit_test_suite(translate_test_suite);
