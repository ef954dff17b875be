// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmarks of the core on synthetic fabrics built in memory with the
 * backend API, as a fabric driver would build them:
 *
 * - "tree": a CXL-switch-like hierarchy. Endpoints hang off switches of
 *   16 ports, switches off switches, the top ones off one host bridge:
 *
 *	hb -+- sw -+- sw -+- ep ... (16)
 *	    |      |      +- ep
 *	    |      +- sw ...
 *	    +- sw ...
 *
 * - "mesh": an NVSwitch-like fabric. Every GPU (endpoint) has a link to
 *   each of 4 hubs; any two GPUs reach each other through any hub.
 *
 * For 64, 512, 4096 and 32768 endpoints (64 only unless booted with
 * p2p_bench.full=1): the build time per endpoint, the bytes per node and
 * per link, uncached and cached query latency, the cost of one hotplug
 * event, the longest stretch of each uncached query with the graph lock
 * held (and so interrupts off), and a storm of queries from both CPUs
 * after an invalidation. Figures are printed as P2P-BENCH
 * lines (bench.h); what is asserted is only that each query found its
 * route.
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "../core.h"
#include "bench.h"

static unsigned int reps = 1;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "repetitions of each measurement (make bench: 7)");

static bool full;
module_param(full, bool, 0444);
MODULE_PARM_DESC(full, "all sizes up to 32768 endpoints, not only 64");

#define BENCH_FANOUT	16	/* ports of a tree switch */
#define BENCH_HUBS	4	/* hubs of the mesh */
#define BENCH_PROVIDERS	32	/* endpoints with memory */
#define BENCH_UNCACHED	16	/* uncached queries per repetition */
#define BENCH_BATCH	1000	/* cached queries timed together */
#define BENCH_STORM	1000	/* distinct pairs of the storm */
#define BENCH_STRETCHES	BIT(18)		/* stretches kept per fabric size */

enum bench_shape { BENCH_TREE, BENCH_MESH };

static const char *const bench_shape_name[] = { "tree", "mesh" };

/**
 * struct bench_fabric - a synthetic fabric
 * @test: the test
 * @bus: its backend
 * @shape: tree or mesh
 * @nr_eps: endpoints; they are @nodes[0 .. @nr_eps - 1] and own @devs
 * @devs: one device per endpoint, initialised but never registered
 * @nodes: every node, endpoints first
 * @nr_nodes: nodes added
 * @max_nodes: room in @nodes
 * @links: every link
 * @nr_links: links added
 * @max_links: room in @links
 * @provs: providers, on endpoints spread over the fabric
 * @nr_provs: providers added
 * @nr_devs: devices of @devs initialised, to be put at teardown
 * @registered: whether @bus is registered, to be unregistered at teardown
 */
struct bench_fabric {
	struct kunit *test;
	struct p2p_bus bus;
	enum bench_shape shape;
	unsigned int nr_eps;
	struct device *devs;
	struct p2p_node **nodes;
	unsigned int nr_nodes, max_nodes;
	struct p2p_link **links;
	unsigned int nr_links, max_links;
	struct p2p_provider *provs[BENCH_PROVIDERS];
	unsigned int nr_provs;
	unsigned int nr_devs;
	bool registered;
};

