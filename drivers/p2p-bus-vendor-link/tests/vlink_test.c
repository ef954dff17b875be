// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the vendor-link backend. GPUs get a node on a small in-memory home
 * bus that stands in for PCIe (their VRAM is a provider there, as p2pdma
 * registers it) and a port on a fabric; the suites check the routes, costs,
 * bandwidths and addresses the core answers across both.
 *
 * A route over the fabric ends by crossing the provider's attach link
 * (port to home node, cost 0): p2p_route_info.hops counts it, cost and
 * distance do not. The client's own attach link is not crossed: the search
 * starts at the client's port.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/limits.h>
#include <linux/p2p_vendor_link.h>

#include "../../p2p-core/core.h"
#include "../vlink.h"

#define VLINK_TEST_MAX_GPUS		8U
#define VLINK_TEST_MAX_HOME_NODES	16U
#define VLINK_TEST_MAX_HOME_LINKS	16U
#define VLINK_TEST_MAX_FABRICS		3U
#define VLINK_TEST_MAX_HUBS		6U

/* GPU i's BAR: host physical and PCI bus address; the aperture is half. */
#define VLINK_TEST_BAR_SIZE		0x1000000ULL
#define VLINK_TEST_APERTURE_SIZE	0x800000ULL
#define VLINK_TEST_PHYS(i)		(0x380000000000ULL + (i) * VLINK_TEST_BAR_SIZE)
#define VLINK_TEST_BUS(i)		(0x80000000ULL + (i) * VLINK_TEST_BAR_SIZE)
#define VLINK_TEST_FABRIC_ADDR(i)	(0x10000000000ULL * ((i) + 1))

#define VLINK_TEST_PCIE_MBPS		16000
#define VLINK_TEST_LINK_MBPS		25000

/**
 * struct vlink_test - one test's objects, torn down by vlink_test_exit()
 * @test: the test
 * @home_bus: the PCIe-like bus the GPUs' home nodes belong to
 * @home_nodes: nodes of @home_bus, in the order added
 * @nr_home_nodes: entries used in @home_nodes
 * @home_links: links of @home_bus, in the order added
 * @nr_home_links: entries used in @home_links
 * @gpus: the GPUs' devices
 * @gpu_nodes: each GPU's home node (also in @home_nodes)
 * @vram: each GPU's memory, a provider on its home node
 * @nr_gpus: entries used in @gpus, @gpu_nodes and @vram
 * @fabrics: fabrics still to remove; NULL once a test removed one
 * @nodes_before: nodes in the graph before the test
 * @links_before: links in the graph before the test
 */
struct vlink_test {
	struct kunit *test;
	struct p2p_bus home_bus;
	struct p2p_node *home_nodes[VLINK_TEST_MAX_HOME_NODES];
	unsigned int nr_home_nodes;
	struct p2p_link *home_links[VLINK_TEST_MAX_HOME_LINKS];
	unsigned int nr_home_links;
	struct device *gpus[VLINK_TEST_MAX_GPUS];
	struct p2p_node *gpu_nodes[VLINK_TEST_MAX_GPUS];
	struct p2p_provider *vram[VLINK_TEST_MAX_GPUS];
	unsigned int nr_gpus;
	struct p2p_vlink_fabric *fabrics[VLINK_TEST_MAX_FABRICS];
	unsigned long nodes_before, links_before;
};

/*
 * The home bus has no rules of its own: the core's default lets every node
 * but an endpoint forward and only host bridges turn traffic around, which
 * is all a PCIe switch without ACS needs. Addresses cross it unchanged.
 */
static const struct p2p_bus_ops vlink_test_home_ops;

static unsigned long vlink_test_count(struct xarray *xa)
{
	unsigned long index, count = 0;
	void *entry;

	mutex_lock(&p2p_graph.mutex);
	xa_for_each(xa, index, entry)
		count++;
	mutex_unlock(&p2p_graph.mutex);
	return count;
}

static int vlink_test_init(struct kunit *test)
{
	struct vlink_test *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->test = test;
	ctx->nodes_before = vlink_test_count(&p2p_graph.nodes);
	ctx->links_before = vlink_test_count(&p2p_graph.links);
	ctx->home_bus.name = "vlink-test-home";
	ctx->home_bus.ops = &vlink_test_home_ops;
	KUNIT_ASSERT_EQ(test, p2p_bus_register(&ctx->home_bus), 0);
	test->priv = ctx;
	return 0;
}

/* Fabrics first (their ports hold the home nodes), then the home bus. */
static void vlink_test_exit(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	unsigned int i;

	if (!ctx)
		return;
	for (i = VLINK_TEST_MAX_FABRICS; i--; )
		p2p_vlink_fabric_remove(ctx->fabrics[i]);
	for (i = ctx->nr_gpus; i--; )
		p2p_provider_remove(ctx->vram[i]);
	for (i = ctx->nr_home_links; i--; )
		p2p_link_remove(ctx->home_links[i]);
	for (i = ctx->nr_home_nodes; i--; )
		p2p_node_remove(ctx->home_nodes[i]);
	KUNIT_EXPECT_EQ(test, ctx->home_bus.nr_objects, 0);
	p2p_bus_unregister(&ctx->home_bus);

	/* Nothing the test made may stay behind in the graph. */
	KUNIT_EXPECT_EQ(test, vlink_test_count(&p2p_graph.nodes), ctx->nodes_before);
	KUNIT_EXPECT_EQ(test, vlink_test_count(&p2p_graph.links), ctx->links_before);
}

static struct p2p_node *vlink_test_home_node(struct vlink_test *ctx,
					     enum p2p_node_type type,
					     struct device *dev, const char *name)
{
	struct kunit *test = ctx->test;
	struct p2p_node *node;

	KUNIT_ASSERT_LT(test, ctx->nr_home_nodes, VLINK_TEST_MAX_HOME_NODES);
	node = p2p_node_add(&ctx->home_bus, type, dev, NULL, name, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, node);
	ctx->home_nodes[ctx->nr_home_nodes++] = node;
	return node;
}

static void vlink_test_home_link(struct vlink_test *ctx, struct p2p_node *a,
				 struct p2p_node *b)
{
	static const struct p2p_link_attr attr = {
		.bandwidth_MBps = VLINK_TEST_PCIE_MBPS,
		.cost = 1,
		.dirs = P2P_DIR_BOTH,
	};
	struct kunit *test = ctx->test;
	struct p2p_link *link;

	KUNIT_ASSERT_LT(test, ctx->nr_home_links, VLINK_TEST_MAX_HOME_LINKS);
	link = p2p_link_add(&ctx->home_bus, a, b, &attr, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, link);
	ctx->home_links[ctx->nr_home_links++] = link;
}

/* A GPU: a device, its home node and its VRAM BAR as a provider there. */
static unsigned int vlink_test_gpu(struct vlink_test *ctx)
{
	unsigned int i = ctx->nr_gpus;
	struct p2p_provider_desc desc = {
		.phys_start = VLINK_TEST_PHYS(i),
		.size = VLINK_TEST_BAR_SIZE,
		.base = { .space = P2P_ADDR_PCI_BUS, .addr = VLINK_TEST_BUS(i) },
		.published = true,
	};
	struct kunit *test = ctx->test;
	char name[32];

	KUNIT_ASSERT_LT(test, i, VLINK_TEST_MAX_GPUS);
	snprintf(name, sizeof(name), "vlink-test-gpu%u", i);
	ctx->gpus[i] = kunit_device_register(test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->gpus[i]);
	ctx->gpu_nodes[i] = vlink_test_home_node(ctx, P2P_NODE_ENDPOINT,
						 ctx->gpus[i], NULL);
	ctx->vram[i] = p2p_provider_add(ctx->gpu_nodes[i], &desc);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->vram[i]);
	ctx->nr_gpus++;
	return i;
}

