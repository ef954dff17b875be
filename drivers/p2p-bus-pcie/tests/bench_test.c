// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmarks: the graph against p2pdma's legacy logic on in-memory PCIe
 * hierarchies (pcie_topo.c), in one boot, so that ratios mean something
 * under emulation too. Figures are printed as P2P-BENCH lines (see
 * drivers/p2p-core/bench/bench.h); the answers are checked against the
 * legacy walk, the speed never.
 *
 * - cached map type: what pci_p2pdma_map_segment() asks for every
 *   segment (pcie_p2p_map_type() from the route cache), over every
 *   (provider, client) pair of a 64-function hierarchy. p2pdma answers it
 *   from a per-provider xarray, which is static in p2pdma.c; the figure
 *   set beside the graph's is the same xa_load() on an xarray filled the
 *   same way (keyed by domain, bus and devfn), under rcu_read_lock() as
 *   p2pdma takes it.
 * - uncached route: a search (p2p_route_to_device(), as
 *   pcie_p2p_distance() does without memory) against the legacy upstream
 *   walk (pci_p2pdma_legacy_map_type()), from an endpoint below the first
 *   of a chain of 1 to 8 switches to one below the last.
 * - distance_many and find_many, 8 clients and 16 providers of the
 *   64-function hierarchy: p2p_distance_many() and p2p_find_provider(),
 *   which pci_p2pdma_distance_many() and pci_p2pmem_find_many() call,
 *   against what those did before the takeover: the legacy walk per
 *   client, summed, and for find_many that sum for every provider, the
 *   smallest winning. The legacy figure leaves out pci_p2pmem_find_many()'s
 *   pci_get_device() loop over every PCI function, which only flatters it.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/p2p_bus_pcie.h>
#include <linux/xarray.h>

#include "../../p2p-core/bench/bench.h"
#include "p2pdma_map.h"
#include "pcie_topo.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "p2p_bench_pcie."

static unsigned int reps = 1;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "repetitions of each measurement (make bench: 7)");

static bool full;
module_param(full, bool, 0444);
MODULE_PARM_DESC(full, "200 rounds per figure instead of 10");

#define BENCH_EPS	52	/* with 12 bridges, 64 functions */

static unsigned int bench_rounds(void)
{
	return full ? 200 : 10;
}

/*
 *	hb - rp0 - usp0 -+- dsp0 - 7 endpoints
 *	                 ...
 *	                 +- dsp3 - 6 endpoints
 *	   - rp1 - usp1 -+- dsp4 ...
 *
 * 2 root ports, 2 switches of 4 downstream ports: 12 bridges and 52
 * endpoints, each with memory. Returns the endpoints in @ep.
 */
static void bench_build_64(struct pcie_topo *t, int *ep)
{
	int hb = pt_hb(t, PCIE_P2P_HB_ALLOW), rp, usp, dsp, i, j, n = 0;

	for (i = 0; i < 2; i++) {
		rp = pt_fn(t, -1, hb, true, 0);
		usp = pt_fn(t, rp, hb, true, 0);
		for (j = 0; j < 4; j++) {
			int k, nr = BENCH_EPS / 8 + (i * 4 + j < BENCH_EPS % 8);

			dsp = pt_fn(t, usp, hb, true, j + 1);
			for (k = 0; k < nr; k++) {
				ep[n] = pt_fn(t, dsp, hb, false, 0);
				pt_provider(t, ep[n++]);
			}
		}
	}
	KUNIT_ASSERT_EQ(t->test, n, BENCH_EPS);
	KUNIT_ASSERT_EQ(t->test, t->nr_fns, 64);
}

static unsigned long bench_xa_index(struct pci_dev *pdev)
{
	/* p2pdma's map_types_idx(): domain, bus and devfn */
	return (pci_domain_nr(pdev->bus) << 16) | pci_dev_id(pdev);
}

/*
 * The legacy cache of provider @p: every function's map type, as p2pdma
 * stores it. The graph must give the same answers (which also fills its
 * cache).
 */
