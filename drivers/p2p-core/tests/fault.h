/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocation faults for the KUnit suites: the Nth fault-injection point
 * the test's own task reaches fails (current->fail_nth, as
 * /proc/self/fail-nth sets it); every other task is left alone.
 *
 * failslab and fail_page_alloc skip every allocation that may sleep by
 * default (their ignore-gfp-wait attribute is Y), which is most of the
 * project's, and print a stack trace for each failure they force
 * (verbose). Built-in suites run before user space could change either;
 * and a case that skipped once is never run again from KUnit's debugfs
 * (6.12's kunit_run_tests() takes a skipped status for a "skip" filter).
 * So each case sets both attributes itself, through the variables behind
 * their debugfs files, for as long as it runs, and puts them back.
 */
#ifndef _P2P_TEST_FAULT_H
#define _P2P_TEST_FAULT_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/slab.h>

/* Give up on an operation that still has allocation points after this. */
#define P2P_FAULT_MAX_POINTS	500

static const char *const p2p_fault_dirs[] = {
	"failslab",
#ifdef CONFIG_FAIL_PAGE_ALLOC
	"fail_page_alloc",
#endif
};

/**
 * struct p2p_fault_knobs - fault attributes a case changes, and their values
 * @ignore_gfp_wait: each directory's ignore-gfp-wait
 * @verbose: each directory's verbose
 * @ignore_was: @ignore_gfp_wait before the case
 * @verbose_was: @verbose before the case
 */
struct p2p_fault_knobs {
	bool *ignore_gfp_wait[ARRAY_SIZE(p2p_fault_dirs)];
	unsigned long *verbose[ARRAY_SIZE(p2p_fault_dirs)];
	bool ignore_was[ARRAY_SIZE(p2p_fault_dirs)];
	unsigned long verbose_was[ARRAY_SIZE(p2p_fault_dirs)];
};

/* Fail the @nth fault-injection point this task reaches from now on. */
static inline void p2p_fault_arm(unsigned int nth)
{
	WRITE_ONCE(current->fail_nth, nth);
}

/* Stop failing; return whether the armed point was reached and failed. */
static inline bool p2p_fault_disarm(void)
{
	bool hit = !READ_ONCE(current->fail_nth);

	WRITE_ONCE(current->fail_nth, 0);
	return hit;
}

/*
 * The variable behind /sys/kernel/debug/@dir/@name: debugfs_create_bool()
 * and debugfs_create_ul() keep its address in the file's inode.
 */
static inline void *p2p_fault_attr(struct kunit *test, const char *dir,
				   const char *name)
{
	struct dentry *parent, *file;
	void *var = NULL;

	parent = debugfs_lookup(dir, NULL);
	if (!IS_ERR_OR_NULL(parent)) {
		file = debugfs_lookup(name, parent);
		if (!IS_ERR_OR_NULL(file)) {
			var = d_inode(file)->i_private;
			dput(file);
		}
		dput(parent);
	}
	KUNIT_ASSERT_NOT_NULL_MSG(test, var, "no debugfs file %s/%s", dir, name);
	return var;
}

static inline void p2p_fault_restore(void *data)
{
	struct p2p_fault_knobs *k = data;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(p2p_fault_dirs); i++) {
		WRITE_ONCE(*k->ignore_gfp_wait[i], k->ignore_was[i]);
		WRITE_ONCE(*k->verbose[i], k->verbose_was[i]);
	}
}

/*
 * Let failslab and fail_page_alloc fail this task's sleeping allocations
 * too, silently, until the case ends; then check that the first point
 * this task reaches does fail. A case that cannot inject fails.
 */
static inline void p2p_fault_setup(struct kunit *test)
{
	struct p2p_fault_knobs *k;
	unsigned int i;
	void *probe;
	bool hit;

	k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, k);
	for (i = 0; i < ARRAY_SIZE(p2p_fault_dirs); i++) {
		k->ignore_gfp_wait[i] = p2p_fault_attr(test, p2p_fault_dirs[i],
						       "ignore-gfp-wait");
		k->verbose[i] = p2p_fault_attr(test, p2p_fault_dirs[i],
					       "verbose");
		k->ignore_was[i] = READ_ONCE(*k->ignore_gfp_wait[i]);
		k->verbose_was[i] = READ_ONCE(*k->verbose[i]);
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, p2p_fault_restore,
							k), 0);
	for (i = 0; i < ARRAY_SIZE(p2p_fault_dirs); i++) {
		WRITE_ONCE(*k->ignore_gfp_wait[i], false);
		WRITE_ONCE(*k->verbose[i], 0);
	}

	p2p_fault_arm(1);
	probe = kmalloc(16, GFP_KERNEL);
	hit = p2p_fault_disarm();
	kfree(probe);
	KUNIT_ASSERT_TRUE_MSG(test, hit && !probe,
			      "failslab did not fail this task's allocation");
}

#endif /* _P2P_TEST_FAULT_H */
