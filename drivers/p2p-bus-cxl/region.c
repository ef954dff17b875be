// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: CXL regions in the graph
 *
 * A committed region is host physical address (HPA) space that its
 * decoders spread over memory devices. While the cxl_region driver is
 * bound to it, the region has the following (the CXL core binds only
 * committed regions; it unbinds before decommitting through sysfs, but
 * resets the decoders first when a target goes, cxl_region_detach(), so
 * a port whose driver unbinds, or that goes, takes the regions through
 * it first):
 *
 * - a node of its own, named after it ("regionN"), below the deepest
 *   port above all its devices that decodes it: the switch, the host
 *   bridge, or the root (the window, CFMWS, for a region interleaved
 *   across host bridges). The host reaches it down through that port,
 *   and a client below a switch with PCIe Unordered IO inside it
 *   (rules.c);
 *
 * - a provider on that node: the region's HPA range, as %P2P_ADDR_CPU_PHYS
 *   at its host physical address, of type %P2P_MEM_CXL_HDM;
 *
 * - a provider on each member's endpoint node: the device physical
 *   address (DPA) range its endpoint decoder maps, as %P2P_ADDR_CXL_DPA
 *   qualified by the memory device's id, of type %P2P_MEM_CXL_HDM. Its
 *   memory has no HPA of its own (it is interleaved into the region's),
 *   so no route translates into it: it tells which device holds which
 *   part of the region, and routes to it say whether a client reaches
 *   that device at all;
 *
 * - a copy of its decoders (&struct p2p_cxl_decoder, read from the root
 *   decoder, the region's decoder in every port on the way, and the
 *   endpoint decoders), through which p2p_cxl_region_hpa_to_dpa() and
 *   p2p_cxl_region_dpa_to_hpa() decode its addresses (hdm.c).
 *
 * The providers are not published: p2pmem users want PCI BAR memory.
 * A region that the copy cannot describe gets nothing, with a warning:
 * a window with XOR arithmetic (its CXIMS maps stay private to cxl_acpi),
 * or decoders that do not form a tree p2p_cxl_region_check() accepts.
 * Removing a port node first removes every region that reaches it, so
 * that a region never outlives its devices' nodes.
 */
#define pr_fmt(fmt) "p2p-bus-cxl: " fmt

#include <kunit/visibility.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/math64.h>
#include <linux/range.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cxlmem.h"
#include "hdm.h"
#include "perf.h"
#include "port.h"
#include "region.h"

/* The root decoder, and one per port level below it for every member */
#define P2P_CXL_REGION_MAX_DECODERS \
	(1 + P2P_CXL_MAX_WAYS * (P2P_CXL_MAX_LEVELS - 1))

/**
 * struct p2p_cxl_region_member - one position of a region's interleave set
 * @endpoint: the endpoint port's node data
 * @decoder: the copy of its endpoint decoder, in &p2p_cxl_region.decoders
 * @provider: the DPA range it maps
 * @memdev_id: the memory device's id (the N of "memN")
 */
struct p2p_cxl_region_member {
	struct p2p_cxl_port *endpoint;
	const struct p2p_cxl_decoder *decoder;
	struct p2p_provider *provider;
	int memdev_id;
};

/**
 * struct p2p_cxl_region - a committed region in the graph
 * @rcu: frees the region after route searches that may read @port
 * @port: the region node's backend data (kind %P2P_CXL_PORT_REGION); its
 *	@members point into @endpoints
 * @entry: in p2p_cxl_regions
 * @dev: the region's device (a reference is held)
 * @hpa: the region's HPA range
 * @provider: the region's HPA range
 * @members: one per position
 * @endpoints: @members' endpoint ports, as rules.c reads them
 * @figures: each member's own figures for the partition its decoder maps
 *	(CDAT DSLBIS, p2p_cxl_device_attr()), by position; 0 where the CXL
 *	core has none
 * @nr_members: the region's interleave ways
 * @root: the copy of the root decoder, in @decoders
 * @nr_decoders: entries used in @decoders
 * @decoders: the copies of the region's decoders
 */
struct p2p_cxl_region {
	struct rcu_head rcu;	/* first: kvfree_rcu() wants it near */
	struct p2p_cxl_port port;
	struct list_head entry;
	struct device *dev;
	struct range hpa;
	struct p2p_provider *provider;
	struct p2p_cxl_region_member members[P2P_CXL_MAX_WAYS];
	const struct p2p_cxl_port *endpoints[P2P_CXL_MAX_WAYS];
	struct p2p_link_attr figures[P2P_CXL_MAX_WAYS];
	unsigned int nr_members;
	const struct p2p_cxl_decoder *root;
	unsigned int nr_decoders;
	struct p2p_cxl_decoder decoders[P2P_CXL_REGION_MAX_DECODERS];
};

/* Under p2p_cxl_lock. */
static LIST_HEAD(p2p_cxl_regions);

/* Which decoder of the CXL core each copy in @decoders was made from. */
struct p2p_cxl_region_build {
	struct p2p_cxl_region *region;
	const struct cxl_decoder *from[P2P_CXL_REGION_MAX_DECODERS];
};

static struct p2p_cxl_decoder *
p2p_cxl_region_copy(struct p2p_cxl_region_build *build,
		    const struct cxl_decoder *cxld,
		    enum p2p_cxl_decoder_kind kind, bool *existed)
{
	struct p2p_cxl_region *region = build->region;
	struct p2p_cxl_decoder *copy;
	unsigned int i;

	for (i = 0; i < region->nr_decoders; i++) {
		if (build->from[i] == cxld) {
			*existed = true;
			return &region->decoders[i];
		}
	}
	*existed = false;
	if (region->nr_decoders == ARRAY_SIZE(region->decoders))
		return ERR_PTR(-E2BIG);
	build->from[region->nr_decoders] = cxld;
	copy = &region->decoders[region->nr_decoders++];
	copy->kind = kind;
	copy->hpa_base = cxld->hpa_range.start;
	copy->hpa_size = range_len(&cxld->hpa_range);
	copy->ways = cxld->interleave_ways;
	copy->granularity = cxld->interleave_granularity;
	copy->arithmetic = P2P_CXL_MODULO;
	return copy;
}

/* The index of @dport among the targets of @cxlsd, or -ENXIO. */
static int p2p_cxl_target_index(const struct cxl_switch_decoder *cxlsd,
				const struct cxl_dport *dport)
{
	int i, last = min3(cxlsd->cxld.interleave_ways, cxlsd->nr_targets,
			P2P_CXL_MAX_WAYS);

	for (i = 0; i < last; i++)
		if (cxlsd->target[i] == dport)
			return i;
	return -ENXIO;
}

/*
 * Copy the decoders from @cxled up to the root: at each port above, the
 * decoder the region uses there (the root decoder at the root) sends the
 * target index of the dport the port below hangs from to the copy below.
 * Stops at a decoder copied for another member already.
 */
static int p2p_cxl_region_copy_path(struct p2p_cxl_region_build *build,
				    struct cxl_region *cxlr,
				    struct cxl_root_decoder *cxlrd,
				    struct cxl_endpoint_decoder *cxled,
				    struct p2p_cxl_decoder **endpoint)
{
	struct p2p_cxl_decoder *below, *copy;
	struct cxl_port *port = cxled_to_port(cxled);
	struct cxl_switch_decoder *cxlsd;
	unsigned int level;
	bool existed;
	int index;

	below = p2p_cxl_region_copy(build, &cxled->cxld,
				    P2P_CXL_DECODER_ENDPOINT, &existed);
	if (IS_ERR(below))
		return PTR_ERR(below);
	if (existed || !cxled->dpa_res)
		return -EINVAL;	/* one decoder at two positions */
	below->dpa_base = cxled->dpa_res->start - cxled->skip;
	below->dpa_skip = cxled->skip;
	*endpoint = below;

	for (level = 0; level < P2P_CXL_MAX_LEVELS; level++) {
		struct cxl_port *parent = to_cxl_port(port->dev.parent);
		enum p2p_cxl_decoder_kind kind = P2P_CXL_DECODER_SWITCH;

		if (is_cxl_root(parent)) {
			cxlsd = &cxlrd->cxlsd;
			kind = P2P_CXL_DECODER_ROOT;
		} else {
			struct cxl_region_ref *rr;

			rr = xa_load(&parent->regions, (unsigned long)cxlr);
			if (!rr || !rr->decoder ||
			    !is_switch_decoder(&rr->decoder->dev))
				return -ENXIO;
			cxlsd = to_cxl_switch_decoder(&rr->decoder->dev);
		}
		index = p2p_cxl_target_index(cxlsd, port->parent_dport);
		if (index < 0)
			return index;
		copy = p2p_cxl_region_copy(build, &cxlsd->cxld, kind, &existed);
		if (IS_ERR(copy))
			return PTR_ERR(copy);
		if (copy->targets[index] && copy->targets[index] != below)
			return -EINVAL;	/* two devices at one target */
		copy->targets[index] = below;
		if (existed || kind == P2P_CXL_DECODER_ROOT)
			return 0;
		below = copy;
		port = parent;
	}
	return -EINVAL;	/* deeper than CXL allows */
}

/*
 * Copy @cxlr's decoders into @region. The root decoder's copy decodes the
 * whole window, as the root decoder does; a region holds only part of it.
 */
static int p2p_cxl_region_copy_decoders(struct p2p_cxl_region *region,
					struct cxl_region *cxlr)
{
	struct cxl_region_params *p = &cxlr->params;
	struct cxl_root_decoder *cxlrd;
	struct p2p_cxl_region_build *build;
	struct p2p_cxl_decoder *endpoint;
	unsigned int pos;
	int ret = 0;

	if (!is_root_decoder(cxlr->dev.parent))
		return -EINVAL;
	cxlrd = to_cxl_root_decoder(cxlr->dev.parent);
	/* XOR arithmetic: the window's CXIMS XORMAPs are cxl_acpi's secret. */
	if (cxlrd->hpa_to_spa)
		return -EOPNOTSUPP;
	if (p->nr_targets != p->interleave_ways ||
	    p->nr_targets > P2P_CXL_MAX_WAYS || !p->res)
		return -EINVAL;

	build = kzalloc(sizeof(*build), GFP_KERNEL);
	if (!build)
		return -ENOMEM;
	build->region = region;
	for (pos = 0; pos < p->nr_targets && !ret; pos++) {
		struct cxl_endpoint_decoder *cxled = p->targets[pos];

		if (!cxled)
			ret = -EINVAL;
		else
			ret = p2p_cxl_region_copy_path(build, cxlr, cxlrd,
						       cxled, &endpoint);
		if (!ret) {
			region->members[pos].decoder = endpoint;
			region->members[pos].memdev_id =
				cxled_to_memdev(cxled)->id;
			region->endpoints[pos] = NULL;
			p2p_cxl_device_attr(cxled, &region->figures[pos]);
		}
	}
	for (pos = 0; !ret && pos < region->nr_decoders; pos++)
		if (build->from[pos] == &cxlrd->cxlsd.cxld)
			region->root = &region->decoders[pos];
	kfree(build);
	if (ret)
		return ret;
	region->nr_members = p->nr_targets;
	region->hpa = (struct range) {
		.start = p->res->start,
		.end = p->res->end,
	};
	return region->root ? p2p_cxl_region_check(region->root) : -EINVAL;
}

/*
 * The copy of the root decoder is the first only when the first member's
 * path reached the root without meeting another copy, which it always
 * does; p2p_cxl_region_copy_decoders() checks it anyway.
 */

/*
 * Where the region hangs: the deepest port above every member that has
 * a decoder of the region (a switch, a host bridge or the root), the one
 * that spreads the region's HPAs over them all.
 */
static struct p2p_cxl_port *p2p_cxl_region_anchor(struct p2p_cxl_region *region)
{
	struct p2p_cxl_port *candidate;
	const struct p2p_cxl_port *port;
	unsigned int i;

	for (candidate = region->members[0].endpoint->parent; candidate;
	     candidate = candidate->parent) {
		if (candidate->kind != P2P_CXL_PORT_SWITCH &&
		    candidate->kind != P2P_CXL_PORT_HOST_BRIDGE &&
		    candidate->kind != P2P_CXL_PORT_ROOT)
			continue;
		for (i = 1; i < region->nr_members; i++) {
			for (port = region->members[i].endpoint; port;
			     port = port->parent)
				if (port == candidate)
					break;
			if (!port)
				break;
		}
		if (i == region->nr_members)
			return candidate;
	}
	return NULL;
}

static const struct p2p_link_attr p2p_cxl_region_hop = {
	.cost = 1,
	.dirs = P2P_DIR_BOTH,
};

/* Take @region out of the graph and free it; under p2p_cxl_lock. */
static void p2p_cxl_region_free(struct p2p_cxl_region *region)
{
	unsigned int i;

	list_del(&region->entry);
	for (i = 0; i < region->nr_members; i++)
		if (!IS_ERR_OR_NULL(region->members[i].provider))
			p2p_provider_remove(region->members[i].provider);
	if (!IS_ERR_OR_NULL(region->provider))
		p2p_provider_remove(region->provider);
	if (!IS_ERR_OR_NULL(region->port.uplink))
		p2p_link_remove(region->port.uplink);
	if (!IS_ERR_OR_NULL(region->port.node))
		p2p_node_remove(region->port.node);
	put_device(region->dev);
	kvfree_rcu(region, rcu);
}

/* The members' endpoint nodes, which must all be in the graph. */
static int p2p_cxl_region_find_endpoints(struct p2p_cxl_region *region,
					 struct cxl_region *cxlr)
{
	unsigned int pos;

	for (pos = 0; pos < region->nr_members; pos++) {
		struct cxl_endpoint_decoder *cxled = cxlr->params.targets[pos];
		struct p2p_cxl_port *endpoint;

		endpoint = p2p_cxl_port_of_dev(&cxled_to_port(cxled)->dev);
		if (!endpoint || endpoint->kind != P2P_CXL_PORT_ENDPOINT)
			return -ENOENT;
		region->members[pos].endpoint = endpoint;
		region->endpoints[pos] = endpoint;
	}
	return 0;
}

/* The region's node, links and providers; under p2p_cxl_lock. */
static int p2p_cxl_region_publish(struct p2p_cxl_region *region)
{
	struct p2p_provider_desc desc = {
		.phys_start = region->hpa.start,
		.size = range_len(&region->hpa),
		.base = { .space = P2P_ADDR_CPU_PHYS, .addr = region->hpa.start },
		.mem_type = P2P_MEM_CXL_HDM,
	};
	struct p2p_cxl_port *anchor;
	unsigned int pos;

	anchor = p2p_cxl_region_anchor(region);
	if (!anchor)
		return -ENOENT;
	region->port.node = p2p_node_add(&p2p_cxl_bus,
					 p2p_cxl_node_type(P2P_CXL_PORT_REGION),
					 region->dev, NULL,
					 dev_name(region->dev), &region->port);
	if (IS_ERR(region->port.node))
		return PTR_ERR(region->port.node);
	region->port.uplink_attr = p2p_cxl_region_hop;
	p2p_cxl_region_attr(anchor, region->endpoints, region->figures,
			    region->nr_members, &region->port.uplink_attr);
	region->port.uplink = p2p_link_add(&p2p_cxl_bus, anchor->node,
					   region->port.node,
					   &region->port.uplink_attr, NULL);
	if (IS_ERR(region->port.uplink))
		return PTR_ERR(region->port.uplink);
	region->provider = p2p_provider_add(region->port.node, &desc);
	if (IS_ERR(region->provider))
		return PTR_ERR(region->provider);

	for (pos = 0; pos < region->nr_members; pos++) {
		struct p2p_cxl_region_member *member = &region->members[pos];
		const struct p2p_cxl_decoder *dec = member->decoder;
		struct p2p_provider_desc dpa = {
			.size = div_u64(dec->hpa_size, dec->ways),
			.base = {
				.space = P2P_ADDR_CXL_DPA,
				.fabric_id = member->memdev_id,
				.addr = dec->dpa_base + dec->dpa_skip,
			},
			.mem_type = P2P_MEM_CXL_HDM,
		};

		member->provider = p2p_provider_add(member->endpoint->node,
						    &dpa);
		if (IS_ERR(member->provider))
			return PTR_ERR(member->provider);
	}
	return 0;
}

static struct p2p_cxl_region *p2p_cxl_region_of_dev(struct device *dev)
{
	struct p2p_cxl_region *region;

	lockdep_assert_held(&p2p_cxl_lock);
	list_for_each_entry(region, &p2p_cxl_regions, entry)
		if (region->dev == dev)
			return region;
	return NULL;
}

/**
 * p2p_cxl_region_add() - put a region the cxl_region driver bound into the graph
 * @dev: a device on &cxl_bus_type for which is_cxl_region() holds
 *
 * The decoders are copied under cxl_region_params_read_lock(), and only
 * from a committed region.
 *
 * Context: process context, under @dev's device lock (the bus notifier's
 * %BUS_NOTIFY_BOUND_DRIVER, or the scan at init, which may both meet the
 * region: it is added once). Takes p2p_cxl_lock, then the CXL core's
 * region lock. Failures are logged: the region then has no node.
 */
void p2p_cxl_region_add(struct device *dev)
{
	struct cxl_region *cxlr = container_of(dev, struct cxl_region, dev);
	struct p2p_cxl_region *region;
	int ret;

	if (!IS_ENABLED(CONFIG_CXL_REGION))
		return;
	region = kvzalloc(sizeof(*region), GFP_KERNEL);
	if (!region) {
		ret = -ENOMEM;
		goto out;
	}
	region->port.kind = P2P_CXL_PORT_REGION;
	region->port.members = region->endpoints;
	region->dev = get_device(dev);
	INIT_LIST_HEAD(&region->entry);

	mutex_lock(&p2p_cxl_lock);
	/* The scan at init and the notifier may both meet a bound region. */
	if (p2p_cxl_region_of_dev(dev)) {
		mutex_unlock(&p2p_cxl_lock);
		put_device(region->dev);
		kvfree(region);
		return;
	}
	list_add_tail(&region->entry, &p2p_cxl_regions);
	/*
	 * The region's configuration, its ports' region references and its
	 * endpoint decoders stay as they are while this is held; a region
	 * that lost a target is reset before its driver unbinds.
	 */
	cxl_region_params_read_lock();
	ret = cxlr->params.state == CXL_CONFIG_COMMIT ?
	      p2p_cxl_region_copy_decoders(region, cxlr) : -ENXIO;
	if (!ret)
		ret = p2p_cxl_region_find_endpoints(region, cxlr);
	cxl_region_params_read_unlock();
	if (!ret) {
		region->port.nr_members = region->nr_members;
		ret = p2p_cxl_region_publish(region);
	}
	if (ret)
		p2p_cxl_region_free(region);
	mutex_unlock(&p2p_cxl_lock);
out:
	if (ret == -EOPNOTSUPP)
		dev_warn(dev, "window with XOR interleave arithmetic: not in the p2p topology\n");
	else if (ret)
		dev_warn(dev, "not added to the p2p topology: %pe\n",
			 ERR_PTR(ret));
}

/**
 * p2p_cxl_region_del() - take a region out of the graph
 * @dev: a region's device
 *
 * Its node, links and providers go; routes to them become
 * %P2P_MAP_NOT_SUPPORTED. Nothing happens for a region not in the graph.
 *
 * Context: process context (the bus notifier's %BUS_NOTIFY_UNBIND_DRIVER
 * or %BUS_NOTIFY_DEL_DEVICE). Takes p2p_cxl_lock.
 */
void p2p_cxl_region_del(struct device *dev)
{
	struct p2p_cxl_region *region;

	mutex_lock(&p2p_cxl_lock);
	region = p2p_cxl_region_of_dev(dev);
	if (region)
		p2p_cxl_region_free(region);
	mutex_unlock(&p2p_cxl_lock);
}

/**
 * p2p_cxl_region_port_gone() - remove the regions that reach a port's node
 * @port: a node's backend data, about to be removed
 *
 * A region's node hangs below a port, and its members are endpoint
 * nodes: a region that uses any of them goes first, so that none
 * outlives what it points at, whatever order the CXL core's events come
 * in.
 *
 * Context: process context, under p2p_cxl_lock.
 */
void p2p_cxl_region_port_gone(const struct p2p_cxl_port *port)
{
	struct p2p_cxl_region *region, *next;
	unsigned int i;
	bool uses;

	lockdep_assert_held(&p2p_cxl_lock);
	list_for_each_entry_safe(region, next, &p2p_cxl_regions, entry) {
		uses = p2p_link_peer(region->port.uplink, region->port.node) ==
		       port->node;
		for (i = 0; i < region->nr_members; i++)
			uses |= region->members[i].endpoint == port;
		if (uses)
			p2p_cxl_region_free(region);
	}
}

/**
 * p2p_cxl_region_remove_all() - take every region out of the graph
 *
 * Context: process context, under p2p_cxl_lock; the module is going.
 */
void p2p_cxl_region_remove_all(void)
{
	lockdep_assert_held(&p2p_cxl_lock);
	while (!list_empty(&p2p_cxl_regions))
		p2p_cxl_region_free(list_first_entry(&p2p_cxl_regions,
						     struct p2p_cxl_region,
						     entry));
}

/**
 * p2p_cxl_region_hpa_to_dpa() - where a region's HPA lands
 * @name: the region's name ("regionN")
 * @hpa: a host physical address in it
 * @memdev: set to the memory device's name ("memN")
 * @len: bytes at @memdev
 * @dpa: set to the device physical address
 * @position: set to the device's position in the interleave set
 *
 * Decodes through the copies of the region's decoders, as the hardware
 * does (hdm.c).
 *
 * Context: process context; takes p2p_cxl_lock.
 * Return: 0, -ENOENT for no such region in the graph, -ERANGE for an
 * address outside the region.
 */
int p2p_cxl_region_hpa_to_dpa(const char *name, u64 hpa, char *memdev,
			      size_t len, u64 *dpa, unsigned int *position)
{
	struct p2p_cxl_region *region;
	struct p2p_cxl_dpa out;
	unsigned int pos;
	int ret = -ENOENT;

	mutex_lock(&p2p_cxl_lock);
	list_for_each_entry(region, &p2p_cxl_regions, entry) {
		if (strcmp(dev_name(region->dev), name))
			continue;
		ret = -ERANGE;
		if (hpa < region->hpa.start || hpa > region->hpa.end)
			break;
		ret = p2p_cxl_hpa_to_dpa(region->root, hpa, &out);
		if (ret)
			break;
		ret = -EINVAL;	/* an endpoint copy that is no member */
		for (pos = 0; pos < region->nr_members; pos++) {
			if (region->members[pos].decoder != out.endpoint)
				continue;
			snprintf(memdev, len, "mem%d",
				 region->members[pos].memdev_id);
			*dpa = out.dpa;
			*position = pos;
			ret = 0;
		}
		break;
	}
	mutex_unlock(&p2p_cxl_lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cxl_region_hpa_to_dpa);

/**
 * p2p_cxl_region_dpa_to_hpa() - the region HPA of a device's DPA
 * @memdev: the memory device's name ("memN")
 * @dpa: a device physical address
 * @name: set to the name of the region the DPA belongs to
 * @len: bytes at @name
 * @hpa: set to the host physical address
 *
 * What poison and event records need: they name a device and a DPA.
 *
 * Context: process context; takes p2p_cxl_lock.
 * Return: 0, -ENOENT for a device in no region of the graph, -ERANGE for
 * a DPA that no region of the device maps.
 */
int p2p_cxl_region_dpa_to_hpa(const char *memdev, u64 dpa, char *name,
			      size_t len, u64 *hpa)
{
	struct p2p_cxl_region *region;
	unsigned int pos;
	char want[16];
	int ret = -ENOENT;

	mutex_lock(&p2p_cxl_lock);
	list_for_each_entry(region, &p2p_cxl_regions, entry) {
		for (pos = 0; pos < region->nr_members; pos++) {
			snprintf(want, sizeof(want), "mem%d",
				 region->members[pos].memdev_id);
			if (strcmp(want, memdev))
				continue;
			ret = p2p_cxl_dpa_to_hpa(region->root,
						 region->members[pos].decoder,
						 dpa, hpa);
			if (!ret) {
				strscpy(name, dev_name(region->dev), len);
				goto out;
			}
		}
	}
out:
	mutex_unlock(&p2p_cxl_lock);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cxl_region_dpa_to_hpa);
