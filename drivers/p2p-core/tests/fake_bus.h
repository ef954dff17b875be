/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bus backend that exists only in memory, for the core's KUnit suites:
 * tests build any topology, forbid chosen turns and give links address
 * windows, then check what the core answers.
 */
#ifndef _P2P_FAKE_BUS_H
#define _P2P_FAKE_BUS_H

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/p2p_topology.h>

#define FAKE_MAX_DENIED	8

/**
 * struct fake_node - the fake backend's data for a node
 * @deny_all: refuse every turn through the node
 * @relay: an endpoint that forwards traffic (a GPU in a ring)
 * @only_client: when set, forward only traffic of this client node (as
 *	ACS egress control keys on the requester)
 * @no_end_over: a route may not start or end at the node over this link
 *	(as PCIe ACS redirect on the function itself forbids a direct path)
 * @no_self: the node may not reach its own memory without leaving
 * @blame: when set, refusals of turns in @denied name this node (as an
 *	ACS setting further down the path does)
 * @nr_denied: entries in @denied
 * @denied: (in, out) link pairs the node refuses
 * @answers_before_down: when not 0, the node answers this many forward()
 *	calls by the rules above and refuses every later one: a device that
 *	went surprise-down between two searches of one query (its config
 *	space now reads all ones)
 * @nr_answers: forward() calls about the node so far
 */
struct fake_node {
	bool deny_all;
	bool relay;
	const struct p2p_node *only_client;
	const struct p2p_link *no_end_over;
	bool no_self;
	const struct p2p_node *blame;
	unsigned int nr_denied;
	struct {
		const struct p2p_link *in, *out;
	} denied[FAKE_MAX_DENIED];
	unsigned int answers_before_down;
	unsigned int nr_answers;
};

/**
 * struct fake_window - an address window a link moves addresses through
 * @set: translate at all; otherwise addresses cross unchanged
 * @in_base: window start on the provider side
 * @size: window size
 * @space: address space on the client side
 * @fabric_id: fabric of the result
 * @out_base: window start on the client side
 */
struct fake_window {
	bool set;
	u64 in_base, size;
	enum p2p_addr_space space;
	u32 fabric_id;
	u64 out_base;
};

/**
 * struct fake_topo - one test's topology, torn down by fake_topo_destroy()
 * @test: the test
 * @bus: the main fake bus
 * @link_bus: a second fake bus flagged as a private interconnect
 * @nodes: nodes added, in order; NULL once removed by the test
 * @fakes: backend data of @nodes
 * @devs: device bound to each node, or NULL
 * @nr_nodes: entries used in @nodes
 * @links: links added, in order; NULL once removed by the test
 * @windows: backend data of @links
 * @nr_links: entries used in @links
 * @providers: providers added; NULL once removed by the test
 * @nr_providers: entries used in @providers
 * @max_nodes: capacity of the node arrays
 * @max_links: capacity of the link arrays
 */
struct fake_topo {
	struct kunit *test;
	struct p2p_bus bus;
	struct p2p_bus link_bus;
	struct p2p_node **nodes;
	struct fake_node *fakes;
	struct device **devs;
	unsigned int nr_nodes;
	struct p2p_link **links;
	struct fake_window *windows;
	unsigned int nr_links;
	struct p2p_provider *providers[16];
	unsigned int nr_providers;
	unsigned int max_nodes, max_links;
};

struct fake_topo *fake_topo_create(struct kunit *test, unsigned int max_nodes,
				   unsigned int max_links);
void fake_topo_destroy(struct fake_topo *topo);
int fake_topo_init(struct kunit *test);
void fake_topo_exit(struct kunit *test);

int fake_node(struct fake_topo *topo, enum p2p_node_type type, bool with_dev);
int fake_node_named(struct fake_topo *topo, enum p2p_node_type type,
		    const char *name);
int fake_node_same_dev(struct fake_topo *topo, enum p2p_node_type type,
		       int other);
int fake_node_fwnode(struct fake_topo *topo, enum p2p_node_type type,
		     struct fwnode_handle *fwnode);
int fake_link(struct fake_topo *topo, int a, int b, u32 cost);
int fake_link_attr(struct fake_topo *topo, struct p2p_bus *bus, int a, int b,
		   const struct p2p_link_attr *attr);
int fake_provider(struct fake_topo *topo, int node, u64 phys, u64 size,
		  bool published);
void fake_deny_turn(struct fake_topo *topo, int node, int in_link,
		    int out_link);
void fake_node_remove(struct fake_topo *topo, int node);
void fake_link_remove(struct fake_topo *topo, int link);

static inline struct device *fake_dev(struct fake_topo *topo, int node)
{
	return topo->devs[node];
}

#endif /* _P2P_FAKE_BUS_H */
