// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: queries allocate nothing but the route cache entry of a miss,
 * and that one with GFP_ATOMIC (issue 12 item 6). The counts come from the
 * slab allocator's own kmalloc and kmem_cache_alloc tracepoints, counted
 * for this task only, so nothing of the code under test judges itself.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/kallsyms.h>
#include <linux/sched.h>
#include <linux/tracepoint.h>
#include <trace/events/kmem.h>

#include "../core.h"
#include "fake_bus.h"

#define MAX_ALLOCS 32

struct alloc_log {
	struct task_struct *task;
	unsigned int nr;
	unsigned long call_site[MAX_ALLOCS];
	gfp_t gfp[MAX_ALLOCS];
};

static void log_alloc(struct alloc_log *log, unsigned long call_site,
		      gfp_t gfp)
{
	/* An interrupt's allocation on this CPU is not the query's. */
	if (current != READ_ONCE(log->task) || !in_task() ||
	    log->nr == MAX_ALLOCS)
		return;
	log->call_site[log->nr] = call_site;
	log->gfp[log->nr++] = gfp;
}

/*
 * Bookkeeping the debug options do for every allocation or RCU callback
 * (kmemleak's object records, debugobjects' pool): allocations made on
 * the query's behalf by the checkers, not by it.
 */
static const char * const debug_allocators[] = {
	"mem_pool_alloc", "__alloc_object", "__create_object",
	"create_object", "fill_pool",
};

static bool made_by_debug_option(unsigned long call_site)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned int i;

	snprintf(sym, sizeof(sym), "%ps", (void *)call_site);
	for (i = 0; i < ARRAY_SIZE(debug_allocators); i++)
		if (!strcmp(sym, debug_allocators[i]))
			return true;
	return false;
}

/*
 * The allocations logged since @from that the code under test made, each
 * reported with its call site; @blocking counts those allowed to sleep.
 */
static unsigned int allocs(struct kunit *test, struct alloc_log *log,
			   unsigned int from, unsigned int *blocking)
{
	unsigned int i, n = 0;

	*blocking = 0;
	for (i = from; i < log->nr; i++) {
		if (made_by_debug_option(log->call_site[i]))
			continue;
		/* printk, not kunit_info(): that would allocate */
		pr_info("%s: allocation by %pS, gfp %pGg\n", test->name,
			(void *)log->call_site[i], &log->gfp[i]);
		n++;
		*blocking += gfpflags_allow_blocking(log->gfp[i]);
	}
	return n;
}

static void probe_kmalloc(void *data, unsigned long call_site,
			  const void *ptr, size_t bytes_req,
			  size_t bytes_alloc, gfp_t gfp, int node)
{
	log_alloc(data, call_site, gfp);
}

static void probe_kmem_cache_alloc(void *data, unsigned long call_site,
				   const void *ptr, struct kmem_cache *s,
				   gfp_t gfp, int node)
{
	log_alloc(data, call_site, gfp);
}

static void detach_probes(void *data)
{
	unregister_trace_kmalloc(probe_kmalloc, data);
	unregister_trace_kmem_cache_alloc(probe_kmem_cache_alloc, data);
	tracepoint_synchronize_unregister();
}

static struct alloc_log *attach_probes(struct kunit *test)
{
	struct alloc_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	KUNIT_ASSERT_EQ(test, register_trace_kmalloc(probe_kmalloc, log), 0);
	KUNIT_ASSERT_EQ(test,
			register_trace_kmem_cache_alloc(probe_kmem_cache_alloc,
							log), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, detach_probes,
							log), 0);
	/* Attaching allocates: log only from here on. */
	WRITE_ONCE(log->task, current);
	return log;
}

/* Clients a and c below one switch, a provider on b behind it. */
struct alloc_topo {
	int a, c, sw, b;
	struct p2p_provider *provider;
	struct device *clients[2];
};

static void build(struct kunit *test, struct alloc_topo *at)
{
	struct fake_topo *t = test->priv;

	at->a = fake_node(t, P2P_NODE_ENDPOINT, true);
	at->c = fake_node(t, P2P_NODE_ENDPOINT, true);
	at->sw = fake_node(t, P2P_NODE_SWITCH, false);
	at->b = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, at->a, at->sw, 1);
	fake_link(t, at->c, at->sw, 1);
	fake_link(t, at->sw, at->b, 1);
	at->provider = t->providers[fake_provider(t, at->b, 0x100000000ULL,
						   0x10000, true)];
	at->clients[0] = fake_dev(t, at->a);
	at->clients[1] = fake_dev(t, at->c);
}

