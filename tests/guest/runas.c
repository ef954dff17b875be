// SPDX-License-Identifier: GPL-2.0
/*
 * runas UID GID PROGRAM [ARG...]: run PROGRAM as an unprivileged user.
 * The guest has busybox and no /etc/passwd, and busybox's su wants a
 * passwd entry: this drops the supplementary groups, the group and the
 * user by number, checks that root cannot be regained, and execs.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long parse_id(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || !*s || *end || v == 0 || v > 65535) {
		fprintf(stderr, "runas: %s: want a number from 1 to 65535\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	uid_t uid;
	gid_t gid;

	if (argc < 4) {
		fprintf(stderr, "usage: runas UID GID PROGRAM [ARG...]\n");
		return 2;
	}
	uid = parse_id(argv[1]);
	gid = parse_id(argv[2]);
	if (setgroups(0, NULL) || setgid(gid) || setuid(uid)) {
		fprintf(stderr, "runas: cannot drop privileges: %s\n", strerror(errno));
		return 2;
	}
	if (getuid() != uid || geteuid() != uid || getgid() != gid ||
	    getegid() != gid || setuid(0) == 0) {
		fprintf(stderr, "runas: still privileged\n");
		return 2;
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "runas: %s: %s\n", argv[3], strerror(errno));
	return 127;
}
