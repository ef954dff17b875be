// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in RDMA device on QEMU's edu function. Like an RDMA adapter
 * doing on-demand paging, it mirrors a range of the caller's address space
 * with hmm_range_fault() and an mmu interval notifier (hmm_peer_mirror.c),
 * asking for peers' aliases of device-private memory; it addresses each
 * page as the topology says it must (a PCI bus address as it is, a host
 * address through the DMA API, system RAM mapped with the DMA API) and
 * moves the bytes with edu's DMA engine: page -> edu buffer -> bounce
 * buffer in RAM.
 *
 * edu runs one DMA at a time, each after a 100 ms timer of QEMU's virtual
 * clock: callers move a few pages, not many.
 */
#include <linux/dma-mapping.h>
#include <linux/hmm.h>
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/kref.h>
#include <linux/memremap.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "hmm_peer.h"

/* edu's registers (QEMU hw/misc/edu.c, docs/specs/edu.rst) */
#define EDU_ID			0x00
#define EDU_ID_MAGIC		0xed
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_DMA_START		BIT(0)
#define EDU_DMA_TO_RAM		BIT(1)	/* from the edu buffer */
/*
 * The edu buffer, in edu's own address space: 4 KiB, but QEMU 7.2's range
 * check (edu_check_range()) refuses, with a hardware error that stops the
 * machine, a transfer that ends at the buffer's last byte. Pages move in
 * halves through the buffer's first half.
 */
#define EDU_BUF_ADDR		0x40000
#define EDU_CHUNK		(PAGE_SIZE / 2)
/* A transfer takes 100 ms of virtual time; allow for a slow guest. */
#define EDU_DMA_TIMEOUT_US	(10 * USEC_PER_SEC)

/* Pages one HMM_PEER_RDMA_READ may move */
#define HMM_PEER_RDMA_MAX_READ	64
/* Faults of one HMM_PEER_RDMA_READ when peer pages lose their address */
#define HMM_PEER_RDMA_TRIES	3

/**
 * struct hmm_peer_rdma - one stand-in RDMA device
 * @kref: held by the bound device and by each open file
 * @pdev: the edu function, with a reference
 * @misc: /dev/hmm_peer_rdmaN
 * @name: its name
 * @id: N
 * @regs: edu's registers
 * @dma_lock: serialises use of the DMA engine with removal; guards @dead
 * @dead: the device is unbound
 * @bounce: a page of coherent memory the engine writes into
 * @bounce_dma: its DMA address
 */
struct hmm_peer_rdma {
	struct kref kref;
	struct pci_dev *pdev;
	struct miscdevice misc;
	char name[24];
	int id;
	void __iomem *regs;
	struct mutex dma_lock;	/* the DMA engine, @dead */
	bool dead;
	void *bounce;
	dma_addr_t bounce_dma;
};

/* An open /dev/hmm_peer_rdmaN: one mirrored range, as an ODP region. */
struct hmm_peer_rdma_file {
	struct hmm_peer_rdma *rdma;
	struct hmm_peer_mirror mirror;
	u64 dmas;
};

static DEFINE_IDA(hmm_peer_rdma_ida);

static int edu_dma(struct hmm_peer_rdma *rdma, u64 src, u64 dst, u64 cmd)
{
	u64 val;

	lockdep_assert_held(&rdma->dma_lock);
	writeq(src, rdma->regs + EDU_DMA_SRC);
	writeq(dst, rdma->regs + EDU_DMA_DST);
	writeq(EDU_CHUNK, rdma->regs + EDU_DMA_COUNT);
	writeq(cmd | EDU_DMA_START, rdma->regs + EDU_DMA_CMD);
	return readq_poll_timeout(rdma->regs + EDU_DMA_CMD, val,
				  !(val & EDU_DMA_START), 1000,
				  EDU_DMA_TIMEOUT_US);
}

