// SPDX-License-Identifier: GPL-2.0
/*
 * p2ptopo route TARGET CLIENT: one route hop by hop, from the target (the
 * memory's owner, or a provider as providers/<id>) towards the client,
 * with the address the offset has after each hop, and the node and rule
 * that refused a cheaper route or any route.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "p2ptopo.h"

/* The node whose memory the query targets: the node, or the provider's owner. */
static const struct topo_node *target_node(const struct topo *t, const char *target)
{
	const struct topo_provider *p;
	const struct topo_node *node;
	unsigned long long id;

	if (!strncmp(target, "providers/", 10)) {
		if (parse_u64(target + 10, &id) || id > UINT32_MAX)
			fail(EXIT_USAGE, "%s: not a provider (providers/<id>)", target);
		p = topo_provider_by_id(t, id);
		if (!p)
			fail(EXIT_USAGE, "%s: no such provider", target);
		node = topo_node_by_dir(t, p->owner);
		if (!node)
			fail(EXIT_USAGE, "%s: its owner %s is gone", target, p->owner);
		return node;
	}
	if (!strncmp(target, "nodes/", 6))
		target += 6;
	node = topo_node_by_dir(t, target);
	if (!node)
		fail(EXIT_USAGE, "%s: no such node", target);
	return node;
}

static const struct topo_node *client_node(const struct topo *t, const char *client)
{
	const struct topo_node *node = topo_node_by_dir(t, client);

	if (!node)
		fail(EXIT_USAGE, "%s: no such node", client);
	if (!node->device)
		fail(EXIT_USAGE, "%s: not bound to a device, cannot be a client", client);
	return node;
}

static void check_args(struct options *o)
{
	unsigned long long offset;
	int ret;

	if (o->dirs && strcmp(o->dirs, "r") && strcmp(o->dirs, "w") &&
	    strcmp(o->dirs, "rw"))
		fail(EXIT_USAGE, "--dirs %s: want r, w or rw", o->dirs);
	if (!o->offset)
		return;
	ret = parse_u64(o->offset, &offset);
	if (ret == -ERANGE)
		fail(EXIT_USAGE, "--offset %s: larger than 64 bits", o->offset);
	if (ret)
		fail(EXIT_USAGE, "--offset %s: want a decimal or 0x hexadecimal number",
		     o->offset);
	/* One spelling for the kernel whatever the user typed (0x, 0X). */
	o->offset_hex = xasprintf("%#llx", offset);
}

static void print_number(const char *what, unsigned long v, const char *unit)
{
	if (v)
		printf(", %s %lu %s", what, v, unit);
	else
		printf(", %s unknown", what);
}

/*
 * Where the route starts: the end of its first link that is not the
 * first hop's node. A device route may start at another node of the
 * target's device (its port on a fabric), a provider's at its owner.
 */
static const struct topo_node *route_start(const struct topo *t,
					   const struct answer *a)
{
	const struct topo_link *link = topo_link_by_id(t, a->hops[0].link);
	const struct topo_node *end;
	int i;

	if (!link)
		return NULL;
	for (i = 0; i < 2; i++) {
		end = topo_node_by_dir(t, link->end[i]);
		if (end && end->id != a->hops[0].to)
			return end;
	}
	return NULL;
}

static void print_start(const struct topo *t, const struct topo_node *tn,
			const struct answer *a)
{
	const struct topo_node *start = route_start(t, a);
	const char *what = "(target)";

	if (!start) {
		printf("  %-4s %-5s %-12s %-24s %-12s %s\n", "0", "", "",
		       a->target, "", what);
		return;
	}
	if (start != tn)
		what = "(a node of the target's device)";
	printf("  %-4s %-5s %-12s %-24s %-12s %s\n", "0", "", "", start->name,
	       start->kind, what);
}

