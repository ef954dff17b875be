// SPDX-License-Identifier: GPL-2.0
/*
 * hmm_peer - the HMM peer-alias cases, driven through the test drivers of
 * tests/drivers (hmm_peer.ko): a stand-in GPU on ivshmem, whose BAR2 is
 * device memory, and a stand-in RDMA device on edu, which mirrors memory
 * with hmm_range_fault() and reads it with its DMA engine. Prints KTAP.
 *
 * Usage: hmm_peer CASE...
 *
 *   direct      migrate a buffer to GPU0, mirror it from the RDMA device:
 *               peer pages in GPU0's BAR at the offsets holding the bytes,
 *               DIRECT, a PCI bus address; the DMA'd bytes are the buffer's
 *   thru_host   the same through the host: THRU_HOST, a DMA address
 *   migrate     no route: the mirror gets system RAM, the GPU's copy is
 *               gone, the DMA'd bytes are the buffer's
 *   owner       GPU0 mirroring its own pages gets its private pfns
 *   link:EDU    a GPU mirroring the other GPU's pages gets a DIRECT route
 *               over the firmware link and a link address inside the
 *               owner's aperture;
 *               the RDMA device gets what PCIe gives it, EDU: none (the
 *               pages migrate) or thru_host
 *   stress      a CPU thread writes a page while an RDMA thread mirrors
 *               it, 10,000 times; sampled DMA reads lose no byte
 *   unbind      GPU0 is unbound while the RDMA device holds mirrored
 *               pages: they migrate back, the next read gets RAM and the
 *               right bytes, GPU0's file fails cleanly; GPU0 binds again
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../drivers/hmm_peer_uapi.h"

#define PAGE		4096UL
#define NPAGES		4	/* pages per data case: two DMAs each */
#define ITERATIONS	10000	/* stress */
#define SAMPLES		10	/* stress: DMA reads while the CPU writes */
/* acpi-fabric.asl: 41:00.0's BAR2 0xf8000000 is fabric 7's 0x10000000 */
#define LINK_FABRIC	7
#define LINK_HOME	0xf8000000ULL
#define LINK_BASE	0x10000000ULL
#define LINK_SIZE	0x04000000ULL

static int failed_cases, ncase;
static char why[512];

/* Note why the case fails (the first reason wins) and return -1. */
static int fail(const char *fmt, ...)
{
	va_list ap;

	if (!why[0]) {
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void result(int ret, const char *name, const char *note)
{
	ncase++;
	if (ret) {
		failed_cases++;
		printf("    not ok %d %s # %s\n", ncase, name, why);
	} else {
		printf("    ok %d %s%s%s\n", ncase, name, note[0] ? " # " : "",
		       note);
	}
	why[0] = 0;
	fflush(stdout);
}

static int dev_open(const char *kind, int n)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/hmm_peer_%s%d", kind, n);
	return open(path, O_RDWR);
}

static int info(int fd, struct hmm_peer_info *in)
{
	memset(in, 0, sizeof(*in));
	if (ioctl(fd, HMM_PEER_INFO, in))
		return fail("HMM_PEER_INFO: %s", strerror(errno));
	return 0;
}

static unsigned long long pages_used(int gpu)
{
	struct hmm_peer_info in;

	return info(gpu, &in) ? ~0ULL : in.pages_used;
}

static unsigned char *buffer(unsigned long npages)
{
	void *p = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void fill(unsigned char *p, unsigned long len, unsigned int seed)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 131 + seed + (i >> 12));
}

/* An ioctl on a range; @pages and @data may be NULL. */
static int range_op(int fd, unsigned long op, void *addr, unsigned long npages,
		    unsigned int flags, struct hmm_peer_page *pages,
		    void *data, struct hmm_peer_cmd *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->addr = (unsigned long)addr;
	cmd->npages = npages;
	cmd->flags = flags;
	cmd->pages = (unsigned long)pages;
	cmd->data = (unsigned long)data;
	return ioctl(fd, op, cmd);
}