/*
 * Read one page at @dma into @out: each half into the edu buffer, and from
 * there into the bounce page. Returns the number of transfers or -errno.
 */
static int rdma_read_dma(struct hmm_peer_rdma *rdma, dma_addr_t dma, void *out)
{
	unsigned int off;
	int ret = 0;

	mutex_lock(&rdma->dma_lock);
	if (rdma->dead)
		ret = -ENODEV;
	for (off = 0; off < PAGE_SIZE && !ret; off += EDU_CHUNK) {
		ret = edu_dma(rdma, dma + off, EDU_BUF_ADDR, 0);
		if (!ret)
			ret = edu_dma(rdma, EDU_BUF_ADDR, rdma->bounce_dma + off,
				      EDU_DMA_TO_RAM);
	}
	if (!ret)
		memcpy(out, rdma->bounce, PAGE_SIZE);
	mutex_unlock(&rdma->dma_lock);
	return ret ? ret : 2 * PAGE_SIZE / EDU_CHUNK;
}

/*
 * Read mirrored page @i, described by @desc, into @out: address it the way
 * the map type and address space say. Returns the number of transfers or
 * -errno.
 */
static int rdma_read_page(struct hmm_peer_rdma_file *f, unsigned long i,
			  const struct hmm_peer_page *desc, void *out)
{
	struct device *dev = &f->rdma->pdev->dev;
	unsigned long hpfn = f->mirror.pfns[i];
	struct page *page = hmm_pfn_to_page(hpfn);
	dma_addr_t dma;
	int ret;

	if (!(hpfn & HMM_PFN_VALID))
		return -EFAULT;
	if (hpfn & HMM_PFN_PEER) {
		switch (desc->addr_space) {
		case HMM_PEER_ADDR_PCI_BUS:
			/* DIRECT: the provider's bus address, as it is */
			return rdma_read_dma(f->rdma, desc->addr, out);
		case HMM_PEER_ADDR_DMA:
		case HMM_PEER_ADDR_CPU_PHYS:
			/* through the host: the DMA API maps the alias */
			break;
		case HMM_PEER_ADDR_NONE:
			/* the provider or the route went: fault again */
			return -EAGAIN;
		default:
			/* a private link: not edu's to use */
			return -EREMOTEIO;
		}
	} else if (is_zone_device_page(page)) {
		return -EREMOTEIO;
	}
	dma = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		return -EIO;
	ret = rdma_read_dma(f->rdma, dma, out);
	dma_unmap_page(dev, dma, PAGE_SIZE, DMA_TO_DEVICE);
	return ret;
}

/*
 * Mirror the range and read every page by DMA, with the mirror locked so
 * that an invalidation waits for the transfers. -EAGAIN when a peer page
 * lost its address meanwhile: the mirror is marked stale to be faulted
 * again.
 */
static int rdma_read_locked(struct hmm_peer_rdma_file *f,
			    struct hmm_peer_cmd *cmd,
			    struct hmm_peer_page *pages, void *data)
{
	struct hmm_peer_mirror *m = &f->mirror;
	unsigned long i;
	int ret;

	ret = hmm_peer_mirror_lock(m, cmd->addr, cmd->npages, cmd->flags);
	if (ret)
		return ret;
	cmd->done = 0;
	for (i = 0; i < cmd->npages && !ret; i++) {
		hmm_peer_mirror_describe(m, i, &pages[i]);
		ret = rdma_read_page(f, i, &pages[i],
				     data + (i << PAGE_SHIFT));
		if (ret > 0) {
			f->dmas += ret;
			cmd->done++;
			ret = 0;
		}
	}
	if (ret == -EAGAIN)
		m->valid = false;
	mutex_unlock(&m->lock);
	return ret;
}

/* HMM_PEER_RDMA_READ */
static int rdma_read_ioctl(struct hmm_peer_rdma_file *f,
			   struct hmm_peer_cmd *cmd)
{
	struct hmm_peer_page *pages;
	int ret, tries = 0;
	void *data;

