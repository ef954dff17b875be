// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: answers stay true while the topology changes under the readers.
 *
 * Writer threads walk a small topology through a cycle of KNOWN states,
 * one graph operation per step, while reader threads query every ordered
 * pair, some with interrupts disabled under rcu_read_lock(). The answer a
 * reader gets must be the answer of one state that was current at some
 * moment of its query: the main writer bumps a sequence counter before and
 * after each step (odd while a step runs), the reader reads it before and
 * after the query, and the states of that window are the only ones that
 * qualify. The expected answers below are written down from the rules of
 * the fake bus and the documented semantics of map type, distance, hops
 * and bandwidth, not obtained from the code under test.
 *
 *	          hb (host bridge)         l_up: 4000 MB/s
 *	         /  \                      l_a, l_b: 2000 MB/s (l_b slowed
 *	     l_up    l_c                        to 500 MB/s in one state)
 *	      sw      c   (endpoint)       l_c: 1000 MB/s; every cost 1
 *	     /  \
 *	  l_a    l_b       sw may refuse the turns l_a <-> l_b (as ACS redirect
 *	   a      b        does); hb turns traffic around, endpoints never relay
 *
 * a, b and c are clients and each has a provider. A second writer adds and
 * removes a leaf below hb (a node, its link and a provider) all the time:
 * it changes no answer but invalidates every cached route and reuses ids.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>

#include "../core.h"
#include "fake_bus.h"

#define STRESS_SECONDS		10
#define STRESS_READERS		3
#define STRESS_MAX_REPORTS	4

enum { ST_A, ST_B, ST_C, ST_ENDPOINTS };

/* The answers a query may get in this topology, by their meaning. */
enum stress_answer {
	OWN,		/* the client's own memory: no link crossed */
	SWITCH,		/* a <-> b turning in sw */
	REDIRECTED,	/* a <-> b sent up to hb and back, l_up crossed twice */
	REDIRECTED_SLOW,
	VIA_HOST,	/* c <-> a or b, through hb */
	VIA_HOST_SLOW,	/* c <-> b, or b -> c, over the slowed l_b */
	UNREACHABLE,	/* the client has a node but no route exists */
	NO_NODE,	/* the client or the target has no node (or provider) */
	NR_ANSWERS
};

/**
 * struct stress_expect - one answer as the query API reports it
 * @ret: return value
 * @map_type: map type
 * @distance: p2pdma's distance: links crossed both ways are left out
 * @hops: links crossed
 * @bandwidth_MBps: narrowest link; 0 for a route of no link
 */
struct stress_expect {
	int ret;
	enum p2p_map_type map_type;
	u32 distance, hops, bandwidth_MBps;
};

static const struct stress_expect stress_answers[NR_ANSWERS] = {
	[OWN]		  = { 0, P2P_MAP_DIRECT, 0, 0, 0 },
	[SWITCH]	  = { 0, P2P_MAP_DIRECT, 2, 2, 2000 },
	[REDIRECTED]	  = { 0, P2P_MAP_THRU_HOST, 2, 4, 2000 },
	[REDIRECTED_SLOW] = { 0, P2P_MAP_THRU_HOST, 2, 4, 500 },
	[VIA_HOST]	  = { 0, P2P_MAP_THRU_HOST, 3, 3, 1000 },
	[VIA_HOST_SLOW]	  = { 0, P2P_MAP_THRU_HOST, 3, 3, 500 },
	[UNREACHABLE]	  = { -EHOSTUNREACH, P2P_MAP_NOT_SUPPORTED },
	[NO_NODE]	  = { -ENODEV, P2P_MAP_NOT_SUPPORTED },
};

/**
 * struct stress_state - a known state of the topology
 * @name: what differs from the base
 * @b_provider: b's provider exists; otherwise a query for it gets -ENODEV
 * @to: the answer for [client][target device]; a query for the target's
 *	provider gets the same answer while the provider exists
 */
struct stress_state {
	const char *name;
	bool b_provider;
	u8 to[ST_ENDPOINTS][ST_ENDPOINTS];
};

