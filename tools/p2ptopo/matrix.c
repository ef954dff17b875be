// SPDX-License-Identifier: GPL-2.0
/*
 * p2ptopo matrix: every device with an endpoint node against every
 * other, one query per ordered pair, like "nvidia-smi topo -m". Rows are
 * clients, columns targets; a cell is the route's kind (classify.c), its
 * bandwidth or its latency.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "p2ptopo.h"

struct matrix {
	const struct topo_node **nodes;	/* the rows and columns, by name */
	size_t n;
	char **cells;			/* [client * n + target] */
	char **classes;			/* same index: classify()'s word */
	struct answer *answers;		/* same index; empty on the diagonal */
};

static int cmp_dir(const void *a, const void *b)
{
	const struct topo_node *const *x = a, *const *y = b;

	return strcmp((*x)->dir, (*y)->dir);
}

/*
 * Whether @a stands for its device rather than @b, another endpoint of the
 * same device (a function's PCIe node and its port on a fabric, say): the
 * node named as the device is, else the older node (lower id). The kernel
 * answers a node without memory for its whole device, so both would show
 * the same row.
 */
static bool stands_for_device(const struct topo_node *a,
			      const struct topo_node *b)
{
	bool a_named = !strcmp(a->name, a->device);
	bool b_named = !strcmp(b->name, b->device);

	if (a_named != b_named)
		return a_named;
	return a->id < b->id;
}

/* One row and column per device: the endpoint that stands for it. */
static void matrix_nodes(struct matrix *m, const struct topo *t)
{
	const struct topo_node *a, *b;
	size_t i, j;

	m->nodes = xrealloc_array(NULL, t->nr_nodes, sizeof(*m->nodes));
	m->n = 0;
	for (i = 0; i < t->nr_nodes; i++) {
		a = &t->nodes[i];
		if (!topo_is_device_node(a))
			continue;
		for (j = 0; j < t->nr_nodes; j++) {
			b = &t->nodes[j];
			if (j != i && topo_is_device_node(b) &&
			    !strcmp(a->device, b->device) &&
			    !stands_for_device(a, b))
				break;
		}
		if (j == t->nr_nodes)
			m->nodes[m->n++] = a;
	}
	qsort(m->nodes, m->n, sizeof(*m->nodes), cmp_dir);
}

/* "?" for 0 (unknown), else the number. */
static char *number_cell(unsigned long v)
{
	return v ? xasprintf("%lu", v) : xstrdup("?");
}

static char *cell(const char *mode, const char *class, const struct answer *a)
{
	if (!strcmp(mode, "type"))
		return xstrdup(class);
	if (!strcmp(a->map_type, "none"))
		return xstrdup("--");
	if (!strcmp(mode, "bw"))
		return number_cell(a->bandwidth_MBps);
	return number_cell(a->latency_ns);
}

static void matrix_fill(struct matrix *m, const struct options *o,
			const struct topo *t)
{
	const struct topo_node *target, *client;
	size_t c, g, i;
	int ret;

	m->cells = xrealloc_array(NULL, m->n * m->n, sizeof(*m->cells));
	m->classes = xrealloc_array(NULL, m->n * m->n, sizeof(*m->classes));
	m->answers = xrealloc_array(NULL, m->n * m->n, sizeof(*m->answers));
	memset(m->answers, 0, m->n * m->n * sizeof(*m->answers));
	for (c = 0; c < m->n; c++) {
		for (g = 0; g < m->n; g++) {
			i = c * m->n + g;
			if (c == g) {
				m->cells[i] = xstrdup("X");
				m->classes[i] = xstrdup("X");
				continue;
			}
			client = m->nodes[c];
			target = m->nodes[g];
			ret = query_route(o->dev, target->dir, client->dir, NULL,
					  NULL, &m->answers[i]);
			if (ret < 0)
				fail(EXIT_TROUBLE, "route %s %s: %s (the graph changed?)",
				     target->dir, client->dir, strerror(-ret));
			m->classes[i] = classify(t, target, client, &m->answers[i]);
			m->cells[i] = cell(o->mode, m->classes[i], &m->answers[i]);
		}
	}
}

static void matrix_print(const struct matrix *m, const char *mode)
{
	const char *corner = "client \\ target";
	size_t c, g, w, len, width = strlen(corner);
	size_t *col = xrealloc_array(NULL, m->n, sizeof(*col));

	for (c = 0; c < m->n; c++)
		if (strlen(m->nodes[c]->dir) > width)
			width = strlen(m->nodes[c]->dir);
	for (g = 0; g < m->n; g++) {
		w = strlen(m->nodes[g]->dir);
		for (c = 0; c < m->n; c++) {
			len = strlen(m->cells[c * m->n + g]);
			if (len > w)
				w = len;
		}
		col[g] = w;
	}
	printf("%-*s", (int)width, corner);
	for (g = 0; g < m->n; g++)
		printf("  %-*s", (int)col[g], m->nodes[g]->dir);
	printf("  NUMA\n");
	for (c = 0; c < m->n; c++) {
		printf("%-*s", (int)width, m->nodes[c]->dir);
		for (g = 0; g < m->n; g++)
			printf("  %-*s", (int)col[g], m->cells[c * m->n + g]);
		if (m->nodes[c]->numa_node >= 0)
			printf("  %d\n", m->nodes[c]->numa_node);
		else
			printf("  ?\n");
	}
	free(col);
	if (!strcmp(mode, "type"))
		print_legend();
	else
		printf("\n%s of the route, ? unknown, -- no route\n",
		       strcmp(mode, "bw") ? "Latency in ns (sum of the links')" :
					    "Bandwidth in MB/s (the narrowest link's)");
}

static void matrix_json(const struct matrix *m, const char *mode)
{
	size_t c, g, i;

	json_begin_object(NULL);
	json_string("command", "matrix");
	json_string("mode", mode);
	json_begin_array("nodes");
	for (c = 0; c < m->n; c++)
		json_node(NULL, m->nodes[c]);
	json_end_array();
	json_begin_array("pairs");
	for (c = 0; c < m->n; c++) {
		for (g = 0; g < m->n; g++) {
			i = c * m->n + g;
			if (c == g)
				continue;
			json_begin_object(NULL);
			json_answer_fields(&m->answers[i], m->classes[i], false);
			json_string("cell", m->cells[i]);
			json_end_object();
		}
	}
	json_end_array();
	if (!strcmp(mode, "type"))
		json_legend();
	json_end_object();
	json_finish();
}

int cmd_matrix(const struct options *o, const struct topo *t)
{
	struct matrix m;
	size_t i;

	matrix_nodes(&m, t);
	matrix_fill(&m, o, t);
	if (o->json)
		matrix_json(&m, o->mode);
	else
		matrix_print(&m, o->mode);
	for (i = 0; i < m.n * m.n; i++) {
		free(m.cells[i]);
		free(m.classes[i]);
		answer_free(&m.answers[i]);
	}
	free(m.cells);
	free(m.classes);
	free(m.answers);
	free(m.nodes);
	return 0;
}
