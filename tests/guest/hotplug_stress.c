// SPDX-License-Identifier: GPL-2.0
/*
 * hotplug_stress - the graph under PCI hotplug and driver rebinding, while
 * routes are queried and a peer's memory is used for I/O.
 *
 * Usage: hotplug_stress PORT[,PORT...] CMB DISK REMOVE_ROUNDS BIND_ROUNDS
 *
 * Each PORT is a switch downstream port (0000:bb:dd.f) with several
 * functions below it. CMB is one of them: an NVMe controller whose
 * controller memory buffer the nvme driver registers as p2pmem, and so as
 * a provider in the graph. DISK is the block device of another NVMe
 * controller, which stays.
 *
 * Two kinds of rounds:
 *
 *  1. remove the next PORT (in turn) through sysfs, then rescan the PCI
 *     buses: after the removal the graph's node and link sets are the
 *     first ones minus the functions sysfs showed below that PORT (found
 *     before the first round) and the links that touch them, and the
 *     provider set lacks CMB's memory if CMB was below; after the rescan
 *     the node and link sets are the first ones again, and once CMB's
 *     driver has published its memory again so is the provider set;
 *  2. unbind CMB from the nvme driver and bind it again: nodes and links
 *     never change; the provider set loses CMB's memory and gets it back.
 *
 * Sets are compared line by line by name (the debugfs "nodes", "links"
 * and "providers" files with their ids cut off), never by counting.
 *
 * Meanwhile two processes load the graph and must never see a wrong
 * answer:
 *
 *  - a querier reads the debugfs files over and over: every node, link and
 *    provider must be one of the first ones, and every route one of the
 *    first routes, or "none" for a pair with a function below a PORT
 *    (which is leaving or arriving);
 *  - an I/O worker allocates CMB's p2pmem (mmap of p2pmem/allocate) and
 *    moves data through it with O_DIRECT: DISK's controller reads a
 *    pattern from the disk into the CMB, the CPU checks the CMB, the
 *    controller writes the CMB back to another place on the disk, and
 *    that is read into ordinary memory and checked. Every pattern is new.
 *    While CMB is gone, opening, mapping and I/O fail (see tolerated[]),
 *    a transfer to or from the CMB may be short, and the CPU may get a
 *    SIGBUS from a mapping the driver tore down: those are counted. Any
 *    other error, a short transfer of ordinary memory, or wrong data is a
 *    failure.
 *
 * Both must still be running and stop when asked at the end (no hang).
 * Then a kmemleak scan: no report may mention p2p or pci.
 *
 * Prints one KTAP subtest with the round counts, the time they took, the
 * comparisons made and the load's counters.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#define DEBUGFS		"/sys/kernel/debug/p2p-topology"
#define PCI_DEVICES	"/sys/bus/pci/devices"
#define NVME_DRIVER	"/sys/bus/pci/drivers/nvme"
#define KMEMLEAK	"/sys/kernel/debug/kmemleak"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
/* The counters are shared with the load processes. */
#define READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#define MAX_LINES	512
#define MAX_LINE	256
#define MAX_FNS		16
#define MAX_PORTS	4
#define IO_LEN		(128 * 1024)
#define DISK_SRC	0			/* where patterns are written */
#define DISK_DST	(1024 * 1024)		/* where the CMB writes them */
#define READY_TIMEOUT	60			/* s for CMB's memory to return */
#define STOP_TIMEOUT	60			/* s for the load to stop */

/* A set of lines: one debugfs file with the leading ids cut off. */
struct set {
	int n;
	char line[MAX_LINES][MAX_LINE];
};

/* What the load processes count, in memory shared with them. */
struct counters {
	int stop;
	int phase;			/* 0 before, 1 remove, 2 bind, 3 after */
	long reads, lines, wrong;
	long io_ok[4], io_gone, io_short, io_sigbus, io_wrong;
	long err[4][8];			/* tolerated errors by kind */
	char what[2][MAX_LINE * 2];	/* the first wrong answer of each */
};

/*
 * What fails while CMB is away: its p2pmem/allocate file is gone (ENOENT);
 * mmap() of it finds no p2pdma or a dying one (ENODEV) or an empty pool
 * (ENOMEM); O_DIRECT pins pages of a mapping the driver tore down (EFAULT),
 * an I/O is aborted (EIO) or p2pdma finds no route any more (EREMOTEIO).
 */
static const int tolerated[] = {
	ENOENT, ENODEV, ENOMEM, EFAULT, EIO, EREMOTEIO,
};

