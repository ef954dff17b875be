// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: route search, turn restrictions, map types and attributes.
 */
#include <kunit/test.h>

#include "../core.h"
#include "fake_bus.h"

/*
 *              host
 *            /      \
 *         hb1        hb2
 *          |          |
 *         sw1        ep6
 *        /   \
 *      ep4   ep5
 */
struct tree {
	int host, hb1, hb2, sw1, ep4, ep5, ep6;
	int prov4, prov6;
};

static void build_tree(struct fake_topo *t, struct tree *tr)
{
	tr->host = fake_node(t, P2P_NODE_HOST, false);
	tr->hb1 = fake_node(t, P2P_NODE_HOST_BRIDGE, false);
	tr->hb2 = fake_node(t, P2P_NODE_HOST_BRIDGE, false);
	tr->sw1 = fake_node(t, P2P_NODE_SWITCH, false);
	tr->ep4 = fake_node(t, P2P_NODE_ENDPOINT, true);
	tr->ep5 = fake_node(t, P2P_NODE_ENDPOINT, true);
	tr->ep6 = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, tr->host, tr->hb1, 1);
	fake_link(t, tr->host, tr->hb2, 1);
	fake_link(t, tr->hb1, tr->sw1, 1);
	fake_link(t, tr->sw1, tr->ep4, 1);
	fake_link(t, tr->sw1, tr->ep5, 1);
	fake_link(t, tr->hb2, tr->ep6, 1);
	tr->prov4 = fake_provider(t, tr->ep4, 0x100000000ULL, 0x10000, true);
	tr->prov6 = fake_provider(t, tr->ep6, 0x200000000ULL, 0x10000, true);
}

static void route_tree_siblings_are_direct(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct tree tr;

	build_tree(t, &tr);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[tr.prov4], fake_dev(t, tr.ep5),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.distance, 2);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
	KUNIT_EXPECT_NULL(test, info.refusal.reason);
}

static void route_tree_across_host_is_thru_host(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct tree tr;

	build_tree(t, &tr);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[tr.prov4], fake_dev(t, tr.ep6),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_THRU_HOST);
	KUNIT_EXPECT_EQ(test, info.hops, 5);
	KUNIT_EXPECT_EQ(test, info.distance, 5);
	/* and the same seen from the other side */
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[tr.prov6], fake_dev(t, tr.ep4),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_THRU_HOST);
	KUNIT_EXPECT_EQ(test, info.hops, 5);
}

static void route_client_owning_provider_has_no_hops(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct tree tr;

	build_tree(t, &tr);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[tr.prov4], fake_dev(t, tr.ep4),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.distance, 0);
	KUNIT_EXPECT_EQ(test, info.hops, 0);
}

/*
 * A square A-B-D and A-C-D with equal costs; bandwidth tells the two
 * paths apart. The path whose links have the lower ids wins, every time:
 * here those added first, as ids are given lowest free first and no link
 * is removed while the square is built.
 */
static void build_square(struct fake_topo *t, bool b_first, int *a, int *d)
{
	struct p2p_link_attr slow = { .cost = 1, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 100 };
	struct p2p_link_attr fast = { .cost = 1, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 200 };
	int b, c;

	*a = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_SWITCH, false);
	c = fake_node(t, P2P_NODE_SWITCH, false);
	*d = fake_node(t, P2P_NODE_ENDPOINT, true);
	if (b_first) {
		fake_link_attr(t, &t->bus, *a, b, &slow);
		fake_link_attr(t, &t->bus, b, *d, &slow);
	}
	fake_link_attr(t, &t->bus, *a, c, &fast);
	fake_link_attr(t, &t->bus, c, *d, &fast);
	if (!b_first) {
		fake_link_attr(t, &t->bus, *a, b, &slow);
		fake_link_attr(t, &t->bus, b, *d, &slow);
	}
	fake_provider(t, *d, 0x100000000ULL, 0x1000, true);
}

