// SPDX-License-Identifier: GPL-2.0
/*
 * Errors, memory, and reading whole small files (sysfs attributes, the
 * query device's answer).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p2ptopo.h"

const char *progname = "p2ptopo";

/* One line on stderr, then exit with @status. */
void fail(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		fail(EXIT_TROUBLE, "out of memory");
	return p;
}

/* realloc() of @n elements of @size bytes, checking the multiplication. */
void *xrealloc_array(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		fail(EXIT_TROUBLE, "out of memory");
	p = realloc(p, n && size ? n * size : 1);
	if (!p)
		fail(EXIT_TROUBLE, "out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		fail(EXIT_TROUBLE, "out of memory");
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (ret < 0)
		fail(EXIT_TROUBLE, "out of memory");
	return s;
}

/*
 * The whole content of @path with one trailing newline removed, or NULL
 * with *@err set to the errno of the failing call. sysfs files are at most
 * a page, but nothing here relies on it.
 */
char *read_text(const char *path, int *err)
{
	size_t len = 0, cap = 256;
	char *buf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	buf = xmalloc(cap);
	for (;;) {
		if (cap - len < 2) {
			if (cap > SIZE_MAX / 2)
				fail(EXIT_TROUBLE, "%s: too large", path);
			cap *= 2;
			buf = xrealloc_array(buf, cap, 1);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			free(buf);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		len += n;
	}
	if (close(fd) < 0) {
		*err = errno;
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return buf;
}

/*
 * Decimal, or hexadecimal after "0x", the whole string, as the query
 * protocol reads an offset; 0 or -EINVAL, -ERANGE.
 */
int parse_u64(const char *s, unsigned long long *val)
{
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	/* Digits only: no sign, no blank, no second "0x" for strtoull(). */
	if (!*s || s[strspn(s, base == 16 ? "0123456789abcdefABCDEF" :
					    "0123456789")])
		return -EINVAL;
	errno = 0;
	*val = strtoull(s, NULL, base);
	if (errno == ERANGE)
		return -ERANGE;
	return 0;
}

int parse_long(const char *s, long *val)
{
	char *end;

	if (!*s || *s == ' ')
		return -EINVAL;
	errno = 0;
	*val = strtol(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end)
		return -EINVAL;
	return 0;
}