static struct set nodes0, links0, routes0, providers0;
/* A port the rounds remove: it and what sysfs shows below it. */
struct port {
	int n;
	char fn[MAX_FNS][16];
};

static struct port ports[MAX_PORTS];
static int nr_ports;
static const char *cmb, *disk;
static struct counters *cnt;
static int n;				/* KTAP case number */

static void result(bool ok, const char *name, const char *fmt, ...)
{
	char comment[512] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(comment, sizeof(comment), fmt, ap);
		va_end(ap);
	}
	printf("    %s %d %s%s%s\n", ok ? "ok" : "not ok", ++n, name,
	       *comment ? " # " : "", comment);
	fflush(stdout);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t ret;

	if (fd < 0)
		return -errno;
	ret = write(fd, val, strlen(val));
	ret = ret < 0 ? -errno : 0;
	close(fd);
	return ret;
}

/* Cut the id off "ID rest" (nodes, links, providers). */
static const char *without_id(const char *line)
{
	const char *p = line;

	while (isdigit((unsigned char)*p))
		p++;
	return *p == ' ' && p != line ? p + 1 : line;
}

/* Read a debugfs file into @s, ids cut off when @ids; -1 on error. */
static int read_set(const char *file, struct set *s, bool ids)
{
	char path[PATH_MAX], buf[MAX_LINE];
	FILE *f;

	snprintf(path, sizeof(path), DEBUGFS "/%s", file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	s->n = 0;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = 0;
		if (s->n == MAX_LINES) {
			fclose(f);
			return -1;
		}
		snprintf(s->line[s->n++], MAX_LINE, "%s",
			 ids ? without_id(buf) : buf);
	}
	fclose(f);
	return 0;
}

static bool in_set(const struct set *s, const char *line)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->line[i], line))
			return true;
	return false;
}

/* Whether @line names, as a word, @port or a function below it. */
static bool names_below(const char *line, const struct port *port)
{
	size_t len;
	int i;

	for (i = 0; i < port->n; i++) {
		const char *p = line;

		len = strlen(port->fn[i]);
		while ((p = strstr(p, port->fn[i]))) {
			if ((p == line || p[-1] == ' ') &&
			    (p[len] == 0 || p[len] == ' '))
				return true;
			p += len;
		}
	}
	return false;
}

static bool names_any_below(const char *line)
{
	int i;

	for (i = 0; i < nr_ports; i++)
		if (names_below(line, &ports[i]))
			return true;
	return false;
}

/*
 * @got must equal @want without the lines that name @gone or a function
 * below it (unless NULL), without the lines that name CMB when @drop_cmb.
 * The first difference is printed as a comment.
 * Return: whether they are equal.
 */
static bool same(const char *what, const struct set *want,
		 const struct set *got, const struct port *gone, bool drop_cmb)
{
	int i, expected = 0;

	for (i = 0; i < want->n; i++) {
		const char *l = want->line[i];

		if ((gone && names_below(l, gone)) ||
		    (drop_cmb && strstr(l, cmb)))
			continue;
		expected++;
		if (!in_set(got, l)) {
			printf("    # %s: missing \"%s\"\n", what, l);
			return false;
		}
	}
	for (i = 0; i < got->n; i++) {
		if (!in_set(want, got->line[i])) {
			printf("    # %s: unexpected \"%s\"\n", what,
			       got->line[i]);
			return false;
		}
	}
	if (got->n != expected) {
		printf("    # %s: %d lines, %d expected (a duplicate?)\n",
		       what, got->n, expected);
		return false;
	}
	return true;
}

/* @bdf and every PCI function whose sysfs path runs through it. */
static void find_below(struct port *port, const char *bdf)
{
	char path[PATH_MAX], real[PATH_MAX], pat[32];
	struct dirent *e;
	DIR *dir = opendir(PCI_DEVICES);

	snprintf(pat, sizeof(pat), "/%.12s/", bdf);
	snprintf(port->fn[port->n++], sizeof(port->fn[0]), "%.12s", bdf);
	while (dir && (e = readdir(dir)) && port->n < MAX_FNS) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), PCI_DEVICES "/%s", e->d_name);
		if (realpath(path, real) && strstr(real, pat))
			snprintf(port->fn[port->n++], sizeof(port->fn[0]),
				 "%.12s", e->d_name);
	}
	if (dir)
		closedir(dir);
}