/*
 *                hb
 *                 |
 *                usp             a PCIe switch as the PCIe backend models
 *             /   |   \          it: each GPU behind its own downstream
 *          dsp0  dsp1  dsp2      port, four hops from any other GPU
 *           |     |     |
 *          gpu0  gpu1  gpu2
 */
static void vlink_test_pcie_switch(struct vlink_test *ctx, unsigned int nr_gpus)
{
	struct p2p_node *hb, *usp, *dsp;
	unsigned int i, gpu;

	hb = vlink_test_home_node(ctx, P2P_NODE_HOST_BRIDGE, NULL, "vlink-test-hb");
	usp = vlink_test_home_node(ctx, P2P_NODE_PORT, NULL, "vlink-test-usp");
	vlink_test_home_link(ctx, hb, usp);
	for (i = 0; i < nr_gpus; i++) {
		dsp = vlink_test_home_node(ctx, P2P_NODE_PORT, NULL, NULL);
		gpu = vlink_test_gpu(ctx);
		vlink_test_home_link(ctx, usp, dsp);
		vlink_test_home_link(ctx, dsp, ctx->gpu_nodes[gpu]);
	}
}

static void vlink_test_keep_fabric(struct vlink_test *ctx,
				   struct p2p_vlink_fabric *fabric)
{
	unsigned int i;

	for (i = 0; i < VLINK_TEST_MAX_FABRICS; i++) {
		if (!ctx->fabrics[i]) {
			ctx->fabrics[i] = fabric;
			return;
		}
	}
	p2p_vlink_fabric_remove(fabric);
	KUNIT_FAIL(ctx->test, "more than %u fabrics", VLINK_TEST_MAX_FABRICS);
}

/* Forget a fabric the test removed itself. */
static void vlink_test_forget_fabric(struct vlink_test *ctx,
				     struct p2p_vlink_fabric *fabric)
{
	unsigned int i;

	for (i = 0; i < VLINK_TEST_MAX_FABRICS; i++)
		if (ctx->fabrics[i] == fabric)
			ctx->fabrics[i] = NULL;
}

static struct p2p_vlink_fabric *vlink_test_fabric(struct vlink_test *ctx,
						  const char *name, u32 fabric_id)
{
	struct p2p_vlink_fabric *fabric = p2p_vlink_fabric_add(name, fabric_id);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(ctx->test, fabric);
	vlink_test_keep_fabric(ctx, fabric);
	return fabric;
}

/* Whatever fabric_add() returns, nothing it made outlives the test. */
static long vlink_test_fabric_error(struct vlink_test *ctx, const char *name,
				    u32 fabric_id)
{
	struct p2p_vlink_fabric *fabric = p2p_vlink_fabric_add(name, fabric_id);

	if (IS_ERR(fabric))
		return PTR_ERR(fabric);
	vlink_test_keep_fabric(ctx, fabric);
	return 0;
}

static struct p2p_vlink_port *vlink_test_port(struct vlink_test *ctx,
					      struct p2p_vlink_fabric *fabric,
					      unsigned int gpu, unsigned int flags)
{
	struct p2p_vlink_port *port;

	port = p2p_vlink_device_add(fabric, ctx->gpus[gpu], NULL, flags);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(ctx->test, port);
	return port;
}

static struct p2p_vlink_port *vlink_test_hub(struct vlink_test *ctx,
					     struct p2p_vlink_fabric *fabric,
					     unsigned int hub)
{
	struct p2p_vlink_port *port;
	char name[32];

	snprintf(name, sizeof(name), "vlink-test-hub%u", hub);
	port = p2p_vlink_switch_add(fabric, name, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(ctx->test, port);
	return port;
}

/* GPU @gpu's memory appears on the fabric: the first half of its BAR. */
static void vlink_test_aperture(struct vlink_test *ctx,
				struct p2p_vlink_port *port, unsigned int gpu)
{
	const struct p2p_vlink_aperture aperture = {
		.home_base = VLINK_TEST_BUS(gpu),
		.size = VLINK_TEST_APERTURE_SIZE,
		.fabric_base = VLINK_TEST_FABRIC_ADDR(gpu),
	};

	KUNIT_ASSERT_EQ(ctx->test, p2p_vlink_aperture_set(port, &aperture), 0);
}

static struct p2p_link *vlink_test_connect(struct vlink_test *ctx,
					   struct p2p_vlink_port *a,
					   struct p2p_vlink_port *b,
					   u32 nr_links)
{
	const struct p2p_vlink_attr attr = {
		.bandwidth_MBps = VLINK_TEST_LINK_MBPS,
		.nr_links = nr_links,
		.dirs = P2P_DIR_BOTH,
	};
	struct p2p_link *link = p2p_vlink_connect(a, b, &attr);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(ctx->test, link);
	return link;
}

/* GPU @from reaches GPU @to's memory directly, as described. */
static void vlink_expect_route(struct vlink_test *ctx, unsigned int to,
			       unsigned int from, u32 hops, u32 cost,
			       u32 bandwidth_MBps)
{
	struct kunit *test = ctx->test;
	struct p2p_route_info info;
	int ret;

	ret = p2p_route(ctx->vram[to], ctx->gpus[from], P2P_DIR_BOTH, &info);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "gpu%u -> gpu%u", from, to);
	if (ret)
		return;
	KUNIT_EXPECT_EQ_MSG(test, info.map_type, P2P_MAP_DIRECT,
			    "gpu%u -> gpu%u", from, to);
	KUNIT_EXPECT_EQ_MSG(test, info.hops, hops, "gpu%u -> gpu%u", from, to);
	KUNIT_EXPECT_EQ_MSG(test, info.cost, cost, "gpu%u -> gpu%u", from, to);
	KUNIT_EXPECT_EQ_MSG(test, info.distance, cost, "gpu%u -> gpu%u", from, to);
	KUNIT_EXPECT_EQ_MSG(test, info.bandwidth_MBps, bandwidth_MBps,
			    "gpu%u -> gpu%u", from, to);
	KUNIT_EXPECT_EQ_MSG(test, info.dirs, P2P_DIR_BOTH, "gpu%u -> gpu%u",
			    from, to);
}

/* No route from gpu @from into gpu @to's memory; why, in @info. */
static void vlink_expect_refused(struct vlink_test *ctx, unsigned int to,
				 unsigned int from, struct p2p_route_info *info)
{
	struct kunit *test = ctx->test;

	KUNIT_EXPECT_EQ_MSG(test, p2p_route(ctx->vram[to], ctx->gpus[from],
					    P2P_DIR_BOTH, info), -EHOSTUNREACH,
			    "gpu%u -> gpu%u", from, to);
	KUNIT_EXPECT_EQ_MSG(test, info->map_type, P2P_MAP_NOT_SUPPORTED,
			    "gpu%u -> gpu%u", from, to);
}

