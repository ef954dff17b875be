// SPDX-License-Identifier: GPL-2.0
/*
 * A device's mirror of a range of a process address space, kept the way
 * RDMA on-demand paging keeps one: hmm_range_fault() under the sequence of
 * an mmu interval notifier, the result taken only under the mirror's lock
 * and only when no invalidation came in between, and the lock held while
 * the device uses the pages, so that an invalidation waits for the device.
 *
 * A peer page (HMM_PFN_PEER) is described with what the topology says of
 * the route from the mirroring device to it and of the address by which
 * that device reaches it.
 */
#include <linux/hmm.h>
#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/p2p_topology.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "hmm_peer.h"

/* How long a fault may keep colliding with invalidations */
#define HMM_PEER_FAULT_TIMEOUT	(10 * HZ)

static bool hmm_peer_invalidate(struct mmu_interval_notifier *mni,
				const struct mmu_notifier_range *range,
				unsigned long cur_seq)
{
	struct hmm_peer_mirror *m = container_of(mni, struct hmm_peer_mirror,
						 notifier);

	if (mmu_notifier_range_blockable(range))
		mutex_lock(&m->lock);
	else if (!mutex_trylock(&m->lock))
		return false;
	mmu_interval_set_seq(mni, cur_seq);
	m->valid = false;
	WRITE_ONCE(m->invalidations, m->invalidations + 1);
	mutex_unlock(&m->lock);
	return true;
}

static const struct mmu_interval_notifier_ops hmm_peer_mirror_ops = {
	.invalidate = hmm_peer_invalidate,
};

/**
 * hmm_peer_mirror_init() - set up an empty mirror
 * @m: the mirror
 * @dev: the device that will DMA to the mirrored pages
 * @owner: the device's pgmap owner
 *
 * Context: process context.
 */
void hmm_peer_mirror_init(struct hmm_peer_mirror *m, struct device *dev,
			  void *owner)
{
	memset(m, 0, sizeof(*m));
	mutex_init(&m->serial);
	mutex_init(&m->lock);
	m->dev = dev;
	m->owner = owner;
}

static void hmm_peer_mirror_drop(struct hmm_peer_mirror *m)
{
	if (m->inserted)
		mmu_interval_notifier_remove(&m->notifier);
	m->inserted = false;
	kvfree(m->pfns);
	kvfree(m->scratch);
	m->pfns = NULL;
	m->scratch = NULL;
	m->valid = false;
}

/**
 * hmm_peer_mirror_fini() - forget the mirrored range
 * @m: the mirror
 *
 * Context: process context; sleeps until invalidations in progress end.
 */
void hmm_peer_mirror_fini(struct hmm_peer_mirror *m)
{
	hmm_peer_mirror_drop(m);
	mutex_destroy(&m->lock);
	mutex_destroy(&m->serial);
}

/* Mirror [start, start + npages pages) of the current process. */
static int hmm_peer_mirror_set(struct hmm_peer_mirror *m, unsigned long start,
			       unsigned long npages)
{
	int ret;

	lockdep_assert_held(&m->serial);
	if (m->inserted && m->start == start && m->npages == npages &&
	    m->notifier.mm == current->mm)
		return 0;
	hmm_peer_mirror_drop(m);
	m->pfns = kvcalloc(npages, sizeof(*m->pfns), GFP_KERNEL);
	m->scratch = kvcalloc(npages, sizeof(*m->scratch), GFP_KERNEL);
	if (!m->pfns || !m->scratch) {
		hmm_peer_mirror_drop(m);
		return -ENOMEM;
	}
	ret = mmu_interval_notifier_insert(&m->notifier, current->mm, start,
					   npages << PAGE_SHIFT,
					   &hmm_peer_mirror_ops);
	if (ret) {
		hmm_peer_mirror_drop(m);
		return ret;
	}
	m->inserted = true;
	m->start = start;
	m->npages = npages;
	return 0;
}

