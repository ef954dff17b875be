// SPDX-License-Identifier: GPL-2.0
/*
 * p2ptopo dot: the graph in Graphviz's DOT language, nodes labelled with
 * their name and kind and shaped by kind, grouped in a cluster per NUMA
 * node where their devices say; links labelled with their bus and
 * bandwidth, private interconnects bold, links that are down dashed,
 * links inside a device dotted. With --json: the graph as read from sysfs.
 */
#include <stdlib.h>
#include <string.h>

#include "p2ptopo.h"

static const char *shape(const char *kind)
{
	if (!strcmp(kind, "endpoint"))
		return "box";
	if (!strcmp(kind, "port"))
		return "ellipse";
	if (!strcmp(kind, "switch"))
		return "diamond";
	if (!strcmp(kind, "host-bridge"))
		return "hexagon";
	if (!strcmp(kind, "host"))
		return "doubleoctagon";
	return "plaintext";
}

/* Inside a DOT string: quotes and backslashes escaped. */
static void dot_escape(const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
}

static void dot_quote(const char *s)
{
	putchar('"');
	dot_escape(s);
	putchar('"');
}

static void dot_node(const struct topo_node *node, const char *indent)
{
	printf("%s", indent);
	dot_quote(node->dir);
	printf(" [label=\"");
	dot_escape(node->name);
	printf("\\n%s\", shape=%s];\n", node->kind, shape(node->kind));
}

static bool is_private(const struct topo_link *link)
{
	return link->private && !link->internal;
}

static void dot_link(const struct topo_link *link)
{
	const char *style = link->down ? "dashed" : link->internal ? "dotted" :
			    is_private(link) ? "bold" : "solid";

	printf("\t");
	dot_quote(link->end[0]);
	printf(" -- ");
	dot_quote(link->end[1]);
	printf(" [label=\"");
	dot_escape(link->bus);
	if (link->bandwidth_MBps)
		printf("\\n%lu MB/s", link->bandwidth_MBps);
	printf("\", style=%s", style);
	if (is_private(link))
		printf(", color=green4, penwidth=2");
	printf("];\n");
}

static void dot_print(const struct topo *t)
{
	size_t i, j;
	int numa;

	printf("graph p2p_topology {\n");
	printf("\tnode [fontname=\"Helvetica\"];\n");
	printf("\tedge [fontname=\"Helvetica\", fontsize=10];\n");
	/* Clusters in the order of their first node: ids sort them. */
	for (i = 0; i < t->nr_nodes; i++) {
		numa = t->nodes[i].numa_node;
		if (numa < 0)
			continue;
		for (j = 0; j < i; j++)
			if (t->nodes[j].numa_node == numa)
				break;
		if (j < i)
			continue;
		printf("\tsubgraph cluster_numa%d {\n\t\tlabel=\"NUMA node %d\";\n",
		       numa, numa);
		for (j = i; j < t->nr_nodes; j++)
			if (t->nodes[j].numa_node == numa)
				dot_node(&t->nodes[j], "\t\t");
		printf("\t}\n");
	}
	for (i = 0; i < t->nr_nodes; i++)
		if (t->nodes[i].numa_node < 0)
			dot_node(&t->nodes[i], "\t");
	for (i = 0; i < t->nr_links; i++)
		dot_link(&t->links[i]);
	printf("}\n");
}

static void dot_json(const struct topo *t)
{
	size_t i;

	json_begin_object(NULL);
	json_string("command", "dot");
	json_begin_array("nodes");
	for (i = 0; i < t->nr_nodes; i++)
		json_node(NULL, &t->nodes[i]);
	json_end_array();
	json_begin_array("links");
	for (i = 0; i < t->nr_links; i++)
		json_link(&t->links[i]);
	json_end_array();
	json_begin_array("providers");
	for (i = 0; i < t->nr_providers; i++)
		json_provider(&t->providers[i]);
	json_end_array();
	json_end_object();
	json_finish();
}

int cmd_dot(const struct options *o, const struct topo *t)
{
	if (o->json)
		dot_json(t);
	else
		dot_print(t);
	return 0;
}
