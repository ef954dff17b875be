// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: allocation failures while the graph is built and queried.
 *
 * Each operation is run again and again with its Nth allocation failing,
 * N = 1, 2, ... until it runs through without reaching the Nth (see
 * fault.h); a case in which no failure was reported fails. A failed
 * operation must say so (-ENOMEM) and leave the graph as it was: the same
 * nodes, links and providers, nothing half-added that a lookup or a route
 * could find, no reference or id kept (and no memory: kmemleak); done
 * again without faults, it succeeds. An operation whose fault was absorbed
 * is fully applied. A query either answers what the topology says or
 * fails with -ENOMEM: never another map type.
 *
 *	sw (switch) --- a (endpoint, client)
 *	   \----------- b (endpoint, provider 0x100000000, 64 KiB)
 *
 * a reaches b's memory DIRECT over sw, at distance 2 (fake bus rules).
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/of.h>
#include <linux/p2p_fwnode.h>
#include <linux/rcupdate.h>
#include <linux/xarray.h>

#include "../core.h"
#include "fake_bus.h"
#include "fault.h"
#include "overlay.h"

/*
 * Reference counts settle late: a sysfs directory holds its object (and a
 * node's directory its device) until the core's event work removes it,
 * and a removed object frees after a grace period. Once user space runs,
 * directories come and go while a case counts: wait for both.
 */
static void fault_settle(void)
{
	p2p_notifier_flush();
	rcu_barrier();
}

#define FAULT_PHYS	0x100000000ULL
#define FAULT_SIZE	0x10000

/**
 * struct fault_graph - what the graph holds, counted
 * @nodes: live nodes
 * @links: live links
 * @providers: live providers
 * @bus_objects: nodes and links of the test's bus
 */
struct fault_graph {
	unsigned long nodes, links, providers, bus_objects;
};

static void fault_count(struct fake_topo *t, struct fault_graph *g)
{
	struct p2p_provider *provider;
	unsigned long index;
	void *entry;

	memset(g, 0, sizeof(*g));
	mutex_lock(&p2p_graph.mutex);
	xa_for_each(&p2p_graph.nodes, index, entry)
		g->nodes++;
	xa_for_each(&p2p_graph.links, index, entry)
		g->links++;
	list_for_each_entry(provider, &p2p_graph.providers, entry)
		g->providers++;
	g->bus_objects = t->bus.nr_objects;
	mutex_unlock(&p2p_graph.mutex);
}

static void fault_expect_graph(struct kunit *test, const struct fault_graph *want,
			       unsigned int nth)
{
	struct fault_graph now;

	fault_count(test->priv, &now);
	KUNIT_EXPECT_EQ_MSG(test, now.nodes, want->nodes, "fault %u", nth);
	KUNIT_EXPECT_EQ_MSG(test, now.links, want->links, "fault %u", nth);
	KUNIT_EXPECT_EQ_MSG(test, now.providers, want->providers, "fault %u", nth);
	KUNIT_EXPECT_EQ_MSG(test, now.bus_objects, want->bus_objects,
			    "fault %u", nth);
}

/* The route from a to b's provider, judged: DIRECT at 2, or none. */
static void fault_expect_route(struct kunit *test, struct p2p_provider *provider,
			       struct device *client, bool linked, u32 bw)
{
	struct p2p_route_info info;
	int ret;

	ret = p2p_route(provider, client, P2P_DIR_BOTH, &info);
	if (!linked) {
		KUNIT_EXPECT_EQ(test, ret, -EHOSTUNREACH);
		KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
		return;
	}
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.distance, 2);
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, bw);
}

struct fault_fixture {
	int sw, a, b, l_a, l_b, prov;
};

static void fault_build(struct fake_topo *t, struct fault_fixture *f)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 1000 };

	f->sw = fake_node(t, P2P_NODE_SWITCH, false);
	f->a = fake_node(t, P2P_NODE_ENDPOINT, true);
	f->b = fake_node(t, P2P_NODE_ENDPOINT, true);
	f->l_a = fake_link_attr(t, &t->bus, f->sw, f->a, &attr);
	f->l_b = fake_link_attr(t, &t->bus, f->sw, f->b, &attr);
	f->prov = fake_provider(t, f->b, FAULT_PHYS, FAULT_SIZE, true);
}

