// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the consumer API: distances like p2pdma's, provider choice,
 * private interconnects, bad arguments, atomic context and removal while
 * queries run.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/rculist.h>

#include "../core.h"
#include "fake_bus.h"

/*
 *          host
 *         /    \
 *       hb0    hb1
 *        |      |
 *       sw0    ep5 (provider, 3 hops from sw0's endpoints' host bridge)
 *      / | \
 *   ep2 ep3 ep4 (ep4: provider)
 */
struct star {
	int host, hb0, hb1, sw0, ep2, ep3, ep4, ep5;
	int prov4, prov5;
};

static void build_star(struct fake_topo *t, struct star *s)
{
	struct p2p_link_attr fast = { .cost = 1, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 32000, .latency_ns = 100 };
	struct p2p_link_attr slow = { .cost = 1, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 4000, .latency_ns = 300 };

	s->host = fake_node(t, P2P_NODE_HOST, false);
	s->hb0 = fake_node(t, P2P_NODE_HOST_BRIDGE, false);
	s->hb1 = fake_node(t, P2P_NODE_HOST_BRIDGE, false);
	s->sw0 = fake_node(t, P2P_NODE_SWITCH, false);
	s->ep2 = fake_node(t, P2P_NODE_ENDPOINT, true);
	s->ep3 = fake_node(t, P2P_NODE_ENDPOINT, true);
	s->ep4 = fake_node(t, P2P_NODE_ENDPOINT, true);
	s->ep5 = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link_attr(t, &t->bus, s->host, s->hb0, &fast);
	fake_link_attr(t, &t->bus, s->host, s->hb1, &fast);
	fake_link_attr(t, &t->bus, s->hb0, s->sw0, &fast);
	fake_link_attr(t, &t->bus, s->sw0, s->ep2, &fast);
	fake_link_attr(t, &t->bus, s->sw0, s->ep3, &fast);
	fake_link_attr(t, &t->bus, s->sw0, s->ep4, &slow);
	fake_link_attr(t, &t->bus, s->hb1, s->ep5, &fast);
	s->prov4 = fake_provider(t, s->ep4, 0x100000000ULL, 0x10000, true);
	s->prov5 = fake_provider(t, s->ep5, 0x200000000ULL, 0x10000, true);
}

static void query_distance_many_sums_like_p2pdma(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct device *clients[2];
	struct star s;

	build_star(t, &s);
	clients[0] = fake_dev(t, s.ep2);
	clients[1] = fake_dev(t, s.ep3);
	KUNIT_EXPECT_EQ(test, p2p_distance_many(t->providers[s.prov4], clients, 2,
						false), 4);
	KUNIT_EXPECT_EQ(test, p2p_distance_many(t->providers[s.prov5], clients, 2,
						false), 10);
	KUNIT_EXPECT_EQ(test, p2p_distance_many(t->providers[s.prov4], clients, 1,
						true), 2);
}

static void query_distance_many_fails_if_any_client_fails(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct device *clients[3];
	struct star s;

	build_star(t, &s);
	t->fakes[s.host].deny_all = true;
	p2p_bus_rules_changed(&t->bus);
	clients[0] = fake_dev(t, s.ep2);
	clients[1] = fake_dev(t, s.ep5);	/* needs the host */
	clients[2] = fake_dev(t, s.ep3);
	KUNIT_EXPECT_EQ(test, p2p_distance_many(t->providers[s.prov4], clients, 3,
						false), -1);
	/* verbose explains each refusal and still answers -1 */
	KUNIT_EXPECT_EQ(test, p2p_distance_many(t->providers[s.prov4], clients, 3,
						true), -1);
	KUNIT_EXPECT_EQ(test, p2p_distance_many(t->providers[s.prov4], &clients[2],
						1, true), 2);
}

static void query_find_provider_by_cost(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_provider *found;
	struct device *client;
	struct star s;

	build_star(t, &s);
	client = fake_dev(t, s.ep2);
	found = p2p_find_provider(&client, 1, P2P_FIND_COST);
	KUNIT_EXPECT_PTR_EQ(test, found, t->providers[s.prov4]);
	p2p_provider_put(found);

	client = fake_dev(t, s.ep5);
	found = p2p_find_provider(&client, 1, P2P_FIND_COST);
	KUNIT_EXPECT_PTR_EQ(test, found, t->providers[s.prov5]);
	p2p_provider_put(found);
}

