// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the route cache, its invalidation by every kind of change, and
 * removal of what a cached route points at.
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/property.h>

#include "../core.h"
#include "fake_bus.h"

/* a -- sw -- b, with a provider on b */
struct pair {
	int a, sw, b, la, lb, prov;
};

static void build_pair(struct fake_topo *t, struct pair *p)
{
	p->a = fake_node(t, P2P_NODE_ENDPOINT, true);
	p->sw = fake_node(t, P2P_NODE_SWITCH, false);
	p->b = fake_node(t, P2P_NODE_ENDPOINT, true);
	p->la = fake_link(t, p->a, p->sw, 1);
	p->lb = fake_link(t, p->sw, p->b, 1);
	p->prov = fake_provider(t, p->b, 0x100000000ULL, 0x1000, true);
}

static int query(struct fake_topo *t, struct pair *p, struct p2p_route_info *info)
{
	return p2p_route(t->providers[p->prov], fake_dev(t, p->a), P2P_DIR_BOTH,
			 info);
}

/* Query twice: the first must search (miss), the second must hit. */
static void expect_miss_then_hit(struct kunit *test, struct pair *p)
{
	struct fake_topo *t = test->priv;
	unsigned long hits, misses;
	struct p2p_route_info info;

	hits = p2p_stat(P2P_STAT_CACHE_HITS);
	misses = p2p_stat(P2P_STAT_CACHE_MISSES);
	query(t, p, &info);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_MISSES), misses + 1);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_HITS), hits);
	query(t, p, &info);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_MISSES), misses + 1);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_HITS), hits + 1);
}

static void cache_second_query_hits(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info first, second;
	struct pair p;

	build_pair(t, &p);
	expect_miss_then_hit(test, &p);
	KUNIT_ASSERT_EQ(test, query(t, &p, &first), 0);
	KUNIT_ASSERT_EQ(test, query(t, &p, &second), 0);
	KUNIT_EXPECT_EQ(test, first.distance, second.distance);
	KUNIT_EXPECT_EQ(test, first.map_type, second.map_type);
}

static void cache_invalidated_by_node_add(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct pair p;

	build_pair(t, &p);
	expect_miss_then_hit(test, &p);
	fake_node(t, P2P_NODE_SWITCH, false);
	expect_miss_then_hit(test, &p);
}

static void cache_invalidated_by_link_add(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct pair p;

	build_pair(t, &p);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
	fake_link(t, p.a, p.b, 1);		/* a shortcut */
	expect_miss_then_hit(test, &p);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 1);
}

static void cache_invalidated_by_link_remove(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct pair p;

	build_pair(t, &p);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	fake_link_remove(t, p.lb);
	expect_miss_then_hit(test, &p);
	KUNIT_EXPECT_EQ(test, query(t, &p, &info), -EHOSTUNREACH);
}

static void cache_invalidated_by_attr_change(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 7, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 1234 };
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct pair p;

	build_pair(t, &p);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, info.distance, 2);
	KUNIT_ASSERT_EQ(test, p2p_link_set_attr(t->links[p.la], &attr), 0);
	expect_miss_then_hit(test, &p);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, info.distance, 8);
}

static void cache_invalidated_by_provider_change(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct pair p;
	int extra;

	build_pair(t, &p);
	expect_miss_then_hit(test, &p);
	extra = fake_provider(t, p.sw, 0x200000000ULL, 0x1000, false);
	expect_miss_then_hit(test, &p);
	p2p_provider_remove(t->providers[extra]);
	t->providers[extra] = NULL;
	expect_miss_then_hit(test, &p);
}

static void cache_invalidated_by_rules_change(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct pair p;

	build_pair(t, &p);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	fake_deny_turn(t, p.sw, p.la, p.lb);
	expect_miss_then_hit(test, &p);
	KUNIT_EXPECT_EQ(test, query(t, &p, &info), -EHOSTUNREACH);
}

