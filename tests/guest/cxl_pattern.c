// SPDX-License-Identifier: GPL-2.0
/*
 * cxl_pattern: data through a CXL region and the graph's HPA decode, for
 * guest/cxl_region.sh.
 *
 *   cxl_pattern put FILE VALUE
 *	write VALUE and a newline to FILE in one write(); prints "ok" or the
 *	errno's name (ENXIO, ...); exit status 0 when the write took all.
 *   cxl_pattern ask LINE
 *	one request to the decode file (debugfs p2p-bus-cxl/decode): open it
 *	read-write, write LINE and a newline, read the answer (the file is
 *	not seekable: each write replaces the answer, a read takes it once);
 *	prints the answer (one line), "EOF" when there was nothing to read,
 *	or the errno's name of the write or read.
 *   cxl_pattern eof
 *	a read of a fresh open of the decode file: prints "EOF" or what it
 *	read.
 *   cxl_pattern data MODE CASE REGION START SIZE GRAN WAYS COUNT TARGET...
 *	MODE "write": writes an 8-byte pattern at COUNT or more host
 *	physical addresses of the region [START, START + SIZE) through
 *	/dev/mem, reads them all back, asks the decode file for each and
 *	asks the inverse of each answer; prints 5 KTAP cases numbered from
 *	CASE. MODE "check": reads the same addresses back only (1 case).
 *	TARGET is "POS:MEMDEV:SERIAL:DPABASE", one per interleave position,
 *	from the region's targetN, the endpoint decoder's memdev and its
 *	dpa_resource: what the CXL decode of the region's programming
 *	(CXL 3.1 8.2.4.20.13, power-of-two ways) says an HPA lands on.
 *
 * The addresses: the first and last 8 bytes of the region; the first and
 * last 8 bytes of the first 2 * WAYS granules, of WAYS granules in the
 * middle and of the last 2 * WAYS; then COUNT more spread over the whole
 * region, the i-th in a granule near i * granules / COUNT whose index is
 * i modulo WAYS (so every interleave position gets as many), at an
 * 8-byte offset in it that a multiplicative hash of i picks.
 *
 * The pattern at an address is hpa ^ 0x5a5a5a5a5a5a5a5a.
 *
 * For each address the graph decodes, a console line for the host's
 * check (harness/cxl_backing.py):
 *	p2p-cxl-data: REGION hpa=0x.. serial=0x.. dpa=0x.. pattern=0x..
 * (serial the memdev's the graph named, from its sysfs "serial"); and for
 * every address what the region's programming says, whatever the graph:
 *	p2p-cxl-spec: REGION hpa=0x.. serial=0x.. dpa=0x.. pattern=0x..
 * then how many of each: "p2p-cxl-count: REGION data=N spec=N". Numbers
 * are 16 hex digits wide, so that the host can join a line a kernel
 * message cut in two on the console in one way only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define DECODE		"/sys/kernel/debug/p2p-bus-cxl/decode"
#define PATTERN_XOR	0x5a5a5a5a5a5a5a5aULL
#define MAX_WAYS	16

struct target {
	char memdev[32];
	char serial[32];
	unsigned long long dpa_base;
};

static struct target targets[MAX_WAYS];
static int case_nr;

static const char *errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

static void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("    %s %d %s # ", ok ? "ok" : "not ok", case_nr++, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static int put(const char *file, const char *value)
{
	char buf[256];
	ssize_t ret;
	int fd, len;

	len = snprintf(buf, sizeof(buf), "%s\n", value);
	fd = open(file, O_WRONLY);
	if (fd < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	ret = write(fd, buf, len);
	if (ret < 0)
		printf("%s\n", errname(errno));
	else if (ret != len)
		printf("short write %zd of %d\n", ret, len);
	else
		printf("ok\n");
	close(fd);
	return ret != len;
}

/*
 * One request on an open decode file: 0 and the answer (without its
 * newline) in @out, 1 and "EOF" when there was nothing to read, or -errno.
 */
static int request(int fd, const char *line, char *out, size_t size)
{
	char buf[128];
	ssize_t ret;
	int len;

	len = snprintf(buf, sizeof(buf), "%s\n", line);
	ret = write(fd, buf, len);
	if (ret < 0)
		return -errno;
	if (ret != len)
		return -EMSGSIZE;
	ret = read(fd, out, size - 1);
	if (ret < 0)
		return -errno;
	out[ret] = '\0';
	if (ret == 0) {
		snprintf(out, size, "EOF");
		return 1;
	}
	out[strcspn(out, "\n")] = '\0';
	return 0;
}

