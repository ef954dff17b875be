// SPDX-License-Identifier: GPL-2.0
/*
 * The figures of CXL links, from what the CXL core and the PCI core
 * already know, in the graph's units (MB/s, ns), reads and writes apart.
 */
#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/pci.h>

#include "cxl.h"
#include "cxlmem.h"
#include "pci.h"		/* drivers/pci: PCIE_SPEED2MBS_ENC() */
#include "perf.h"

/**
 * DOC: CXL link attributes
 *
 * Every figure comes from the kernel; none is guessed:
 *
 * - A link from a dport (a root port or switch downstream port) to the
 *   port or endpoint below is a PCIe link: its bandwidth is the negotiated
 *   speed and width after encoding overhead (PCIe r6.0 sec 4.2, the PCI
 *   core's table, as the PCIe backend counts), its latency the CXL core's
 *   flit latency, &cxl_dport.link_latency (the CXL Memory Device Software
 *   Guide rev 1.0 sec 2.11.4: a 68-byte flit, 256 bytes in PCIe Flit Mode,
 *   over the link's raw rate, pcie_link_bandwidth_mbps()).
 * - Inside a switch, from its upstream port to a downstream port: the
 *   switch's CDAT SSLBIS (&cxl_dport.coord) where the switch has a CDAT;
 *   otherwise the downstream port's link rate, as the PCIe backend does
 *   for a switch's internal links, and an unknown latency.
 * - Inside a host bridge, to a root port: an internal link, as the CXL
 *   core has the root port be part of its host bridge (no figures).
 *
 * A switch's SSLBIS is taken field by field: a figure it lacks falls back
 * to the downstream port's link rate (bandwidth) or stays unknown. (The
 * 6.12 core stores an entry between two downstream ports in the first
 * one's &cxl_dport.coord as well; QEMU's switches have none.)
 * - From the CXL root to a host bridge: the ACPI HMAT figures of the host
 *   bridge's Generic Port (the root's &cxl_dport.coord), when firmware
 *   gives them; otherwise unknown.
 * - Into a region, from the port above all of its memory devices: the
 *   region's memory as a whole. An interleave set sends each of its n
 *   positions 1/n of the traffic, so each device (its CDAT DSLBIS
 *   bandwidth for the region's partition, &cxl_dpa_perf.cdat_coord) and
 *   each link between that port and the devices, of capacity C and
 *   shared by k positions, caps the region at C * n / k; the region runs
 *   at the least of these. Its latency is the slowest device's: DSLBIS
 *   latency plus its links'. The CXL core fills the DSLBIS figures only
 *   when it could work out the device's performance from the host
 *   (cxl_endpoint_get_perf_coordinates(): every switch on the way with
 *   CDAT figures and the host bridge's Generic Port in the ACPI HMAT) and
 *   the platform's QTG _DSM gave it a QoS class; otherwise the region's
 *   figures are unknown.
 *
 * An unknown figure is 0, and a route over a link with an unknown figure
 * has that figure unknown too (&struct p2p_route_info). The figures are
 * read when the node is added; a link retrained later keeps them.
 */

/* @c's figures, each where it is known (access_coordinate: MB/s, ns). */
static void p2p_cxl_coord_attr(const struct access_coordinate *c,
			       struct p2p_link_attr *attr)
{
	attr->bandwidth_MBps = c->read_bandwidth;
	attr->latency_ns = c->read_latency;
	attr->write_bandwidth_MBps = c->write_bandwidth;
	attr->write_latency_ns = c->write_latency;
}

static bool p2p_cxl_coord_known(const struct access_coordinate *c)
{
	return c->read_bandwidth || c->write_bandwidth || c->read_latency ||
	       c->write_latency;
}

/*
 * The negotiated rate of @dev's PCIe link in MB/s after encoding overhead,
 * as the PCIe backend counts (the PCI core's PCIE_SPEED2MBS_ENC(), per
 * lane, times the width); 0 when unknown. Not pcie_link_bandwidth_mbps(),
 * which leaves the encoding in.
 */
static u32 p2p_cxl_pcie_MBps(struct device *dev)
{
	enum pci_bus_speed speed;
	u16 lnksta;

	if (!dev || !dev_is_pci(dev) || !pci_is_pcie(to_pci_dev(dev)) ||
	    pcie_capability_read_word(to_pci_dev(dev), PCI_EXP_LNKSTA, &lnksta))
		return 0;
	speed = pcie_link_speed[FIELD_GET(PCI_EXP_LNKSTA_CLS, lnksta)];
	return DIV_ROUND_CLOSEST(PCIE_SPEED2MBS_ENC(speed) *
				 FIELD_GET(PCI_EXP_LNKSTA_NLW, lnksta),
				 BITS_PER_BYTE);
}

