// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a cache miss searches in stretches and lets the graph lock go
 * between them (route.c). While it is let go, interrupts are on, the graph
 * may change (the search then starts again and answers for the new graph)
 * and other searches run in spaces of their own.
 *
 * p2p_search_paused() is where a search waits without the lock; the cases
 * redirect it to look at the lock, change the graph or search again. The
 * suite sets the stretch to 0 ns, so that a search pauses at every look
 * at the clock, which route.c takes every 4 steps (a state popped, or a
 * link looked at from a node). The expected answers come from the
 * topologies built: a chain of n switches is n + 1 links of cost 1 from
 * end to end. Its search takes 3n + 2 steps: the client's one link, then
 * each switch popped with its two links, then the target popped; so it
 * pauses (3n + 2) / 4 times, rounded down.
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/irqflags.h>
#include <linux/spinlock.h>

#include "../core.h"
#include "fake_bus.h"

#define LONG_CHAIN	200	/* switches: several stretches of a search */
#define CHECK_EVERY	4	/* steps between two looks at the clock */

/* An endpoint, @n switches in a line, an endpoint with a provider. */
struct chain {
	int client, first_sw, target, prov;
	unsigned int n;
};

static void build_chain(struct fake_topo *t, struct chain *c, unsigned int n)
{
	int prev, sw;
	unsigned int i;

	c->n = n;
	c->client = fake_node(t, P2P_NODE_ENDPOINT, true);
	prev = c->client;
	for (i = 0; i < n; i++) {
		sw = fake_node(t, P2P_NODE_SWITCH, false);
		if (!i)
			c->first_sw = sw;
		fake_link(t, prev, sw, 1);
		prev = sw;
	}
	c->target = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, prev, c->target, 1);
	c->prov = fake_provider(t, c->target, 0x100000000ULL, 0x1000, true);
}

static int chain_route(struct fake_topo *t, const struct chain *c,
		       struct p2p_route_info *info)
{
	return p2p_route(t->providers[c->prov], fake_dev(t, c->client),
			 P2P_DIR_BOTH, info);
}

static int chain_device_route(struct fake_topo *t, const struct chain *c,
			      struct p2p_route_info *info)
{
	return p2p_route_to_device(fake_dev(t, c->target), fake_dev(t, c->client),
				   P2P_DIR_BOTH, info);
}

/* What the redirected p2p_search_paused() saw and does. */
static struct {
	struct fake_topo *t;
	unsigned int calls[3];
	unsigned int depth;
	bool irqs_off, locked;
	/* pause_searches_keep_apart: the chains searched while paused */
	const struct chain *nested[2];
	bool nested_by_device[2];
	int nested_ret[2];
	struct p2p_route_info nested_info[2];
	/* pause_change_meanwhile_restarts */
	int deny_sw;
	/* pause_restarts_are_bounded */
	bool bump_always;
	/* pause_device_query_restarts_from_its_first_node: at which pause */
	unsigned int bump_at;
	/* pause_resize_meanwhile_restarts */
	bool resize_once;
	/* pause_provider_removed_meanwhile */
	struct p2p_provider *remove;
} paused;

static void bump_generation(void)
{
	unsigned long flags;

	spin_lock_irqsave(&p2p_graph.lock, flags);
	p2p_graph_changed(P2P_CHANGE_RULES, 0);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
}