/*
 * The loop's bookkeeping: the operation ran out of allocation points in
 * time, and at least one of its failures was reported (a case that injected
 * nothing proves nothing, and fails).
 */
static void fault_done(struct kunit *test, const char *what, unsigned int nth,
		       unsigned int failed)
{
	KUNIT_EXPECT_LT_MSG(test, nth, P2P_FAULT_MAX_POINTS,
			    "%s still allocates after %u faults", what, nth);
	KUNIT_EXPECT_GT_MSG(test, failed, 0,
			    "no fault made %s fail: nothing was injected", what);
	kunit_info(test, "%s: %u allocation points failed in turn, %u reported -ENOMEM",
		   what, nth - 1, failed);
}

/*
 * Take node ids up to the end of an xarray chunk, so that the next node's
 * id needs a new xarray node: p2p_node_add()'s xa_alloc() then allocates,
 * and can fail, after the node itself was allocated.
 */
static void fault_fill_id_chunk(struct fake_topo *t)
{
	unsigned int i;
	int pad;

	for (i = 0; i < XA_CHUNK_SIZE; i++) {
		pad = fake_node(t, P2P_NODE_SWITCH, false);
		if (t->nodes[pad]->id % XA_CHUNK_SIZE == XA_CHUNK_SIZE - 1)
			return;
	}
}

/* Add the node of @dev, check it is found, and return its id. */
static u32 fault_node_add_clean(struct kunit *test, struct device *dev)
{
	struct fake_topo *t = test->priv;
	struct p2p_node *node, *found;
	u32 id;

	node = p2p_node_add(&t->bus, P2P_NODE_ENDPOINT, dev, NULL, NULL,
			    &t->fakes[0]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, node);
	found = p2p_node_find(dev, &t->bus);
	KUNIT_EXPECT_PTR_EQ(test, found, node);
	p2p_node_put(found);
	id = node->id;
	p2p_node_remove(node);
	return id;
}

/*
 * A node whose allocations fail is not in the graph, not found by device,
 * holds no reference to the device and keeps no id; added again without
 * faults it gets the id it would have had.
 */
static void fault_node_add_fails_cleanly(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct fault_graph before;
	struct p2p_node *node, *found;
	unsigned int nth, failed = 0, dev_refs;
	struct device *dev;
	u32 id;
	bool hit;

	p2p_fault_setup(test);
	dev = kunit_device_register(test, "p2p-fault-node");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	fault_fill_id_chunk(t);
	fault_count(t, &before);
	fault_settle();
	dev_refs = kref_read(&dev->kobj.kref);
	id = fault_node_add_clean(test, dev);

	for (nth = 1; nth < P2P_FAULT_MAX_POINTS; nth++) {
		p2p_fault_arm(nth);
		node = p2p_node_add(&t->bus, P2P_NODE_ENDPOINT, dev, NULL, NULL,
				    &t->fakes[0]);
		hit = p2p_fault_disarm();
		if (IS_ERR(node)) {
			KUNIT_EXPECT_TRUE(test, hit);
			KUNIT_EXPECT_EQ(test, PTR_ERR(node), -ENOMEM);
			fault_expect_graph(test, &before, nth);
			found = p2p_node_find(dev, &t->bus);
			KUNIT_EXPECT_NULL_MSG(test, found, "fault %u", nth);
			p2p_node_put(found);
			fault_settle();
			KUNIT_EXPECT_EQ_MSG(test, kref_read(&dev->kobj.kref),
					    dev_refs, "fault %u", nth);
			KUNIT_EXPECT_EQ_MSG(test, fault_node_add_clean(test, dev),
					    id, "retry after fault %u", nth);
			failed++;
		} else {
			found = p2p_node_find(dev, &t->bus);
			KUNIT_EXPECT_PTR_EQ(test, found, node);
			p2p_node_put(found);
			p2p_node_remove(node);
		}
		fault_expect_graph(test, &before, nth);
		if (!hit)
			break;
	}
	fault_done(test, "p2p_node_add", nth, failed);
}

