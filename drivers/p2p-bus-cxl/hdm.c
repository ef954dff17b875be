// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: HDM decode
 *
 * A CXL region is host physical address (HPA) space that a tree of
 * decoders spreads over memory devices::
 *
 *	            root decoder (CFMWS window)      picks a host bridge
 *	           /                      \
 *	   host-bridge decoder      host-bridge decoder  picks a root port
 *	     |            |               |
 *	 switch decoder   ...             ...            picks a downstream port
 *	   /      \
 *	endpoint  endpoint                               HPA -> DPA
 *
 * Each decoder cuts its HPA range into granules of its interleave
 * granularity and sends granule k to target k mod ways (modulo
 * arithmetic, CXL 3.1 sec 8.2.4.20 and the Device Decode Logic
 * implementation note of sec 8.2.4.20.13; the index counts from the
 * decoder's base). A root decoder of a window with XOR arithmetic (ACPI
 * CEDT CFMWS, Interleave Arithmetic 1) picks bit i of the target index as
 * the parity of the HPA under XORMAP i of the window's CXIMS entry, and
 * for 3, 6 and 12 ways adds HPA[51:g+n] modulo 3 above those bits (CXL
 * 3.1 Table 9-22; g is the granule's bit, n the number of XORMAPs). An
 * endpoint decoder keeps the address within the granule and drops the
 * interleave from the granule index: DPA = DPA base + DPA skip +
 * (k div ways) * granularity + (HPA offset mod granularity).
 *
 * A device's position in the region is the mixed-radix number of the
 * target indices on its path, the root's the least significant digit (as
 * the CXL core computes it in cxl_calc_interleave_pos()).
 *
 * Nothing here touches the CXL core's objects: region.c copies a
 * committed region's decoders into &struct p2p_cxl_decoder, and the KUnit
 * suite builds them in memory. Every address computed is range checked;
 * an address outside a decoder, or a result that would wrap, is -ERANGE.
 */
#include <kunit/visibility.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/overflow.h>

#include "cxl.h"
#include "hdm.h"

/* CXL HPAs and DPAs have 52 bits: HPA[51:0] in the decoder registers. */
#define P2P_CXL_ADDR_MASK	GENMASK_ULL(51, 0)

/**
 * struct p2p_cxl_geometry - a decoder's interleave, decoded
 * @shift: log2 of the granularity: the granule index is offset >> @shift
 * @way_bits: log2 of the power-of-2 part of the ways
 * @three: the ways have a factor of 3 (3, 6 or 12 ways)
 */
struct p2p_cxl_geometry {
	unsigned int shift;
	unsigned int way_bits;
	bool three;
};

/* The interleave of @decoder in the CXL core's encodings (eiw, eig). */
static int p2p_cxl_geometry(const struct p2p_cxl_decoder *decoder,
			    struct p2p_cxl_geometry *geo)
{
	u16 eig;
	u8 eiw;

	if (decoder->granularity > SZ_16K ||
	    granularity_to_eig(decoder->granularity, &eig) ||
	    ways_to_eiw(decoder->ways, &eiw))
		return -EINVAL;
	geo->shift = eig + 8;
	geo->three = eiw >= 8;
	geo->way_bits = geo->three ? eiw - 8 : eiw;
	return 0;
}

/* @hpa's offset into @decoder's range; -ERANGE outside it. */
static int p2p_cxl_hpa_offset(const struct p2p_cxl_decoder *decoder, u64 hpa,
			      u64 *offset)
{
	if (hpa < decoder->hpa_base)
		return -ERANGE;
	*offset = hpa - decoder->hpa_base;
	return *offset < decoder->hpa_size ? 0 : -ERANGE;
}

/* The first DPA an endpoint decoder maps: after the skip. */
static int p2p_cxl_dpa_start(const struct p2p_cxl_decoder *decoder, u64 *start)
{
	if (check_add_overflow(decoder->dpa_base, decoder->dpa_skip, start))
		return -ERANGE;
	return 0;
}

