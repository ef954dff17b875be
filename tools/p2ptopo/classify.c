// SPDX-License-Identifier: GPL-2.0
/*
 * What kind of route joins two devices, in the words of nvidia-smi's
 * "topo -m", decided from the answer's map type, its private_link flag and
 * the kinds of the nodes its hops reach (the man page, p2ptopo.8, gives
 * the same rules):
 *
 *	X	both nodes are bound to the same device (a function and
 *		its port on a device fabric)
 *	--	map type none: no route
 *	NV<n>	private_link 1: the route crosses a private interconnect;
 *		<n> links of it (up, not internal) join the two ends of
 *		its only private link; when it crosses several, the
 *		interconnect's (the first private link's bus) name
 *	NODE	a hop reaches the host node, both devices on one NUMA node
 *	SYS	a hop reaches the host node, the devices on two NUMA nodes
 *	PHB	a hop reaches a host-bridge node (direct where the host
 *		bridge forwards peer traffic, or thru-host below one host
 *		bridge), or map type thru-host
 *	PIX	direct, at most three hops reach ports or switches: the
 *		downstream, upstream and downstream ports of one switch,
 *		or the one port both devices are below
 *	PXB	direct, more ports (several switches), no host bridge
 *
 * A link is private when its bus is neither "pcie" nor "cxl" and it is
 * not internal to a device (a fabric port's attach link is).
 */
#include <stdlib.h>
#include <string.h>

#include "p2ptopo.h"

/* The legend, in the order the matrix prints it. */
static const char *const legend[][2] = {
	{ "X", "the device itself (also through another of its nodes)" },
	{ "NV#", "a private interconnect: # links of it join the two directly (else its name)" },
	{ "PIX", "direct, through at most one PCIe switch (or the one port both are below)" },
	{ "PXB", "direct, through several PCIe switches, no host bridge" },
	{ "PHB", "through a PCIe host bridge (direct where it allows it, or via the host)" },
	{ "NODE", "through the host, between host bridges of one NUMA node" },
	{ "SYS", "through the host, between host bridges of two NUMA nodes" },
	{ "--", "no route" },
};

static bool hop_reaches(const struct answer *a, const char *kind)
{
	size_t i;

	for (i = 0; i < a->nr_hop_lines; i++)
		if (!strcmp(a->hops[i].kind, kind))
			return true;
	return false;
}

static bool private_hop(const struct topo *t, const struct hop *hop)
{
	const struct topo_link *link = topo_link_by_id(t, hop->link);

	if (link && link->internal)
		return false;
	return strcmp(hop->bus, "pcie") && strcmp(hop->bus, "cxl");
}

/* Whether @link joins @x and @y, either way round. */
static bool joins(const struct topo_link *link, const char *x, const char *y)
{
	return (!strcmp(link->end[0], x) && !strcmp(link->end[1], y)) ||
	       (!strcmp(link->end[0], y) && !strcmp(link->end[1], x));
}

static char *nv_class(const struct topo *t, const struct answer *a)
{
	const struct hop *first = NULL;
	const struct topo_link *link;
	size_t i, privates = 0, n = 0;

	for (i = 0; i < a->nr_hop_lines; i++) {
		if (!private_hop(t, &a->hops[i]))
			continue;
		if (!first)
			first = &a->hops[i];
		privates++;
	}
	if (!first)
		return xstrdup("NV");
	link = topo_link_by_id(t, first->link);
	if (privates > 1 || !link)
		return xstrdup(first->bus);
	for (i = 0; i < t->nr_links; i++)
		if (!t->links[i].internal && !t->links[i].down &&
		    !strcmp(t->links[i].bus, link->bus) &&
		    joins(&t->links[i], link->end[0], link->end[1]))
			n++;
	return xasprintf("NV%zu", n);
}

/**
 * classify() - the matrix's word for a route
 * @t: the graph
 * @target: the target's node
 * @client: the client's node
 * @a: the query's answer for the pair
 *
 * Return: a string the caller frees: "X", "--", "NV<n>" or a bus name,
 * "NODE", "SYS", "PHB", "PIX" or "PXB".
 */
char *classify(const struct topo *t, const struct topo_node *target,
	       const struct topo_node *client, const struct answer *a)
{
	size_t i, ports = 0;

	if (target->device && client->device && !strcmp(target->device, client->device))
		return xstrdup("X");
	if (!strcmp(a->map_type, "none"))
		return xstrdup("--");
	if (a->private_link)
		return nv_class(t, a);
	if (hop_reaches(a, "host"))
		return xstrdup(target->numa_node == client->numa_node ? "NODE" : "SYS");
	if (hop_reaches(a, "host-bridge") || strcmp(a->map_type, "direct"))
		return xstrdup("PHB");
	for (i = 0; i < a->nr_hop_lines; i++)
		if (!strcmp(a->hops[i].kind, "port") || !strcmp(a->hops[i].kind, "switch"))
			ports++;
	return xstrdup(ports <= 3 ? "PIX" : "PXB");
}

void print_legend(void)
{
	size_t i;

	printf("\nLegend:\n\n");
	for (i = 0; i < ARRAY_SIZE(legend); i++)
		printf("  %-4s = %s\n", legend[i][0], legend[i][1]);
}

void json_legend(void)
{
	size_t i;

	json_begin_object("legend");
	for (i = 0; i < ARRAY_SIZE(legend); i++)
		json_string(legend[i][0], legend[i][1]);
	json_end_object();
}