/* Add the link sw - b, check the route over it, and return its id. */
static u32 fault_link_add_clean(struct kunit *test, struct fault_fixture *f)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 1000 };
	struct fake_topo *t = test->priv;
	struct p2p_link *link;
	u32 id;

	link = p2p_link_add(&t->bus, t->nodes[f->sw], t->nodes[f->b], &attr,
			    NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, link);
	fault_expect_route(test, t->providers[f->prov], fake_dev(t, f->a),
			   true, 1000);
	id = link->id;
	p2p_link_remove(link);
	return id;
}

/*
 * A link whose allocations fail joins nothing: no route appears, its ends
 * hold no more references than before, and no id is kept.
 */
static void fault_link_add_fails_cleanly(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 1000 };
	struct fake_topo *t = test->priv;
	unsigned int nth, failed = 0, sw_refs, b_refs;
	struct fault_graph before;
	struct fault_fixture f;
	struct p2p_link *link;
	u32 id;
	bool hit;

	p2p_fault_setup(test);
	fault_build(t, &f);
	fake_link_remove(t, f.l_b);
	fault_count(t, &before);
	fault_settle();		/* the removed link's references are gone */
	sw_refs = kref_read(&t->nodes[f.sw]->ref);
	b_refs = kref_read(&t->nodes[f.b]->ref);
	id = fault_link_add_clean(test, &f);

	for (nth = 1; nth < P2P_FAULT_MAX_POINTS; nth++) {
		p2p_fault_arm(nth);
		link = p2p_link_add(&t->bus, t->nodes[f.sw], t->nodes[f.b],
				    &attr, NULL);
		hit = p2p_fault_disarm();
		if (IS_ERR(link)) {
			KUNIT_EXPECT_TRUE(test, hit);
			KUNIT_EXPECT_EQ(test, PTR_ERR(link), -ENOMEM);
			fault_expect_graph(test, &before, nth);
			fault_expect_route(test, t->providers[f.prov],
					   fake_dev(t, f.a), false, 0);
			fault_settle();	/* a removed link frees late */
			KUNIT_EXPECT_EQ(test, kref_read(&t->nodes[f.sw]->ref),
					sw_refs);
			KUNIT_EXPECT_EQ(test, kref_read(&t->nodes[f.b]->ref),
					b_refs);
			KUNIT_EXPECT_EQ_MSG(test, fault_link_add_clean(test, &f),
					    id, "retry after fault %u", nth);
			failed++;
		} else {
			fault_expect_route(test, t->providers[f.prov],
					   fake_dev(t, f.a), true, 1000);
			p2p_link_remove(link);
		}
		fault_expect_graph(test, &before, nth);
		if (!hit)
			break;
	}
	fault_done(test, "p2p_link_add", nth, failed);
}

/*
 * Attributes that cannot be changed stay as they were; changed without
 * faults they take effect.
 */
static void fault_link_set_attr_fails_cleanly(struct kunit *test)
{
	struct p2p_link_attr slow = { .cost = 1, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 250 };
	struct p2p_link_attr fast = slow;
	struct fake_topo *t = test->priv;
	struct fault_fixture f;
	unsigned int nth, failed = 0;
	bool hit;
	int ret;

	p2p_fault_setup(test);
	fault_build(t, &f);
	fast.bandwidth_MBps = 1000;

	for (nth = 1; nth < P2P_FAULT_MAX_POINTS; nth++) {
		p2p_fault_arm(nth);
		ret = p2p_link_set_attr(t->links[f.l_b], &slow);
		hit = p2p_fault_disarm();
		if (ret) {
			KUNIT_EXPECT_TRUE(test, hit);
			KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
			fault_expect_route(test, t->providers[f.prov],
					   fake_dev(t, f.a), true, 1000);
			KUNIT_EXPECT_EQ_MSG(test, p2p_link_set_attr(t->links[f.l_b],
								    &slow),
					    0, "retry after fault %u", nth);
			failed++;
		}
		fault_expect_route(test, t->providers[f.prov], fake_dev(t, f.a),
				   true, 250);
		KUNIT_ASSERT_EQ(test, p2p_link_set_attr(t->links[f.l_b], &fast), 0);
		if (!hit)
			break;
	}
	fault_done(test, "p2p_link_set_attr", nth, failed);
}

