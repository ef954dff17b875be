// SPDX-License-Identifier: GPL-2.0
/*
 * p2ptopo: the command line. One command (matrix, route or dot) with its
 * options; the graph is read once from sysfs, then the command runs.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p2ptopo.h"

static const char usage_text[] =
"usage: p2ptopo [--json] [matrix] [-m type|bw|lat]\n"
"       p2ptopo [--json] route TARGET CLIENT [--offset N] [--dirs r|w|rw]\n"
"       p2ptopo [--json] dot\n"
"       p2ptopo --help\n"
"\n"
"The peer-to-peer DMA topology the kernel's p2p_topology subsystem sees.\n"
"\n"
"  matrix         every device with a node against every other\n"
"                 (rows: clients, columns: targets), as nvidia-smi topo -m\n"
"  route          how CLIENT reaches TARGET's memory, hop by hop from\n"
"                 TARGET; TARGET is a node or providers/ID, CLIENT a node\n"
"  dot            the graph in Graphviz's DOT language\n"
"\n"
"  -j, --json     JSON output (p2ptopo.schema.json describes it)\n"
"  -m, --mode M   matrix cells: type (default), bw (MB/s), lat (ns)\n"
"  -o, --offset N route: offset in the provider's memory (0x for hex)\n"
"  -d, --dirs D   route: directions the client needs (default rw)\n"
"  -h, --help     this text\n"
"\n"
"Environment: P2PTOPO_SYSFS (default " DEFAULT_SYSFS "),\n"
"             P2PTOPO_DEV (default " DEFAULT_DEV "). See p2ptopo(8).\n";

static const struct option long_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "mode", required_argument, NULL, 'm' },
	{ "offset", required_argument, NULL, 'o' },
	{ "dirs", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void __noreturn usage_error(const char *what)
{
	fail(EXIT_USAGE, "%s (try p2ptopo --help)", what);
}

/* The options; the words that are not options stay in argv[optind..]. */
static void parse_options(int argc, char **argv, struct options *o)
{
	char *msg;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jm:o:d:h", long_options, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'm':
			o->mode = optarg;
			break;
		case 'o':
			o->offset = optarg;
			break;
		case 'd':
			o->dirs = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			if (fflush(stdout) || ferror(stdout))
				fail(EXIT_TROUBLE, "stdout: %s", strerror(errno));
			exit(0);
		case ':':
			msg = xasprintf("%s needs a value", argv[optind - 1]);
			usage_error(msg);
		default:
			msg = optopt ? xasprintf("unknown option -%c", optopt) :
				       xasprintf("unknown option %s", argv[optind - 1]);
			usage_error(msg);
		}
	}
}

static void check_mode(const struct options *o)
{
	if (strcmp(o->mode, "type") && strcmp(o->mode, "bw") && strcmp(o->mode, "lat"))
		fail(EXIT_USAGE, "--mode %s: want type, bw or lat", o->mode);
}

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

int main(int argc, char **argv)
{
	struct options o = { .mode = NULL };
	const char *cmd;
	struct topo t;
	int nargs, ret;

	parse_options(argc, argv, &o);
	cmd = optind < argc ? argv[optind++] : "matrix";
	nargs = argc - optind;
	o.sysfs = env_or("P2PTOPO_SYSFS", DEFAULT_SYSFS);
	o.dev = env_or("P2PTOPO_DEV", DEFAULT_DEV);
	if (strcmp(cmd, "matrix") && o.mode)
		usage_error("--mode is for the matrix");
	if (strcmp(cmd, "route") && (o.offset || o.dirs))
		usage_error("--offset and --dirs are for route");
	if (!strcmp(cmd, "matrix") || !strcmp(cmd, "dot")) {
		if (nargs)
			usage_error(xasprintf("%s takes no arguments", cmd));
	} else if (!strcmp(cmd, "route")) {
		if (nargs != 2)
			usage_error("route takes a TARGET and a CLIENT");
	} else {
		usage_error(xasprintf("unknown command %s", cmd));
	}
	if (!o.mode)
		o.mode = "type";
	check_mode(&o);

	topo_load(&t, o.sysfs);
	if (!strcmp(cmd, "matrix"))
		ret = cmd_matrix(&o, &t);
	else if (!strcmp(cmd, "dot"))
		ret = cmd_dot(&o, &t);
	else
		ret = cmd_route(&o, &t, argv[optind], argv[optind + 1]);
	topo_free(&t);
	if (fflush(stdout) || ferror(stdout))
		fail(EXIT_TROUBLE, "stdout: write error");
	return ret;
}