static unsigned int p2p_cxl_xor_index(const struct p2p_cxl_decoder *decoder,
				      const struct p2p_cxl_geometry *geo,
				      u64 hpa)
{
	unsigned int index = 0, i;
	u32 mod3;

	for (i = 0; i < geo->way_bits; i++)
		index |= (hweight64(hpa & decoder->xormaps[i]) & 1) << i;
	if (geo->three) {
		div_u64_rem((hpa & P2P_CXL_ADDR_MASK) >>
			    (geo->shift + geo->way_bits), 3, &mod3);
		index |= mod3 << geo->way_bits;
	}
	return index;
}

/*
 * XORMAPs must each pick one target bit from whole granules (no bit below
 * the granularity, none above HPA bit 51), and together tell apart the
 * 2^n granules of a stripe: the maps restricted to the n way bits form an
 * invertible matrix, so that every target gets one granule per stripe.
 */
static int p2p_cxl_xormaps_check(const struct p2p_cxl_decoder *decoder,
				 const struct p2p_cxl_geometry *geo)
{
	unsigned int w, i, seen = 0;

	if (decoder->kind != P2P_CXL_DECODER_ROOT ||
	    decoder->nr_xormaps != geo->way_bits)
		return -EINVAL;
	for (i = 0; i < decoder->nr_xormaps; i++) {
		u64 map = decoder->xormaps[i];

		if (!map || map & ~P2P_CXL_ADDR_MASK ||
		    map & GENMASK_ULL(geo->shift - 1, 0))
			return -EINVAL;
	}
	for (w = 0; w < BIT(geo->way_bits); w++) {
		unsigned int index = 0;

		for (i = 0; i < geo->way_bits; i++)
			index |= (hweight64(((u64)w << geo->shift) &
					    decoder->xormaps[i]) & 1) << i;
		if (seen & BIT(index))
			return -EINVAL;
		seen |= BIT(index);
	}
	/* The bits XORed are absolute: the window must start a stripe. */
	if (div64_u64(decoder->hpa_base, (u64)decoder->ways << geo->shift) *
	    ((u64)decoder->ways << geo->shift) != decoder->hpa_base)
		return -EINVAL;
	return 0;
}

/**
 * p2p_cxl_decoder_check() - check one decoder's programming
 * @decoder: the decoder
 *
 * The rules of CXL 3.1 sec 8.2.4.20.7 (ways and granularity encodable),
 * a range of whole stripes (@decoder->ways granules) within the 52-bit
 * HPA space, and for XOR arithmetic the CXIMS rules (one usable XORMAP per
 * power-of-2 way bit, root decoders only). Endpoint decoders must also map
 * their DPA range without wrapping.
 *
 * Context: any context.
 * Return: 0, -EINVAL for a programming the spec does not allow, -ERANGE
 * for a range that wraps or leaves the 52-bit address space.
 */
int p2p_cxl_decoder_check(const struct p2p_cxl_decoder *decoder)
{
	struct p2p_cxl_geometry geo;
	u64 last, stripe, dpa_start, dpa_last;
	int ret;

	ret = p2p_cxl_geometry(decoder, &geo);
	if (ret)
		return ret;
	stripe = (u64)decoder->ways << geo.shift;
	if (!decoder->hpa_size ||
	    div64_u64(decoder->hpa_size, stripe) * stripe != decoder->hpa_size)
		return -EINVAL;
	if (check_add_overflow(decoder->hpa_base, decoder->hpa_size - 1, &last) ||
	    last > P2P_CXL_ADDR_MASK)
		return -ERANGE;
	if (decoder->arithmetic == P2P_CXL_XOR)
		return p2p_cxl_xormaps_check(decoder, &geo);
	if (decoder->arithmetic != P2P_CXL_MODULO || decoder->nr_xormaps)
		return -EINVAL;
	if (decoder->kind != P2P_CXL_DECODER_ENDPOINT)
		return 0;
	ret = p2p_cxl_dpa_start(decoder, &dpa_start);
	if (ret)
		return ret;
	if (check_add_overflow(dpa_start,
			       div_u64(decoder->hpa_size, decoder->ways) - 1,
			       &dpa_last) || dpa_last > P2P_CXL_ADDR_MASK)
		return -ERANGE;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cxl_decoder_check);

