// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the figures of the link into a CXL region (perf.c), on port
 * trees in memory, against figures worked by hand from how an interleave
 * set spreads its traffic (HDM decoder interleave: each of the n
 * positions takes every n-th granule): a device or link of capacity
 * C that k positions share carries the whole at most at C * n / k, and
 * the region runs at the least of these; its latency is the slowest
 * device's with its links.
 *
 *	hb (anchor)
 *	+- rp0 ----- sw0 -+- dsp0.0 - ep ... dsp0.3 - ep	positions 0, 2, 4, 6
 *	+- rp1 ----- sw1 -+- dsp1.0 - ep ... dsp1.3 - ep	positions 1, 3, 5, 7
 *
 * The interleave order alternates between the root ports, as the 8-way
 * region of cxl-8way.topo does, so that each shared link is met by
 * several positions apart.
 */
#include <kunit/test.h>

#include "../perf.h"
#include "../port.h"

struct perf_tree {
	struct p2p_cxl_port hb, rp[2], sw[2], dsp[2][4], ep[2][4];
	const struct p2p_cxl_port *endpoints[8];
	struct p2p_link_attr devices[8];
};

static void perf_link(struct p2p_cxl_port *port, struct p2p_cxl_port *parent,
		      u32 bw, u32 lat)
{
	port->parent = parent;
	port->uplink_attr.bandwidth_MBps = bw;
	port->uplink_attr.latency_ns = lat;
}

/*
 * Root ports 32,000 MB/s and 1 ns below the host bridge; switches 16,000
 * MB/s and 5 ns below them; downstream ports 64,000 MB/s and 2 ns inside
 * their switch; devices 8,000 MB/s and 10 ns below those. Each device
 * reads at 3,000 MB/s in 150 ns and writes at 2,000 MB/s in 250 ns.
 */
static struct perf_tree *perf_tree(struct kunit *test)
{
	struct perf_tree *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	int r, d;

	KUNIT_ASSERT_NOT_NULL(test, t);
	for (r = 0; r < 2; r++) {
		perf_link(&t->rp[r], &t->hb, 32000, 1);
		perf_link(&t->sw[r], &t->rp[r], 16000, 5);
		for (d = 0; d < 4; d++) {
			perf_link(&t->dsp[r][d], &t->sw[r], 64000, 2);
			perf_link(&t->ep[r][d], &t->dsp[r][d], 8000, 10);
			t->endpoints[2 * d + r] = &t->ep[r][d];
			t->devices[2 * d + r] = (struct p2p_link_attr) {
				.bandwidth_MBps = 3000, .latency_ns = 150,
				.write_bandwidth_MBps = 2000,
				.write_latency_ns = 250,
			};
		}
	}
	return t;
}

/*
 * Reads: each device 3,000 * 8 = 24,000; each switch uplink 16,000 * 8 / 4
 * = 32,000; each root port 32,000 * 8 / 4 = 64,000: 24,000.
 */
static void perf_interleave_sums_and_shared_links_cap(struct kunit *test)
{
	struct perf_tree *t = perf_tree(test);
	struct p2p_link_attr attr = {};

	p2p_cxl_region_attr(&t->hb, t->endpoints, t->devices, 8, &attr);
	KUNIT_EXPECT_EQ(test, attr.bandwidth_MBps, 24000);
	/* writes: 2,000 * 8 */
	KUNIT_EXPECT_EQ(test, attr.write_bandwidth_MBps, 16000);
	/* the device, then 10 + 2 + 5 + 1 ns of links */
	KUNIT_EXPECT_EQ(test, attr.latency_ns, 150 + 18);
	KUNIT_EXPECT_EQ(test, attr.write_latency_ns, 250 + 18);
}

/* 4,000 MB/s switch uplinks: 4,000 * 8 / 4 = 8,000, both directions. */
static void perf_narrow_shared_link_caps_its_devices(struct kunit *test)
{
	struct perf_tree *t = perf_tree(test);
	struct p2p_link_attr attr = {};

	t->sw[0].uplink_attr.bandwidth_MBps = 4000;
	t->sw[1].uplink_attr.bandwidth_MBps = 4000;
	p2p_cxl_region_attr(&t->hb, t->endpoints, t->devices, 8, &attr);
	KUNIT_EXPECT_EQ(test, attr.bandwidth_MBps, 8000);
	/* as reads: left 0, so that the link's write figure is the read one */
	KUNIT_EXPECT_EQ(test, attr.write_bandwidth_MBps, 0);
}

