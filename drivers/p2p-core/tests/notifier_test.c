// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the notifier. Events come from a work item, in the order of the
 * changes, with what they name still referenced; callbacks may take the
 * locks of the task that changed the graph, and change the graph.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/debug_locks.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/workqueue.h>

#include "../core.h"
#include "fake_bus.h"

#define NOTIFIER_MAX_EVENTS	256

/**
 * struct notifier_log - a listener that writes down what it is told
 * @nb: the listener
 * @nr_events: events told so far
 * @events: the first %NOTIFIER_MAX_EVENTS of them
 * @dead: events whose node, link or provider had no reference left
 */
struct notifier_log {
	struct notifier_block nb;
	unsigned int nr_events;
	struct {
		unsigned long event;
		const void *data;
		char name[16];
	} events[NOTIFIER_MAX_EVENTS];
	unsigned int dead;
};

/* The references the object of an event still has when it is told. */
static unsigned int notifier_refs(unsigned long event, void *data)
{
	switch (event) {
	case P2P_EVENT_NODE_ADDED:
	case P2P_EVENT_NODE_REMOVED:
		return kref_read(&((struct p2p_node *)data)->ref);
	case P2P_EVENT_LINK_ADDED:
	case P2P_EVENT_LINK_CHANGED:
	case P2P_EVENT_LINK_REMOVED:
		return kref_read(&((struct p2p_link *)data)->ref);
	default:
		return kref_read(&((struct p2p_provider *)data)->ref);
	}
}

static int notifier_record(struct notifier_block *nb, unsigned long event,
			   void *data)
{
	struct notifier_log *log = container_of(nb, struct notifier_log, nb);
	unsigned int i = log->nr_events++;

	if (!data || !notifier_refs(event, data))
		log->dead++;
	if (i >= NOTIFIER_MAX_EVENTS)
		return NOTIFY_OK;
	log->events[i].event = event;
	log->events[i].data = data;
	/* A node must be valid when its event arrives, even removed. */
	if (event == P2P_EVENT_NODE_ADDED || event == P2P_EVENT_NODE_REMOVED)
		strscpy(log->events[i].name, p2p_node_name(data),
			sizeof(log->events[i].name));
	return NOTIFY_OK;
}

static void notifier_unregister(void *nb)
{
	p2p_notifier_flush();
	p2p_unregister_notifier(nb);
}

/* Register @nb until the test ends, when the events so far were told. */
static void notifier_listen(struct kunit *test, struct notifier_block *nb)
{
	p2p_notifier_flush();	/* not told about earlier changes */
	KUNIT_ASSERT_EQ(test, p2p_register_notifier(nb), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, notifier_unregister,
							nb), 0);
}

static struct notifier_log *notifier_log(struct kunit *test, int priority)
{
	struct notifier_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	log->nb.notifier_call = notifier_record;
	log->nb.priority = priority;
	notifier_listen(test, &log->nb);
	return log;
}

/**
 * struct notifier_hold - keeps the core's event work item from running
 * @work: runs on the events' ordered workqueue and waits for @release
 * @started: @work runs: events queued from now on wait behind it
 * @release: let the events go
 */
struct notifier_hold {
	struct work_struct work;
	struct completion started, release;
};

static void notifier_hold_fn(struct work_struct *work)
{
	struct notifier_hold *hold = container_of(work, struct notifier_hold,
						  work);

	complete(&hold->started);
	wait_for_completion(&hold->release);
}

static void notifier_release(void *data)
{
	struct notifier_hold *hold = data;

	complete(&hold->release);
	flush_work(&hold->work);
}

/* Until notifier_release() (or the end of the test), no event is told. */
static struct notifier_hold *notifier_hold(struct kunit *test)
{
	struct notifier_hold *hold = kunit_kzalloc(test, sizeof(*hold),
						   GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, hold);
	INIT_WORK(&hold->work, notifier_hold_fn);
	init_completion(&hold->started);
	init_completion(&hold->release);
	KUNIT_ASSERT_NOT_NULL(test, p2p_graph.events_wq);
	queue_work(p2p_graph.events_wq, &hold->work);
	wait_for_completion(&hold->started);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, notifier_release,
							hold), 0);
	return hold;
}

