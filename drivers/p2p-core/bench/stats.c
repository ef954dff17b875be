// SPDX-License-Identifier: GPL-2.0
/*
 * Samples, percentiles and the P2P-BENCH line of the benchmark suites.
 *
 * A figure is never asserted: the suites report what they measured and
 * make bench (tests/harness/bench.py) sets it beside its goal. What the
 * suites do assert is that they measured what they meant to (the answer
 * each query returned), so that make check's short run keeps them honest.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "bench.h"

/**
 * p2p_bench_samples_init() - room for @max samples, freed with the test
 * @test: the test
 * @s: the samples
 * @max: capacity
 */
void p2p_bench_samples_init(struct kunit *test, struct p2p_bench_samples *s,
			    unsigned int max)
{
	s->ns = kunit_kcalloc(test, max, sizeof(*s->ns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s->ns);
	s->nr = 0;
	s->max = max;
}

/**
 * p2p_bench_add() - record one sample; those beyond the capacity are lost
 * @s: the samples
 * @ns: nanoseconds per operation
 */
void p2p_bench_add(struct p2p_bench_samples *s, u64 ns)
{
	if (s->nr < s->max)
		s->ns[s->nr++] = ns;
}

static int p2p_bench_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/**
 * p2p_bench_percentile() - the @pct-th percentile (nearest rank)
 * @s: the samples; sorted in place
 * @pct: 50 for the median, 99 for p99, 100 for the maximum
 *
 * Return: the sample, or 0 when there is none.
 */
u64 p2p_bench_percentile(struct p2p_bench_samples *s, unsigned int pct)
{
	unsigned int rank;

	if (!s->nr)
		return 0;
	sort(s->ns, s->nr, sizeof(*s->ns), p2p_bench_cmp, NULL);
	rank = DIV_ROUND_UP(s->nr * pct, 100);
	return s->ns[clamp(rank, 1U, s->nr) - 1];
}

/**
 * p2p_bench_report() - print a figure as a P2P-BENCH line
 * @test: the test (fails when no sample was taken)
 * @name: the figure, e.g. "tree/4096/cached"
 * @unit: its unit, e.g. "ns/op"
 * @s: its samples
 * @legacy: the same operation done by the legacy code, or NULL
 * @extra: further "key=value" pairs separated by spaces, or NULL
 */
void p2p_bench_report(struct kunit *test, const char *name, const char *unit,
		      struct p2p_bench_samples *s,
		      struct p2p_bench_samples *legacy, const char *extra)
{
	char more[64] = "";

	KUNIT_EXPECT_GT_MSG(test, s->nr, 0U, "%s: nothing measured", name);
	if (legacy) {
		KUNIT_EXPECT_GT_MSG(test, legacy->nr, 0U,
				    "%s: legacy not measured", name);
		snprintf(more, sizeof(more), " legacy_median=%llu legacy_p99=%llu",
			 p2p_bench_percentile(legacy, 50),
			 p2p_bench_percentile(legacy, 99));
	}
	pr_info("P2P-BENCH: %s unit=%s median=%llu p99=%llu%s samples=%u%s%s\n",
		name, unit, p2p_bench_percentile(s, 50),
		p2p_bench_percentile(s, 99), more, s->nr,
		extra ? " " : "", extra ?: "");
}

/**
 * p2p_bench_report_value() - print a single value as a P2P-BENCH line
 * @test: the test
 * @name: the figure
 * @unit: its unit
 * @value: the value (median and p99 alike)
 * @extra: further "key=value" pairs, or NULL
 */
void p2p_bench_report_value(struct kunit *test, const char *name,
			    const char *unit, u64 value, const char *extra)
{
	pr_info("P2P-BENCH: %s unit=%s median=%llu p99=%llu samples=1%s%s\n",
		name, unit, value, value, extra ? " " : "", extra ?: "");
}
