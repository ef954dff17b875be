// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: HDM decode against the CXL specification's definition.
 *
 * The expected answers do not come from hdm.c. An oracle walks every
 * granule of a small window in order and applies the definition: with
 * modulo arithmetic granule k goes to position k mod ways; with XOR
 * arithmetic bit i of the position is the parity of the address under
 * XORMAP i, counted bit by bit (and HPA[51:g+n] mod 3 above them for 3, 6
 * and 12 ways). A device's DPA is then its DPA start plus as many
 * granules as it received before, plus the offset within the granule: the
 * oracle counts, it does not divide. A few addresses are computed by hand
 * from the spec's rules. DPA to HPA must invert HPA to DPA on every
 * granule.
 */
#include <kunit/test.h>
#include <linux/math64.h>
#include <linux/sizes.h>

#include "../hdm.h"

/*
 * Granules of each parametrised window, a multiple of every stripe (16
 * and 12 ways): 3,456 addresses a case.
 */
#define HDM_GRANULES	1152

/* XOR windows start where HPA bits 34 and 35 are set: a stripe start. */
#define HDM_XOR_BASE	0xc00000000ULL
#define HDM_MOD_BASE	0x1010000000ULL

/**
 * enum hdm_shape - where the parametrised region interleaves
 * @HDM_AT_ROOT: the root decoder across @ways host bridges, each passing
 *	its granules to one device
 * @HDM_AT_HOST_BRIDGE: a 1-way root decoder, one host bridge across @ways
 *	root ports
 */
enum hdm_shape {
	HDM_AT_ROOT,
	HDM_AT_HOST_BRIDGE,
};

/**
 * struct hdm_case - one interleave configuration
 * @ways: interleave ways
 * @granularity: granularity in bytes
 * @arithmetic: modulo or XOR
 * @shape: the level that interleaves
 */
struct hdm_case {
	unsigned int ways;
	unsigned int granularity;
	enum p2p_cxl_arithmetic arithmetic;
	enum hdm_shape shape;
};

/**
 * struct hdm_region - a region's decoders in memory
 * @root: the root decoder
 * @hbs: host-bridge decoders
 * @eps: endpoint decoders, by position
 */
struct hdm_region {
	struct p2p_cxl_decoder root;
	struct p2p_cxl_decoder hbs[P2P_CXL_MAX_WAYS];
	struct p2p_cxl_decoder eps[P2P_CXL_MAX_WAYS];
};

static unsigned int hdm_log2(unsigned int x)
{
	unsigned int bits = 0;

	while (x > 1) {
		x >>= 1;
		bits++;
	}
	return bits;
}

/* The power-of-2 part of the ways, as a number of bits. */
static unsigned int hdm_way_bits(unsigned int ways)
{
	return hdm_log2(ways % 3 ? ways : ways / 3);
}

static void hdm_endpoint(struct p2p_cxl_decoder *ep, u64 base, u64 size,
			 unsigned int ways, unsigned int granularity,
			 unsigned int position)
{
	ep->kind = P2P_CXL_DECODER_ENDPOINT;
	ep->hpa_base = base;
	ep->hpa_size = size;
	ep->ways = ways;
	ep->granularity = granularity;
	/* Devices of different sizes, some with a skip before the region. */
	ep->dpa_base = (u64)position * SZ_1G;
	ep->dpa_skip = (u64)(position % 3) * SZ_2M;
}

static struct hdm_region *hdm_build(struct kunit *test, const struct hdm_case *c)
{
	struct hdm_region *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned int shift = hdm_log2(c->granularity), bits, i;
	u64 base, size = (u64)HDM_GRANULES * c->granularity;
	struct p2p_cxl_decoder *hb;

