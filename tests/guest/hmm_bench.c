// SPDX-License-Identifier: GPL-2.0
/*
 * hmm_bench - the HMM peer-alias benchmark (issue 9, make bench): one
 * hmm_range_fault() over MIB MiB of DEVICE_PRIVATE pages of the stand-in
 * GPU (tests/drivers/hmm_peer_gpu.c), timed in the kernel
 * (HMM_PEER_BENCH_FAULT), REPS times on each path, alternating:
 *
 *   owner  the GPU itself faults its own pages: hmm_range_fault()'s fast
 *          path, the device-private pfns come back unchanged
 *   peer   the stand-in RDMA device faults them with HMM_PFN_REQ_PEER:
 *          each page comes back as the GPU's P2PDMA alias, after the
 *          pgmap's alias method and a cached topology query
 *
 * Prints KTAP (the cases check what came back: every page private, every
 * page a peer alias) and, for make bench, P2P-BENCH lines in ns per page;
 * the owner path is the peer path's reference (legacy_*), so the ratio is
 * peer over owner (goal: at most 1.2). Nothing judges the speed.
 *
 * Usage: hmm_bench MIB REPS
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../drivers/hmm_peer_uapi.h"

#define PAGE		4096UL
#define CHUNK		4096UL	/* pages per migration ioctl (16 MiB) */
#define MAX_REPS	100

static int ncase, failed;

static void result(int ok, const char *name, const char *why)
{
	ncase++;
	if (ok) {
		printf("    ok %d %s\n", ncase, name);
	} else {
		failed = 1;
		printf("    not ok %d %s # %s\n", ncase, name, why);
	}
	fflush(stdout);
}

static int migrate(int gpu, unsigned char *buf, unsigned long npages,
		   char *why, size_t len)
{
	struct hmm_peer_cmd cmd;
	unsigned long i, n;

	for (i = 0; i < npages; i += n) {
		n = npages - i < CHUNK ? npages - i : CHUNK;
		memset(&cmd, 0, sizeof(cmd));
		cmd.addr = (unsigned long)(buf + i * PAGE);
		cmd.npages = n;
		if (ioctl(gpu, HMM_PEER_GPU_MIGRATE, &cmd)) {
			snprintf(why, len, "migration: %s", strerror(errno));
			return -1;
		}
		if (cmd.done != n) {
			snprintf(why, len, "migration moved %u of %lu pages",
				 cmd.done, n);
			return -1;
		}
	}
	return 0;
}

/* One timed fault; ns per page, or 0 when the pages were not all @want. */
static unsigned long long fault(int fd, void *buf, unsigned long npages,
				unsigned int flags, int want_peer, char *why,
				size_t len)
{
	struct hmm_peer_bench b = {
		.addr = (unsigned long)buf,
		.npages = npages,
		.flags = flags,
	};
	unsigned long long got;

	if (ioctl(fd, HMM_PEER_BENCH_FAULT, &b)) {
		snprintf(why, len, "HMM_PEER_BENCH_FAULT: %s", strerror(errno));
		return 0;
	}
	got = want_peer ? b.peer_pages : b.private_pages;
	if (got != npages) {
		snprintf(why, len, "%llu of %lu pages %s (private %llu, peer %llu)",
			 got, npages, want_peer ? "peer aliases" : "private",
			 (unsigned long long)b.private_pages,
			 (unsigned long long)b.peer_pages);
		return 0;
	}
	return (b.ns + npages / 2) / npages;
}

static int cmp(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of @n sorted samples. */
static unsigned long long pct(const unsigned long long *s, int n, int p)
{
	int rank = (n * p + 99) / 100;

	return s[(rank < 1 ? 1 : rank) - 1];
}

static void report(const char *name, unsigned long mib,
		   unsigned long long *s, int n, unsigned long long *ref)
{
	qsort(s, n, sizeof(*s), cmp);
	printf("P2P-BENCH: hmm/%s/%luMiB unit=ns/page median=%llu p99=%llu",
	       name, mib, pct(s, n, 50), pct(s, n, 99));
	if (ref) {
		qsort(ref, n, sizeof(*ref), cmp);
		printf(" legacy_median=%llu legacy_p99=%llu legacy_is=owner_path",
		       pct(ref, n, 50), pct(ref, n, 99));
	}
	printf(" samples=%d\n", n);
}

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 4;
	int reps = argc > 2 ? atoi(argv[2]) : 1, r, ok = 1, owner_ok, peer_ok;
	unsigned long long owner[MAX_REPS], peer[MAX_REPS];
	unsigned long npages = mib * (1UL << 20) / PAGE;
	int gpu = open("/dev/hmm_peer_gpu0", O_RDWR);
	int rdma = open("/dev/hmm_peer_rdma0", O_RDWR);
	unsigned char *buf;
	char why[256] = "", owner_why[256] = "", peer_why[256] = "";

	if (reps < 1 || reps > MAX_REPS)
		reps = 1;
	printf("KTAP version 1\n1..1\n    # Subtest: hmm_bench\n    1..3\n");
	buf = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (gpu < 0 || rdma < 0 || buf == MAP_FAILED) {
		snprintf(why, sizeof(why), "no /dev/hmm_peer_gpu0, rdma0 or memory");
		ok = 0;
	} else {
		/* Base pages, as the GPU migrates them one by one. */
		madvise(buf, npages * PAGE, MADV_NOHUGEPAGE);
		memset(buf, 0x5a, npages * PAGE);
		ok = !migrate(gpu, buf, npages, why, sizeof(why));
	}
	result(ok, "migrate_to_gpu", why);

	/* Alternate the paths, so that drift affects both alike. */
	owner_ok = ok;
	peer_ok = ok;
	for (r = 0; owner_ok && peer_ok && r < reps; r++) {
		owner[r] = fault(gpu, buf, npages, 0, 0, owner_why,
				 sizeof(owner_why));
		peer[r] = fault(rdma, buf, npages, HMM_PEER_REQ_PEER, 1,
				peer_why, sizeof(peer_why));
		owner_ok = owner[r] != 0;
		peer_ok = peer[r] != 0;
	}
	result(owner_ok, "owner_path_gets_private_pages", ok ? owner_why : why);
	result(peer_ok, "peer_path_gets_aliases", ok ? peer_why : why);
	if (owner_ok && peer_ok) {
		report("owner", mib, owner, reps, NULL);
		report("peer_alias", mib, peer, reps, owner);
	}
	printf("%s 1 hmm_bench\n", failed ? "not ok" : "ok");
	return 0;
}
