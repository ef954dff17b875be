// SPDX-License-Identifier: GPL-2.0
/*
 * A test double of /dev/p2p_topology for running p2ptopo on a host
 * (LD_PRELOAD=fake_query.so): open() of $P2PTOPO_DEV gives a file whose
 * write() takes a request and whose read() gives the answer kept in
 * $FAKE_ANSWERS/<target>,<client> ("/" in the target written "!"). A
 * request that is not "route" and two or more names fails with EINVAL, a
 * pair without an answer file with ENOENT, a second write with EBUSY.
 * Enough for the tool's parsing and printing, nothing of the kernel's
 * rules; the guest tests (tests/guest/p2ptopo.sh) check the real device.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fake_fd = -1;
static char *answer;
static size_t answer_len, answer_pos;
static bool written;

static int (*real_open)(const char *, int, ...);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_read)(int, void *, size_t);
static int (*real_close)(int);

static void resolve(void)
{
	if (real_open)
		return;
	real_open = dlsym(RTLD_NEXT, "open");
	real_write = dlsym(RTLD_NEXT, "write");
	real_read = dlsym(RTLD_NEXT, "read");
	real_close = dlsym(RTLD_NEXT, "close");
}

int open(const char *path, int flags, ...)
{
	const char *dev = getenv("P2PTOPO_DEV");
	mode_t mode = 0;
	va_list ap;

	resolve();
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (!dev || strcmp(path, dev))
		return real_open(path, flags, mode);
	fake_fd = real_open("/dev/null", O_RDONLY);
	written = false;
	answer_len = 0;
	answer_pos = 0;
	return fake_fd;
}

static int fake_request(const char *buf, size_t len)
{
	char req[300], *words[6], *save = NULL, *w, *p;
	char path[4096];
	int nr = 0, fd;
	ssize_t n;

	if (len > 256 || memchr(buf, '\0', len))
		return -EINVAL;
	memcpy(req, buf, len);
	req[len] = '\0';
	if (len && req[len - 1] == '\n')
		req[len - 1] = '\0';
	for (w = strtok_r(req, " ", &save); w && nr < 6; w = strtok_r(NULL, " ", &save))
		words[nr++] = w;
	if (nr < 3 || nr > 5 || strcmp(words[0], "route"))
		return -EINVAL;
	for (p = words[1]; *p; p++)
		if (*p == '/')
			*p = '!';
	snprintf(path, sizeof(path), "%s/%s,%s", getenv("FAKE_ANSWERS"),
		 words[1], words[2]);
	fd = real_open(path, O_RDONLY);
	if (fd < 0)
		return -ENOENT;
	free(answer);
	answer = malloc(4096);
	n = answer ? real_read(fd, answer, 4096) : -1;
	real_close(fd);
	if (n < 0)
		return -EIO;
	answer_len = n;
	return 0;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	int ret;

	resolve();
	if (fd != fake_fd)
		return real_write(fd, buf, len);
	if (written) {
		errno = EBUSY;
		return -1;
	}
	written = true;
	ret = fake_request(buf, len);
	if (ret) {
		errno = -ret;
		return -1;
	}
	return len;
}

ssize_t read(int fd, void *buf, size_t len)
{
	size_t n;

	resolve();
	if (fd != fake_fd)
		return real_read(fd, buf, len);
	n = answer_len - answer_pos;
	if (n > len)
		n = len;
	memcpy(buf, answer + answer_pos, n);
	answer_pos += n;
	return n;
}

int close(int fd)
{
	resolve();
	if (fd == fake_fd)
		fake_fd = -1;
	return real_close(fd);
}
