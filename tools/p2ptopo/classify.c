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
 *	?	the kernel answered without the hops (its route cache
 *		could not keep them): the kind of route is not known
 *	NV<n>	private_link 1: the route crosses a private interconnect;
 *		<n> physical links (the link_count of each up link of the
 *		fabric between the same two ends, added up) join the
 *		ends of its first private hop, or of its last when those
 *		are fewer (through a fabric switch)
 *	NODE	a hop reaches the host node, both devices on one NUMA node
 *	SYS	a hop reaches the host node, the devices on two NUMA nodes
 *		or either device's NUMA node unknown
 *	PHB	a hop reaches a host-bridge node, or map type thru-host:
 *		through one PCIe host bridge
 *	PIX	direct, at most three hops reach ports or switches: the
 *		downstream, upstream and downstream ports of one switch,
 *		or the one port both devices are below
 *	PXB	direct, more ports (several switches), no host bridge
 *
 * A link is private when sysfs says so (links/<id>/private: the kernel's
 * bus flag) and it is not internal to a device (a fabric port's attach
 * link is).
 */
#include <stdlib.h>
#include <string.h>

#include "p2ptopo.h"

/* The legend, in the order the matrix prints it. */
static const char *const legend[][2] = {
	{ "X", "the device itself" },
	{ "NV#", "a private interconnect: # bonded links of it, as nvidia-smi counts NVLinks" },
	{ "PIX", "direct, through at most one PCIe switch (or the one port both are below)" },
	{ "PXB", "direct, through several PCIe switches, no host bridge" },
	{ "PHB", "through one PCIe host bridge" },
	{ "NODE", "through the host, between host bridges of one NUMA node" },
	{ "SYS", "through the host, between host bridges of two (or unknown) NUMA nodes" },
	{ "--", "no route" },
	{ "?", "a route whose hops the kernel did not give (ask again)" },
};

static bool hop_reaches(const struct answer *a, const char *kind)
{
	size_t i;

	for (i = 0; i < a->nr_hop_lines; i++)
		if (!strcmp(a->hops[i].kind, kind))
			return true;
	return false;
}

/* A hop over a private interconnect's link (sysfs: links/<id>/private). */
static bool private_hop(const struct topo *t, const struct hop *hop)
{
	const struct topo_link *link = topo_link_by_id(t, hop->link);

	return link && link->private && !link->internal;
}

/* Whether @link joins @x and @y, either way round. */
static bool joins(const struct topo_link *link, const char *x, const char *y)
{
	return (!strcmp(link->end[0], x) && !strcmp(link->end[1], y)) ||
	       (!strcmp(link->end[0], y) && !strcmp(link->end[1], x));
}

/*
 * The physical links that join the two ends of the hop's link: the bonded
 * count (link_count) of every up link of its fabric between them.
 */
static unsigned long bonded_links(const struct topo *t, const struct hop *hop)
{
	const struct topo_link *link = topo_link_by_id(t, hop->link);
	unsigned long n = 0;
	size_t i;

	if (!link)
		return 0;
	for (i = 0; i < t->nr_links; i++)
		if (!t->links[i].internal && !t->links[i].down &&
		    !strcmp(t->links[i].bus, link->bus) &&
		    joins(&t->links[i], link->end[0], link->end[1]))
			n += t->links[i].link_count;
	return n;
}

/*
 * NV<n> as nvidia-smi counts NVLinks: the links from one device into the
 * fabric, through a fabric switch the fewer of the two ends' (the route's
 * first and last private hops).
 */
static char *nv_class(const struct topo *t, const struct answer *a)
{
	const struct hop *first = NULL, *last = NULL;
	unsigned long n, m;
	size_t i;

	for (i = 0; i < a->nr_hop_lines; i++) {
		if (!private_hop(t, &a->hops[i]))
			continue;
		if (!first)
			first = &a->hops[i];
		last = &a->hops[i];
	}
	if (!first)
		return xstrdup("NV");
	n = bonded_links(t, first);
	m = bonded_links(t, last);
	if (m < n)
		n = m;
	return n ? xasprintf("NV%lu", n) : xstrdup("NV");
}

/**
 * classify() - the matrix's word for a route
 * @t: the graph
 * @target: the target's node
 * @client: the client's node
 * @a: the query's answer for the pair
 *
 * Return: a string the caller frees: "X", "--", "?", "NV<n>" or "NV",
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
	if (a->nr_hops != a->nr_hop_lines)
		return xstrdup("?");
	if (a->private_link)
		return nv_class(t, a);
	if (hop_reaches(a, "host"))
		return xstrdup(target->numa_node == client->numa_node &&
			       target->numa_node >= 0 ? "NODE" : "SYS");
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