/*
 * An answer is new once: when first computed and when a change alters it,
 * not when it is asked again nor when an unrelated change makes the cache
 * compute the same answer again (p2pdma's map path logs only new answers).
 */
static void cache_new_answer_only_when_it_changes(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	unsigned long misses;
	struct pair p;

	build_pair(t, &p);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_TRUE(test, info.new_answer);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_FALSE(test, info.new_answer);

	fake_node(t, P2P_NODE_ENDPOINT, true);		/* unrelated */
	misses = p2p_stat(P2P_STAT_CACHE_MISSES);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_MISSES), misses + 1);
	KUNIT_EXPECT_FALSE(test, info.new_answer);

	fake_deny_turn(t, p.sw, p.la, p.lb);		/* the answer changes */
	KUNIT_EXPECT_EQ(test, query(t, &p, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_TRUE(test, info.new_answer);
	KUNIT_EXPECT_EQ(test, query(t, &p, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_FALSE(test, info.new_answer);
}

static void cache_removed_node_on_route_then_readded(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct pair p;
	int sw2;

	build_pair(t, &p);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);

	/* the cached route crosses sw: remove it, its links go with it */
	fake_node_remove(t, p.sw);
	KUNIT_EXPECT_EQ(test, query(t, &p, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);

	/* a new switch in its place restores the route */
	sw2 = fake_node(t, P2P_NODE_SWITCH, false);
	fake_link(t, p.a, sw2, 1);
	fake_link(t, sw2, p.b, 1);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
}

static void cache_link_handle_outlives_node(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_link *held;
	struct pair p;

	build_pair(t, &p);
	held = t->links[p.la];
	t->links[p.la] = NULL;
	/* removing the node unpublishes its links, the handle stays valid */
	fake_node_remove(t, p.sw);
	KUNIT_EXPECT_EQ(test, p2p_link_set_attr(held, &attr), -ENODEV);
	p2p_link_remove(held);
	KUNIT_EXPECT_EQ(test, query(t, &p, &info), -EHOSTUNREACH);
}

static void cache_removed_provider_is_enodev(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_provider *prov;
	struct p2p_route_info info;
	struct device *client;
	struct pair p;

	build_pair(t, &p);
	client = fake_dev(t, p.a);
	/* a consumer's reference keeps the provider valid after removal */
	prov = p2p_find_provider(&client, 1, P2P_FIND_COST);
	KUNIT_ASSERT_PTR_EQ(test, prov, t->providers[p.prov]);
	KUNIT_ASSERT_EQ(test, p2p_route(prov, client, P2P_DIR_BOTH, &info), 0);
	p2p_provider_remove(t->providers[p.prov]);
	t->providers[p.prov] = NULL;
	KUNIT_EXPECT_EQ(test, p2p_route(prov, client, P2P_DIR_BOTH, &info), -ENODEV);
	KUNIT_EXPECT_NULL(test, p2p_find_provider(&client, 1, P2P_FIND_COST));
	p2p_provider_put(prov);
}

static void cache_keeps_directions_apart(struct kunit *test)
{
	struct p2p_link_attr write_only = { .cost = 1, .dirs = P2P_DIR_WRITE };
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	unsigned long hits;
	struct pair p;

	build_pair(t, &p);
	KUNIT_ASSERT_EQ(test, p2p_link_set_attr(t->links[p.la], &write_only), 0);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[p.prov], fake_dev(t, p.a),
					P2P_DIR_WRITE, &info), 0);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[p.prov], fake_dev(t, p.a),
					P2P_DIR_READ, &info), -EHOSTUNREACH);
	/* both answers are cached side by side */
	hits = p2p_stat(P2P_STAT_CACHE_HITS);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[p.prov], fake_dev(t, p.a),
					P2P_DIR_WRITE, &info), 0);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[p.prov], fake_dev(t, p.a),
					P2P_DIR_READ, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_HITS), hits + 2);
}

