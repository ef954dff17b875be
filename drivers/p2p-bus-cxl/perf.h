/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The figures of CXL links (perf.c), shared with region.c, port.c and the
 * KUnit suites.
 */
#ifndef _P2P_CXL_PERF_H
#define _P2P_CXL_PERF_H

#include <linux/p2p_topology.h>

#include "port.h"

struct cxl_dport;
struct cxl_endpoint_decoder;

void p2p_cxl_dport_attr(const struct cxl_dport *dport,
			struct p2p_link_attr *attr);
void p2p_cxl_link_attr(const struct cxl_dport *dport,
		       struct p2p_link_attr *attr);
void p2p_cxl_device_attr(struct cxl_endpoint_decoder *cxled,
			 struct p2p_link_attr *attr);

void p2p_cxl_region_attr(const struct p2p_cxl_port *anchor,
			 const struct p2p_cxl_port *const *endpoints,
			 const struct p2p_link_attr *devices, unsigned int n,
			 struct p2p_link_attr *attr);

#endif /* _P2P_CXL_PERF_H */