/* Migrate into the GPU; every page must go. */
static int migrate(int gpu, void *buf, unsigned long npages,
		   struct hmm_peer_page *pages)
{
	struct hmm_peer_cmd cmd;

	if (range_op(gpu, HMM_PEER_GPU_MIGRATE, buf, npages, 0, pages, NULL,
		     &cmd))
		return fail("migration: %s", strerror(errno));
	if (cmd.done != npages)
		return fail("migration moved %u of %lu pages", cmd.done, npages);
	return 0;
}

static int mirror(int fd, void *buf, unsigned long npages, unsigned int flags,
		  struct hmm_peer_page *pages)
{
	struct hmm_peer_cmd cmd;

	if (range_op(fd, HMM_PEER_MIRROR, buf, npages, flags, pages, NULL,
		     &cmd))
		return fail("mirroring: %s", strerror(errno));
	return 0;
}

/* DMA the buffer with the RDMA device; the bytes must be @want's. */
static int dma_check(int rdma, void *buf, unsigned long npages,
		     const unsigned char *want, struct hmm_peer_page *pages)
{
	unsigned char *got = malloc(npages * PAGE);
	struct hmm_peer_cmd cmd;
	unsigned long i;
	int ret = 0;

	if (!got)
		return fail("malloc");
	if (range_op(rdma, HMM_PEER_RDMA_READ, buf, npages, HMM_PEER_REQ_PEER,
		     pages, got, &cmd)) {
		ret = fail("DMA read: %s", strerror(errno));
	} else {
		for (i = 0; i < npages * PAGE; i++) {
			if (got[i] != want[i]) {
				ret = fail("DMA read: byte %lu is %#x, written %#x",
					   i, got[i], want[i]);
				break;
			}
		}
	}
	free(got);
	return ret;
}

static int cpu_check(const unsigned char *buf, const unsigned char *want,
		     unsigned long len)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		if (buf[i] != want[i])
			return fail("CPU read: byte %lu is %#x, written %#x",
				    i, buf[i], want[i]);
	return 0;
}

/* Every page a peer page of @gpu's BAR at the offset migration chose. */
static int check_peer(const struct hmm_peer_page *got,
		      const struct hmm_peer_page *moved, unsigned long npages,
		      const struct hmm_peer_info *gpu, unsigned int map_type,
		      unsigned int space)
{
	const unsigned int want = HMM_PEER_PAGE_VALID | HMM_PEER_PAGE_PEER |
				  HMM_PEER_PAGE_P2PDMA;
	unsigned long i;

	for (i = 0; i < npages; i++) {
		if ((got[i].flags & ~HMM_PEER_PAGE_WRITE) != want)
			return fail("page %lu: flags %#x, want %#x", i,
				    got[i].flags, want);
		if (got[i].phys != gpu->bar_phys + moved[i].addr)
			return fail("page %lu at %#llx, its bytes are at BAR2 %#llx + %#llx",
				    i, (unsigned long long)got[i].phys,
				    (unsigned long long)gpu->bar_phys,
				    (unsigned long long)moved[i].addr);
		if (got[i].map_type != map_type)
			return fail("page %lu: map type %u, want %u", i,
				    got[i].map_type, map_type);
		if (got[i].addr_space != space)
			return fail("page %lu: address space %u, want %u", i,
				    got[i].addr_space, space);
		/* q35: bus addresses are CPU physical addresses */
		if (got[i].addr != got[i].phys)
			return fail("page %lu: address %#llx, want %#llx", i,
				    (unsigned long long)got[i].addr,
				    (unsigned long long)got[i].phys);
	}
	return 0;
}

/* Pages system RAM: valid, no peer, not P2PDMA, nobody's private page. */
static int check_ram(const struct hmm_peer_page *got, unsigned long npages)
{
	unsigned long i;

	for (i = 0; i < npages; i++)
		if ((got[i].flags & ~HMM_PEER_PAGE_WRITE) != HMM_PEER_PAGE_VALID)
			return fail("page %lu: flags %#x, want system RAM", i,
				    got[i].flags);
	return 0;
}