static const struct p2p_provider_desc fault_desc = {
	.phys_start = FAULT_PHYS, .size = FAULT_SIZE,
	.base = { .space = P2P_ADDR_PCI_BUS, .addr = FAULT_PHYS },
	.published = true,
};

/* Register b's provider, check it is found and reached; return its id. */
static u32 fault_provider_add_clean(struct kunit *test, struct fault_fixture *f)
{
	struct fake_topo *t = test->priv;
	struct device *client = fake_dev(t, f->a);
	struct p2p_provider *provider, *found;
	u32 id;

	provider = p2p_provider_add(t->nodes[f->b], &fault_desc);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, provider);
	found = p2p_find_provider(&client, 1, P2P_FIND_COST);
	KUNIT_EXPECT_PTR_EQ(test, found, provider);
	p2p_provider_put(found);
	fault_expect_route(test, provider, client, true, 1000);
	id = provider->id;
	p2p_provider_remove(provider);
	return id;
}

/*
 * A provider whose registration fails is neither listed nor found, holds
 * no reference to its node and keeps no id.
 */
static void fault_provider_add_fails_cleanly(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_provider *provider, *found;
	unsigned int nth, failed = 0, b_refs;
	struct fault_graph before;
	struct fault_fixture f;
	struct device *client;
	u32 id;
	bool hit;

	p2p_fault_setup(test);
	fault_build(t, &f);
	p2p_provider_remove(t->providers[f.prov]);
	t->providers[f.prov] = NULL;
	client = fake_dev(t, f.a);
	fault_count(t, &before);
	fault_settle();		/* the removed provider's reference is gone */
	b_refs = kref_read(&t->nodes[f.b]->ref);
	id = fault_provider_add_clean(test, &f);

	for (nth = 1; nth < P2P_FAULT_MAX_POINTS; nth++) {
		p2p_fault_arm(nth);
		provider = p2p_provider_add(t->nodes[f.b], &fault_desc);
		hit = p2p_fault_disarm();
		if (IS_ERR(provider)) {
			KUNIT_EXPECT_TRUE(test, hit);
			KUNIT_EXPECT_EQ(test, PTR_ERR(provider), -ENOMEM);
			fault_expect_graph(test, &before, nth);
			found = p2p_find_provider(&client, 1, P2P_FIND_COST);
			KUNIT_EXPECT_NULL_MSG(test, found, "fault %u", nth);
			p2p_provider_put(found);
			fault_settle();	/* a removed provider frees late */
			KUNIT_EXPECT_EQ(test, kref_read(&t->nodes[f.b]->ref),
					b_refs);
			KUNIT_EXPECT_EQ_MSG(test, fault_provider_add_clean(test, &f),
					    id, "retry after fault %u", nth);
			failed++;
		} else {
			found = p2p_find_provider(&client, 1, P2P_FIND_COST);
			KUNIT_EXPECT_PTR_EQ(test, found, provider);
			p2p_provider_put(found);
			fault_expect_route(test, provider, client, true, 1000);
			p2p_provider_remove(provider);
		}
		fault_expect_graph(test, &before, nth);
		if (!hit)
			break;
	}
	fault_done(test, "p2p_provider_add", nth, failed);
}

/*
 * One query with its @nth allocation failing, interrupts disabled: the
 * route from a to b's provider (or, with @translate, the address of its
 * 0x10th byte) is what the topology says, or -ENOMEM. Return whether the
 * fault was reached.
 */