static void bench_fill_xa(struct pcie_topo *t, struct xarray *xa, int p)
{
	unsigned long idx;
	int c, dist;

	for (c = 0; c < t->nr_fns; c++) {
		enum pci_p2pdma_map_type map;

		map = pci_p2pdma_legacy_map_type(t->fns[p].pdev, t->fns[c].pdev,
						 &dist);
		KUNIT_EXPECT_EQ(t->test, pcie_p2p_map_type(t->fns[p].pdev,
							   t->provs[p], t->devs[c]),
				pcie_test_map_of(map));
		idx = bench_xa_index(t->fns[c].pdev);
		KUNIT_ASSERT_EQ(t->test, xa_err(xa_store(xa, idx, xa_mk_value(map),
							 GFP_KERNEL)), 0);
	}
}

/* ns per lookup of every pair, graph's cache then the legacy xarray's. */
static void bench_cached_round(struct pcie_topo *t, const int *ep,
			       struct xarray *xas, u64 *graph, u64 *legacy)
{
	unsigned int direct = 0, legacy_direct = 0, nr = BENCH_EPS * t->nr_fns;
	int p, c;
	u64 start;

	start = ktime_get_ns();
	for (p = 0; p < BENCH_EPS; p++)
		for (c = 0; c < t->nr_fns; c++)
			direct += pcie_p2p_map_type(t->fns[ep[p]].pdev, t->provs[ep[p]],
						    t->devs[c]) == P2P_MAP_DIRECT;
	*graph = p2p_bench_since(start) / nr;

	start = ktime_get_ns();
	for (p = 0; p < BENCH_EPS; p++) {
		for (c = 0; c < t->nr_fns; c++) {
			rcu_read_lock();
			legacy_direct += xa_to_value(xa_load(&xas[p],
							     bench_xa_index(t->fns[c].pdev))) ==
					 PCI_P2PDMA_MAP_BUS_ADDR;
			rcu_read_unlock();
		}
	}
	*legacy = p2p_bench_since(start) / nr;
	KUNIT_EXPECT_EQ(t->test, direct, legacy_direct);
}

static void bench_pcie_cached_map_type(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	struct p2p_bench_samples graph, legacy;
	unsigned int r, i, n = max(reps, 1U);
	int *ep = kunit_kcalloc(test, BENCH_EPS, sizeof(*ep), GFP_KERNEL);
	struct xarray *xas = kunit_kcalloc(test, BENCH_EPS, sizeof(*xas), GFP_KERNEL);
	u64 g, l;
	int p;

	KUNIT_ASSERT_TRUE(test, ep && xas);
	bench_build_64(t, ep);
	for (p = 0; p < BENCH_EPS; p++) {
		xa_init(&xas[p]);
		bench_fill_xa(t, &xas[p], ep[p]);
	}
	p2p_bench_samples_init(test, &graph, n * bench_rounds());
	p2p_bench_samples_init(test, &legacy, n * bench_rounds());
	/* Fill the graph's caches: the first query of each pair searches. */
	bench_cached_round(t, ep, xas, &g, &l);
	for (r = 0; r < n; r++) {
		for (i = 0; i < bench_rounds(); i++) {
			bench_cached_round(t, ep, xas, &g, &l);
			p2p_bench_add(&graph, g);
			p2p_bench_add(&legacy, l);
		}
	}
	p2p_bench_report(test, "pcie/cached_map_type/64fn", "ns/op", &graph,
			 &legacy, "legacy_is=xa_load");
	for (p = 0; p < BENCH_EPS; p++)
		xa_destroy(&xas[p]);
}

/*
 * A chain of @depth switches below a new root port: an endpoint below the
 * first switch's second port (@top) and one below the last switch (@bottom),
 * which is @depth switches deep. Returns the endpoints.
 *
 *	rp - usp1 -+- dsp - ... - usp<depth> - dsp - bottom
 *	           +- dsp - top
 */
static void bench_build_chain(struct pcie_topo *t, int hb, int depth, int *top,
			      int *bottom)
{
	int up = pt_fn(t, -1, hb, true, 0), usp, i;

	for (i = 0; i < depth; i++) {
		usp = pt_fn(t, up, hb, true, 0);
		if (i == 0)
			*top = pt_fn(t, pt_fn(t, usp, hb, true, 2), hb, false, 0);
		up = pt_fn(t, usp, hb, true, 1);
	}
	*bottom = pt_fn(t, up, hb, false, 0);
	pt_provider(t, *top);
}