struct ctx {
	int gpu[2], rdma;
	struct hmm_peer_info gpu_info[2];
};

/* (a), (b): peer pages reached over PCIe, the bytes through edu's DMA. */
static int case_peer(struct ctx *c, unsigned int map_type, unsigned int space)
{
	struct hmm_peer_page moved[NPAGES], got[NPAGES], read[NPAGES];
	unsigned char *buf = buffer(NPAGES), want[NPAGES * PAGE];
	unsigned long long used = pages_used(c->gpu[0]);
	int ret;

	if (!buf)
		return fail("mmap");
	fill(want, sizeof(want), map_type);
	memcpy(buf, want, sizeof(want));
	ret = migrate(c->gpu[0], buf, NPAGES, moved) ||
	      mirror(c->rdma, buf, NPAGES, HMM_PEER_REQ_PEER, got) ||
	      check_peer(got, moved, NPAGES, &c->gpu_info[0], map_type, space) ||
	      dma_check(c->rdma, buf, NPAGES, want, read) ||
	      check_peer(read, moved, NPAGES, &c->gpu_info[0], map_type, space);
	if (!ret && pages_used(c->gpu[0]) != used + NPAGES)
		ret = fail("GPU0 holds %llu pages, want %llu: the mirror migrated",
			   (unsigned long long)pages_used(c->gpu[0]),
			   (unsigned long long)used + NPAGES);
	/* The CPU's access migrates the pages back. */
	if (!ret)
		ret = cpu_check(buf, want, sizeof(want));
	if (!ret && pages_used(c->gpu[0]) != used)
		ret = fail("GPU0 still holds %llu pages after the CPU's access",
			   (unsigned long long)pages_used(c->gpu[0]) - used);
	munmap(buf, NPAGES * PAGE);
	return ret;
}

/* (c): no route: the pages migrate to RAM, the GPU's copy goes. */
static int case_migrate(struct ctx *c)
{
	struct hmm_peer_page moved[NPAGES], got[NPAGES], owner[NPAGES];
	unsigned char *buf = buffer(NPAGES), want[NPAGES * PAGE];
	unsigned long long used = pages_used(c->gpu[0]);
	int ret;

	if (!buf)
		return fail("mmap");
	fill(want, sizeof(want), 3);
	memcpy(buf, want, sizeof(want));
	ret = migrate(c->gpu[0], buf, NPAGES, moved) ||
	      mirror(c->rdma, buf, NPAGES, HMM_PEER_REQ_PEER, got) ||
	      check_ram(got, NPAGES);
	if (!ret && pages_used(c->gpu[0]) != used)
		ret = fail("GPU0 still holds %llu pages",
			   (unsigned long long)pages_used(c->gpu[0]) - used);
	/* GPU0 itself now finds system RAM there. */
	if (!ret)
		ret = mirror(c->gpu[0], buf, NPAGES, 0, owner) ||
		      check_ram(owner, NPAGES) ||
		      dma_check(c->rdma, buf, NPAGES, want, got) ||
		      check_ram(got, NPAGES) ||
		      cpu_check(buf, want, sizeof(want));
	munmap(buf, NPAGES * PAGE);
	return ret;
}

