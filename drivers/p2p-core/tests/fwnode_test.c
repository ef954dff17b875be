// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the firmware reader against malformed device-tree descriptions.
 * fwnode_bad_cases.dtso holds one case per node; each is rejected with a
 * message naming the node at fault, while the valid connection beside it
 * still loads. ACPI descriptions take the same path through the fwnode API
 * and are checked by a QEMU boot with an SSDT.
 */
#include <kunit/test.h>
#include <linux/of.h>
#include <linux/p2p_fwnode.h>
#include <linux/string.h>

#include "overlay.h"

#define CASES_ROOT "/p2p-fwnode-cases/"

/**
 * struct fwnode_bad_case - one malformed description and its verdict
 * @name: the case node under /p2p-fwnode-cases
 * @blame: path, below the case node, of the firmware node to be named;
 *	ending in '@', any port of that node (the order in which a node's
 *	endpoints are visited is the firmware's)
 * @reason: part of the reason to be given
 * @errors: parts to be rejected
 * @good_devices: nodes to be kept
 * @good_connections: connections to be kept
 */
struct fwnode_bad_case {
	const char *name;
	const char *blame;
	const char *reason;
	unsigned int errors;
	unsigned int good_devices;
	unsigned int good_connections;
};

static const struct fwnode_bad_case fwnode_bad_cases[] = {
	{ "bandwidth-zero", "a/ports/port@0/endpoint",
	  "p2p-bandwidth-kBps is 0", 1, 3, 1 },
	{ "bandwidth-absurd", "ok/ports/port@0/endpoint",
	  "beyond 1000000000", 1, 3, 1 },
	{ "bandwidth-missing", "ok/ports/port@0/endpoint",
	  "missing on both ends", 1, 3, 1 },
	{ "bandwidth-string", "a/ports/port@0/endpoint",
	  "p2p-bandwidth-kBps is not a single", 1, 3, 1 },
	{ "bandwidth-64-bit", "a/ports/port@0/endpoint",
	  "p2p-bandwidth-kBps is not a single", 1, 3, 1 },
	{ "bandwidth-array", "ok/ports/port@0/endpoint",
	  "p2p-bandwidth-kBps is not a single", 1, 3, 1 },
	{ "bandwidth-empty", "ok/ports/port@0/endpoint",
	  "p2p-bandwidth-kBps is not a single", 1, 3, 1 },
	{ "latency-absurd", "ok/ports/port@0/endpoint",
	  "p2p-latency-ns is beyond", 1, 3, 1 },
	{ "latency-string", "a/ports/port@0/endpoint",
	  "p2p-latency-ns is not a single", 1, 3, 1 },
	{ "link-count-zero", "ok/ports/port@0/endpoint",
	  "p2p-link-count is not between", 1, 3, 1 },
	{ "link-count-absurd", "a/ports/port@0/endpoint",
	  "p2p-link-count is not between", 1, 3, 1 },
	{ "ends-disagree-bandwidth", "ok/ports/port@0/endpoint",
	  "disagree on p2p-bandwidth-kBps", 1, 3, 1 },
	{ "ends-disagree-latency", "ok/ports/port@0/endpoint",
	  "disagree on p2p-latency-ns", 1, 3, 1 },
	{ "ends-disagree-link-count", "ok/ports/port@0/endpoint",
	  "disagree on p2p-link-count", 1, 3, 1 },
	{ "remote-endpoint-missing", "ok/ports/port@0/endpoint",
	  "remote-endpoint is missing", 1, 2, 1 },
	{ "remote-endpoint-dangling", "ok/ports/port@0/endpoint",
	  "remote-endpoint names nothing", 1, 2, 1 },
	{ "remote-endpoint-not-an-endpoint", "ok/ports/port@0/endpoint",
	  "not an endpoint", 1, 2, 1 },
	{ "remote-endpoint-self", "ok/ports/port@0/endpoint",
	  "its own remote-endpoint", 1, 2, 1 },
	{ "remote-does-not-point-back", "ok/ports/port@0/endpoint",
	  "does not point back", 1, 3, 2 },
	{ "loop-through-hub", "ok/ports/port@",
	  "loops back to its own node", 1, 2, 1 },
	{ "duplicate-link", "ok/ports/port@",
	  "a second connection", 1, 3, 2 },
	{ "remote-without-fabric-id", "a",
	  "has no p2p-fabric-id", 1, 2, 1 },
	{ "fabric-id-zero", "a",
	  "p2p-fabric-id is 0", 1, 2, 1 },
	{ "fabric-id-string", "a",
	  "p2p-fabric-id is not a single", 1, 2, 1 },
	{ "fabric-id-mismatch", "ok/ports/port@0/endpoint",
	  "different fabrics", 1, 3, 1 },
	{ "aperture-size-zero", "a",
	  "p2p-aperture-size is 0", 1, 2, 1 },
	{ "aperture-wraps-home", "a",
	  "wraps around", 1, 2, 1 },
	{ "aperture-wraps-fabric", "a",
	  "wraps around", 1, 2, 1 },
	{ "aperture-partial", "a",
	  "must come together", 1, 2, 1 },
	{ "aperture-32-bit", "a",
	  "not a single 64-bit value", 1, 2, 1 },
	{ "aperture-on-switch", "a",
	  "no aperture", 1, 2, 1 },
	{ "relay-on-switch", "a",
	  "p2p-relay is wrong", 1, 2, 1 },
};

static void fwnode_bad_case_desc(const struct fwnode_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fwnode_bad, fwnode_bad_cases, fwnode_bad_case_desc);

static int fwnode_overlay_id;

static int fwnode_test_suite_init(struct kunit_suite *suite)
{
	return p2p_test_overlay_apply(fwnode_bad_cases, &fwnode_overlay_id);
}