static void route_equal_cost_choice_is_deterministic(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	int a, d, i;

	build_square(t, true, &a, &d);
	for (i = 0; i < 3; i++) {
		/* a change in between forces a fresh search each time */
		p2p_bus_rules_changed(&t->bus);
		KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
						P2P_DIR_BOTH, &info), 0);
		KUNIT_EXPECT_EQ(test, info.distance, 2);
		KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, 100);
	}
}

static void route_equal_cost_follows_link_age(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	int a, d;

	build_square(t, false, &a, &d);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, 200);
}

static void route_prefers_cheaper_link(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	int a, b, s1, s2, s3;

	/* a -10- b directly, or a -1- s1 -1- s2 -1- s3 -1- b */
	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	s1 = fake_node(t, P2P_NODE_SWITCH, false);
	s2 = fake_node(t, P2P_NODE_SWITCH, false);
	s3 = fake_node(t, P2P_NODE_SWITCH, false);
	fake_link(t, a, b, 10);
	fake_link(t, a, s1, 1);
	fake_link(t, s1, s2, 1);
	fake_link(t, s2, s3, 1);
	fake_link(t, s3, b, 1);
	fake_provider(t, b, 0x100000000ULL, 0x1000, true);

	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.distance, 4);
	KUNIT_EXPECT_EQ(test, info.hops, 4);
}

static void route_equal_cost_prefers_fewer_hops(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	int a, b, s1, s2;

	/* a -1- s1 -0- s2 -1- b costs 2 in 3 hops; a -2- b costs 2 in 1 */
	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	s1 = fake_node(t, P2P_NODE_SWITCH, false);
	s2 = fake_node(t, P2P_NODE_SWITCH, false);
	fake_link(t, a, s1, 1);
	fake_link(t, s1, s2, 0);
	fake_link(t, s2, b, 1);
	fake_link(t, a, b, 2);
	fake_provider(t, b, 0x100000000ULL, 0x1000, true);

	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.distance, 2);
	KUNIT_EXPECT_EQ(test, info.hops, 1);
}

/*
 *      a --0-- s1 --1-- b        s1 refuses a->b; the route must go
 *               \      /         round through s2 and costs 3.
 *                1   1
 *                 \ /
 *                  s2
 */
static void route_turn_restriction_forces_longer_route(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	int a, b, s1, s2, l_a, l_b;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	s1 = fake_node(t, P2P_NODE_SWITCH, false);
	s2 = fake_node(t, P2P_NODE_SWITCH, false);
	l_a = fake_link(t, a, s1, 0);
	l_b = fake_link(t, s1, b, 1);
	fake_link(t, s1, s2, 1);
	fake_link(t, s2, b, 1);
	fake_provider(t, b, 0x100000000ULL, 0x1000, true);

	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.distance, 1);

	fake_deny_turn(t, s1, l_a, l_b);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.distance, 2);
	KUNIT_EXPECT_EQ(test, info.hops, 3);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	/* the node that forced the detour is named */
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->nodes[s1]));
	KUNIT_EXPECT_STREQ(test, info.refusal.reason, "fake: turn denied");
}

static void route_turn_restriction_makes_route_impossible(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct tree tr;

	build_tree(t, &tr);
	t->fakes[tr.sw1].deny_all = true;
	p2p_bus_rules_changed(&t->bus);

	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[tr.prov4], fake_dev(t, tr.ep5),
					P2P_DIR_BOTH, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->nodes[tr.sw1]));
	KUNIT_EXPECT_STREQ(test, info.refusal.reason, "fake: denies every turn");
}

/*
 *        hb            A root port with ACS redirect refuses to turn
 *         |            ep0 -> ep1 itself; the host bridge turns the
 *        rp            traffic around, so the route uses the rp-hb link
 *       /  \           both ways and is THRU_HOST.
 *     ep0  ep1
 */