static void vlink_expect_no_route(struct vlink_test *ctx, unsigned int to,
				  unsigned int from)
{
	struct p2p_route_info info;

	vlink_expect_refused(ctx, to, from, &info);
}

/*
 * p2p_interconnect_group(), with the references it took dropped again: the
 * test's devices outlive the call, and the pointers are only compared.
 */
static int vlink_test_group(struct device *dev, struct device **group,
			    unsigned int max)
{
	int count = p2p_interconnect_group(dev, group, max);
	int i;

	for (i = 0; i < min_t(int, count, max); i++)
		put_device(group[i]);
	return count;
}

/*
 * An 8-GPU machine whose GPUs all link to each of 6 hubs, two links per
 * connection (an NVSwitch system). The home nodes have no PCIe between
 * them: the fabric is the only way.
 */
struct vlink_dgx {
	struct p2p_vlink_fabric *fabric;
	struct p2p_vlink_port *ports[VLINK_TEST_MAX_GPUS];
	struct p2p_vlink_port *hubs[VLINK_TEST_MAX_HUBS];
	struct p2p_link *links[VLINK_TEST_MAX_GPUS][VLINK_TEST_MAX_HUBS];
};

#define VLINK_DGX_NR_LINKS	2
#define VLINK_DGX_MBPS		(VLINK_TEST_LINK_MBPS * VLINK_DGX_NR_LINKS)

static void vlink_build_dgx(struct vlink_test *ctx, struct vlink_dgx *dgx)
{
	unsigned int gpu, hub;

	dgx->fabric = vlink_test_fabric(ctx, "vlink-test-dgx", 1);
	for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++) {
		vlink_test_gpu(ctx);
		dgx->ports[gpu] = vlink_test_port(ctx, dgx->fabric, gpu, 0);
		vlink_test_aperture(ctx, dgx->ports[gpu], gpu);
	}
	for (hub = 0; hub < VLINK_TEST_MAX_HUBS; hub++)
		dgx->hubs[hub] = vlink_test_hub(ctx, dgx->fabric, hub);
	for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++)
		for (hub = 0; hub < VLINK_TEST_MAX_HUBS; hub++)
			dgx->links[gpu][hub] =
				vlink_test_connect(ctx, dgx->ports[gpu],
						   dgx->hubs[hub],
						   VLINK_DGX_NR_LINKS);
}

/* Every ordered pair: port, hub, port, then the attach link home. */
static void vlink_expect_dgx_routes(struct vlink_test *ctx)
{
	unsigned int to, from;

	for (to = 0; to < VLINK_TEST_MAX_GPUS; to++)
		for (from = 0; from < VLINK_TEST_MAX_GPUS; from++)
			if (from != to)
				vlink_expect_route(ctx, to, from, 3, 2,
						   VLINK_DGX_MBPS);
}

static void vlink_dgx_every_pair_is_direct_over_two_links(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct p2p_route_info info;
	struct vlink_dgx dgx;

	vlink_build_dgx(ctx, &dgx);
	vlink_expect_dgx_routes(ctx);

	KUNIT_ASSERT_EQ(test, p2p_route(ctx->vram[5], ctx->gpus[2], P2P_DIR_BOTH,
					&info), 0);
	KUNIT_EXPECT_NULL(test, info.refusal.reason);
	/* a GPU's own memory: nothing crossed */
	KUNIT_ASSERT_EQ(test, p2p_route(ctx->vram[3], ctx->gpus[3], P2P_DIR_BOTH,
					&info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.hops, 0);
	KUNIT_EXPECT_EQ(test, info.cost, 0);
}

static void vlink_dgx_every_pair_shares_the_interconnect(struct kunit *test)
{
	struct device *group[VLINK_TEST_MAX_GPUS + 1];
	struct vlink_test *ctx = test->priv;
	unsigned int a, b, found;
	struct vlink_dgx dgx;

	vlink_build_dgx(ctx, &dgx);
	for (a = 0; a < VLINK_TEST_MAX_GPUS; a++)
		for (b = 0; b < VLINK_TEST_MAX_GPUS; b++)
			KUNIT_EXPECT_TRUE_MSG(test, p2p_has_interconnect(ctx->gpus[a],
									 ctx->gpus[b]),
					      "gpu%u and gpu%u", a, b);

	for (a = 0; a < VLINK_TEST_MAX_GPUS; a++) {
		memset(group, 0, sizeof(group));
		KUNIT_EXPECT_EQ(test, vlink_test_group(ctx->gpus[a], group,
						       ARRAY_SIZE(group)),
				VLINK_TEST_MAX_GPUS);
		KUNIT_EXPECT_PTR_EQ(test, group[0], ctx->gpus[a]);
		/* each GPU once, although each has two nodes */
		for (b = 0; b < VLINK_TEST_MAX_GPUS; b++) {
			unsigned int i;

			found = 0;
			for (i = 0; i < ARRAY_SIZE(group); i++)
				found += group[i] == ctx->gpus[b];
			KUNIT_EXPECT_EQ_MSG(test, found, 1, "gpu%u in gpu%u's group",
					    b, a);
		}
	}

	/* a short array gets what fits; the count says how many there are */
	memset(group, 0, sizeof(group));
	KUNIT_EXPECT_EQ(test, vlink_test_group(ctx->gpus[0], group, 3),
			VLINK_TEST_MAX_GPUS);
	KUNIT_EXPECT_PTR_EQ(test, group[0], ctx->gpus[0]);
	KUNIT_EXPECT_NOT_NULL(test, group[2]);
	KUNIT_EXPECT_NULL(test, group[3]);
	KUNIT_EXPECT_EQ(test, vlink_test_group(ctx->gpus[0], NULL, 0),
			VLINK_TEST_MAX_GPUS);
	KUNIT_EXPECT_EQ(test, vlink_test_group(NULL, group, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, vlink_test_group(ctx->gpus[0], NULL, 3),
			-EINVAL);
}

static void vlink_dgx_routes_survive_until_last_hub_is_down(struct kunit *test)
{
	struct device *group[VLINK_TEST_MAX_GPUS];
	struct vlink_test *ctx = test->priv;
	unsigned int gpu, hub, to, from;
	struct vlink_dgx dgx;

	vlink_build_dgx(ctx, &dgx);
	for (hub = 0; hub < VLINK_TEST_MAX_HUBS; hub++) {
		vlink_expect_dgx_routes(ctx);
		for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++)
			KUNIT_ASSERT_EQ(test,
					p2p_vlink_set_down(dgx.links[gpu][hub], true),
					0);
	}

	for (to = 0; to < VLINK_TEST_MAX_GPUS; to++) {
		for (from = 0; from < VLINK_TEST_MAX_GPUS; from++) {
			if (from == to)
				continue;
			vlink_expect_no_route(ctx, to, from);
			KUNIT_EXPECT_FALSE_MSG(test,
					       p2p_has_interconnect(ctx->gpus[from],
								    ctx->gpus[to]),
					       "gpu%u and gpu%u", from, to);
		}
	}
	KUNIT_EXPECT_EQ(test, vlink_test_group(ctx->gpus[4], group,
					       ARRAY_SIZE(group)), 1);

	/* one hub back is enough for every pair */
	for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++)
		KUNIT_ASSERT_EQ(test, p2p_vlink_set_down(dgx.links[gpu][2], false), 0);
	vlink_expect_dgx_routes(ctx);
	KUNIT_EXPECT_EQ(test, vlink_test_group(ctx->gpus[4], group,
					       ARRAY_SIZE(group)),
			VLINK_TEST_MAX_GPUS);
}

