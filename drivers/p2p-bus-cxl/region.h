/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Committed CXL regions in the graph: their providers and the decode of
 * their addresses, shared by port.c (which follows the CXL core's
 * devices) and debugfs.c (which lets a user ask for a decode).
 */
#ifndef _P2P_CXL_REGION_H
#define _P2P_CXL_REGION_H

#include <linux/types.h>

struct device;
struct p2p_cxl_port;

void p2p_cxl_region_add(struct device *dev);
void p2p_cxl_region_del(struct device *dev);
void p2p_cxl_region_port_gone(const struct p2p_cxl_port *port);
void p2p_cxl_region_remove_all(void);

int p2p_cxl_region_hpa_to_dpa(const char *region, u64 hpa, char *memdev,
			      size_t len, u64 *dpa, unsigned int *position);
int p2p_cxl_region_dpa_to_hpa(const char *memdev, u64 dpa, char *region,
			      size_t len, u64 *hpa);

void p2p_cxl_debugfs_init(void);
void p2p_cxl_debugfs_exit(void);

#endif /* _P2P_CXL_REGION_H */