/* The cycle the main writer walks, one graph operation from each to the next. */
static const struct stress_state stress_states[] = {
	{ "base", true, {
		{ OWN, SWITCH, VIA_HOST },
		{ SWITCH, OWN, VIA_HOST },
		{ VIA_HOST, VIA_HOST, OWN } } },
	{ "sw redirects a <-> b", true, {
		{ OWN, REDIRECTED, VIA_HOST },
		{ REDIRECTED, OWN, VIA_HOST },
		{ VIA_HOST, VIA_HOST, OWN } } },
	{ "redirect, l_b slow", true, {
		{ OWN, REDIRECTED_SLOW, VIA_HOST },
		{ REDIRECTED_SLOW, OWN, VIA_HOST_SLOW },
		{ VIA_HOST, VIA_HOST_SLOW, OWN } } },
	{ "redirect, l_b down", true, {
		{ OWN, UNREACHABLE, VIA_HOST },
		{ UNREACHABLE, OWN, UNREACHABLE },
		{ VIA_HOST, UNREACHABLE, OWN } } },
	{ "l_b down", true, {
		{ OWN, UNREACHABLE, VIA_HOST },
		{ UNREACHABLE, OWN, UNREACHABLE },
		{ VIA_HOST, UNREACHABLE, OWN } } },
	{ "l_b removed", true, {
		{ OWN, UNREACHABLE, VIA_HOST },
		{ UNREACHABLE, OWN, UNREACHABLE },
		{ VIA_HOST, UNREACHABLE, OWN } } },
	{ "b's provider removed", false, {
		{ OWN, UNREACHABLE, VIA_HOST },
		{ UNREACHABLE, OWN, UNREACHABLE },
		{ VIA_HOST, UNREACHABLE, OWN } } },
	{ "b's node removed", false, {
		{ OWN, NO_NODE, VIA_HOST },
		{ NO_NODE, NO_NODE, NO_NODE },
		{ VIA_HOST, NO_NODE, OWN } } },
	{ "b's node back, unlinked", false, {
		{ OWN, UNREACHABLE, VIA_HOST },
		{ UNREACHABLE, OWN, UNREACHABLE },
		{ VIA_HOST, UNREACHABLE, OWN } } },
	{ "l_b back", false, {
		{ OWN, SWITCH, VIA_HOST },
		{ SWITCH, OWN, VIA_HOST },
		{ VIA_HOST, VIA_HOST, OWN } } },
	/* b's provider back: "base" again */
};

#define NR_STATES	ARRAY_SIZE(stress_states)

/**
 * struct stress_report - a wrong answer, kept for the test to print
 * @client: the client endpoint
 * @target: the target endpoint
 * @by_device: asked with p2p_route_to_device(), else p2p_route()
 * @first: the first state of the query's window (an index in the cycle)
 * @nr: states in the window
 * @got: the answer
 */
struct stress_report {
	int client, target;
	bool by_device;
	unsigned long first, nr;
	struct stress_expect got;
};

/**
 * struct stress - the shared state of one run
 * @test: the test
 * @t: the fake topology
 * @hb: node index of the host bridge
 * @sw: node index of the switch
 * @ep: node index of each endpoint
 * @l_b: link index of sw - b
 * @prov: provider index of each endpoint's memory
 * @provider: the providers the readers use, NULL while b's is removed;
 *	read under rcu_read_lock() (a provider is freed after a grace period)
 * @seq: main writer steps: 2 * k while state k of the walk is current,
 *	odd while a step runs
 * @stop: tells the threads to finish
 * @steps: steps of the main writer
 * @noise_rounds: rounds of the leaf writer
 * @writer_error: the first error a writer met, 0 if none
 * @checked: answers checked, per reader
 * @atomic_checked: of those, answers from readers in atomic context
 * @window_states: sum of the window sizes, for the mean
 * @direct_refused: DIRECT answers where every state of the window refuses
 *	DIRECT (an isolation breach)
 * @mismatches: answers that match no state of their window
 * @report_lock: protects @reports
 * @nr_reports: entries in @reports
 * @reports: the first mismatches
 */
