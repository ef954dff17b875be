/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The uAPI of the HMM peer-alias test drivers (tests/drivers/hmm_peer*.c),
 * shared with the guest program tests/guest/hmm_peer.c.
 *
 * /dev/hmm_peer_gpuN: a stand-in GPU on an ivshmem function; BAR2 is its
 * memory, as DEVICE_PRIVATE pages and as P2PDMA pages at the same offsets.
 * /dev/hmm_peer_rdmaN: a stand-in RDMA device on an edu function; it
 * mirrors a range of the caller's address space with hmm_range_fault()
 * and moves its bytes with edu's DMA engine.
 */
#ifndef _HMM_PEER_UAPI_H
#define _HMM_PEER_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* struct hmm_peer_cmd.flags: what the mirror asks hmm_range_fault() for */
#define HMM_PEER_REQ_PEER	0x01	/* HMM_PFN_REQ_PEER */
#define HMM_PEER_REQ_WRITE	0x02	/* HMM_PFN_REQ_WRITE */

/* struct hmm_peer_page.flags */
#define HMM_PEER_PAGE_VALID	0x01	/* HMM_PFN_VALID */
#define HMM_PEER_PAGE_WRITE	0x02	/* HMM_PFN_WRITE */
#define HMM_PEER_PAGE_PEER	0x04	/* HMM_PFN_PEER: a peer's alias */
#define HMM_PEER_PAGE_PRIVATE	0x08	/* DEVICE_PRIVATE, the caller's */
#define HMM_PEER_PAGE_P2PDMA	0x10	/* a page of P2PDMA memory */
#define HMM_PEER_PAGE_LINK	0x20	/* route over a private link */
#define HMM_PEER_PAGE_ERROR	0x40	/* HMM_PFN_ERROR */

/* struct hmm_peer_page.map_type: the route to a peer page */
#define HMM_PEER_MAP_NONE	0	/* not a peer page */
#define HMM_PEER_MAP_NOT_SUPPORTED 1
#define HMM_PEER_MAP_DIRECT	2
#define HMM_PEER_MAP_THRU_HOST	3

/* struct hmm_peer_page.addr_space: what p2p_translate() answered */
#define HMM_PEER_ADDR_NONE	0	/* not translated */
#define HMM_PEER_ADDR_CPU_PHYS	1
#define HMM_PEER_ADDR_PCI_BUS	2
#define HMM_PEER_ADDR_DMA	3
#define HMM_PEER_ADDR_LINK	4

/**
 * struct hmm_peer_page - one page as a driver sees it
 * @phys: PFN_PHYS() of the page: for a peer page the address of the alias
 *	(in the owner's BAR), for a DEVICE_PRIVATE page its pfn (not a
 *	physical address) shifted by PAGE_SHIFT
 * @addr: for a peer page the address p2p_translate() gave the mirroring
 *	device; for a page the GPU migrated, the offset in BAR2 that holds
 *	the page's bytes
 * @flags: HMM_PEER_PAGE_*
 * @map_type: HMM_PEER_MAP_*
 * @addr_space: HMM_PEER_ADDR_*
 * @fabric_id: the fabric of a HMM_PEER_ADDR_LINK address
 */
struct hmm_peer_page {
	__u64 phys;
	__u64 addr;
	__u32 flags;
	__u32 map_type;
	__u32 addr_space;
	__u32 fabric_id;
};

/**
 * struct hmm_peer_cmd - a range of the caller's address space
 * @addr: start, page aligned
 * @npages: number of pages
 * @data: user buffer of @npages pages (HMM_PEER_RDMA_READ), or 0
 * @pages: user array of @npages &struct hmm_peer_page filled on return, or 0
 * @flags: HMM_PEER_REQ_*
 * @done: pages migrated (GPU) or moved by DMA (RDMA)
 * @faults: hmm_range_fault() calls of this open file so far
 * @invalidations: notifier invalidations of this open file's range so far
 * @dmas: DMA transfers of this open file so far
 */
struct hmm_peer_cmd {
	__u64 addr;
	__u64 npages;
	__u64 data;
	__u64 pages;
	__u32 flags;
	__u32 done;
	__u64 faults;
	__u64 invalidations;
	__u64 dmas;
};

/**
 * struct hmm_peer_info - the device behind a file
 * @bar_phys: the GPU's BAR2 (CPU physical address); 0 for RDMA
 * @bar_size: its size
 * @pages_used: the GPU's DEVICE_PRIVATE pages now allocated
 * @pci_name: the PCI function, e.g. "0000:03:00.0"
 */
struct hmm_peer_info {
	__u64 bar_phys;
	__u64 bar_size;
	__u64 pages_used;
	char pci_name[32];
};

/**
 * struct hmm_peer_bench - one timed hmm_range_fault() over a range
 * @addr: start, page aligned
 * @npages: number of pages, at most %HMM_PEER_BENCH_MAX_PAGES
 * @flags: HMM_PEER_REQ_*
 * @reserved: 0
 * @ns: filled: nanoseconds the hmm_range_fault() call took that returned
 *	0 (ktime_get_ns() around it; calls that returned -EBUSY are retried
 *	and not counted)
 * @private_pages: filled: pages returned as the caller's DEVICE_PRIVATE
 *	pages (the owner path)
 * @peer_pages: filled: pages returned as a peer's alias (HMM_PFN_PEER)
 */
struct hmm_peer_bench {
	__u64 addr;
	__u64 npages;
	__u32 flags;
	__u32 reserved;
	__u64 ns;
	__u64 private_pages;
	__u64 peer_pages;
};

/* Pages one HMM_PEER_BENCH_FAULT may name: 256 MiB */
#define HMM_PEER_BENCH_MAX_PAGES	65536

#define HMM_PEER_INFO		_IOR('H', 0x40, struct hmm_peer_info)
/* GPU: migrate the range into device memory / back to system RAM */
#define HMM_PEER_GPU_MIGRATE	_IOWR('H', 0x41, struct hmm_peer_cmd)
#define HMM_PEER_GPU_EVICT	_IOWR('H', 0x42, struct hmm_peer_cmd)
/* both: mirror the range with hmm_range_fault(), describe each page */
#define HMM_PEER_MIRROR		_IOWR('H', 0x43, struct hmm_peer_cmd)
/* RDMA: mirror the range and read each page with the DMA engine */
#define HMM_PEER_RDMA_READ	_IOWR('H', 0x44, struct hmm_peer_cmd)
/*
 * both: time one hmm_range_fault() of the range as the device's mirror
 * would fault it (make bench: the owner path on the GPU, the peer-alias
 * path on the RDMA device); the file's own mirror is left alone
 */
#define HMM_PEER_BENCH_FAULT	_IOWR('H', 0x45, struct hmm_peer_bench)

#endif /* _HMM_PEER_UAPI_H */