	KUNIT_ASSERT_NOT_NULL(test, r);
	base = c->arithmetic == P2P_CXL_XOR ? HDM_XOR_BASE : HDM_MOD_BASE;
	r->root = (struct p2p_cxl_decoder) {
		.kind = P2P_CXL_DECODER_ROOT,
		.hpa_base = base,
		.hpa_size = size,
		.ways = c->shape == HDM_AT_ROOT ? c->ways : 1,
		.granularity = c->shape == HDM_AT_ROOT ? c->granularity : 256,
		.arithmetic = c->arithmetic,
	};
	if (c->arithmetic == P2P_CXL_XOR) {
		/* One way bit each, a bit further up, and a base bit. */
		bits = hdm_way_bits(c->ways);
		r->root.nr_xormaps = bits;
		for (i = 0; i < bits; i++)
			r->root.xormaps[i] = BIT_ULL(shift + i) |
					     BIT_ULL(shift + bits + 2 + i) |
					     BIT_ULL(34 + (i & 1));
	}
	for (i = 0; i < c->ways; i++)
		hdm_endpoint(&r->eps[i], base, size, c->ways, c->granularity, i);
	if (c->shape == HDM_AT_HOST_BRIDGE) {
		hb = &r->hbs[0];
		*hb = (struct p2p_cxl_decoder) {
			.kind = P2P_CXL_DECODER_SWITCH,
			.hpa_base = base, .hpa_size = size,
			.ways = c->ways, .granularity = c->granularity,
		};
		for (i = 0; i < c->ways; i++)
			hb->targets[i] = &r->eps[i];
		r->root.targets[0] = hb;
	} else {
		for (i = 0; i < c->ways; i++) {
			hb = &r->hbs[i];
			*hb = (struct p2p_cxl_decoder) {
				.kind = P2P_CXL_DECODER_SWITCH,
				.hpa_base = base, .hpa_size = size,
				.ways = 1, .granularity = c->granularity,
			};
			hb->targets[0] = &r->eps[i];
			r->root.targets[i] = hb;
		}
	}
	return r;
}

/* Parity counted bit by bit: the spec's XORALLBITS, written out. */
static unsigned int hdm_xorallbits(u64 value)
{
	unsigned int parity = 0;

	for (; value; value >>= 1)
		parity ^= value & 1;
	return parity;
}

/* The position the spec gives granule @k (at address @hpa) of the window. */
static unsigned int hdm_oracle_position(const struct hdm_case *c,
					const struct p2p_cxl_decoder *root,
					u64 hpa, u64 k)
{
	unsigned int bits = hdm_way_bits(c->ways), position = 0, i;
	u32 rem;

	if (c->arithmetic == P2P_CXL_MODULO) {
		div_u64_rem(k, c->ways, &rem);
		return rem;
	}
	for (i = 0; i < bits; i++)
		position |= hdm_xorallbits(hpa & root->xormaps[i]) << i;
	if (c->ways % 3 == 0) {
		div_u64_rem(hpa >> (hdm_log2(c->granularity) + bits), 3, &rem);
		position |= rem << bits;
	}
	return position;
}

static const unsigned int hdm_ways[] = { 1, 2, 4, 8, 16, 3, 6, 12 };
static const unsigned int hdm_granularities[] = {
	256, 512, 1024, 2048, 4096, 8192, 16384,
};

/* Every way count at every granularity: modulo twice, XOR once. */
static struct hdm_case hdm_cases[3 * ARRAY_SIZE(hdm_ways) *
				 ARRAY_SIZE(hdm_granularities)];

static int hdm_suite_init(struct kunit_suite *suite)
{
	unsigned int i = 0, kind, w, g;

	for (kind = 0; kind < 3; kind++)
		for (w = 0; w < ARRAY_SIZE(hdm_ways); w++)
			for (g = 0; g < ARRAY_SIZE(hdm_granularities); g++)
				hdm_cases[i++] = (struct hdm_case) {
					.ways = hdm_ways[w],
					.granularity = hdm_granularities[g],
					.arithmetic = kind == 2 ? P2P_CXL_XOR :
						      P2P_CXL_MODULO,
					.shape = kind == 1 ? HDM_AT_HOST_BRIDGE :
						 HDM_AT_ROOT,
				};
	return 0;
}

