// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: /dev/p2p_topology (user_query.c). Requests are parsed as
 * Documentation/ABI/testing/dev-p2p_topology says, and answered for the
 * nodes sysfs shows, with the route the consumer API gives. The guest
 * script tests/guest/query.sh asks the device file itself, as a user.
 */
#include <kunit/test.h>
#include <linux/kobject.h>
#include <linux/seq_buf.h>
#include <linux/string.h>

#include "../core.h"
#include "fake_bus.h"

/**
 * struct uq_bad_case - a request the protocol refuses
 * @name: what is wrong with it
 * @req: the request as written
 * @len: its length as written (past an embedded NUL), 0 for strlen(@req)
 * @error: the error the protocol gives
 */
struct uq_bad_case {
	const char *name;
	const char *req;
	size_t len;
	int error;
};

static const struct uq_bad_case uq_bad_cases[] = {
	{ "empty", "", 0, -EINVAL },
	{ "only a newline", "\n", 0, -EINVAL },
	{ "only spaces", "   ", 0, -EINVAL },
	{ "verb alone", "route", 0, -EINVAL },
	{ "one name", "route a", 0, -EINVAL },
	{ "unknown verb", "path a b", 0, -EINVAL },
	{ "verb in capitals", "ROUTE a b", 0, -EINVAL },
	{ "leading space", " route a b", 0, -EINVAL },
	{ "doubled space", "route  a b", 0, -EINVAL },
	{ "trailing space", "route a b ", 0, -EINVAL },
	{ "commas", "route,a,b", 0, -EINVAL },
	{ "a third name", "route a b c", 0, -EINVAL },
	{ "empty dirs", "route a b dirs=", 0, -EINVAL },
	{ "unknown dirs", "route a b dirs=x", 0, -EINVAL },
	{ "dirs too long", "route a b dirs=rwx", 0, -EINVAL },
	{ "dirs twice", "route a b dirs=r dirs=w", 0, -EINVAL },
	{ "empty offset", "route a b offset=", 0, -EINVAL },
	{ "offset not a number", "route a b offset=abc", 0, -EINVAL },
	{ "negative offset", "route a b offset=-1", 0, -EINVAL },
	{ "offset over 64 bits", "route a b offset=18446744073709551616", 0,
	  -ERANGE },
	{ "offset 0x alone", "route a b offset=0x", 0, -EINVAL },
	{ "offset twice", "route a b offset=1 offset=2", 0, -EINVAL },
	{ "six words", "route a b dirs=r offset=0 x", 0, -EINVAL },
	{ "control character", "route a\x01 b", 0, -EINVAL },
	{ "carriage return", "route a b\r\n", 0, -EINVAL },
	{ "two lines", "route a b\nroute a b", 0, -EINVAL },
	{ "byte above ASCII", "route \xc3\xa9 b", 0, -EINVAL },
	{ "embedded NUL", "route a\0 b", 10, -EINVAL },
	{ "NUL at the end", "route a b\0", 10, -EINVAL },
};

