// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in GPU on QEMU's ivshmem-plain function: BAR2 is its memory.
 *
 * The BAR is P2PDMA memory (pci_p2pdma_add_resource()), all of it taken by
 * the driver, so that BAR offset i has a P2PDMA struct page. The driver
 * also creates one DEVICE_PRIVATE page per BAR page, over a free physical
 * range, with the driver as pgmap owner: private page i keeps its bytes at
 * BAR offset i. Anonymous memory migrates into those pages and back with
 * migrate_vma_*(), the driver copying to and from the BAR, and a peer that
 * mirrors such memory reaches it through the P2PDMA page of the same
 * offset, which dma_alias() returns.
 *
 * With alias_block=N, the BAR holds the private pages in blocks of N in
 * reverse block order instead: runs of aliases are N pages long, so a
 * walk that took a run for longer than dma_alias() said would return the
 * wrong BAR page, which the tests check page by page.
 */
#include <linux/highmem.h>
#include <linux/hmm.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/memremap.h>
#include <linux/miscdevice.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "hmm_peer.h"

#define HMM_PEER_GPU_BAR	2
/* Pages migrated per migrate_vma_setup() */
#define HMM_PEER_GPU_BATCH	64
/* Passes over the device memory on removal before giving up */
#define HMM_PEER_GPU_EVICT_PASSES	8

/**
 * struct hmm_peer_gpu - one stand-in GPU
 * @kref: held by the bound device and by each open file
 * @pdev: the ivshmem function, with a reference
 * @misc: /dev/hmm_peer_gpuN
 * @name: its name
 * @id: N
 * @lock: serialises migrations into the device with removal
 * @dead: the device is going or gone: nothing migrates into it any more,
 *	and its pages have no alias; set under @lock, read anywhere
 * @bar: the whole of BAR2 as P2PDMA memory
 * @bar_phys: BAR2's CPU physical address
 * @bar_size: its size
 * @npages: its pages, and the number of DEVICE_PRIVATE pages
 * @res: the physical range of the DEVICE_PRIVATE pages
 * @pgmap: their pagemap, owned by this GPU
 * @pfn_first: the pfn of private page 0
 * @alloc_lock: guards @used and @nr_used
 * @used: which private pages are allocated
 * @nr_used: how many
 */
struct hmm_peer_gpu {
	struct kref kref;
	struct pci_dev *pdev;
	struct miscdevice misc;
	char name[24];
	int id;
	struct mutex lock;	/* migrations into the device, removal */
	bool dead;
	void *bar;
	phys_addr_t bar_phys;
	resource_size_t bar_size;
	unsigned long npages;
	struct resource *res;
	struct dev_pagemap pgmap;
	unsigned long pfn_first;
	spinlock_t alloc_lock;	/* @used, @nr_used */
	unsigned long *used;
	unsigned long nr_used;
};

/* An open /dev/hmm_peer_gpuN: the GPU mirrors with its own owner. */
struct hmm_peer_gpu_file {
	struct hmm_peer_gpu *gpu;
	struct hmm_peer_mirror mirror;
};

static DEFINE_IDA(hmm_peer_gpu_ida);

static unsigned int alias_block;
module_param(alias_block, uint, 0444);
MODULE_PARM_DESC(alias_block,
		 "private pages in reversed blocks of this many BAR pages (0: in order)");

static struct hmm_peer_gpu *page_to_gpu(struct page *page)
{
	return container_of(page->pgmap, struct hmm_peer_gpu, pgmap);
}

static unsigned long gpu_page_index(struct hmm_peer_gpu *gpu,
				    struct page *page)
{
	return page_to_pfn(page) - gpu->pfn_first;
}

/*
 * The BAR page that holds private page @i, and in *@run how many private
 * pages from @i on are held by the BAR pages that follow it.
 */
static unsigned long gpu_bar_index(struct hmm_peer_gpu *gpu, unsigned long i,
				   unsigned long *run)
{
	unsigned long nblocks = alias_block ? gpu->npages / alias_block : 0;
	unsigned long block, offset;

	if (i >= nblocks * alias_block) {
		*run = gpu->npages - i;
		return i;
	}
	block = i / alias_block;
	offset = i % alias_block;
	*run = alias_block - offset;
	return (nblocks - 1 - block) * alias_block + offset;
}

