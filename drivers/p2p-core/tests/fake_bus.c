// SPDX-License-Identifier: GPL-2.0
/*
 * The fake bus backend of the KUnit suites; see fake_bus.h.
 */
#include <kunit/device.h>
#include <linux/device.h>
#include <linux/module.h>

#include "fake_bus.h"

static enum p2p_verdict fake_forward(const struct p2p_node *node,
				     const struct p2p_link *in,
				     const struct p2p_link *out,
				     const struct p2p_query *query,
				     struct p2p_refusal *why)
{
	static const struct fake_node plain;
	struct fake_node *priv = p2p_node_priv(node);
	const struct fake_node *fake = priv ?: &plain;
	unsigned int i;

	if (priv && priv->answers_before_down &&
	    ++priv->nr_answers > priv->answers_before_down) {
		why->reason = "fake: device is gone";
		return P2P_FORWARD_DENY;
	}
	/* Starting or ending a route is no turn; only these rules refuse it. */
	if (!in && !out && fake->no_self) {
		why->reason = "fake: must leave to come back";
		return P2P_FORWARD_DENY;
	}
	if ((!in || !out) && fake->no_end_over &&
	    (in ?: out) == fake->no_end_over) {
		why->reason = "fake: no end over this link";
		return P2P_FORWARD_DENY;
	}
	if (!in || !out)
		return P2P_FORWARD_ALLOW;

	if (fake->deny_all) {
		why->reason = "fake: denies every turn";
		return P2P_FORWARD_DENY;
	}
	if (fake->only_client && query->client != fake->only_client) {
		why->reason = "fake: not for this client";
		return P2P_FORWARD_DENY;
	}
	for (i = 0; i < fake->nr_denied; i++) {
		if (fake->denied[i].in == in && fake->denied[i].out == out) {
			why->reason = "fake: turn denied";
			if (fake->blame)
				why->node_id = p2p_node_id(fake->blame);
			return P2P_FORWARD_DENY;
		}
	}
	if (p2p_node_type(node) == P2P_NODE_ENDPOINT && !fake->relay)
		return P2P_FORWARD_DENY;
	if (in == out && p2p_node_type(node) != P2P_NODE_HOST_BRIDGE &&
	    p2p_node_type(node) != P2P_NODE_HOST)
		return P2P_FORWARD_DENY;
	return P2P_FORWARD_ALLOW;
}

static int fake_translate(const struct p2p_link *link,
			  const struct p2p_node *toward, struct p2p_addr *addr)
{
	const struct fake_window *w = p2p_link_priv(link);

	if (!w || !w->set)
		return 0;
	return p2p_addr_rebase(addr, w->in_base, w->size, w->space,
			       w->fabric_id, w->out_base);
}

static const struct p2p_bus_ops fake_ops = {
	.forward = fake_forward,
	.translate = fake_translate,
};

struct fake_topo *fake_topo_create(struct kunit *test, unsigned int max_nodes,
				   unsigned int max_links)
{
	struct fake_topo *topo = kunit_kzalloc(test, sizeof(*topo), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, topo);
	topo->test = test;
	topo->max_nodes = max_nodes;
	topo->max_links = max_links;
	topo->nodes = kunit_kcalloc(test, max_nodes, sizeof(*topo->nodes), GFP_KERNEL);
	topo->fakes = kunit_kcalloc(test, max_nodes, sizeof(*topo->fakes), GFP_KERNEL);
	topo->devs = kunit_kcalloc(test, max_nodes, sizeof(*topo->devs), GFP_KERNEL);
	topo->links = kunit_kcalloc(test, max_links, sizeof(*topo->links), GFP_KERNEL);
	topo->windows = kunit_kcalloc(test, max_links, sizeof(*topo->windows), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, topo->nodes);
	KUNIT_ASSERT_NOT_NULL(test, topo->fakes);
	KUNIT_ASSERT_NOT_NULL(test, topo->devs);
	KUNIT_ASSERT_NOT_NULL(test, topo->links);
	KUNIT_ASSERT_NOT_NULL(test, topo->windows);

	topo->bus.name = "fake";
	topo->bus.ops = &fake_ops;
	topo->link_bus.name = "fake-link";
	topo->link_bus.ops = &fake_ops;
	topo->link_bus.flags = P2P_BUS_PRIVATE_INTERCONNECT;
	KUNIT_ASSERT_EQ(test, p2p_bus_register(&topo->bus), 0);
	KUNIT_ASSERT_EQ(test, p2p_bus_register(&topo->link_bus), 0);
	test->priv = topo;
	return topo;
}

/* Tear down in the reverse order of building, as a backend must. */
void fake_topo_destroy(struct fake_topo *topo)
{
	int i;

	if (!topo)
		return;
	for (i = topo->nr_providers - 1; i >= 0; i--)
		p2p_provider_remove(topo->providers[i]);
	for (i = topo->nr_links - 1; i >= 0; i--)
		p2p_link_remove(topo->links[i]);
	for (i = topo->nr_nodes - 1; i >= 0; i--)
		p2p_node_remove(topo->nodes[i]);
	p2p_bus_unregister(&topo->link_bus);
	p2p_bus_unregister(&topo->bus);
}

