// SPDX-License-Identifier: GPL-2.0
/*
 * A small streaming JSON writer on stdout: objects and arrays nest, each
 * value knows from the nesting whether a comma goes before it. Keys are
 * given inside objects and NULL inside arrays.
 */
#include <stdint.h>

#include "p2ptopo.h"

#define JSON_MAX_DEPTH	32

static unsigned int depth;
static bool has_items[JSON_MAX_DEPTH];

static void json_indent(void)
{
	unsigned int i;

	for (i = 0; i < depth; i++)
		fputs("  ", stdout);
}

/*
 * The length of the well-formed UTF-8 sequence at @p (RFC 3629 sec 4:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
 */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (*p >= 0xc2 && *p <= 0xdf)
		len = 2;
	else if (*p >= 0xe0 && *p <= 0xef)
		len = 3;
	else if (*p >= 0xf0 && *p <= 0xf4)
		len = 4;
	else
		return 0;
	if (*p == 0xe0)
		lo = 0xa0;
	else if (*p == 0xed)
		hi = 0x9f;
	else if (*p == 0xf0)
		lo = 0x90;
	else if (*p == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

/*
 * A string with the escapes RFC 8259 sec 7 requires. JSON text is UTF-8
 * (sec 8.1), but sysfs names are bytes: a byte that does not start a
 * well-formed sequence is written as the Latin-1 character of its value.
 */
static void json_quote(const char *s)
{
	const unsigned char *p;
	size_t len;

	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			printf("\\%c", *p);
		} else if (*p == '\n') {
			fputs("\\n", stdout);
		} else if (*p == '\t') {
			fputs("\\t", stdout);
		} else if (*p < 0x20 || *p == 0x7f) {
			printf("\\u%04x", *p);
		} else if (*p < 0x80) {
			putchar(*p);
		} else {
			len = utf8_len(p);
			if (!len) {
				printf("\\u%04x", *p);
				continue;
			}
			fwrite(p, 1, len, stdout);
			p += len - 1;
		}
	}
	putchar('"');
}

/* Before a value: a comma after the previous one, indentation, the key. */
static void json_item(const char *key)
{
	if (depth) {
		if (has_items[depth - 1])
			putchar(',');
		putchar('\n');
		has_items[depth - 1] = true;
	}
	json_indent();
	if (key) {
		json_quote(key);
		fputs(": ", stdout);
	}
}

static void json_open(const char *key, char c)
{
	json_item(key);
	putchar(c);
	if (depth >= JSON_MAX_DEPTH)
		fail(EXIT_TROUBLE, "JSON nested too deep");
	has_items[depth++] = false;
}

static void json_close(char c)
{
	bool items;

	if (!depth)
		fail(EXIT_TROUBLE, "JSON closed more than opened");
	items = has_items[--depth];
	if (items) {
		putchar('\n');
		json_indent();
	}
	putchar(c);
}

void json_begin_object(const char *key)
{
	json_open(key, '{');
}

void json_begin_array(const char *key)
{
	json_open(key, '[');
}

void json_end_object(void)
{
	json_close('}');
}

void json_end_array(void)
{
	json_close(']');
}

void json_string(const char *key, const char *val)
{
	json_item(key);
	json_quote(val);
}

void json_uint(const char *key, unsigned long long val)
{
	json_item(key);
	printf("%llu", val);
}

void json_int(const char *key, long long val)
{
	json_item(key);
	printf("%lld", val);
}

void json_bool(const char *key, bool val)
{
	json_item(key);
	fputs(val ? "true" : "false", stdout);
}

void json_null(const char *key)
{
	json_item(key);
	fputs("null", stdout);
}

/* After the outermost value. */
void json_finish(void)
{
	if (depth)
		fail(EXIT_TROUBLE, "JSON left open");
	putchar('\n');
}

/* The graph's objects and a query's answer, as the schema describes them. */

void json_node(const char *key, const struct topo_node *node)
{
	json_begin_object(key);
	json_string("dir", node->dir);
	json_string("name", node->name);
	json_uint("id", node->id);
	json_string("kind", node->kind);
	json_string("bus", node->bus);
	json_string("firmware_node", node->firmware_node);
	if (node->device)
		json_string("device", node->device);
	else
		json_null("device");
	json_int("numa_node", node->numa_node);
	json_end_object();
}

void json_link(const struct topo_link *link)
{
	json_begin_object(NULL);
	json_uint("id", link->id);
	json_string("bus", link->bus);
	json_string("end0", link->end[0]);
	json_string("end1", link->end[1]);
	json_uint("bandwidth_MBps", link->bandwidth_MBps);
	json_uint("latency_ns", link->latency_ns);
	json_uint("write_bandwidth_MBps", link->write_bandwidth_MBps);
	json_uint("write_latency_ns", link->write_latency_ns);
	json_uint("cost", link->cost);
	json_string("directions", link->directions);
	json_string("state", link->down ? "down" : "up");
	json_bool("internal", link->internal);
	json_uint("link_count", link->link_count);
	json_bool("private", link->private);
	json_end_object();
}

void json_provider(const struct topo_provider *p)
{
	json_begin_object(NULL);
	json_uint("id", p->id);
	json_string("owner", p->owner);
	json_uint("size", p->size);
	json_string("address_space", p->address_space);
	json_bool("published", p->published);
	json_end_object();
}

static void json_hop(const struct hop *hop, size_t n)
{
	json_begin_object(NULL);
	json_uint("hop", n);
	json_uint("link", hop->link);
	json_string("bus", hop->bus);
	json_uint("to", hop->to);
	json_string("name", hop->name);
	json_string("kind", hop->kind);
	if (hop->addr)
		json_string("addr", hop->addr);
	else
		json_null("addr");
	json_end_object();
}

/* The answer's fields, inside an object the caller opened. */
void json_answer_fields(const struct answer *a, const char *class, bool hops)
{
	size_t i;

	json_string("target", a->target);
	json_string("client", a->client);
	json_string("class", class);
	json_string("map_type", a->map_type);
	json_string("error", a->error);
	if (a->provider >= 0)
		json_uint("provider", a->provider);
	else
		json_null("provider");
	json_bool("cached", a->cached);
	json_uint("distance", a->distance);
	json_uint("cost", a->cost);
	json_uint("hop_count", a->nr_hops);
	json_uint("bandwidth_MBps", a->bandwidth_MBps);
	json_uint("latency_ns", a->latency_ns);
	json_uint("write_bandwidth_MBps", a->write_bandwidth_MBps);
	json_uint("write_latency_ns", a->write_latency_ns);
	json_string("dirs", a->dirs);
	json_bool("private_link", a->private_link);
	if (a->refused_by) {
		json_begin_object("refused");
		json_string("node", a->refused_by);
		json_int("id", a->refused_id);
		json_string("rule", a->refused_rule ? a->refused_rule : "");
		json_end_object();
	} else {
		json_null("refused");
	}
	if (!hops)
		return;
	json_begin_array("hops");
	for (i = 0; i < a->nr_hop_lines; i++)
		json_hop(&a->hops[i], i + 1);
	json_end_array();
	if (a->address)
		json_string("address", a->address);
	else
		json_null("address");
	if (a->address_error)
		json_string("address_error", a->address_error);
	else
		json_null("address_error");
}