/*
 * The mapping path's fast read (p2p_route_map_type_cached()) answers only
 * from a current entry for the same directions, with the map type and
 * error p2p_route() gave; everything else is left to p2p_route().
 */
static void cache_map_type_fast_path(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_provider *prov;
	struct device *a;
	unsigned long hits;
	struct pair p;

	build_pair(t, &p);
	prov = t->providers[p.prov];
	a = fake_dev(t, p.a);
	hits = p2p_stat(P2P_STAT_CACHE_HITS);
	KUNIT_EXPECT_EQ(test, p2p_route_map_type_cached(prov, a, P2P_DIR_BOTH),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_HITS), hits);

	/* a -- switch -- b: the switch forwards, so the route is direct */
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, p2p_route_map_type_cached(prov, a, P2P_DIR_BOTH),
			P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_HITS), hits + 1);
	KUNIT_EXPECT_EQ(test, p2p_route_map_type_cached(prov, a, P2P_DIR_READ),
			-EAGAIN);

	/* Stale after a change, then the refusal is cached like a route. */
	fake_link_remove(t, p.lb);
	KUNIT_EXPECT_EQ(test, p2p_route_map_type_cached(prov, a, P2P_DIR_BOTH),
			-EAGAIN);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, p2p_route_map_type_cached(prov, a, P2P_DIR_BOTH),
			P2P_MAP_NOT_SUPPORTED);

	KUNIT_EXPECT_EQ(test, p2p_route_map_type_cached(NULL, a, P2P_DIR_BOTH),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_route_map_type_cached(prov, NULL,
							P2P_DIR_BOTH),
			-EINVAL);
}

static void cache_generation_grows_with_every_change(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 2, .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = test->priv;
	u64 gen = p2p_generation();
	struct pair p;
	int l;

	build_pair(t, &p);
	KUNIT_EXPECT_GT(test, p2p_generation(), gen);
	gen = p2p_generation();
	l = fake_link(t, p.a, p.b, 1);
	KUNIT_EXPECT_GT(test, p2p_generation(), gen);
	gen = p2p_generation();
	KUNIT_ASSERT_EQ(test, p2p_link_set_attr(t->links[l], &attr), 0);
	KUNIT_EXPECT_GT(test, p2p_generation(), gen);
	gen = p2p_generation();
	fake_link_remove(t, l);
	KUNIT_EXPECT_GT(test, p2p_generation(), gen);
	gen = p2p_generation();
	/* a failed change leaves it alone */
	KUNIT_EXPECT_TRUE(test, IS_ERR(p2p_link_add(&t->bus, t->nodes[p.a],
						    t->nodes[p.a], &attr, NULL)));
	KUNIT_EXPECT_EQ(test, p2p_generation(), gen);
}

/* The cache fill of the query path fails, as GFP_ATOMIC may. */
static unsigned int cache_failed_fills;

static struct p2p_cached_route *cache_alloc_fails(u32 nr_hops)
{
	cache_failed_fills++;
	return NULL;
}

/* a -- mid -- b, the provider on b; mid may refuse the turn */
struct fill_case {
	const char *name;
	enum p2p_node_type mid;
	bool refuse;
	int ret;
	enum p2p_map_type map_type;
	enum p2p_addr_space space;
};

/*
 * The answers follow from the topology alone: a direct route gives the
 * provider's bus address, a route through the host its host physical
 * address (equal here).
 */
static const struct fill_case fill_cases[] = {
	{ "direct route", P2P_NODE_SWITCH, false, 0, P2P_MAP_DIRECT,
	  P2P_ADDR_PCI_BUS },
	{ "route through the host", P2P_NODE_HOST_BRIDGE, false, 0,
	  P2P_MAP_THRU_HOST, P2P_ADDR_DMA },
	{ "refused route", P2P_NODE_SWITCH, true, -EHOSTUNREACH,
	  P2P_MAP_NOT_SUPPORTED },
};