static bool cmb_published(void)
{
	char path[PATH_MAX], buf[8] = "";
	struct set s;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/p2pmem/published", cmb);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	if (buf[0] != '1' || read_set("providers", &s, true))
		return false;
	for (i = 0; i < s.n; i++)
		if (strstr(s.line[i], cmb) && strstr(s.line[i], " published"))
			return true;
	return false;
}

static bool wait_for_cmb(void)
{
	double end = now() + READY_TIMEOUT;

	while (!cmb_published()) {
		if (now() > end)
			return false;
		usleep(20000);
	}
	return true;
}

/* ---- the querier ---- */

static void wrong(int who, const char *fmt, const char *line)
{
	if (!cnt->what[who][0])
		snprintf(cnt->what[who], sizeof(cnt->what[who]), fmt, line);
}

static void query_once(struct set *s)
{
	int i;

	if (!read_set("nodes", s, true))
		for (i = 0; i < s->n; i++, cnt->lines++)
			if (!in_set(&nodes0, s->line[i])) {
				cnt->wrong++;
				wrong(0, "node \"%s\"", s->line[i]);
			}
	if (!read_set("links", s, true))
		for (i = 0; i < s->n; i++, cnt->lines++)
			if (!in_set(&links0, s->line[i])) {
				cnt->wrong++;
				wrong(0, "link \"%s\"", s->line[i]);
			}
	/* A provider is added first and published after. */
	if (!read_set("providers", s, true))
		for (i = 0; i < s->n; i++, cnt->lines++) {
			char published[MAX_LINE + 16];

			snprintf(published, sizeof(published), "%s published",
				 s->line[i]);
			if (!in_set(&providers0, s->line[i]) &&
			    !in_set(&providers0, published)) {
				cnt->wrong++;
				wrong(0, "provider \"%s\"", s->line[i]);
			}
		}
	/*
	 * A function below a port may be in the graph without its uplink for
	 * a moment, while it is added or removed: its routes are "none" then.
	 */
	if (!read_set("routes", s, false))
		for (i = 0; i < s->n; i++, cnt->lines++) {
			const char *l = s->line[i];
			const char *type = strstr(l, " -> ");

			if (in_set(&routes0, l))
				continue;
			type = type ? strchr(type + 4, ' ') : NULL;
			if (type && !strncmp(type, " none", 5) &&
			    (type[5] == 0 || type[5] == ' ') && names_any_below(l))
				continue;
			cnt->wrong++;
			wrong(0, "route \"%s\"", l);
		}
	cnt->reads++;
}

static void querier(void)
{
	struct set *s = malloc(sizeof(*s));

	if (!s)
		exit(1);
	while (!READ_ONCE(cnt->stop)) {
		query_once(s);
		usleep(10000);
	}
	exit(0);
}

/* ---- the I/O worker ---- */

static sigjmp_buf bus_error;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_error, 1);
}

static void fill(unsigned char *buf, unsigned long seed)
{
	size_t i;

	for (i = 0; i < IO_LEN; i++)
		buf[i] = (unsigned char)(i * 131 + seed * 7 + (i >> 12));
}

/*
 * A failed call: counted when CMB may be gone, else a failure. An O_DIRECT
 * transfer to or from p2pmem (@p2p) may also be short: the pages up to
 * where the driver tore the mapping down moved, the rest did not.
 */
static void io_error(const char *what, ssize_t ret, bool p2p)
{
	char msg[MAX_LINE];
	unsigned int i;

	if (p2p && ret >= 0 && ret < IO_LEN) {
		cnt->io_short++;
		cnt->io_gone++;
		return;
	}
	for (i = 0; ret < 0 && i < ARRAY_SIZE(tolerated); i++) {
		if (errno == tolerated[i]) {
			cnt->err[READ_ONCE(cnt->phase)][i]++;
			cnt->io_gone++;
			return;
		}
	}
	if (ret < 0)
		snprintf(msg, sizeof(msg), "%s: %s", what, strerror(errno));
	else
		snprintf(msg, sizeof(msg), "%s: %zd of %d bytes", what, ret,
			 IO_LEN);
	cnt->io_wrong++;
	wrong(1, "%s", msg);
}

/*
 * The disk's controller writes the CMB, the CPU checks it, the controller
 * reads the CMB; false when that could not be done or went wrong.
 */