static void notifier_sees_every_change(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 3, .dirs = P2P_DIR_BOTH };
	struct notifier_log *log = notifier_log(test, 0);
	unsigned int counts[P2P_EVENT_PROVIDER_REMOVED + 1] = {};
	struct fake_topo *t = test->priv;
	int a, b, l, p;
	unsigned int i;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_SWITCH, false);
	l = fake_link(t, a, b, 1);
	KUNIT_EXPECT_EQ(test, p2p_link_set_attr(t->links[l], &attr), 0);
	p = fake_provider(t, a, 0x100000000ULL, 0x1000, true);
	p2p_provider_remove(t->providers[p]);
	t->providers[p] = NULL;
	fake_link_remove(t, l);
	fake_node_remove(t, b);
	p2p_notifier_flush();

	KUNIT_ASSERT_LE(test, log->nr_events, NOTIFIER_MAX_EVENTS);
	for (i = 0; i < log->nr_events; i++)
		if (log->events[i].event < ARRAY_SIZE(counts))
			counts[log->events[i].event]++;
	KUNIT_EXPECT_EQ(test, counts[P2P_EVENT_NODE_ADDED], 2);
	KUNIT_EXPECT_EQ(test, counts[P2P_EVENT_LINK_ADDED], 1);
	KUNIT_EXPECT_EQ(test, counts[P2P_EVENT_LINK_CHANGED], 1);
	KUNIT_EXPECT_EQ(test, counts[P2P_EVENT_PROVIDER_ADDED], 1);
	KUNIT_EXPECT_EQ(test, counts[P2P_EVENT_PROVIDER_REMOVED], 1);
	KUNIT_EXPECT_EQ(test, counts[P2P_EVENT_LINK_REMOVED], 1);
	KUNIT_EXPECT_EQ(test, counts[P2P_EVENT_NODE_REMOVED], 1);
	KUNIT_EXPECT_EQ(test, log->dead, 0);

	kunit_release_action(test, notifier_unregister, &log->nb);
	KUNIT_EXPECT_EQ(test, p2p_unregister_notifier(&log->nb), -ENOENT);
}

/* A lock the test holds around a change, as probe holds device_lock(). */
static DEFINE_MUTEX(notifier_changer_lock);

struct notifier_trylock {
	struct notifier_block nb;
	bool told, locked;
};

static int notifier_try_changer_lock(struct notifier_block *nb,
				     unsigned long event, void *data)
{
	struct notifier_trylock *l = container_of(nb, struct notifier_trylock,
						  nb);

	if (event != P2P_EVENT_NODE_ADDED || l->told)
		return NOTIFY_DONE;
	l->told = true;
	l->locked = mutex_trylock(&notifier_changer_lock);
	if (l->locked)
		mutex_unlock(&notifier_changer_lock);
	return NOTIFY_OK;
}

/*
 * The task that changes the graph holds a lock (device_lock() around
 * probe, the PCI rescan lock). A callback that takes it must not find it
 * held: it would deadlock where a trylock fails here.
 */
static void notifier_callback_may_take_changers_lock(struct kunit *test)
{
	struct notifier_trylock *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	struct fake_topo *t = test->priv;
	struct notifier_hold *hold;

	KUNIT_ASSERT_NOT_NULL(test, l);
	l->nb.notifier_call = notifier_try_changer_lock;
	notifier_listen(test, &l->nb);

	/* The callback runs after the unlock, not in a race with it. */
	hold = notifier_hold(test);
	mutex_lock(&notifier_changer_lock);
	fake_node(t, P2P_NODE_SWITCH, false);
	mutex_unlock(&notifier_changer_lock);
	kunit_release_action(test, notifier_release, hold);
	p2p_notifier_flush();

	KUNIT_EXPECT_TRUE(test, l->told);
	KUNIT_EXPECT_TRUE_MSG(test, l->locked,
			      "the callback ran with the changer's lock held");
}

/*
 * A listener that, told that the node "trigger" was added, links it to
 * the node "peer" and removes the link again.
 */
struct notifier_changer {
	struct notifier_block nb;
	struct fake_topo *t;
	struct p2p_node *peer;
	int error;
};

static int notifier_change_graph(struct notifier_block *nb,
				 unsigned long event, void *data)
{
	struct notifier_changer *c = container_of(nb, struct notifier_changer,
						  nb);
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct p2p_link *link;

	if (event != P2P_EVENT_NODE_ADDED || strcmp(p2p_node_name(data), "trigger"))
		return NOTIFY_DONE;
	link = p2p_link_add(&c->t->bus, data, c->peer, &attr, NULL);
	if (IS_ERR(link)) {
		c->error = PTR_ERR(link);
		return NOTIFY_DONE;
	}
	p2p_link_remove(link);
	return NOTIFY_OK;
}

