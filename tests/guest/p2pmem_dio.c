// SPDX-License-Identifier: GPL-2.0
/*
 * p2pmem_dio - move data between a block device and a peer's p2pmem with
 * O_DIRECT, so that the block device's controller DMAs straight to and from
 * the other device's memory, and check every byte.
 *
 * Usage: p2pmem_dio [-n COUNT | -u COUNT] ALLOCATE_FILE BLOCK_DEVICE
 *
 * ALLOCATE_FILE is a PCI device's p2pmem/allocate sysfs file: mmap() of it
 * hands out that device's peer-to-peer memory.
 *
 * -n COUNT first writes COUNT single pages from the p2pmem (COUNT DMA
 * mappings of its pages, one I/O each), then does the check below.
 * -u COUNT writes up to COUNT single pages and stops at the first failed
 * I/O, which is expected: the provider is being removed meanwhile. It
 * prints how many went through; exit status 0 either way, 1 when the
 * first I/O already failed (nothing was mapped while the device went).
 *
 * 1. fill the p2pmem with a pattern; write it to the block device from the
 *    p2pmem (the controller reads peer memory);
 * 2. read it back into ordinary memory and compare;
 * 3. clear the p2pmem; read the block device into it (the controller writes
 *    peer memory) and compare.
 *
 * Exit status: 0 when all data arrived; 3 when the kernel refused the I/O
 * (the errno is printed: EREMOTEIO when p2pdma finds no route); 1 on a
 * data mismatch or any other error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define LEN	1048576	/* bytes moved each way */
#define PAGE	4096

static int io_failed(const char *what, ssize_t ret)
{
	if (ret < 0) {
		printf("p2pmem_dio: %s failed: %s (errno %d)\n", what,
		       strerror(errno), errno);
		return 3;
	}
	printf("p2pmem_dio: %s was short: %zd of %d bytes\n", what, ret, LEN);
	return 1;
}

static void fill(unsigned char *buf, unsigned int seed)
{
	size_t i;

	for (i = 0; i < LEN; i++)
		buf[i] = (unsigned char)(i * 131 + seed + (i >> 12));
}

/* One page per I/O, so that every I/O maps p2pmem pages anew. */
static int single_pages(unsigned char *p2p, int bfd, long count,
			int until_failure)
{
	long i;

	for (i = 0; i < count; i++) {
		off_t off = (i * PAGE) % LEN;
		ssize_t ret = pwrite(bfd, p2p + off, PAGE, off);

		if (ret == PAGE)
			continue;
		if (!until_failure) {
			printf("p2pmem_dio: page write %ld: ", i);
			return io_failed("single page write", ret);
		}
		printf("p2pmem_dio: %ld page writes, then: %s\n", i,
		       ret < 0 ? strerror(errno) : "short write");
		return i ? 0 : 1;
	}
	printf("p2pmem_dio: %ld single page writes from p2pmem: ok\n", count);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char *p2p, *plain, *want;
	int afd, bfd, until_failure = 0;
	long count = 0;
	ssize_t ret;

	if (argc == 5 && (!strcmp(argv[1], "-n") || !strcmp(argv[1], "-u"))) {
		until_failure = argv[1][1] == 'u';
		count = strtol(argv[2], NULL, 0);
		argv += 2;
		argc -= 2;
	}
	if (argc != 3 || count < 0) {
		fprintf(stderr, "usage: %s [-n COUNT | -u COUNT] ALLOCATE_FILE BLOCK_DEVICE\n",
			argv[0]);
		return 1;
	}
	afd = open(argv[1], O_RDWR);
	bfd = open(argv[2], O_RDWR | O_DIRECT);
	if (afd < 0 || bfd < 0) {
		perror("p2pmem_dio: open");
		return 1;
	}
	p2p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, afd, 0);
	if (p2p == MAP_FAILED) {
		perror("p2pmem_dio: mmap of p2pmem");
		return 1;
	}
	if (posix_memalign((void **)&plain, 4096, LEN) ||
	    posix_memalign((void **)&want, 4096, LEN)) {
		perror("p2pmem_dio: posix_memalign");
		return 1;
	}

	fill(want, 7);
	memcpy(p2p, want, LEN);
	if (count) {
		int rc = single_pages(p2p, bfd, count, until_failure);

		if (rc || until_failure)
			return rc;
	}
	ret = pwrite(bfd, p2p, LEN, 0);
	if (ret != LEN)
		return io_failed("write from p2pmem", ret);

	memset(plain, 0, LEN);
	ret = pread(bfd, plain, LEN, 0);
	if (ret != LEN)
		return io_failed("read into ordinary memory", ret);
	if (memcmp(plain, want, LEN)) {
		printf("p2pmem_dio: data written from p2pmem differs\n");
		return 1;
	}

	memset(p2p, 0, LEN);
	ret = pread(bfd, p2p, LEN, 0);
	if (ret != LEN)
		return io_failed("read into p2pmem", ret);
	if (memcmp(p2p, want, LEN)) {
		printf("p2pmem_dio: data read into p2pmem differs\n");
		return 1;
	}
	printf("p2pmem_dio: %d bytes from and into p2pmem of %s: ok\n", LEN,
	       argv[1]);
	return 0;
}