static bool fault_query_once(struct kunit *test, struct fault_fixture *f,
			     bool translate, bool linked, unsigned int nth,
			     unsigned int *nomem)
{
	struct fake_topo *t = test->priv;
	struct p2p_provider *provider = t->providers[f->prov];
	struct device *client = fake_dev(t, f->a);
	struct p2p_route_info info = {};
	struct p2p_addr addr = {};
	unsigned long flags;
	bool hit;
	int ret;

	/* Stale: the query must search and allocate a cache entry. */
	p2p_bus_rules_changed(&t->bus);
	local_irq_save(flags);
	p2p_fault_arm(nth);
	if (translate)
		ret = p2p_translate_offset(provider, client, 0x10, &addr);
	else
		ret = p2p_route(provider, client, P2P_DIR_BOTH, &info);
	hit = p2p_fault_disarm();
	local_irq_restore(flags);

	if (ret == -ENOMEM) {
		KUNIT_EXPECT_TRUE(test, hit);
		(*nomem)++;
	} else if (!linked) {
		KUNIT_EXPECT_EQ_MSG(test, ret, -EHOSTUNREACH, "fault %u", nth);
		if (!translate)
			KUNIT_EXPECT_EQ(test, info.map_type,
					P2P_MAP_NOT_SUPPORTED);
	} else if (translate) {
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "fault %u", nth);
		KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_PCI_BUS);
		KUNIT_EXPECT_EQ(test, addr.addr, FAULT_PHYS + 0x10);
	} else {
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "fault %u", nth);
		KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
		KUNIT_EXPECT_EQ(test, info.distance, 2);
	}
	/* The next query, from the cache or not, agrees. */
	fault_expect_route(test, provider, client, linked, 1000);
	return hit;
}

/*
 * Queries under allocation failure (the route cache's entry): the right
 * answer or -ENOMEM, never another map type; with a route and without.
 * Each of the four rounds must reach at least one fault.
 */
static void fault_query_answers_or_fails(struct kunit *test)
{
	struct p2p_link_attr down = { .cost = 1, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 1000, .down = true };
	struct fake_topo *t = test->priv;
	unsigned int nth, faults = 0, nomem = 0, round;
	struct fault_fixture f;

	p2p_fault_setup(test);
	fault_build(t, &f);

	for (round = 0; round < 4; round++) {
		if (round == 2)
			KUNIT_ASSERT_EQ(test, p2p_link_set_attr(t->links[f.l_b],
								&down), 0);
		for (nth = 1; nth < P2P_FAULT_MAX_POINTS; nth++) {
			if (!fault_query_once(test, &f, round & 1, round < 2,
					      nth, &nomem))
				break;
			faults++;
		}
		KUNIT_EXPECT_LT(test, nth, P2P_FAULT_MAX_POINTS);
		KUNIT_EXPECT_GT_MSG(test, nth, 1, "round %u: no fault reached",
				    round);
	}
	kunit_info(test, "queries: %u allocation faults, %u reported -ENOMEM",
		   faults, nomem);
}

#ifdef CONFIG_OF_OVERLAY
/* References held on the nodes below @np, each walk's own not counted. */
static unsigned int fault_of_refs(struct device_node *np)
{
	struct device_node *child;
	unsigned int refs = 0;

	for_each_child_of_node(np, child)
		refs += kref_read(&child->kobj.kref) - 1 + fault_of_refs(child);
	return refs;
}

/*
 * Parse the "ok" node of the duplicate-link case under @group with the
 * @nth allocation failing (none when 0) into @desc, and judge it against
 * @clean: the same, or -ENOMEM; freed, no reference is left on a node of
 * @group. Return whether the fault was reached; count -ENOMEM in @failed.
 */
static bool fault_fwnode_parse_once(struct kunit *test,
				    struct device_node *group,
				    struct p2p_fw_description *desc,
				    const struct p2p_fw_description *clean,
				    unsigned int nth, unsigned int *failed)
{
	unsigned int refs = fault_of_refs(group);
	struct device_node *np;
	bool hit;
	int ret;

	np = of_get_child_by_name(group, "ok");
	KUNIT_ASSERT_NOT_NULL(test, np);
	p2p_fault_arm(nth);
	ret = p2p_fw_parse(desc, of_fwnode_handle(np));
	hit = p2p_fault_disarm();
	if (ret) {
		KUNIT_EXPECT_TRUE(test, hit);
		KUNIT_EXPECT_EQ_MSG(test, ret, -ENOMEM, "fault %u", nth);
		(*failed)++;
	} else {
		KUNIT_EXPECT_EQ(test, desc->nr_devices, clean->nr_devices);
		KUNIT_EXPECT_EQ(test, desc->nr_connections,
				clean->nr_connections);
		KUNIT_EXPECT_EQ(test, desc->nr_errors, clean->nr_errors);
	}
	p2p_fw_description_free(desc);
	of_node_put(np);
	KUNIT_EXPECT_EQ_MSG(test, fault_of_refs(group), refs,
			    "node references kept after fault %u", nth);
	return hit;
}