static void notifier_callback_may_change_graph(struct kunit *test)
{
	struct notifier_changer *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	bool lockdep_was_on = debug_locks;
	struct fake_topo *t = test->priv;
	struct notifier_log *log;
	struct p2p_node *trigger;
	int peer;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->t = t;
	peer = fake_node(t, P2P_NODE_SWITCH, false);
	c->peer = t->nodes[peer];
	c->nb.notifier_call = notifier_change_graph;
	c->nb.priority = 1;		/* told first */
	notifier_listen(test, &c->nb);
	log = notifier_log(test, 0);

	trigger = p2p_node_add(&t->bus, P2P_NODE_SWITCH, NULL, NULL, "trigger",
			       NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, trigger);
	p2p_notifier_flush();
	p2p_node_remove(trigger);
	p2p_notifier_flush();

	KUNIT_EXPECT_EQ(test, c->error, 0);
	/* Lockdep turns itself off at its first report. */
	if (lockdep_was_on)
		KUNIT_EXPECT_TRUE_MSG(test, debug_locks,
				      "lockdep reported a problem");
	/* In the order the changes were made, the callback's after its own. */
	KUNIT_ASSERT_EQ(test, log->nr_events, 4);
	KUNIT_EXPECT_EQ(test, log->events[0].event, P2P_EVENT_NODE_ADDED);
	KUNIT_EXPECT_STREQ(test, log->events[0].name, "trigger");
	KUNIT_EXPECT_EQ(test, log->events[1].event, P2P_EVENT_LINK_ADDED);
	KUNIT_EXPECT_EQ(test, log->events[2].event, P2P_EVENT_LINK_REMOVED);
	KUNIT_EXPECT_PTR_EQ(test, log->events[2].data, log->events[1].data);
	KUNIT_EXPECT_EQ(test, log->events[3].event, P2P_EVENT_NODE_REMOVED);
	KUNIT_EXPECT_STREQ(test, log->events[3].name, "trigger");
	KUNIT_EXPECT_EQ(test, log->dead, 0);
}

/* What the test expects to be told, written down as it makes the changes. */
struct notifier_expected {
	unsigned int nr;
	struct {
		unsigned long event;
		const void *data;
	} events[NOTIFIER_MAX_EVENTS];
};

static void notifier_expect(struct notifier_expected *exp,
			    unsigned long event, const void *data)
{
	if (exp->nr < NOTIFIER_MAX_EVENTS) {
		exp->events[exp->nr].event = event;
		exp->events[exp->nr].data = data;
	}
	exp->nr++;
}

/* One round of every kind of change; 9 events. */
static void notifier_burst_round(struct kunit *test,
				 struct notifier_expected *exp)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct p2p_provider_desc desc = {
		.phys_start = 0x100000000ULL,
		.size = 0x1000,
		.base = { .space = P2P_ADDR_PCI_BUS, .addr = 0x100000000ULL },
	};
	struct fake_topo *t = test->priv;
	struct p2p_provider *prov;
	struct p2p_node *a, *b;
	struct p2p_link *link;

	a = p2p_node_add(&t->bus, P2P_NODE_ENDPOINT, NULL, NULL, "burst-a", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	notifier_expect(exp, P2P_EVENT_NODE_ADDED, a);
	b = p2p_node_add(&t->bus, P2P_NODE_SWITCH, NULL, NULL, "burst-b", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	notifier_expect(exp, P2P_EVENT_NODE_ADDED, b);
	link = p2p_link_add(&t->bus, a, b, &attr, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, link);
	notifier_expect(exp, P2P_EVENT_LINK_ADDED, link);
	attr.cost = 2;
	KUNIT_ASSERT_EQ(test, p2p_link_set_attr(link, &attr), 0);
	notifier_expect(exp, P2P_EVENT_LINK_CHANGED, link);
	prov = p2p_provider_add(a, &desc);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, prov);
	notifier_expect(exp, P2P_EVENT_PROVIDER_ADDED, prov);
	notifier_expect(exp, P2P_EVENT_PROVIDER_REMOVED, prov);
	p2p_provider_remove(prov);
	notifier_expect(exp, P2P_EVENT_LINK_REMOVED, link);
	p2p_link_remove(link);
	notifier_expect(exp, P2P_EVENT_NODE_REMOVED, b);
	p2p_node_remove(b);
	notifier_expect(exp, P2P_EVENT_NODE_REMOVED, a);
	p2p_node_remove(a);
}

/*
 * A burst of mixed changes, told while the changes go on: each event in
 * the order of the changes, about the object changed, still referenced.
 */