struct stress {
	struct kunit *test;
	struct fake_topo *t;
	int hb, sw, ep[ST_ENDPOINTS], l_b, prov[ST_ENDPOINTS];
	struct p2p_provider __rcu *provider[ST_ENDPOINTS];
	unsigned long seq;
	bool stop;
	unsigned long steps, noise_rounds;
	int writer_error;
	atomic_long_t checked, atomic_checked, window_states;
	atomic_long_t direct_refused, mismatches;
	spinlock_t report_lock;		/* protects @reports */
	unsigned int nr_reports;
	struct stress_report reports[STRESS_MAX_REPORTS];
};

static void stress_build(struct stress *s)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = s->t;
	int l_a, i;

	s->hb = fake_node(t, P2P_NODE_HOST_BRIDGE, false);
	s->sw = fake_node(t, P2P_NODE_SWITCH, false);
	for (i = 0; i < ST_ENDPOINTS; i++)
		s->ep[i] = fake_node(t, P2P_NODE_ENDPOINT, true);
	attr.bandwidth_MBps = 4000;
	fake_link_attr(t, &t->bus, s->sw, s->hb, &attr);
	attr.bandwidth_MBps = 2000;
	l_a = fake_link_attr(t, &t->bus, s->sw, s->ep[ST_A], &attr);
	s->l_b = fake_link_attr(t, &t->bus, s->sw, s->ep[ST_B], &attr);
	attr.bandwidth_MBps = 1000;
	fake_link_attr(t, &t->bus, s->hb, s->ep[ST_C], &attr);
	for (i = 0; i < ST_ENDPOINTS; i++) {
		s->prov[i] = fake_provider(t, s->ep[i], 0x100000000ULL * (i + 1),
					   0x10000, true);
		RCU_INIT_POINTER(s->provider[i], t->providers[s->prov[i]]);
	}
	/* The redirect's turns, in force while nr_denied is 2. */
	t->fakes[s->sw].denied[0].in = t->links[l_a];
	t->fakes[s->sw].denied[0].out = t->links[s->l_b];
	t->fakes[s->sw].denied[1].in = t->links[s->l_b];
	t->fakes[s->sw].denied[1].out = t->links[l_a];
}

/*
 * The fake backend's forward() reads its rules under the graph lock;
 * changing them under the same lock, and bumping the generation with
 * them, lets one search see one set of rules: a search paused across the
 * change starts again (route.c).
 */
static void stress_set_redirect(struct stress *s, bool on)
{
	unsigned long flags;

	spin_lock_irqsave(&p2p_graph.lock, flags);
	s->t->fakes[s->sw].nr_denied = on ? 2 : 0;
	p2p_graph_changed(P2P_CHANGE_RULES, 0);
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	p2p_bus_rules_changed(&s->t->bus);
}

static void stress_restore_stretch(void *old)
{
	p2p_search_stretch_ns = *(u64 *)old;
}

static int stress_set_l_b(struct stress *s, u32 bandwidth_MBps, bool down)
{
	struct p2p_link_attr attr = {
		.cost = 1, .dirs = P2P_DIR_BOTH,
		.bandwidth_MBps = bandwidth_MBps, .down = down,
	};

	return p2p_link_set_attr(s->t->links[s->l_b], &attr);
}

static int stress_add_l_b(struct stress *s)
{
	struct p2p_link_attr attr = {
		.cost = 1, .dirs = P2P_DIR_BOTH, .bandwidth_MBps = 2000,
	};
	struct fake_topo *t = s->t;
	struct p2p_link *link;
	unsigned long flags;

	link = p2p_link_add(&t->bus, t->nodes[s->sw], t->nodes[s->ep[ST_B]],
			    &attr, &t->windows[s->l_b]);
	if (IS_ERR(link))
		return PTR_ERR(link);
	t->links[s->l_b] = link;
	/* The redirect is off; its turns name the new link from now on. */
	spin_lock_irqsave(&p2p_graph.lock, flags);
	t->fakes[s->sw].denied[0].out = link;
	t->fakes[s->sw].denied[1].in = link;
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	return 0;
}