static void hdm_case_desc(struct hdm_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u-way %u B %s at %s", c->ways,
		 c->granularity,
		 c->arithmetic == P2P_CXL_XOR ? "xor" : "modulo",
		 c->shape == HDM_AT_ROOT ? "root" : "host bridge");
}

KUNIT_ARRAY_PARAM(hdm, hdm_cases, hdm_case_desc);

static void hdm_expect_decode(struct kunit *test, const struct hdm_region *r,
			      u64 hpa, unsigned int position, u64 dpa)
{
	struct p2p_cxl_dpa out;
	u64 back;

	KUNIT_ASSERT_EQ_MSG(test, p2p_cxl_hpa_to_dpa(&r->root, hpa, &out), 0,
			    "hpa %#llx", hpa);
	KUNIT_ASSERT_PTR_EQ_MSG(test, out.endpoint, &r->eps[position],
				"hpa %#llx", hpa);
	KUNIT_ASSERT_EQ_MSG(test, out.position, position, "hpa %#llx", hpa);
	KUNIT_ASSERT_EQ_MSG(test, out.dpa, dpa, "hpa %#llx", hpa);
	KUNIT_ASSERT_EQ_MSG(test, p2p_cxl_dpa_to_hpa(&r->root, out.endpoint,
						     dpa, &back), 0,
			    "dpa %#llx", dpa);
	KUNIT_ASSERT_EQ_MSG(test, back, hpa, "dpa %#llx", dpa);
}

/*
 * Every granule of the window, at its first, a middle and its last byte,
 * lands where the spec sends it, and comes back.
 */
static void hdm_every_granule_lands_where_the_spec_says(struct kunit *test)
{
	const struct hdm_case *c = test->param_value;
	struct hdm_region *r = hdm_build(test, c);
	u64 received[P2P_CXL_MAX_WAYS] = {};
	u64 g = c->granularity, k, granules = div_u64(r->root.hpa_size, g);
	unsigned int position, i;

	KUNIT_ASSERT_EQ(test, p2p_cxl_region_check(&r->root), 0);
	for (k = 0; k < granules; k++) {
		u64 hpa = r->root.hpa_base + k * g;
		const struct p2p_cxl_decoder *ep;
		u64 dpa;

		position = hdm_oracle_position(c, &r->root, hpa, k);
		KUNIT_ASSERT_LT(test, position, c->ways);
		ep = &r->eps[position];
		dpa = ep->dpa_base + ep->dpa_skip + received[position] * g;
		hdm_expect_decode(test, r, hpa, position, dpa);
		hdm_expect_decode(test, r, hpa + g / 2 + 3, position, dpa + g / 2 + 3);
		hdm_expect_decode(test, r, hpa + g - 1, position, dpa + g - 1);
		received[position]++;
	}
	for (i = 0; i < c->ways; i++)
		KUNIT_EXPECT_EQ(test, received[i], div_u64(granules, c->ways));
}

/* Just outside every range: -ERANGE, never a neighbour's address. */
static void hdm_outside_a_decoder_is_erange(struct kunit *test)
{
	static const struct hdm_case c = { 4, 1024, P2P_CXL_MODULO, HDM_AT_ROOT };
	struct hdm_region *r = hdm_build(test, &c);
	const struct p2p_cxl_decoder *ep = &r->eps[2];
	u64 start = ep->dpa_base + ep->dpa_skip, dpa_size = ep->hpa_size >> 2;
	struct p2p_cxl_dpa out;
	u64 hpa;

	KUNIT_ASSERT_NE(test, ep->dpa_skip, 0);
	KUNIT_EXPECT_EQ(test, p2p_cxl_hpa_to_dpa(&r->root, r->root.hpa_base - 1,
						 &out), -ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_cxl_hpa_to_dpa(&r->root, r->root.hpa_base +
						 r->root.hpa_size, &out), -ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_cxl_hpa_to_dpa(&r->root, 0, &out), -ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_cxl_hpa_to_dpa(&r->root, U64_MAX, &out), -ERANGE);
	/* In the skip, and one past the end of what the device maps. */
	KUNIT_EXPECT_EQ(test, p2p_cxl_dpa_to_hpa(&r->root, ep, start - 1, &hpa),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_cxl_dpa_to_hpa(&r->root, ep, ep->dpa_base, &hpa),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_cxl_dpa_to_hpa(&r->root, ep, start + dpa_size,
						 &hpa), -ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_cxl_dpa_to_hpa(&r->root, ep, start + dpa_size - 1,
						 &hpa), 0);
	/* The last stripe's granule at position 2, its last byte. */
	KUNIT_EXPECT_EQ(test, hpa, r->root.hpa_base + r->root.hpa_size -
			4 * 1024 + 2 * 1024 + 1023);
	/* A host bridge whose region does not reach the window's end. */
	r->hbs[1].hpa_size = SZ_64K;
	KUNIT_EXPECT_EQ(test, p2p_cxl_hpa_to_dpa(&r->root, r->root.hpa_base +
						 SZ_64K + 1024, &out), -ERANGE);
}