static int ask(const char *line)
{
	char out[128];
	int fd, ret;

	fd = open(DECODE, O_RDWR);
	if (fd < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	ret = request(fd, line, out, sizeof(out));
	printf("%s\n", ret < 0 ? errname(-ret) : out);
	close(fd);
	return ret != 0;
}

static int eof(void)
{
	char out[128];
	ssize_t ret;
	int fd;

	fd = open(DECODE, O_RDWR);
	if (fd < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	ret = read(fd, out, sizeof(out) - 1);
	if (ret < 0)
		printf("%s\n", errname(errno));
	else if (ret == 0)
		printf("EOF\n");
	else
		printf("%.*s\n", (int)strcspn(out, "\n"), out);
	close(fd);
	return ret != 0;
}

/* One 8-byte store or load, as the CPU does it: never split or merged. */
static void store(unsigned char *p, unsigned long long v)
{
	__atomic_store_n((unsigned long long *)p, v, __ATOMIC_RELAXED);
}

static unsigned long long load(unsigned char *p)
{
	return __atomic_load_n((unsigned long long *)p, __ATOMIC_RELAXED);
}

static int cmp_u64(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

/* The offsets into the region the header describes, sorted, no repeats. */
static unsigned long long *offsets(unsigned long long size,
				   unsigned long long gran, unsigned int ways,
				   unsigned int count, unsigned int *nr)
{
	unsigned long long granules = size / gran, *o;
	unsigned int n = 0, i, max = count + 16 * ways + 2, edge = 2 * ways;
	unsigned long long g;

	o = calloc(max, sizeof(*o));
	if (!o)
		return NULL;
	o[n++] = 0;
	o[n++] = size - 8;
	for (i = 0; i < 3 * edge / 2 && i < granules; i++) {
		g = i < edge ? i : granules / 2 + i - edge;
		o[n++] = g * gran;
		o[n++] = g * gran + gran - 8;
	}
	for (i = 0; i < edge && i < granules; i++) {
		g = granules - 1 - i;
		o[n++] = g * gran;
		o[n++] = g * gran + gran - 8;
	}
	for (i = 0; i < count; i++) {
		g = (unsigned long long)i * granules / count;
		g = g - g % ways + i % ways;
		if (g >= granules)
			g -= ways;
		o[n++] = g * gran +
			 ((unsigned long long)i * 2654435761u) % (gran / 8) * 8;
	}
	qsort(o, n, sizeof(*o), cmp_u64);
	*nr = 0;
	for (i = 0; i < n; i++)
		if (!*nr || o[*nr - 1] != o[i])
			o[(*nr)++] = o[i];
	return o;
}

/* The memdev's serial as its sysfs file reads ("0x1"), or "?". */
static const char *serial_of(const char *memdev)
{
	static char name[32], serial[32];
	char path[128];
	FILE *f;

	if (!strcmp(name, memdev))
		return serial;
	snprintf(name, sizeof(name), "%s", memdev);
	snprintf(serial, sizeof(serial), "?");
	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/serial", memdev);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%31s", serial) != 1)
			snprintf(serial, sizeof(serial), "?");
		fclose(f);
	}
	return serial;
}

/* A line for the host: KIND "data" or "spec", as the header says. */
static void print_line(const char *kind, const char *region,
		       unsigned long long hpa, const char *serial,
		       unsigned long long dpa)
{
	printf("p2p-cxl-%s: %s hpa=0x%016llx serial=0x%016llx", kind, region,
	       hpa, strtoull(serial, NULL, 0));
	printf(" dpa=0x%016llx pattern=0x%016llx\n", dpa, hpa ^ PATTERN_XOR);
}

/* "memK 0xDPA POS" exactly, or 0. */
static int parse_dpa(const char *s, char *memdev, unsigned long long *dpa, int *pos)
{
	int end = 0;

	if (sscanf(s, "%31s 0x%llx %d%n", memdev, dpa, pos, &end) != 3 ||
	    s[end] || strncmp(memdev, "mem", 3))
		return 0;
	return 1;
}

