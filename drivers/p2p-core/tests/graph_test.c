// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: building the graph: registration, argument checking, duplicate
 * and self links, teardown, the lifetimes of what the graph hands out, and
 * a graph of 10,000 nodes.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/kthread.h>
#include <linux/module.h>

#include "../core.h"
#include "fake_bus.h"

static const struct p2p_bus_ops graph_test_ops = {};

/**
 * struct graph_test_bus - a bus whose release the test watches
 * @bus: the bus
 * @released: how often its release ran
 */
struct graph_test_bus {
	struct p2p_bus bus;
	atomic_t released;
};

static void graph_test_bus_release(struct p2p_bus *bus)
{
	atomic_inc(&container_of(bus, struct graph_test_bus, bus)->released);
}

static struct graph_test_bus *graph_test_bus_alloc(struct kunit *test,
						   const char *name)
{
	struct graph_test_bus *gb = kunit_kzalloc(test, sizeof(*gb), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, gb);
	gb->bus.name = name;
	gb->bus.ops = &graph_test_ops;
	gb->bus.release = graph_test_bus_release;
	return gb;
}

static void graph_bus_register_rejects_bad_and_duplicate(struct kunit *test)
{
	struct p2p_bus no_ops = { .name = "graph-test-no-ops" };
	struct p2p_bus no_name = { .ops = &graph_test_ops };
	struct p2p_bus same_name = { .name = "fake", .ops = &graph_test_ops };
	struct fake_topo *t = test->priv;

	KUNIT_EXPECT_EQ(test, p2p_bus_register(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_bus_register(&no_ops), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_bus_register(&no_name), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_bus_register(&same_name), -EEXIST);
	KUNIT_EXPECT_EQ(test, p2p_bus_register(&t->bus), -EEXIST);
}

static void graph_node_add_rejects_bad_arguments(struct kunit *test)
{
	struct p2p_bus stranger = { .name = "graph-test-stranger",
				    .ops = &graph_test_ops };
	struct fake_topo *t = test->priv;
	u64 gen = p2p_generation();

	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_node_add(NULL, P2P_NODE_PORT, NULL,
						   NULL, "x", NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_node_add(&t->bus, 42, NULL, NULL,
						   "x", NULL)), -EINVAL);
	/* a bus that was never registered */
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_node_add(&stranger, P2P_NODE_PORT,
						   NULL, NULL, "x", NULL)),
			-EINVAL);
	/* failed attempts change nothing */
	KUNIT_EXPECT_EQ(test, p2p_generation(), gen);
}

static void graph_node_names_default_sensibly(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_node *anon;
	char expected[16];
	int ep;

	ep = fake_node(t, P2P_NODE_ENDPOINT, true);
	KUNIT_EXPECT_STREQ(test, p2p_node_name(t->nodes[ep]),
			   dev_name(fake_dev(t, ep)));
	KUNIT_EXPECT_EQ(test, p2p_node_type(t->nodes[ep]), P2P_NODE_ENDPOINT);

	anon = p2p_node_add(&t->bus, P2P_NODE_SWITCH, NULL, NULL, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, anon);
	snprintf(expected, sizeof(expected), "node%u", p2p_node_id(anon));
	KUNIT_EXPECT_STREQ(test, p2p_node_name(anon), expected);
	KUNIT_EXPECT_NULL(test, p2p_node_device(anon));
	p2p_node_remove(anon);
}

static void graph_link_rejects_self_link(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = test->priv;
	int a = fake_node(t, P2P_NODE_SWITCH, false);

	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_link_add(&t->bus, t->nodes[a],
						   t->nodes[a], &attr, NULL)),
			-EINVAL);
}

static void graph_link_rejects_duplicate(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = test->priv;
	int a, b;

	a = fake_node(t, P2P_NODE_SWITCH, false);
	b = fake_node(t, P2P_NODE_SWITCH, false);
	fake_link(t, a, b, 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_link_add(&t->bus, t->nodes[a],
						   t->nodes[b], &attr, NULL)),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_link_add(&t->bus, t->nodes[b],
						   t->nodes[a], &attr, NULL)),
			-EEXIST);
	/* the same pair on another bus is a different, parallel link */
	fake_link_attr(t, &t->link_bus, a, b, &attr);
	KUNIT_EXPECT_EQ(test, t->nr_links, 2);
}