static void route_redirect_turns_around_at_host_bridge(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	int hb, rp, ep0, ep1, l0, l1;

	hb = fake_node(t, P2P_NODE_HOST_BRIDGE, false);
	rp = fake_node(t, P2P_NODE_PORT, false);
	ep0 = fake_node(t, P2P_NODE_ENDPOINT, true);
	ep1 = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, hb, rp, 1);
	l0 = fake_link(t, rp, ep0, 1);
	l1 = fake_link(t, rp, ep1, 1);
	fake_provider(t, ep1, 0x100000000ULL, 0x1000, true);

	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, ep0),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.hops, 2);

	fake_deny_turn(t, rp, l0, l1);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, ep0),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_THRU_HOST);
	KUNIT_EXPECT_EQ(test, info.hops, 4);
	KUNIT_EXPECT_EQ(test, info.cost, 4);
	/* the rp-hb detour is crossed both ways: not in the distance */
	KUNIT_EXPECT_EQ(test, info.distance, 2);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->nodes[rp]));

	/* the backend may blame the node whose setting caused the refusal */
	t->fakes[rp].blame = t->nodes[ep0];
	p2p_bus_rules_changed(&t->bus);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, ep0),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->nodes[ep0]));
	KUNIT_EXPECT_STREQ(test, info.refusal.reason, "fake: turn denied");
}

/*
 *        hb            rp owns the memory (ACS redirect on the function
 *         |            itself, in PCIe terms) and refuses routes that end
 *        rp*           at it straight from ep0, or start at it towards
 *         |            ep0, or never leave it: each goes up to the host
 *        ep0           bridge and back instead.
 */
static void route_end_refusals_send_route_round(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	int hb, rp, ep0, lup, ldown;

	hb = fake_node(t, P2P_NODE_HOST_BRIDGE, false);
	rp = fake_node(t, P2P_NODE_PORT, true);
	ep0 = fake_node(t, P2P_NODE_ENDPOINT, true);
	lup = fake_link(t, hb, rp, 1);
	ldown = fake_link(t, rp, ep0, 1);
	fake_provider(t, rp, 0x100000000ULL, 0x1000, true);
	fake_provider(t, ep0, 0x200000000ULL, 0x1000, true);

	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, ep0),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_EQ(test, info.hops, 1);

	t->fakes[rp].no_end_over = t->links[ldown];
	t->fakes[rp].no_self = true;
	p2p_bus_rules_changed(&t->bus);

	/* ending at rp: ep0 -> rp -> hb -> rp */
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, ep0),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_THRU_HOST);
	KUNIT_EXPECT_EQ(test, info.hops, 3);
	KUNIT_EXPECT_EQ(test, info.cost, 3);
	KUNIT_EXPECT_EQ(test, info.distance, 1);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->nodes[rp]));
	KUNIT_EXPECT_STREQ(test, info.refusal.reason,
			   "fake: no end over this link");

	/* starting at rp: rp -> hb -> rp -> ep0 */
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[1], fake_dev(t, rp),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_THRU_HOST);
	KUNIT_EXPECT_EQ(test, info.hops, 3);
	KUNIT_EXPECT_EQ(test, info.distance, 1);

	/* its own memory: rp -> hb -> rp */
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, rp),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_THRU_HOST);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
	KUNIT_EXPECT_EQ(test, info.distance, 0);
	KUNIT_EXPECT_STREQ(test, info.refusal.reason,
			   "fake: must leave to come back");

	/* with the host bridge refusing too, nothing is left */
	fake_deny_turn(t, hb, lup, lup);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[0], fake_dev(t, rp),
					P2P_DIR_BOTH, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[0], fake_dev(t, ep0),
					P2P_DIR_BOTH, &info), -EHOSTUNREACH);
}

