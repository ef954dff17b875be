// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the graph's decode of every committed region against the CXL
 * core's own cxl_dpa_to_hpa(), the function behind the HPAs of poison
 * and event records. There is nothing to compare at boot (the case says
 * so, and passes): a guest program runs this suite again once it has
 * committed a region (/sys/kernel/debug/kunit/p2p_cxl_live/run) and
 * judges the count of addresses compared.
 *
 * For each device of each bound region, DPAs spread over the whole range
 * its endpoint decoder maps, and both ends of it, go through
 * cxl_dpa_to_hpa(); the graph must name the same HPA for the device and
 * DPA, and decode that HPA back to the device, its position and the DPA.
 */
#include <kunit/test.h>
#include <linux/device.h>

#include "cxlmem.h"
#include "core/core.h"
#include "../region.h"

/* DPAs asked per device: spread over its range, plus its last byte. */
#define LIVE_SAMPLES	1024

/**
 * struct live_count - what the suite compared
 * @test: the test
 * @regions: regions seen
 * @addresses: DPAs compared
 * @left_out: regions the graph does not have (a window it cannot read)
 */
struct live_count {
	struct kunit *test;
	unsigned int regions;
	unsigned int addresses;
	unsigned int left_out;
};

static void live_compare(struct live_count *count, struct cxl_region *cxlr,
			 struct cxl_endpoint_decoder *cxled, int pos, u64 dpa)
{
	struct cxl_memdev *cxlmd = cxled_to_memdev(cxled);
	struct kunit *test = count->test;
	char region[32], memdev[32];
	unsigned int position;
	u64 want, hpa, back;

	/*
	 * As the core's own callers do, with the configuration held still
	 * (and released before the graph, which takes its own lock first).
	 */
	cxl_region_params_read_lock();
	want = cxlr->params.targets[pos] == cxled ?
	       cxl_dpa_to_hpa(cxlr, cxlmd, dpa) : ULLONG_MAX;
	cxl_region_params_read_unlock();
	KUNIT_ASSERT_NE_MSG(test, want, ULLONG_MAX, "%s %#llx",
			    dev_name(&cxlmd->dev), dpa);
	KUNIT_ASSERT_EQ_MSG(test, p2p_cxl_region_dpa_to_hpa(dev_name(&cxlmd->dev),
							    dpa, region,
							    sizeof(region), &hpa),
			    0, "%s %#llx", dev_name(&cxlmd->dev), dpa);
	KUNIT_EXPECT_STREQ(test, region, dev_name(&cxlr->dev));
	KUNIT_EXPECT_EQ_MSG(test, hpa, want, "%s %#llx", dev_name(&cxlmd->dev),
			    dpa);
	KUNIT_ASSERT_EQ(test, p2p_cxl_region_hpa_to_dpa(dev_name(&cxlr->dev),
							want, memdev,
							sizeof(memdev), &back,
							&position), 0);
	KUNIT_EXPECT_STREQ(test, memdev, dev_name(&cxlmd->dev));
	KUNIT_EXPECT_EQ(test, back, dpa);
	KUNIT_EXPECT_EQ(test, position, cxled->pos);
	count->addresses++;
}

/* Every device of one bound region; under its device lock. */
static void live_region(struct live_count *count, struct cxl_region *cxlr)
{
	struct cxl_region_params *p = &cxlr->params;
	unsigned int position;
	char memdev[32];
	int pos;
	u64 dpa;

	count->regions++;
	/* A window the graph leaves out (XOR) has nothing to compare. */
	if (p2p_cxl_region_hpa_to_dpa(dev_name(&cxlr->dev), p->res->start,
				      memdev, sizeof(memdev), &dpa,
				      &position) == -ENOENT) {
		count->left_out++;
		return;
	}
	for (pos = 0; pos < p->nr_targets; pos++) {
		struct cxl_endpoint_decoder *cxled;
		u64 start = 0, size = 0;
		unsigned int i;

		cxl_region_params_read_lock();
		cxled = p->targets[pos];
		if (cxled && cxled->dpa_res) {
			start = cxled->dpa_res->start;
			size = resource_size(cxled->dpa_res);
		}
		cxl_region_params_read_unlock();
		KUNIT_ASSERT_NE_MSG(count->test, size, 0, "%s position %d",
				    dev_name(&cxlr->dev), pos);
		for (i = 0; i < LIVE_SAMPLES; i++)
			live_compare(count, cxlr, cxled, pos,
				     start + div_u64(size * i, LIVE_SAMPLES));
		live_compare(count, cxlr, cxled, pos, start + size - 1);
	}
}

static int live_one(struct device *dev, void *data)
{
	if (!is_cxl_region(dev))
		return 0;
	device_lock(dev);
	/* Bound means committed, and kept so until the driver unbinds. */
	if (dev->driver)
		live_region(data, container_of(dev, struct cxl_region, dev));
	device_unlock(dev);
	return 0;
}

static void live_decode_agrees_with_cxl_dpa_to_hpa(struct kunit *test)
{
	struct live_count count = { .test = test };

	bus_for_each_dev(&cxl_bus_type, NULL, &count, live_one);
	/*
	 * Not a skip: KUnit does not run a skipped case again from debugfs.
	 * The guest program judges the count below.
	 */
	kunit_info(test, "cxl_dpa_to_hpa: %u regions, %u left out, %u addresses compared\n",
		   count.regions, count.left_out, count.addresses);
}

static struct kunit_case live_test_cases[] = {
	KUNIT_CASE(live_decode_agrees_with_cxl_dpa_to_hpa),
	{}
};

static struct kunit_suite live_test_suite = {
	.name = "p2p_cxl_live",
	.test_cases = live_test_cases,
};

kunit_test_suite(live_test_suite);

MODULE_IMPORT_NS(CXL);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