static void pause_probe(void)
{
	unsigned int depth = paused.depth;
	struct fake_topo *t = paused.t;
	unsigned long flags;
	unsigned int i;

	paused.calls[depth]++;
	paused.irqs_off |= irqs_disabled();
	/*
	 * Another CPU's search or change could take the lock now. Some other
	 * CPU may hold it a moment (the boot goes on around the suites): try
	 * for a while; a lock this search kept would never be free.
	 */
	for (i = 0; i < 1000000; i++) {
		if (spin_trylock_irqsave(&p2p_graph.lock, flags)) {
			spin_unlock_irqrestore(&p2p_graph.lock, flags);
			break;
		}
		cpu_relax();
	}
	paused.locked |= i == 1000000;

	/* The third pause: the search has passed three switches. */
	if (paused.deny_sw >= 0 && paused.calls[depth] == 3) {
		/* As a backend changes a rule: under the lock, then told. */
		spin_lock_irqsave(&p2p_graph.lock, flags);
		t->fakes[paused.deny_sw].deny_all = true;
		spin_unlock_irqrestore(&p2p_graph.lock, flags);
		bump_generation();
		paused.deny_sw = -1;
	}
	if (paused.bump_always ||
	    (paused.bump_at && paused.calls[depth] == paused.bump_at))
		bump_generation();
	if (paused.resize_once) {
		/* What p2p_search_space_reserve() does to a paused search. */
		spin_lock_irqsave(&p2p_graph.lock, flags);
		p2p_graph.resizes++;
		spin_unlock_irqrestore(&p2p_graph.lock, flags);
		paused.resize_once = false;
	}
	if (paused.remove) {
		/* What p2p_provider_remove() publishes under the lock. */
		spin_lock_irqsave(&p2p_graph.lock, flags);
		WRITE_ONCE(paused.remove->removed, true);
		p2p_graph_changed(P2P_CHANGE_PROVIDER_REMOVE, paused.remove->id);
		spin_unlock_irqrestore(&p2p_graph.lock, flags);
		paused.remove = NULL;
	}
	/* Search another chain while this search holds its states. */
	if (depth < 2 && paused.nested[depth] && paused.calls[depth] == 1) {
		paused.depth++;
		paused.nested_ret[depth] = paused.nested_by_device[depth] ?
			chain_device_route(t, paused.nested[depth],
					   &paused.nested_info[depth]) :
			chain_route(t, paused.nested[depth],
				    &paused.nested_info[depth]);
		paused.depth--;
	}
}

static void pause_probe_arm(struct kunit *test)
{
	memset(&paused, 0, sizeof(paused));
	paused.t = test->priv;
	paused.deny_sw = -1;
	kunit_activate_static_stub(test, p2p_search_paused, pause_probe);
}

/* No search may keep a pausable space once its query answered. */
static void expect_spaces_free(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < P2P_PAUSABLE_SPACES; i++)
		KUNIT_EXPECT_FALSE(test, p2p_graph.pausable[i].claimed);
}

static unsigned int chain_pauses(const struct chain *c)
{
	return (3 * c->n + 2) / CHECK_EVERY;
}

/* The answer for a whole chain: found, direct, one hop per link. */
static void expect_chain_answer(struct kunit *test, const struct chain *c,
				int ret, const struct p2p_route_info *info)
{
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, info->map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info->hops, c->n + 1);
	KUNIT_EXPECT_EQ(test, info->distance, c->n + 1);
}

/* A miss on a long route lets the lock go, with interrupts on. */
static void pause_lets_interrupts_in(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct chain c;
	int ret;

	build_chain(t, &c, LONG_CHAIN);
	pause_probe_arm(test);
	p2p_search_hold_max_ns(true);
	ret = chain_route(t, &c, &info);
	expect_chain_answer(test, &c, ret, &info);
	KUNIT_EXPECT_EQ(test, paused.calls[0], chain_pauses(&c));
	KUNIT_EXPECT_FALSE(test, paused.irqs_off);
	KUNIT_EXPECT_FALSE(test, paused.locked);
	KUNIT_EXPECT_GT(test, p2p_search_hold_max_ns(false), 0ULL);
	expect_spaces_free(test);

	/* The uncached device query, which any user may ask, pauses alike. */
	paused.calls[0] = 0;
	ret = chain_device_route(t, &c, &info);
	expect_chain_answer(test, &c, ret, &info);
	KUNIT_EXPECT_EQ(test, paused.calls[0], chain_pauses(&c));
	KUNIT_EXPECT_FALSE(test, paused.irqs_off);
	KUNIT_EXPECT_FALSE(test, paused.locked);
	expect_spaces_free(test);
}

/*
 * A rule changes while the search is paused, at a switch it has passed
 * already: the answer must be the new graph's (no route), not a route
 * half found under the old rule.
 */