	ret = hmm_peer_cmd_check(cmd);
	if (ret)
		return ret;
	if (cmd->npages > HMM_PEER_RDMA_MAX_READ || !cmd->data)
		return -EINVAL;
	pages = kvcalloc(cmd->npages, sizeof(*pages), GFP_KERNEL);
	data = kvmalloc(cmd->npages << PAGE_SHIFT, GFP_KERNEL);
	if (!pages || !data) {
		ret = -ENOMEM;
		goto out;
	}
	do {
		ret = rdma_read_locked(f, cmd, pages, data);
	} while (ret == -EAGAIN && ++tries < HMM_PEER_RDMA_TRIES);
	if (!ret && copy_to_user(u64_to_user_ptr(cmd->data), data,
				 cmd->npages << PAGE_SHIFT))
		ret = -EFAULT;
	if (!ret && cmd->pages &&
	    copy_to_user(u64_to_user_ptr(cmd->pages), pages,
			 cmd->npages * sizeof(*pages)))
		ret = -EFAULT;
out:
	kvfree(data);
	kvfree(pages);
	return ret;
}

static void hmm_peer_rdma_release(struct kref *kref)
{
	struct hmm_peer_rdma *rdma = container_of(kref, struct hmm_peer_rdma,
						  kref);

	pci_dev_put(rdma->pdev);
	mutex_destroy(&rdma->dma_lock);
	kfree(rdma);
}

static int hmm_peer_rdma_open(struct inode *inode, struct file *file)
{
	struct hmm_peer_rdma *rdma = container_of(file->private_data,
						  struct hmm_peer_rdma, misc);
	struct hmm_peer_rdma_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	kref_get(&rdma->kref);
	f->rdma = rdma;
	/* The file is the owner: nobody's private pages are its own. */
	hmm_peer_mirror_init(&f->mirror, &rdma->pdev->dev, f);
	file->private_data = f;
	return 0;
}

static int hmm_peer_rdma_file_release(struct inode *inode, struct file *file)
{
	struct hmm_peer_rdma_file *f = file->private_data;

	hmm_peer_mirror_fini(&f->mirror);
	kref_put(&f->rdma->kref, hmm_peer_rdma_release);
	kfree(f);
	return 0;
}

static long hmm_peer_rdma_ioctl(struct file *file, unsigned int op,
				unsigned long arg)
{
	struct hmm_peer_rdma_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct hmm_peer_info info = { };
	struct hmm_peer_cmd cmd;
	int ret;

	if (op == HMM_PEER_INFO) {
		strscpy(info.pci_name, pci_name(f->rdma->pdev),
			sizeof(info.pci_name));
		return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
	}
	if (op == HMM_PEER_BENCH_FAULT) {
		mutex_lock(&f->mirror.serial);
		ret = hmm_peer_mirror_bench(&f->mirror, uarg);
		mutex_unlock(&f->mirror.serial);
		return ret;
	}
	if (op != HMM_PEER_MIRROR && op != HMM_PEER_RDMA_READ)
		return -ENOTTY;
	if (copy_from_user(&cmd, uarg, sizeof(cmd)))
		return -EFAULT;
	cmd.done = 0;
	mutex_lock(&f->mirror.serial);
	if (op == HMM_PEER_MIRROR)
		ret = hmm_peer_mirror_ioctl(&f->mirror, &cmd);
	else
		ret = rdma_read_ioctl(f, &cmd);
	cmd.faults = f->mirror.faults;
	cmd.invalidations = READ_ONCE(f->mirror.invalidations);
	cmd.dmas = f->dmas;
	mutex_unlock(&f->mirror.serial);
	if (copy_to_user(uarg, &cmd, sizeof(cmd)))
		ret = -EFAULT;
	return ret;
}