/* Results that would wrap are -ERANGE; such decoders fail the check. */
static void hdm_wrapping_address_is_erange(struct kunit *test)
{
	static const struct hdm_case c = { 2, 256, P2P_CXL_MODULO, HDM_AT_ROOT };
	struct hdm_region *r = hdm_build(test, &c);
	struct p2p_cxl_decoder top = r->root;
	struct p2p_cxl_dpa out;
	u64 hpa;

	r->eps[1].dpa_base = U64_MAX - SZ_4K;
	KUNIT_EXPECT_EQ(test, p2p_cxl_decoder_check(&r->eps[1]), -ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_cxl_region_check(&r->root), -ERANGE);
	/* Granule 1 goes to the device whose DPA would wrap. */
	KUNIT_EXPECT_EQ(test, p2p_cxl_hpa_to_dpa(&r->root, r->root.hpa_base + 256,
						 &out), -ERANGE);
	KUNIT_EXPECT_EQ(test, p2p_cxl_hpa_to_dpa(&r->root, r->root.hpa_base, &out), 0);
	r->eps[1].dpa_skip = U64_MAX;
	KUNIT_EXPECT_EQ(test, p2p_cxl_dpa_to_hpa(&r->root, &r->eps[1], U64_MAX,
						 &hpa), -ERANGE);

	/* A window past the 52-bit HPA space, or wrapping around 2^64. */
	top.hpa_base = BIT_ULL(52) - SZ_256M;
	top.hpa_size = SZ_256M;
	KUNIT_EXPECT_EQ(test, p2p_cxl_decoder_check(&top), 0);
	top.hpa_size = SZ_512M;
	KUNIT_EXPECT_EQ(test, p2p_cxl_decoder_check(&top), -ERANGE);
	top.hpa_base = U64_MAX - SZ_256M + 1;
	KUNIT_EXPECT_EQ(test, p2p_cxl_decoder_check(&top), -ERANGE);
}

/**
 * struct hdm_bad_case - a decoder programming the spec does not allow
 * @name: what is wrong
 * @decoder: the decoder
 */
struct hdm_bad_case {
	const char *name;
	struct p2p_cxl_decoder decoder;
};

#define HDM_ROOT_AT(base, size, w, g, ...) { .kind = P2P_CXL_DECODER_ROOT, \
	.hpa_base = base, .hpa_size = size, .ways = w, .granularity = g, \
	__VA_ARGS__ }
#define HDM_ROOT(w, g, ...) HDM_ROOT_AT(HDM_XOR_BASE, SZ_256M * 3, w, g, \
					__VA_ARGS__)