static void query_find_provider_honours_publish(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_provider *found;
	struct device *client;
	struct star s;

	build_star(t, &s);
	client = fake_dev(t, s.ep2);
	p2p_provider_publish(t->providers[s.prov4], false);
	found = p2p_find_provider(&client, 1, P2P_FIND_COST);
	KUNIT_EXPECT_PTR_EQ(test, found, t->providers[s.prov5]);
	p2p_provider_put(found);
	/* unpublished memory is still reachable by who knows it */
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[s.prov4], client,
					P2P_DIR_BOTH, &info), 0);

	p2p_provider_publish(t->providers[s.prov4], true);
	found = p2p_find_provider(&client, 1, P2P_FIND_COST);
	KUNIT_EXPECT_PTR_EQ(test, found, t->providers[s.prov4]);
	p2p_provider_put(found);
}

/* A device that is no provider is reached the same way, without a cache. */
static void query_route_to_device_matches_provider_route(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info by_prov, by_dev;
	struct device *stranger;
	unsigned long searches;
	int node, orphan;
	struct star s;

	build_star(t, &s);
	stranger = kunit_device_register(test, "p2p-stranger");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, stranger);
	for (node = s.ep2; node < s.ep5; node++) {
		KUNIT_ASSERT_EQ(test, p2p_route(t->providers[s.prov5],
						fake_dev(t, node), P2P_DIR_BOTH,
						&by_prov), 0);
		KUNIT_ASSERT_EQ(test, p2p_route_to_device(fake_dev(t, s.ep5),
							  fake_dev(t, node),
							  P2P_DIR_BOTH, &by_dev), 0);
		KUNIT_EXPECT_EQ(test, by_dev.map_type, by_prov.map_type);
		KUNIT_EXPECT_EQ(test, by_dev.distance, by_prov.distance);
		KUNIT_EXPECT_EQ(test, by_dev.hops, by_prov.hops);
	}
	KUNIT_EXPECT_EQ(test, by_dev.map_type, P2P_MAP_THRU_HOST);

	searches = p2p_stat(P2P_STAT_SEARCHES);
	p2p_route_to_device(fake_dev(t, s.ep3), fake_dev(t, s.ep2),
			    P2P_DIR_BOTH, &by_dev);
	p2p_route_to_device(fake_dev(t, s.ep3), fake_dev(t, s.ep2),
			    P2P_DIR_BOTH, &by_dev);
	KUNIT_EXPECT_EQ(test, p2p_stat(P2P_STAT_SEARCHES), searches + 2);
	KUNIT_EXPECT_EQ(test, by_dev.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, by_dev.distance, 2);

	orphan = fake_node(t, P2P_NODE_ENDPOINT, true);
	KUNIT_EXPECT_EQ(test, p2p_route_to_device(fake_dev(t, orphan),
						  fake_dev(t, s.ep2),
						  P2P_DIR_BOTH, &by_dev),
			-EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, by_dev.map_type, P2P_MAP_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, p2p_route_to_device(stranger,
						  fake_dev(t, s.ep2),
						  P2P_DIR_BOTH, &by_dev), -ENODEV);
	KUNIT_EXPECT_EQ(test, p2p_route_to_device(fake_dev(t, s.ep2),
						  stranger,
						  P2P_DIR_BOTH, &by_dev), -ENODEV);
	KUNIT_EXPECT_EQ(test, p2p_route_to_device(NULL, fake_dev(t, s.ep2),
						  P2P_DIR_BOTH, &by_dev), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_route_to_device(fake_dev(t, s.ep3),
						  fake_dev(t, s.ep2), 0, &by_dev),
			-EINVAL);
}

static void query_find_provider_by_bandwidth_and_latency(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_provider *found;
	struct device *client;
	struct star s;

	build_star(t, &s);
	/*
	 * ep4 is near ep2 (latency 400 ns) but behind a narrow link;
	 * ep5 is far (500 ns) over wide links.
	 */
	client = fake_dev(t, s.ep2);
	found = p2p_find_provider(&client, 1, P2P_FIND_BANDWIDTH);
	KUNIT_EXPECT_PTR_EQ(test, found, t->providers[s.prov5]);
	p2p_provider_put(found);
	found = p2p_find_provider(&client, 1, P2P_FIND_LATENCY);
	KUNIT_EXPECT_PTR_EQ(test, found, t->providers[s.prov4]);
	p2p_provider_put(found);
}

static void query_find_provider_prefers_own_memory(struct kunit *test)
{
	enum p2p_find_policy policy;
	struct fake_topo *t = test->priv;
	struct p2p_provider *found;
	struct device *client;
	struct star s;

	build_star(t, &s);
	client = fake_dev(t, s.ep4);
	for (policy = P2P_FIND_COST; policy <= P2P_FIND_LATENCY; policy++) {
		found = p2p_find_provider(&client, 1, policy);
		KUNIT_EXPECT_PTR_EQ(test, found, t->providers[s.prov4]);
		p2p_provider_put(found);
	}
}

