// SPDX-License-Identifier: GPL-2.0
/*
 * p2pq [-d DEVICE] REQUEST...: the raw transaction of the per-pair query
 * device, for tests of its protocol. Opens DEVICE (/dev/p2p_topology)
 * once, writes each REQUEST with one write() on that file, then reads
 * what there is to read. Prints a line per write, "write ok" or "write
 * E<NAME>" (the errno), then "read <n> bytes" and the bytes.
 *
 * A REQUEST may hold escapes for what a shell argument cannot: \0 (a
 * NUL), \n, \t, \\ and \xHH.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	int err;
	const char *name;
} names[] = {
	{ EINVAL, "EINVAL" }, { ENOENT, "ENOENT" }, { ENODEV, "ENODEV" },
	{ EBUSY, "EBUSY" }, { ERANGE, "ERANGE" }, { E2BIG, "E2BIG" },
	{ EFAULT, "EFAULT" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
	{ EPERM, "EPERM" }, { EAGAIN, "EAGAIN" }, { EFBIG, "EFBIG" },
};

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode @s into @out (as long as @s at most); returns the length. */
static size_t unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case '0':
			out[n++] = '\0';
			break;
		case 'n':
			out[n++] = '\n';
			break;
		case 't':
			out[n++] = '\t';
			break;
		case 'x':
			if (hex(s[1]) >= 0 && hex(s[2]) >= 0) {
				out[n++] = hex(s[1]) * 16 + hex(s[2]);
				s += 2;
				break;
			}
			out[n++] = 'x';
			break;
		default:
			out[n++] = *s;
		}
		s++;
	}
	return n;
}

static void print_errno(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (names[i].err == err) {
			printf("write %s\n", names[i].name);
			return;
		}
	}
	printf("write errno %d\n", err);
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/p2p_topology";
	char buf[4096], *req;
	size_t len, total = 0;
	ssize_t n;
	int fd, i = 1;

	if (argc > 2 && !strcmp(argv[1], "-d")) {
		dev = argv[2];
		i = 3;
	}
	fd = open(dev, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "p2pq: %s: %s\n", dev, strerror(errno));
		return 1;
	}
	for (; i < argc; i++) {
		req = malloc(strlen(argv[i]) + 1);
		if (!req)
			return 1;
		len = unescape(argv[i], req);
		n = write(fd, req, len);
		free(req);
		if (n < 0)
			print_errno(errno);
		else if ((size_t)n != len)
			printf("write short %zd of %zu\n", n, len);
		else
			printf("write ok\n");
	}
	fflush(stdout);
	while ((n = read(fd, buf + total, sizeof(buf) - total)) > 0) {
		total += n;
		if (total == sizeof(buf))
			break;
	}
	if (n < 0) {
		printf("read %s\n", strerror(errno));
		return 1;
	}
	printf("read %zu bytes\n", total);
	fwrite(buf, 1, total, stdout);
	return close(fd) ? 1 : 0;
}