static const struct hdm_bad_case hdm_bad_cases[] = {
	{ "5 ways", HDM_ROOT(5, 256) },
	{ "0 ways", HDM_ROOT(0, 256) },
	{ "24 ways", HDM_ROOT(24, 256) },
	{ "9 ways", HDM_ROOT(9, 256) },
	{ "128 B granularity", HDM_ROOT(2, 128) },
	{ "32 KiB granularity", HDM_ROOT(2, SZ_32K) },
	{ "768 B granularity", HDM_ROOT(2, 768) },
	{ "empty range", HDM_ROOT_AT(HDM_XOR_BASE, 0, 2, 256) },
	{ "range not whole stripes", HDM_ROOT_AT(HDM_XOR_BASE, SZ_16K + 4096, 4, 4096) },
	{ "XOR on a switch decoder", { .kind = P2P_CXL_DECODER_SWITCH,
	  .hpa_size = SZ_256M, .ways = 2, .granularity = 256,
	  .arithmetic = P2P_CXL_XOR, .nr_xormaps = 1, .xormaps = { 0x100 } } },
	{ "XOR without its XORMAP", HDM_ROOT(2, 256, .arithmetic = P2P_CXL_XOR) },
	{ "XOR with a map too many", HDM_ROOT(6, 256, .arithmetic = P2P_CXL_XOR,
	  .nr_xormaps = 2, .xormaps = { 0x100, 0x200 }) },
	{ "XORMAP inside a granule", HDM_ROOT(2, 1024, .arithmetic = P2P_CXL_XOR,
	  .nr_xormaps = 1, .xormaps = { 0x600 }) },
	{ "XORMAP above HPA bit 51", HDM_ROOT(2, 256, .arithmetic = P2P_CXL_XOR,
	  .nr_xormaps = 1, .xormaps = { BIT_ULL(8) | BIT_ULL(52) }) },
	{ "XORMAPs that alias", HDM_ROOT(4, 256, .arithmetic = P2P_CXL_XOR,
	  .nr_xormaps = 2, .xormaps = { 0x300, 0x300 }) },
	{ "XORMAP of no way bit", HDM_ROOT(2, 256, .arithmetic = P2P_CXL_XOR,
	  .nr_xormaps = 1, .xormaps = { BIT_ULL(20) }) },
	{ "XOR window not at a stripe", HDM_ROOT_AT(SZ_256M, SZ_256M * 3, 3, 256,
	  .arithmetic = P2P_CXL_XOR) },
	{ "XORMAPs with modulo", HDM_ROOT(2, 256, .nr_xormaps = 1,
	  .xormaps = { 0x100 }) },
};

static void hdm_bad_case_desc(const struct hdm_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hdm_bad, hdm_bad_cases, hdm_bad_case_desc);

static void hdm_check_refuses_what_the_spec_forbids(struct kunit *test)
{
	const struct hdm_bad_case *c = test->param_value;
	u64 hpa = c->decoder.hpa_base;
	unsigned int index;

	KUNIT_EXPECT_EQ(test, p2p_cxl_decoder_check(&c->decoder), -EINVAL);
	/* Ways or granularity the spec has no encoding for: no target. */
	if (c->decoder.ways == 5 || c->decoder.granularity == 768)
		KUNIT_EXPECT_EQ(test, p2p_cxl_decoder_target(&c->decoder, hpa,
							     &index), -EINVAL);
}

/* The XOR window of the good cases passes: the bad ones are bad alone. */
static void hdm_check_accepts_spec_programming(struct kunit *test)
{
	struct p2p_cxl_decoder xor6 = HDM_ROOT(6, 256, .arithmetic = P2P_CXL_XOR,
					       .nr_xormaps = 1,
					       .xormaps = { BIT_ULL(8) | BIT_ULL(30) });
	struct p2p_cxl_decoder mod12 = HDM_ROOT_AT(SZ_256M, SZ_256M * 3, 12,
						   SZ_16K);

	KUNIT_EXPECT_EQ(test, p2p_cxl_decoder_check(&xor6), 0);
	KUNIT_EXPECT_EQ(test, p2p_cxl_decoder_check(&mod12), 0);
}

/*
 * Addresses worked out by hand from the rules of CXL 3.1 sec 8.2.4.20.13
 * and Table 9-22, one region shape each.
 */