/*
 *     gpu0 ---- gpu1          A ring of four GPUs without a hub, one link
 *      |         |            per connection. Traffic between opposite
 *     gpu3 ---- gpu2          GPUs must pass through a neighbour.
 */
#define VLINK_RING_GPUS	4

static void vlink_build_ring(struct vlink_test *ctx,
			     const unsigned int flags[VLINK_RING_GPUS])
{
	struct p2p_vlink_port *ports[VLINK_RING_GPUS];
	struct p2p_vlink_fabric *fabric;
	unsigned int gpu;

	fabric = vlink_test_fabric(ctx, "vlink-test-ring", 2);
	for (gpu = 0; gpu < VLINK_RING_GPUS; gpu++) {
		vlink_test_gpu(ctx);
		ports[gpu] = vlink_test_port(ctx, fabric, gpu, flags[gpu]);
		vlink_test_aperture(ctx, ports[gpu], gpu);
	}
	for (gpu = 0; gpu < VLINK_RING_GPUS; gpu++)
		vlink_test_connect(ctx, ports[gpu],
				   ports[(gpu + 1) % VLINK_RING_GPUS], 1);
}

static void vlink_ring_neighbours_are_one_link_apart(struct kunit *test)
{
	static const unsigned int flags[VLINK_RING_GPUS] = {};
	struct vlink_test *ctx = test->priv;
	struct p2p_route_info info;
	unsigned int gpu, next;

	vlink_build_ring(ctx, flags);
	for (gpu = 0; gpu < VLINK_RING_GPUS; gpu++) {
		next = (gpu + 1) % VLINK_RING_GPUS;
		vlink_expect_route(ctx, gpu, next, 2, 1, VLINK_TEST_LINK_MBPS);
		vlink_expect_route(ctx, next, gpu, 2, 1, VLINK_TEST_LINK_MBPS);
		KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(ctx->gpus[gpu],
							     ctx->gpus[next]));
	}

	/* no GPU relays: opposite GPUs cannot reach each other */
	vlink_expect_no_route(ctx, 2, 0);
	vlink_expect_no_route(ctx, 0, 2);
	vlink_expect_no_route(ctx, 3, 1);
	vlink_expect_no_route(ctx, 1, 3);
	/* an endpoint that does not relay is structure, not a refusal */
	p2p_route(ctx->vram[2], ctx->gpus[0], P2P_DIR_BOTH, &info);
	KUNIT_EXPECT_NULL(test, info.refusal.reason);
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(ctx->gpus[0], ctx->gpus[2]));
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(ctx->gpus[1], ctx->gpus[3]));
}

static void vlink_ring_opposite_gpus_need_a_relay(struct kunit *test)
{
	static const unsigned int flags[VLINK_RING_GPUS] = {
		[1] = P2P_VLINK_RELAY,
	};
	struct device *group[VLINK_RING_GPUS];
	struct vlink_test *ctx = test->priv;

	vlink_build_ring(ctx, flags);
	/* gpu1 relays between gpu0 and gpu2 */
	vlink_expect_route(ctx, 2, 0, 3, 2, VLINK_TEST_LINK_MBPS);
	vlink_expect_route(ctx, 0, 2, 3, 2, VLINK_TEST_LINK_MBPS);
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(ctx->gpus[0], ctx->gpus[2]));
	/* neither gpu0 nor gpu2 relays between gpu1 and gpu3 */
	vlink_expect_no_route(ctx, 3, 1);
	vlink_expect_no_route(ctx, 1, 3);
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(ctx->gpus[1], ctx->gpus[3]));

	/* gpu0 reaches all three; gpu3 only its neighbours */
	KUNIT_EXPECT_EQ(test, vlink_test_group(ctx->gpus[0], group,
					       ARRAY_SIZE(group)), 4);
	KUNIT_EXPECT_EQ(test, vlink_test_group(ctx->gpus[3], group,
					       ARRAY_SIZE(group)), 3);
}

/*
 * Three GPUs behind one PCIe switch (see vlink_test_pcie_switch()); gpu0
 * and gpu1 also share a direct connection of four links. gpu2 is on PCIe
 * only.
 */
struct vlink_pair {
	struct p2p_vlink_fabric *fabric;
	struct p2p_vlink_port *ports[2];
	struct p2p_link *link;
};

#define VLINK_PAIR_NR_LINKS	4
#define VLINK_PAIR_MBPS		(VLINK_TEST_LINK_MBPS * VLINK_PAIR_NR_LINKS)

static void vlink_build_pair(struct vlink_test *ctx, struct vlink_pair *pair,
			     bool apertures)
{
	unsigned int gpu;

	vlink_test_pcie_switch(ctx, 3);
	pair->fabric = vlink_test_fabric(ctx, "vlink-test-pair", 0x42);
	for (gpu = 0; gpu < 2; gpu++) {
		pair->ports[gpu] = vlink_test_port(ctx, pair->fabric, gpu, 0);
		if (apertures)
			vlink_test_aperture(ctx, pair->ports[gpu], gpu);
	}
	pair->link = vlink_test_connect(ctx, pair->ports[0], pair->ports[1],
					VLINK_PAIR_NR_LINKS);
}

static void vlink_link_beats_shared_pcie_switch(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct vlink_pair pair;

	vlink_build_pair(ctx, &pair, true);
	/* the link and the attach link: cost 1 against PCIe's 4 */
	vlink_expect_route(ctx, 0, 1, 2, 1, VLINK_PAIR_MBPS);
	vlink_expect_route(ctx, 1, 0, 2, 1, VLINK_PAIR_MBPS);
	/* gpu2 has no link: gpu, dsp, usp, dsp, gpu */
	vlink_expect_route(ctx, 0, 2, 4, 4, VLINK_TEST_PCIE_MBPS);
	vlink_expect_route(ctx, 2, 1, 4, 4, VLINK_TEST_PCIE_MBPS);
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(ctx->gpus[0], ctx->gpus[1]));
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(ctx->gpus[0], ctx->gpus[2]));
}

/* Consumers that hand out PCI or DMA addresses (p2pdma) ask for PCIe only. */
static void vlink_no_private_leaves_the_link_out(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct p2p_route_info info;
	struct vlink_pair pair;
	struct p2p_addr addr;

	vlink_build_pair(ctx, &pair, true);
	KUNIT_ASSERT_EQ(test, p2p_route(ctx->vram[0], ctx->gpus[1],
					P2P_DIR_BOTH | P2P_ROUTE_NO_PRIVATE,
					&info), 0);
	KUNIT_EXPECT_EQ(test, info.cost, 4);
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, VLINK_TEST_PCIE_MBPS);
	KUNIT_ASSERT_EQ(test, p2p_route_to_device(ctx->gpus[0], ctx->gpus[1],
						  P2P_DIR_BOTH |
						  P2P_ROUTE_NO_PRIVATE, &info), 0);
	KUNIT_EXPECT_EQ(test, info.cost, 4);
	/* Both answers are cached side by side; the plain one still links. */
	vlink_expect_route(ctx, 0, 1, 2, 1, VLINK_PAIR_MBPS);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1],
						   0, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr.space, P2P_ADDR_LINK);
	KUNIT_EXPECT_EQ(test, p2p_route(ctx->vram[0], ctx->gpus[1],
					P2P_ROUTE_NO_PRIVATE, &info), -EINVAL);
}