static bool through_cmb(int bfd, unsigned char *p2p, unsigned char *plain,
			const unsigned char *want)
{
	ssize_t ret;

	ret = pread(bfd, p2p, IO_LEN, DISK_SRC);
	if (ret != IO_LEN) {
		io_error("read into p2pmem", ret, true);
		return false;
	}
	if (memcmp(p2p, want, IO_LEN)) {
		cnt->io_wrong++;
		wrong(1, "%s", "the CMB does not hold what was read into it");
		return false;
	}
	ret = pwrite(bfd, p2p, IO_LEN, DISK_DST);
	if (ret != IO_LEN) {
		io_error("write from p2pmem", ret, true);
		return false;
	}
	ret = pread(bfd, plain, IO_LEN, DISK_DST);
	if (ret != IO_LEN) {
		io_error("read back", ret, false);
		return false;
	}
	if (memcmp(plain, want, IO_LEN)) {
		cnt->io_wrong++;
		wrong(1, "%s", "data written from the CMB differs");
		return false;
	}
	return true;
}

/* One round trip with a new pattern; false when it could not be done. */
static bool io_once(int bfd, unsigned char *plain, unsigned char *want,
		    unsigned long seed)
{
	char path[PATH_MAX];
	unsigned char *p2p;
	ssize_t ret;
	bool done;
	int afd;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/p2pmem/allocate", cmb);
	afd = open(path, O_RDWR);
	if (afd < 0) {
		io_error("open p2pmem/allocate", -1, false);
		return false;
	}
	p2p = mmap(NULL, IO_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, afd, 0);
	if (p2p == MAP_FAILED) {
		io_error("mmap p2pmem", -1, false);
		close(afd);
		return false;
	}
	fill(want, seed);
	ret = pwrite(bfd, want, IO_LEN, DISK_SRC);
	if (ret != IO_LEN) {
		io_error("write the pattern", ret, false);
		done = false;
	} else if (sigsetjmp(bus_error, 1)) {
		/* the CPU touched a mapping the driver tore down */
		cnt->io_sigbus++;
		done = false;
	} else {
		done = through_cmb(bfd, p2p, plain, want);
	}
	munmap(p2p, IO_LEN);
	close(afd);
	return done;
}

static void io_worker(void)
{
	unsigned char *plain, *want;
	unsigned long seed = 1;
	int bfd = open(disk, O_RDWR | O_DIRECT);

	if (bfd < 0 || posix_memalign((void **)&plain, 4096, IO_LEN) ||
	    posix_memalign((void **)&want, 4096, IO_LEN)) {
		wrong(1, "%s", "cannot open the disk");
		cnt->io_wrong++;
		exit(1);
	}
	signal(SIGBUS, on_sigbus);
	while (!READ_ONCE(cnt->stop)) {
		if (io_once(bfd, plain, want, seed++))
			cnt->io_ok[READ_ONCE(cnt->phase)]++;
		else
			usleep(20000);
	}
	exit(0);
}

/* ---- the rounds ---- */

struct timing {
	int rounds;
	double total, max;
	double step[3];		/* time spent in each step of a round */
	long compared;		/* set comparisons made */
};

static bool graph_is(const struct port *gone, const char *when,
		     struct timing *t)
{
	struct set *s = malloc(sizeof(*s));
	char what[64];
	bool ok;

	snprintf(what, sizeof(what), "nodes %s", when);
	ok = s && !read_set("nodes", s, true) &&
	     same(what, &nodes0, s, gone, false);
	snprintf(what, sizeof(what), "links %s", when);
	ok = ok && !read_set("links", s, true) &&
	     same(what, &links0, s, gone, false);
	t->compared += 2;
	free(s);
	return ok;
}

static bool providers_are(bool drop_cmb, const char *when, struct timing *t)
{
	struct set *s = malloc(sizeof(*s));
	char what[64];
	bool ok;

	snprintf(what, sizeof(what), "providers %s", when);
	ok = s && !read_set("providers", s, true) &&
	     same(what, &providers0, s, false, drop_cmb);
	t->compared++;
	free(s);
	return ok;
}

static bool has_cmb(const struct port *port)
{
	int i;

	for (i = 0; i < port->n; i++)
		if (!strcmp(port->fn[i], cmb))
			return true;
	return false;
}