static void fwnode_test_suite_exit(struct kunit_suite *suite)
{
	of_overlay_remove(&fwnode_overlay_id);
}

/* Parse the case's "ok" node, the way the backend would at boot. */
static void fwnode_parse_case(struct kunit *test, const char *name,
			      struct p2p_fw_description *desc)
{
	struct device_node *np;
	char path[96];

	snprintf(path, sizeof(path), CASES_ROOT "%s/ok", name);
	np = of_find_node_by_path(path);
	KUNIT_ASSERT_NOT_NULL_MSG(test, np, "no node %s", path);
	KUNIT_EXPECT_EQ(test, p2p_fw_parse(desc, of_fwnode_handle(np)), 0);
	of_node_put(np);
}

static void fwnode_rejects_malformed_description(struct kunit *test)
{
	const struct fwnode_bad_case *c = test->param_value;
	struct p2p_fw_description desc = {};
	unsigned int i, devices = 0, connections = 0;
	char blame[96];

	fwnode_parse_case(test, c->name, &desc);
	KUNIT_EXPECT_EQ(test, desc.nr_errors, c->errors);
	if (desc.nr_errors) {
		snprintf(blame, sizeof(blame), CASES_ROOT "%s/%s", c->name,
			 c->blame);
		if (blame[strlen(blame) - 1] == '@')
			KUNIT_EXPECT_TRUE_MSG(test, !strncmp(desc.errors[0].node, blame,
							     strlen(blame)),
					      "%s named", desc.errors[0].node);
		else
			KUNIT_EXPECT_STREQ(test, desc.errors[0].node, blame);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(desc.errors[0].reason,
						       c->reason),
					  "reason given: %s", desc.errors[0].reason);
	}
	for (i = 0; i < desc.nr_devices; i++)
		devices += !desc.devices[i].rejected;
	for (i = 0; i < desc.nr_connections; i++)
		connections += !desc.connections[i].rejected;
	KUNIT_EXPECT_EQ(test, devices, c->good_devices);
	KUNIT_EXPECT_EQ(test, connections, c->good_connections);
	p2p_fw_description_free(&desc);
}

/* The valid connection beside each case carries what it says. */
static void fwnode_reads_link_properties(struct kunit *test)
{
	struct p2p_fw_description desc = {};
	const struct p2p_fw_connection *conn = NULL;
	unsigned int i;

	/* ok -> a is rejected there; ok -> c (50000 MB/s, 1 link) is kept. */
	fwnode_parse_case(test, "bandwidth-zero", &desc);
	for (i = 0; i < desc.nr_connections; i++)
		if (!desc.connections[i].rejected)
			conn = &desc.connections[i];
	KUNIT_ASSERT_NOT_NULL(test, conn);
	KUNIT_EXPECT_EQ(test, conn->bandwidth_MBps, 50000);
	KUNIT_EXPECT_EQ(test, conn->nr_links, 1);
	KUNIT_EXPECT_EQ(test, conn->latency_ns, 0);
	KUNIT_EXPECT_EQ(test, desc.devices[conn->a].fabric_id, 100);
	KUNIT_EXPECT_FALSE(test, desc.devices[conn->b].has_aperture);
	p2p_fw_description_free(&desc);
}

static void fwnode_parses_each_node_once(struct kunit *test)
{
	struct p2p_fw_description desc = {};
	struct device_node *np;
	unsigned int devices, connections;

	fwnode_parse_case(test, "duplicate-link", &desc);
	devices = desc.nr_devices;
	connections = desc.nr_connections;

	/* Starting again anywhere in the same description adds nothing. */
	np = of_find_node_by_path(CASES_ROOT "duplicate-link/c");
	KUNIT_ASSERT_NOT_NULL(test, np);
	KUNIT_EXPECT_EQ(test, p2p_fw_parse(&desc, of_fwnode_handle(np)), 0);
	of_node_put(np);
	KUNIT_EXPECT_EQ(test, desc.nr_devices, devices);
	KUNIT_EXPECT_EQ(test, desc.nr_connections, connections);
	KUNIT_EXPECT_EQ(test, desc.nr_errors, 1);
	p2p_fw_description_free(&desc);
	KUNIT_EXPECT_EQ(test, desc.nr_devices, 0);
}

static void fwnode_rejects_bad_arguments(struct kunit *test)
{
	struct p2p_fw_description desc = {};
	struct device_node *np;

	np = of_find_node_by_path(CASES_ROOT "bandwidth-zero/ok");
	KUNIT_ASSERT_NOT_NULL(test, np);
	KUNIT_EXPECT_EQ(test, p2p_fw_parse(NULL, of_fwnode_handle(np)), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_fw_parse(&desc, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, p2p_fw_parse(&desc, ERR_PTR(-ENODEV)), -EINVAL);
	of_node_put(np);
	KUNIT_EXPECT_EQ(test, desc.nr_devices, 0);
	p2p_fw_description_free(NULL);
}

static struct kunit_case fwnode_test_cases[] = {
	KUNIT_CASE_PARAM(fwnode_rejects_malformed_description,
			 fwnode_bad_gen_params),
	KUNIT_CASE(fwnode_reads_link_properties),
	KUNIT_CASE(fwnode_parses_each_node_once),
	KUNIT_CASE(fwnode_rejects_bad_arguments),
	{}
};

static struct kunit_suite fwnode_test_suite = {
	.name = "p2p_fwnode",
	.suite_init = fwnode_test_suite_init,
	.suite_exit = fwnode_test_suite_exit,
	.test_cases = fwnode_test_cases,
};

kunit_test_suite(fwnode_test_suite);