/**
 * struct p2p_cxl_region_walk - what p2p_cxl_region_check() has seen
 * @path: the decoders from the root down to the one being checked
 * @multiplier: for each of @path, the granularity it must have in units
 *	of the region's granularity, when it interleaves
 * @endpoints: the endpoint decoders found so far
 * @nr_endpoints: entries in @endpoints
 */
struct p2p_cxl_region_walk {
	const struct p2p_cxl_decoder *path[P2P_CXL_MAX_LEVELS];
	unsigned int multiplier[P2P_CXL_MAX_LEVELS];
	const struct p2p_cxl_decoder *endpoints[P2P_CXL_MAX_WAYS];
	unsigned int nr_endpoints;
};

/*
 * An endpoint decoder at the end of @walk's path: the region's ways are
 * the product of the ways on the path, every interleaving decoder above
 * uses the granularity the CXL core gives it (cxl_port_setup_targets():
 * the parent's granularity times the parent's power-of-2 ways), and all
 * endpoints share the region's range, ways and granularity.
 */
static int p2p_cxl_endpoint_check(struct p2p_cxl_region_walk *walk,
				  unsigned int level, unsigned int stride)
{
	const struct p2p_cxl_decoder *endpoint = walk->path[level];
	const struct p2p_cxl_decoder *first = walk->endpoints[0];
	unsigned int i;

	if (endpoint->ways != stride || walk->nr_endpoints >= stride)
		return -EINVAL;
	for (i = 0; i < walk->nr_endpoints; i++)
		if (walk->endpoints[i] == endpoint)
			return -EINVAL;
	if (first && (first->hpa_base != endpoint->hpa_base ||
		      first->hpa_size != endpoint->hpa_size ||
		      first->granularity != endpoint->granularity))
		return -EINVAL;
	for (i = 0; i < level; i++)
		if (walk->path[i]->ways > 1 &&
		    walk->path[i]->granularity !=
		    endpoint->granularity * walk->multiplier[i])
			return -EINVAL;
	walk->endpoints[walk->nr_endpoints++] = endpoint;
	return 0;
}