/* Where a private page keeps its bytes. */
static void *gpu_page_mem(struct hmm_peer_gpu *gpu, struct page *page)
{
	unsigned long run;

	return gpu->bar + (gpu_bar_index(gpu, gpu_page_index(gpu, page), &run)
			   << PAGE_SHIFT);
}

static struct page *gpu_alloc_page(struct hmm_peer_gpu *gpu)
{
	unsigned long i;

	spin_lock(&gpu->alloc_lock);
	i = find_first_zero_bit(gpu->used, gpu->npages);
	if (i < gpu->npages) {
		__set_bit(i, gpu->used);
		gpu->nr_used++;
	}
	spin_unlock(&gpu->alloc_lock);
	if (i >= gpu->npages)
		return NULL;
	zone_device_page_init(pfn_to_page(gpu->pfn_first + i));
	return pfn_to_page(gpu->pfn_first + i);
}

static void hmm_peer_gpu_page_free(struct page *page)
{
	struct hmm_peer_gpu *gpu = page_to_gpu(page);

	spin_lock(&gpu->alloc_lock);
	__clear_bit(gpu_page_index(gpu, page), gpu->used);
	gpu->nr_used--;
	spin_unlock(&gpu->alloc_lock);
}

/*
 * The P2PDMA page at the BAR offset that holds a private page's bytes,
 * and how many private pages have their aliases in a row from it: the BAR
 * is one range of the direct map. Called by hmm_range_fault() under RCU:
 * arithmetic only.
 */
static struct page *hmm_peer_gpu_dma_alias(struct page *page,
					   unsigned long *nr_pages)
{
	struct hmm_peer_gpu *gpu = page_to_gpu(page);
	unsigned long i;

	if (READ_ONCE(gpu->dead))
		return ERR_PTR(-ENODEV);
	i = gpu_bar_index(gpu, gpu_page_index(gpu, page), nr_pages);
	return virt_to_page(gpu->bar + (i << PAGE_SHIFT));
}

/*
 * Copy the private pages migrate_vma_setup() or migrate_device_range()
 * collected to system RAM. With @vma, pages come from the VMA's policy and
 * a failed allocation fails the page; without, allocation does not fail.
 */
static int gpu_copy_to_ram(struct hmm_peer_gpu *gpu, const unsigned long *src,
			   unsigned long *dst, unsigned long npages,
			   struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long i;
	struct page *spage, *dpage;
	int ret = 0;

	for (i = 0; i < npages; i++, addr += PAGE_SIZE) {
		spage = migrate_pfn_to_page(src[i]);
		if (!spage || !(src[i] & MIGRATE_PFN_MIGRATE))
			continue;
		if (vma)
			dpage = alloc_page_vma(GFP_HIGHUSER_MOVABLE, vma, addr);
		else
			dpage = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_NOFAIL);
		if (!dpage) {
			ret = -ENOMEM;
			continue;
		}
		lock_page(dpage);
		memcpy_to_page(dpage, 0, gpu_page_mem(gpu, spage), PAGE_SIZE);
		dst[i] = migrate_pfn(page_to_pfn(dpage)) |
			 (src[i] & MIGRATE_PFN_WRITE);
	}
	return ret;
}

/* Copy the system pages migrate_vma_setup() collected into the BAR. */
static void gpu_copy_to_device(struct hmm_peer_gpu *gpu,
			       struct migrate_vma *args)
{
	struct page *spage, *dpage;
	unsigned long i;