static void graph_link_rejects_bad_attributes(struct kunit *test)
{
	struct p2p_link_attr none = { .cost = 1, .dirs = 0 };
	struct p2p_link_attr alien = { .cost = 1, .dirs = 0x4 };
	struct p2p_link_attr good = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = test->priv;
	int a, b, l;

	a = fake_node(t, P2P_NODE_SWITCH, false);
	b = fake_node(t, P2P_NODE_SWITCH, false);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_link_add(&t->bus, t->nodes[a],
						   t->nodes[b], NULL, NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_link_add(&t->bus, t->nodes[a],
						   t->nodes[b], &none, NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_link_add(&t->bus, t->nodes[a],
						   t->nodes[b], &alien, NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_link_add(&t->bus, NULL, t->nodes[b],
						   &good, NULL)), -EINVAL);
	l = fake_link(t, a, b, 1);
	KUNIT_EXPECT_EQ(test, p2p_link_set_attr(t->links[l], &none), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_link_set_attr(NULL, &good), -EINVAL);
}

static void graph_link_to_removed_node_fails(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = test->priv;
	struct p2p_node *gone;
	int a;

	a = fake_node(t, P2P_NODE_SWITCH, false);
	gone = p2p_node_add(&t->bus, P2P_NODE_SWITCH, NULL, NULL, "gone", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gone);
	/* keep the memory, take it out of the graph */
	p2p_node_get(gone);
	p2p_node_remove(gone);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_link_add(&t->bus, t->nodes[a], gone,
						   &attr, NULL)), -ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_provider_add(gone, &(struct p2p_provider_desc){
		.size = 0x1000 })), -ENODEV);
	p2p_node_put(gone);
}

static void graph_provider_rejects_bad_ranges(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_provider_desc desc = {};
	int a = fake_node(t, P2P_NODE_ENDPOINT, true);

	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_provider_add(t->nodes[a], NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_provider_add(NULL, &desc)), -EINVAL);
	desc.size = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_provider_add(t->nodes[a], &desc)), -EINVAL);
	desc.size = 0x2000;
	desc.phys_start = U64_MAX - 0x1000;
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_provider_add(t->nodes[a], &desc)), -ERANGE);
	desc.phys_start = 0x100000;
	desc.base.addr = U64_MAX;
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_provider_add(t->nodes[a], &desc)), -ERANGE);
	desc.base.addr = 0;
	desc.base.space = 17;
	KUNIT_EXPECT_EQ(test, PTR_ERR(p2p_provider_add(t->nodes[a], &desc)), -EINVAL);
}

/*
 * Let every free the removals started happen: the sysfs directories (each
 * holds its node) go from the notifier's work item, the nodes after a
 * grace period.
 */
static void graph_settle(void)
{
	p2p_notifier_flush();
	rcu_barrier();
}

static void graph_bus_unregister_removes_leftovers(struct kunit *test)
{
	struct graph_test_bus *gb = graph_test_bus_alloc(test,
							 "graph-test-careless");
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct p2p_bus *careless = &gb->bus;
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_node *sw, *ep;
	struct p2p_link *l0, *l1;
	struct device *dev;
	int a, prov;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	prov = fake_provider(t, a, 0x100000000ULL, 0x1000, true);
	dev = kunit_device_register(test, "p2p-careless-ep");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);

	KUNIT_ASSERT_EQ(test, p2p_bus_register(careless), 0);
	sw = p2p_node_add(careless, P2P_NODE_SWITCH, NULL, NULL, "careless-sw", NULL);
	ep = p2p_node_add(careless, P2P_NODE_ENDPOINT, dev, NULL, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ep);
	l0 = p2p_link_add(careless, sw, ep, &attr, NULL);
	l1 = p2p_link_add(careless, sw, t->nodes[a], &attr, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, l0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, l1);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[prov], dev, P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);

	/* the backend forgets to tear down: the core does it */
	p2p_bus_unregister(careless);
	KUNIT_EXPECT_EQ(test, careless->nr_objects, 0);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[prov], dev, P2P_DIR_BOTH, &info),
			-ENODEV);
	/* its handles stay valid until given back, and pin the bus */
	p2p_link_remove(l1);
	p2p_link_remove(l0);
	p2p_node_remove(ep);
	graph_settle();
	KUNIT_EXPECT_EQ(test, atomic_read(&gb->released), 0);
	KUNIT_EXPECT_PTR_EQ(test, p2p_node_bus(sw), careless);
	p2p_node_remove(sw);
	graph_settle();
	KUNIT_EXPECT_EQ(test, atomic_read(&gb->released), 1);
}

/*
 * A node reference keeps the node's bus: a backend that frees its bus once
 * unregistered (a device fabric) does it from release(), after the last
 * node someone held is freed; until then the bus cannot be registered anew.
 */
