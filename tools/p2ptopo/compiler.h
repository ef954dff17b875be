/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's attribute macros for user space, as the kernel's own
 * tools/include/linux/compiler-gcc.h defines them. checkpatch asks for
 * these names and flags the definitions themselves, which lint.sh lets
 * through in this one file.
 */
#ifndef P2PTOPO_COMPILER_H
#define P2PTOPO_COMPILER_H

#define __noreturn	__attribute__((__noreturn__))
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* P2PTOPO_COMPILER_H */