/* (d): the owner gets its private pfns, as before the peer path. */
static int case_owner(struct ctx *c)
{
	struct hmm_peer_page moved[NPAGES], got[NPAGES];
	unsigned char *buf = buffer(NPAGES), want[NPAGES * PAGE];
	unsigned long long used = pages_used(c->gpu[0]);
	unsigned long i;
	int ret;

	if (!buf)
		return fail("mmap");
	fill(want, sizeof(want), 4);
	memcpy(buf, want, sizeof(want));
	ret = migrate(c->gpu[0], buf, NPAGES, moved) ||
	      mirror(c->gpu[0], buf, NPAGES,
		     HMM_PEER_REQ_PEER | HMM_PEER_REQ_WRITE, got);
	for (i = 0; !ret && i < NPAGES; i++) {
		if (got[i].flags != (HMM_PEER_PAGE_VALID | HMM_PEER_PAGE_WRITE |
				     HMM_PEER_PAGE_PRIVATE))
			ret = fail("page %lu: flags %#x, want a writable private page",
				   i, got[i].flags);
		else if (got[i].phys != moved[i].phys)
			ret = fail("page %lu: pfn %#llx, migration gave %#llx", i,
				   (unsigned long long)got[i].phys >> 12,
				   (unsigned long long)moved[i].phys >> 12);
	}
	if (!ret && pages_used(c->gpu[0]) != used + NPAGES)
		ret = fail("GPU0 holds %llu pages, want %llu",
			   (unsigned long long)pages_used(c->gpu[0]),
			   (unsigned long long)used + NPAGES);
	if (!ret)
		ret = cpu_check(buf, want, sizeof(want));
	munmap(buf, NPAGES * PAGE);
	return ret;
}

/* One GPU's view of another's pages over the firmware-described link. */
static int check_link(const struct hmm_peer_page *got,
		      const struct hmm_peer_page *moved, unsigned long npages,
		      const struct hmm_peer_info *owner)
{
	const unsigned int want = HMM_PEER_PAGE_VALID | HMM_PEER_PAGE_PEER |
				  HMM_PEER_PAGE_P2PDMA | HMM_PEER_PAGE_LINK;
	unsigned long i;
	unsigned long long link;

	if (owner->bar_phys != LINK_HOME)
		return fail("no GPU has BAR2 at the SSDT's aperture %#llx (%s: %#llx)",
			    LINK_HOME, owner->pci_name,
			    (unsigned long long)owner->bar_phys);
	for (i = 0; i < npages; i++) {
		link = LINK_BASE + moved[i].addr;
		if ((got[i].flags & ~HMM_PEER_PAGE_WRITE) != want)
			return fail("page %lu: flags %#x, want %#x", i,
				    got[i].flags, want);
		if (got[i].phys != owner->bar_phys + moved[i].addr)
			return fail("page %lu at %#llx, want %#llx", i,
				    (unsigned long long)got[i].phys,
				    (unsigned long long)owner->bar_phys + moved[i].addr);
		if (got[i].map_type != HMM_PEER_MAP_DIRECT)
			return fail("page %lu: map type %u, want DIRECT", i,
				    got[i].map_type);
		if (got[i].addr_space != HMM_PEER_ADDR_LINK ||
		    got[i].fabric_id != LINK_FABRIC || got[i].addr != link ||
		    got[i].addr >= LINK_BASE + LINK_SIZE)
			return fail("page %lu: address %u:%u:%#llx, want link 7:%#llx",
				    i, got[i].addr_space, got[i].fabric_id,
				    (unsigned long long)got[i].addr,
				    (unsigned long long)link);
	}
	return 0;
}

/*
 * (e): over the link for the GPU that does not own the memory, what PCIe
 * gives for the RDMA device. The owner is the GPU whose BAR2 the SSDT's
 * aperture maps (41:00.0); the two probe in no fixed order.
 */
static int case_link(struct ctx *c, const char *edu)
{
	struct hmm_peer_page moved[NPAGES], got[NPAGES];
	unsigned char *buf, want[NPAGES * PAGE];
	int own, peer, ret;

	if (c->gpu[1] < 0)
		return fail("no second GPU");
	own = c->gpu_info[1].bar_phys == LINK_HOME;
	peer = !own;
	buf = buffer(NPAGES);
	if (!buf)
		return fail("mmap");
	fill(want, sizeof(want), 5);
	memcpy(buf, want, sizeof(want));
	ret = migrate(c->gpu[own], buf, NPAGES, moved) ||
	      mirror(c->gpu[peer], buf, NPAGES, HMM_PEER_REQ_PEER, got) ||
	      check_link(got, moved, NPAGES, &c->gpu_info[own]);
	if (ret)
		goto out;
	if (!strcmp(edu, "thru_host"))
		ret = mirror(c->rdma, buf, NPAGES, HMM_PEER_REQ_PEER, got) ||
		      check_peer(got, moved, NPAGES, &c->gpu_info[own],
				 HMM_PEER_MAP_THRU_HOST, HMM_PEER_ADDR_DMA) ||
		      dma_check(c->rdma, buf, NPAGES, want, got);
	else if (!strcmp(edu, "none"))
		ret = mirror(c->rdma, buf, NPAGES, HMM_PEER_REQ_PEER, got) ||
		      check_ram(got, NPAGES) ||
		      dma_check(c->rdma, buf, NPAGES, want, got);
	else
		ret = fail("unknown expectation %s", edu);
	if (!ret)
		ret = cpu_check(buf, want, sizeof(want));
out:
	munmap(buf, NPAGES * PAGE);
	return ret;
}