static int stress_add_b_node(struct stress *s)
{
	struct fake_topo *t = s->t;
	int b = s->ep[ST_B];
	struct p2p_node *node;

	node = p2p_node_add(&t->bus, P2P_NODE_ENDPOINT, t->devs[b], NULL, NULL,
			    &t->fakes[b]);
	if (IS_ERR(node))
		return PTR_ERR(node);
	t->nodes[b] = node;
	return 0;
}

static int stress_add_b_provider(struct stress *s)
{
	struct p2p_provider_desc desc = {
		.phys_start = 0x200000000ULL, .size = 0x10000,
		.base = { .space = P2P_ADDR_PCI_BUS, .addr = 0x200000000ULL },
		.published = true,
	};
	struct fake_topo *t = s->t;
	struct p2p_provider *provider;

	provider = p2p_provider_add(t->nodes[s->ep[ST_B]], &desc);
	if (IS_ERR(provider))
		return PTR_ERR(provider);
	t->providers[s->prov[ST_B]] = provider;
	rcu_assign_pointer(s->provider[ST_B], provider);
	return 0;
}

static void stress_remove_b_provider(struct stress *s)
{
	struct fake_topo *t = s->t;
	struct p2p_provider *provider = t->providers[s->prov[ST_B]];

	/* Readers that loaded it still query it: removed, not yet freed. */
	RCU_INIT_POINTER(s->provider[ST_B], NULL);
	t->providers[s->prov[ST_B]] = NULL;
	p2p_provider_remove(provider);
}

/* Move from state @from of the cycle to the next one: one graph operation. */
static int stress_step(struct stress *s, unsigned int from)
{
	struct fake_topo *t = s->t;

	switch (from) {
	case 0:
		stress_set_redirect(s, true);
		return 0;
	case 1:
		return stress_set_l_b(s, 500, false);
	case 2:
		return stress_set_l_b(s, 500, true);
	case 3:
		stress_set_redirect(s, false);
		return 0;
	case 4:
		fake_link_remove(t, s->l_b);
		return 0;
	case 5:
		stress_remove_b_provider(s);
		return 0;
	case 6:
		fake_node_remove(t, s->ep[ST_B]);
		return 0;
	case 7:
		return stress_add_b_node(s);
	case 8:
		return stress_add_l_b(s);
	default:
		return stress_add_b_provider(s);
	}
}