/* Every query a DMA-mapping path makes, once. */
static void query_all(struct kunit *test, struct alloc_topo *at)
{
	struct p2p_provider *found;
	struct p2p_route_info info;
	struct p2p_addr addr;

	KUNIT_EXPECT_EQ(test, p2p_route(at->provider, at->clients[0],
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, p2p_route(at->provider, at->clients[1],
					P2P_DIR_READ, &info), 0);
	KUNIT_EXPECT_EQ(test, p2p_translate(at->provider, at->clients[0],
					    0x100001000ULL, &addr), 0);
	KUNIT_EXPECT_GT(test, p2p_distance_many(at->provider, at->clients, 2,
						false), 0);
	found = p2p_find_provider(at->clients, 2, P2P_FIND_COST);
	KUNIT_EXPECT_NOT_NULL(test, found);
	if (found)
		p2p_provider_put(found);
}

static void alloc_cached_queries_allocate_nothing(struct kunit *test)
{
	unsigned int blocking;
	struct alloc_log *log;
	struct alloc_topo at;
	int i;

	u64 generation;

	build(test, &at);
	query_all(test, &at);		/* fill the cache */
	generation = p2p_generation();
	log = attach_probes(test);
	for (i = 0; i < 100; i++)
		query_all(test, &at);
	if (p2p_generation() != generation)
		kunit_skip(test, "another change made the cache stale meanwhile");
	KUNIT_EXPECT_EQ(test, allocs(test, log, 0, &blocking), 0);
}

/*
 * After a change every answer is stale: the first query of a pair stores
 * one entry, allocated without sleeping, and the second finds it.
 */
static void alloc_miss_allocates_one_atomic_entry(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	unsigned int blocking, mark, n;
	struct p2p_route_info info;
	struct alloc_log *log;
	struct alloc_topo at;
	u64 generation;

	build(test, &at);
	query_all(test, &at);
	fake_node(t, P2P_NODE_SWITCH, false);	/* a change: all stale */
	generation = p2p_generation();
	log = attach_probes(test);

	KUNIT_ASSERT_EQ(test, p2p_route(at.provider, at.clients[0],
					P2P_DIR_BOTH, &info), 0);
	n = allocs(test, log, 0, &blocking);
	mark = log->nr;
	KUNIT_ASSERT_EQ(test, p2p_route(at.provider, at.clients[0],
					P2P_DIR_BOTH, &info), 0);
	if (p2p_generation() != generation)
		kunit_skip(test, "another change made the cache stale meanwhile");
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, blocking, 0);
	KUNIT_EXPECT_EQ(test, allocs(test, log, mark, &blocking), 0);
}

/* A refusal is cached like a route; a client without a node stores nothing. */
static void alloc_refusal_and_stranger(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	unsigned int blocking, mark, n;
	struct p2p_provider *provider;
	struct p2p_route_info info;
	struct device *stranger;
	struct alloc_log *log;
	int a, sw, b, la, lb;
	u64 generation;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	sw = fake_node(t, P2P_NODE_SWITCH, false);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	la = fake_link(t, a, sw, 1);
	lb = fake_link(t, sw, b, 1);
	fake_deny_turn(t, sw, la, lb);
	fake_deny_turn(t, sw, lb, la);
	provider = t->providers[fake_provider(t, b, 0x100000000ULL, 0x1000,
					      true)];
	stranger = kunit_device_register(test, "p2p-alloc-stranger");
	KUNIT_ASSERT_FALSE(test, IS_ERR(stranger));
	generation = p2p_generation();
	log = attach_probes(test);

	KUNIT_ASSERT_EQ(test, p2p_route(provider, fake_dev(t, a), P2P_DIR_BOTH,
					&info), -EHOSTUNREACH);
	n = allocs(test, log, 0, &blocking);
	mark = log->nr;
	KUNIT_ASSERT_EQ(test, p2p_route(provider, fake_dev(t, a), P2P_DIR_BOTH,
					&info), -EHOSTUNREACH);
	KUNIT_ASSERT_EQ(test, p2p_route(provider, stranger, P2P_DIR_BOTH,
					&info), -ENODEV);
	if (p2p_generation() != generation)
		kunit_skip(test, "another change made the cache stale meanwhile");
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, blocking, 0);
	KUNIT_EXPECT_EQ(test, allocs(test, log, mark, &blocking), 0);
}

static struct kunit_case alloc_test_cases[] = {
	KUNIT_CASE(alloc_cached_queries_allocate_nothing),
	KUNIT_CASE(alloc_miss_allocates_one_atomic_entry),
	KUNIT_CASE(alloc_refusal_and_stranger),
	{}
};

static struct kunit_suite alloc_test_suite = {
	.name = "p2p_query_alloc",
	.init = fake_topo_init,
	.exit = fake_topo_exit,
	.test_cases = alloc_test_cases,
};

kunit_test_suite(alloc_test_suite);