static void route_print(const struct options *o, const struct topo *t,
			const struct topo_node *tn, const struct answer *a,
			const char *class)
{
	size_t i;

	printf("route from %s (target) to %s (client): %s, %s\n", a->target,
	       a->client, a->map_type, class);
	if (a->provider >= 0)
		printf("  provider %ld at offset %s", a->provider,
		       o->offset_hex ? o->offset_hex : "0");
	else
		printf("  a device route (no provider)");
	printf(", %s\n", a->cached ? "answered from the route cache" : "searched now");
	if (strcmp(a->error, "0"))
		printf("  error %s\n", a->error);
	if (strcmp(a->map_type, "none")) {
		printf("  distance %lu, cost %lu, %lu %s", a->distance, a->cost,
		       a->nr_hops, a->nr_hops == 1 ? "hop" : "hops");
		print_number("bandwidth", a->bandwidth_MBps, "MB/s");
		print_number("latency", a->latency_ns, "ns");
		printf(", directions %s%s\n", a->dirs,
		       a->private_link ? ", over a private interconnect" : "");
		/* Writes only where they differ (CXL CDAT figures). */
		if (a->write_bandwidth_MBps != a->bandwidth_MBps ||
		    a->write_latency_ns != a->latency_ns) {
			printf("  for writes");
			print_number("bandwidth", a->write_bandwidth_MBps, "MB/s");
			print_number("latency", a->write_latency_ns, "ns");
			printf("\n");
		}
	}
	if (a->refused_by)
		printf("  refused by %s (node %ld): %s\n", a->refused_by,
		       a->refused_id, a->refused_rule ? a->refused_rule : "");
	if (!a->nr_hop_lines)
		return;
	printf("\n  %-4s %-5s %-12s %-24s %-12s %s\n", "hop", "link", "bus",
	       "node", "kind", "address");
	print_start(t, tn, a);
	for (i = 0; i < a->nr_hop_lines; i++) {
		/* No trailing blanks where the kernel shows no address. */
		if (a->hops[i].addr)
			printf("  %-4zu %-5u %-12s %-24s %-12s %s\n", i + 1,
			       a->hops[i].link, a->hops[i].bus,
			       a->hops[i].name, a->hops[i].kind,
			       a->hops[i].addr);
		else
			printf("  %-4zu %-5u %-12s %-24s %s\n", i + 1,
			       a->hops[i].link, a->hops[i].bus,
			       a->hops[i].name, a->hops[i].kind);
	}
	if (a->address)
		printf("\n  the client addresses it at %s\n", a->address);
	else if (a->address_error)
		printf("\n  no address: %s\n", a->address_error);
}

int cmd_route(struct options *o, const struct topo *t,
	      const char *target, const char *client)
{
	const struct topo_node *tn, *cn;
	struct answer a;
	char *class;
	int ret;

	check_args(o);
	tn = target_node(t, target);
	cn = client_node(t, client);
	ret = query_route(o->dev, target, client, o->dirs, o->offset_hex, &a);
	if (ret == -ENOENT)
		fail(EXIT_USAGE, "route %s %s: no such node or provider", target, client);
	/* client_node() made sure the client has a device. */
	if (ret == -ENODEV)
		fail(EXIT_USAGE, "route %s %s: the target has neither memory nor a device",
		     target, client);
	if (ret == -EINVAL)
		fail(EXIT_USAGE, "route %s %s: the kernel says the request is malformed",
		     target, client);
	if (ret < 0)
		fail(EXIT_TROUBLE, "route %s %s: %s", target, client, strerror(-ret));
	class = classify(t, tn, cn, &a);
	if (o->json) {
		json_begin_object(NULL);
		json_string("command", "route");
		if (o->offset)
			json_string("offset", o->offset);
		else
			json_null("offset");
		json_answer_fields(&a, class, true);
		json_end_object();
		json_finish();
	} else {
		route_print(o, t, tn, &a, class);
	}
	free(class);
	free(o->offset_hex);
	answer_free(&a);
	return 0;
}