/**
 * p2p_cxl_dport_attr() - the figures of a link from a switch to its dport
 * @dport: a switch downstream port (a root port's link is internal)
 * @attr: set: the switch's SSLBIS for @dport, field by field; a bandwidth
 *	it lacks is @dport's link rate
 *
 * Context: process context; reads @dport's PCIe Link Status.
 */
void p2p_cxl_dport_attr(const struct cxl_dport *dport,
			struct p2p_link_attr *attr)
{
	const struct access_coordinate *c = &dport->coord[ACCESS_COORDINATE_LOCAL];

	p2p_cxl_coord_attr(c, attr);
	if (!attr->bandwidth_MBps)
		attr->bandwidth_MBps = p2p_cxl_pcie_MBps(dport->dport_dev);
}

/**
 * p2p_cxl_link_attr() - the figures of the link below a dport
 * @dport: the dport the port or endpoint hangs below
 * @attr: set: for a host bridge below the root, its Generic Port's
 *	figures; for a PCIe dport, the link's rate and flit latency
 *
 * Context: process context; reads @dport's PCIe Link Status.
 */
void p2p_cxl_link_attr(const struct cxl_dport *dport,
		       struct p2p_link_attr *attr)
{
	if (is_cxl_root(dport->port)) {
		p2p_cxl_coord_attr(&dport->coord[ACCESS_COORDINATE_LOCAL], attr);
		return;
	}
	attr->bandwidth_MBps = p2p_cxl_pcie_MBps(dport->dport_dev);
	if (attr->bandwidth_MBps && dport->link_latency > 0)
		attr->latency_ns = DIV_ROUND_UP(dport->link_latency, 1000);
}

/**
 * p2p_cxl_device_attr() - a memory device's own figures for a partition
 * @cxled: the endpoint decoder of a region's member
 * @attr: set: the device's CDAT DSLBIS figures for the partition
 *	@cxled decodes, where the CXL core has them; left alone otherwise
 *
 * Context: process context, with the region's configuration held still
 * (cxl_region_params_read_lock(): @cxled's DPA range). The partition's
 * figures are set when the endpoint probes (cxl_endpoint_parse_cdat()),
 * before any of its decoders exists, and do not change after.
 */
void p2p_cxl_device_attr(struct cxl_endpoint_decoder *cxled,
			 struct p2p_link_attr *attr)
{
	struct cxl_dev_state *cxlds = cxled_to_memdev(cxled)->cxlds;
	struct cxl_memdev_state *mds;
	struct cxl_dpa_perf *perf;
	struct range dpa;

	/* cxl_memdev_shutdown() clears it. */
	mds = cxlds ? to_cxl_memdev_state(cxlds) : NULL;
	if (!mds || !cxled->dpa_res)
		return;
	switch (cxled->mode) {
	case CXL_DECODER_RAM:
		perf = &mds->ram_perf;
		break;
	case CXL_DECODER_PMEM:
		perf = &mds->pmem_perf;
		break;
	default:
		return;
	}
	/*
	 * The partition's figures are those of one DSMAS range of it: only
	 * for decoders inside that range, as cxled_get_dpa_perf() has it.
	 * All 0 until the CXL core could place the device (see above).
	 */
	dpa = (struct range) {
		.start = cxled->dpa_res->start,
		.end = cxled->dpa_res->end,
	};
	if (range_contains(&perf->dpa_range, &dpa) &&
	    p2p_cxl_coord_known(&perf->cdat_coord[ACCESS_COORDINATE_LOCAL]))
		p2p_cxl_coord_attr(&perf->cdat_coord[ACCESS_COORDINATE_LOCAL],
				   attr);
}

/* Reads or writes: one direction's figures of an attribute. */
struct p2p_cxl_dir {
	u32 bw, lat;
};

static struct p2p_cxl_dir p2p_cxl_dir_of(const struct p2p_link_attr *a,
					 bool write)
{
	if (!write)
		return (struct p2p_cxl_dir){ a->bandwidth_MBps, a->latency_ns };
	return (struct p2p_cxl_dir){
		a->write_bandwidth_MBps ?: a->bandwidth_MBps,
		a->write_latency_ns ?: a->latency_ns,
	};
}