static void vlink_down_link_falls_back_to_pcie(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct p2p_route_info info;
	struct vlink_pair pair;

	vlink_build_pair(ctx, &pair, true);
	vlink_expect_route(ctx, 0, 1, 2, 1, VLINK_PAIR_MBPS);

	KUNIT_ASSERT_EQ(test, p2p_vlink_set_down(pair.link, true), 0);
	vlink_expect_route(ctx, 0, 1, 4, 4, VLINK_TEST_PCIE_MBPS);
	vlink_expect_route(ctx, 1, 0, 4, 4, VLINK_TEST_PCIE_MBPS);
	KUNIT_ASSERT_EQ(test, p2p_route(ctx->vram[0], ctx->gpus[1], P2P_DIR_BOTH,
					&info), 0);
	/* a link that is down is no refusal to report */
	KUNIT_EXPECT_NULL(test, info.refusal.reason);
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(ctx->gpus[0], ctx->gpus[1]));

	KUNIT_ASSERT_EQ(test, p2p_vlink_set_down(pair.link, false), 0);
	vlink_expect_route(ctx, 0, 1, 2, 1, VLINK_PAIR_MBPS);
	vlink_expect_route(ctx, 1, 0, 2, 1, VLINK_PAIR_MBPS);
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(ctx->gpus[0], ctx->gpus[1]));
}

static void vlink_disconnect_falls_back_to_pcie(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct vlink_pair pair;

	vlink_build_pair(ctx, &pair, true);
	vlink_expect_route(ctx, 0, 1, 2, 1, VLINK_PAIR_MBPS);

	p2p_vlink_disconnect(pair.link);
	vlink_expect_route(ctx, 0, 1, 4, 4, VLINK_TEST_PCIE_MBPS);
	vlink_expect_route(ctx, 1, 0, 4, 4, VLINK_TEST_PCIE_MBPS);
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(ctx->gpus[0], ctx->gpus[1]));

	/* the pair may be connected again, and the link wins again */
	pair.link = vlink_test_connect(ctx, pair.ports[1], pair.ports[0],
				       VLINK_PAIR_NR_LINKS);
	vlink_expect_route(ctx, 0, 1, 2, 1, VLINK_PAIR_MBPS);
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(ctx->gpus[0], ctx->gpus[1]));
}

/*
 * The group hands out devices: each entry holds a reference of its own,
 * so that it stays valid when the device leaves the graph meanwhile.
 */
static void vlink_interconnect_group_references_its_devices(struct kunit *test)
{
	struct device *group[VLINK_TEST_MAX_GPUS + 1] = {};
	unsigned int refs[VLINK_TEST_MAX_GPUS];
	struct vlink_test *ctx = test->priv;
	struct vlink_dgx dgx;
	unsigned int gpu;
	int count, i;

	vlink_build_dgx(ctx, &dgx);
	/* Node directories in sysfs hold their devices: let them be made. */
	p2p_notifier_flush();
	for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++)
		refs[gpu] = kref_read(&ctx->gpus[gpu]->kobj.kref);
	count = p2p_interconnect_group(ctx->gpus[0], group, ARRAY_SIZE(group));
	KUNIT_ASSERT_EQ(test, count, VLINK_TEST_MAX_GPUS);
	for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++)
		KUNIT_EXPECT_EQ_MSG(test, kref_read(&ctx->gpus[gpu]->kobj.kref),
				    refs[gpu] + 1, "gpu%u", gpu);
	for (i = 0; i < count; i++)
		put_device(group[i]);
	for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++)
		KUNIT_EXPECT_EQ_MSG(test, kref_read(&ctx->gpus[gpu]->kobj.kref),
				    refs[gpu], "gpu%u", gpu);

	/* a short array: only what was stored is referenced */
	count = p2p_interconnect_group(ctx->gpus[0], group, 2);
	KUNIT_ASSERT_EQ(test, count, VLINK_TEST_MAX_GPUS);
	KUNIT_EXPECT_EQ(test, kref_read(&ctx->gpus[0]->kobj.kref), refs[0] + 1);
	for (gpu = 2; gpu < VLINK_TEST_MAX_GPUS; gpu++)
		KUNIT_EXPECT_EQ_MSG(test, kref_read(&ctx->gpus[gpu]->kobj.kref),
				    refs[gpu], "gpu%u", gpu);
	put_device(group[0]);
	put_device(group[1]);
}

static struct kunit_case vlink_fabric_test_cases[] = {
	KUNIT_CASE(vlink_dgx_every_pair_is_direct_over_two_links),
	KUNIT_CASE(vlink_dgx_every_pair_shares_the_interconnect),
	KUNIT_CASE(vlink_interconnect_group_references_its_devices),
	KUNIT_CASE(vlink_dgx_routes_survive_until_last_hub_is_down),
	KUNIT_CASE(vlink_ring_neighbours_are_one_link_apart),
	KUNIT_CASE(vlink_ring_opposite_gpus_need_a_relay),
	KUNIT_CASE(vlink_link_beats_shared_pcie_switch),
	KUNIT_CASE(vlink_no_private_leaves_the_link_out),
	KUNIT_CASE(vlink_down_link_falls_back_to_pcie),
	KUNIT_CASE(vlink_disconnect_falls_back_to_pcie),
	{}
};

static struct kunit_suite vlink_fabric_test_suite = {
	.name = "p2p_vlink_fabric",
	.init = vlink_test_init,
	.exit = vlink_test_exit,
	.test_cases = vlink_fabric_test_cases,
};

static void vlink_expect_link_addr(struct kunit *test,
				   const struct p2p_addr *addr, u64 expected)
{
	KUNIT_EXPECT_EQ(test, addr->space, P2P_ADDR_LINK);
	KUNIT_EXPECT_EQ(test, addr->fabric_id, 0x42);
	KUNIT_EXPECT_EQ(test, addr->addr, expected);
}

static void vlink_expect_bus_addr(struct kunit *test,
				  const struct p2p_addr *addr, u64 expected)
{
	KUNIT_EXPECT_EQ(test, addr->space, P2P_ADDR_PCI_BUS);
	KUNIT_EXPECT_EQ(test, addr->fabric_id, 0);
	KUNIT_EXPECT_EQ(test, addr->addr, expected);
}

static void vlink_translate_over_fabric_gives_link_address(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct vlink_pair pair;
	struct p2p_addr addr;

	vlink_build_pair(ctx, &pair, true);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1],
						   0x1234, &addr), 0);
	vlink_expect_link_addr(test, &addr, VLINK_TEST_FABRIC_ADDR(0) + 0x1234);

	KUNIT_ASSERT_EQ(test, p2p_translate(ctx->vram[0], ctx->gpus[1],
					    VLINK_TEST_PHYS(0) + 0x40, &addr), 0);
	vlink_expect_link_addr(test, &addr, VLINK_TEST_FABRIC_ADDR(0) + 0x40);

	/* the aperture's last byte */
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1],
						   VLINK_TEST_APERTURE_SIZE - 1,
						   &addr), 0);
	vlink_expect_link_addr(test, &addr, VLINK_TEST_FABRIC_ADDR(0) +
				VLINK_TEST_APERTURE_SIZE - 1);

	/* the other way, into gpu1's aperture */
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[1], ctx->gpus[0],
						   0, &addr), 0);
	vlink_expect_link_addr(test, &addr, VLINK_TEST_FABRIC_ADDR(1));
}