/*
 * A region within one switch (its uplink is not on the way) over a slow
 * and a fast device: the slow one sets the pace, 3,000 * 2.
 */
static void perf_region_below_one_switch(struct kunit *test)
{
	struct perf_tree *t = perf_tree(test);
	const struct p2p_cxl_port *endpoints[2] = { &t->ep[1][0], &t->ep[1][3] };
	struct p2p_link_attr devices[2] = { t->devices[0], t->devices[0] };
	struct p2p_link_attr attr = {};

	t->sw[1].uplink_attr.bandwidth_MBps = 1000;
	devices[1].bandwidth_MBps = 9000;
	devices[1].latency_ns = 100;
	p2p_cxl_region_attr(&t->sw[1], endpoints, devices, 2, &attr);
	KUNIT_EXPECT_EQ(test, attr.bandwidth_MBps, 6000);
	KUNIT_EXPECT_EQ(test, attr.latency_ns, 150 + 12);
	KUNIT_EXPECT_EQ(test, attr.write_bandwidth_MBps, 2000 + 2000);
	KUNIT_EXPECT_EQ(test, attr.write_latency_ns, 250 + 12);
}

/*
 * Unequal shares: a 4-way region over two devices below each switch, one
 * switch behind a 4,000 MB/s uplink: 4,000 * 4 / 2 = 8,000 (the devices
 * would take 12,000, the other switch 32,000). A 3-way region, two
 * positions behind that uplink and one behind the other: 4,000 * 3 / 2.
 */
static void perf_unequal_shares_set_the_pace(struct kunit *test)
{
	struct perf_tree *t = perf_tree(test);
	const struct p2p_cxl_port *four[4] = {
		&t->ep[0][0], &t->ep[1][0], &t->ep[0][1], &t->ep[1][1],
	};
	const struct p2p_cxl_port *three[3] = {
		&t->ep[0][0], &t->ep[1][0], &t->ep[0][1],
	};
	struct p2p_link_attr attr = {};

	t->sw[0].uplink_attr.bandwidth_MBps = 4000;
	p2p_cxl_region_attr(&t->hb, four, t->devices, 4, &attr);
	KUNIT_EXPECT_EQ(test, attr.bandwidth_MBps, 8000);
	p2p_cxl_region_attr(&t->hb, three, t->devices, 3, &attr);
	KUNIT_EXPECT_EQ(test, attr.bandwidth_MBps, 6000);
}

/* One device without figures, one link without a latency: unknown. */
static void perf_unknown_figure_leaves_direction_unknown(struct kunit *test)
{
	struct perf_tree *t = perf_tree(test);
	struct p2p_link_attr attr = {};

	t->devices[5] = (struct p2p_link_attr) {};
	p2p_cxl_region_attr(&t->hb, t->endpoints, t->devices, 8, &attr);
	KUNIT_EXPECT_EQ(test, attr.bandwidth_MBps, 0);
	KUNIT_EXPECT_EQ(test, attr.latency_ns, 0);
	KUNIT_EXPECT_EQ(test, attr.write_bandwidth_MBps, 0);
	KUNIT_EXPECT_EQ(test, attr.write_latency_ns, 0);

	t = perf_tree(test);
	attr = (struct p2p_link_attr) {};
	t->rp[1].uplink_attr.latency_ns = 0;
	p2p_cxl_region_attr(&t->hb, t->endpoints, t->devices, 8, &attr);
	KUNIT_EXPECT_EQ(test, attr.bandwidth_MBps, 24000);
	KUNIT_EXPECT_EQ(test, attr.latency_ns, 0);
}

static struct kunit_case p2p_cxl_perf_cases[] = {
	KUNIT_CASE(perf_interleave_sums_and_shared_links_cap),
	KUNIT_CASE(perf_narrow_shared_link_caps_its_devices),
	KUNIT_CASE(perf_region_below_one_switch),
	KUNIT_CASE(perf_unequal_shares_set_the_pace),
	KUNIT_CASE(perf_unknown_figure_leaves_direction_unknown),
	{}
};

static struct kunit_suite p2p_cxl_perf_suite = {
	.name = "p2p_cxl_perf",
	.test_cases = p2p_cxl_perf_cases,
};

kunit_test_suite(p2p_cxl_perf_suite);

MODULE_DESCRIPTION("KUnit: the figures of the link into a CXL region");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
