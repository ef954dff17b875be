// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the lifetime of /sys/kernel/p2p_topology's node directories
 * (sysfs.c). A node lets go of its device and firmware node when it is
 * removed, and its events are told later, from a work item: the
 * directory must show only what it holds references to itself. The
 * suites run before user space mounts sysfs, so attributes are read
 * through the directory's kobject, as a read() of the file would.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kobject.h>
#include <linux/property.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "../core.h"
#include "fake_bus.h"

/**
 * struct sysfs_hold - keeps the core's event work item from running
 * @work: runs on the events' ordered workqueue and waits for @release
 * @started: @work runs: events queued from now on wait behind it
 * @release: let the events go
 */
struct sysfs_hold {
	struct work_struct work;
	struct completion started, release;
};

static void sysfs_hold_fn(struct work_struct *work)
{
	struct sysfs_hold *hold = container_of(work, struct sysfs_hold, work);

	complete(&hold->started);
	wait_for_completion(&hold->release);
}

static void sysfs_release_events(void *data)
{
	struct sysfs_hold *hold = data;

	complete(&hold->release);
	flush_work(&hold->work);
}

/* Until sysfs_release_events() (or the end of the test), no event is told. */
static struct sysfs_hold *sysfs_hold_events(struct kunit *test)
{
	struct sysfs_hold *hold = kunit_kzalloc(test, sizeof(*hold), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, hold);
	INIT_WORK(&hold->work, sysfs_hold_fn);
	init_completion(&hold->started);
	init_completion(&hold->release);
	KUNIT_ASSERT_NOT_NULL(test, p2p_graph.events_wq);
	p2p_notifier_flush();
	queue_work(p2p_graph.events_wq, &hold->work);
	wait_for_completion(&hold->started);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							sysfs_release_events,
							hold), 0);
	return hold;
}

/* Read attribute @name of directory @kobj into @buf (PAGE_SIZE). */
static ssize_t sysfs_attr_read(struct kobject *kobj, const char *name,
			       char *buf)
{
	const struct attribute_group **groups = kobj->ktype->default_groups;
	struct attribute **attr;

	for (; groups && *groups; groups++)
		for (attr = (*groups)->attrs; *attr; attr++)
			if (!strcmp((*attr)->name, name))
				return kobj->ktype->sysfs_ops->show(kobj, *attr,
								    buf);
	return -ENOENT;
}

/**
 * struct sysfs_watch - told after sysfs whether a node got a directory
 * @nb: the listener, of a lower priority than sysfs's
 * @node: the node watched
 * @told: its NODE_ADDED event came
 * @had_directory: sysfs had made its directory by then
 */
struct sysfs_watch {
	struct notifier_block nb;
	const struct p2p_node *node;
	bool told, had_directory;
};

static int sysfs_watch_node(struct notifier_block *nb, unsigned long event,
			    void *data)
{
	struct sysfs_watch *w = container_of(nb, struct sysfs_watch, nb);
	struct p2p_node *node = data;

	if (event != P2P_EVENT_NODE_ADDED || node != w->node)
		return NOTIFY_DONE;
	w->told = true;
	w->had_directory = !!node->sysfs;
	return NOTIFY_OK;
}

static void sysfs_unwatch(void *nb)
{
	p2p_notifier_flush();
	p2p_unregister_notifier(nb);
}

/*
 * A device whose node is added and removed before the NODE_ADDED event
 * is told, and which is freed in between (a function hot-removed at
 * once): the event finds the node removed, and no directory may be made
 * for it, nor a "device" link to the freed device (KASAN reports a use
 * after free otherwise).
 */
static void
sysfs_node_removed_before_told_gets_no_directory(struct kunit *test)
{
	struct sysfs_watch *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct fake_topo *t = test->priv;
	struct sysfs_hold *hold;
	struct p2p_node *node;
	struct device *dev;

	KUNIT_ASSERT_NOT_NULL(test, w);
	w->nb.notifier_call = sysfs_watch_node;
	w->nb.priority = -1;		/* after sysfs */
	p2p_notifier_flush();
	KUNIT_ASSERT_EQ(test, p2p_register_notifier(&w->nb), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sysfs_unwatch,
							&w->nb), 0);
	dev = kunit_device_register(test, "p2p-sysfs-gone");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);

	hold = sysfs_hold_events(test);
	node = p2p_node_add(&t->bus, P2P_NODE_ENDPOINT, dev, NULL, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, node);
	w->node = node;
	p2p_node_remove(node);
	kunit_device_unregister(test, dev);
	kunit_release_action(test, sysfs_release_events, hold);
	p2p_notifier_flush();

	KUNIT_EXPECT_TRUE(test, w->told);
	KUNIT_EXPECT_FALSE_MSG(test, w->had_directory,
			       "a directory was made for a removed node");
}