static void vlink_translate_over_pcie_gives_bus_address(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct vlink_pair pair;
	struct p2p_addr addr;

	vlink_build_pair(ctx, &pair, true);
	/* gpu2 has no link */
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[2],
						   0x1234, &addr), 0);
	vlink_expect_bus_addr(test, &addr, VLINK_TEST_BUS(0) + 0x1234);

	/* gpu1's link is down: it uses PCIe, and PCIe addresses */
	KUNIT_ASSERT_EQ(test, p2p_vlink_set_down(pair.link, true), 0);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1],
						   0x1234, &addr), 0);
	vlink_expect_bus_addr(test, &addr, VLINK_TEST_BUS(0) + 0x1234);

	KUNIT_ASSERT_EQ(test, p2p_vlink_set_down(pair.link, false), 0);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1],
						   0x1234, &addr), 0);
	vlink_expect_link_addr(test, &addr, VLINK_TEST_FABRIC_ADDR(0) + 0x1234);
}

static void vlink_translate_outside_aperture_is_erange(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct p2p_addr addr = { .addr = 0xdead };
	struct vlink_pair pair;

	vlink_build_pair(ctx, &pair, true);
	/* inside the BAR, past the aperture: the fabric cannot address it */
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1],
						   VLINK_TEST_APERTURE_SIZE, &addr),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_translate(ctx->vram[0], ctx->gpus[1],
					    VLINK_TEST_PHYS(0) +
					    VLINK_TEST_APERTURE_SIZE, &addr),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, addr.addr, 0xdead);
	/* past the BAR */
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1],
						   VLINK_TEST_BAR_SIZE, &addr),
			-ERANGE);
	/* PCIe reaches the whole BAR */
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[2],
						   VLINK_TEST_APERTURE_SIZE, &addr),
			0);
	vlink_expect_bus_addr(test, &addr,
			      VLINK_TEST_BUS(0) + VLINK_TEST_APERTURE_SIZE);
}

/* gpu0 and gpu1 with a link and no PCIe between them; no apertures yet. */
static void vlink_build_fabric_only_pair(struct vlink_test *ctx,
					 struct vlink_pair *pair)
{
	unsigned int gpu;

	pair->fabric = vlink_test_fabric(ctx, "vlink-test-pair", 0x42);
	for (gpu = 0; gpu < 2; gpu++) {
		vlink_test_gpu(ctx);
		pair->ports[gpu] = vlink_test_port(ctx, pair->fabric, gpu, 0);
	}
	pair->link = vlink_test_connect(ctx, pair->ports[0], pair->ports[1],
					VLINK_PAIR_NR_LINKS);
}

static void vlink_route_into_gpu_without_aperture_is_refused(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct p2p_route_info info;
	struct vlink_pair pair;
	struct p2p_addr addr;

	vlink_build_fabric_only_pair(ctx, &pair);
	vlink_expect_refused(ctx, 0, 1, &info);
	KUNIT_EXPECT_PTR_EQ(test, info.refusal.reason,
			    (const char *)p2p_vlink_no_aperture_reason);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id,
			p2p_node_id(pair.ports[0]->node));
	KUNIT_EXPECT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1], 0,
						   &addr), -EHOSTUNREACH);
	/* the GPUs are still joined by the fabric */
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(ctx->gpus[1], ctx->gpus[0]));

	/* an aperture opens the way, although the graph did not change */
	vlink_test_aperture(ctx, pair.ports[0], 0);
	vlink_expect_route(ctx, 0, 1, 2, 1, VLINK_PAIR_MBPS);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1],
						   0x10, &addr), 0);
	vlink_expect_link_addr(test, &addr, VLINK_TEST_FABRIC_ADDR(0) + 0x10);
	/* gpu1 still has none */
	vlink_expect_no_route(ctx, 1, 0);
}

static void vlink_route_without_aperture_takes_pcie(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct vlink_pair pair;
	struct p2p_addr addr;

	vlink_build_pair(ctx, &pair, false);
	vlink_expect_route(ctx, 0, 1, 4, 4, VLINK_TEST_PCIE_MBPS);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1],
						   0x10, &addr), 0);
	vlink_expect_bus_addr(test, &addr, VLINK_TEST_BUS(0) + 0x10);

	vlink_test_aperture(ctx, pair.ports[0], 0);
	vlink_expect_route(ctx, 0, 1, 2, 1, VLINK_PAIR_MBPS);
	KUNIT_ASSERT_EQ(test, p2p_translate_offset(ctx->vram[0], ctx->gpus[1],
						   0x10, &addr), 0);
	vlink_expect_link_addr(test, &addr, VLINK_TEST_FABRIC_ADDR(0) + 0x10);
}

static struct kunit_case vlink_translate_test_cases[] = {
	KUNIT_CASE(vlink_translate_over_fabric_gives_link_address),
	KUNIT_CASE(vlink_translate_over_pcie_gives_bus_address),
	KUNIT_CASE(vlink_translate_outside_aperture_is_erange),
	KUNIT_CASE(vlink_route_into_gpu_without_aperture_is_refused),
	KUNIT_CASE(vlink_route_without_aperture_takes_pcie),
	{}
};

static struct kunit_suite vlink_translate_test_suite = {
	.name = "p2p_vlink_translate",
	.init = vlink_test_init,
	.exit = vlink_test_exit,
	.test_cases = vlink_translate_test_cases,
};

static void vlink_fabric_add_rejects_bad_name_and_taken_id(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct p2p_vlink_fabric *fabric;

	KUNIT_EXPECT_EQ(test, vlink_test_fabric_error(ctx, NULL, 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, vlink_test_fabric_error(ctx, "", 7), -EINVAL);
	KUNIT_ASSERT_EQ(test, vlink_test_fabric_error(ctx, "vlink-test-a", 7), 0);
	KUNIT_EXPECT_EQ(test, vlink_test_fabric_error(ctx, "vlink-test-b", 7),
			-EEXIST);
	/* the name is the bus's name, which must be unique too */
	KUNIT_EXPECT_EQ(test, vlink_test_fabric_error(ctx, "vlink-test-a", 8),
			-EEXIST);
	/* a removed fabric's id is free again */
	fabric = ctx->fabrics[0];
	vlink_test_forget_fabric(ctx, fabric);
	p2p_vlink_fabric_remove(fabric);
	KUNIT_EXPECT_EQ(test, vlink_test_fabric_error(ctx, "vlink-test-b", 7), 0);

	p2p_vlink_fabric_remove(NULL);
	p2p_vlink_fabric_remove(ERR_PTR(-EINVAL));
}

static void vlink_ports_reject_bad_arguments(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct p2p_vlink_fabric *fabric;
	struct p2p_vlink_port *port;
	struct device *homeless;
	unsigned int gpu;

	fabric = vlink_test_fabric(ctx, "vlink-test-a", 1);
	gpu = vlink_test_gpu(ctx);
	/* neither a device nor a firmware node to know the port by */
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_device_add(fabric, NULL,
								   NULL, 0)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_device_add(NULL,
								   ctx->gpus[gpu],
								   NULL, 0)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_device_add(fabric,
								   ctx->gpus[gpu],
								   NULL, BIT(7))),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_switch_add(fabric, NULL,
								   NULL)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_switch_add(NULL, "hub",
								   NULL)),
			-EINVAL);
	/* nothing was added */
	KUNIT_EXPECT_EQ(test, fabric->bus.nr_objects, 0);

	/* a device without a node elsewhere gets a port, but no attach link */
	homeless = kunit_device_register(test, "vlink-test-homeless");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, homeless);
	port = p2p_vlink_device_add(fabric, homeless, NULL, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, port);
	KUNIT_EXPECT_NULL(test, port->home);
	KUNIT_EXPECT_NULL(test, port->attach);
	KUNIT_EXPECT_EQ(test, fabric->bus.nr_objects, 1);

	port = vlink_test_port(ctx, fabric, gpu, P2P_VLINK_RELAY);
	KUNIT_EXPECT_PTR_EQ(test, port->home, ctx->gpu_nodes[gpu]);
	KUNIT_EXPECT_NOT_NULL(test, port->attach);
	KUNIT_EXPECT_EQ(test, fabric->bus.nr_objects, 3);

	/* one port per device and fabric */
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_device_add(fabric,
								   ctx->gpus[gpu],
								   NULL, 0)),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_device_add(fabric, homeless,
								   NULL, 0)),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, fabric->bus.nr_objects, 3);
}