	for (i = 0; i < args->npages; i++) {
		if (!(args->src[i] & MIGRATE_PFN_MIGRATE))
			continue;
		dpage = gpu_alloc_page(gpu);
		if (!dpage)
			continue;
		spage = migrate_pfn_to_page(args->src[i]);
		if (spage)
			memcpy_from_page(gpu_page_mem(gpu, dpage), spage, 0,
					 PAGE_SIZE);
		else
			memset(gpu_page_mem(gpu, dpage), 0, PAGE_SIZE);
		args->dst[i] = migrate_pfn(page_to_pfn(dpage));
		if ((args->src[i] & MIGRATE_PFN_WRITE) ||
		    (!spage && (args->vma->vm_flags & VM_WRITE)))
			args->dst[i] |= MIGRATE_PFN_WRITE;
	}
}

/* Record what migrated: the private pfn and its BAR offset. */
static unsigned long gpu_migrated(struct hmm_peer_gpu *gpu,
				  struct migrate_vma *args, bool to_device,
				  struct hmm_peer_page *out)
{
	unsigned long i, done = 0;
	struct page *page;

	for (i = 0; i < args->npages; i++) {
		if (!(args->src[i] & MIGRATE_PFN_MIGRATE) || !args->dst[i])
			continue;
		done++;
		if (!to_device)
			continue;
		page = migrate_pfn_to_page(args->dst[i]);
		out[i].phys = PFN_PHYS(page_to_pfn(page));
		out[i].addr = gpu_page_mem(gpu, page) - gpu->bar;
		out[i].flags = HMM_PEER_PAGE_VALID | HMM_PEER_PAGE_PRIVATE;
		if (args->dst[i] & MIGRATE_PFN_WRITE)
			out[i].flags |= HMM_PEER_PAGE_WRITE;
	}
	return done;
}

/* Migrate one batch, within one VMA; the caller holds mmap_lock. */
static int gpu_migrate_batch(struct hmm_peer_gpu *gpu, struct migrate_vma *args,
			     bool to_device, struct hmm_peer_page *out,
			     unsigned long *done)
{
	int ret;

	memset(args->src, 0, args->npages * sizeof(*args->src));
	memset(args->dst, 0, args->npages * sizeof(*args->dst));
	ret = migrate_vma_setup(args);
	if (ret)
		return ret;
	if (to_device)
		gpu_copy_to_device(gpu, args);
	else
		gpu_copy_to_ram(gpu, args->src, args->dst, args->npages,
				args->vma, args->start);
	migrate_vma_pages(args);
	*done += gpu_migrated(gpu, args, to_device, out);
	migrate_vma_finalize(args);
	return 0;
}

static int gpu_migrate(struct hmm_peer_gpu *gpu, struct hmm_peer_cmd *cmd,
		       bool to_device, struct hmm_peer_page *out)
{
	unsigned long src[HMM_PEER_GPU_BATCH], dst[HMM_PEER_GPU_BATCH];
	unsigned long addr, end = cmd->addr + (cmd->npages << PAGE_SHIFT);
	struct mm_struct *mm = current->mm;
	struct migrate_vma args = {
		.src = src,
		.dst = dst,
		.pgmap_owner = gpu,
		.flags = to_device ? MIGRATE_VMA_SELECT_SYSTEM :
				     MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
	};
	unsigned long done = 0;
	int ret = 0;

	mmap_read_lock(mm);
	for (addr = cmd->addr; addr < end && !ret; addr = args.end) {
		args.vma = vma_lookup(mm, addr);
		if (!args.vma) {
			ret = -EFAULT;
			break;
		}
		args.start = addr;
		args.end = min3(end, args.vma->vm_end,
				addr + (HMM_PEER_GPU_BATCH << PAGE_SHIFT));
		args.npages = (args.end - addr) >> PAGE_SHIFT;
		ret = gpu_migrate_batch(gpu, &args, to_device,
					out + ((addr - cmd->addr) >> PAGE_SHIFT),
					&done);
	}
	mmap_read_unlock(mm);
	cmd->done = done;
	return ret;
}

