// SPDX-License-Identifier: GPL-2.0
/*
 * The graph from /sys/kernel/p2p_topology (Documentation/ABI/testing/
 * sysfs-kernel-p2p_topology), read once into memory: nodes, links and
 * providers, each sorted by id.
 *
 * The directories follow the graph while we read them: an object whose
 * directory goes away meanwhile (hotplug) is left out, as if it had gone
 * before we started; any other error ends the program.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p2ptopo.h"

/* Whether an error means "the object went away while we read it". */
static bool gone(int err)
{
	return err == ENOENT || err == ENODEV;
}

/* Attribute @attr of directory @dir; NULL when it went away. */
static char *attr(const char *dir, const char *attr)
{
	char *path = xasprintf("%s/%s", dir, attr);
	char *val;
	int err;

	val = read_text(path, &err);
	if (!val && !gone(err))
		fail(EXIT_TROUBLE, "%s: %s", path, strerror(err));
	free(path);
	return val;
}

/* A number attribute; false when it went away. */
static bool attr_u64(const char *dir, const char *name, unsigned long long *val)
{
	char *s = attr(dir, name);

	if (!s)
		return false;
	if (parse_u64(s, val))
		fail(EXIT_TROUBLE, "%s/%s: not a number: \"%s\"", dir, name, s);
	free(s);
	return true;
}

static bool attr_uint(const char *dir, const char *name, unsigned int *val)
{
	unsigned long long v;

	if (!attr_u64(dir, name, &v))
		return false;
	if (v > UINT_MAX)
		fail(EXIT_TROUBLE, "%s/%s: out of range", dir, name);
	*val = v;
	return true;
}

/*
 * The last component of symlink @dir/@name (a node's directory name, a
 * device's name); NULL when there is no such link.
 */
static char *link_base(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	size_t cap = 256;
	char *buf, *base;
	ssize_t n;

	for (;;) {
		buf = xmalloc(cap);
		n = readlink(path, buf, cap);
		if (n < 0) {
			if (!gone(errno))
				fail(EXIT_TROUBLE, "%s: %s", path, strerror(errno));
			free(buf);
			free(path);
			return NULL;
		}
		if ((size_t)n < cap)
			break;
		free(buf);
		if (cap > SSIZE_MAX / 2)
			fail(EXIT_TROUBLE, "%s: link too long", path);
		cap *= 2;
	}
	buf[n] = '\0';
	base = strrchr(buf, '/');
	base = xstrdup(base ? base + 1 : buf);
	free(buf);
	free(path);
	return base;
}