static void notifier_events_follow_order_of_changes(struct kunit *test)
{
	struct notifier_expected *exp = kunit_kzalloc(test, sizeof(*exp),
						      GFP_KERNEL);
	struct notifier_log *log = notifier_log(test, 0);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, exp);
	for (i = 0; i < NOTIFIER_MAX_EVENTS / 9; i++)
		notifier_burst_round(test, exp);
	p2p_notifier_flush();

	KUNIT_EXPECT_EQ(test, log->dead, 0);
	KUNIT_ASSERT_EQ(test, log->nr_events, exp->nr);
	for (i = 0; i < exp->nr; i++) {
		KUNIT_EXPECT_EQ_MSG(test, log->events[i].event,
				    exp->events[i].event, "event %u", i);
		KUNIT_EXPECT_PTR_EQ_MSG(test, log->events[i].data,
					exp->events[i].data, "event %u", i);
	}
}

/*
 * The node of a removal event is told after its remover and the graph
 * gave their references back and a grace period passed: the event's own
 * reference keeps it (KASAN reports a use after free otherwise).
 */
static void notifier_removed_node_is_valid_in_its_event(struct kunit *test)
{
	struct notifier_log *log = notifier_log(test, 0);
	struct fake_topo *t = test->priv;
	struct notifier_hold *hold;
	struct p2p_node *victim;

	hold = notifier_hold(test);
	victim = p2p_node_add(&t->bus, P2P_NODE_SWITCH, NULL, NULL, "victim",
			      NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, victim);
	p2p_node_remove(victim);
	/* An RCU free of the node would be done now. */
	rcu_barrier();
	kunit_release_action(test, notifier_release, hold);
	p2p_notifier_flush();

	KUNIT_ASSERT_EQ(test, log->nr_events, 2);
	KUNIT_EXPECT_EQ(test, log->events[1].event, P2P_EVENT_NODE_REMOVED);
	KUNIT_EXPECT_STREQ(test, log->events[1].name, "victim");
	KUNIT_EXPECT_EQ(test, log->dead, 0);
}

/*
 * A node removed while it still has links takes them with it. Each link
 * is told with a LINK_REMOVED event of its own, before the node's
 * NODE_REMOVED, as p2p_register_notifier() promises: a listener that
 * holds a link (and so both its ends) can let go of it before the node.
 * Giving the link handles back afterwards tells nothing more.
 */
static void notifier_node_removal_tells_its_links_first(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct notifier_log *log;
	int hub, left, right, to_left, to_right, private;
	const void *hub_node, *links[3];
	unsigned int i, first_removal;

	hub = fake_node(t, P2P_NODE_SWITCH, false);
	left = fake_node(t, P2P_NODE_ENDPOINT, true);
	right = fake_node(t, P2P_NODE_ENDPOINT, true);
	to_left = fake_link(t, hub, left, 1);
	to_right = fake_link(t, hub, right, 1);
	/* A second link between the same ends, on another bus. */
	private = fake_link_attr(t, &t->link_bus, hub, left,
				 &(struct p2p_link_attr){ .cost = 1,
							  .dirs = P2P_DIR_BOTH });
	log = notifier_log(test, 0);

	hub_node = t->nodes[hub];
	links[0] = t->links[to_left];
	links[1] = t->links[to_right];
	links[2] = t->links[private];
	fake_node_remove(t, hub);
	p2p_notifier_flush();
	first_removal = log->nr_events;
	fake_link_remove(t, to_left);
	fake_link_remove(t, to_right);
	fake_link_remove(t, private);
	p2p_notifier_flush();

	KUNIT_ASSERT_EQ_MSG(test, first_removal, 4,
			    "3 LINK_REMOVED and 1 NODE_REMOVED expected");
	KUNIT_EXPECT_EQ(test, log->nr_events, first_removal);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ_MSG(test, log->events[i].event,
				    P2P_EVENT_LINK_REMOVED, "event %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, log->events[i].data == links[0] ||
				      log->events[i].data == links[1] ||
				      log->events[i].data == links[2],
				      "event %u is not about a link of the node", i);
	}
	KUNIT_EXPECT_PTR_NE(test, log->events[0].data, log->events[1].data);
	KUNIT_EXPECT_PTR_NE(test, log->events[0].data, log->events[2].data);
	KUNIT_EXPECT_PTR_NE(test, log->events[1].data, log->events[2].data);
	KUNIT_EXPECT_EQ(test, log->events[3].event, P2P_EVENT_NODE_REMOVED);
	KUNIT_EXPECT_PTR_EQ(test, log->events[3].data, hub_node);
	KUNIT_EXPECT_EQ(test, log->dead, 0);
}