static void fill_case_desc(const struct fill_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fill, fill_cases, fill_case_desc);

struct fill_answers {
	int ret, distance, translated;
	struct p2p_route_info info;
	struct p2p_provider *found;
	struct p2p_addr addr;
};

static void fill_ask(struct fake_topo *t, struct pair *p,
		     struct fill_answers *ans)
{
	struct device *client = fake_dev(t, p->a);
	struct p2p_provider *prov = t->providers[p->prov];

	ans->ret = query(t, p, &ans->info);
	ans->distance = p2p_distance_many(prov, &client, 1, false);
	ans->found = p2p_find_provider(&client, 1, P2P_FIND_COST);
	ans->translated = p2p_translate(prov, client, 0x100000010ULL, &ans->addr);
}

static void cache_fill_failure_keeps_the_answer(struct kunit *test)
{
	const struct fill_case *c = test->param_value;
	struct fill_answers faulty = {}, healthy = {};
	struct fake_topo *t = test->priv;
	struct pair p;

	p.a = fake_node(t, P2P_NODE_ENDPOINT, true);
	p.sw = fake_node(t, c->mid, false);
	p.b = fake_node(t, P2P_NODE_ENDPOINT, true);
	p.la = fake_link(t, p.a, p.sw, 1);
	p.lb = fake_link(t, p.sw, p.b, 1);
	p.prov = fake_provider(t, p.b, 0x100000000ULL, 0x1000, true);
	if (c->refuse)
		fake_deny_turn(t, p.sw, p.la, p.lb);

	cache_failed_fills = 0;
	kunit_activate_static_stub(test, p2p_cached_route_alloc,
				   cache_alloc_fails);
	fill_ask(t, &p, &faulty);
	kunit_deactivate_static_stub(test, p2p_cached_route_alloc);
	KUNIT_ASSERT_GT_MSG(test, cache_failed_fills, 0U,
			    "the fault was never injected");
	/* Nothing was stored: these search again, and fill the cache. */
	fill_ask(t, &p, &healthy);

	KUNIT_EXPECT_EQ(test, healthy.ret, c->ret);
	KUNIT_EXPECT_EQ(test, healthy.info.map_type, c->map_type);
	KUNIT_EXPECT_EQ(test, faulty.ret, healthy.ret);
	KUNIT_EXPECT_EQ(test, faulty.info.map_type, healthy.info.map_type);
	KUNIT_EXPECT_EQ(test, faulty.info.distance, healthy.info.distance);
	KUNIT_EXPECT_EQ(test, faulty.info.cost, healthy.info.cost);
	KUNIT_EXPECT_EQ(test, faulty.info.hops, healthy.info.hops);
	KUNIT_EXPECT_EQ(test, faulty.info.dirs, healthy.info.dirs);
	KUNIT_EXPECT_EQ(test, faulty.info.refusal.node_id,
			healthy.info.refusal.node_id);
	KUNIT_EXPECT_PTR_EQ(test, faulty.info.refusal.reason,
			    healthy.info.refusal.reason);
	KUNIT_EXPECT_EQ(test, faulty.distance, healthy.distance);
	KUNIT_EXPECT_PTR_EQ(test, faulty.found, healthy.found);
	/* Translation too, though the hops could not be kept. */
	KUNIT_EXPECT_EQ(test, faulty.translated, healthy.translated);
	KUNIT_EXPECT_EQ(test, healthy.translated, c->ret);
	if (!c->ret) {
		KUNIT_EXPECT_EQ(test, faulty.addr.space, c->space);
		KUNIT_EXPECT_EQ(test, healthy.addr.space, c->space);
		/* No link moves the address: the provider's own, 0x10 in. */
		KUNIT_EXPECT_EQ(test, faulty.addr.addr, 0x100000010ULL);
		KUNIT_EXPECT_EQ(test, healthy.addr.addr, 0x100000010ULL);
	}
	p2p_provider_put(faulty.found);
	p2p_provider_put(healthy.found);
}