/* How many of the @n members' paths up to @anchor cross @port's uplink. */
static unsigned int p2p_cxl_sharers(const struct p2p_cxl_port *port,
				    const struct p2p_cxl_port *anchor,
				    const struct p2p_cxl_port *const *endpoints,
				    unsigned int n)
{
	const struct p2p_cxl_port *p;
	unsigned int i, k = 0;

	for (i = 0; i < n; i++)
		for (p = endpoints[i]; p && p != anchor; p = p->parent)
			if (p == port) {
				k++;
				break;
			}
	return k;
}

/*
 * One direction of the region's figures; see the DOC above. An interleave
 * set sends each of its @n positions 1/@n of the traffic, so a device or
 * link of capacity C that k positions share carries the whole at most at
 * C * @n / k: the region runs at the least of these.
 */
static struct p2p_cxl_dir
p2p_cxl_region_dir(const struct p2p_cxl_port *anchor,
		   const struct p2p_cxl_port *const *endpoints,
		   const struct p2p_link_attr *devices, unsigned int n,
		   bool write)
{
	bool bw_known = true, lat_known = true;
	const struct p2p_cxl_port *p;
	struct p2p_cxl_dir d;
	u64 bw = U64_MAX;
	u32 lat, max_lat = 0;
	unsigned int i, k;

	for (i = 0; i < n; i++) {
		d = p2p_cxl_dir_of(&devices[i], write);
		if (!d.bw)
			bw_known = false;
		bw = min_t(u64, bw, (u64)d.bw * n);
		lat = d.lat;
		for (p = endpoints[i]; p && p != anchor; p = p->parent) {
			d = p2p_cxl_dir_of(&p->uplink_attr, write);
			if (p->uplink_attr.internal)
				continue;
			if (!d.bw)
				bw_known = false;
			k = p2p_cxl_sharers(p, anchor, endpoints, n);
			bw = min_t(u64, bw, div_u64((u64)d.bw * n, k));
			/* Saturate, as p2p_route_summarise() does. */
			lat = d.lat && lat ? (lat <= U32_MAX - d.lat ?
					      lat + d.lat : U32_MAX) : 0;
		}
		if (p != anchor)
			return (struct p2p_cxl_dir){ 0, 0 };
		if (!lat)
			lat_known = false;
		max_lat = max(max_lat, lat);
	}
	return (struct p2p_cxl_dir){
		bw_known ? min_t(u64, bw, U32_MAX) : 0,
		lat_known ? max_lat : 0,
	};
}

/**
 * p2p_cxl_region_attr() - the figures of the link into a region
 * @anchor: the port the region's node hangs below: the deepest above all
 *	of @endpoints
 * @endpoints: the region's members' endpoint ports, @n of them; each must
 *	have @anchor above it (through &p2p_cxl_port.parent)
 * @devices: each member's own figures (p2p_cxl_device_attr()), by
 *	position as @endpoints
 * @n: the region's interleave ways
 * @attr: set: the region's bandwidth (the devices' parts added up, each
 *	capped by the links to it, a shared link capping the sum of the
 *	devices below it) and latency (the slowest device's, with its links),
 *	for reads and writes; a direction with any figure unknown is left 0
 *
 * Context: any; reads only the ports' &p2p_cxl_port.uplink_attr and
 * &p2p_cxl_port.parent, which do not change while the ports are in the
 * graph.
 */
void p2p_cxl_region_attr(const struct p2p_cxl_port *anchor,
			 const struct p2p_cxl_port *const *endpoints,
			 const struct p2p_link_attr *devices, unsigned int n,
			 struct p2p_link_attr *attr)
{
	struct p2p_cxl_dir rd, wr;

	if (!n)
		return;
	rd = p2p_cxl_region_dir(anchor, endpoints, devices, n, false);
	wr = p2p_cxl_region_dir(anchor, endpoints, devices, n, true);
	attr->bandwidth_MBps = rd.bw;
	attr->latency_ns = rd.lat;
	/* Only where writes differ: 0 reads as "as for reads". */
	attr->write_bandwidth_MBps = wr.bw != rd.bw ? wr.bw : 0;
	attr->write_latency_ns = wr.lat != rd.lat ? wr.lat : 0;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cxl_region_attr);