static void bench_uncached_depth(struct pcie_topo *t, int depth, int top,
				 int bottom)
{
	unsigned int i, r, n = max(reps, 1U), rounds = bench_rounds();
	struct p2p_bench_samples graph, legacy;
	struct p2p_route_info info;
	int ret = 0, maps = 0, want;
	char name[48];
	u64 start;

	/* The answer first: the graph's distance is the legacy walk's. */
	pci_p2pdma_legacy_map_type(t->fns[top].pdev, t->fns[bottom].pdev, &want);
	KUNIT_ASSERT_EQ(t->test, p2p_route_to_device(t->devs[top], t->devs[bottom],
						     P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(t->test, (int)info.distance, want);

	p2p_bench_samples_init(t->test, &graph, n);
	p2p_bench_samples_init(t->test, &legacy, n);
	for (r = 0; r < n; r++) {
		start = ktime_get_ns();
		for (i = 0; i < rounds; i++)
			ret |= p2p_route_to_device(t->devs[top], t->devs[bottom],
						   P2P_DIR_BOTH, &info);
		p2p_bench_add(&graph, p2p_bench_since(start) / rounds);
		start = ktime_get_ns();
		for (i = 0; i < rounds; i++)
			maps |= pci_p2pdma_legacy_map_type(t->fns[top].pdev,
							   t->fns[bottom].pdev, &want);
		p2p_bench_add(&legacy, p2p_bench_since(start) / rounds);
	}
	KUNIT_EXPECT_EQ(t->test, ret, 0);
	KUNIT_EXPECT_NE(t->test, maps, 0);
	snprintf(name, sizeof(name), "pcie/uncached_route/depth%d", depth);
	p2p_bench_report(t->test, name, "ns/op", &graph, &legacy, NULL);
}

static void bench_pcie_uncached_route(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	int hb = pt_hb(t, PCIE_P2P_HB_ALLOW), depth, top[9], bottom[9];

	for (depth = 1; depth <= 8; depth++)
		bench_build_chain(t, hb, depth, &top[depth], &bottom[depth]);
	for (depth = 1; depth <= 8; depth++)
		bench_uncached_depth(t, depth, top[depth], bottom[depth]);
}

#define BENCH_MANY_CLIENTS	8
#define BENCH_MANY_PROVIDERS	16

/*
 * pci_p2pdma_distance_many() as it was before the takeover: the legacy
 * walk for every client, the distances summed, -1 when one is refused.
 */
static int bench_legacy_distance_many(struct pcie_topo *t, int prov,
				      const int *clients)
{
	int i, dist, total = 0;

	for (i = 0; i < BENCH_MANY_CLIENTS; i++) {
		if (pci_p2pdma_legacy_map_type(t->fns[prov].pdev,
					       t->fns[clients[i]].pdev, &dist) ==
		    PCI_P2PDMA_MAP_NOT_SUPPORTED)
			return -1;
		total += dist;
	}
	return total;
}

/* pci_p2pmem_find_many() before the takeover: the smallest sum wins. */
static int bench_legacy_find_many(struct pcie_topo *t, const int *provs,
				  const int *clients)
{
	int p, dist, best = -1, best_dist = INT_MAX;

	for (p = 0; p < BENCH_MANY_PROVIDERS; p++) {
		dist = bench_legacy_distance_many(t, provs[p], clients);
		if (dist >= 0 && dist < best_dist) {
			best = provs[p];
			best_dist = dist;
		}
	}
	return best;
}

/* ns per call over every provider: graph, then legacy. */
static void bench_distance_many_round(struct pcie_topo *t, const int *provs,
				      const int *clients,
				      struct device **devs, u64 *graph,
				      u64 *legacy)
{
	int p, sum = 0, legacy_sum = 0;
	u64 start;

	start = ktime_get_ns();
	for (p = 0; p < BENCH_MANY_PROVIDERS; p++)
		sum += p2p_distance_many(t->provs[provs[p]], devs,
					 BENCH_MANY_CLIENTS, false);
	*graph = p2p_bench_since(start) / BENCH_MANY_PROVIDERS;
	start = ktime_get_ns();
	for (p = 0; p < BENCH_MANY_PROVIDERS; p++)
		legacy_sum += bench_legacy_distance_many(t, provs[p], clients);
	*legacy = p2p_bench_since(start) / BENCH_MANY_PROVIDERS;
	KUNIT_EXPECT_EQ(t->test, sum, legacy_sum);
}

/* ns per call: graph, then legacy; both must choose equally close memory. */
static void bench_find_many_round(struct pcie_topo *t, const int *provs,
				  const int *clients, struct device **devs,
				  u64 *graph, u64 *legacy)
{
	struct p2p_provider *found;
	int best, want, i;
	u64 start;

	start = ktime_get_ns();
	found = p2p_find_provider(devs, BENCH_MANY_CLIENTS, P2P_FIND_COST);
	*graph = p2p_bench_since(start);
	start = ktime_get_ns();
	best = bench_legacy_find_many(t, provs, clients);
	*legacy = p2p_bench_since(start);

	KUNIT_ASSERT_NOT_NULL(t->test, found);
	KUNIT_ASSERT_GE(t->test, best, 0);
	want = bench_legacy_distance_many(t, best, clients);
	for (i = 0; i < BENCH_MANY_PROVIDERS; i++)
		if (t->provs[provs[i]] == found)
			break;
	KUNIT_EXPECT_LT(t->test, i, BENCH_MANY_PROVIDERS);
	if (i < BENCH_MANY_PROVIDERS)
		KUNIT_EXPECT_EQ(t->test,
				bench_legacy_distance_many(t, provs[i], clients),
				want);
	p2p_provider_put(found);
}

static void bench_pcie_distance_find_many(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	int ep[BENCH_EPS], provs[BENCH_MANY_PROVIDERS];
	int clients[BENCH_MANY_CLIENTS];
	struct device *devs[BENCH_MANY_CLIENTS];
	struct p2p_bench_samples dg, dl, fg, fl;
	unsigned int r, i, n = max(reps, 1U);
	u64 g, l;

	bench_build_64(t, ep);
	/* Providers every third endpoint, clients between them. */
	for (i = 0; i < BENCH_MANY_PROVIDERS; i++) {
		provs[i] = ep[3 * i];
		p2p_provider_publish(t->provs[provs[i]], true);
	}
	for (i = 0; i < BENCH_MANY_CLIENTS; i++) {
		clients[i] = ep[6 * i + 1];
		devs[i] = t->devs[clients[i]];
	}
	p2p_bench_samples_init(test, &dg, n * bench_rounds());
	p2p_bench_samples_init(test, &dl, n * bench_rounds());
	p2p_bench_samples_init(test, &fg, n * bench_rounds());
	p2p_bench_samples_init(test, &fl, n * bench_rounds());
	/* The first round fills the graph's caches. */
	bench_distance_many_round(t, provs, clients, devs, &g, &l);
	for (r = 0; r < n * bench_rounds(); r++) {
		bench_distance_many_round(t, provs, clients, devs, &g, &l);
		p2p_bench_add(&dg, g);
		p2p_bench_add(&dl, l);
		bench_find_many_round(t, provs, clients, devs, &g, &l);
		p2p_bench_add(&fg, g);
		p2p_bench_add(&fl, l);
	}
	p2p_bench_report(test, "pcie/distance_many/8x16", "ns/op", &dg, &dl,
			 "legacy_is=walk_per_client");
	p2p_bench_report(test, "pcie/find_many/8x16", "ns/op", &fg, &fl,
			 "legacy_is=walk_per_client_per_provider");
}

static struct kunit_case bench_pcie_cases[] = {
	KUNIT_CASE(bench_pcie_cached_map_type),
	KUNIT_CASE(bench_pcie_uncached_route),
	KUNIT_CASE(bench_pcie_distance_find_many),
	{}
};

static struct kunit_suite bench_pcie_suite = {
	.name = "p2p_bench_pcie",
	.init = pt_init,
	.exit = pt_exit,
	.test_cases = bench_pcie_cases,
};

kunit_test_suite(bench_pcie_suite);