static void uq_bad_case_desc(const struct uq_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(uq_bad, uq_bad_cases, uq_bad_case_desc);

static void user_query_refuses_malformed_requests(struct kunit *test)
{
	const struct uq_bad_case *c = test->param_value;
	size_t len = c->len ?: strlen(c->req);
	struct p2p_user_query q;
	char req[P2P_QUERY_MAX + 2] = {};

	memcpy(req, c->req, len);
	KUNIT_EXPECT_EQ(test, p2p_user_query_parse(req, len, &q), c->error);
}

static void user_query_refuses_overlong_requests(struct kunit *test)
{
	char req[P2P_QUERY_MAX + 2] = {};
	struct p2p_user_query q;

	/* 255 bytes and a newline pass the length check (names unknown) */
	memset(req, 'x', P2P_QUERY_MAX);
	memcpy(req, "route a ", 8);
	req[P2P_QUERY_MAX] = '\n';
	KUNIT_EXPECT_EQ(test, p2p_user_query_parse(req, P2P_QUERY_MAX + 1, &q),
			0);
	/* 256 bytes without a newline do not */
	memset(req, 'x', P2P_QUERY_MAX + 1);
	memcpy(req, "route a ", 8);
	req[P2P_QUERY_MAX + 1] = '\0';
	KUNIT_EXPECT_EQ(test, p2p_user_query_parse(req, P2P_QUERY_MAX + 1, &q),
			-EINVAL);
}

static void user_query_parses_names_and_options(struct kunit *test)
{
	char req[P2P_QUERY_MAX + 2] = "route\t0000:03:00.0 providers/2 offset=0x10 dirs=w\n";
	struct p2p_user_query q;

	KUNIT_ASSERT_EQ(test, p2p_user_query_parse(req, strlen(req), &q), 0);
	KUNIT_EXPECT_STREQ(test, q.target, "0000:03:00.0");
	KUNIT_EXPECT_STREQ(test, q.client, "providers/2");
	KUNIT_EXPECT_EQ(test, q.dirs, P2P_DIR_WRITE);
	KUNIT_EXPECT_EQ(test, q.offset, 0x10);

	strscpy(req, "route a b", sizeof(req));
	KUNIT_ASSERT_EQ(test, p2p_user_query_parse(req, strlen(req), &q), 0);
	KUNIT_EXPECT_EQ(test, q.dirs, P2P_DIR_BOTH);
	KUNIT_EXPECT_EQ(test, q.offset, 0);

	/* decimal unless 0x: a leading zero is not octal */
	strscpy(req, "route a b offset=0100", sizeof(req));
	KUNIT_ASSERT_EQ(test, p2p_user_query_parse(req, strlen(req), &q), 0);
	KUNIT_EXPECT_EQ(test, q.offset, 100);
	strscpy(req, "route a b offset=0XfF", sizeof(req));
	KUNIT_ASSERT_EQ(test, p2p_user_query_parse(req, strlen(req), &q), 0);
	KUNIT_EXPECT_EQ(test, q.offset, 0xff);
}

/**
 * struct uq_topo - ep0 (with memory) - sw - ep1, and a deviceless port
 * @t: the fake topology
 * @ep0: endpoint owning the provider
 * @sw: switch between the endpoints
 * @ep1: endpoint that is the client
 * @port: a port without a device, hanging off @sw
 * @link0: ep0 - sw
 * @link1: sw - ep1
 * @provider: index of ep0's provider
 * @buf: room for one answer
 * @s: the answer
 */
struct uq_topo {
	struct fake_topo *t;
	int ep0, sw, ep1, port, link0, link1, provider;
	char *buf;
	struct seq_buf s;
};

static struct uq_topo *uq_build(struct kunit *test)
{
	struct uq_topo *u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, u);
	u->buf = kunit_kzalloc(test, SIMPLE_TRANSACTION_LIMIT, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, u->buf);
	u->t = test->priv;
	u->ep0 = fake_node(u->t, P2P_NODE_ENDPOINT, true);
	u->sw = fake_node(u->t, P2P_NODE_SWITCH, false);
	u->ep1 = fake_node(u->t, P2P_NODE_ENDPOINT, true);
	u->port = fake_node(u->t, P2P_NODE_PORT, false);
	u->link0 = fake_link(u->t, u->ep0, u->sw, 3);
	u->link1 = fake_link(u->t, u->sw, u->ep1, 5);
	fake_link(u->t, u->sw, u->port, 1);
	/* each link moves the memory's window: 0x100000 -> 0x200000 -> 0x300000 */
	u->t->windows[u->link0] = (struct fake_window){
		.set = true, .in_base = 0x100000, .size = 0x1000,
		.space = P2P_ADDR_PCI_BUS, .out_base = 0x200000 };
	u->t->windows[u->link1] = (struct fake_window){
		.set = true, .in_base = 0x200000, .size = 0x1000,
		.space = P2P_ADDR_PCI_BUS, .out_base = 0x300000 };
	u->provider = fake_provider(u->t, u->ep0, 0x100000, 0x1000, true);
	/* The names the query knows are the directories sysfs made. */
	p2p_notifier_flush();
	return u;
}

static const char *uq_name(struct uq_topo *u, int node)
{
	KUNIT_ASSERT_NOT_NULL(u->t->test, u->t->nodes[node]->sysfs);
	return kobject_name(u->t->nodes[node]->sysfs);
}

static int uq_ask_as(struct uq_topo *u, const char *target,
		     const char *client, u64 offset, bool addresses)
{
	struct p2p_user_query q = {
		.target = target,
		.client = client,
		.dirs = P2P_DIR_BOTH,
		.offset = offset,
		.addresses = addresses,
	};
	int ret;

	seq_buf_init(&u->s, u->buf, SIMPLE_TRANSACTION_LIMIT);
	ret = p2p_user_query_answer(&u->s, &q);
	seq_buf_str(&u->s);	/* ends the answer, not the one before */
	return ret;
}

/* As the administrator, at offset 0. */
static int uq_ask(struct uq_topo *u, const char *target, const char *client)
{
	return uq_ask_as(u, target, client, 0, true);
}