/* The names in directory @path, sorted; fails when it cannot be read. */
static char **list_dir(const char *path, size_t *count)
{
	char **names = NULL;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	d = opendir(path);
	if (!d)
		fail(EXIT_TROUBLE, "%s: %s", path, strerror(errno));
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (de->d_name[0] == '.')
			continue;
		names = xrealloc_array(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	if (errno)
		fail(EXIT_TROUBLE, "%s: %s", path, strerror(errno));
	if (closedir(d) < 0)
		fail(EXIT_TROUBLE, "%s: %s", path, strerror(errno));
	*count = n;
	return names;
}

static void free_list(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The NUMA node of the node's device, -1 when the device does not say. */
static int numa_of(const char *dir)
{
	char *path = xasprintf("%s/device/numa_node", dir);
	char *s;
	long v;
	int err;

	s = read_text(path, &err);
	free(path);
	if (!s)
		return -1;
	if (parse_long(s, &v) || v < -1 || v > INT_MAX)
		v = -1;
	free(s);
	return v;
}

static bool load_node(struct topo_node *node, const char *root, const char *name)
{
	char *dir = xasprintf("%s/nodes/%s", root, name);
	bool ok;

	memset(node, 0, sizeof(*node));
	node->dir = xstrdup(name);
	node->name = attr(dir, "name");
	node->kind = attr(dir, "kind");
	node->bus = attr(dir, "bus");
	node->firmware_node = attr(dir, "firmware_node");
	ok = node->name && node->kind && node->bus && node->firmware_node &&
	     attr_uint(dir, "id", &node->id);
	node->device = link_base(dir, "device");
	node->numa_node = node->device ? numa_of(dir) : -1;
	free(dir);
	return ok;
}

static void free_node(struct topo_node *node)
{
	free(node->dir);
	free(node->name);
	free(node->kind);
	free(node->bus);
	free(node->firmware_node);
	free(node->device);
}

static bool load_link(struct topo_link *link, const char *root, const char *name)
{
	char *dir = xasprintf("%s/links/%s", root, name);
	unsigned long long bw = 0, lat = 0, cost = 0, internal = 0;
	unsigned long long count = 1, private = 0;
	char *state;
	bool ok;

	memset(link, 0, sizeof(*link));
	link->bus = attr(dir, "bus");
	link->end[0] = link_base(dir, "end0");
	link->end[1] = link_base(dir, "end1");
	link->directions = attr(dir, "directions");
	state = attr(dir, "state");
	ok = link->bus && link->end[0] && link->end[1] && link->directions &&
	     state && attr_uint(dir, "id", &link->id) &&
	     attr_u64(dir, "bandwidth_MBps", &bw) &&
	     attr_u64(dir, "latency_ns", &lat) && attr_u64(dir, "cost", &cost) &&
	     attr_u64(dir, "internal", &internal) &&
	     attr_u64(dir, "link_count", &count) &&
	     attr_u64(dir, "private", &private);
	link->bandwidth_MBps = bw;
	link->latency_ns = lat;
	/* A kernel before reads and writes apart: the same figures. */
	link->write_bandwidth_MBps = attr_u64(dir, "write_bandwidth_MBps", &bw) ? bw :
				     link->bandwidth_MBps;
	link->write_latency_ns = attr_u64(dir, "write_latency_ns", &lat) ? lat :
				 link->latency_ns;
	link->cost = cost;
	link->link_count = count ?: 1;
	link->internal = internal;
	link->private = private;
	link->down = state && strcmp(state, "up");
	free(state);
	free(dir);
	return ok;
}

static void free_link(struct topo_link *link)
{
	free(link->bus);
	free(link->end[0]);
	free(link->end[1]);
	free(link->directions);
}

static bool load_provider(struct topo_provider *p, const char *root, const char *name)
{
	char *dir = xasprintf("%s/providers/%s", root, name);
	unsigned long long published = 0;
	bool ok;

	memset(p, 0, sizeof(*p));
	p->owner = link_base(dir, "owner");
	p->address_space = attr(dir, "address_space");
	ok = p->owner && p->address_space && attr_uint(dir, "id", &p->id) &&
	     attr_u64(dir, "size", &p->size) &&
	     attr_u64(dir, "published", &published);
	p->published = published;
	free(dir);
	return ok;
}

static void free_provider(struct topo_provider *p)
{
	free(p->owner);
	free(p->address_space);
}

static int cmp_node(const void *a, const void *b)
{
	const struct topo_node *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_link(const void *a, const void *b)
{
	const struct topo_link *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_provider(const void *a, const void *b)
{
	const struct topo_provider *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static void load_nodes(struct topo *t, const char *root)
{
	char *path = xasprintf("%s/nodes", root);
	size_t i, n;
	char **names = list_dir(path, &n);

	t->nodes = xrealloc_array(NULL, n, sizeof(*t->nodes));
	for (i = 0; i < n; i++) {
		if (load_node(&t->nodes[t->nr_nodes], root, names[i]))
			t->nr_nodes++;
		else
			free_node(&t->nodes[t->nr_nodes]);
	}
	qsort(t->nodes, t->nr_nodes, sizeof(*t->nodes), cmp_node);
	free_list(names, n);
	free(path);
}

static void load_links(struct topo *t, const char *root)
{
	char *path = xasprintf("%s/links", root);
	size_t i, n;
	char **names = list_dir(path, &n);

	t->links = xrealloc_array(NULL, n, sizeof(*t->links));
	for (i = 0; i < n; i++) {
		if (load_link(&t->links[t->nr_links], root, names[i]))
			t->nr_links++;
		else
			free_link(&t->links[t->nr_links]);
	}
	qsort(t->links, t->nr_links, sizeof(*t->links), cmp_link);
	free_list(names, n);
	free(path);
}

static void load_providers(struct topo *t, const char *root)
{
	char *path = xasprintf("%s/providers", root);
	size_t i, n;
	char **names = list_dir(path, &n);

	t->providers = xrealloc_array(NULL, n, sizeof(*t->providers));
	for (i = 0; i < n; i++) {
		if (load_provider(&t->providers[t->nr_providers], root, names[i]))
			t->nr_providers++;
		else
			free_provider(&t->providers[t->nr_providers]);
	}
	qsort(t->providers, t->nr_providers, sizeof(*t->providers), cmp_provider);
	free_list(names, n);
	free(path);
}

/* Read the graph under @root; a machine without it is a usage error. */
void topo_load(struct topo *t, const char *root)
{
	memset(t, 0, sizeof(*t));
	if (access(root, F_OK) < 0) {
		if (errno == ENOENT)
			fail(EXIT_USAGE, "%s: no such directory (no CONFIG_P2P_TOPOLOGY?)",
			     root);
		fail(EXIT_TROUBLE, "%s: %s", root, strerror(errno));
	}
	load_nodes(t, root);
	load_links(t, root);
	load_providers(t, root);
}

void topo_free(struct topo *t)
{
	size_t i;

	for (i = 0; i < t->nr_nodes; i++)
		free_node(&t->nodes[i]);
	for (i = 0; i < t->nr_links; i++)
		free_link(&t->links[i]);
	for (i = 0; i < t->nr_providers; i++)
		free_provider(&t->providers[i]);
	free(t->nodes);
	free(t->links);
	free(t->providers);
	memset(t, 0, sizeof(*t));
}

const struct topo_node *topo_node_by_dir(const struct topo *t, const char *dir)
{
	size_t i;

	for (i = 0; i < t->nr_nodes; i++)
		if (!strcmp(t->nodes[i].dir, dir))
			return &t->nodes[i];
	return NULL;
}

const struct topo_node *topo_node_by_id(const struct topo *t, unsigned int id)
{
	size_t i;

	for (i = 0; i < t->nr_nodes; i++)
		if (t->nodes[i].id == id)
			return &t->nodes[i];
	return NULL;
}

const struct topo_link *topo_link_by_id(const struct topo *t, unsigned int id)
{
	size_t i;

	for (i = 0; i < t->nr_links; i++)
		if (t->links[i].id == id)
			return &t->links[i];
	return NULL;
}

const struct topo_provider *topo_provider_by_id(const struct topo *t, unsigned int id)
{
	size_t i;

	for (i = 0; i < t->nr_providers; i++)
		if (t->providers[i].id == id)
			return &t->providers[i];
	return NULL;
}

/* A node the matrix shows: an endpoint bound to a device. */
bool topo_is_device_node(const struct topo_node *node)
{
	return node->device && !strcmp(node->kind, "endpoint");
}