static void route_endpoints_do_not_relay_unless_told(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	int a, mid, b;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	mid = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, a, mid, 1);
	fake_link(t, mid, b, 1);
	fake_provider(t, b, 0x100000000ULL, 0x1000, true);

	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_BOTH, &info), -EHOSTUNREACH);
	/* an endpoint that forwards is not a refusal worth reporting */
	KUNIT_EXPECT_NULL(test, info.refusal.reason);

	t->fakes[mid].relay = true;
	p2p_bus_rules_changed(&t->bus);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
}

static void route_crosses_two_buses(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH,
				      .bandwidth_MBps = 50000 };
	struct p2p_route_info info;
	int gpu0, gpu1, sw;

	/* gpu0 -fake- sw -fake-link- gpu1: one route over two buses */
	gpu0 = fake_node(t, P2P_NODE_ENDPOINT, true);
	sw = fake_node(t, P2P_NODE_SWITCH, false);
	gpu1 = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, gpu0, sw, 1);
	fake_link_attr(t, &t->link_bus, sw, gpu1, &attr);
	fake_provider(t, gpu1, 0x100000000ULL, 0x1000, true);

	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, gpu0),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	/* one link's bandwidth is unknown, so the route's is too */
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, 0);
}

static void route_avoids_down_link_and_returns(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct p2p_route_info info;
	struct tree tr;
	int direct;

	build_tree(t, &tr);
	/* a private shortcut between ep4 and ep6 */
	direct = fake_link_attr(t, &t->link_bus, tr.ep4, tr.ep6, &attr);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[tr.prov6], fake_dev(t, tr.ep4),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 1);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);

	attr.down = true;
	KUNIT_ASSERT_EQ(test, p2p_link_set_attr(t->links[direct], &attr), 0);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[tr.prov6], fake_dev(t, tr.ep4),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 5);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_THRU_HOST);

	attr.down = false;
	KUNIT_ASSERT_EQ(test, p2p_link_set_attr(t->links[direct], &attr), 0);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[tr.prov6], fake_dev(t, tr.ep4),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 1);
}

static void route_respects_link_directions(struct kunit *test)
{
	struct p2p_link_attr read_only = { .cost = 1, .dirs = P2P_DIR_READ };
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	int a, b;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link_attr(t, &t->bus, a, b, &read_only);
	fake_provider(t, b, 0x100000000ULL, 0x1000, true);

	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_READ, &info), 0);
	KUNIT_EXPECT_EQ(test, info.dirs, P2P_DIR_READ);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_WRITE, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_BOTH, &info), -EHOSTUNREACH);
}

static void route_disconnected_client_is_unreachable(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct tree tr;
	int lonely;

	build_tree(t, &tr);
	lonely = fake_node(t, P2P_NODE_ENDPOINT, true);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[tr.prov4], fake_dev(t, lonely),
					P2P_DIR_BOTH, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, p2p_distance_many(t->providers[tr.prov4],
						&t->devs[lonely], 1, false), -1);
}

static void route_client_without_node_is_enodev(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct device *stranger;
	struct tree tr;

	build_tree(t, &tr);
	stranger = kunit_device_register(test, "p2p-stranger");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, stranger);
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[tr.prov4], stranger,
					P2P_DIR_BOTH, &info), -ENODEV);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
}

/*
 * The route from an endpoint to the memory of another, over two switches
 * and the links @l1, @l2 and @l3, in that order.
 */
static void route_over_three_links(struct kunit *test,
				   const struct p2p_link_attr *l1,
				   const struct p2p_link_attr *l2,
				   const struct p2p_link_attr *l3,
				   struct p2p_route_info *info)
{
	struct fake_topo *t = test->priv;
	int a, s1, s2, b;

	a = fake_node(t, P2P_NODE_ENDPOINT, true);
	s1 = fake_node(t, P2P_NODE_SWITCH, false);
	s2 = fake_node(t, P2P_NODE_SWITCH, false);
	b = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link_attr(t, &t->bus, a, s1, l1);
	fake_link_attr(t, &t->bus, s1, s2, l2);
	fake_link_attr(t, &t->bus, s2, b, l3);
	fake_provider(t, b, 0x100000000ULL, 0x1000, true);

	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], fake_dev(t, a),
					P2P_DIR_BOTH, info), 0);
}