/*
 * Two queries of one client: a slow one searched before a change and
 * finishes after a fast one that searched after it and kept its answer.
 * The older answer must not replace the newer one: the next query is
 * still a hit.
 */
static void cache_older_answer_never_replaces_newer(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_cached_route *slow;
	struct p2p_route_info info;
	struct device *client;
	unsigned long hits;
	struct pair p;
	u64 before;
	bool told;

	build_pair(t, &p);
	client = fake_dev(t, p.a);
	before = p2p_generation();
	p2p_bus_rules_changed(&t->bus);
	KUNIT_ASSERT_GT(test, p2p_generation(), before);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);	/* the fast one */

	/* The slow one's answer, as computed before the change. */
	slow = p2p_cached_route_alloc(0);
	KUNIT_ASSERT_NOT_NULL(test, slow);
	slow->client = client;
	slow->client_fwnode = dev_fwnode(client);
	slow->dirs = P2P_DIR_BOTH;
	slow->generation = before;
	slow->error = -EHOSTUNREACH;
	p2p_route_info_none(&slow->info);
	rcu_read_lock();
	told = p2p_cache_insert(t->providers[p.prov], slow);
	rcu_read_unlock();
	KUNIT_EXPECT_FALSE(test, told);

	hits = p2p_stat(P2P_STAT_CACHE_HITS);
	KUNIT_EXPECT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_HITS), hits + 1);
}

/*
 * An answer computed before a change is not kept even where no entry is:
 * it may name objects that the change removed, and a backend that went
 * must leave no entry behind (p2p_cache_prune() runs before such a slow
 * query inserts).
 */
static void cache_outdated_answer_is_not_kept(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_cached_route *slow;
	unsigned int entries;
	struct pair p;
	u64 before;
	bool told;

	build_pair(t, &p);
	entries = p2p_cache_entries();
	before = p2p_generation();
	p2p_bus_rules_changed(&t->bus);
	slow = p2p_cached_route_alloc(0);
	KUNIT_ASSERT_NOT_NULL(test, slow);
	slow->client = fake_dev(t, p.a);
	slow->dirs = P2P_DIR_BOTH;
	slow->generation = before;
	p2p_route_info_none(&slow->info);
	rcu_read_lock();
	told = p2p_cache_insert(t->providers[p.prov], slow);
	rcu_read_unlock();
	KUNIT_EXPECT_FALSE(test, told);
	KUNIT_EXPECT_EQ(test, p2p_cache_entries(), entries);
}

static void cache_swnode_remove(void *fwnode)
{
	fwnode_remove_software_node(fwnode);
}

static struct fwnode_handle *cache_swnode(struct kunit *test)
{
	struct fwnode_handle *fwnode = fwnode_create_software_node(NULL, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, fwnode);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cache_swnode_remove,
							fwnode), 0);
	return fwnode;
}

/*
 * A client with a node of its own is held by it while its answers are
 * current: its address names it, whatever its firmware node says later.
 */
static void cache_device_bound_client_is_named_by_address(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	unsigned long hits;
	struct device *a;
	struct pair p;

	build_pair(t, &p);
	a = fake_dev(t, p.a);
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	device_set_node(a, cache_swnode(test));
	hits = p2p_stat(P2P_STAT_CACHE_HITS);
	KUNIT_EXPECT_EQ(test, p2p_route_map_type_cached(t->providers[p.prov], a,
							P2P_DIR_BOTH),
			P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_HITS), hits + 2);
	device_set_node(a, NULL);
}

/*
 * A backend that goes (a module unloaded) leaves no cached route behind:
 * the routes its removal made stale are dropped when its bus is
 * unregistered, not when a query for the same pair next comes.
 */