/* The answer has the line @fmt makes, whole. */
static __printf(2, 3) bool uq_has_line(struct uq_topo *u, const char *fmt, ...)
{
	char line[256], *at;
	va_list args;
	size_t len;

	va_start(args, fmt);
	len = vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	if (len >= sizeof(line))
		return false;
	for (at = strstr(u->buf, line); at; at = strstr(at + 1, line))
		if ((at == u->buf || at[-1] == '\n') && at[len] == '\n')
			return true;
	return false;
}

static void user_query_answers_a_provider_from_the_cache(struct kunit *test)
{
	struct uq_topo *u = uq_build(test);
	u32 sw_id = u->t->nodes[u->sw]->id, ep1_id = u->t->nodes[u->ep1]->id;

	KUNIT_ASSERT_EQ(test, uq_ask(u, uq_name(u, u->ep0), uq_name(u, u->ep1)), 0);
	KUNIT_EXPECT_TRUE_MSG(test, uq_has_line(u, "provider %u",
						u->t->providers[u->provider]->id),
			      "%s", u->buf);
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "cached 1"));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "error 0"));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "map_type direct"));
	/* two links of cost 3 and 5 */
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "distance 8"));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "hops 2"));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "dirs rw"));
	/* from the provider towards the client, each hop's window applied */
	KUNIT_EXPECT_TRUE_MSG(test, uq_has_line(u, "hop 1 link=%u bus=fake to=%u name=%s %s",
						u->t->links[u->link0]->id, sw_id,
						u->t->nodes[u->sw]->name,
						"kind=switch addr=pci-bus:0x200000"),
			      "%s", u->buf);
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "hop 2 link=%u bus=fake to=%u name=%s %s",
					    u->t->links[u->link1]->id, ep1_id,
					    u->t->nodes[u->ep1]->name,
					    "kind=endpoint addr=pci-bus:0x300000"));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "address pci-bus:0x300000"));
	KUNIT_EXPECT_NULL(test, strstr(u->buf, "refused_by"));

	/* a provider's bare id is no node's name */
	KUNIT_EXPECT_EQ(test, uq_ask(u, kobject_name(u->t->providers[u->provider]->sysfs),
				     uq_name(u, u->ep1)), -ENOENT);
}

static void user_query_answers_a_device_by_a_search(struct kunit *test)
{
	struct uq_topo *u = uq_build(test);

	/* ep1 has no memory: a search, and the route the other way round */
	KUNIT_ASSERT_EQ(test, uq_ask(u, uq_name(u, u->ep1), uq_name(u, u->ep0)), 0);
	KUNIT_EXPECT_TRUE_MSG(test, uq_has_line(u, "provider -"), "%s", u->buf);
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "cached 0"));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "map_type direct"));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "hops 2"));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "hop 1 link=%u bus=fake to=%u name=%s kind=switch",
					    u->t->links[u->link1]->id,
					    u->t->nodes[u->sw]->id,
					    u->t->nodes[u->sw]->name));
	KUNIT_EXPECT_NULL(test, strstr(u->buf, "address"));
}

static void user_query_names_who_refuses(struct kunit *test)
{
	struct uq_topo *u = uq_build(test);

	fake_deny_turn(u->t, u->sw, u->link1, u->link0);
	fake_deny_turn(u->t, u->sw, u->link0, u->link1);
	KUNIT_ASSERT_EQ(test, uq_ask(u, uq_name(u, u->ep0), uq_name(u, u->ep1)), 0);
	KUNIT_EXPECT_TRUE_MSG(test, uq_has_line(u, "error EHOSTUNREACH"),
			      "%s", u->buf);
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "map_type none"));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "refused_by %s %u",
					    u->t->nodes[u->sw]->name,
					    u->t->nodes[u->sw]->id));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "refused_rule fake: turn denied"));
	KUNIT_EXPECT_NULL(test, strstr(u->buf, "hop 1"));
}

/* A firmware path can be long: the answer names the refuser whole. */
static void user_query_names_a_long_named_refuser_whole(struct kunit *test)
{
	static const char sw_name[] =
		"\\_SB.PCI0.S08.P2P.FABRIC-SWITCH-WITH-A-NAME-LONGER-THAN-64-BYTES.PORT3";
	struct uq_topo *u = uq_build(test);
	int sw, ep2, l0, l2;

	KUNIT_ASSERT_GT(test, sizeof(sw_name), 64);
	/* ep2 reaches ep0's memory only through the long-named switch */
	sw = fake_node_named(u->t, P2P_NODE_SWITCH, sw_name);
	ep2 = fake_node(u->t, P2P_NODE_ENDPOINT, true);
	l0 = fake_link(u->t, u->ep0, sw, 1);
	l2 = fake_link(u->t, sw, ep2, 1);
	fake_deny_turn(u->t, sw, l2, l0);
	fake_deny_turn(u->t, sw, l0, l2);
	p2p_notifier_flush();
	KUNIT_ASSERT_EQ(test, uq_ask(u, uq_name(u, u->ep0), uq_name(u, ep2)), 0);
	KUNIT_EXPECT_TRUE_MSG(test, uq_has_line(u, "error EHOSTUNREACH"),
			      "%s", u->buf);
	/* the name as given, its backslash written as \134 */
	KUNIT_EXPECT_TRUE_MSG(test, uq_has_line(u, "refused_by \\134%s %u",
						sw_name + 1,
						u->t->nodes[sw]->id),
			      "%s", u->buf);
}