static int p2p_cxl_region_check_below(struct p2p_cxl_region_walk *walk,
				      unsigned int level, unsigned int stride)
{
	const struct p2p_cxl_decoder *decoder = walk->path[level];
	struct p2p_cxl_geometry geo;
	unsigned int i;
	int ret;

	ret = p2p_cxl_decoder_check(decoder);
	if (ret)
		return ret;
	if (level && decoder->kind == P2P_CXL_DECODER_ROOT)
		return -EINVAL;
	if (decoder->kind == P2P_CXL_DECODER_ENDPOINT)
		return p2p_cxl_endpoint_check(walk, level, stride);
	if (level + 1 >= P2P_CXL_MAX_LEVELS ||
	    stride * decoder->ways > P2P_CXL_MAX_WAYS)
		return -EINVAL;
	p2p_cxl_geometry(decoder, &geo);
	for (i = 0; i < decoder->ways; i++) {
		const struct p2p_cxl_decoder *target = decoder->targets[i];

		/* A target decodes part of what its parent decodes. */
		if (!target || target->hpa_base < decoder->hpa_base ||
		    target->hpa_base - decoder->hpa_base > decoder->hpa_size ||
		    target->hpa_size > decoder->hpa_size -
				       (target->hpa_base - decoder->hpa_base))
			return -EINVAL;
		walk->path[level + 1] = target;
		walk->multiplier[level + 1] = walk->multiplier[level] <<
					      (decoder->ways > 1 ? geo.way_bits : 0);
		ret = p2p_cxl_region_check_below(walk, level + 1,
						 stride * decoder->ways);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * p2p_cxl_region_check() - check a region's decoder tree
 * @root: the root decoder
 *
 * Every decoder passes p2p_cxl_decoder_check(); every target lies within
 * its parent's range; the root is the only root decoder; each path ends
 * in an endpoint decoder whose ways are the product of the ways on its
 * path, and the region's ways are as many distinct endpoints; decoders
 * that interleave use the granularities the CXL core programs
 * (cxl_port_setup_targets()): the region's at the first interleaving
 * level, then the parent's times the power-of-2 part of the parent's
 * ways. Such a tree sends each granule to exactly one device, and each
 * device gets one granule of every stripe.
 *
 * Context: any context.
 * Return: 0, -EINVAL for a tree that does not decode as a region, or the
 * error of p2p_cxl_decoder_check().
 */
int p2p_cxl_region_check(const struct p2p_cxl_decoder *root)
{
	struct p2p_cxl_region_walk walk = {
		.path[0] = root,
		.multiplier[0] = 1,
	};
	int ret;

	if (!root || root->kind != P2P_CXL_DECODER_ROOT)
		return -EINVAL;
	ret = p2p_cxl_region_check_below(&walk, 0, 1);
	if (ret)
		return ret;
	return walk.nr_endpoints == walk.endpoints[0]->ways ? 0 : -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cxl_region_check);

/**
 * p2p_cxl_decoder_target() - the target a decoder sends an address to
 * @decoder: a root or switch decoder
 * @hpa: the host physical address
 * @index: set to the target index, below @decoder->ways
 *
 * Context: any context.
 * Return: 0, -ERANGE when @hpa is outside @decoder's range, -EINVAL for a
 * decoder whose ways or granularity the spec does not allow.
 */
int p2p_cxl_decoder_target(const struct p2p_cxl_decoder *decoder, u64 hpa,
			   unsigned int *index)
{
	struct p2p_cxl_geometry geo;
	u64 offset;
	u32 rem;
	int ret;

	ret = p2p_cxl_geometry(decoder, &geo);
	if (ret)
		return ret;
	ret = p2p_cxl_hpa_offset(decoder, hpa, &offset);
	if (ret)
		return ret;
	if (decoder->arithmetic == P2P_CXL_XOR) {
		*index = p2p_cxl_xor_index(decoder, &geo, hpa);
		return 0;
	}
	div_u64_rem(offset >> geo.shift, decoder->ways, &rem);
	*index = rem;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cxl_decoder_target);

/* An endpoint decoder's DPA for @hpa (Device Decode Logic). */
static int p2p_cxl_endpoint_dpa(const struct p2p_cxl_decoder *decoder,
				u64 hpa, u64 *dpa)
{
	struct p2p_cxl_geometry geo;
	u64 offset, stripe, start, dpa_offset;
	int ret;

	ret = p2p_cxl_geometry(decoder, &geo);
	if (ret)
		return ret;
	ret = p2p_cxl_hpa_offset(decoder, hpa, &offset);
	if (ret)
		return ret;
	ret = p2p_cxl_dpa_start(decoder, &start);
	if (ret)
		return ret;
	stripe = div_u64(offset >> geo.shift, decoder->ways);
	dpa_offset = stripe << geo.shift | (offset & GENMASK_ULL(geo.shift - 1, 0));
	if (check_add_overflow(start, dpa_offset, dpa))
		return -ERANGE;
	return 0;
}

/**
 * p2p_cxl_hpa_to_dpa() - the device and DPA behind a host physical address
 * @root: the root decoder of the region's decoder tree
 * @hpa: the host physical address
 * @out: set to the endpoint decoder, the device's position in the region
 *	and the DPA
 *
 * Follows @hpa from the root decoder through the switch decoders to an
 * endpoint decoder, each picking its target by its own arithmetic.
 *
 * Context: any context; does not sleep.
 * Return: 0, -ERANGE when a decoder on the way does not decode @hpa (it
 * is outside the window or the region, or its target has no decoder in
 * the region) or the DPA would wrap, -EINVAL for a malformed tree.
 */
int p2p_cxl_hpa_to_dpa(const struct p2p_cxl_decoder *root, u64 hpa,
		       struct p2p_cxl_dpa *out)
{
	const struct p2p_cxl_decoder *decoder = root;
	unsigned int level, index, position = 0, stride = 1;
	int ret;

	for (level = 0; level < P2P_CXL_MAX_LEVELS && decoder; level++) {
		if (decoder->kind == P2P_CXL_DECODER_ENDPOINT) {
			ret = p2p_cxl_endpoint_dpa(decoder, hpa, &out->dpa);
			if (ret)
				return ret;
			out->endpoint = decoder;
			out->position = position;
			return 0;
		}
		ret = p2p_cxl_decoder_target(decoder, hpa, &index);
		if (ret)
			return ret;
		position += index * stride;
		stride *= decoder->ways;
		if (stride > P2P_CXL_MAX_WAYS)
			return -EINVAL;
		decoder = decoder->targets[index];
	}
	return decoder ? -EINVAL : -ERANGE;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cxl_hpa_to_dpa);

/**
 * p2p_cxl_dpa_to_hpa() - the host physical address of a device's DPA
 * @root: the root decoder of the region's decoder tree
 * @endpoint: the endpoint decoder of the device, in @root's tree
 * @dpa: the device physical address
 * @hpa: set to the host physical address
 *
 * What poison and event records need: they name a device and a DPA. The
 * DPA lies in stripe s = (DPA offset) div granularity of the endpoint
 * decoder; of the endpoint's ways granules of HPA stripe s, exactly one
 * reaches @endpoint in a tree that p2p_cxl_region_check() accepts. The
 * candidates are tried with the forward decode, so that the answer obeys
 * every arithmetic the forward decode does, XOR included.
 *
 * Context: any context; does not sleep.
 * Return: 0, -ERANGE when @dpa is outside what @endpoint maps (below the
 * skip, past the end) or no HPA of the region reaches it, -EINVAL for a
 * malformed decoder.
 */
int p2p_cxl_dpa_to_hpa(const struct p2p_cxl_decoder *root,
		       const struct p2p_cxl_decoder *endpoint, u64 dpa,
		       u64 *hpa)
{
	struct p2p_cxl_geometry geo;
	struct p2p_cxl_dpa found;
	u64 start, offset, granule, candidate;
	unsigned int way;
	int ret;

	if (endpoint->kind != P2P_CXL_DECODER_ENDPOINT)
		return -EINVAL;
	ret = p2p_cxl_geometry(endpoint, &geo);
	if (ret)
		return ret;
	ret = p2p_cxl_dpa_start(endpoint, &start);
	if (ret)
		return ret;
	if (dpa < start)
		return -ERANGE;
	offset = dpa - start;
	if (offset >= div_u64(endpoint->hpa_size, endpoint->ways))
		return -ERANGE;

	/* The first granule of the stripe, as an HPA offset. */
	granule = (offset >> geo.shift) * endpoint->ways;
	for (way = 0; way < endpoint->ways; way++) {
		if (check_add_overflow(endpoint->hpa_base,
				       ((granule + way) << geo.shift) |
				       (offset & GENMASK_ULL(geo.shift - 1, 0)),
				       &candidate))
			return -ERANGE;
		if (!p2p_cxl_hpa_to_dpa(root, candidate, &found) &&
		    found.endpoint == endpoint && found.dpa == dpa) {
			*hpa = candidate;
			return 0;
		}
	}
	return -ERANGE;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cxl_dpa_to_hpa);