static const struct software_node sysfs_test_swnode = {
	.name = "p2p-sysfs-test",
};

/*
 * A node bound to a software node is removed (it drops its reference)
 * and the software node unregistered (its creator's) before the
 * NODE_REMOVED event is told: the directory is still there and its
 * firmware_node attribute must print the name from its own reference,
 * not from freed memory.
 */
static void
sysfs_firmware_node_outlives_the_nodes_reference(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct fwnode_handle *fwnode;
	struct sysfs_hold *hold;
	struct kobject *dir;
	struct p2p_node *node;
	ssize_t len;
	char *buf;

	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, software_node_register(&sysfs_test_swnode), 0);
	fwnode = software_node_fwnode(&sysfs_test_swnode);
	KUNIT_ASSERT_NOT_NULL(test, fwnode);
	node = p2p_node_add(&t->bus, P2P_NODE_ENDPOINT, NULL, fwnode, NULL,
			    NULL);
	if (IS_ERR(node))
		software_node_unregister(&sysfs_test_swnode);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, node);
	p2p_notifier_flush();
	dir = node->sysfs;
	if (!dir) {
		p2p_node_remove(node);
		software_node_unregister(&sysfs_test_swnode);
		KUNIT_FAIL(test, "no directory for a live node");
		return;
	}

	hold = sysfs_hold_events(test);
	p2p_node_remove(node);
	software_node_unregister(&sysfs_test_swnode);
	len = sysfs_attr_read(dir, "firmware_node", buf);
	/* Before the exit: the bus waits for the node the event holds. */
	kunit_release_action(test, sysfs_release_events, hold);
	KUNIT_EXPECT_EQ(test, len, (ssize_t)strlen("p2p-sysfs-test\n"));
	KUNIT_EXPECT_STREQ(test, buf, "p2p-sysfs-test\n");
}

/*
 * Every directory added or removed sends one uevent (KOBJ_ADD, then
 * KOBJ_REMOVE): three nodes and two links added are five, a node removed
 * with its two links three. User space cannot listen on the test
 * kernel (no networking, no uevent helper), so the kernel's uevent
 * sequence number counts them; other devices may send uevents meanwhile,
 * hence at least.
 */
static void sysfs_each_directory_sends_a_uevent(struct kunit *test)
{
#if IS_BUILTIN(CONFIG_P2P_TOPOLOGY_KUNIT_TEST)
	struct fake_topo *t = test->priv;
	s64 before;
	int hub, a, b;

	p2p_notifier_flush();
	before = atomic64_read(&uevent_seqnum);
	hub = fake_node(t, P2P_NODE_SWITCH, false);
	a = fake_node(t, P2P_NODE_ENDPOINT, false);
	b = fake_node(t, P2P_NODE_ENDPOINT, false);
	fake_link(t, hub, a, 1);
	fake_link(t, hub, b, 1);
	p2p_notifier_flush();
	KUNIT_EXPECT_GE(test, atomic64_read(&uevent_seqnum) - before, 5);

	before = atomic64_read(&uevent_seqnum);
	fake_node_remove(t, hub);
	p2p_notifier_flush();
	KUNIT_EXPECT_GE(test, atomic64_read(&uevent_seqnum) - before, 3);
#else
	kunit_skip(test, "uevent_seqnum is not exported to modules");
#endif
}

static struct kunit_case sysfs_test_cases[] = {
	KUNIT_CASE(sysfs_node_removed_before_told_gets_no_directory),
	KUNIT_CASE(sysfs_firmware_node_outlives_the_nodes_reference),
	KUNIT_CASE(sysfs_each_directory_sends_a_uevent),
	{}
};

static struct kunit_suite sysfs_test_suite = {
	.name = "p2p_sysfs",
	.init = fake_topo_init,
	.exit = fake_topo_exit,
	.test_cases = sysfs_test_cases,
};

kunit_test_suite(sysfs_test_suite);