static void pause_change_meanwhile_restarts(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	unsigned long restarts = p2p_stat(P2P_STAT_SEARCH_RESTARTS);
	unsigned long misses;
	struct p2p_route_info info;
	char name[32];
	struct chain c;
	int ret;

	build_chain(t, &c, LONG_CHAIN);
	pause_probe_arm(test);
	paused.deny_sw = c.first_sw + 1;
	ret = chain_route(t, &c, &info);
	KUNIT_EXPECT_EQ(test, ret, -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
	KUNIT_EXPECT_STREQ(test, info.refusal.reason, "fake: denies every turn");
	KUNIT_EXPECT_TRUE(test, p2p_refusal_node_name(&info.refusal, name,
						      sizeof(name)));
	KUNIT_EXPECT_STREQ(test, name, p2p_node_name(t->nodes[c.first_sw + 1]));
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_SEARCH_RESTARTS), restarts + 1);

	/* The search holding the lock agrees; the answer was kept. */
	ret = chain_device_route(t, &c, &info);
	KUNIT_EXPECT_EQ(test, ret, -EHOSTUNREACH);
	misses = p2p_stat(P2P_STAT_CACHE_MISSES);
	KUNIT_EXPECT_EQ(test, chain_route(t, &c, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_MISSES), misses);
	expect_spaces_free(test);
}

/*
 * Searches run while another is paused use spaces of their own: the
 * paused one resumes on its own states. With every pausable space taken,
 * the third holds the lock throughout and never pauses.
 */
static void pause_searches_keep_apart(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct chain a, b, c;
	int ret;

	/* Two spaces: the third search finds none free. */
	BUILD_BUG_ON(P2P_PAUSABLE_SPACES != 2);
	build_chain(t, &a, 150);
	build_chain(t, &b, 170);
	build_chain(t, &c, 130);
	pause_probe_arm(test);
	paused.nested[0] = &b;
	paused.nested[1] = &c;
	ret = chain_route(t, &a, &info);
	expect_chain_answer(test, &a, ret, &info);
	expect_chain_answer(test, &b, paused.nested_ret[0],
			    &paused.nested_info[0]);
	expect_chain_answer(test, &c, paused.nested_ret[1],
			    &paused.nested_info[1]);
	KUNIT_EXPECT_EQ(test, paused.calls[0], chain_pauses(&a));
	KUNIT_EXPECT_EQ(test, paused.calls[1], chain_pauses(&b));
	KUNIT_EXPECT_EQ(test, paused.calls[2], 0U);
	expect_spaces_free(test);
}

/*
 * A graph that changes at every pause: after P2P_SEARCH_RESTARTS (4)
 * starts the search holds the lock, and answers.
 */
static void pause_restarts_are_bounded(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	unsigned long restarts = p2p_stat(P2P_STAT_SEARCH_RESTARTS);
	unsigned long misses;
	struct p2p_route_info info;
	struct chain c;
	int ret;

	build_chain(t, &c, LONG_CHAIN);
	pause_probe_arm(test);
	paused.bump_always = true;
	ret = chain_route(t, &c, &info);
	expect_chain_answer(test, &c, ret, &info);
	KUNIT_EXPECT_EQ(test, paused.calls[0], 4U);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_SEARCH_RESTARTS), restarts + 4);

	/* Kept in the generation it ended in: the next query hits. */
	misses = p2p_stat(P2P_STAT_CACHE_MISSES);
	ret = chain_route(t, &c, &info);
	expect_chain_answer(test, &c, ret, &info);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_CACHE_MISSES), misses);

	/* The device query starts again from its first node, as often. */
	paused.calls[0] = 0;
	ret = chain_device_route(t, &c, &info);
	expect_chain_answer(test, &c, ret, &info);
	KUNIT_EXPECT_EQ(test, paused.calls[0], 4U);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_SEARCH_RESTARTS), restarts + 8);
	expect_spaces_free(test);
}

/*
 * A caller with interrupts off would let none in by pausing, and would pay
 * for restarts with them off: its search holds the lock throughout.
 */