static void route_aggregates_attributes(struct kunit *test)
{
	struct p2p_link_attr l1 = { .cost = 1, .dirs = P2P_DIR_BOTH,
				    .bandwidth_MBps = 8000, .latency_ns = 100 };
	struct p2p_link_attr l2 = { .cost = 1, .dirs = P2P_DIR_BOTH,
				    .bandwidth_MBps = 3000, .latency_ns = 250 };
	struct p2p_link_attr l3 = { .cost = 1, .dirs = P2P_DIR_BOTH,
				    .bandwidth_MBps = 16000, .latency_ns = 50 };
	struct p2p_route_info info;

	route_over_three_links(test, &l1, &l2, &l3, &info);
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, 3000);
	KUNIT_EXPECT_EQ(test, info.latency_ns, 400);
	/* no link has figures of its own for writes: the read ones */
	KUNIT_EXPECT_EQ(test, info.write_bandwidth_MBps, 3000);
	KUNIT_EXPECT_EQ(test, info.write_latency_ns, 400);
	KUNIT_EXPECT_EQ(test, info.dirs, P2P_DIR_BOTH);
}

/*
 * Reads and writes apart, as CDAT gives them (a memory device that writes
 * at half its read bandwidth and a switch whose writes take longer): each
 * direction takes the narrowest link and the sum of the latencies, a link
 * without write figures counting with its read ones.
 */
static void route_aggregates_read_and_write_apart(struct kunit *test)
{
	struct p2p_link_attr l1 = { .cost = 1, .dirs = P2P_DIR_BOTH,
				    .bandwidth_MBps = 8000, .latency_ns = 100 };
	struct p2p_link_attr l2 = { .cost = 1, .dirs = P2P_DIR_BOTH,
				    .bandwidth_MBps = 6000, .latency_ns = 250,
				    .write_latency_ns = 400 };
	struct p2p_link_attr l3 = { .cost = 1, .dirs = P2P_DIR_BOTH,
				    .bandwidth_MBps = 16000, .latency_ns = 50,
				    .write_bandwidth_MBps = 5000 };
	struct p2p_route_info info;

	route_over_three_links(test, &l1, &l2, &l3, &info);
	/* reads: min(8000, 6000, 16000), 100 + 250 + 50 */
	KUNIT_EXPECT_EQ(test, info.bandwidth_MBps, 6000);
	KUNIT_EXPECT_EQ(test, info.latency_ns, 400);
	/* writes: min(8000, 6000, 5000), 100 + 400 + 50 */
	KUNIT_EXPECT_EQ(test, info.write_bandwidth_MBps, 5000);
	KUNIT_EXPECT_EQ(test, info.write_latency_ns, 550);
}

static void route_device_with_two_nodes_uses_either(struct kunit *test)
{
	struct p2p_link_attr attr = { .cost = 1, .dirs = P2P_DIR_BOTH };
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_node *port;
	struct tree tr;

	build_tree(t, &tr);
	/* ep4's device also has a link port on the private fabric, to ep6 */
	port = p2p_node_add(&t->link_bus, P2P_NODE_PORT, fake_dev(t, tr.ep4),
			    NULL, "ep4-link-port", &t->fakes[tr.ep4]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, port);
	t->nodes[t->nr_nodes++] = port;
	fake_link_attr(t, &t->link_bus, t->nr_nodes - 1, tr.ep6, &attr);

	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[tr.prov6], fake_dev(t, tr.ep4),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 1);
	KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_DIRECT);
	KUNIT_EXPECT_TRUE(test, p2p_has_interconnect(fake_dev(t, tr.ep4),
						     fake_dev(t, tr.ep6)));
}