/* Endpoints do not relay; nothing turns back over the link it came in. */
static enum p2p_verdict bench_forward(const struct p2p_node *node,
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

static const struct p2p_bus_ops bench_ops = {
	.forward = bench_forward,
};

static const struct p2p_link_attr bench_hop = {
	.cost = 1,
	.dirs = P2P_DIR_BOTH,
};

static void bench_dev_release(struct device *dev)
{
	/* The devices live in an array freed with the fabric. */
}

static struct p2p_node *bench_node(struct bench_fabric *f,
				   enum p2p_node_type type, struct device *dev)
{
	struct p2p_node *node;

	KUNIT_ASSERT_LT(f->test, f->nr_nodes, f->max_nodes);
	node = p2p_node_add(&f->bus, type, dev, NULL, dev ? NULL : "bench", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(f->test, node);
	f->nodes[f->nr_nodes++] = node;
	return node;
}

static void bench_link(struct bench_fabric *f, struct p2p_node *a,
		       struct p2p_node *b)
{
	struct p2p_link *link;

	KUNIT_ASSERT_LT(f->test, f->nr_links, f->max_links);
	link = p2p_link_add(&f->bus, a, b, &bench_hop, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(f->test, link);
	f->links[f->nr_links++] = link;
}

/* Switches of BENCH_FANOUT ports over @nr nodes from @first, level by level. */
static void bench_build_tree(struct bench_fabric *f)
{
	unsigned int first = 0, nr = f->nr_eps, i, j;
	struct p2p_node *up;

	while (nr > BENCH_FANOUT) {
		unsigned int next = f->nr_nodes;

		for (i = 0; i < nr; i += BENCH_FANOUT) {
			up = bench_node(f, P2P_NODE_SWITCH, NULL);
			for (j = i; j < min(nr, i + BENCH_FANOUT); j++)
				bench_link(f, up, f->nodes[first + j]);
		}
		first = next;
		nr = f->nr_nodes - next;
	}
	up = bench_node(f, P2P_NODE_HOST_BRIDGE, NULL);
	for (j = 0; j < nr; j++)
		bench_link(f, up, f->nodes[first + j]);
}

static void bench_build_mesh(struct bench_fabric *f)
{
	struct p2p_node *hub;
	unsigned int h, i;

	for (h = 0; h < BENCH_HUBS; h++) {
		hub = bench_node(f, P2P_NODE_SWITCH, NULL);
		for (i = 0; i < f->nr_eps; i++)
			bench_link(f, f->nodes[i], hub);
	}
}

/* The endpoint of client number @i, spread over the fabric. */
static unsigned int bench_client(const struct bench_fabric *f, unsigned int i)
{
	return (i * 7919U + 1) % f->nr_eps;
}

static void bench_add_providers(struct bench_fabric *f)
{
	unsigned int i, stride = f->nr_eps / BENCH_PROVIDERS;

	for (i = 0; i < BENCH_PROVIDERS; i++) {
		struct p2p_provider_desc desc = {
			.phys_start = SZ_4G * (i + 1ULL),
			.size = SZ_1M,
			.base = { .space = P2P_ADDR_PCI_BUS,
				  .addr = SZ_4G * (i + 1ULL) },
			.published = true,
		};

		f->provs[i] = p2p_provider_add(f->nodes[i * stride], &desc);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(f->test, f->provs[i]);
		f->nr_provs++;
	}
}

/* A KUnit action: also runs when an assertion ends the case half-built. */
static void bench_fabric_destroy(void *data)
{
	struct bench_fabric *f = data;
	int i;

	for (i = f->nr_provs - 1; i >= 0; i--)
		p2p_provider_remove(f->provs[i]);
	for (i = f->nr_links - 1; i >= 0; i--)
		p2p_link_remove(f->links[i]);
	for (i = f->nr_nodes - 1; i >= 0; i--)
		p2p_node_remove(f->nodes[i]);
	if (f->registered)
		p2p_bus_unregister(&f->bus);
	p2p_notifier_flush();
	for (i = 0; i < f->nr_devs; i++)
		put_device(&f->devs[i]);
	kvfree(f->devs);
	kvfree(f->nodes);
	kvfree(f->links);
}

/* Build the fabric; return the time taken to add its nodes and links. */
static u64 bench_fabric_build(struct kunit *test, struct bench_fabric *f,
			      enum bench_shape shape, unsigned int nr_eps)
{
	unsigned int i;
	u64 start;

	memset(f, 0, sizeof(*f));
	f->test = test;
	f->shape = shape;
	f->nr_eps = nr_eps;
	/* A tree has fewer than nr_eps / 15 switches; a mesh has 4 hubs. */
	f->max_nodes = nr_eps + nr_eps / (BENCH_FANOUT - 1) + BENCH_HUBS + 2;
	f->max_links = nr_eps * BENCH_HUBS + 2;
	f->devs = kvcalloc(nr_eps, sizeof(*f->devs), GFP_KERNEL);
	f->nodes = kvcalloc(f->max_nodes, sizeof(*f->nodes), GFP_KERNEL);
	f->links = kvcalloc(f->max_links, sizeof(*f->links), GFP_KERNEL);
	/* From here on a failed assertion tears down what was built. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							bench_fabric_destroy,
							f), 0);
	KUNIT_ASSERT_TRUE(test, f->devs && f->nodes && f->links);
	for (i = 0; i < nr_eps; i++, f->nr_devs++) {
		device_initialize(&f->devs[i]);
		f->devs[i].release = bench_dev_release;
		KUNIT_ASSERT_EQ(test, dev_set_name(&f->devs[i], "p2p-bench%u", i), 0);
	}
	f->bus.name = "bench";
	f->bus.ops = &bench_ops;
	KUNIT_ASSERT_EQ(test, p2p_bus_register(&f->bus), 0);
	f->registered = true;

	start = ktime_get_ns();
	for (i = 0; i < nr_eps; i++)
		bench_node(f, P2P_NODE_ENDPOINT, &f->devs[i]);
	if (shape == BENCH_TREE)
		bench_build_tree(f);
	else
		bench_build_mesh(f);
	bench_add_providers(f);
	return p2p_bench_since(start);
}

/* One query, which must find a route; returns its time. */
static u64 bench_query(struct bench_fabric *f, unsigned int prov,
		       unsigned int client)
{
	struct p2p_route_info info;
	u64 start = ktime_get_ns();
	int ret;

	ret = p2p_route(f->provs[prov], &f->devs[client], P2P_DIR_BOTH, &info);
	start = p2p_bench_since(start);
	KUNIT_EXPECT_EQ(f->test, ret, 0);
	return start;
}

/*
 * Every stretch of the uncached queries, as p2p_search_paused() sees it
 * from the test's own queries: the time since the previous pause (or the
 * query's start), so a stretch with the lock let go and taken again around
 * it. The last stretch of a query runs to the query's return, storing
 * the answer included.
 */
static struct {
	struct p2p_bench_samples *s;
	u64 last;
} bench_stretch;

static void bench_stretch_probe(void)
{
	u64 now = ktime_get_ns();

	if (bench_stretch.s)
		p2p_bench_add(bench_stretch.s, now - bench_stretch.last);
	bench_stretch.last = now;
}

/*
 * Every answer stale, then one search per query: its time, the longest
 * stretch it held the graph lock (route.c), and each of its stretches in
 * @stretches.
 */
static void bench_uncached(struct bench_fabric *f, struct p2p_bench_samples *s,
			   struct p2p_bench_samples *held,
			   struct p2p_bench_samples *stretches)
{
	unsigned int i;

	for (i = 0; i < BENCH_UNCACHED; i++) {
		p2p_bus_rules_changed(&f->bus);
		p2p_search_hold_max_ns(true);
		bench_stretch.s = stretches;
		bench_stretch.last = ktime_get_ns();
		p2p_bench_add(s, bench_query(f, i % f->nr_provs,
					     bench_client(f, i)));
		bench_stretch.s = NULL;
		p2p_bench_add(stretches, p2p_bench_since(bench_stretch.last));
		p2p_bench_add(held, p2p_search_hold_max_ns(true));
	}
}

/* BENCH_BATCH queries over 16 cached pairs, timed together. */
static void bench_cached(struct bench_fabric *f, struct p2p_bench_samples *s)
{
	struct p2p_route_info info;
	unsigned int i, failed = 0;
	u64 start;

	for (i = 0; i < 16; i++)
		bench_query(f, i % f->nr_provs, bench_client(f, i));
	start = ktime_get_ns();
	for (i = 0; i < BENCH_BATCH; i++)
		failed += !!p2p_route(f->provs[i % 16], &f->devs[bench_client(f, i % 16)],
				      P2P_DIR_BOTH, &info);
	p2p_bench_add(s, p2p_bench_since(start) / BENCH_BATCH);
	KUNIT_EXPECT_EQ(f->test, failed, 0U);
}

/*
 * One hotplug event: an endpoint arrives below the first switch (tree) or
 * on every hub (mesh), which invalidates every cached answer, and the
 * first query to it searches. Timed together; undone untimed.
 */
static void bench_hotplug(struct bench_fabric *f, struct device *dev,
			  struct p2p_bench_samples *s)
{
	struct p2p_link *links[BENCH_HUBS] = {};
	struct p2p_route_info info;
	unsigned int i, nr = f->shape == BENCH_TREE ? 1 : BENCH_HUBS;
	struct p2p_node *node;
	u64 start;

	start = ktime_get_ns();
	node = p2p_node_add(&f->bus, P2P_NODE_ENDPOINT, dev, NULL, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(f->test, node);
	for (i = 0; i < nr; i++) {
		links[i] = p2p_link_add(&f->bus, f->nodes[f->nr_eps + i], node,
					&bench_hop, NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(f->test, links[i]);
	}
	KUNIT_EXPECT_EQ(f->test, p2p_route(f->provs[0], dev, P2P_DIR_BOTH, &info), 0);
	p2p_bench_add(s, p2p_bench_since(start));
	for (i = 0; i < nr; i++)
		p2p_link_remove(links[i]);
	p2p_node_remove(node);
}

/**
 * struct bench_figures - what one fabric size yields
 * @build: build time per endpoint
 * @uncached: one search each
 * @cached: one query each, from the cache
 * @hotplug: one endpoint added and its first query
 * @node_bytes: an endpoint node as allocated
 * @link_bytes: a link as allocated, and its share of the search space
 * @entry_bytes: a cached route of the longest route measured
 * @irqoff: the longest stretch each uncached query held the graph lock
 * @stretch: every stretch of the uncached queries
 */
struct bench_figures {
	struct p2p_bench_samples build, uncached, cached, hotplug, irqoff;
	struct p2p_bench_samples stretch;
	size_t node_bytes, link_bytes, entry_bytes;
};

static void bench_one_size(struct kunit *test, enum bench_shape shape,
			   unsigned int nr_eps, struct bench_figures *fig)
{
	struct bench_fabric *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct device *spare = kunit_kzalloc(test, sizeof(*spare), GFP_KERNEL);
	struct p2p_route_info info;
	u64 ns;

	KUNIT_ASSERT_TRUE(test, f && spare);
	device_initialize(spare);
	spare->release = bench_dev_release;
	KUNIT_ASSERT_EQ(test, dev_set_name(spare, "p2p-bench-hotplug"), 0);

	ns = bench_fabric_build(test, f, shape, nr_eps);
	p2p_bench_add(&fig->build, ns / nr_eps);
	fig->node_bytes = ksize(f->nodes[0]);
	/* Two search states and two heap items per link in every space. */
	fig->link_bytes = ksize(f->links[0]) + (1 + P2P_PAUSABLE_SPACES) * 2 *
		(sizeof(struct p2p_search_state) + sizeof(struct p2p_heap_item));
	p2p_route(f->provs[0], &f->devs[bench_client(f, 5)], P2P_DIR_BOTH, &info);
	fig->entry_bytes = struct_size_t(struct p2p_cached_route, hops, info.hops);

	bench_uncached(f, &fig->uncached, &fig->irqoff, &fig->stretch);
	bench_cached(f, &fig->cached);
	bench_hotplug(f, spare, &fig->hotplug);
	kunit_release_action(test, bench_fabric_destroy, f);
	put_device(spare);
}

/**
 * struct bench_size - one fabric measured by a test case
 * @shape: tree or mesh
 * @nr_eps: endpoints
 */
struct bench_size {
	enum bench_shape shape;
	unsigned int nr_eps;
};

static const struct bench_size bench_sizes[] = {
	{ BENCH_TREE, 64 }, { BENCH_TREE, 512 }, { BENCH_TREE, 4096 },
	{ BENCH_TREE, 32768 },
	{ BENCH_MESH, 64 }, { BENCH_MESH, 512 }, { BENCH_MESH, 4096 },
	{ BENCH_MESH, 32768 },
};

/* Every size with p2p_bench.full=1; 64 endpoints of each shape otherwise. */
static const void *bench_size_gen(const void *prev, char *desc)
{
	const struct bench_size *s = prev ? prev : bench_sizes - 1;

	while (++s < bench_sizes + ARRAY_SIZE(bench_sizes)) {
		if (!full && s->nr_eps > 64)
			continue;
		snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s %u endpoints",
			 bench_shape_name[s->shape], s->nr_eps);
		return s;
	}
	return NULL;
}

static void bench_report_size(struct kunit *test, const struct bench_size *size,
			      const char *what, const char *unit,
			      struct p2p_bench_samples *s)
{
	char name[48];

	snprintf(name, sizeof(name), "%s/%u/%s", bench_shape_name[size->shape],
		 size->nr_eps, what);
	p2p_bench_report(test, name, unit, s, NULL, NULL);
}

static void bench_report_size_value(struct kunit *test,
				    const struct bench_size *size,
				    const char *what, size_t bytes)
{
	char name[48];

	snprintf(name, sizeof(name), "%s/%u/%s", bench_shape_name[size->shape],
		 size->nr_eps, what);
	p2p_bench_report_value(test, name, "bytes", bytes, NULL);
}

static void bench_fabric_scale(struct kunit *test)
{
	const struct bench_size *size = test->param_value;
	unsigned int r, n = max(reps, 1U);
	struct bench_figures fig = {};

	p2p_bench_samples_init(test, &fig.build, n);
	p2p_bench_samples_init(test, &fig.uncached, n * BENCH_UNCACHED);
	p2p_bench_samples_init(test, &fig.irqoff, n * BENCH_UNCACHED);
	p2p_bench_samples_init(test, &fig.stretch, BENCH_STRETCHES);
	kunit_activate_static_stub(test, p2p_search_paused, bench_stretch_probe);
	p2p_bench_samples_init(test, &fig.cached, n);
	p2p_bench_samples_init(test, &fig.hotplug, n);
	for (r = 0; r < n; r++)
		bench_one_size(test, size->shape, size->nr_eps, &fig);

	bench_report_size(test, size, "build", "ns/endpoint", &fig.build);
	bench_report_size_value(test, size, "bytes_node", fig.node_bytes);
	bench_report_size_value(test, size, "bytes_link", fig.link_bytes);
	bench_report_size_value(test, size, "bytes_cache_entry", fig.entry_bytes);
	bench_report_size(test, size, "uncached", "ns/op", &fig.uncached);
	/*
	 * A miss searches in stretches under the graph's
	 * spin_lock_irqsave() and lets it go between them: a query's
	 * longest stretch is the longest time its search kept interrupts off.
	 */
	bench_report_size(test, size, "irqoff", "ns", &fig.irqoff);
	bench_report_size(test, size, "stretch", "ns", &fig.stretch);
	bench_report_size(test, size, "cached", "ns/op", &fig.cached);
	bench_report_size(test, size, "hotplug", "ns/event", &fig.hotplug);
}

/**
 * struct bench_storm - one CPU's part of the storm
 * @f: the fabric
 * @start: released when both CPUs are ready
 * @done: completed when the CPU answered every pair
 * @reverse: ask the pairs last to first
 * @worst: the longest single query
 * @end: ktime_get_ns() when the last answer came
 * @failed: queries without a route
 */
struct bench_storm {
	struct bench_fabric *f;
	struct completion *start;
	struct completion done;
	bool reverse;
	u64 worst, end;
	unsigned int failed;
};

/* Pair @k of the storm: BENCH_PROVIDERS providers times many clients. */
static void bench_storm_pair(const struct bench_fabric *f, unsigned int k,
			     unsigned int *prov, unsigned int *client)
{
	*prov = k % BENCH_PROVIDERS;
	*client = bench_client(f, 100 + k / BENCH_PROVIDERS);
}

static int bench_storm_cpu(void *data)
{
	struct bench_storm *st = data;
	struct p2p_route_info info;
	unsigned int i, k, prov, client;
	u64 t;

	wait_for_completion(st->start);
	for (i = 0; i < BENCH_STORM; i++) {
		k = st->reverse ? BENCH_STORM - 1 - i : i;
		bench_storm_pair(st->f, k, &prov, &client);
		t = ktime_get_ns();
		st->failed += !!p2p_route(st->f->provs[prov], &st->f->devs[client],
					  P2P_DIR_BOTH, &info);
		st->worst = max(st->worst, p2p_bench_since(t));
	}
	st->end = ktime_get_ns();
	complete(&st->done);
	return 0;
}

/* One storm: both CPUs ask every pair right after a generation bump. */
static void bench_storm_once(struct kunit *test, struct bench_fabric *f,
			     struct p2p_bench_samples *all,
			     struct p2p_bench_samples *worst,
			     struct p2p_bench_samples *held)
{
	DECLARE_COMPLETION_ONSTACK(start);
	struct bench_storm st[2] = {};
	struct task_struct *task;
	unsigned int c;
	u64 t0;

	p2p_bus_rules_changed(&f->bus);
	p2p_search_hold_max_ns(true);
	for (c = 0; c < 2; c++) {
		st[c].f = f;
		st[c].start = &start;
		st[c].reverse = c;
		init_completion(&st[c].done);
		task = kthread_create(bench_storm_cpu, &st[c], "p2p-storm%u", c);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
		/* CPU ids need not be contiguous: the c-th online one. */
		kthread_bind(task, cpumask_nth(c % num_online_cpus(),
					       cpu_online_mask));
		wake_up_process(task);
	}
	t0 = ktime_get_ns();
	complete_all(&start);
	for (c = 0; c < 2; c++)
		wait_for_completion(&st[c].done);
	p2p_bench_add(all, max(st[0].end, st[1].end) - t0);
	p2p_bench_add(worst, max(st[0].worst, st[1].worst));
	p2p_bench_add(held, p2p_search_hold_max_ns(true));
	KUNIT_EXPECT_EQ(test, st[0].failed + st[1].failed, 0U);
}

/*
 * After an invalidation every answer is stale at once, and every CPU that
 * maps searches again; the searches of two CPUs run side by side, a
 * stretch each in turn under the graph lock (route.c). The goal: no query
 * waits longer than one search of its own plus one of its neighbour's, so
 * the worst query is set against twice the longest single search
 * (measured alone on the same fabric, every pair once).
 */
static void bench_fabric_storm(struct kunit *test)
{
	unsigned int r, k, prov, client, n = max(reps, 1U);
	unsigned int nr_eps = full ? 4096 : 64;
	struct p2p_bench_samples all, worst, single, held;
	struct bench_fabric *f;
	char name[48], extra[64];
	u64 bound;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	p2p_bench_samples_init(test, &all, n);
	p2p_bench_samples_init(test, &worst, n);
	p2p_bench_samples_init(test, &held, n);
	p2p_bench_samples_init(test, &single, BENCH_STORM);
	bench_fabric_build(test, f, BENCH_TREE, nr_eps);
	for (k = 0; k < BENCH_STORM; k++) {
		bench_storm_pair(f, k, &prov, &client);
		p2p_bus_rules_changed(&f->bus);
		p2p_bench_add(&single, bench_query(f, prov, client));
	}
	for (r = 0; r < n; r++)
		bench_storm_once(test, f, &all, &worst, &held);
	kunit_release_action(test, bench_fabric_destroy, f);

	bound = max(2 * p2p_bench_percentile(&single, 100), 1ULL);
	snprintf(name, sizeof(name), "storm/%u/all_cached_again", nr_eps);
	p2p_bench_report(test, name, "ns", &all, NULL, NULL);
	snprintf(name, sizeof(name), "storm/%u/worst_query", nr_eps);
	snprintf(extra, sizeof(extra), "bound=%llu ratio=%llu.%03llu", bound,
		 p2p_bench_percentile(&worst, 100) / bound,
		 p2p_bench_percentile(&worst, 100) % bound * 1000 / bound);
	p2p_bench_report(test, name, "ns", &worst, NULL, extra);
	/* The longest stretch of any search of a storm, both CPUs'. */
	snprintf(name, sizeof(name), "storm/%u/irqoff", nr_eps);
	p2p_bench_report(test, name, "ns", &held, NULL, NULL);
}

static struct kunit_case bench_fabric_cases[] = {
	KUNIT_CASE_PARAM(bench_fabric_scale, bench_size_gen),
	KUNIT_CASE(bench_fabric_storm),
	{}
};

static struct kunit_suite bench_fabric_suite = {
	.name = "p2p_bench_fabric",
	.test_cases = bench_fabric_cases,
};

kunit_test_suite(bench_fabric_suite);

MODULE_DESCRIPTION("Benchmarks of the peer-to-peer topology on synthetic fabrics");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(P2P_TOPOLOGY);