static void query_find_provider_skips_unusable(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_provider *found;
	struct device *clients[2];
	int a, b, lonely;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	lonely = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, a, b, 1);
	fake_provider(t, b, 0x100000000ULL, 0x1000, false);	/* unpublished */
	clients[0] = fake_dev(t, a);
	KUNIT_EXPECT_NULL(test, p2p_find_provider(clients, 1, P2P_FIND_COST));

	fake_provider(t, b, 0x200000000ULL, 0x1000, true);
	found = p2p_find_provider(clients, 1, P2P_FIND_COST);
	KUNIT_EXPECT_PTR_EQ(test, found, t->providers[1]);
	p2p_provider_put(found);

	/* no provider serves a client that reaches none */
	clients[1] = fake_dev(t, lonely);
	KUNIT_EXPECT_NULL(test, p2p_find_provider(clients, 2, P2P_FIND_COST));
}

static void query_interconnect_needs_private_links(struct kunit *test)
{
	struct p2p_link_attr nvlink = { .cost = 1, .dirs = P2P_DIR_BOTH,
					.bandwidth_MBps = 100000 };
	struct fake_topo *t = test->priv;
	int hub, g0, g1, g2;

	hub = fake_node(t, P2P_NODE_SWITCH, false);
	g0 = fake_node(t, P2P_NODE_ENDPOINT, true);
	g1 = fake_node(t, P2P_NODE_ENDPOINT, true);
	g2 = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link_attr(t, &t->link_bus, g0, hub, &nvlink);
	fake_link_attr(t, &t->link_bus, g1, hub, &nvlink);
	fake_link(t, g2, hub, 1);		/* an ordinary bus link */

	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(fake_dev(t, g0), fake_dev(t, g1)));
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(fake_dev(t, g1), fake_dev(t, g0)));
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(fake_dev(t, g0), fake_dev(t, g2)));
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(fake_dev(t, g2), fake_dev(t, g2)));
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(NULL, fake_dev(t, g2)));
}

static void query_interconnect_never_crosses_host(struct kunit *test)
{
	struct p2p_link_attr link = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = test->priv;
	int host, g0, g1;

	host = fake_node(t, P2P_NODE_HOST, false);
	g0 = fake_node(t, P2P_NODE_ENDPOINT, true);
	g1 = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link_attr(t, &t->link_bus, g0, host, &link);
	fake_link_attr(t, &t->link_bus, g1, host, &link);
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(fake_dev(t, g0), fake_dev(t, g1)));
}

static void query_rejects_bad_arguments(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_addr addr;
	struct device *client;
	struct star s;

	build_star(t, &s);
	client = fake_dev(t, s.ep2);
	KUNIT_EXPECT_EQ(test, p2p_route(NULL, client, P2P_DIR_BOTH, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[s.prov4], NULL, P2P_DIR_BOTH,
					&info), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[s.prov4], client, P2P_DIR_BOTH,
					NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[s.prov4], client, 0, &info),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[s.prov4], client, 0x80, &info),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_distance_many(NULL, &client, 1, true), -1);
	KUNIT_EXPECT_EQ(test, p2p_distance_many(t->providers[s.prov4], NULL, 1, true), -1);
	KUNIT_EXPECT_EQ(test, p2p_distance_many(t->providers[s.prov4], &client, 0, true), -1);
	KUNIT_EXPECT_NULL(test, p2p_find_provider(NULL, 1, P2P_FIND_COST));
	KUNIT_EXPECT_NULL(test, p2p_find_provider(&client, 0, P2P_FIND_COST));
	KUNIT_EXPECT_NULL(test, p2p_find_provider(&client, 1, 42));
	KUNIT_EXPECT_EQ(test, p2p_translate(NULL, client, 0, &addr), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_translate(t->providers[s.prov4], client, 0x100000000ULL,
					    NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(t->providers[s.prov4], NULL, 0, &addr),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_addr_rebase(NULL, 0, 1, P2P_ADDR_DMA, 0, 0), -EINVAL);
}

static DEFINE_SPINLOCK(query_atomic_lock);