static void graph_held_node_keeps_its_bus(struct kunit *test)
{
	struct graph_test_bus *gb = graph_test_bus_alloc(test, "graph-test-held");
	struct p2p_node *node;

	KUNIT_ASSERT_EQ(test, p2p_bus_register(&gb->bus), 0);
	node = p2p_node_add(&gb->bus, P2P_NODE_SWITCH, NULL, NULL,
			    "graph-test-held-sw", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, node);
	p2p_node_get(node);
	p2p_node_remove(node);
	p2p_bus_unregister(&gb->bus);
	graph_settle();

	KUNIT_EXPECT_EQ(test, atomic_read(&gb->released), 0);
	KUNIT_EXPECT_PTR_EQ(test, p2p_node_bus(node), &gb->bus);
	KUNIT_EXPECT_EQ(test, p2p_bus_register(&gb->bus), -EBUSY);

	p2p_node_put(node);
	graph_settle();
	KUNIT_EXPECT_EQ(test, atomic_read(&gb->released), 1);
	/* and a bus whose nodes are all gone may come back */
	KUNIT_EXPECT_EQ(test, p2p_bus_register(&gb->bus), 0);
	p2p_bus_unregister(&gb->bus);
	KUNIT_EXPECT_EQ(test, atomic_read(&gb->released), 2);
}

/**
 * struct graph_unregister - p2p_bus_unregister() run by a thread of its own
 * @bus: the bus
 * @done: completed when p2p_bus_unregister() returned
 */
struct graph_unregister {
	struct p2p_bus *bus;
	struct completion done;
};

static int graph_unregister_thread(void *data)
{
	struct graph_unregister *u = data;

	p2p_bus_unregister(u->bus);
	complete(&u->done);
	return 0;
}

/*
 * A bus without release() belongs to its owner, who may free it as soon as
 * p2p_bus_unregister() returns: that waits while someone holds a node.
 */
static void graph_bus_unregister_waits_for_held_node(struct kunit *test)
{
	struct graph_unregister *u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	struct p2p_bus *bus = kunit_kzalloc(test, sizeof(*bus), GFP_KERNEL);
	struct task_struct *thread;
	struct p2p_node *node;

	KUNIT_ASSERT_NOT_NULL(test, u);
	KUNIT_ASSERT_NOT_NULL(test, bus);
	bus->name = "graph-test-owned";
	bus->ops = &graph_test_ops;
	u->bus = bus;
	init_completion(&u->done);
	KUNIT_ASSERT_EQ(test, p2p_bus_register(bus), 0);
	node = p2p_node_add(bus, P2P_NODE_SWITCH, NULL, NULL,
			    "graph-test-owned-sw", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, node);
	p2p_node_get(node);
	p2p_node_remove(node);

	thread = kthread_run(graph_unregister_thread, u, "p2p-graph-unreg");
	if (IS_ERR(thread)) {
		p2p_node_put(node);
		p2p_bus_unregister(bus);
		KUNIT_FAIL(test, "kthread_run: %pe", thread);
		return;
	}
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&u->done, HZ / 5), 0);
	KUNIT_EXPECT_PTR_EQ(test, p2p_node_bus(node), bus);
	p2p_node_put(node);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&u->done, 60 * HZ), 0);
}

/*
 * The device a node hands out is the caller's to put: it stays valid after
 * the node was removed and the device's owner let it go.
 */
