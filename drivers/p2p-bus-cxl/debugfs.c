// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/p2p-bus-cxl/decode: ask the graph where a region's
 * address lands, for tests and for users reading poison or event
 * records. Write one line, read the answer:
 *
 *	"regionN 0x<HPA>"	->	"memM 0x<DPA> <position>"
 *	"memM 0x<DPA>"		->	"regionN 0x<HPA>"
 *
 * A write that cannot be answered fails with the decode's error (-ERANGE
 * for an address outside the region or the device's decoded range,
 * -ENOENT for a region or device the graph does not have). Each open
 * file keeps its last answer; a read before any answer reads nothing.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "region.h"

#define P2P_CXL_DECODE_LINE	96
#define P2P_CXL_DECODE_NAME	32

static struct dentry *p2p_cxl_debugfs_dir;

static int p2p_cxl_decode_open(struct inode *inode, struct file *file)
{
	file->private_data = kzalloc(P2P_CXL_DECODE_LINE, GFP_KERNEL);
	return file->private_data ? nonseekable_open(inode, file) : -ENOMEM;
}

static int p2p_cxl_decode_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

/* Answer "NAME ADDR" into @answer. */
static int p2p_cxl_decode(char *line, char *answer)
{
	char name[P2P_CXL_DECODE_NAME], found[P2P_CXL_DECODE_NAME];
	unsigned int position;
	char *addr_str;
	u64 addr, out;
	int ret;

	addr_str = strim(line);
	line = strsep(&addr_str, " ");
	if (!addr_str || !*line)
		return -EINVAL;
	ret = kstrtou64(strim(addr_str), 0, &addr);
	if (ret)
		return ret;
	if (strscpy(name, line, sizeof(name)) < 0)
		return -EINVAL;

	if (str_has_prefix(name, "region")) {
		ret = p2p_cxl_region_hpa_to_dpa(name, addr, found,
						sizeof(found), &out, &position);
		if (!ret)
			snprintf(answer, P2P_CXL_DECODE_LINE, "%s %#llx %u\n",
				 found, out, position);
	} else if (str_has_prefix(name, "mem")) {
		ret = p2p_cxl_region_dpa_to_hpa(name, addr, found,
						sizeof(found), &out);
		if (!ret)
			snprintf(answer, P2P_CXL_DECODE_LINE, "%s %#llx\n",
				 found, out);
	} else {
		ret = -EINVAL;
	}
	return ret;
}

static ssize_t p2p_cxl_decode_write(struct file *file, const char __user *buf,
				    size_t count, loff_t *ppos)
{
	char line[P2P_CXL_DECODE_LINE];
	char *answer = file->private_data;
	ssize_t ret;

	if (count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, buf, count))
		return -EFAULT;
	line[count] = '\0';
	answer[0] = '\0';
	ret = p2p_cxl_decode(line, answer);
	return ret ? ret : count;
}

static ssize_t p2p_cxl_decode_read(struct file *file, char __user *buf,
				   size_t count, loff_t *ppos)
{
	char *answer = file->private_data;
	size_t len = strlen(answer);

	/* Non-seekable: each read takes the whole answer, once. */
	if (!len)
		return 0;
	if (count < len)
		return -EINVAL;
	if (copy_to_user(buf, answer, len))
		return -EFAULT;
	answer[0] = '\0';
	return len;
}

static const struct file_operations p2p_cxl_decode_fops = {
	.owner = THIS_MODULE,
	.open = p2p_cxl_decode_open,
	.release = p2p_cxl_decode_release,
	.read = p2p_cxl_decode_read,
	.write = p2p_cxl_decode_write,
};

/**
 * p2p_cxl_debugfs_init() - create /sys/kernel/debug/p2p-bus-cxl/decode
 *
 * Context: process context, at module init. Failures leave the file out
 * (debugfs is for debugging).
 */
void p2p_cxl_debugfs_init(void)
{
	p2p_cxl_debugfs_dir = debugfs_create_dir("p2p-bus-cxl", NULL);
	debugfs_create_file("decode", 0600, p2p_cxl_debugfs_dir, NULL,
			    &p2p_cxl_decode_fops);
}

/**
 * p2p_cxl_debugfs_exit() - remove the directory; waits for its users
 *
 * Context: process context, at module exit.
 */
void p2p_cxl_debugfs_exit(void)
{
	debugfs_remove(p2p_cxl_debugfs_dir);
}