static void query_works_in_atomic_context(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_addr addr;
	unsigned long flags;
	int miss, hit, xlate, distance;
	struct p2p_provider *found;
	unsigned long hits;
	struct device *client;
	bool linked;
	struct star s;

	build_star(t, &s);
	client = fake_dev(t, s.ep2);
	hits = p2p_stat(P2P_STAT_CACHE_HITS);
	/* DEBUG_ATOMIC_SLEEP reports any sleep in here */
	spin_lock_irqsave(&query_atomic_lock, flags);
	miss = p2p_route(t->providers[s.prov5], client, P2P_DIR_BOTH, &info);
	hit = p2p_route(t->providers[s.prov5], client, P2P_DIR_BOTH, &info);
	xlate = p2p_translate(t->providers[s.prov5], client, 0x200000000ULL, &addr);
	linked = p2p_has_interconnect(client, fake_dev(t, s.ep3));
	distance = p2p_distance_many(t->providers[s.prov4], &client, 1, true);
	found = p2p_find_provider(&client, 1, P2P_FIND_LATENCY);
	spin_unlock_irqrestore(&query_atomic_lock, flags);

	KUNIT_EXPECT_EQ(test, miss, 0);
	KUNIT_EXPECT_EQ(test, hit, 0);
	/* the second query and the translation were answered from the cache */
	KUNIT_EXPECT_GE(test, p2p_stat(P2P_STAT_CACHE_HITS), hits + 2);
	KUNIT_EXPECT_EQ(test, distance, 2);
	KUNIT_EXPECT_PTR_EQ(test, found, t->providers[s.prov4]);
	p2p_provider_put(found);
	KUNIT_EXPECT_EQ(test, xlate, 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_DMA);
	KUNIT_EXPECT_FALSE(test, linked);
}

struct query_worker {
	struct p2p_provider *provider;
	struct device *client;
	struct completion started;
	struct completion done;
	atomic_t stop;
	unsigned long answers, routes;
	int bad;
};

static int query_worker_fn(void *data)
{
	struct query_worker *w = data;
	struct p2p_route_info info;
	struct p2p_addr addr;
	int ret;

	complete(&w->started);
	while (!atomic_read(&w->stop)) {
		ret = p2p_route(w->provider, w->client, P2P_DIR_BOTH, &info);
		/* only the old or the new topology, never anything else */
		if (ret == 0 && info.hops == 2)
			w->routes++;
		else if (ret != -EHOSTUNREACH)
			w->bad++;
		ret = p2p_translate_offset(w->provider, w->client, 0x10, &addr);
		if (ret && ret != -EHOSTUNREACH && ret != -EAGAIN)
			w->bad++;
		if (!ret && addr.addr != 0x100000010ULL)
			w->bad++;
		w->answers++;
		cond_resched();
	}
	complete(&w->done);
	return 0;
}

static void query_survives_removal_while_running(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct query_worker w = {};
	struct task_struct *task;
	unsigned long deadline;
	int a, b, i;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	w.provider = t->providers[fake_provider(t, b, 0x100000000ULL, 0x1000, true)];
	w.client = fake_dev(t, a);
	/* churned links translate through a window, reading backend data */
	t->windows[0] = (struct fake_window){
		.set = true, .in_base = 0x100000000ULL, .size = 0x1000,
		.space = P2P_ADDR_PCI_BUS, .out_base = 0x100000000ULL,
	};
	init_completion(&w.started);
	init_completion(&w.done);

	task = kthread_run(query_worker_fn, &w, "p2p-query-worker");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	wait_for_completion(&w.started);
	for (i = 0; i < 50; i++) {
		struct p2p_node *sw;
		struct p2p_link *l0, *l1;
		struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };

		sw = p2p_node_add(&t->bus, P2P_NODE_SWITCH, NULL, NULL, "churn",
				  &t->fakes[0]);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sw);
		l0 = p2p_link_add(&t->bus, t->nodes[a], sw, &attr, &t->windows[0]);
		l1 = p2p_link_add(&t->bus, sw, t->nodes[b], &attr, &t->windows[0]);
		KUNIT_EXPECT_FALSE(test, IS_ERR(l0));
		KUNIT_EXPECT_FALSE(test, IS_ERR(l1));
		usleep_range(100, 200);
		/* remove the switch under the worker's feet, links with it */
		p2p_node_remove(sw);
		p2p_link_remove(l0);
		p2p_link_remove(l1);
	}
	/* a path that stays: the worker must come to see it */
	fake_link(t, a, fake_node(t, P2P_NODE_SWITCH, false), 1);
	fake_link(t, t->nr_nodes - 1, b, 1);
	deadline = jiffies + 10 * HZ;
	while (!READ_ONCE(w.routes) && time_before(jiffies, deadline))
		msleep(20);
	atomic_set(&w.stop, 1);
	wait_for_completion(&w.done);

	KUNIT_EXPECT_EQ(test, w.bad, 0);
	KUNIT_EXPECT_GT(test, w.answers, 0UL);
	KUNIT_EXPECT_GT(test, w.routes, 0UL);
}