/* Remove the next port of the rotation and rescan. */
static bool remove_round(struct timing *t, int round)
{
	const struct port *port = &ports[round % nr_ports];
	double t0 = now(), t1, t2;
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/remove", port->fn[0]);
	ret = write_file(path, "1");
	if (ret) {
		printf("    # remove %s: %s\n", port->fn[0], strerror(-ret));
		return false;
	}
	if (!graph_is(port, "after removal", t) ||
	    !providers_are(has_cmb(port), "after removal", t))
		return false;
	t1 = now();
	ret = write_file("/sys/bus/pci/rescan", "1");
	if (ret) {
		printf("    # rescan: %s\n", strerror(-ret));
		return false;
	}
	if (!graph_is(NULL, "after rescan", t))
		return false;
	t2 = now();
	if (!wait_for_cmb()) {
		printf("    # %s published no memory after the rescan\n", cmb);
		return false;
	}
	t->step[0] += t1 - t0;
	t->step[1] += t2 - t1;
	t->step[2] += now() - t2;
	return providers_are(false, "after rescan", t);
}

/* Unbind CMB's NVMe controller from its driver and bind it again. */
static bool bind_round(struct timing *t, int round)
{
	double t0 = now(), t1, t2;
	int ret;

	(void)round;
	ret = write_file(NVME_DRIVER "/unbind", cmb);
	if (ret) {
		printf("    # unbind %s: %s\n", cmb, strerror(-ret));
		return false;
	}
	if (!graph_is(NULL, "after unbind", t) ||
	    !providers_are(true, "after unbind", t))
		return false;
	t1 = now();
	ret = write_file(NVME_DRIVER "/bind", cmb);
	if (ret) {
		printf("    # bind %s: %s\n", cmb, strerror(-ret));
		return false;
	}
	t2 = now();
	if (!wait_for_cmb()) {
		printf("    # %s published no memory after binding\n", cmb);
		return false;
	}
	t->step[0] += t1 - t0;
	t->step[1] += t2 - t1;
	t->step[2] += now() - t2;
	return graph_is(NULL, "after binding", t) &&
	       providers_are(false, "after binding", t);
}

/*
 * The PCI core logs every function it finds and every window it assigns:
 * keep that off the console meanwhile (warnings and errors still show).
 */
static void run_rounds(const char *name,
		       bool (*round)(struct timing *t, int i), int count,
		       int phase)
{
	struct timing t = { 0 };
	double start = now(), r;
	bool ok = true;

	WRITE_ONCE(cnt->phase, phase);
	write_file("/proc/sys/kernel/printk", "5");
	while (t.rounds < count) {
		r = now();
		ok = round(&t, t.rounds);
		r = now() - r;
		t.total += r;
		if (r > t.max)
			t.max = r;
		if (!ok)
			break;
		t.rounds++;
	}
	write_file("/proc/sys/kernel/printk", "7");
	printf("    # %s: the three steps took %.1f, %.1f and %.1f s\n", name,
	       t.step[0], t.step[1], t.step[2]);
	result(ok && t.rounds == count, name,
	       "%d of %d rounds in %.1f s (%.2f s each, longest %.2f s), %ld set comparisons",
	       t.rounds, count, now() - start,
	       t.rounds ? t.total / t.rounds : 0.0, t.max, t.compared);
}

/* ---- the end ---- */

static bool stop(pid_t pid)
{
	double end = now() + STOP_TIMEOUT;
	int status;

	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (now() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return false;
		}
		usleep(20000);
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * Scan twice, as kmemleak reports an object only when it looked
 * unreferenced in two scans, and only objects older than 5 s.
 */
static void kmemleak_check(void)
{
	char line[MAX_LINE], head[MAX_LINE] = "";
	int reports = 0, ours = 0;
	bool block_ours = false;
	FILE *f;

	sleep(6);
	write_file(KMEMLEAK, "scan");
	sleep(1);
	write_file(KMEMLEAK, "scan");
	f = fopen(KMEMLEAK, "r");
	if (!f) {
		result(false, "no_leak_reported_about_p2p_or_pci",
		       "cannot read " KMEMLEAK);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "unreferenced object")) {
			ours += block_ours;
			block_ours = false;
			reports++;
			snprintf(head, sizeof(head), "%s", line);
			continue;
		}
		if (!block_ours && (strcasestr(line, "p2p") ||
				    strcasestr(line, "pci"))) {
			block_ours = true;
			printf("    # leak: %s", head);
			printf("    #   %s", line);
		}
	}
	ours += block_ours;
	fclose(f);
	result(!ours, "no_leak_reported_about_p2p_or_pci",
	       "%d reports, %d about p2p or pci", reports, ours);
}