/* (f): a CPU thread writes a page while an RDMA thread mirrors it. */
struct stress {
	int gpu, rdma;
	unsigned long long *page;
	atomic_ulong started, committed;
	atomic_int done;
	unsigned long migrated, mirrors, peers, samples;
	struct hmm_peer_cmd last;
};

static void *stress_cpu(void *arg)
{
	struct stress *s = arg;
	struct hmm_peer_cmd cmd;
	unsigned long i, w;

	for (i = 1; i <= ITERATIONS; i++) {
		/* The page may be busy in a fault of the mirror: then it stays. */
		if (!range_op(s->gpu, HMM_PEER_GPU_MIGRATE, s->page, 1, 0, NULL,
			      NULL, &cmd))
			s->migrated += cmd.done;
		atomic_store(&s->started, i);
		for (w = 0; w < PAGE / sizeof(*s->page); w++)
			__atomic_store_n(&s->page[w], i, __ATOMIC_RELAXED);
		atomic_store(&s->committed, i);
	}
	atomic_store(&s->done, 1);
	return NULL;
}

/* Every word between what was committed before and started after. */
static int stress_sample(struct stress *s, unsigned long long expect_exact)
{
	unsigned long long got[PAGE / sizeof(unsigned long long)], low, high;
	struct hmm_peer_cmd cmd;
	unsigned long w;

	low = expect_exact ? expect_exact : atomic_load(&s->committed);
	if (range_op(s->rdma, HMM_PEER_RDMA_READ, s->page, 1,
		     HMM_PEER_REQ_PEER, NULL, got, &cmd))
		return fail("sample %lu: DMA read: %s", s->samples,
			    strerror(errno));
	high = expect_exact ? expect_exact : atomic_load(&s->started);
	s->samples++;
	for (w = 0; w < PAGE / sizeof(unsigned long long); w++)
		if (got[w] < low || got[w] > high)
			return fail("sample %lu: word %lu is %llu, want %llu..%llu",
				    s->samples, w, (unsigned long long)got[w],
				    (unsigned long long)low,
				    (unsigned long long)high);
	return 0;
}