/* "REGION 0xHPA" exactly, or 0. */
static int parse_hpa(const char *s, char *region, unsigned long long *hpa)
{
	int end = 0;

	if (sscanf(s, "%31s 0x%llx%n", region, hpa, &end) != 2 || s[end])
		return 0;
	return 1;
}

static int run_data(int argc, char **argv)
{
	const char *mode = argv[0], *region = argv[2];
	unsigned long long start, size, gran, *o, per_pos[MAX_WAYS] = { 0 };
	unsigned int ways, count, nr, i, bad = 0, edge_bad = 0;
	char first[160] = "", line[64], answer[128];
	unsigned char *map;
	int fd;

	case_nr = atoi(argv[1]);
	start = strtoull(argv[3], NULL, 0);
	size = strtoull(argv[4], NULL, 0);
	gran = strtoull(argv[5], NULL, 0);
	ways = strtoul(argv[6], NULL, 0);
	count = strtoul(argv[7], NULL, 0);
	if (!ways || ways > MAX_WAYS || argc != 8 + (int)ways || !gran ||
	    size % (gran * ways)) {
		fprintf(stderr, "cxl_pattern: bad data arguments\n");
		return 2;
	}
	for (i = 0; i < ways; i++) {
		unsigned int pos;
		char *s = argv[8 + i];

		if (sscanf(s, "%u:%31[^:]:%31[^:]:%llx", &pos,
			   targets[i].memdev, targets[i].serial,
			   &targets[i].dpa_base) != 4 || pos != i) {
			fprintf(stderr, "cxl_pattern: bad target %s\n", s);
			return 2;
		}
	}
	o = offsets(size, gran, ways, count, &nr);
	if (!o)
		return 2;

	fd = open("/dev/mem", O_RDWR | O_SYNC);
	map = fd < 0 ? MAP_FAILED :
	      mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, start);
	if (map == MAP_FAILED) {
		static const char *const names[] = {
			"data_written_and_read_back_through_dev_mem",
			"addresses_cover_every_position_and_both_ends",
			"decode_answers_every_hpa",
			"decode_agrees_with_the_region_programming",
			"decode_inverse_gives_the_hpa_back",
		};
		int err = errno;

		if (strcmp(mode, "write"))
			result(0, "data_survives_recommit",
			       "/dev/mem at 0x%llx: %s", start, errname(err));
		else
			for (i = 0; i < 5; i++)
				result(0, names[i],
				       "/dev/mem at 0x%llx for 0x%llx: %s",
				       start, size, errname(err));
		return 1;
	}

	if (!strcmp(mode, "write"))
		for (i = 0; i < nr; i++)
			store(map + o[i], (start + o[i]) ^ PATTERN_XOR);
	for (i = 0; i < nr; i++) {
		unsigned long long want = (start + o[i]) ^ PATTERN_XOR, got;

		got = load(map + o[i]);
		per_pos[o[i] / gran % ways]++;
		if (got == want)
			continue;
		if (!bad++)
			snprintf(first, sizeof(first),
				 "; first at 0x%llx: 0x%llx, want 0x%llx",
				 start + o[i], got, want);
		if (o[i] == 0 || o[i] == size - 8)
			edge_bad++;
	}
	if (strcmp(mode, "write")) {
		result(!bad, "data_survives_recommit",
		       "%u addresses read back through /dev/mem, %u mismatches%s",
		       nr, bad, first);
		return bad != 0;
	}
	result(!bad && nr >= count,
	       "data_written_and_read_back_through_dev_mem",
	       "%u addresses, %u mismatches (%u at the region's ends)%s",
	       nr, bad, edge_bad, first);
	{
		char spread[16 * MAX_WAYS] = "";
		unsigned long long least = ULLONG_MAX, most = 0;
		int len = 0;

		for (i = 0; i < ways; i++) {
			len += snprintf(spread + len, sizeof(spread) - len,
					"%s%llu", i ? "," : "", per_pos[i]);
			least = per_pos[i] < least ? per_pos[i] : least;
			most = per_pos[i] > most ? per_pos[i] : most;
		}
		result(least > 0 && most - least <= nr / ways / 10 + 4 &&
		       o[0] == 0 && o[nr - 1] == size - 8,
		       "addresses_cover_every_position_and_both_ends",
		       "per position %s; first 0x%llx, last 0x%llx",
		       spread, start + o[0], start + o[nr - 1]);
	}

	for (i = 0; i < nr; i++) {
		unsigned int pos = o[i] / gran % ways;
		unsigned long long dpa = targets[pos].dpa_base +
			       o[i] / (gran * ways) * gran + o[i] % gran;

		print_line("spec", region, start + o[i], targets[pos].serial,
			   dpa);
	}

	{
		unsigned int answered = 0, failed = 0, malformed = 0, agree = 0;
		unsigned int inv_ok = 0, inv_bad = 0;
		char why_fail[400] = "", why_wrong[400] = "", why_inv[400] = "";
		int dfd = open(DECODE, O_RDWR);

		if (dfd < 0) {
			snprintf(why_fail, sizeof(why_fail), "; open: %s",
				 errname(errno));
			failed = nr;
		}
		for (i = 0; dfd >= 0 && i < nr; i++) {
			unsigned int want_pos = o[i] / gran % ways;
			unsigned long long hpa = start + o[i], dpa, back;
			unsigned long long want_dpa = targets[want_pos].dpa_base +
					    o[i] / (gran * ways) * gran +
					    o[i] % gran;
			char memdev[32], name[32];
			int ret, pos;

			snprintf(line, sizeof(line), "%s 0x%llx", region, hpa);
			ret = request(dfd, line, answer, sizeof(answer));
			if (ret) {
				if (!failed++)
					snprintf(why_fail, sizeof(why_fail),
						 "; first %s: %s", line,
						 ret < 0 ? errname(-ret) : answer);
				continue;
			}
			if (!parse_dpa(answer, memdev, &dpa, &pos)) {
				if (!malformed++ && !failed)
					snprintf(why_fail, sizeof(why_fail),
						 "; first malformed: %s -> \"%s\"",
						 line, answer);
				continue;
			}
			answered++;
			print_line("data", region, hpa, serial_of(memdev), dpa);
			if (pos == (int)want_pos && dpa == want_dpa &&
			    !strcmp(memdev, targets[want_pos].memdev))
				agree++;
			else if (!why_wrong[0])
				snprintf(why_wrong, sizeof(why_wrong),
					 "; first 0x%llx: %s, want %s 0x%llx %u",
					 hpa, answer,
					 targets[want_pos].memdev, want_dpa,
					 want_pos);

			snprintf(line, sizeof(line), "%s 0x%llx", memdev, dpa);
			ret = request(dfd, line, answer, sizeof(answer));
			if (!ret && parse_hpa(answer, name, &back) &&
			    !strcmp(name, region) && back == hpa) {
				inv_ok++;
				continue;
			}
			if (!inv_bad++)
				snprintf(why_inv, sizeof(why_inv),
					 "; first %s: %s, want %s 0x%llx",
					 line, ret < 0 ? errname(-ret) : answer,
					 region, hpa);
		}
		if (dfd >= 0)
			close(dfd);
		printf("p2p-cxl-count: %s data=%u spec=%u\n", region,
		       answered, nr);
		result(answered == nr, "decode_answers_every_hpa",
		       "%u of %u answered, %u failed, %u malformed%s",
		       answered, nr, failed, malformed, why_fail);
		result(answered == nr && agree == nr,
		       "decode_agrees_with_the_region_programming",
		       "%u of %u agree (memdev, DPA, position)%s", agree, nr,
		       why_wrong);
		result(answered == nr && inv_ok == nr,
		       "decode_inverse_gives_the_hpa_back",
		       "%u of %u, %u wrong or failed%s", inv_ok, nr, inv_bad,
		       why_inv);
		fflush(stdout);
		munmap(map, size);
		close(fd);
		free(o);
		return !(answered == nr && agree == nr && inv_ok == nr && !bad);
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "put"))
		return put(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "ask"))
		return ask(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "eof"))
		return eof();
	if (argc >= 10 && !strcmp(argv[1], "data") &&
	    (!strcmp(argv[2], "write") || !strcmp(argv[2], "check")))
		return run_data(argc - 2, argv + 2);
	fprintf(stderr, "usage: cxl_pattern put FILE VALUE | ask LINE | eof |\n"
		"       data write|check CASE REGION START SIZE GRAN WAYS COUNT TARGET...\n");
	return 2;
}