static void report_load(pid_t querier_pid, pid_t io_pid)
{
	bool q_stopped, io_stopped;
	unsigned int i;

	WRITE_ONCE(cnt->stop, 1);
	q_stopped = stop(querier_pid);
	io_stopped = stop(io_pid);
	result(q_stopped && io_stopped, "load_stops_when_asked",
	       "querier %s, I/O %s", q_stopped ? "stopped" : "HUNG or failed",
	       io_stopped ? "stopped" : "HUNG or failed");
	if (cnt->what[0][0])
		printf("    # first wrong answer: %s\n", cnt->what[0]);
	result(!cnt->wrong && cnt->reads, "queries_never_answer_wrong",
	       "%ld reads of nodes, links, providers and routes, %ld lines checked, %ld wrong",
	       cnt->reads, cnt->lines, cnt->wrong);
	if (cnt->what[1][0])
		printf("    # first wrong I/O: %s\n", cnt->what[1]);
	printf("    # tolerated errors while the CMB was away:");
	for (i = 0; i < ARRAY_SIZE(tolerated); i++)
		if (cnt->err[1][i] + cnt->err[2][i])
			printf(" %s %ld+%ld", strerrorname_np(tolerated[i]),
			       cnt->err[1][i], cnt->err[2][i]);
	printf(", short transfers %ld, SIGBUS %ld\n", cnt->io_short,
	       cnt->io_sigbus);
	result(!cnt->io_wrong && cnt->io_ok[1] && cnt->io_ok[2],
	       "cmb_io_never_wrong_and_goes_on",
	       "round trips through the CMB: %ld during removals, %ld during rebinds; %ld failed as the CMB went, %ld wrong",
	       cnt->io_ok[1], cnt->io_ok[2], cnt->io_gone + cnt->io_sigbus,
	       cnt->io_wrong);
}

int main(int argc, char **argv)
{
	char list[128], *bdf, *save = NULL;
	pid_t querier_pid, io_pid;
	struct timing t = { 0 };
	int i, j, fns = 0;
	struct set *s;
	bool ok;

	if (argc != 6) {
		fprintf(stderr, "usage: %s PORT[,PORT...] CMB DISK REMOVE_ROUNDS BIND_ROUNDS\n",
			argv[0]);
		return 1;
	}
	snprintf(list, sizeof(list), "%s", argv[1]);
	for (bdf = strtok_r(list, ",", &save); bdf && nr_ports < MAX_PORTS;
	     bdf = strtok_r(NULL, ",", &save))
		find_below(&ports[nr_ports++], bdf);
	cmb = argv[2];
	disk = argv[3];
	setvbuf(stdout, NULL, _IOLBF, 0);
	cnt = mmap(NULL, sizeof(*cnt), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s = malloc(sizeof(*s));
	if (cnt == MAP_FAILED || !s)
		return 1;

	printf("KTAP version 1\n1..1\n    # Subtest: guest_hotplug_stress\n    1..8\n");
	for (i = 0; i < nr_ports; i++) {
		printf("    # port %d:", i + 1);
		fns += ports[i].n;
		for (j = 0; j < ports[i].n; j++)
			printf(" %s", ports[i].fn[j]);
		printf("\n");
	}
	ok = wait_for_cmb() && !read_set("nodes", &nodes0, true) &&
	     !read_set("links", &links0, true) &&
	     !read_set("routes", &routes0, false) &&
	     !read_set("providers", &providers0, true);
	result(ok && nr_ports && fns > 2 * nr_ports, "graph_before_the_rounds",
	       "%d nodes, %d links, %d routes, %d providers; %d ports with %d functions in all to remove",
	       nodes0.n, links0.n, routes0.n, providers0.n, nr_ports, fns);

	querier_pid = fork();
	if (!querier_pid)
		querier();
	io_pid = fork();
	if (!io_pid)
		io_worker();

	run_rounds("remove_and_rescan_restore_the_graph", remove_round,
		   atoi(argv[4]), 1);
	run_rounds("unbind_and_bind_restore_the_providers", bind_round,
		   atoi(argv[5]), 2);
	WRITE_ONCE(cnt->phase, 3);
	report_load(querier_pid, io_pid);

	ok = !read_set("routes", s, false) &&
	     same("routes at the end", &routes0, s, NULL, false);
	result(ok && graph_is(NULL, "at the end", &t) &&
	       providers_are(false, "at the end", &t),
	       "graph_and_routes_at_the_end_are_the_first", NULL);
	kmemleak_check();
	printf("ok 1 guest_hotplug_stress\n");
	return 0;
}