static int case_stress(struct ctx *c, char *note, size_t size)
{
	struct stress s = { .gpu = c->gpu[0], .rdma = c->rdma };
	struct hmm_peer_page got;
	unsigned long next = ITERATIONS / SAMPLES;
	struct timespec t0, t1;
	pthread_t cpu;
	int ret = 0;

	s.page = (unsigned long long *)buffer(1);
	if (!s.page)
		return fail("mmap");
	memset(s.page, 0, PAGE);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pthread_create(&cpu, NULL, stress_cpu, &s))
		return fail("pthread_create");
	while (!atomic_load(&s.done)) {
		if (range_op(c->rdma, HMM_PEER_MIRROR, s.page, 1,
			     HMM_PEER_REQ_PEER, &got, NULL, &s.last)) {
			ret = fail("mirror %lu: %s", s.mirrors, strerror(errno));
			break;
		}
		s.mirrors++;
		if (got.flags & HMM_PEER_PAGE_PEER)
			s.peers++;
		if (atomic_load(&s.committed) >= next) {
			next += ITERATIONS / SAMPLES;
			if (stress_sample(&s, 0)) {
				ret = -1;
				break;
			}
		}
	}
	pthread_join(cpu, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!ret)
		ret = stress_sample(&s, ITERATIONS);
	if (!ret && range_op(c->rdma, HMM_PEER_MIRROR, s.page, 1, 0, NULL, NULL,
			     &s.last))
		ret = fail("mirror: %s", strerror(errno));
	if (!ret && (!s.last.invalidations || s.last.faults < 2))
		ret = fail("%llu invalidations, %llu faults",
			   (unsigned long long)s.last.invalidations,
			   (unsigned long long)s.last.faults);
	snprintf(note, size,
		 "%d iterations in %ld s, %lu migrations, %lu mirrors (%lu peer), %lu DMA samples, %llu invalidations, %llu faults",
		 ITERATIONS, (long)(t1.tv_sec - t0.tv_sec), s.migrated,
		 s.mirrors, s.peers, s.samples,
		 (unsigned long long)s.last.invalidations,
		 (unsigned long long)s.last.faults);
	munmap(s.page, PAGE);
	return ret;
}

static int sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ret;

	if (fd < 0)
		return fail("open %s: %s", path, strerror(errno));
	ret = write(fd, val, strlen(val)) == (ssize_t)strlen(val) ? 0 :
		fail("write %s to %s: %s", val, path, strerror(errno));
	close(fd);
	return ret;
}

/* After unbind: RAM, the bytes, a clean error from the unbound GPU. */
static int after_unbind(struct ctx *c, unsigned char *buf,
			const unsigned char *want, unsigned long long invalidations)
{
	struct hmm_peer_page got[NPAGES];
	struct hmm_peer_cmd cmd;

	if (range_op(c->rdma, HMM_PEER_MIRROR, buf, NPAGES, HMM_PEER_REQ_PEER,
		     got, NULL, &cmd))
		return fail("mirror after unbind: %s", strerror(errno));
	if (cmd.invalidations <= invalidations)
		return fail("unbind did not invalidate the mirror");
	if (check_ram(got, NPAGES) ||
	    dma_check(c->rdma, buf, NPAGES, want, got) ||
	    cpu_check(buf, want, NPAGES * PAGE))
		return -1;
	if (!range_op(c->gpu[0], HMM_PEER_GPU_MIGRATE, buf, 1, 0, NULL, NULL,
		      &cmd) || errno != ENODEV)
		return fail("migrate into the unbound GPU: %s, want ENODEV",
			    strerror(errno));
	return 0;
}

/* Bind GPU0 again: a fresh device that migrates and is mirrored. */
static int rebind(struct ctx *c, unsigned char *buf, const unsigned char *want)
{
	struct hmm_peer_page moved[NPAGES], got[NPAGES];
	int gpu;

	if (sysfs_write("/sys/bus/pci/drivers/hmm_peer_gpu/bind",
			c->gpu_info[0].pci_name))
		return -1;
	gpu = dev_open("gpu", 0);
	if (gpu < 0)
		return fail("open /dev/hmm_peer_gpu0 after bind: %s",
			    strerror(errno));
	close(c->gpu[0]);
	c->gpu[0] = gpu;
	return migrate(gpu, buf, NPAGES, moved) ||
	       mirror(c->rdma, buf, NPAGES, HMM_PEER_REQ_PEER, got) ||
	       check_peer(got, moved, NPAGES, &c->gpu_info[0],
			  HMM_PEER_MAP_DIRECT, HMM_PEER_ADDR_PCI_BUS) ||
	       cpu_check(buf, want, NPAGES * PAGE);
}