static void route_irrelevant_refusal_is_not_reported(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct tree tr;

	build_tree(t, &tr);
	/* sw1 refuses ep5 -> hb1: a turn the route ep5 -> ep4 never needs */
	fake_deny_turn(t, tr.sw1, 4, 2);
	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[tr.prov4], fake_dev(t, tr.ep5),
					P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.hops, 2);
	KUNIT_EXPECT_NULL(test, info.refusal.reason);
	/* but a client that needed it is told */
	KUNIT_EXPECT_EQ(test, p2p_route(t->providers[tr.prov6], fake_dev(t, tr.ep5),
					P2P_DIR_BOTH, &info), -EHOSTUNREACH);
	KUNIT_EXPECT_EQ(test, info.refusal.node_id, p2p_node_id(t->nodes[tr.sw1]));
}

/*
 * A device with two nodes, x and y: x -0- s1, y -1- s1, s1 - s2 - p. s2
 * forwards only y's traffic. The cheap state "at s2 from s1" first reached
 * from x must not hide y's allowed route.
 */
static void route_forward_rule_may_depend_on_client_node(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_node *y;
	struct device *dev;
	int x, s1, s2, p;

	x = fake_node(t, P2P_NODE_ENDPOINT, true);
	dev = fake_dev(t, x);
	y = p2p_node_add(&t->bus, P2P_NODE_PORT, dev, NULL, "y", &t->fakes[x]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, y);
	t->nodes[t->nr_nodes++] = y;
	s1 = fake_node(t, P2P_NODE_SWITCH, false);
	s2 = fake_node(t, P2P_NODE_SWITCH, false);
	p = fake_node(t, P2P_NODE_ENDPOINT, true);
	fake_link(t, x, s1, 0);
	fake_link(t, t->nr_nodes - 4, s1, 1);
	fake_link(t, s1, s2, 1);
	fake_link(t, s2, p, 1);
	fake_provider(t, p, 0x100000000ULL, 0x1000, true);
	t->fakes[s2].only_client = y;
	p2p_bus_rules_changed(&t->bus);

	KUNIT_ASSERT_EQ(test, p2p_route(t->providers[0], dev, P2P_DIR_BOTH, &info), 0);
	KUNIT_EXPECT_EQ(test, info.distance, 3);
	KUNIT_EXPECT_EQ(test, info.hops, 3);
}

/*
 * Routes from one device with two nodes, ca and cb, to the provider on p:
 *
 *	      x			route A: ca-x-sw-p   cost 3, 3 hops
 *	  1 /   \ 1		route Y: ca-y-sw-p   cost 5, 3 hops
 *	ca       sw --1-- p	route B: cb-sw-p     cost 4, 2 hops
 *	  2 \   / 2 \
 *	      y      3
 *	              cb
 *
 * Links carry latencies 1 (ca-x), 10 (x-sw), 100 (sw-p), 1000 (ca-y),
 * 10000 (y-sw) and 100000 (cb-sw), so a route's latency names its links;
 * the link at the client moves the address into a window of its own.
 * cb is added first: the core searches from ca first (the device hash
 * lists a device's newest node first), finds A, then searches from cb
 * and must search from ca again for A's hops. One node answers forward()
 * differently in that repeat: it went surprise-down in between.
 */
struct flaky {
	int ca, cb, x, y, sw, p, prov;
};

/* What a consistent answer is: one of these routes, or none. */
struct flaky_route {
	const char *name;
	u32 hops, distance, latency_ns;
	u64 addr;
};

static const struct flaky_route flaky_routes[] = {
	{ "A", 3, 3, 111, 0xa0000010ULL },
	{ "Y", 3, 5, 11100, 0xc0000010ULL },
	{ "B", 2, 4, 100100, 0xb0000010ULL },
};