static void hdm_hand_computed_examples(struct kunit *test)
{
	struct hdm_case c2 = { 2, 256, P2P_CXL_MODULO, HDM_AT_ROOT };
	struct hdm_case c3 = { 3, 4096, P2P_CXL_MODULO, HDM_AT_HOST_BRIDGE };
	struct hdm_case c12 = { 12, 1024, P2P_CXL_MODULO, HDM_AT_ROOT };
	struct hdm_case x4 = { 4, 256, P2P_CXL_XOR, HDM_AT_ROOT };
	struct hdm_region *r;

	/* 2 host bridges at 256 B: 0x100 is granule 1, 0x234 granule 2. */
	r = hdm_build(test, &c2);
	hdm_expect_decode(test, r, HDM_MOD_BASE + 0x100, 1, SZ_1G + SZ_2M);
	hdm_expect_decode(test, r, HDM_MOD_BASE + 0x234, 0, 0x134);
	/* 3 ways at 4 KiB: granule 5 is position 2, stripe 1. */
	r = hdm_build(test, &c3);
	hdm_expect_decode(test, r, HDM_MOD_BASE + 0x5123, 2,
			  2 * (u64)SZ_1G + 2 * SZ_2M + 0x1123);
	/* 12 ways at 1 KiB: 0x70042 is granule 448 = 37 * 12 + 4. */
	r = hdm_build(test, &c12);
	hdm_expect_decode(test, r, HDM_MOD_BASE + 0x70042, 4,
			  4 * (u64)SZ_1G + SZ_2M + 37 * 1024 + 0x42);
	/*
	 * XOR 4 ways at 256 B, XORMAPs bits 8|12|34 and 9|13|35
	 * (hdm_build()); the base 0xc00000000 has bits 34 and 35 set. Offset
	 * 0x900 sets bits 8 and 11: map 0 sees bits 8 and 34 (parity 0),
	 * map 1 bit 35 (parity 1): position 2. Granule 9, stripe 9 div 4 = 2.
	 */
	r = hdm_build(test, &x4);
	hdm_expect_decode(test, r, HDM_XOR_BASE + 0x900, 2,
			  2 * (u64)SZ_1G + 2 * SZ_2M + 2 * 256);
	/* Offset 0x1100 (bits 8, 12): map 0 parity 1, map 1 parity 1. */
	hdm_expect_decode(test, r, HDM_XOR_BASE + 0x1100, 3,
			  3 * (u64)SZ_1G + 0 + (0x11 / 4) * 256);
}

/*
 * The 8-way region at 1 KiB of issue scenario (d), three decoder levels:
 * one host bridge across two root ports (1 KiB), a switch below each
 * across four downstream ports (2 KiB), eight devices (8 ways, 1 KiB).
 * The spec's flat answer, granule k to position k mod 8, must come out of
 * the three levels' own decisions.
 */
