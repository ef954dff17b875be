/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device-tree overlays built into the KUnit suites (NAME.dtbo.o in their
 * Makefiles). Applying one is slow on a debug kernel, so suites apply
 * theirs once, in suite_init, rather than per case as of_overlay_apply_kunit()
 * would.
 */
#ifndef _P2P_TEST_OVERLAY_H
#define _P2P_TEST_OVERLAY_H

#include <linux/of.h>

/**
 * p2p_test_overlay_apply() - apply a built-in overlay
 * @name: the overlay's file name without ".dtso"
 * @id: where to store the changeset id for of_overlay_remove()
 *
 * Return: 0 or the error of of_overlay_fdt_apply().
 */
#define p2p_test_overlay_apply(name, id)				\
({									\
	extern u8 __dtbo_##name##_begin[];				\
	extern u8 __dtbo_##name##_end[];				\
									\
	of_overlay_fdt_apply(__dtbo_##name##_begin,			\
			     __dtbo_##name##_end - __dtbo_##name##_begin, \
			     (id), NULL);				\
})

#endif /* _P2P_TEST_OVERLAY_H */