static vm_fault_t hmm_peer_gpu_migrate_to_ram(struct vm_fault *vmf)
{
	struct hmm_peer_gpu *gpu = page_to_gpu(vmf->page);
	unsigned long src = 0, dst = 0;
	struct migrate_vma args = {
		.vma = vmf->vma,
		.start = vmf->address & PAGE_MASK,
		.end = (vmf->address & PAGE_MASK) + PAGE_SIZE,
		.src = &src,
		.dst = &dst,
		.pgmap_owner = gpu,
		.flags = MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
		.fault_page = vmf->page,
	};
	int ret;

	if (migrate_vma_setup(&args))
		return VM_FAULT_SIGBUS;
	ret = gpu_copy_to_ram(gpu, &src, &dst, 1, args.vma, args.start);
	migrate_vma_pages(&args);
	migrate_vma_finalize(&args);
	return ret ? VM_FAULT_OOM : 0;
}

static const struct dev_pagemap_ops hmm_peer_gpu_pagemap_ops = {
	.page_free = hmm_peer_gpu_page_free,
	.migrate_to_ram = hmm_peer_gpu_migrate_to_ram,
	.dma_alias = hmm_peer_gpu_dma_alias,
};

static void hmm_peer_gpu_release(struct kref *kref)
{
	struct hmm_peer_gpu *gpu = container_of(kref, struct hmm_peer_gpu,
						kref);

	pci_dev_put(gpu->pdev);
	bitmap_free(gpu->used);
	mutex_destroy(&gpu->lock);
	kfree(gpu);
}

static int hmm_peer_gpu_open(struct inode *inode, struct file *file)
{
	struct hmm_peer_gpu *gpu = container_of(file->private_data,
						struct hmm_peer_gpu, misc);
	struct hmm_peer_gpu_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	kref_get(&gpu->kref);
	f->gpu = gpu;
	hmm_peer_mirror_init(&f->mirror, &gpu->pdev->dev, gpu);
	file->private_data = f;
	return 0;
}

static int hmm_peer_gpu_file_release(struct inode *inode, struct file *file)
{
	struct hmm_peer_gpu_file *f = file->private_data;

	hmm_peer_mirror_fini(&f->mirror);
	kref_put(&f->gpu->kref, hmm_peer_gpu_release);
	kfree(f);
	return 0;
}