static const struct file_operations hmm_peer_rdma_fops = {
	.owner = THIS_MODULE,
	.open = hmm_peer_rdma_open,
	.release = hmm_peer_rdma_file_release,
	.unlocked_ioctl = hmm_peer_rdma_ioctl,
	.llseek = noop_llseek,
};

static int rdma_setup(struct hmm_peer_rdma *rdma)
{
	struct pci_dev *pdev = rdma->pdev;
	int ret;

	ret = pcim_iomap_regions(pdev, BIT(0), "hmm_peer_rdma");
	if (ret)
		return ret;
	rdma->regs = pcim_iomap_table(pdev)[0];
	if ((readl(rdma->regs + EDU_ID) & 0xff) != EDU_ID_MAGIC)
		return -ENODEV;
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;
	pci_set_master(pdev);
	rdma->bounce = dmam_alloc_coherent(&pdev->dev, PAGE_SIZE,
					   &rdma->bounce_dma, GFP_KERNEL);
	return rdma->bounce ? 0 : -ENOMEM;
}

static int hmm_peer_rdma_probe(struct pci_dev *pdev,
			       const struct pci_device_id *id)
{
	struct hmm_peer_rdma *rdma;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	rdma = kzalloc(sizeof(*rdma), GFP_KERNEL);
	if (!rdma)
		return -ENOMEM;
	kref_init(&rdma->kref);
	mutex_init(&rdma->dma_lock);
	rdma->pdev = pci_dev_get(pdev);
	ret = rdma_setup(rdma);
	if (ret)
		goto err_put;
	ret = ida_alloc(&hmm_peer_rdma_ida, GFP_KERNEL);
	if (ret < 0)
		goto err_put;
	rdma->id = ret;
	snprintf(rdma->name, sizeof(rdma->name), "hmm_peer_rdma%d", rdma->id);
	rdma->misc.minor = MISC_DYNAMIC_MINOR;
	rdma->misc.name = rdma->name;
	rdma->misc.fops = &hmm_peer_rdma_fops;
	ret = misc_register(&rdma->misc);
	if (ret)
		goto err_ida;
	pci_set_drvdata(pdev, rdma);
	return 0;

err_ida:
	ida_free(&hmm_peer_rdma_ida, rdma->id);
err_put:
	kref_put(&rdma->kref, hmm_peer_rdma_release);
	return ret;
}

static void hmm_peer_rdma_remove(struct pci_dev *pdev)
{
	struct hmm_peer_rdma *rdma = pci_get_drvdata(pdev);

	misc_deregister(&rdma->misc);
	/* Devres unmaps the registers and the bounce page after this. */
	mutex_lock(&rdma->dma_lock);
	rdma->dead = true;
	mutex_unlock(&rdma->dma_lock);
	ida_free(&hmm_peer_rdma_ida, rdma->id);
	kref_put(&rdma->kref, hmm_peer_rdma_release);
}

static const struct pci_device_id hmm_peer_rdma_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },	/* QEMU edu */
	{ }
};
MODULE_DEVICE_TABLE(pci, hmm_peer_rdma_ids);

static struct pci_driver hmm_peer_rdma_driver = {
	.name = "hmm_peer_rdma",
	.id_table = hmm_peer_rdma_ids,
	.probe = hmm_peer_rdma_probe,
	.remove = hmm_peer_rdma_remove,
};

/**
 * hmm_peer_rdma_register() - register the stand-in RDMA driver
 *
 * Context: module init.
 * Return: 0 or a negative errno from pci_register_driver().
 */
int hmm_peer_rdma_register(void)
{
	return pci_register_driver(&hmm_peer_rdma_driver);
}

/**
 * hmm_peer_rdma_unregister() - unregister the stand-in RDMA driver
 *
 * Context: module exit.
 */
void hmm_peer_rdma_unregister(void)
{
	pci_unregister_driver(&hmm_peer_rdma_driver);
}