/* hmm_range_fault() until a result holds; returns with m->lock held. */
static int hmm_peer_mirror_fault(struct hmm_peer_mirror *m, u32 flags)
{
	unsigned long timeout = jiffies + HMM_PEER_FAULT_TIMEOUT;
	struct mm_struct *mm = m->notifier.mm;
	struct hmm_range range = {
		.notifier = &m->notifier,
		.start = m->start,
		.end = m->start + (m->npages << PAGE_SHIFT),
		.hmm_pfns = m->scratch,
		.default_flags = HMM_PFN_REQ_FAULT,
		.dev_private_owner = m->owner,
		.dma_dev = m->dev,
	};
	int ret;

	if (flags & HMM_PEER_REQ_WRITE)
		range.default_flags |= HMM_PFN_REQ_WRITE;
	if (flags & HMM_PEER_REQ_PEER)
		range.default_flags |= HMM_PFN_REQ_PEER;
	if (!mmget_not_zero(mm))
		return -EFAULT;
	for (;;) {
		if (time_after(jiffies, timeout)) {
			ret = -EBUSY;
			break;
		}
		range.notifier_seq = mmu_interval_read_begin(&m->notifier);
		mmap_read_lock(mm);
		ret = hmm_range_fault(&range);
		mmap_read_unlock(mm);
		m->faults++;
		if (ret == -EBUSY)
			continue;
		if (ret)
			break;
		mutex_lock(&m->lock);
		if (!mmu_interval_read_retry(&m->notifier, range.notifier_seq))
			break;
		mutex_unlock(&m->lock);
	}
	mmput(mm);
	if (ret)
		return ret;
	memcpy(m->pfns, m->scratch, m->npages * sizeof(*m->pfns));
	m->flags = flags;
	m->valid = true;
	return 0;
}

/**
 * hmm_peer_mirror_lock() - make the mirror of a range current and lock it
 * @m: the mirror
 * @start: first address of the range in the current process, page aligned
 * @npages: pages in the range
 * @flags: HMM_PEER_REQ_*
 *
 * Faults the range with hmm_range_fault() unless the mirror already holds
 * it, faulted with the same @flags and not invalidated since.
 *
 * Context: process context, @m->serial held. Takes mmap_lock for reading.
 * Return: 0 with @m->lock held and @m->pfns current until the caller
 * unlocks it; a negative errno (from hmm_range_fault(), or -EBUSY when
 * invalidations kept the fault from holding for ten seconds) without it.
 */
int hmm_peer_mirror_lock(struct hmm_peer_mirror *m, unsigned long start,
			 unsigned long npages, u32 flags)
{
	int ret;

	lockdep_assert_held(&m->serial);
	ret = hmm_peer_mirror_set(m, start, npages);
	if (ret)
		return ret;
	mutex_lock(&m->lock);
	if (m->valid && m->flags == flags)
		return 0;
	mutex_unlock(&m->lock);
	return hmm_peer_mirror_fault(m, flags);
}

static u32 hmm_peer_map_type(enum p2p_map_type type)
{
	switch (type) {
	case P2P_MAP_DIRECT:
		return HMM_PEER_MAP_DIRECT;
	case P2P_MAP_THRU_HOST:
		return HMM_PEER_MAP_THRU_HOST;
	default:
		return HMM_PEER_MAP_NOT_SUPPORTED;
	}
}

static u32 hmm_peer_addr_space(enum p2p_addr_space space)
{
	switch (space) {
	case P2P_ADDR_CPU_PHYS:
		return HMM_PEER_ADDR_CPU_PHYS;
	case P2P_ADDR_PCI_BUS:
		return HMM_PEER_ADDR_PCI_BUS;
	case P2P_ADDR_DMA:
		return HMM_PEER_ADDR_DMA;
	case P2P_ADDR_LINK:
		return HMM_PEER_ADDR_LINK;
	case P2P_ADDR_CXL_DPA:	/* a device's own: never a peer's address */
		break;
	}
	return HMM_PEER_ADDR_NONE;
}

/* What the topology says of the way from the mirroring device to @page. */
static void hmm_peer_describe_route(const struct hmm_peer_mirror *m,
				    struct page *page, unsigned int dirs,
				    struct hmm_peer_page *out)
{
	struct p2p_route_info info;
	struct p2p_provider *prov;
	struct p2p_addr addr;