static void cache_bus_unregister_drops_stale_routes(struct kunit *test)
{
	static const struct p2p_bus_ops no_rules = {};
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct p2p_bus extra = { .name = "p2p-cache-extra", .ops = &no_rules };
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_link *shortcut;
	unsigned int entries;
	struct pair p;

	build_pair(t, &p);
	KUNIT_ASSERT_EQ(test, p2p_bus_register(&extra), 0);
	shortcut = p2p_link_add(&extra, t->nodes[p.a], t->nodes[p.b], &attr,
				NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, shortcut);
	entries = p2p_cache_entries();
	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 1);		/* over the shortcut */
	KUNIT_EXPECT_EQ(test, p2p_cache_entries(), entries + 1);

	p2p_link_remove(shortcut);
	KUNIT_EXPECT_EQ(test, p2p_cache_entries(), entries + 1);  /* stale */
	p2p_bus_unregister(&extra);
	KUNIT_EXPECT_EQ(test, p2p_cache_entries(), entries);

	KUNIT_ASSERT_EQ(test, query(t, &p, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
	KUNIT_EXPECT_EQ(test, p2p_cache_entries(), entries + 1);
}

/* What the second device at the first one's address is described by. */
enum reuse_fwnode { REUSE_SAME, REUSE_OTHER, REUSE_NONE };

struct reuse_case {
	const char *name;
	enum reuse_fwnode fwnode;
	int ret;
};

static const struct reuse_case reuse_cases[] = {
	{ "the same firmware node", REUSE_SAME, 0 },
	{ "a firmware node without a route", REUSE_OTHER, -EHOSTUNREACH },
	{ "no firmware node", REUSE_NONE, -ENODEV },
};

static void reuse_case_desc(const struct reuse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(reuse, reuse_cases, reuse_case_desc);

/*
 * A device that only firmware describes (its node is bound to its fwnode,
 * not to it) goes away, and another device is allocated at its address;
 * the graph does not change. The new device is asked about on its own.
 */
static void cache_reused_device_memory_is_a_new_client(struct kunit *test)
{
	const struct reuse_case *c = test->param_value;
	struct fwnode_handle *fw_client, *fw_other, *fwnode;
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct device *client;
	unsigned long hits;
	int ca, sw, b, prov;

	fw_client = cache_swnode(test);
	fw_other = cache_swnode(test);
	ca = fake_node_fwnode(t, P2P_NODE_ENDPOINT, fw_client);
	fake_node_fwnode(t, P2P_NODE_ENDPOINT, fw_other);	/* linked to nothing */
	sw = fake_node(t, P2P_NODE_SWITCH, false);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, ca, sw, 1);
	fake_link(t, sw, b, 1);
	prov = fake_provider(t, b, 0x100000000ULL, 0x1000, true);

	/* Storage for a device, compared by address only. */
	client = kunit_kzalloc(test, sizeof(*client), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, client);
	device_set_node(client, fw_client);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[prov], client, P2P_DIR_BOTH,
					&info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);

	/* Freed, and the same memory handed to a different device. */
	memset(client, 0, sizeof(*client));
	fwnode = c->fwnode == REUSE_SAME ? fw_client :
		 c->fwnode == REUSE_OTHER ? fw_other : NULL;
	device_set_node(client, fwnode);
	/* The mapping path's fast read tells them apart alike. */
	KUNIT_EXPECT_EQ(test, p2p_route_map_type_cached(t->providers[prov],
							client, P2P_DIR_BOTH),
			c->fwnode == REUSE_SAME ? P2P_MAP_DIRECT : -EAGAIN);
	hits = p2p_stat(P2P_STAT_CACHE_HITS);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[prov], client, P2P_DIR_BOTH,
					&info), c->ret);
	/* The same description is the same client: its answer is kept. */
	if (c->fwnode == REUSE_SAME)
		KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_HITS), hits + 1);
}