static int stress_writer(void *data)
{
	struct stress *s = data;
	unsigned long k = 0;
	int ret = 0;

	while (!READ_ONCE(s->stop) && !ret) {
		/* Odd: both this state and the next may be seen. */
		WRITE_ONCE(s->seq, 2 * k + 1);
		smp_wmb();	/* the count is seen before the change */
		ret = stress_step(s, k % NR_STATES);
		k++;
		/* Pairs with stress_query(): the change is seen before. */
		smp_store_release(&s->seq, 2 * k);
		WRITE_ONCE(s->steps, k);
		/* Long enough for most queries to fall inside one state. */
		usleep_range(300, 600);
	}
	WRITE_ONCE(s->writer_error, ret);
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

/* A leaf below hb that comes and goes: no answer changes, caches go stale. */
static int stress_noise(void *data)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct p2p_provider_desc desc = {
		.phys_start = 0x800000000ULL, .size = 0x1000,
		.base = { .space = P2P_ADDR_PCI_BUS, .addr = 0x800000000ULL },
	};
	struct stress *s = data;
	struct p2p_provider *provider;
	struct p2p_node *leaf;
	struct p2p_link *link;
	int ret = 0;

	while (!READ_ONCE(s->stop) && !ret) {
		leaf = p2p_node_add(&s->t->bus, P2P_NODE_ENDPOINT, NULL, NULL,
				    "stress-leaf", NULL);
		if (IS_ERR(leaf)) {
			ret = PTR_ERR(leaf);
			break;
		}
		link = p2p_link_add(&s->t->bus, s->t->nodes[s->hb], leaf, &attr,
				    NULL);
		provider = p2p_provider_add(leaf, &desc);
		if (IS_ERR(link) || IS_ERR(provider))
			ret = IS_ERR(link) ? PTR_ERR(link) : PTR_ERR(provider);
		usleep_range(200, 400);
		if (!IS_ERR(provider))
			p2p_provider_remove(provider);
		if (!IS_ERR(link))
			p2p_link_remove(link);
		p2p_node_remove(leaf);
		WRITE_ONCE(s->noise_rounds, s->noise_rounds + 1);
		usleep_range(200, 400);
	}
	if (ret)
		cmpxchg(&s->writer_error, 0, ret);
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static const struct stress_expect *stress_expected(unsigned int state,
						   int client, int target,
						   bool by_device)
{
	const struct stress_state *st = &stress_states[state];

	if (!by_device && target == ST_B && !st->b_provider)
		return &stress_answers[NO_NODE];
	return &stress_answers[st->to[client][target]];
}

static bool stress_same(const struct stress_expect *want,
			const struct stress_expect *got)
{
	if (got->ret != want->ret || got->map_type != want->map_type)
		return false;
	if (got->ret)
		return true;	/* no route: nothing else is defined */
	return got->distance == want->distance && got->hops == want->hops &&
	       got->bandwidth_MBps == want->bandwidth_MBps;
}

static void stress_report(struct stress *s, const struct stress_report *r)
{
	unsigned long flags;

	spin_lock_irqsave(&s->report_lock, flags);
	if (s->nr_reports < STRESS_MAX_REPORTS)
		s->reports[s->nr_reports++] = *r;
	spin_unlock_irqrestore(&s->report_lock, flags);
}

/*
 * Judge one answer against the states current between the sequence
 * numbers read before (@seq0) and after (@seq1) the query.
 */
static void stress_check(struct stress *s, int client, int target,
			 bool by_device, unsigned long seq0, unsigned long seq1,
			 const struct stress_expect *got)
{
	unsigned long first = seq0 / 2, last = (seq1 + 1) / 2, k;
	bool matched = false, direct_allowed = false;

	/* A window longer than the cycle allows every state. */
	if (last - first >= NR_STATES)
		last = first + NR_STATES - 1;
	for (k = first; k <= last; k++) {
		const struct stress_expect *want;

		want = stress_expected(k % NR_STATES, client, target, by_device);
		matched |= stress_same(want, got);
		direct_allowed |= want->map_type == P2P_MAP_DIRECT;
	}
	atomic_long_inc(&s->checked);
	atomic_long_add(last - first + 1, &s->window_states);
	if (got->map_type == P2P_MAP_DIRECT && !direct_allowed)
		atomic_long_inc(&s->direct_refused);
	if (!matched) {
		struct stress_report r = {
			.client = client, .target = target,
			.by_device = by_device, .first = first,
			.nr = last - first + 1, .got = *got,
		};

		atomic_long_inc(&s->mismatches);
		stress_report(s, &r);
	}
}

/* One query, bracketed by the main writer's sequence counter. */
static void stress_query(struct stress *s, int client, int target,
			 bool by_device, unsigned int dirs)
{
	struct device *cdev = fake_dev(s->t, s->ep[client]);
	struct p2p_route_info info;
	struct stress_expect got;
	struct p2p_provider *provider;
	unsigned long seq0, seq1;

	/* Pairs with stress_writer(): the query sees that state or later. */
	seq0 = smp_load_acquire(&s->seq);
	if (by_device) {
		got.ret = p2p_route_to_device(fake_dev(s->t, s->ep[target]),
					      cdev, dirs, &info);
	} else {
		rcu_read_lock();
		provider = rcu_dereference(s->provider[target]);
		if (provider) {
			got.ret = p2p_route(provider, cdev, dirs, &info);
		} else {
			got.ret = -ENODEV;
			p2p_route_info_none(&info);
		}
		rcu_read_unlock();
	}
	/* The answer was read before the writer's count is read again. */
	smp_rmb();
	seq1 = READ_ONCE(s->seq);
	got.map_type = info.map_type;
	got.distance = info.distance;
	got.hops = info.hops;
	got.bandwidth_MBps = info.bandwidth_MBps;
	stress_check(s, client, target, by_device, seq0, seq1, &got);
}

/**
 * struct stress_reader - one reader thread
 * @s: the run
 * @atomic: query with interrupts disabled under rcu_read_lock()
 */
struct stress_reader {
	struct stress *s;
	bool atomic;
};

/* One query with interrupts off under rcu_read_lock(), as a map path asks. */
static void stress_query_atomic(struct stress *s, unsigned int pair,
				unsigned long i, unsigned int dirs)
{
	unsigned long flags;

	rcu_read_lock();
	local_irq_save(flags);
	stress_query(s, pair / ST_ENDPOINTS, pair % ST_ENDPOINTS, (i / 9) & 1,
		     dirs);
	local_irq_restore(flags);
	rcu_read_unlock();
	atomic_long_inc(&s->atomic_checked);
}

static int stress_read(void *data)
{
	static const unsigned int dirs[] = {
		P2P_DIR_BOTH, P2P_DIR_READ, P2P_DIR_WRITE,
	};
	struct stress_reader *r = data;
	struct stress *s = r->s;
	unsigned long i = 0;
	unsigned int pair, dir;

	while (!READ_ONCE(s->stop)) {
		pair = i % (ST_ENDPOINTS * ST_ENDPOINTS);
		dir = dirs[(i / 18) % ARRAY_SIZE(dirs)];
		if (r->atomic)
			stress_query_atomic(s, pair, i, dir);
		else
			stress_query(s, pair / ST_ENDPOINTS, pair % ST_ENDPOINTS,
				     (i / 9) & 1, dir);
		i++;
		cond_resched();
	}
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static void stress_print_reports(struct stress *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_reports; i++) {
		const struct stress_report *r = &s->reports[i];

		KUNIT_FAIL(s->test,
			   "%c -> %c (%s): ret %d map %d distance %u hops %u bw %u matches no state of its window: %lu states from \"%s\"",
			   'a' + r->client, 'a' + r->target,
			   r->by_device ? "device" : "provider", r->got.ret,
			   r->got.map_type, r->got.distance, r->got.hops,
			   r->got.bandwidth_MBps, r->nr,
			   stress_states[r->first % NR_STATES].name);
	}
}

/*
 * Every answer read while the topology walks its cycle equals the answer
 * of a state current during the query, and none is DIRECT where every
 * such state forbids it.
 */
static void stress_answers_belong_to_a_current_state(struct kunit *test)
{
	struct stress_reader readers[STRESS_READERS];
	struct task_struct *tasks[STRESS_READERS + 2];
	struct stress *s;
	unsigned long restarts = p2p_stat(P2P_STAT_SEARCH_RESTARTS);
	unsigned long start;
	u64 *stretch;
	int i, n = 0;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	s->test = test;
	s->t = test->priv;
	spin_lock_init(&s->report_lock);
	stress_build(s);
	/* Misses with interrupts on pause at every look at the clock. */
	stretch = kunit_kzalloc(test, sizeof(*stretch), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, stretch);
	*stretch = p2p_search_stretch_ns;
	p2p_search_stretch_ns = 0;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, stress_restore_stretch,
							stretch), 0);

	start = jiffies;
	tasks[n++] = kthread_run(stress_writer, s, "p2p-stress-writer");
	tasks[n++] = kthread_run(stress_noise, s, "p2p-stress-noise");
	for (i = 0; i < STRESS_READERS; i++) {
		readers[i] = (struct stress_reader){ .s = s, .atomic = i != 0 };
		tasks[n++] = kthread_run(stress_read, &readers[i],
					 "p2p-stress-reader/%d", i);
	}
	for (i = 0; i < n; i++)
		if (!IS_ERR(tasks[i]))
			get_task_struct(tasks[i]);
	msleep(STRESS_SECONDS * 1000);
	WRITE_ONCE(s->stop, true);
	for (i = 0; i < n; i++) {
		if (IS_ERR(tasks[i])) {
			KUNIT_FAIL(test, "kthread_run: %pe", tasks[i]);
			continue;
		}
		kthread_stop(tasks[i]);
		put_task_struct(tasks[i]);
	}

	kunit_info(test, "%ld answers checked (%ld in atomic context) in %u ms, %lu states walked (%lu cycles), %lu leaf rounds, %ld.%02ld states per window on average",
		   atomic_long_read(&s->checked),
		   atomic_long_read(&s->atomic_checked),
		   jiffies_to_msecs(jiffies - start), s->steps,
		   s->steps / NR_STATES, s->noise_rounds,
		   atomic_long_read(&s->window_states) /
			max(1L, atomic_long_read(&s->checked)),
		   atomic_long_read(&s->window_states) * 100 /
			max(1L, atomic_long_read(&s->checked)) % 100);
	kunit_info(test, "%lu searches started again after a change while paused",
		   p2p_stat(P2P_STAT_SEARCH_RESTARTS) - restarts);
	stress_print_reports(s);
	KUNIT_EXPECT_EQ(test, s->writer_error, 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->mismatches), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->direct_refused), 0);
	/* Every state was current at least once, and answers were read. */
	KUNIT_EXPECT_GE(test, s->steps, (unsigned long)NR_STATES);
	KUNIT_EXPECT_GT(test, atomic_long_read(&s->atomic_checked), 0L);
	KUNIT_EXPECT_GT(test, atomic_long_read(&s->checked) -
			      atomic_long_read(&s->atomic_checked), 0L);
}

