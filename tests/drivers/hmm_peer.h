/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two test drivers of hmm_peer.ko share: a mirror of a range of a
 * process address space, kept with hmm_range_fault() and an mmu interval
 * notifier the way RDMA on-demand paging keeps one.
 */
#ifndef _HMM_PEER_H
#define _HMM_PEER_H

#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "hmm_peer_uapi.h"

struct device;
struct hmm_peer_cmd;

/* Pages one ioctl may name: 16 MiB */
#define HMM_PEER_MAX_PAGES	4096

/**
 * struct hmm_peer_mirror - a device's mirror of a range of one process
 * @notifier: invalidates the mirror when the CPU page tables change
 * @serial: serialises the ioctls of the open file that owns the mirror;
 *	guards @start, @npages, @scratch and @inserted
 * @lock: guards @pfns, @flags and @valid; taken by the notifier, held
 *	while the device uses the pages. Nothing allocates memory under it.
 * @dev: the device that DMAs to the pages (&hmm_range.dma_dev)
 * @owner: the device's pgmap owner (&hmm_range.dev_private_owner)
 * @start: first address of the range
 * @npages: pages in the range
 * @pfns: hmm pfns of the range as last faulted
 * @scratch: what hmm_range_fault() fills before @pfns takes it
 * @flags: the HMM_PEER_REQ_* @pfns were faulted with
 * @valid: @pfns are current: no invalidation since they were faulted
 * @inserted: @notifier is in the interval tree
 * @faults: hmm_range_fault() calls
 * @invalidations: invalidations of the range
 */
struct hmm_peer_mirror {
	struct mmu_interval_notifier notifier;
	struct mutex serial;	/* the file's ioctls */
	struct mutex lock;	/* @pfns, @valid; taken by the notifier */
	struct device *dev;
	void *owner;
	unsigned long start;
	unsigned long npages;
	unsigned long *pfns;
	unsigned long *scratch;
	u32 flags;
	bool valid;
	bool inserted;
	u64 faults;
	u64 invalidations;
};

void hmm_peer_mirror_init(struct hmm_peer_mirror *m, struct device *dev,
			  void *owner);
void hmm_peer_mirror_fini(struct hmm_peer_mirror *m);
int hmm_peer_mirror_lock(struct hmm_peer_mirror *m, unsigned long start,
			 unsigned long npages, u32 flags);
void hmm_peer_mirror_describe(const struct hmm_peer_mirror *m,
			      unsigned long i, struct hmm_peer_page *out);
int hmm_peer_mirror_ioctl(struct hmm_peer_mirror *m,
			  struct hmm_peer_cmd *cmd);
int hmm_peer_cmd_check(const struct hmm_peer_cmd *cmd);
int hmm_peer_mirror_bench(struct hmm_peer_mirror *m,
			  struct hmm_peer_bench __user *uarg);

int hmm_peer_gpu_register(void);
void hmm_peer_gpu_unregister(void);
int hmm_peer_rdma_register(void);
void hmm_peer_rdma_unregister(void);

#endif /* _HMM_PEER_H */
