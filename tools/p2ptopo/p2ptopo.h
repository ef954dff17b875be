/* SPDX-License-Identifier: GPL-2.0 */
/*
 * p2ptopo: the peer-to-peer DMA topology of a machine as its kernel's
 * p2p_topology subsystem sees it (/sys/kernel/p2p_topology and the
 * per-pair query device /dev/p2p_topology).
 */
#ifndef P2PTOPO_H
#define P2PTOPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compiler.h"

/* Exit statuses: 1 for a failure of the system, 2 for a bad request. */
#define EXIT_TROUBLE	1
#define EXIT_USAGE	2

#define DEFAULT_SYSFS	"/sys/kernel/p2p_topology"
#define DEFAULT_DEV	"/dev/p2p_topology"

/* One directory of /sys/kernel/p2p_topology/nodes/. */
struct topo_node {
	char *dir;		/* directory name: name, or name@id */
	char *name;
	char *kind;		/* endpoint, port, switch, host-bridge, host */
	char *bus;
	char *firmware_node;	/* "" when none */
	char *device;		/* bound device's name, or NULL */
	unsigned int id;
	int numa_node;		/* the device's NUMA node, -1 when unknown */
};

/* One directory of /sys/kernel/p2p_topology/links/. */
struct topo_link {
	unsigned int id;
	char *bus;
	char *end[2];		/* node directory names */
	char *directions;
	unsigned long bandwidth_MBps;
	unsigned long latency_ns;
	unsigned long write_bandwidth_MBps;	/* the read figure if none */
	unsigned long write_latency_ns;
	unsigned long cost;
	unsigned long link_count;	/* bonded physical links, at least 1 */
	bool down;
	bool internal;
	bool private;		/* of a private device interconnect */
};

/* One directory of /sys/kernel/p2p_topology/providers/. */
struct topo_provider {
	unsigned int id;
	char *owner;		/* node directory name */
	char *address_space;
	unsigned long long size;
	bool published;
};

struct topo {
	struct topo_node *nodes;
	size_t nr_nodes;
	struct topo_link *links;
	size_t nr_links;
	struct topo_provider *providers;
	size_t nr_providers;
};

/* One "hop" line of an answer. */
struct hop {
	unsigned int link;
	char *bus;
	unsigned int to;
	char *name;
	char *kind;
	char *addr;		/* NULL when the answer gives none */
};

/* The answer of /dev/p2p_topology to one "route" request. */
struct answer {
	char *target;
	char *client;
	long provider;		/* -1 for a device route */
	bool cached;
	char *error;		/* "0", or the error's name (EHOSTUNREACH, ...) */
	char *map_type;		/* direct, thru-host or none */
	unsigned long distance;
	unsigned long cost;
	unsigned long nr_hops;
	unsigned long bandwidth_MBps;
	unsigned long latency_ns;
	unsigned long write_bandwidth_MBps;	/* the read figure if none */
	unsigned long write_latency_ns;
	char *dirs;
	bool private_link;
	char *refused_by;	/* NULL when nobody refused */
	long refused_id;
	char *refused_rule;
	struct hop *hops;
	size_t nr_hop_lines;
	char *address;		/* NULL when the answer gives none */
	char *address_error;	/* why there is no address (ERANGE, ...), or NULL */
};

/* What a command was asked, from the command line. */
struct options {
	const char *sysfs;
	const char *dev;
	const char *mode;	/* matrix: type, bw or lat */
	const char *offset;	/* route: provider offset, as written */
	char *offset_hex;	/* route: the offset checked, for the kernel */
	const char *dirs;	/* route: r, w or rw */
	bool json;
};

/* util.c */
extern const char *progname;
void __noreturn __printf(2, 3) fail(int status, const char *fmt, ...);
void *xmalloc(size_t size);
void *xrealloc_array(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __printf(1, 2);
char *read_text(const char *path, int *err);
int parse_u64(const char *s, unsigned long long *val);
int parse_long(const char *s, long *val);

/* json.c: a streaming writer; keys are NULL inside arrays. */
void json_begin_object(const char *key);
void json_begin_array(const char *key);
void json_end_object(void);
void json_end_array(void);
void json_string(const char *key, const char *val);
void json_uint(const char *key, unsigned long long val);
void json_int(const char *key, long long val);
void json_bool(const char *key, bool val);
void json_null(const char *key);
void json_finish(void);
void json_node(const char *key, const struct topo_node *node);
void json_link(const struct topo_link *link);
void json_provider(const struct topo_provider *p);
void json_answer_fields(const struct answer *a, const char *class, bool hops);

/* topo.c */
void topo_load(struct topo *t, const char *root);
void topo_free(struct topo *t);
const struct topo_node *topo_node_by_dir(const struct topo *t, const char *dir);
const struct topo_node *topo_node_by_id(const struct topo *t, unsigned int id);
const struct topo_link *topo_link_by_id(const struct topo *t, unsigned int id);
const struct topo_provider *topo_provider_by_id(const struct topo *t, unsigned int id);
bool topo_is_device_node(const struct topo_node *node);

/* query.c */
int query_route(const char *dev, const char *target, const char *client,
		const char *dirs, const char *offset, struct answer *a);
void answer_free(struct answer *a);

/* classify.c */
char *classify(const struct topo *t, const struct topo_node *target,
	       const struct topo_node *client, const struct answer *a);
void print_legend(void);
void json_legend(void);

/* the commands */
int cmd_matrix(const struct options *o, const struct topo *t);
int cmd_route(struct options *o, const struct topo *t,
	      const char *target, const char *client);
int cmd_dot(const struct options *o, const struct topo *t);

#endif /* P2PTOPO_H */