/*
 * The checker itself fails what it must: an answer of a state that was not
 * current (stale), a mix of two states' answers, and DIRECT where every
 * state of the window refuses it; it passes a right answer and anything
 * during a window that spans the whole cycle.
 */
static void stress_checker_flags_wrong_answers(struct kunit *test)
{
	const struct stress_expect mix = { 0, P2P_MAP_THRU_HOST, 2, 2, 2000 };
	struct stress *s;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	spin_lock_init(&s->report_lock);

	/* a -> b while sw redirects (state 1 only): DIRECT is a breach */
	stress_check(s, ST_A, ST_B, false, 2, 2, &stress_answers[SWITCH]);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->mismatches), 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->direct_refused), 1);
	/* the redirected answer while only the base state was current */
	stress_check(s, ST_A, ST_B, true, 0, 0, &stress_answers[REDIRECTED]);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->mismatches), 2);
	/* the base state's hops with the redirect's map type */
	stress_check(s, ST_A, ST_B, false, 1, 1, &mix);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->mismatches), 3);
	/* right: either state of a step's window; anything over a cycle */
	stress_check(s, ST_A, ST_B, false, 1, 1, &stress_answers[SWITCH]);
	stress_check(s, ST_A, ST_B, false, 1, 2, &stress_answers[REDIRECTED]);
	stress_check(s, ST_B, ST_C, false, 0, 2 * NR_STATES,
		     &stress_answers[UNREACHABLE]);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->mismatches), 3);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->direct_refused), 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->checked), 6);
	KUNIT_EXPECT_EQ(test, s->nr_reports, 3);
}

static int stress_init(struct kunit *test)
{
	fake_topo_create(test, 8, 8);
	return 0;
}

static struct kunit_case stress_test_cases[] = {
	KUNIT_CASE(stress_checker_flags_wrong_answers),
	KUNIT_CASE_SLOW(stress_answers_belong_to_a_current_state),
	{}
};

static struct kunit_suite stress_test_suite = {
	.name = "p2p_stress",
	.init = stress_init,
	.exit = fake_topo_exit,
	.test_cases = stress_test_cases,
};

kunit_test_suite(stress_test_suite);