/* The suites' init: a topology of room enough for any of their tests. */
int fake_topo_init(struct kunit *test)
{
	fake_topo_create(test, 32, 64);
	return 0;
}

/* The suites' exit. */
void fake_topo_exit(struct kunit *test)
{
	fake_topo_destroy(test->priv);
}

/* Add a node; endpoints get a device of their own when @with_dev. */
int fake_node(struct fake_topo *topo, enum p2p_node_type type, bool with_dev)
{
	struct kunit *test = topo->test;
	int i = topo->nr_nodes;
	char name[32];

	KUNIT_ASSERT_LT(test, i, (int)topo->max_nodes);
	snprintf(name, sizeof(name), "p2p-fake-%d", i);
	if (with_dev) {
		topo->devs[i] = kunit_device_register(test, name);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, topo->devs[i]);
	}
	topo->nodes[i] = p2p_node_add(&topo->bus, type, topo->devs[i], NULL,
				      with_dev ? NULL : name, &topo->fakes[i]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, topo->nodes[i]);
	topo->nr_nodes++;
	return i;
}

/* Add a node without a device, named @name. */
int fake_node_named(struct fake_topo *topo, enum p2p_node_type type,
		    const char *name)
{
	struct kunit *test = topo->test;
	int i = topo->nr_nodes;

	KUNIT_ASSERT_LT(test, i, (int)topo->max_nodes);
	topo->nodes[i] = p2p_node_add(&topo->bus, type, NULL, NULL, name,
				      &topo->fakes[i]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, topo->nodes[i]);
	topo->nr_nodes++;
	return i;
}

/* Another node for the device of node @other, as a device on two buses has. */
int fake_node_same_dev(struct fake_topo *topo, enum p2p_node_type type,
		       int other)
{
	struct kunit *test = topo->test;
	int i = topo->nr_nodes;
	char name[32];

	KUNIT_ASSERT_LT(test, i, (int)topo->max_nodes);
	KUNIT_ASSERT_NOT_NULL(test, topo->devs[other]);
	snprintf(name, sizeof(name), "p2p-fake-%d", i);
	topo->devs[i] = topo->devs[other];
	topo->nodes[i] = p2p_node_add(&topo->bus, type, topo->devs[i], NULL,
				      name, &topo->fakes[i]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, topo->nodes[i]);
	topo->nr_nodes++;
	return i;
}

/* A node bound to @fwnode alone: a device only firmware describes. */
int fake_node_fwnode(struct fake_topo *topo, enum p2p_node_type type,
		     struct fwnode_handle *fwnode)
{
	struct kunit *test = topo->test;
	int i = topo->nr_nodes;
	char name[32];

	KUNIT_ASSERT_LT(test, i, (int)topo->max_nodes);
	snprintf(name, sizeof(name), "p2p-fake-%d", i);
	topo->nodes[i] = p2p_node_add(&topo->bus, type, NULL, fwnode, name,
				      &topo->fakes[i]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, topo->nodes[i]);
	topo->nr_nodes++;
	return i;
}

int fake_link_attr(struct fake_topo *topo, struct p2p_bus *bus, int a, int b,
		   const struct p2p_link_attr *attr)
{
	struct kunit *test = topo->test;
	int i = topo->nr_links;

	KUNIT_ASSERT_LT(test, i, (int)topo->max_links);
	topo->links[i] = p2p_link_add(bus, topo->nodes[a], topo->nodes[b], attr,
				      &topo->windows[i]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, topo->links[i]);
	topo->nr_links++;
	return i;
}

/* A link of the main bus carrying both directions at @cost. */
int fake_link(struct fake_topo *topo, int a, int b, u32 cost)
{
	struct p2p_link_attr attr = { .cost = cost, .dirs = P2P_DIR_BOTH };

	return fake_link_attr(topo, &topo->bus, a, b, &attr);
}

int fake_provider(struct fake_topo *topo, int node, u64 phys, u64 size,
		  bool published)
{
	struct p2p_provider_desc desc = {
		.phys_start = phys,
		.size = size,
		.base = { .space = P2P_ADDR_PCI_BUS, .addr = phys },
		.published = published,
	};
	int i = topo->nr_providers;

	KUNIT_ASSERT_LT(topo->test, i, (int)ARRAY_SIZE(topo->providers));
	topo->providers[i] = p2p_provider_add(topo->nodes[node], &desc);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(topo->test, topo->providers[i]);
	topo->nr_providers++;
	return i;
}

void fake_deny_turn(struct fake_topo *topo, int node, int in_link, int out_link)
{
	struct fake_node *fake = &topo->fakes[node];

	KUNIT_ASSERT_LT(topo->test, fake->nr_denied, FAKE_MAX_DENIED);
	fake->denied[fake->nr_denied].in = topo->links[in_link];
	fake->denied[fake->nr_denied].out = topo->links[out_link];
	fake->nr_denied++;
	p2p_bus_rules_changed(&topo->bus);
}

void fake_node_remove(struct fake_topo *topo, int node)
{
	p2p_node_remove(topo->nodes[node]);
	topo->nodes[node] = NULL;
}

void fake_link_remove(struct fake_topo *topo, int link)
{
	p2p_link_remove(topo->links[link]);
	topo->links[link] = NULL;
}
