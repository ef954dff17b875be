/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HDM decode of the CXL backend: how a host physical address (HPA) finds
 * its memory device and device physical address (DPA) through the
 * decoders of a region, and back. Plain data, independent of the CXL
 * core's live objects, so that the arithmetic can be checked in memory.
 */
#ifndef _P2P_CXL_HDM_H
#define _P2P_CXL_HDM_H

#include <linux/types.h>

/* Interleave ways of one decoder and of a region (CXL_DECODER_MAX_INTERLEAVE) */
#define P2P_CXL_MAX_WAYS	16
/* XORMAPs a CXIMS entry needs at most: one per power-of-2 way bit */
#define P2P_CXL_MAX_XORMAPS	4
/* Decoder levels: root, host bridge, up to four switches, endpoint */
#define P2P_CXL_MAX_LEVELS	7

/**
 * enum p2p_cxl_decoder_kind - where a decoder sits
 * @P2P_CXL_DECODER_ROOT: a root decoder: a CXL Fixed Memory Window (ACPI
 *	CEDT CFMWS) interleaving across host bridges
 * @P2P_CXL_DECODER_SWITCH: an HDM decoder of a host bridge or of a
 *	switch's upstream port, interleaving across its downstream ports
 * @P2P_CXL_DECODER_ENDPOINT: an HDM decoder of a memory device, turning
 *	HPAs into DPAs
 */
enum p2p_cxl_decoder_kind {
	P2P_CXL_DECODER_ROOT,
	P2P_CXL_DECODER_SWITCH,
	P2P_CXL_DECODER_ENDPOINT,
};

/**
 * enum p2p_cxl_arithmetic - how a decoder picks the target of an address
 * @P2P_CXL_MODULO: the granule's index in the decoder's range, modulo the
 *	ways (CFMWS Interleave Arithmetic 0, and every HDM decoder)
 * @P2P_CXL_XOR: the XOR of the address under each XORMAP of the window's
 *	CXIMS entry, plus the granule index modulo 3 for 3, 6 and 12 ways
 *	(CFMWS Interleave Arithmetic 1; root decoders only)
 */
enum p2p_cxl_arithmetic {
	P2P_CXL_MODULO,
	P2P_CXL_XOR,
};

/**
 * struct p2p_cxl_decoder - the address-decode state of one decoder
 * @kind: root, switch (or host bridge) or endpoint decoder
 * @hpa_base: first host physical address decoded
 * @hpa_size: bytes of host physical address space decoded; a multiple of
 *	@ways times @granularity
 * @ways: interleave ways: 1, 2, 4, 8, 16, 3, 6 or 12
 * @granularity: interleave granularity in bytes: 256 to 16384, a power of 2
 * @arithmetic: how the target is picked; %P2P_CXL_XOR for root decoders
 *	of windows with XOR arithmetic only
 * @nr_xormaps: XORMAPs in @xormaps: log2 of @ways, or of @ways / 3 for 3,
 *	6 and 12 ways; 0 with modulo arithmetic
 * @xormaps: the CXIMS XORMAPs of the window's granularity; bit i of the
 *	target index is the parity of the HPA's bits under XORMAP i
 * @targets: the decoder of the region below each target index (@ways of
 *	them); unused by endpoint decoders
 * @dpa_base: endpoint decoders: the DPA where the previous decoder of the
 *	device ends (0 for its first decoder)
 * @dpa_skip: endpoint decoders: DPA bytes skipped from @dpa_base before
 *	the decoded range starts (the DPA Skip register)
 *
 * The decoders of one region form a tree: the root decoder's targets are
 * the region's host-bridge decoders, theirs switch or endpoint decoders.
 * An endpoint decoder decodes the whole region's HPA range with the
 * region's ways and granularity, and maps @hpa_size / @ways bytes of DPA
 * starting at @dpa_base + @dpa_skip.
 */
struct p2p_cxl_decoder {
	enum p2p_cxl_decoder_kind kind;
	u64 hpa_base;
	u64 hpa_size;
	unsigned int ways;
	unsigned int granularity;
	enum p2p_cxl_arithmetic arithmetic;
	unsigned int nr_xormaps;
	u64 xormaps[P2P_CXL_MAX_XORMAPS];
	const struct p2p_cxl_decoder *targets[P2P_CXL_MAX_WAYS];
	u64 dpa_base;
	u64 dpa_skip;
};

/**
 * struct p2p_cxl_dpa - where an HPA lands
 * @endpoint: the endpoint decoder (of the memory device) that decodes it
 * @position: the device's position in the region's interleave set
 * @dpa: the device physical address
 */
struct p2p_cxl_dpa {
	const struct p2p_cxl_decoder *endpoint;
	unsigned int position;
	u64 dpa;
};

int p2p_cxl_decoder_check(const struct p2p_cxl_decoder *decoder);
int p2p_cxl_region_check(const struct p2p_cxl_decoder *root);
int p2p_cxl_decoder_target(const struct p2p_cxl_decoder *decoder, u64 hpa,
			   unsigned int *index);
int p2p_cxl_hpa_to_dpa(const struct p2p_cxl_decoder *root, u64 hpa,
		       struct p2p_cxl_dpa *out);
int p2p_cxl_dpa_to_hpa(const struct p2p_cxl_decoder *root,
		       const struct p2p_cxl_decoder *endpoint, u64 dpa,
		       u64 *hpa);

#endif /* _P2P_CXL_HDM_H */