static int gpu_info(struct hmm_peer_gpu *gpu, void __user *arg)
{
	struct hmm_peer_info info = {
		.bar_phys = gpu->bar_phys,
		.bar_size = gpu->bar_size,
	};

	spin_lock(&gpu->alloc_lock);
	info.pages_used = gpu->nr_used;
	spin_unlock(&gpu->alloc_lock);
	strscpy(info.pci_name, pci_name(gpu->pdev), sizeof(info.pci_name));
	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static int gpu_migrate_ioctl(struct hmm_peer_gpu *gpu, struct hmm_peer_cmd *cmd,
			     bool to_device)
{
	struct hmm_peer_page *out;
	int ret;

	ret = hmm_peer_cmd_check(cmd);
	if (ret)
		return ret;
	out = kvcalloc(cmd->npages, sizeof(*out), GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	mutex_lock(&gpu->lock);
	if (gpu->dead)
		ret = -ENODEV;
	else
		ret = gpu_migrate(gpu, cmd, to_device, out);
	mutex_unlock(&gpu->lock);
	if (!ret && cmd->pages &&
	    copy_to_user(u64_to_user_ptr(cmd->pages), out,
			 cmd->npages * sizeof(*out)))
		ret = -EFAULT;
	kvfree(out);
	return ret;
}

static long hmm_peer_gpu_ioctl(struct file *file, unsigned int op,
			       unsigned long arg)
{
	struct hmm_peer_gpu_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct hmm_peer_cmd cmd;
	int ret;

	if (op == HMM_PEER_INFO)
		return gpu_info(f->gpu, uarg);
	if (op == HMM_PEER_BENCH_FAULT) {
		mutex_lock(&f->mirror.serial);
		ret = READ_ONCE(f->gpu->dead) ? -ENODEV :
			hmm_peer_mirror_bench(&f->mirror, uarg);
		mutex_unlock(&f->mirror.serial);
		return ret;
	}
	if (copy_from_user(&cmd, uarg, sizeof(cmd)))
		return -EFAULT;
	mutex_lock(&f->mirror.serial);
	switch (op) {
	case HMM_PEER_GPU_MIGRATE:
	case HMM_PEER_GPU_EVICT:
		ret = gpu_migrate_ioctl(f->gpu, &cmd,
					op == HMM_PEER_GPU_MIGRATE);
		break;
	case HMM_PEER_MIRROR:
		ret = READ_ONCE(f->gpu->dead) ? -ENODEV :
			hmm_peer_mirror_ioctl(&f->mirror, &cmd);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	mutex_unlock(&f->mirror.serial);
	if (ret != -ENOTTY && copy_to_user(uarg, &cmd, sizeof(cmd)))
		ret = -EFAULT;
	return ret;
}

static const struct file_operations hmm_peer_gpu_fops = {
	.owner = THIS_MODULE,
	.open = hmm_peer_gpu_open,
	.release = hmm_peer_gpu_file_release,
	.unlocked_ioctl = hmm_peer_gpu_ioctl,
	.llseek = noop_llseek,
};

/* Take the whole BAR as P2PDMA memory: offset i is P2PDMA page i. */
static int gpu_take_bar(struct hmm_peer_gpu *gpu)
{
	struct pci_dev *pdev = gpu->pdev;
	int ret;

	ret = pci_p2pdma_add_resource(pdev, HMM_PEER_GPU_BAR, 0, 0);
	if (ret)
		return ret;
	gpu->bar = pci_alloc_p2pmem(pdev, gpu->bar_size);
	if (!gpu->bar)
		return -ENOMEM;
	if (page_to_phys(virt_to_page(gpu->bar)) != gpu->bar_phys) {
		pci_free_p2pmem(pdev, gpu->bar, gpu->bar_size);
		gpu->bar = NULL;
		return -EIO;
	}
	return 0;
}

/* One DEVICE_PRIVATE page per BAR page, over a free physical range. */
static int gpu_add_private(struct hmm_peer_gpu *gpu)
{
	void *ret;

	gpu->res = request_free_mem_region(&iomem_resource, gpu->bar_size,
					   gpu->name);
	if (IS_ERR(gpu->res))
		return PTR_ERR(gpu->res);
	gpu->pgmap.type = MEMORY_DEVICE_PRIVATE;
	gpu->pgmap.range.start = gpu->res->start;
	gpu->pgmap.range.end = gpu->res->end;
	gpu->pgmap.nr_range = 1;
	gpu->pgmap.ops = &hmm_peer_gpu_pagemap_ops;
	gpu->pgmap.owner = gpu;
	ret = memremap_pages(&gpu->pgmap, dev_to_node(&gpu->pdev->dev));
	if (IS_ERR(ret)) {
		release_mem_region(gpu->res->start, resource_size(gpu->res));
		return PTR_ERR(ret);
	}
	gpu->pfn_first = PHYS_PFN(gpu->res->start);
	return 0;
}

/* Migrate whatever still lives in the device back to system RAM. */
static void gpu_evict_all(struct hmm_peer_gpu *gpu)
{
	unsigned long *src, *dst, used;
	int pass;

	src = kvcalloc(gpu->npages, sizeof(*src), GFP_KERNEL | __GFP_NOFAIL);
	dst = kvcalloc(gpu->npages, sizeof(*dst), GFP_KERNEL | __GFP_NOFAIL);
	for (pass = 0; pass < HMM_PEER_GPU_EVICT_PASSES; pass++) {
		spin_lock(&gpu->alloc_lock);
		used = gpu->nr_used;
		spin_unlock(&gpu->alloc_lock);
		if (!used)
			break;
		memset(dst, 0, gpu->npages * sizeof(*dst));
		migrate_device_range(src, gpu->pfn_first, gpu->npages);
		gpu_copy_to_ram(gpu, src, dst, gpu->npages, NULL, 0);
		migrate_device_pages(src, dst, gpu->npages);
		migrate_device_finalize(src, dst, gpu->npages);
	}
	if (used)
		pci_warn(gpu->pdev, "%lu pages still in device memory\n",
			 used);
	kvfree(src);
	kvfree(dst);
}

static int hmm_peer_gpu_probe(struct pci_dev *pdev,
			      const struct pci_device_id *id)
{
	struct hmm_peer_gpu *gpu;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	if (!(pci_resource_flags(pdev, HMM_PEER_GPU_BAR) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, HMM_PEER_GPU_BAR) < PAGE_SIZE)
		return -ENODEV;
	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return -ENOMEM;
	kref_init(&gpu->kref);
	mutex_init(&gpu->lock);
	spin_lock_init(&gpu->alloc_lock);
	gpu->pdev = pci_dev_get(pdev);
	gpu->bar_phys = pci_resource_start(pdev, HMM_PEER_GPU_BAR);
	gpu->bar_size = pci_resource_len(pdev, HMM_PEER_GPU_BAR);
	gpu->npages = gpu->bar_size >> PAGE_SHIFT;
	gpu->used = bitmap_zalloc(gpu->npages, GFP_KERNEL);
	if (!gpu->used) {
		ret = -ENOMEM;
		goto err_put;
	}
	ret = ida_alloc(&hmm_peer_gpu_ida, GFP_KERNEL);
	if (ret < 0)
		goto err_put;
	gpu->id = ret;
	snprintf(gpu->name, sizeof(gpu->name), "hmm_peer_gpu%d", gpu->id);
	ret = gpu_take_bar(gpu);
	if (ret)
		goto err_ida;
	ret = gpu_add_private(gpu);
	if (ret)
		goto err_bar;
	gpu->misc.minor = MISC_DYNAMIC_MINOR;
	gpu->misc.name = gpu->name;
	gpu->misc.fops = &hmm_peer_gpu_fops;
	ret = misc_register(&gpu->misc);
	if (ret)
		goto err_private;
	pci_set_drvdata(pdev, gpu);
	return 0;

err_private:
	memunmap_pages(&gpu->pgmap);
	release_mem_region(gpu->res->start, resource_size(gpu->res));
err_bar:
	if (gpu->bar)
		pci_free_p2pmem(pdev, gpu->bar, gpu->bar_size);
err_ida:
	ida_free(&hmm_peer_gpu_ida, gpu->id);
err_put:
	kref_put(&gpu->kref, hmm_peer_gpu_release);
	return ret;
}

static void hmm_peer_gpu_remove(struct pci_dev *pdev)
{
	struct hmm_peer_gpu *gpu = pci_get_drvdata(pdev);

	misc_deregister(&gpu->misc);
	mutex_lock(&gpu->lock);
	WRITE_ONCE(gpu->dead, true);
	mutex_unlock(&gpu->lock);
	gpu_evict_all(gpu);
	memunmap_pages(&gpu->pgmap);
	release_mem_region(gpu->res->start, resource_size(gpu->res));
	pci_free_p2pmem(pdev, gpu->bar, gpu->bar_size);
	ida_free(&hmm_peer_gpu_ida, gpu->id);
	kref_put(&gpu->kref, hmm_peer_gpu_release);
}

static const struct pci_device_id hmm_peer_gpu_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1110) },	/* ivshmem */
	{ }
};
MODULE_DEVICE_TABLE(pci, hmm_peer_gpu_ids);

static struct pci_driver hmm_peer_gpu_driver = {
	.name = "hmm_peer_gpu",
	.id_table = hmm_peer_gpu_ids,
	.probe = hmm_peer_gpu_probe,
	.remove = hmm_peer_gpu_remove,
};

/**
 * hmm_peer_gpu_register() - register the stand-in GPU driver
 *
 * Context: module init.
 * Return: 0 or a negative errno from pci_register_driver().
 */
int hmm_peer_gpu_register(void)
{
	return pci_register_driver(&hmm_peer_gpu_driver);
}

/**
 * hmm_peer_gpu_unregister() - unregister the stand-in GPU driver
 *
 * Context: module exit; unbinds every GPU, migrating its pages back.
 */
void hmm_peer_gpu_unregister(void)
{
	pci_unregister_driver(&hmm_peer_gpu_driver);
}