static void flaky_window(struct fake_topo *t, int link, u64 out_base)
{
	t->windows[link] = (struct fake_window){
		.set = true, .in_base = 0x100000000ULL, .size = 0x1000,
		.space = P2P_ADDR_PCI_BUS, .out_base = out_base,
	};
}

static void flaky_link(struct fake_topo *t, int a, int b, u32 cost,
		       u32 latency_ns, u64 window)
{
	struct p2p_link_attr attr = { .cost = cost, .dirs = P2P_DIR_BOTH,
				      .latency_ns = latency_ns };
	int l = fake_link_attr(t, &t->bus, a, b, &attr);

	if (window)
		flaky_window(t, l, window);
}

static void build_flaky(struct fake_topo *t, struct flaky *f)
{
	f->cb = fake_node(t, P2P_NODE_ENDPOINT, true);
	f->ca = fake_node_same_dev(t, P2P_NODE_ENDPOINT, f->cb);
	f->x = fake_node(t, P2P_NODE_SWITCH, false);
	f->y = fake_node(t, P2P_NODE_SWITCH, false);
	f->sw = fake_node(t, P2P_NODE_SWITCH, false);
	f->p = fake_node(t, P2P_NODE_ENDPOINT, true);
	flaky_link(t, f->ca, f->x, 1, 1, 0xa0000000ULL);
	flaky_link(t, f->x, f->sw, 1, 10, 0);
	flaky_link(t, f->sw, f->p, 1, 100, 0);
	flaky_link(t, f->ca, f->y, 2, 1000, 0xc0000000ULL);
	flaky_link(t, f->y, f->sw, 2, 10000, 0);
	flaky_link(t, f->cb, f->sw, 3, 100000, 0xb0000000ULL);
	f->prov = fake_provider(t, f->p, 0x100000000ULL, 0x1000, true);
}

/* Which node goes down, after how many forward() answers. */
struct flaky_case {
	const char *name;
	bool client_node;	/* ca itself, else the relay x on route A */
	unsigned int answers;
};

/*
 * ca is asked twice in the first search (starting over ca-x and ca-y),
 * x twice (ca-x on to sw, and back to ca). Down after that, ca lets the
 * repeat find nothing; x sends it round through y.
 */
static const struct flaky_case flaky_cases[] = {
	{ "client node goes down", true, 2 },
	{ "relay on the route goes down", false, 2 },
};