static void pause_not_with_interrupts_off(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	unsigned long flags;
	struct chain c;
	int ret;

	build_chain(t, &c, LONG_CHAIN);
	pause_probe_arm(test);
	local_irq_save(flags);
	ret = chain_route(t, &c, &info);
	local_irq_restore(flags);
	expect_chain_answer(test, &c, ret, &info);
	KUNIT_EXPECT_EQ(test, paused.calls[0], 0U);
	local_irq_save(flags);
	ret = chain_device_route(t, &c, &info);
	local_irq_restore(flags);
	expect_chain_answer(test, &c, ret, &info);
	KUNIT_EXPECT_EQ(test, paused.calls[0], 0U);
	expect_spaces_free(test);
}

/*
 * New links resize every search space, freeing the arrays a paused search
 * kept its states in: it must start again in the new ones.
 */
static void pause_resize_meanwhile_restarts(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	unsigned long restarts = p2p_stat(P2P_STAT_SEARCH_RESTARTS);
	struct p2p_route_info info;
	struct chain c;
	int ret;

	build_chain(t, &c, LONG_CHAIN);
	pause_probe_arm(test);
	paused.resize_once = true;
	ret = chain_route(t, &c, &info);
	expect_chain_answer(test, &c, ret, &info);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_SEARCH_RESTARTS), restarts + 1);
	KUNIT_EXPECT_EQ(test, paused.calls[0], 1 + chain_pauses(&c));
	expect_spaces_free(test);
}

/* The provider goes while the search is paused: no node to reach. */
static void pause_provider_removed_meanwhile(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_provider *provider;
	struct p2p_route_info info;
	unsigned long flags;
	struct chain c;
	int ret;

	build_chain(t, &c, LONG_CHAIN);
	provider = t->providers[c.prov];
	pause_probe_arm(test);
	paused.remove = provider;
	ret = chain_route(t, &c, &info);
	KUNIT_EXPECT_EQ(test, ret, -ENODEV);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, paused.calls[0], 1U);
	expect_spaces_free(test);

	/* Published again, for the teardown to remove it for real. */
	spin_lock_irqsave(&p2p_graph.lock, flags);
	WRITE_ONCE(provider->removed, false);
	p2p_graph_changed(P2P_CHANGE_PROVIDER_ADD, provider->id);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
}

/*
 * A device with two nodes: the device query searches to each, and a
 * change during the search to the second must start both again (the
 * first search's route may name what the change removed). The chain's
 * last switch links to both nodes, so each search takes 3n + 3 steps, or
 * 3n + 5 when it pops the other node (and its link) before its own.
 */
static void pause_device_query_restarts_from_its_first_node(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	unsigned long restarts = p2p_stat(P2P_STAT_SEARCH_RESTARTS);
	struct p2p_route_info info;
	unsigned int per_search;
	int second, ret;
	struct chain c;

	build_chain(t, &c, LONG_CHAIN);
	second = fake_node_same_dev(t, P2P_NODE_ENDPOINT, c.target);
	fake_link(t, c.first_sw + c.n - 1, second, 1);
	per_search = (3 * c.n + 3) / CHECK_EVERY;
	pause_probe_arm(test);
	/* Inside the second search, whichever target its Dijkstra pops first. */
	paused.bump_at = per_search + 3;
	ret = chain_device_route(t, &c, &info);
	expect_chain_answer(test, &c, ret, &info);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_SEARCH_RESTARTS), restarts + 1);
	KUNIT_EXPECT_GT(test, paused.calls[0], 2 * per_search);
	expect_spaces_free(test);
}

/*
 * A question any user may ask leaves the first space to the mapping
 * path: while a device query is paused, a second one finds no space and
 * holds the lock throughout, but a cache miss still searches in stretches.
 */