static void vlink_connect_rejects_bad_pairs_and_attributes(struct kunit *test)
{
	struct p2p_vlink_attr attr = {
		.bandwidth_MBps = VLINK_TEST_LINK_MBPS,
		.nr_links = 1,
		.dirs = P2P_DIR_BOTH,
	};
	struct p2p_vlink_port *a, *b, *c, *hub, *stranger;
	struct vlink_test *ctx = test->priv;
	struct p2p_vlink_fabric *fabric;
	struct p2p_link *link;
	unsigned int gpu;

	fabric = vlink_test_fabric(ctx, "vlink-test-a", 1);
	for (gpu = 0; gpu < 4; gpu++)
		vlink_test_gpu(ctx);
	a = vlink_test_port(ctx, fabric, 0, 0);
	b = vlink_test_port(ctx, fabric, 1, 0);
	c = vlink_test_port(ctx, fabric, 2, 0);
	hub = vlink_test_hub(ctx, fabric, 0);
	stranger = vlink_test_port(ctx, vlink_test_fabric(ctx, "vlink-test-b", 2),
				   3, 0);

	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(a, stranger, &attr)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(a, a, &attr)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(NULL, a, &attr)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(a, b, NULL)),
			-EINVAL);

	attr.nr_links = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(a, b, &attr)),
			-EINVAL);
	attr.nr_links = 1;
	attr.dirs = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(a, b, &attr)),
			-EINVAL);
	attr.dirs = BIT(2);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(a, b, &attr)),
			-EINVAL);
	attr.dirs = P2P_DIR_BOTH;

	/* 2 x 2^31 MB/s does not fit; 2 x (2^31 - 1) does */
	attr.bandwidth_MBps = 0x80000000;
	attr.nr_links = 2;
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(a, b, &attr)),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, fabric->bus.nr_objects, 4 + 3);
	/* sysfs shows the count in a byte (link_count) */
	attr.bandwidth_MBps = 1;
	attr.nr_links = 256;
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(a, b, &attr)),
			-ERANGE);
	attr.nr_links = 2;
	attr.bandwidth_MBps = 0x7fffffff;
	link = p2p_vlink_connect(a, b, &attr);
	KUNIT_ASSERT_EQ(test, PTR_ERR_OR_ZERO(link), 0);
	/* the graph keeps both the sum and the count of the bonded links */
	KUNIT_EXPECT_EQ(test, link->attr.bandwidth_MBps, 2U * 0x7fffffff);
	KUNIT_EXPECT_EQ(test, link->attr.link_count, 2);

	/* one connection per pair, whichever end is named first */
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(a, b, &attr)),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(b, a, &attr)),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(c, hub, &attr)), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(p2p_vlink_connect(hub, c, &attr)),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, fabric->bus.nr_objects, 4 + 3 + 2);

	KUNIT_EXPECT_EQ(test, p2p_vlink_set_down(NULL, true), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_vlink_set_down(ERR_PTR(-EINVAL), true), -EINVAL);
	p2p_vlink_disconnect(NULL);
	p2p_vlink_disconnect(ERR_PTR(-EINVAL));
	p2p_vlink_port_remove(NULL);
	p2p_vlink_port_remove(ERR_PTR(-EINVAL));
}

static void vlink_aperture_rejects_switch_empty_and_wrapping(struct kunit *test)
{
	struct p2p_vlink_aperture aperture = {
		.home_base = VLINK_TEST_BUS(0),
		.size = 0,
		.fabric_base = VLINK_TEST_FABRIC_ADDR(0),
	};
	struct p2p_vlink_port *port, *hub, *homeless;
	const struct p2p_vlink_window *window;
	struct vlink_test *ctx = test->priv;
	struct p2p_vlink_fabric *fabric;
	struct device *dev;

	fabric = vlink_test_fabric(ctx, "vlink-test-a", 1);
	vlink_test_gpu(ctx);
	port = vlink_test_port(ctx, fabric, 0, 0);
	hub = vlink_test_hub(ctx, fabric, 0);
	dev = kunit_device_register(test, "vlink-test-homeless");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	homeless = p2p_vlink_device_add(fabric, dev, NULL, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, homeless);

	KUNIT_EXPECT_EQ(test, p2p_vlink_aperture_set(port, &aperture), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_vlink_aperture_set(port, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_vlink_aperture_set(NULL, &aperture), -EINVAL);
	aperture.size = VLINK_TEST_APERTURE_SIZE;
	KUNIT_EXPECT_EQ(test, p2p_vlink_aperture_set(hub, &aperture), -EINVAL);
	/* no home node: nothing for the aperture to lead into */
	KUNIT_EXPECT_EQ(test, p2p_vlink_aperture_set(homeless, &aperture), -EINVAL);

	aperture.home_base = U64_MAX - 0xfff;
	aperture.size = 0x2000;
	KUNIT_EXPECT_EQ(test, p2p_vlink_aperture_set(port, &aperture), -ERANGE);
	aperture.home_base = VLINK_TEST_BUS(0);
	aperture.fabric_base = U64_MAX - 0xfff;
	KUNIT_EXPECT_EQ(test, p2p_vlink_aperture_set(port, &aperture), -ERANGE);
	/* a window ending on the last address does not wrap */
	aperture.size = 0x1000;
	KUNIT_EXPECT_EQ(test, p2p_vlink_aperture_set(port, &aperture), 0);
	window = rcu_access_pointer(port->window);
	KUNIT_EXPECT_EQ(test, window->aperture.fabric_base, U64_MAX - 0xfff);
	KUNIT_EXPECT_EQ(test, window->aperture.size, 0x1000);
	/* a refused window leaves the one in place */
	aperture.size = 0;
	KUNIT_EXPECT_EQ(test, p2p_vlink_aperture_set(port, &aperture), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(port->window), window);
}

/*
 *   gpu0   gpu1   gpu2      all three on one hub
 *      \    |    /
 *         hub
 */
static void vlink_port_remove_takes_its_links(struct kunit *test)
{
	struct p2p_vlink_port *ports[3], *hub;
	struct vlink_test *ctx = test->priv;
	struct p2p_vlink_fabric *fabric;
	struct p2p_node *node;
	unsigned int gpu;

	fabric = vlink_test_fabric(ctx, "vlink-test-a", 1);
	hub = vlink_test_hub(ctx, fabric, 0);
	for (gpu = 0; gpu < 3; gpu++) {
		vlink_test_gpu(ctx);
		ports[gpu] = vlink_test_port(ctx, fabric, gpu, 0);
		vlink_test_aperture(ctx, ports[gpu], gpu);
		vlink_test_connect(ctx, ports[gpu], hub, 1);
	}
	/* four nodes, three attach links, three connections */
	KUNIT_EXPECT_EQ(test, fabric->bus.nr_objects, 10);
	vlink_expect_route(ctx, 0, 1, 3, 2, VLINK_TEST_LINK_MBPS);

	p2p_vlink_port_remove(ports[0]);
	KUNIT_EXPECT_EQ(test, fabric->bus.nr_objects, 7);
	vlink_expect_no_route(ctx, 0, 1);
	vlink_expect_no_route(ctx, 1, 0);
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(ctx->gpus[0], ctx->gpus[1]));
	vlink_expect_route(ctx, 2, 1, 3, 2, VLINK_TEST_LINK_MBPS);
	/* gpu0 is left with its home node only */
	KUNIT_EXPECT_NULL(test, p2p_node_find(ctx->gpus[0], &fabric->bus));
	node = p2p_node_find(ctx->gpus[0], NULL);
	KUNIT_EXPECT_PTR_EQ(test, node, ctx->gpu_nodes[0]);
	p2p_node_put(node);
	node = p2p_node_find(ctx->gpus[1], &fabric->bus);
	KUNIT_EXPECT_PTR_EQ(test, node, ports[1]->node);
	p2p_node_put(node);

	/* the hub goes with its two remaining connections */
	p2p_vlink_port_remove(hub);
	KUNIT_EXPECT_EQ(test, fabric->bus.nr_objects, 4);
	vlink_expect_no_route(ctx, 2, 1);
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(ctx->gpus[1], ctx->gpus[2]));
}