/* (g): GPU0 unbound while the RDMA device holds mirrored pages. */
static int case_unbind(struct ctx *c)
{
	struct hmm_peer_page moved[NPAGES], got[NPAGES];
	unsigned char *buf = buffer(NPAGES), want[NPAGES * PAGE];
	struct hmm_peer_cmd cmd;
	int ret;

	if (!buf)
		return fail("mmap");
	fill(want, sizeof(want), 7);
	memcpy(buf, want, sizeof(want));
	ret = migrate(c->gpu[0], buf, NPAGES, moved);
	if (!ret && range_op(c->rdma, HMM_PEER_MIRROR, buf, NPAGES,
			     HMM_PEER_REQ_PEER, got, NULL, &cmd))
		ret = fail("mirror: %s", strerror(errno));
	if (!ret)
		ret = check_peer(got, moved, NPAGES, &c->gpu_info[0],
				 HMM_PEER_MAP_DIRECT, HMM_PEER_ADDR_PCI_BUS) ||
		      sysfs_write("/sys/bus/pci/drivers/hmm_peer_gpu/unbind",
				  c->gpu_info[0].pci_name) ||
		      after_unbind(c, buf, want, cmd.invalidations) ||
		      rebind(c, buf, want);
	munmap(buf, NPAGES * PAGE);
	return ret;
}

static int run(struct ctx *c, const char *name)
{
	char note[256] = "";
	int ret;

	if (!strcmp(name, "direct")) {
		ret = case_peer(c, HMM_PEER_MAP_DIRECT, HMM_PEER_ADDR_PCI_BUS);
		result(ret, "peer_below_a_switch_is_direct_with_the_right_bytes", note);
	} else if (!strcmp(name, "thru_host")) {
		ret = case_peer(c, HMM_PEER_MAP_THRU_HOST, HMM_PEER_ADDR_DMA);
		result(ret, "peer_across_root_complexes_goes_thru_host_with_the_right_bytes",
		       note);
	} else if (!strcmp(name, "migrate")) {
		ret = case_migrate(c);
		result(ret, "without_a_route_the_pages_migrate_to_ram", note);
	} else if (!strcmp(name, "owner")) {
		ret = case_owner(c);
		result(ret, "the_owner_gets_its_private_pfns_unchanged", note);
	} else if (!strncmp(name, "link:", 5)) {
		ret = case_link(c, name + 5);
		snprintf(note, sizeof(note), "edu: %s", name + 5);
		result(ret, "a_gpu_reaches_the_others_pages_over_the_firmware_link",
		       note);
	} else if (!strcmp(name, "stress")) {
		ret = case_stress(c, note, sizeof(note));
		result(ret, "cpu_writes_while_mirrored_lose_no_byte", note);
	} else if (!strcmp(name, "unbind")) {
		ret = case_unbind(c);
		result(ret, "gpu_unbound_while_mirrored_pages_migrate_back", note);
	} else {
		fail("unknown case %s", name);
		result(-1, name, note);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ctx c = { .gpu = { -1, -1 }, .rdma = -1 };
	char note[256];
	int i, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n1..1\n    # Subtest: guest_hmm_peer\n    1..%d\n",
	       argc);
	c.gpu[0] = dev_open("gpu", 0);
	c.gpu[1] = dev_open("gpu", 1);
	c.rdma = dev_open("rdma", 0);
	ret = c.gpu[0] < 0 || c.rdma < 0 ?
		fail("no /dev/hmm_peer_gpu0 or /dev/hmm_peer_rdma0") :
		info(c.gpu[0], &c.gpu_info[0]);
	if (!ret && c.gpu[1] >= 0)
		ret = info(c.gpu[1], &c.gpu_info[1]);
	snprintf(note, sizeof(note), "GPU0 %s BAR2 %#llx, GPU1 %s",
		 c.gpu_info[0].pci_name,
		 (unsigned long long)c.gpu_info[0].bar_phys,
		 c.gpu[1] >= 0 ? c.gpu_info[1].pci_name : "none");
	result(ret, "drivers_bound", note);
	for (i = 1; i < argc; i++) {
		if (ret)
			result(fail("the drivers are not bound"), argv[i], "");
		else
			run(&c, argv[i]);
	}
	printf("%s 1 guest_hmm_peer\n", failed_cases ? "not ok" : "ok");
	return failed_cases ? 1 : 0;
}