	if (p2p_page_route(page, m->dev, dirs, &info)) {
		out->map_type = HMM_PEER_MAP_NOT_SUPPORTED;
		return;
	}
	out->map_type = hmm_peer_map_type(info.map_type);
	if (info.private_link)
		out->flags |= HMM_PEER_PAGE_LINK;
	prov = p2p_page_provider(page);
	if (!prov)
		return;
	if (!p2p_translate(prov, m->dev, page_to_phys(page), &addr)) {
		out->addr_space = hmm_peer_addr_space(addr.space);
		out->fabric_id = addr.fabric_id;
		out->addr = addr.addr;
	}
	p2p_provider_put(prov);
}

/**
 * hmm_peer_mirror_describe() - describe one page of a locked mirror
 * @m: the mirror, locked by hmm_peer_mirror_lock()
 * @i: the page's index in the range
 * @out: the description
 *
 * Context: @m->lock held; does not sleep.
 */
void hmm_peer_mirror_describe(const struct hmm_peer_mirror *m,
			      unsigned long i, struct hmm_peer_page *out)
{
	unsigned long hpfn = m->pfns[i];
	struct page *page;

	lockdep_assert_held(&m->lock);
	memset(out, 0, sizeof(*out));
	if (hpfn & HMM_PFN_ERROR)
		out->flags |= HMM_PEER_PAGE_ERROR;
	if (!(hpfn & HMM_PFN_VALID))
		return;
	page = hmm_pfn_to_page(hpfn);
	out->flags |= HMM_PEER_PAGE_VALID;
	if (hpfn & HMM_PFN_WRITE)
		out->flags |= HMM_PEER_PAGE_WRITE;
	out->phys = PFN_PHYS(page_to_pfn(page));
	if (is_device_private_page(page) && page->pgmap->owner == m->owner)
		out->flags |= HMM_PEER_PAGE_PRIVATE;
	if (is_pci_p2pdma_page(page))
		out->flags |= HMM_PEER_PAGE_P2PDMA;
	if (!(hpfn & HMM_PFN_PEER))
		return;
	out->flags |= HMM_PEER_PAGE_PEER;
	/* Both ways: the route hmm_range_fault() and p2p_translate() use */
	hmm_peer_describe_route(m, page, P2P_DIR_BOTH, out);
}

/**
 * hmm_peer_cmd_check() - check the range of an ioctl
 * @cmd: the ioctl's argument
 *
 * Context: any.
 * Return: 0, or -EINVAL when the range is not page aligned, empty, larger
 * than %HMM_PEER_MAX_PAGES or wraps around.
 */
int hmm_peer_cmd_check(const struct hmm_peer_cmd *cmd)
{
	if (!PAGE_ALIGNED(cmd->addr) || !cmd->npages ||
	    cmd->npages > HMM_PEER_MAX_PAGES ||
	    cmd->addr + (cmd->npages << PAGE_SHIFT) < cmd->addr)
		return -EINVAL;
	return 0;
}

/**
 * hmm_peer_mirror_ioctl() - %HMM_PEER_MIRROR: mirror a range, describe it
 * @m: the mirror of the open file
 * @cmd: the ioctl's argument, copied in; the counters are filled
 *
 * Context: process context, @m->serial held.
 * Return: 0, or a negative errno.
 */