/*
 * A listener that holds both ends of every link of one bus while the
 * link is in the graph, as a sysfs link directory does through the link,
 * and lets go when told the link was removed.
 */
struct notifier_link_holder {
	struct notifier_block nb;
	const struct p2p_bus *bus;
};

static int notifier_hold_link_ends(struct notifier_block *nb,
				   unsigned long event, void *data)
{
	struct notifier_link_holder *h =
		container_of(nb, struct notifier_link_holder, nb);
	struct p2p_link *link = data;

	if ((event != P2P_EVENT_LINK_ADDED && event != P2P_EVENT_LINK_REMOVED) ||
	    link->bus != h->bus)
		return NOTIFY_DONE;
	if (event == P2P_EVENT_LINK_ADDED) {
		p2p_node_get(link->end[0].node);
		p2p_node_get(link->end[1].node);
	} else {
		p2p_node_put(link->end[0].node);
		p2p_node_put(link->end[1].node);
	}
	return NOTIFY_OK;
}

/**
 * struct notifier_unregistration - p2p_bus_unregister() run by a worker
 * @work: calls p2p_bus_unregister(@bus)
 * @bus: the bus, allocated apart: left allocated if the call never returns
 * @done: the call returned
 */
struct notifier_unregistration {
	struct work_struct work;
	struct p2p_bus bus;
	struct completion done;
};

static void notifier_unregister_bus(struct work_struct *work)
{
	struct notifier_unregistration *u =
		container_of(work, struct notifier_unregistration, work);

	p2p_bus_unregister(&u->bus);
	complete(&u->done);
}

/*
 * A backend removes a node that still has a link, gives the link back,
 * removes the other node and unregisters its bus (no release() op: the
 * call waits for every reference to the bus's nodes and links). The
 * listeners, the core's sysfs among them, hold references until told of
 * each removal; the call must return. It is made by a worker and waited
 * for with a timeout, so that a stuck call fails the test instead of
 * hanging it (the bus is then left allocated).
 */
static void
notifier_bus_unregister_returns_after_node_removal(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct notifier_link_holder *holder;
	struct notifier_unregistration *u;
	struct fake_topo *t = test->priv;
	struct p2p_node *a, *b;
	struct p2p_link *link;

	holder = kunit_kzalloc(test, sizeof(*holder), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, holder);
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, u);
	INIT_WORK(&u->work, notifier_unregister_bus);
	init_completion(&u->done);
	u->bus.name = "fake-unregistered";
	u->bus.ops = t->bus.ops;	/* the fake backend's */
	holder->bus = &u->bus;
	holder->nb.notifier_call = notifier_hold_link_ends;
	notifier_listen(test, &holder->nb);
	KUNIT_ASSERT_EQ(test, p2p_bus_register(&u->bus), 0);

	/* On a failed assertion below, @u stays allocated and registered. */
	a = p2p_node_add(&u->bus, P2P_NODE_SWITCH, NULL, NULL, "unreg-a", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	b = p2p_node_add(&u->bus, P2P_NODE_ENDPOINT, NULL, NULL, "unreg-b", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	link = p2p_link_add(&u->bus, a, b, &attr, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, link);
	p2p_node_remove(a);
	p2p_link_remove(link);
	p2p_node_remove(b);

	queue_work(system_unbound_wq, &u->work);
	if (!wait_for_completion_timeout(&u->done, 20 * HZ)) {
		KUNIT_FAIL(test,
			   "p2p_bus_unregister() waits after 20 s: a listener kept a reference");
		return;	/* @u stays allocated: the worker still uses it */
	}
	flush_work(&u->work);
	kfree(u);
}

static struct kunit_case notifier_test_cases[] = {
	KUNIT_CASE(notifier_sees_every_change),
	KUNIT_CASE(notifier_callback_may_take_changers_lock),
	KUNIT_CASE(notifier_callback_may_change_graph),
	KUNIT_CASE(notifier_events_follow_order_of_changes),
	KUNIT_CASE(notifier_removed_node_is_valid_in_its_event),
	KUNIT_CASE(notifier_node_removal_tells_its_links_first),
	KUNIT_CASE(notifier_bus_unregister_returns_after_node_removal),
	{}
};

static struct kunit_suite notifier_test_suite = {
	.name = "p2p_notifier",
	.init = fake_topo_init,
	.exit = fake_topo_exit,
	.test_cases = notifier_test_cases,
};

kunit_test_suite(notifier_test_suite);