static void user_query_refuses_unknown_and_deviceless_names(struct kunit *test)
{
	struct uq_topo *u = uq_build(test);
	char provider[128];

	snprintf(provider, sizeof(provider), "providers/%u",
		 u->t->providers[u->provider]->id);
	KUNIT_EXPECT_EQ(test, uq_ask(u, "no-such-node", uq_name(u, u->ep1)),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, uq_ask(u, uq_name(u, u->ep0), "no-such-node"),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, uq_ask(u, "providers/999999", uq_name(u, u->ep1)),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, uq_ask(u, "nodes/", uq_name(u, u->ep1)), -EINVAL);
	/* a client must be a device; a provider is not one */
	KUNIT_EXPECT_EQ(test, uq_ask(u, uq_name(u, u->ep0), uq_name(u, u->port)),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, uq_ask(u, uq_name(u, u->ep0), provider), -ENODEV);
	/* a target with neither memory nor a device */
	KUNIT_EXPECT_EQ(test, uq_ask(u, uq_name(u, u->port), uq_name(u, u->ep1)),
			-ENODEV);
	/* the provider named by its directory, and its owner by nodes/ */
	KUNIT_EXPECT_EQ(test, uq_ask(u, provider, uq_name(u, u->ep1)), 0);
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "target %s", provider));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "map_type direct"));
	snprintf(provider, sizeof(provider), "nodes/%s", uq_name(u, u->ep0));
	KUNIT_EXPECT_EQ(test, uq_ask(u, provider, uq_name(u, u->ep1)), 0);
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "map_type direct"));
}

static void user_query_translates_the_offset_for_root_only(struct kunit *test)
{
	struct uq_topo *u = uq_build(test);
	const char *ep0 = uq_name(u, u->ep0), *ep1 = uq_name(u, u->ep1);

	KUNIT_ASSERT_EQ(test, uq_ask_as(u, ep0, ep1, 0x10, true), 0);
	KUNIT_EXPECT_TRUE_MSG(test, uq_has_line(u, "address pci-bus:0x300010"),
			      "%s", u->buf);
	/* one byte past the memory: no address, the reason instead */
	KUNIT_ASSERT_EQ(test, uq_ask_as(u, ep0, ep1, 0x1000, true), 0);
	KUNIT_EXPECT_TRUE_MSG(test, uq_has_line(u, "address_error ERANGE"),
			      "%s", u->buf);
	KUNIT_EXPECT_NULL(test, strstr(u->buf, "addr="));
	/* a user without CAP_SYS_ADMIN gets the route without addresses */
	KUNIT_ASSERT_EQ(test, uq_ask_as(u, ep0, ep1, 0x10, false), 0);
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "map_type direct"));
	KUNIT_EXPECT_TRUE(test, uq_has_line(u, "hops 2"));
	KUNIT_EXPECT_NULL_MSG(test, strstr(u->buf, "addr"), "%s", u->buf);
}

static struct kunit_case user_query_test_cases[] = {
	KUNIT_CASE_PARAM(user_query_refuses_malformed_requests,
			 uq_bad_gen_params),
	KUNIT_CASE(user_query_refuses_overlong_requests),
	KUNIT_CASE(user_query_parses_names_and_options),
	KUNIT_CASE(user_query_answers_a_provider_from_the_cache),
	KUNIT_CASE(user_query_answers_a_device_by_a_search),
	KUNIT_CASE(user_query_translates_the_offset_for_root_only),
	KUNIT_CASE(user_query_names_who_refuses),
	KUNIT_CASE(user_query_names_a_long_named_refuser_whole),
	KUNIT_CASE(user_query_refuses_unknown_and_deviceless_names),
	{}
};

static struct kunit_suite user_query_test_suite = {
	.name = "p2p_user_query",
	.init = fake_topo_init,
	.exit = fake_topo_exit,
	.test_cases = user_query_test_cases,
};

kunit_test_suite(user_query_test_suite);
