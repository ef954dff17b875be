// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the p2p_route and p2p_invalidate tracepoints report what the
 * queries returned and every change that made the cache stale. Probes are
 * attached as a tracer would; events of other tasks are ignored.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/sched.h>

#include "../core.h"
#include "../trace.h"
#include "fake_bus.h"

#define MAX_EVENTS 16

struct route_event {
	u32 provider_id;
	const struct device *client;
	unsigned int dirs;
	enum p2p_answer_source source;
	int error;
	enum p2p_map_type map_type;
	u32 distance;
};

struct invalidate_event {
	enum p2p_change change;
	u32 id;
	u64 generation;
};

struct trace_log {
	struct task_struct *task;
	unsigned int nr_routes, nr_changes;
	struct route_event routes[MAX_EVENTS];
	struct invalidate_event changes[MAX_EVENTS];
};

static void probe_route(void *data, const struct p2p_provider *provider,
			const struct device *client, unsigned int dirs,
			enum p2p_answer_source source, int error,
			const struct p2p_route_info *info)
{
	struct trace_log *log = data;
	struct route_event *e;

	if (current != log->task || log->nr_routes == MAX_EVENTS)
		return;
	e = &log->routes[log->nr_routes++];
	*e = (struct route_event) {
		.provider_id = provider->id, .client = client, .dirs = dirs,
		.source = source, .error = error, .map_type = info->map_type,
		.distance = info->distance,
	};
}

static void probe_invalidate(void *data, enum p2p_change change, u32 id,
			     u64 generation)
{
	struct trace_log *log = data;

	if (current != log->task || log->nr_changes == MAX_EVENTS)
		return;
	log->changes[log->nr_changes++] = (struct invalidate_event) {
		.change = change, .id = id, .generation = generation,
	};
}

static void detach_probes(void *data)
{
	unregister_trace_p2p_route(probe_route, data);
	unregister_trace_p2p_invalidate(probe_invalidate, data);
	tracepoint_synchronize_unregister();
}

static struct trace_log *attach_probes(struct kunit *test)
{
	struct trace_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	log->task = current;
	KUNIT_ASSERT_EQ(test, register_trace_p2p_route(probe_route, log), 0);
	KUNIT_ASSERT_EQ(test,
			register_trace_p2p_invalidate(probe_invalidate, log), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, detach_probes, log),
			0);
	return log;
}

/* The event must say what the query returned, and where it came from. */
static void expect_route_event(struct kunit *test, const struct route_event *e,
			       const struct p2p_provider *provider,
			       const struct device *client,
			       enum p2p_answer_source source, int error,
			       const struct p2p_route_info *info)
{
	KUNIT_EXPECT_EQ(test, e->provider_id, provider->id);
	KUNIT_EXPECT_PTR_EQ(test, e->client, client);
	KUNIT_EXPECT_EQ(test, e->dirs, P2P_DIR_BOTH);
	KUNIT_EXPECT_EQ(test, e->source, source);
	KUNIT_EXPECT_EQ(test, e->error, error);
	KUNIT_EXPECT_EQ(test, e->map_type, info->map_type);
	KUNIT_EXPECT_EQ(test, e->distance, info->distance);
}

static void trace_route_reports_miss_then_hit(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info first, second;
	struct p2p_provider *provider;
	struct trace_log *log;
	int a, sw, b, ret1, ret2;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	sw = fake_node(t, P2P_NODE_SWITCH, false);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, a, sw, 1);
	fake_link(t, sw, b, 1);
	provider = t->providers[fake_provider(t, b, 0x100000000ULL, 0x1000,
					      true)];
	log = attach_probes(test);

	ret1 = p2p_route(provider, fake_dev(t, a), P2P_DIR_BOTH, &first);
	ret2 = p2p_route(provider, fake_dev(t, a), P2P_DIR_BOTH, &second);
	KUNIT_ASSERT_EQ(test, ret1, 0);
	KUNIT_ASSERT_EQ(test, first.map_type, P2P_MAP_DIRECT);
	KUNIT_ASSERT_EQ(test, log->nr_routes, 2);
	expect_route_event(test, &log->routes[0], provider, fake_dev(t, a),
			   P2P_ANSWER_SEARCH, ret1, &first);
	expect_route_event(test, &log->routes[1], provider, fake_dev(t, a),
			   P2P_ANSWER_CACHED, ret2, &second);
}