/* Removes a provider on another CPU while the test reads it under RCU. */
struct query_remover {
	struct p2p_provider *provider;
	struct completion go, removed;
};

static int query_remove_provider(void *data)
{
	struct query_remover *r = data;

	wait_for_completion(&r->go);
	p2p_provider_remove(r->provider);	/* may sleep */
	/* Its removal event holds the last reference until told. */
	p2p_notifier_flush();
	complete(&r->removed);
	return 0;
}

/*
 * A provider found in the graph under rcu_read_lock() without a reference
 * is removed, with the last reference, by another thread: it may be freed
 * only after a grace period, so the queries the reader makes before
 * rcu_read_unlock() read a removed provider, never freed memory (KASAN
 * fails the test on a use after free).
 */
static void query_removed_provider_is_freed_after_grace_period(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct query_remover r = {};
	struct p2p_provider *seen = NULL, *p;
	struct p2p_route_info info;
	struct task_struct *task;
	struct p2p_addr addr;
	unsigned long deadline;
	struct device *client;
	int a, sw, b, prov, cpu;
	bool removed;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs a second CPU to remove the provider");
	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	sw = fake_node(t, P2P_NODE_SWITCH, false);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, a, sw, 1);
	fake_link(t, sw, b, 1);
	prov = fake_provider(t, b, 0x100000000ULL, 0x1000, true);
	client = fake_dev(t, a);
	/* A cached route too, which goes with the provider. */
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[prov], client,
					P2P_DIR_BOTH, &info), 0);

	r.provider = t->providers[prov];
	t->providers[prov] = NULL;	/* the remover gives it back */
	init_completion(&r.go);
	init_completion(&r.removed);
	task = kthread_create(query_remove_provider, &r, "p2p-kunit-remover");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
	/* The reader spins in an RCU read-side section: never on its CPU. */
	migrate_disable();
	cpu = cpumask_any_but(cpu_online_mask, raw_smp_processor_id());
	kthread_bind(task, cpu);
	wake_up_process(task);

	rcu_read_lock();
	list_for_each_entry_rcu(p, &p2p_graph.providers, entry)
		if (p == r.provider)
			seen = p;
	complete(&r.go);
	deadline = jiffies + 30 * HZ;
	while (!(removed = completion_done(&r.removed)) &&
	       time_before(jiffies, deadline))
		cpu_relax();
	if (seen && removed) {
		/* Every one of these reads the provider. */
		KUNIT_EXPECT_EQ(test, p2p_route(seen, client, P2P_DIR_BOTH, &info),
				-ENODEV);
		KUNIT_EXPECT_EQ(test, p2p_distance_many(seen, &client, 1, false),
				-1);
		KUNIT_EXPECT_EQ(test, p2p_translate(seen, client, 0x100000000ULL,
						    &addr), -ENODEV);
	}
	rcu_read_unlock();
	migrate_enable();

	wait_for_completion(&r.removed);
	KUNIT_EXPECT_PTR_EQ(test, seen, r.provider);
	KUNIT_EXPECT_TRUE_MSG(test, removed, "the provider was not removed");
}

static struct kunit_case query_test_cases[] = {
	KUNIT_CASE(query_distance_many_sums_like_p2pdma),
	KUNIT_CASE(query_distance_many_fails_if_any_client_fails),
	KUNIT_CASE(query_find_provider_by_cost),
	KUNIT_CASE(query_find_provider_honours_publish),
	KUNIT_CASE(query_route_to_device_matches_provider_route),
	KUNIT_CASE(query_find_provider_by_bandwidth_and_latency),
	KUNIT_CASE(query_find_provider_prefers_own_memory),
	KUNIT_CASE(query_find_provider_skips_unusable),
	KUNIT_CASE(query_interconnect_needs_private_links),
	KUNIT_CASE(query_interconnect_never_crosses_host),
	KUNIT_CASE(query_rejects_bad_arguments),
	KUNIT_CASE(query_works_in_atomic_context),
	KUNIT_CASE(query_survives_removal_while_running),
	KUNIT_CASE(query_removed_provider_is_freed_after_grace_period),
	{}
};

static struct kunit_suite query_test_suite = {
	.name = "p2p_query",
	.init = fake_topo_init,
	.exit = fake_topo_exit,
	.test_cases = query_test_cases,
};

kunit_test_suite(query_test_suite);