static void graph_node_device_stays_valid_until_put(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct device *dev, *held;
	struct p2p_node *node, *anon;
	const char *name;

	dev = kunit_device_register(test, "p2p-graph-held-dev");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	name = kunit_kstrdup_const(test, dev_name(dev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, name);
	node = p2p_node_add(&t->bus, P2P_NODE_ENDPOINT, dev, NULL, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, node);
	held = p2p_node_device(node);
	KUNIT_EXPECT_PTR_EQ(test, held, dev);

	p2p_node_get(node);
	p2p_node_remove(node);
	KUNIT_EXPECT_NULL(test, p2p_node_device(node));
	p2p_node_put(node);
	/* the owner lets go: only the reference handed out is left */
	kunit_device_unregister(test, dev);
	KUNIT_EXPECT_STREQ(test, dev_name(held), name);
	KUNIT_EXPECT_EQ(test, kref_read(&held->kobj.kref), 1);
	put_device(held);

	anon = p2p_node_add(&t->bus, P2P_NODE_SWITCH, NULL, NULL, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, anon);
	KUNIT_EXPECT_NULL(test, p2p_node_device(anon));
	p2p_node_remove(anon);
}

/*
 * 10,000 nodes: the host, 10 host bridges, 10 switches under each and 98
 * endpoints under every switch except the last, which has 109. Routes
 * between far corners must be found and cached.
 */
static void graph_ten_thousand_nodes(struct kunit *test)
{
	const unsigned int nr = 10000;
	struct p2p_node **nodes;
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct p2p_provider *provider;
	struct p2p_route_info info;
	struct p2p_provider_desc desc = { .phys_start = 0x100000000ULL,
					  .size = 0x1000, .published = true };
	struct device *first, *last;
	unsigned int i, n = 0, nr_links = 0;
	struct p2p_link **links;
	struct fake_topo *t;
	int ret;

	/* a fixture without per-node arrays: this test keeps its own */
	fake_topo_destroy(test->priv);
	t = fake_topo_create(test, 0, 0);

	nodes = kvcalloc(nr, sizeof(*nodes), GFP_KERNEL);
	links = kvcalloc(nr, sizeof(*links), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, nodes);
	KUNIT_ASSERT_NOT_NULL(test, links);
	first = kunit_device_register(test, "p2p-big-first");
	last = kunit_device_register(test, "p2p-big-last");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, first);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, last);

	nodes[n++] = p2p_node_add(&t->bus, P2P_NODE_HOST, NULL, NULL, "host", NULL);
	for (i = 0; i < 10; i++) {
		unsigned int hb = n, s;

		nodes[n++] = p2p_node_add(&t->bus, P2P_NODE_HOST_BRIDGE, NULL,
					  NULL, NULL, NULL);
		links[nr_links++] = p2p_link_add(&t->bus, nodes[0], nodes[hb],
						 &attr, NULL);
		for (s = 0; s < 10; s++) {
			unsigned int sw = n, e, count = 98;

			if (i == 9 && s == 9)
				count = nr - n - 1;
			nodes[n++] = p2p_node_add(&t->bus, P2P_NODE_SWITCH, NULL,
						  NULL, NULL, NULL);
			links[nr_links++] = p2p_link_add(&t->bus, nodes[hb],
							 nodes[sw], &attr, NULL);
			for (e = 0; e < count; e++) {
				struct device *dev = NULL;

				if (n == 12)
					dev = first;
				if (n == nr - 1)
					dev = last;
				nodes[n] = p2p_node_add(&t->bus, P2P_NODE_ENDPOINT,
							dev, NULL, NULL, NULL);
				links[nr_links++] = p2p_link_add(&t->bus, nodes[sw],
								 nodes[n], &attr,
								 NULL);
				n++;
			}
		}
	}
	KUNIT_ASSERT_EQ(test, n, nr);
	KUNIT_ASSERT_EQ(test, nr_links, nr - 1);
	for (i = 0; i < nr; i++) {
		KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(nodes[i]));
		if (i < nr - 1)
			KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(links[i]));
	}
	KUNIT_EXPECT_EQ(test, t->bus.nr_objects, 2 * nr - 1);

	provider = p2p_provider_add(nodes[nr - 1], &desc);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, provider);
	/* ep - switch - hb - host - hb - switch - ep */
	ret = p2p_route(provider, first, P2P_DIR_BOTH, &info);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, info.hops, 6);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_THRU_HOST);
	KUNIT_EXPECT_EQ(test, p2p_route(provider, first, P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, p2p_distance_many(provider, &last, 1, false), 0);

	p2p_provider_remove(provider);
	for (i = nr - 1; i > 0; i--)
		p2p_link_remove(links[i - 1]);
	for (i = nr; i > 0; i--)
		p2p_node_remove(nodes[i - 1]);
	KUNIT_EXPECT_EQ(test, t->bus.nr_objects, 0);
	kvfree(links);
	kvfree(nodes);
}

static struct kunit_case graph_test_cases[] = {
	KUNIT_CASE(graph_bus_register_rejects_bad_and_duplicate),
	KUNIT_CASE(graph_node_add_rejects_bad_arguments),
	KUNIT_CASE(graph_node_names_default_sensibly),
	KUNIT_CASE(graph_link_rejects_self_link),
	KUNIT_CASE(graph_link_rejects_duplicate),
	KUNIT_CASE(graph_link_rejects_bad_attributes),
	KUNIT_CASE(graph_link_to_removed_node_fails),
	KUNIT_CASE(graph_provider_rejects_bad_ranges),
	KUNIT_CASE(graph_bus_unregister_removes_leftovers),
	KUNIT_CASE(graph_held_node_keeps_its_bus),
	KUNIT_CASE(graph_bus_unregister_waits_for_held_node),
	KUNIT_CASE(graph_node_device_stays_valid_until_put),
	KUNIT_CASE_SLOW(graph_ten_thousand_nodes),
	{}
};

static struct kunit_suite graph_test_suite = {
	.name = "p2p_graph",
	.init = fake_topo_init,
	.exit = fake_topo_exit,
	.test_cases = graph_test_cases,
};

kunit_test_suite(graph_test_suite);

MODULE_DESCRIPTION("KUnit tests for the peer-to-peer topology core");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(P2P_TOPOLOGY);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
