// SPDX-License-Identifier: GPL-2.0
/*
 * The words the core shows user space for its enums: in sysfs, debugfs
 * and /dev/p2p_topology alike, so that a tool reads one vocabulary.
 */
#include "core.h"

const char *const p2p_node_type_names[P2P_NODE_TYPE_COUNT] = {
	[P2P_NODE_ENDPOINT] = "endpoint",
	[P2P_NODE_PORT] = "port",
	[P2P_NODE_SWITCH] = "switch",
	[P2P_NODE_HOST_BRIDGE] = "host-bridge",
	[P2P_NODE_HOST] = "host",
};

const char *const p2p_map_type_names[P2P_MAP_TYPE_COUNT] = {
	[P2P_MAP_NOT_SUPPORTED] = "none",
	[P2P_MAP_DIRECT] = "direct",
	[P2P_MAP_THRU_HOST] = "thru-host",
};

const char *const p2p_addr_space_names[P2P_ADDR_SPACE_COUNT] = {
	[P2P_ADDR_CPU_PHYS] = "cpu-phys",
	[P2P_ADDR_PCI_BUS] = "pci-bus",
	[P2P_ADDR_DMA] = "dma",
	[P2P_ADDR_LINK] = "link",
	[P2P_ADDR_CXL_DPA] = "cxl-dpa",
};

const char *const p2p_mem_type_names[P2P_MEM_TYPE_COUNT] = {
	[P2P_MEM_MMIO] = "mmio",
	[P2P_MEM_CXL_HDM] = "cxl-hdm",
};