static void hdm_three_levels_compose_positions(struct kunit *test)
{
	struct p2p_cxl_decoder *d = kunit_kcalloc(test, 12, sizeof(*d), GFP_KERNEL);
	struct p2p_cxl_decoder *root, *hb, *sw[2], *ep[8];
	u64 base = SZ_4G, size = SZ_1M, received[8] = {};
	unsigned int i, k, position;
	struct p2p_cxl_dpa out;
	u64 hpa;

	KUNIT_ASSERT_NOT_NULL(test, d);
	root = &d[0];
	hb = &d[1];
	*root = (struct p2p_cxl_decoder) { .kind = P2P_CXL_DECODER_ROOT,
		.hpa_base = base, .hpa_size = SZ_256M, .ways = 1,
		.granularity = 256, .targets = { hb } };
	*hb = (struct p2p_cxl_decoder) { .kind = P2P_CXL_DECODER_SWITCH,
		.hpa_base = base, .hpa_size = size, .ways = 2,
		.granularity = 1024 };
	for (i = 0; i < 2; i++) {
		sw[i] = &d[2 + i];
		hb->targets[i] = sw[i];
		*sw[i] = (struct p2p_cxl_decoder) { .kind = P2P_CXL_DECODER_SWITCH,
			.hpa_base = base, .hpa_size = size, .ways = 4,
			.granularity = 2048 };
	}
	for (i = 0; i < 8; i++) {
		/* Position i: root port i % 2, downstream port i / 2. */
		ep[i] = &d[4 + i];
		sw[i % 2]->targets[i / 2] = ep[i];
		*ep[i] = (struct p2p_cxl_decoder) { .kind = P2P_CXL_DECODER_ENDPOINT,
			.hpa_base = base, .hpa_size = size, .ways = 8,
			.granularity = 1024, .dpa_skip = i * SZ_1M };
	}
	KUNIT_ASSERT_EQ(test, p2p_cxl_region_check(root), 0);

	for (k = 0; k < SZ_1M / 1024; k++) {
		position = k % 8;
		hpa = base + k * 1024 + (k & 1023);
		KUNIT_ASSERT_EQ(test, p2p_cxl_hpa_to_dpa(root, hpa, &out), 0);
		KUNIT_ASSERT_PTR_EQ_MSG(test, out.endpoint, ep[position],
					"granule %u", k);
		KUNIT_ASSERT_EQ(test, out.position, position);
		KUNIT_ASSERT_EQ(test, out.dpa, ep[position]->dpa_skip +
				received[position] * 1024 + (k & 1023));
		KUNIT_ASSERT_EQ(test, p2p_cxl_dpa_to_hpa(root, out.endpoint,
							 out.dpa, &hpa), 0);
		KUNIT_ASSERT_EQ(test, hpa, base + k * 1024 + (k & 1023));
		received[position]++;
	}
	/* Past the region but inside the window: no decoder below takes it. */
	KUNIT_EXPECT_EQ(test, p2p_cxl_hpa_to_dpa(root, base + size, &out), -ERANGE);

	/* The switches at the host bridge's granularity do not compose. */
	sw[1]->granularity = 1024;
	KUNIT_EXPECT_EQ(test, p2p_cxl_region_check(root), -EINVAL);
}

/*
 * A 3-way window over host bridges that each interleave two root ports:
 * the host bridges interleave at the region's granularity (the CXL core
 * divides the 3 out), so a device gets the granules k with k mod 3 its
 * host bridge and k mod 2 its root port: one of every six, DPA k div 6.
 */
static void hdm_three_way_root_with_two_way_host_bridges(struct kunit *test)
{
	struct p2p_cxl_decoder *d = kunit_kcalloc(test, 10, sizeof(*d), GFP_KERNEL);
	u64 base = SZ_256M, size = SZ_256K * 3, received[6] = {};
	struct p2p_cxl_decoder *root, *hb[3], *ep[6];
	unsigned int i, h, p, k;
	struct p2p_cxl_dpa out;
	u64 hpa;

	KUNIT_ASSERT_NOT_NULL(test, d);
	root = &d[0];
	*root = (struct p2p_cxl_decoder) { .kind = P2P_CXL_DECODER_ROOT,
		.hpa_base = base, .hpa_size = SZ_256M * 3, .ways = 3,
		.granularity = 512 };
	for (h = 0; h < 3; h++) {
		hb[h] = &d[1 + h];
		root->targets[h] = hb[h];
		*hb[h] = (struct p2p_cxl_decoder) { .kind = P2P_CXL_DECODER_SWITCH,
			.hpa_base = base, .hpa_size = size, .ways = 2,
			.granularity = 512 };
		for (p = 0; p < 2; p++) {
			i = h + 3 * p;	/* the CXL core's position */
			ep[i] = &d[4 + i];
			hb[h]->targets[p] = ep[i];
			*ep[i] = (struct p2p_cxl_decoder) {
				.kind = P2P_CXL_DECODER_ENDPOINT,
				.hpa_base = base, .hpa_size = size, .ways = 6,
				.granularity = 512, .dpa_base = i * SZ_1M };
		}
	}
	KUNIT_ASSERT_EQ(test, p2p_cxl_region_check(root), 0);
	for (k = 0; k < SZ_256K * 3 / 512; k++) {
		i = k % 3 + 3 * (k % 2);
		hpa = base + k * 512 + 17;
		KUNIT_ASSERT_EQ(test, p2p_cxl_hpa_to_dpa(root, hpa, &out), 0);
		KUNIT_ASSERT_PTR_EQ(test, out.endpoint, ep[i]);
		KUNIT_ASSERT_EQ(test, out.position, i);
		KUNIT_ASSERT_EQ(test, out.dpa, ep[i]->dpa_base +
				received[i] * 512 + 17);
		KUNIT_ASSERT_EQ(test, p2p_cxl_dpa_to_hpa(root, ep[i], out.dpa,
							 &hpa), 0);
		KUNIT_ASSERT_EQ(test, hpa, base + k * 512 + 17);
		received[i]++;
	}
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ(test, received[i], SZ_256K * 3 / 512 / 6);
}