static void pause_device_queries_leave_a_space_to_misses(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct chain a, b;
	int ret;

	build_chain(t, &a, 150);
	build_chain(t, &b, 170);
	pause_probe_arm(test);
	paused.nested[0] = &b;
	paused.nested_by_device[0] = true;
	ret = chain_device_route(t, &a, &info);
	expect_chain_answer(test, &a, ret, &info);
	expect_chain_answer(test, &b, paused.nested_ret[0],
			    &paused.nested_info[0]);
	KUNIT_EXPECT_EQ(test, paused.calls[0], chain_pauses(&a));
	KUNIT_EXPECT_EQ(test, paused.calls[1], 0U);

	pause_probe_arm(test);
	paused.nested[0] = &b;
	ret = chain_device_route(t, &a, &info);
	expect_chain_answer(test, &a, ret, &info);
	expect_chain_answer(test, &b, paused.nested_ret[0],
			    &paused.nested_info[0]);
	KUNIT_EXPECT_EQ(test, paused.calls[1], chain_pauses(&b));
	expect_spaces_free(test);
}

/*
 * New links past the search spaces' room replace the arrays of every
 * space, the claimed ones included, and say so in &p2p_graph.resizes,
 * which a paused search checks before it touches its states again.
 */
static void pause_resize_replaces_every_space(struct kunit *test)
{
	struct p2p_search_state *before[1 + P2P_PAUSABLE_SPACES];
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	u32 resizes, nr;
	struct chain c;
	unsigned int i;
	int ret;

	mutex_lock(&p2p_graph.mutex);
	resizes = p2p_graph.resizes;
	nr = p2p_graph.space.nr_states;
	before[0] = p2p_graph.space.states;
	for (i = 0; i < P2P_PAUSABLE_SPACES; i++)
		before[i + 1] = p2p_graph.pausable[i].states;
	/* The first link id without room, as p2p_link_add() asks. */
	ret = p2p_search_space_reserve(nr / 2);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, p2p_graph.resizes, resizes + 1);
	KUNIT_EXPECT_GT(test, p2p_graph.space.nr_states, nr);
	KUNIT_EXPECT_PTR_NE(test, p2p_graph.space.states, before[0]);
	for (i = 0; i < P2P_PAUSABLE_SPACES; i++) {
		KUNIT_EXPECT_EQ(test, p2p_graph.pausable[i].nr_states,
				p2p_graph.space.nr_states);
		KUNIT_EXPECT_PTR_NE(test, p2p_graph.pausable[i].states,
				    before[i + 1]);
	}
	mutex_unlock(&p2p_graph.mutex);

	/* The new spaces serve: a route that pauses, found whole. */
	build_chain(t, &c, LONG_CHAIN);
	pause_probe_arm(test);
	ret = chain_route(t, &c, &info);
	expect_chain_answer(test, &c, ret, &info);
	KUNIT_EXPECT_EQ(test, paused.calls[0], chain_pauses(&c));
	expect_spaces_free(test);
}

static void pause_restore_stretch(void *old)
{
	p2p_search_stretch_ns = *(u64 *)old;
}

static int pause_init(struct kunit *test)
{
	u64 *old = kunit_kzalloc(test, sizeof(*old), GFP_KERNEL);

	if (!old)
		return -ENOMEM;
	*old = p2p_search_stretch_ns;
	p2p_search_stretch_ns = 0;
	if (kunit_add_action_or_reset(test, pause_restore_stretch, old))
		return -ENOMEM;
	fake_topo_create(test, 480, 480);
	return 0;
}

static struct kunit_case pause_cases[] = {
	KUNIT_CASE(pause_lets_interrupts_in),
	KUNIT_CASE(pause_change_meanwhile_restarts),
	KUNIT_CASE(pause_searches_keep_apart),
	KUNIT_CASE(pause_restarts_are_bounded),
	KUNIT_CASE(pause_not_with_interrupts_off),
	KUNIT_CASE(pause_resize_meanwhile_restarts),
	KUNIT_CASE(pause_provider_removed_meanwhile),
	KUNIT_CASE(pause_device_query_restarts_from_its_first_node),
	KUNIT_CASE(pause_device_queries_leave_a_space_to_misses),
	KUNIT_CASE(pause_resize_replaces_every_space),
	{}
};

static struct kunit_suite pause_suite = {
	.name = "p2p_search_pause",
	.init = pause_init,
	.exit = fake_topo_exit,
	.test_cases = pause_cases,
};

kunit_test_suite(pause_suite);