int hmm_peer_mirror_ioctl(struct hmm_peer_mirror *m, struct hmm_peer_cmd *cmd)
{
	struct hmm_peer_page *pages;
	unsigned long i;
	int ret;

	ret = hmm_peer_cmd_check(cmd);
	if (ret)
		return ret;
	pages = kvcalloc(cmd->npages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	ret = hmm_peer_mirror_lock(m, cmd->addr, cmd->npages, cmd->flags);
	if (!ret) {
		for (i = 0; i < cmd->npages; i++)
			hmm_peer_mirror_describe(m, i, &pages[i]);
		mutex_unlock(&m->lock);
		cmd->done = cmd->npages;
		if (cmd->pages &&
		    copy_to_user(u64_to_user_ptr(cmd->pages), pages,
				 cmd->npages * sizeof(*pages)))
			ret = -EFAULT;
	}
	cmd->faults = m->faults;
	cmd->invalidations = READ_ONCE(m->invalidations);
	kvfree(pages);
	return ret;
}

static bool hmm_peer_bench_invalidate(struct mmu_interval_notifier *mni,
				      const struct mmu_notifier_range *range,
				      unsigned long cur_seq)
{
	/* Nothing uses the pages: a retried fault is all that is needed. */
	mmu_interval_set_seq(mni, cur_seq);
	return true;
}

static const struct mmu_interval_notifier_ops hmm_peer_bench_ops = {
	.invalidate = hmm_peer_bench_invalidate,
};

/* Time hmm_range_fault() over @range until one call returns other than -EBUSY. */
static int hmm_peer_bench_fault(struct hmm_range *range, u64 *ns)
{
	unsigned long timeout = jiffies + HMM_PEER_FAULT_TIMEOUT;
	struct mm_struct *mm = range->notifier->mm;
	u64 start;
	int ret;

	do {
		if (time_after(jiffies, timeout))
			return -EBUSY;
		range->notifier_seq = mmu_interval_read_begin(range->notifier);
		mmap_read_lock(mm);
		start = ktime_get_ns();
		ret = hmm_range_fault(range);
		*ns = ktime_get_ns() - start;
		mmap_read_unlock(mm);
	} while (ret == -EBUSY);
	return ret;
}

static void hmm_peer_bench_count(const struct hmm_peer_mirror *m,
				 const unsigned long *pfns,
				 struct hmm_peer_bench *b)
{
	struct page *page;
	unsigned long i;

	b->private_pages = 0;
	b->peer_pages = 0;
	for (i = 0; i < b->npages; i++) {
		if (!(pfns[i] & HMM_PFN_VALID))
			continue;
		page = hmm_pfn_to_page(pfns[i]);
		if (pfns[i] & HMM_PFN_PEER)
			b->peer_pages++;
		else if (is_device_private_page(page) &&
			 page->pgmap->owner == m->owner)
			b->private_pages++;
	}
}

/**
 * hmm_peer_mirror_bench() - %HMM_PEER_BENCH_FAULT: time one fault of a range
 * @m: the mirror of the open file; only its device and owner are used
 * @uarg: the ioctl's argument
 *
 * Faults the range once with hmm_range_fault(), as the device's mirror
 * would (same owner, same device, the flags asked for), under a notifier
 * of its own, and reports how long the call took and what it returned.
 * The pages are not used, so an invalidation only makes the fault retry.
 *
 * Context: process context, @m->serial held. Takes mmap_lock for reading.
 * Return: 0, or a negative errno.
 */
int hmm_peer_mirror_bench(struct hmm_peer_mirror *m,
			  struct hmm_peer_bench __user *uarg)
{
	struct mmu_interval_notifier notifier;
	struct hmm_range range = {
		.notifier = &notifier,
		.default_flags = HMM_PFN_REQ_FAULT,
		.dev_private_owner = m->owner,
		.dma_dev = m->dev,
	};
	struct hmm_peer_bench b;
	unsigned long *pfns;
	int ret;

	if (copy_from_user(&b, uarg, sizeof(b)))
		return -EFAULT;
	if (!PAGE_ALIGNED(b.addr) || !b.npages ||
	    b.npages > HMM_PEER_BENCH_MAX_PAGES ||
	    b.addr + (b.npages << PAGE_SHIFT) < b.addr)
		return -EINVAL;
	if (b.flags & HMM_PEER_REQ_WRITE)
		range.default_flags |= HMM_PFN_REQ_WRITE;
	if (b.flags & HMM_PEER_REQ_PEER)
		range.default_flags |= HMM_PFN_REQ_PEER;
	pfns = kvcalloc(b.npages, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return -ENOMEM;
	range.hmm_pfns = pfns;
	range.start = b.addr;
	range.end = b.addr + (b.npages << PAGE_SHIFT);
	ret = mmu_interval_notifier_insert(&notifier, current->mm, range.start,
					   range.end - range.start,
					   &hmm_peer_bench_ops);
	if (!ret) {
		ret = hmm_peer_bench_fault(&range, &b.ns);
		mmu_interval_notifier_remove(&notifier);
	}
	if (!ret) {
		hmm_peer_bench_count(m, pfns, &b);
		if (copy_to_user(uarg, &b, sizeof(b)))
			ret = -EFAULT;
	}
	kvfree(pfns);
	return ret;
}