static void flaky_case_desc(const struct flaky_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(flaky, flaky_cases, flaky_case_desc);

static void route_repeated_search_answer_is_consistent(struct kunit *test)
{
	const struct flaky_case *c = test->param_value;
	const struct flaky_route *match = NULL;
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	struct p2p_addr addr;
	struct device *client;
	struct flaky f;
	unsigned int i;
	int ret;

	build_flaky(t, &f);
	client = fake_dev(t, f.ca);
	t->fakes[c->client_node ? f.ca : f.x].answers_before_down = c->answers;
	p2p_bus_rules_changed(&t->bus);

	ret = p2p_route(t->providers[f.prov], client, P2P_DIR_BOTH, &info);
	if (ret) {
		KUNIT_EXPECT_EQ(test, ret, -EHOSTUNREACH);
		KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
		KUNIT_EXPECT_EQ(test, p2p_translate(t->providers[f.prov], client,
						    0x100000010ULL, &addr),
				-EHOSTUNREACH);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(flaky_routes); i++)
		if (info.hops == flaky_routes[i].hops &&
		    info.distance == flaky_routes[i].distance &&
		    info.latency_ns == flaky_routes[i].latency_ns)
			match = &flaky_routes[i];
	KUNIT_ASSERT_NOT_NULL_MSG(test, match,
				  "no such route: %u hops, distance %u, %u ns",
				  info.hops, info.distance, info.latency_ns);
	/* Translation follows the very route the answer describes. */
	KUNIT_ASSERT_EQ(test, p2p_translate(t->providers[f.prov], client,
					    0x100000010ULL, &addr), 0);
	KUNIT_EXPECT_EQ_MSG(test, addr.addr, match->addr, "route %s",
			    match->name);
}

/*
 * The same for a route to a device with two nodes: ta behind x (cost 2),
 * tb straight (cost 3). The repeat towards ta finds x gone.
 */
static void route_to_device_repeated_search_is_consistent(struct kunit *test)
{
	struct fake_topo *t = test->priv;
	struct p2p_route_info info;
	int c, x, ta, tb, ret;
	bool known;

	c = fake_node(t, P2P_NODE_ENDPOINT, true);
	x = fake_node(t, P2P_NODE_SWITCH, false);
	tb = fake_node(t, P2P_NODE_ENDPOINT, true);
	ta = fake_node_same_dev(t, P2P_NODE_ENDPOINT, tb);
	fake_link(t, c, x, 1);
	fake_link(t, x, ta, 1);
	fake_link(t, c, tb, 3);
	/* x is asked twice (on to ta, back to c) in the search towards ta */
	t->fakes[x].answers_before_down = 2;
	p2p_bus_rules_changed(&t->bus);

	ret = p2p_route_to_device(fake_dev(t, tb), fake_dev(t, c), P2P_DIR_BOTH,
				  &info);
	if (ret) {
		KUNIT_EXPECT_EQ(test, ret, -EHOSTUNREACH);
		KUNIT_EXPECT_EQ(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
		return;
	}
	KUNIT_EXPECT_NE(test, info.map_type, P2P_MAP_NOT_SUPPORTED);
	/* through x to ta, or straight to tb */
	known = (info.hops == 2 && info.distance == 2) ||
		(info.hops == 1 && info.distance == 3);
	KUNIT_EXPECT_TRUE_MSG(test, known, "no such route: %u hops, distance %u",
			      info.hops, info.distance);
}

static struct kunit_case route_test_cases[] = {
	KUNIT_CASE(route_tree_siblings_are_direct),
	KUNIT_CASE(route_tree_across_host_is_thru_host),
	KUNIT_CASE(route_client_owning_provider_has_no_hops),
	KUNIT_CASE(route_equal_cost_choice_is_deterministic),
	KUNIT_CASE(route_equal_cost_follows_link_age),
	KUNIT_CASE(route_prefers_cheaper_link),
	KUNIT_CASE(route_equal_cost_prefers_fewer_hops),
	KUNIT_CASE(route_turn_restriction_forces_longer_route),
	KUNIT_CASE(route_turn_restriction_makes_route_impossible),
	KUNIT_CASE(route_redirect_turns_around_at_host_bridge),
	KUNIT_CASE(route_end_refusals_send_route_round),
	KUNIT_CASE(route_endpoints_do_not_relay_unless_told),
	KUNIT_CASE(route_crosses_two_buses),
	KUNIT_CASE(route_avoids_down_link_and_returns),
	KUNIT_CASE(route_respects_link_directions),
	KUNIT_CASE(route_disconnected_client_is_unreachable),
	KUNIT_CASE(route_client_without_node_is_enodev),
	KUNIT_CASE(route_aggregates_attributes),
	KUNIT_CASE(route_aggregates_read_and_write_apart),
	KUNIT_CASE(route_device_with_two_nodes_uses_either),
	KUNIT_CASE(route_irrelevant_refusal_is_not_reported),
	KUNIT_CASE(route_forward_rule_may_depend_on_client_node),
	KUNIT_CASE_PARAM(route_repeated_search_answer_is_consistent,
			 flaky_gen_params),
	KUNIT_CASE(route_to_device_repeated_search_is_consistent),
	{}
};

static struct kunit_suite route_test_suite = {
	.name = "p2p_route",
	.init = fake_topo_init,
	.exit = fake_topo_exit,
	.test_cases = route_test_cases,
};

kunit_test_suite(route_test_suite);