/*
 * The firmware reader, on the malformed-description overlay of the
 * p2p_fwnode suite: a parse either reads what a parse without faults
 * reads, or fails with -ENOMEM; either way, once the description is freed
 * no memory (kmemleak) and no node reference is kept, and a parse without
 * faults afterwards reads it all.
 */
static int fault_overlay_id = -1;

/*
 * Applying and removing the overlay takes minutes on the debug kernel
 * under TCG: once per suite, outside any case's time limit.
 */
static int fault_test_suite_init(struct kunit_suite *suite)
{
	int ret = p2p_test_overlay_apply(fwnode_bad_cases, &fault_overlay_id);

	if (ret)
		fault_overlay_id = -1;
	return 0;	/* the case says so */
}

static void fault_test_suite_exit(struct kunit_suite *suite)
{
	if (fault_overlay_id >= 0)
		of_overlay_remove(&fault_overlay_id);
	fault_overlay_id = -1;
}

static void fault_fwnode_parse_fails_cleanly(struct kunit *test)
{
	struct p2p_fw_description *clean, *desc;
	unsigned int nth, failed = 0, none = 0;
	struct device_node *group, *np;
	bool hit;

	KUNIT_ASSERT_GE_MSG(test, fault_overlay_id, 0,
			    "the malformed-description overlay is not applied");
	p2p_fault_setup(test);
	/* Descriptions are large: not on the stack. */
	clean = kunit_kzalloc(test, sizeof(*clean), GFP_KERNEL);
	desc = kunit_kzalloc(test, sizeof(*desc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, clean);
	KUNIT_ASSERT_NOT_NULL(test, desc);
	group = of_find_node_by_path("/p2p-fwnode-cases/duplicate-link");
	KUNIT_ASSERT_NOT_NULL(test, group);
	np = of_get_child_by_name(group, "ok");
	KUNIT_EXPECT_EQ(test, p2p_fw_parse(clean, of_fwnode_handle(np)), 0);
	of_node_put(np);

	for (nth = 1; nth < P2P_FAULT_MAX_POINTS; nth++) {
		hit = fault_fwnode_parse_once(test, group, desc, clean, nth,
					      &failed);
		if (hit)	/* and again without faults */
			fault_fwnode_parse_once(test, group, desc, clean, 0,
						&none);
		if (!hit)
			break;
	}
	KUNIT_EXPECT_EQ(test, none, 0);
	fault_done(test, "p2p_fw_parse", nth, failed);
	p2p_fw_description_free(clean);
	of_node_put(group);
}
#endif

static struct kunit_case fault_test_cases[] = {
	KUNIT_CASE(fault_node_add_fails_cleanly),
	KUNIT_CASE(fault_link_add_fails_cleanly),
	KUNIT_CASE(fault_link_set_attr_fails_cleanly),
	KUNIT_CASE(fault_provider_add_fails_cleanly),
	KUNIT_CASE(fault_query_answers_or_fails),
#ifdef CONFIG_OF_OVERLAY
	KUNIT_CASE(fault_fwnode_parse_fails_cleanly),
#endif
	{}
};

/* Room for the nodes that fill an xarray chunk of ids. */
static int fault_test_init(struct kunit *test)
{
	fake_topo_create(test, XA_CHUNK_SIZE + 16, 64);
	return 0;
}

static struct kunit_suite fault_test_suite = {
	.name = "p2p_fault",
#ifdef CONFIG_OF_OVERLAY
	.suite_init = fault_test_suite_init,
	.suite_exit = fault_test_suite_exit,
#endif
	.init = fault_test_init,
	.exit = fake_topo_exit,
	.test_cases = fault_test_cases,
};

kunit_test_suite(fault_test_suite);