static void trace_route_reports_refusal_and_missing_node(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_provider *provider;
	struct p2p_route_info info;
	struct trace_log *log;
	int a, sw, b, la, lb, ret;
	struct device *stranger;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	sw = fake_node(t, P2P_NODE_SWITCH, false);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	la = fake_link(t, a, sw, 1);
	lb = fake_link(t, sw, b, 1);
	fake_deny_turn(t, sw, la, lb);
	fake_deny_turn(t, sw, lb, la);
	provider = t->providers[fake_provider(t, b, 0x100000000ULL, 0x1000,
					      true)];
	stranger = kunit_device_register(test, "p2p-trace-stranger");
	KUNIT_ASSERT_FALSE(test, IS_ERR(stranger));
	log = attach_probes(test);

	ret = p2p_route(provider, fake_dev(t, a), P2P_DIR_BOTH, &info);
	KUNIT_ASSERT_EQ(test, ret, -EHOSTUNREACH);
	KUNIT_ASSERT_EQ(test, log->nr_routes, 1);
	expect_route_event(test, &log->routes[0], provider, fake_dev(t, a),
			   P2P_ANSWER_SEARCH, ret, &info);
	KUNIT_EXPECT_EQ(test, log->routes[0].map_type, P2P_MAP_NOT_SUPPORTED);

	ret = p2p_route(provider, stranger, P2P_DIR_BOTH, &info);
	KUNIT_ASSERT_EQ(test, ret, -ENODEV);
	KUNIT_ASSERT_EQ(test, log->nr_routes, 2);
	expect_route_event(test, &log->routes[1], provider, stranger,
			   P2P_ANSWER_NO_NODE, ret, &info);
}

static void expect_change(struct kunit *test, struct trace_log *log,
			  unsigned int i, enum p2p_change change, u32 id)
{
	KUNIT_ASSERT_LT(test, i, log->nr_changes);
	KUNIT_EXPECT_EQ(test, log->changes[i].change, change);
	KUNIT_EXPECT_EQ(test, log->changes[i].id, id);
}

/*
 * Each change is reported once, with the object it changed, and the
 * generations are those the graph went through: consecutive, ending at
 * the current one.
 */
static void trace_invalidate_reports_every_change(struct kunit *test)
{
	struct p2p_link_attr attr = { .bandwidth_MBps = 1000, .latency_ns = 50,
				      .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = test->priv;
	struct trace_log *log;
	u64 generation;
	int a, b, l, prov;
	unsigned int i;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	generation = p2p_generation();
	log = attach_probes(test);

	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	l = fake_link(t, a, b, 1);
	KUNIT_ASSERT_EQ(test, p2p_link_set_attr(t->links[l], &attr), 0);
	prov = fake_provider(t, b, 0x100000000ULL, 0x1000, true);
	p2p_bus_rules_changed(&t->bus);
	/* Ids are read before removal frees the objects. */
	expect_change(test, log, 0, P2P_CHANGE_NODE_ADD, t->nodes[b]->id);
	expect_change(test, log, 1, P2P_CHANGE_LINK_ADD, t->links[l]->id);
	expect_change(test, log, 2, P2P_CHANGE_LINK_ATTR, t->links[l]->id);
	expect_change(test, log, 3, P2P_CHANGE_PROVIDER_ADD,
		      t->providers[prov]->id);
	expect_change(test, log, 4, P2P_CHANGE_RULES, 0);
	KUNIT_ASSERT_EQ(test, log->nr_changes, 5);

	fake_link_remove(t, l);
	expect_change(test, log, 5, P2P_CHANGE_LINK_REMOVE,
		      log->changes[1].id);
	KUNIT_ASSERT_EQ(test, log->nr_changes, 6);

	for (i = 0; i < log->nr_changes; i++)
		KUNIT_EXPECT_EQ(test, log->changes[i].generation,
				generation + i + 1);
	KUNIT_EXPECT_EQ(test, log->changes[log->nr_changes - 1].generation,
			p2p_generation());
}

static struct kunit_case trace_test_cases[] = {
	KUNIT_CASE(trace_route_reports_miss_then_hit),
	KUNIT_CASE(trace_route_reports_refusal_and_missing_node),
	KUNIT_CASE(trace_invalidate_reports_every_change),
	{}
};

static struct kunit_suite trace_test_suite = {
	.name = "p2p_trace",
	.init = fake_topo_init,
	.exit = fake_topo_exit,
	.test_cases = trace_test_cases,
};

kunit_test_suite(trace_test_suite);