static void vlink_fabric_remove_cleans_everything(struct kunit *test)
{
	unsigned long nodes_before, links_before;
	struct vlink_test *ctx = test->priv;
	struct p2p_node *node;
	struct vlink_dgx dgx;
	unsigned int gpu;

	/* the home nodes first, then the fabric on top */
	for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++)
		vlink_test_gpu(ctx);
	nodes_before = vlink_test_count(&p2p_graph.nodes);
	links_before = vlink_test_count(&p2p_graph.links);

	dgx.fabric = vlink_test_fabric(ctx, "vlink-test-dgx", 1);
	for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++) {
		dgx.ports[gpu] = vlink_test_port(ctx, dgx.fabric, gpu, 0);
		vlink_test_aperture(ctx, dgx.ports[gpu], gpu);
		/* a ring as well as a hub: links between ports too */
		if (gpu)
			vlink_test_connect(ctx, dgx.ports[gpu - 1],
					   dgx.ports[gpu], 1);
	}
	dgx.hubs[0] = vlink_test_hub(ctx, dgx.fabric, 0);
	for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++)
		vlink_test_connect(ctx, dgx.ports[gpu], dgx.hubs[0], 1);
	KUNIT_EXPECT_EQ(test, vlink_test_count(&p2p_graph.nodes),
			nodes_before + VLINK_TEST_MAX_GPUS + 1);
	KUNIT_EXPECT_EQ(test, vlink_test_count(&p2p_graph.links),
			links_before + 3 * VLINK_TEST_MAX_GPUS - 1);
	vlink_expect_route(ctx, 0, 7, 3, 2, VLINK_TEST_LINK_MBPS);

	vlink_test_forget_fabric(ctx, dgx.fabric);
	p2p_vlink_fabric_remove(dgx.fabric);
	KUNIT_EXPECT_EQ(test, vlink_test_count(&p2p_graph.nodes), nodes_before);
	KUNIT_EXPECT_EQ(test, vlink_test_count(&p2p_graph.links), links_before);
	for (gpu = 0; gpu < VLINK_TEST_MAX_GPUS; gpu++) {
		node = p2p_node_find(ctx->gpus[gpu], NULL);
		KUNIT_EXPECT_PTR_EQ(test, node, ctx->gpu_nodes[gpu]);
		p2p_node_put(node);
	}
	vlink_expect_no_route(ctx, 0, 7);
	KUNIT_EXPECT_FALSE(test, p2p_has_interconnect(ctx->gpus[0], ctx->gpus[7]));
	/* and the fabric's id and name may be used again */
	vlink_test_fabric(ctx, "vlink-test-dgx", 1);
}

/*
 * A node someone holds outlives its fabric: its bus (the fabric's memory)
 * stays valid until the node is freed, although the fabric was removed.
 */
static void vlink_held_node_keeps_its_fabric_bus(struct kunit *test)
{
	struct vlink_test *ctx = test->priv;
	struct p2p_vlink_fabric *fabric;
	const struct p2p_bus *bus;
	struct p2p_node *node;
	unsigned int gpu;

	fabric = vlink_test_fabric(ctx, "vlink-test-held", 5);
	gpu = vlink_test_gpu(ctx);
	vlink_test_port(ctx, fabric, gpu, 0);
	node = p2p_node_find(ctx->gpus[gpu], &fabric->bus);
	KUNIT_ASSERT_NOT_NULL(test, node);

	vlink_test_forget_fabric(ctx, fabric);
	p2p_vlink_fabric_remove(fabric);
	/* let whatever the removal frees after a grace period go */
	rcu_barrier();
	KUNIT_EXPECT_TRUE(test, p2p_node_is_removed(node));
	bus = p2p_node_bus(node);
	KUNIT_EXPECT_STREQ(test, bus->name, "vlink-test-held");
	KUNIT_EXPECT_PTR_EQ(test, bus->ops, &p2p_vlink_ops);
	KUNIT_EXPECT_EQ(test, bus->flags, P2P_BUS_PRIVATE_INTERCONNECT);
	/* the fabric's id and name are free again meanwhile */
	vlink_test_fabric(ctx, "vlink-test-held", 5);
	p2p_node_put(node);
}

static struct kunit_case vlink_api_test_cases[] = {
	KUNIT_CASE(vlink_fabric_add_rejects_bad_name_and_taken_id),
	KUNIT_CASE(vlink_ports_reject_bad_arguments),
	KUNIT_CASE(vlink_connect_rejects_bad_pairs_and_attributes),
	KUNIT_CASE(vlink_aperture_rejects_switch_empty_and_wrapping),
	KUNIT_CASE(vlink_port_remove_takes_its_links),
	KUNIT_CASE(vlink_fabric_remove_cleans_everything),
	KUNIT_CASE(vlink_held_node_keeps_its_fabric_bus),
	{}
};

static struct kunit_suite vlink_api_test_suite = {
	.name = "p2p_vlink_api",
	.init = vlink_test_init,
	.exit = vlink_test_exit,
	.test_cases = vlink_api_test_cases,
};

kunit_test_suites(&vlink_fabric_test_suite, &vlink_translate_test_suite,
		  &vlink_api_test_suite);