/*
 * A child device of a PCI function (an auxiliary or platform device) has
 * no node; it is asked about on every map. It is answered without a
 * search and without the graph lock, and answered anew once it has a
 * node, or once its memory is another device's that has one.
 */
static void cache_client_without_node_is_answered_lock_free(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = test->priv;
	unsigned long misses, no_node;
	struct fwnode_handle *fwnode;
	struct p2p_route_info info;
	struct device *child;
	struct p2p_provider *prov;
	struct p2p_node *node;
	struct p2p_link *link;
	struct pair p;
	int i;

	build_pair(t, &p);
	prov = t->providers[p.prov];
	child = kunit_device_register(test, "p2p-cache-child");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, child);

	misses = p2p_stat(P2P_STAT_CACHE_MISSES);
	no_node = p2p_stat(P2P_STAT_NO_NODE);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, p2p_route(prov, child, P2P_DIR_BOTH, &info),
				-ENODEV);
		KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
	}
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_MISSES), misses);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_NO_NODE), no_node + 3);

	/* It gets a node on the switch: the next query sees it. */
	node = p2p_node_add(&t->bus, P2P_NODE_ENDPOINT, child, NULL, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, node);
	link = p2p_link_add(&t->bus, node, t->nodes[p.sw], &attr, NULL);
	KUNIT_EXPECT_EQ(test, p2p_route(prov, child, P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
	if (!IS_ERR(link))
		p2p_link_remove(link);
	p2p_node_remove(node);

	/* Storage of a device without a node, then of one with a node. */
	fwnode = cache_swnode(test);
	child = kunit_kzalloc(test, sizeof(*child), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, p2p_route(prov, child, P2P_DIR_BOTH, &info),
			-ENODEV);
	i = fake_node_fwnode(t, P2P_NODE_ENDPOINT, fwnode);
	fake_link(t, i, p.sw, 1);
	memset(child, 0, sizeof(*child));
	device_set_node(child, fwnode);
	KUNIT_EXPECT_EQ(test, p2p_route(prov, child, P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
}

static struct kunit_case cache_test_cases[] = {
	KUNIT_CASE(cache_second_query_hits),
	KUNIT_CASE(cache_invalidated_by_node_add),
	KUNIT_CASE(cache_invalidated_by_link_add),
	KUNIT_CASE(cache_invalidated_by_link_remove),
	KUNIT_CASE(cache_invalidated_by_attr_change),
	KUNIT_CASE(cache_invalidated_by_provider_change),
	KUNIT_CASE(cache_invalidated_by_rules_change),
	KUNIT_CASE(cache_new_answer_only_when_it_changes),
	KUNIT_CASE(cache_removed_node_on_route_then_readded),
	KUNIT_CASE(cache_link_handle_outlives_node),
	KUNIT_CASE(cache_removed_provider_is_enodev),
	KUNIT_CASE(cache_keeps_directions_apart),
	KUNIT_CASE(cache_map_type_fast_path),
	KUNIT_CASE(cache_generation_grows_with_every_change),
	KUNIT_CASE(cache_older_answer_never_replaces_newer),
	KUNIT_CASE(cache_outdated_answer_is_not_kept),
	KUNIT_CASE_PARAM(cache_fill_failure_keeps_the_answer, fill_gen_params),
	KUNIT_CASE(cache_device_bound_client_is_named_by_address),
	KUNIT_CASE(cache_bus_unregister_drops_stale_routes),
	KUNIT_CASE_PARAM(cache_reused_device_memory_is_a_new_client,
			 reuse_gen_params),
	KUNIT_CASE(cache_client_without_node_is_answered_lock_free),
	{}
};

static struct kunit_suite cache_test_suite = {
	.name = "p2p_cache",
	.init = fake_topo_init,
	.exit = fake_topo_exit,
	.test_cases = cache_test_cases,
};

kunit_test_suite(cache_test_suite);
