/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Samples and the P2P-BENCH report line shared by the benchmark suites
 * (drivers/p2p-core/bench, drivers/p2p-bus-pcie/tests/bench_test.c).
 * tests/harness/bench.py reads the lines; see its header for the format.
 */
#ifndef _P2P_BENCH_H
#define _P2P_BENCH_H

#include <kunit/test.h>
#include <linux/ktime.h>
#include <linux/types.h>

/**
 * struct p2p_bench_samples - measurements of one figure, in ns per op
 * @ns: the samples
 * @nr: samples taken
 * @max: capacity of @ns
 */
struct p2p_bench_samples {
	u64 *ns;
	unsigned int nr;
	unsigned int max;
};

void p2p_bench_samples_init(struct kunit *test, struct p2p_bench_samples *s,
			    unsigned int max);
void p2p_bench_add(struct p2p_bench_samples *s, u64 ns);
u64 p2p_bench_percentile(struct p2p_bench_samples *s, unsigned int pct);
void p2p_bench_report(struct kunit *test, const char *name, const char *unit,
		      struct p2p_bench_samples *s,
		      struct p2p_bench_samples *legacy, const char *extra);
void p2p_bench_report_value(struct kunit *test, const char *name,
			    const char *unit, u64 value, const char *extra);

/* Nanoseconds since @start, a ktime_get_ns() value. */
static inline u64 p2p_bench_since(u64 start)
{
	return ktime_get_ns() - start;
}

#endif /* _P2P_BENCH_H */