/* Trees that are not a region: refused before anything is translated. */
static void hdm_region_check_refuses_broken_trees(struct kunit *test)
{
	static const struct hdm_case c = { 4, 256, P2P_CXL_MODULO, HDM_AT_HOST_BRIDGE };
	struct hdm_region *r = hdm_build(test, &c);

	KUNIT_ASSERT_EQ(test, p2p_cxl_region_check(&r->root), 0);
	KUNIT_EXPECT_EQ(test, p2p_cxl_region_check(&r->hbs[0]), -EINVAL);

	r->hbs[0].targets[3] = &r->eps[0];	/* a device twice */
	KUNIT_EXPECT_EQ(test, p2p_cxl_region_check(&r->root), -EINVAL);
	r->hbs[0].targets[3] = NULL;		/* a missing target */
	KUNIT_EXPECT_EQ(test, p2p_cxl_region_check(&r->root), -EINVAL);
	r->hbs[0].targets[3] = &r->eps[3];
	r->eps[3].ways = 2;			/* ways not the product */
	KUNIT_EXPECT_EQ(test, p2p_cxl_region_check(&r->root), -EINVAL);
	r->eps[3].ways = 4;
	r->eps[3].hpa_base += SZ_4K;		/* not the region's range */
	KUNIT_EXPECT_EQ(test, p2p_cxl_region_check(&r->root), -EINVAL);
	r->eps[3].hpa_base -= SZ_4K;
	r->hbs[0].hpa_base -= SZ_4K;		/* outside its parent */
	KUNIT_EXPECT_EQ(test, p2p_cxl_region_check(&r->root), -EINVAL);
	r->hbs[0].hpa_base += SZ_4K;
	r->hbs[0].targets[1] = &r->root;	/* a loop through the root */
	KUNIT_EXPECT_EQ(test, p2p_cxl_region_check(&r->root), -EINVAL);
	r->hbs[0].targets[1] = &r->eps[1];
	KUNIT_EXPECT_EQ(test, p2p_cxl_region_check(&r->root), 0);
}

static struct kunit_case hdm_test_cases[] = {
	KUNIT_CASE_PARAM(hdm_every_granule_lands_where_the_spec_says,
			 hdm_gen_params),
	KUNIT_CASE(hdm_outside_a_decoder_is_erange),
	KUNIT_CASE(hdm_wrapping_address_is_erange),
	KUNIT_CASE_PARAM(hdm_check_refuses_what_the_spec_forbids,
			 hdm_bad_gen_params),
	KUNIT_CASE(hdm_check_accepts_spec_programming),
	KUNIT_CASE(hdm_hand_computed_examples),
	KUNIT_CASE(hdm_three_levels_compose_positions),
	KUNIT_CASE(hdm_three_way_root_with_two_way_host_bridges),
	KUNIT_CASE(hdm_region_check_refuses_broken_trees),
	{}
};

static struct kunit_suite hdm_test_suite = {
	.name = "p2p_cxl_hdm",
	.suite_init = hdm_suite_init,
	.test_cases = hdm_test_cases,
};

kunit_test_suite(hdm_test_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
