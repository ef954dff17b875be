// SPDX-License-Identifier: GPL-2.0
/*
 * One transaction on the per-pair query device /dev/p2p_topology: open,
 * write the request, read the answer from offset 0, close. The request is
 *
 *	route <target> <client> [dirs=r|w|rw] [offset=<n>]
 *
 * and the answer "key value" lines (target, client, provider, cached,
 * error, map_type, distance, cost, hops, bandwidth_MBps, latency_ns,
 * write_bandwidth_MBps, write_latency_ns, dirs,
 * private_link, then maybe refused_by, refused_rule, one "hop" line per
 * link from the target towards the client, address or address_error). Lines with keys this
 * program does not know are skipped: a newer kernel may add some.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p2ptopo.h"

/* The protocol's limit on one request. */
#define REQUEST_MAX	255

/* Write all of @buf in one write(), as the device takes one request. */
static int write_request(int fd, const char *buf, size_t len)
{
	ssize_t n;

	do {
		n = write(fd, buf, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n != len)
		return -EIO;
	return 0;
}

/* Everything the device has to read, as a string. */
static char *read_answer(int fd, const char *dev)
{
	size_t len = 0, cap = 4096;
	char *buf = xmalloc(cap);
	ssize_t n;

	for (;;) {
		if (cap - len < 2) {
			if (cap > SIZE_MAX / 2)
				fail(EXIT_TROUBLE, "%s: answer too long", dev);
			cap *= 2;
			buf = xrealloc_array(buf, cap, 1);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail(EXIT_TROUBLE, "%s: read: %s", dev, strerror(errno));
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	return buf;
}

static unsigned long answer_ulong(const char *key, const char *val)
{
	unsigned long long v;

	if (parse_u64(val, &v) || v > ULONG_MAX)
		fail(EXIT_TROUBLE, "query answer: %s: not a number: \"%s\"", key, val);
	return v;
}

static long answer_long(const char *key, const char *val)
{
	long v;

	if (parse_long(val, &v))
		fail(EXIT_TROUBLE, "query answer: %s: not a number: \"%s\"", key, val);
	return v;
}

/* "3 link=3 bus=pcie to=6 name=0000:02:00.0 kind=port [addr=...]" */
static void parse_hop(struct answer *a, char *val)
{
	struct hop *hop;
	char *word, *save = NULL, *eq;

	a->hops = xrealloc_array(a->hops, a->nr_hop_lines + 1, sizeof(*a->hops));
	hop = &a->hops[a->nr_hop_lines++];
	memset(hop, 0, sizeof(*hop));
	for (word = strtok_r(val, " \t", &save); word;
	     word = strtok_r(NULL, " \t", &save)) {
		eq = strchr(word, '=');
		if (!eq)
			continue;	/* the hop's number */
		*eq++ = '\0';
		if (!strcmp(word, "link"))
			hop->link = answer_ulong("hop link", eq);
		else if (!strcmp(word, "to"))
			hop->to = answer_ulong("hop to", eq);
		else if (!strcmp(word, "bus") && !hop->bus)
			hop->bus = xstrdup(eq);
		else if (!strcmp(word, "name") && !hop->name)
			hop->name = xstrdup(eq);
		else if (!strcmp(word, "kind") && !hop->kind)
			hop->kind = xstrdup(eq);
		else if (!strcmp(word, "addr") && !hop->addr)
			hop->addr = xstrdup(eq);
	}
	if (!hop->bus || !hop->name || !hop->kind)
		fail(EXIT_TROUBLE, "query answer: a hop without bus, name or kind");
}

/* "refused_by <name> <id>" */
static void parse_refused_by(struct answer *a, const char *val)
{
	const char *sp = strrchr(val, ' ');

	free(a->refused_by);
	if (!sp) {
		a->refused_by = xstrdup(val);
		a->refused_id = -1;
		return;
	}
	a->refused_by = strndup(val, sp - val);
	if (!a->refused_by)
		fail(EXIT_TROUBLE, "out of memory");
	a->refused_id = answer_long("refused_by", sp + 1);
}

static void set_string(char **field, const char *val)
{
	free(*field);
	*field = xstrdup(val);
}

static void parse_line(struct answer *a, char *line)
{
	char *val = strchr(line, ' ');

	if (!val)
		return;
	*val++ = '\0';
	if (!strcmp(line, "target"))
		set_string(&a->target, val);
	else if (!strcmp(line, "client"))
		set_string(&a->client, val);
	else if (!strcmp(line, "provider"))
		a->provider = strcmp(val, "-") ? answer_long(line, val) : -1;
	else if (!strcmp(line, "cached"))
		a->cached = answer_ulong(line, val);
	else if (!strcmp(line, "error"))
		set_string(&a->error, val);
	else if (!strcmp(line, "map_type"))
		set_string(&a->map_type, val);
	else if (!strcmp(line, "distance"))
		a->distance = answer_ulong(line, val);
	else if (!strcmp(line, "cost"))
		a->cost = answer_ulong(line, val);
	else if (!strcmp(line, "hops"))
		a->nr_hops = answer_ulong(line, val);
	else if (!strcmp(line, "bandwidth_MBps"))
		a->bandwidth_MBps = answer_ulong(line, val);
	else if (!strcmp(line, "latency_ns"))
		a->latency_ns = answer_ulong(line, val);
	else if (!strcmp(line, "write_bandwidth_MBps"))
		a->write_bandwidth_MBps = answer_ulong(line, val);
	else if (!strcmp(line, "write_latency_ns"))
		a->write_latency_ns = answer_ulong(line, val);
	else if (!strcmp(line, "dirs"))
		set_string(&a->dirs, val);
	else if (!strcmp(line, "private_link"))
		a->private_link = answer_ulong(line, val);
	else if (!strcmp(line, "refused_by"))
		parse_refused_by(a, val);
	else if (!strcmp(line, "refused_rule"))
		set_string(&a->refused_rule, val);
	else if (!strcmp(line, "hop"))
		parse_hop(a, val);
	else if (!strcmp(line, "address"))
		set_string(&a->address, val);
	else if (!strcmp(line, "address_error"))
		set_string(&a->address_error, val);
}

static void parse_answer(struct answer *a, char *text, const char *dev)
{
	char *line, *save = NULL;

	/* A kernel before reads and writes apart sends no write figures. */
	a->write_bandwidth_MBps = ULONG_MAX;
	a->write_latency_ns = ULONG_MAX;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		parse_line(a, line);
	if (a->write_bandwidth_MBps == ULONG_MAX)
		a->write_bandwidth_MBps = a->bandwidth_MBps;
	if (a->write_latency_ns == ULONG_MAX)
		a->write_latency_ns = a->latency_ns;
	if (!a->target || !a->client || !a->map_type || !a->dirs || !a->error)
		fail(EXIT_TROUBLE, "%s: an answer without target, client, error, map_type or dirs",
		     dev);
}

/**
 * query_route() - ask @dev for the route from @client to @target
 * @dev: the query device's path
 * @target: a node's directory name or "providers/<id>"
 * @client: a node's directory name
 * @dirs: "r", "w", "rw" or NULL for the default
 * @offset: the provider offset as the user wrote it, or NULL
 * @a: the answer, on success
 *
 * Return: 0, or the negative errno write() gave the request (-EINVAL
 * malformed, -ENOENT unknown name, -ENODEV client without a device).
 * Other failures end the program.
 */
int query_route(const char *dev, const char *target, const char *client,
		const char *dirs, const char *offset, struct answer *a)
{
	char *req, *text;
	int fd, ret;

	req = xasprintf("route %s %s%s%s%s%s\n", target, client,
			dirs ? " dirs=" : "", dirs ? dirs : "",
			offset ? " offset=" : "", offset ? offset : "");
	if (strlen(req) > REQUEST_MAX) {
		free(req);
		return -EINVAL;
	}
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			fail(EXIT_USAGE, "%s: no such device (no per-pair query in this kernel?)",
			     dev);
		fail(EXIT_TROUBLE, "%s: %s", dev, strerror(errno));
	}
	ret = write_request(fd, req, strlen(req));
	free(req);
	if (ret < 0) {
		if (close(fd) < 0)
			fail(EXIT_TROUBLE, "%s: close: %s", dev, strerror(errno));
		return ret;
	}
	text = read_answer(fd, dev);
	if (close(fd) < 0)
		fail(EXIT_TROUBLE, "%s: close: %s", dev, strerror(errno));
	memset(a, 0, sizeof(*a));
	a->provider = -1;
	a->refused_id = -1;
	parse_answer(a, text, dev);
	free(text);
	return 0;
}

void answer_free(struct answer *a)
{
	size_t i;

	for (i = 0; i < a->nr_hop_lines; i++) {
		free(a->hops[i].bus);
		free(a->hops[i].name);
		free(a->hops[i].kind);
		free(a->hops[i].addr);
	}
	free(a->hops);
	free(a->target);
	free(a->client);
	free(a->map_type);
	free(a->dirs);
	free(a->refused_by);
	free(a->refused_rule);
	free(a->address);
	free(a->error);
	free(a->address_error);
	memset(a, 0, sizeof(*a));
}
