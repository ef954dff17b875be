// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: from a page of provider memory to its provider and its routes,
 * as hmm_range_fault() and its callers ask (pages.c).
 */
#include <kunit/test.h>
#include <linux/memremap.h>
#include <linux/mm.h>

#include "../core.h"
#include "fake_bus.h"

/*
 * client --l0-- sw --l1-- owner (provider memory)
 *    \                      /
 *     +------ fabric -------+   (only when built with the fabric link)
 */
struct pages_topo {
	struct fake_topo *t;
	int client, sw, owner, prov;
	struct dev_pagemap *pgmap;
	struct page *page;
};

/* A ZONE_DEVICE page of @pgmap, as memremap_pages() would make it. */
static struct page *fake_device_page(struct kunit *test,
				     struct dev_pagemap *pgmap)
{
	struct page *page = kunit_kzalloc(test, sizeof(*page), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	set_page_zone(page, ZONE_DEVICE);
	page->pgmap = pgmap;
	return page;
}

static void build_pages_topo(struct kunit *test, struct pages_topo *p,
			     bool fabric)
{
	struct fake_topo *t = test->priv;

	p->t = t;
	p->client = fake_node(t, P2P_NODE_ENDPOINT, true);
	p->sw = fake_node(t, P2P_NODE_SWITCH, false);
	p->owner = fake_node(t, P2P_NODE_ENDPOINT, true);
	KUNIT_ASSERT_GE(test, fake_link(t, p->client, p->sw, 1), 0);
	KUNIT_ASSERT_GE(test, fake_link(t, p->sw, p->owner, 1), 0);
	if (fabric) {
		struct p2p_link_attr attr = {
			.cost = 1, .dirs = P2P_DIR_BOTH,
			.bandwidth_MBps = 50000,
		};

		KUNIT_ASSERT_GE(test, fake_link_attr(t, &t->link_bus, p->client,
						     p->owner, &attr), 0);
	}
	p->prov = fake_provider(t, p->owner, 0x100000000ULL, SZ_1M, false);
	KUNIT_ASSERT_GE(test, p->prov, 0);
	p->pgmap = kunit_kzalloc(test, sizeof(*p->pgmap), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p->pgmap);
	p->page = fake_device_page(test, p->pgmap);
	KUNIT_ASSERT_EQ(test, p2p_provider_bind_pgmap(t->providers[p->prov],
						      p->pgmap), 0);
}

static void unbind(struct pages_topo *p)
{
	p2p_provider_unbind_pgmap(p->t->providers[p->prov], p->pgmap);
}

static void pages_provider_of_bound_page(struct kunit *test)
{
	struct p2p_provider *found;
	struct pages_topo p;

	build_pages_topo(test, &p, false);
	found = p2p_page_provider(p.page);
	KUNIT_EXPECT_PTR_EQ(test, found, p.t->providers[p.prov]);
	p2p_provider_put(found);
	unbind(&p);
	KUNIT_EXPECT_NULL(test, p2p_page_provider(p.page));
}

static void pages_unknown_page_has_no_provider(struct kunit *test)
{
	struct p2p_route_info info = { .map_type = P2P_MAP_DIRECT };
	struct dev_pagemap *other;
	struct page *plain;
	struct pages_topo p;

	build_pages_topo(test, &p, false);
	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_NULL(test, p2p_page_provider(fake_device_page(test, other)));

	/* A page of ordinary memory has no pagemap to look up. */
	plain = kunit_kzalloc(test, sizeof(*plain), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	set_page_zone(plain, ZONE_NORMAL);
	plain->pgmap = p.pgmap;		/* what the union holds must not matter */
	KUNIT_EXPECT_NULL(test, p2p_page_provider(plain));
	KUNIT_EXPECT_EQ(test, p2p_page_route(plain, fake_dev(p.t, p.client),
					     P2P_DIR_READ, &info), -ENODEV);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
	KUNIT_EXPECT_NULL(test, p2p_page_provider(NULL));
	unbind(&p);
}

/* Two links of cost 1 through a switch: DIRECT at distance 2. */
static void pages_route_is_the_provider_route(struct kunit *test)
{
	struct p2p_route_info by_page, by_provider;
	struct pages_topo p;

	build_pages_topo(test, &p, false);
	KUNIT_ASSERT_EQ(test, p2p_page_route(p.page, fake_dev(p.t, p.client),
					     P2P_DIR_BOTH, &by_page), 0);
	KUNIT_EXPECT_EQ(test, by_page.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, by_page.distance, 2);
	KUNIT_EXPECT_EQ(test, by_page.hops, 2);
	KUNIT_EXPECT_FALSE(test, by_page.private_link);
	KUNIT_ASSERT_EQ(test, p2p_route(p.t->providers[p.prov],
					fake_dev(p.t, p.client), P2P_DIR_BOTH,
					&by_provider), 0);
	KUNIT_EXPECT_EQ(test, by_page.map_type, by_provider.map_type);
	KUNIT_EXPECT_EQ(test, by_page.distance, by_provider.distance);
	unbind(&p);
}

/* The fabric link is one hop against two: the route takes it. */
static void pages_route_over_fabric_is_private(struct kunit *test)
{
	struct p2p_route_info info;
	struct pages_topo p;

	build_pages_topo(test, &p, true);
	KUNIT_ASSERT_EQ(test, p2p_page_route(p.page, fake_dev(p.t, p.client),
					     P2P_DIR_READ, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.hops, 1);
	KUNIT_EXPECT_TRUE(test, info.private_link);
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, 50000);

	/* Barred from private links, the PCIe-like path remains. */
	KUNIT_ASSERT_EQ(test, p2p_page_route(p.page, fake_dev(p.t, p.client),
					     P2P_DIR_READ | P2P_ROUTE_NO_PRIVATE,
					     &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
	KUNIT_EXPECT_FALSE(test, info.private_link);
	unbind(&p);
}

static void pages_bind_twice_is_busy(struct kunit *test)
{
	struct pages_topo p;
	int second;

	build_pages_topo(test, &p, false);
	second = fake_provider(p.t, p.owner, 0x200000000ULL, SZ_1M, false);
	KUNIT_ASSERT_GE(test, second, 0);
	KUNIT_EXPECT_EQ(test, p2p_provider_bind_pgmap(p.t->providers[second],
						      p.pgmap), -EBUSY);
	KUNIT_EXPECT_EQ(test, p2p_provider_bind_pgmap(NULL, p.pgmap), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_provider_bind_pgmap(p.t->providers[second],
						      NULL), -EINVAL);

	/* Unbinding with the wrong provider leaves the binding alone. */
	p2p_provider_unbind_pgmap(p.t->providers[second], p.pgmap);
	KUNIT_EXPECT_PTR_EQ(test, p2p_page_provider(p.page),
			    p.t->providers[p.prov]);
	p2p_provider_put(p.t->providers[p.prov]);
	unbind(&p);
}

/*
 * A provider removed from the graph before its pagemap is unbound: the
 * binding's reference keeps it readable and queries say it is gone.
 */
static void pages_removed_provider_answers_enodev(struct kunit *test)
{
	struct p2p_provider *provider;
	struct p2p_route_info info;
	struct pages_topo p;

	build_pages_topo(test, &p, false);
	provider = p.t->providers[p.prov];
	p2p_provider_remove(provider);
	p.t->providers[p.prov] = NULL;
	KUNIT_EXPECT_EQ(test, p2p_page_route(p.page, fake_dev(p.t, p.client),
					     P2P_DIR_READ, &info), -ENODEV);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
	p2p_provider_unbind_pgmap(provider, p.pgmap);
	KUNIT_EXPECT_NULL(test, p2p_page_provider(p.page));
}

static int pages_test_init(struct kunit *test)
{
	fake_topo_create(test, 8, 8);
	return 0;
}

static void pages_test_exit(struct kunit *test)
{
	fake_topo_destroy(test->priv);
}

static struct kunit_case pages_test_cases[] = {
	KUNIT_CASE(pages_provider_of_bound_page),
	KUNIT_CASE(pages_unknown_page_has_no_provider),
	KUNIT_CASE(pages_route_is_the_provider_route),
	KUNIT_CASE(pages_route_over_fabric_is_private),
	KUNIT_CASE(pages_bind_twice_is_busy),
	KUNIT_CASE(pages_removed_provider_answers_enodev),
	{}
};

static struct kunit_suite pages_test_suite = {
	.name = "p2p_pages",
	.init = pages_test_init,
	.exit = pages_test_exit,
	.test_cases = pages_test_cases,
};

kunit_test_suite(pages_test_suite);
