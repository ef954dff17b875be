/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Peer-to-peer topology: an interconnect-agnostic graph of the devices, ports,
 * switches and host bridges that DMA may cross, populated by bus backends and
 * queried by consumers (p2pdma, HMM, drivers) to learn whether a client can
 * reach a provider's memory, how, at what cost and at which address.
 *
 * See Documentation/driver-api/p2p-topology.rst.
 */
#ifndef _LINUX_P2P_TOPOLOGY_H
#define _LINUX_P2P_TOPOLOGY_H

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/init.h>		/* THIS_MODULE */
#include <linux/refcount.h>
#include <linux/types.h>

struct dev_pagemap;
struct device;
struct fwnode_handle;
struct module;
struct notifier_block;
struct p2p_bus;
struct p2p_link;
struct p2p_node;
struct p2p_provider;
struct page;

/**
 * enum p2p_map_type - how a client reaches a provider
 * @P2P_MAP_NOT_SUPPORTED: no usable route
 * @P2P_MAP_DIRECT: traffic turns around below the host (in a switch or a
 *	fabric); the client uses a peer or bus address
 * @P2P_MAP_THRU_HOST: the route crosses a host bridge or root complex; the
 *	client maps the memory with the DMA API
 *
 * The values equal those of the matching &enum pci_p2pdma_map_type entries.
 */
enum p2p_map_type {
	P2P_MAP_NOT_SUPPORTED = 1,
	P2P_MAP_DIRECT = 2,
	P2P_MAP_THRU_HOST = 3,
};

/**
 * enum p2p_addr_space - the address space an address lives in
 * @P2P_ADDR_CPU_PHYS: host physical address
 * @P2P_ADDR_PCI_BUS: PCI bus address (host physical plus a bus offset)
 * @P2P_ADDR_DMA: host physical address the client must map with the DMA API
 * @P2P_ADDR_LINK: address on a private interconnect, qualified by a fabric id;
 *	never a dma_addr_t
 * @P2P_ADDR_CXL_DPA: device physical address (DPA) of a CXL memory device,
 *	qualified by the memory device's id (the N of its "memN"); what the
 *	device's HDM decoders turn host physical addresses into. Only the
 *	device itself uses it: never a dma_addr_t, and no route translates
 *	into it (peers reach the memory at its HPA, through a region)
 */
enum p2p_addr_space {
	P2P_ADDR_CPU_PHYS,
	P2P_ADDR_PCI_BUS,
	P2P_ADDR_DMA,
	P2P_ADDR_LINK,
	P2P_ADDR_CXL_DPA,
};

/**
 * struct p2p_addr - a typed address
 * @space: the address space @addr belongs to
 * @fabric_id: the interconnect that gives @addr its meaning
 *	(%P2P_ADDR_LINK), or the memory device (%P2P_ADDR_CXL_DPA); 0
 *	otherwise
 * @addr: the address
 */
struct p2p_addr {
	enum p2p_addr_space space;
	u32 fabric_id;
	u64 addr;
};

/**
 * enum p2p_node_type - the role of a node in the topology
 * @P2P_NODE_ENDPOINT: a device that issues or serves DMA; does not relay
 *	traffic unless its backend's forward() says so
 * @P2P_NODE_PORT: a switch port, root port or link port
 * @P2P_NODE_SWITCH: a switch or fabric hub
 * @P2P_NODE_HOST_BRIDGE: a host bridge or root complex; a route through it
 *	is %P2P_MAP_THRU_HOST
 * @P2P_NODE_HOST: the host itself, joining host bridges; a route through it
 *	is %P2P_MAP_THRU_HOST
 */
enum p2p_node_type {
	P2P_NODE_ENDPOINT,
	P2P_NODE_PORT,
	P2P_NODE_SWITCH,
	P2P_NODE_HOST_BRIDGE,
	P2P_NODE_HOST,
};

#define P2P_DIR_READ	BIT(0)	/* the client reads provider memory */
#define P2P_DIR_WRITE	BIT(1)	/* the client writes provider memory */
#define P2P_DIR_BOTH	(P2P_DIR_READ | P2P_DIR_WRITE)
/*
 * With the directions of a query: use no link of a private interconnect.
 * For consumers that hand the client an address of the DMA API's world
 * (a PCI bus address or a DMA address), as p2pdma does.
 */
#define P2P_ROUTE_NO_PRIVATE	BIT(2)

/**
 * struct p2p_link_attr - attributes of a link
 * @bandwidth_MBps: bandwidth in MB/s, 0 when unknown: for reads (the
 *	client reads provider memory, %P2P_DIR_READ) and, unless
 *	@write_bandwidth_MBps is set, for writes too
 * @latency_ns: latency in nanoseconds, 0 when unknown: of a read and,
 *	unless @write_latency_ns is set, of a write too
 * @write_bandwidth_MBps: bandwidth in MB/s for writes (%P2P_DIR_WRITE)
 *	where it differs from reads, as an ACPI HMAT or CDAT DSLBIS/SSLBIS
 *	may say (struct access_coordinate); 0: as @bandwidth_MBps
 * @write_latency_ns: latency of a write in nanoseconds where it differs
 *	from a read's; 0: as @latency_ns
 * @cost: routing weight; routes minimise the sum of link costs. The PCIe
 *	backend uses 1 per hop so that distances equal p2pdma's
 * @dirs: the directions the link carries, %P2P_DIR_READ and/or
 *	%P2P_DIR_WRITE
 * @down: the link is configured but carries no traffic
 * @internal: the link joins two nodes that stand for one device (a fabric
 *	port and the device's PCIe function): it neither limits a route's
 *	bandwidth nor adds to its latency
 * @link_count: physical links bonded into this one (a fabric's parallel
 *	lanes of NVLink or xGMI, the firmware's p2p-link-count); 0 is read
 *	as 1. @bandwidth_MBps is already their sum; the count is shown in
 *	sysfs so that tools can say "NV2" as nvidia-smi does
 */
struct p2p_link_attr {
	u32 bandwidth_MBps;
	u32 latency_ns;
	u32 write_bandwidth_MBps;
	u32 write_latency_ns;
	u32 cost;
	u8 dirs;
	bool down;
	bool internal;
	u8 link_count;
};

/**
 * struct p2p_query - what a forward() decision is asked about
 * @client: the node the route starts from (the DMA initiator)
 * @target: the node the route leads to (the provider's node), or NULL when
 *	any node of a peer device will do (p2p_has_interconnect())
 * @dirs: the directions requested by the consumer
 */
struct p2p_query {
	const struct p2p_node *client;
	const struct p2p_node *target;
	unsigned int dirs;
};

/**
 * struct p2p_refusal - a turn that a backend refused during a route search
 * @node_id: id of the node to blame (see p2p_node_id()): the node that
 *	refused, unless its backend named the node whose setting caused it
 * @reason: the backend's static explanation, or a core one. A backend
 *	may be a module: read the string under the rcu_read_lock() the
 *	query was made under (p2p_bus_unregister() waits for such readers),
 *	or compare the pointer only
 */
struct p2p_refusal {
	u32 node_id;
	const char *reason;
};

/**
 * enum p2p_verdict - a backend's decision about one turn through a node
 * @P2P_FORWARD_ALLOW: traffic may pass from the incoming to the outgoing link
 * @P2P_FORWARD_DENY: it may not; the route search looks for another way
 */
enum p2p_verdict {
	P2P_FORWARD_ALLOW,
	P2P_FORWARD_DENY,
};

/**
 * struct p2p_bus_ops - what a bus backend teaches the core
 * @forward: decide whether traffic arriving at @node on @in may leave on
 *	@out for @query (turn restrictions: ACS redirect, egress control,
 *	host-bridge policy, fabric switch rules). A NULL @in asks whether
 *	the route may start at @node (the client's node) over @out, a NULL
 *	@out whether it may end at @node (the target) having arrived over
 *	@in, both NULL whether @node may reach its own memory without
 *	leaving; a target that refuses is passed through instead. On
 *	%P2P_FORWARD_DENY the backend points @why->reason at a static string
 *	naming the rule when the refusal is worth reporting (a setting a user
 *	could change), and may set @why->node_id to the node whose setting
 *	is to blame (it starts as @node's); verbose queries print it.
 *	Structural refusals (an endpoint that does not relay) leave the
 *	reason NULL. @in == @out asks about turning traffic around, which
 *	only a root complex normally does. Called under the graph lock, a
 *	spinlock_t taken with spin_lock_irqsave(): with interrupts disabled
 *	on !PREEMPT_RT, preemptible with interrupts enabled on PREEMPT_RT.
 *	Either way it must not sleep (no mutex, no allocation that may
 *	block) and must not call back into the graph API. One search may
 *	call it over several holds of the lock: a search on a cache miss
 *	lets the lock go now and then, and starts again when the graph
 *	changed meanwhile. A rule the backend changes in its own data is
 *	therefore seen from its next call on, even by a search already
 *	under way; publish a rule held in several fields as one pointer,
 *	and call p2p_bus_rules_changed() after the change.
 *	When NULL, every node but an endpoint forwards.
 * @translate: rewrite @addr as it crosses @link towards @toward (from the
 *	provider side to the client side). Return 0, -ERANGE when the
 *	address is outside what the link maps or the result overflows (use
 *	p2p_addr_rebase()), or -EOPNOTSUPP for an address no peer across
 *	the link can use (a CXL device's own DPA). Same context rules as @forward. When NULL, the
 *	address crosses the link unchanged.
 */
struct p2p_bus_ops {
	enum p2p_verdict (*forward)(const struct p2p_node *node,
				    const struct p2p_link *in,
				    const struct p2p_link *out,
				    const struct p2p_query *query,
				    struct p2p_refusal *why);
	int (*translate)(const struct p2p_link *link,
			 const struct p2p_node *toward,
			 struct p2p_addr *addr);
};

#define P2P_BUS_PRIVATE_INTERCONNECT	BIT(0)	/* links form a private fabric */
#define P2P_BUS_HOST_MEMORY		BIT(1)	/* its memory is the host's */

/**
 * struct p2p_bus - a bus backend
 * @name: short name shown in debugfs and messages ("pcie", "cxl", ...)
 * @ops: the backend's rules
 * @flags: %P2P_BUS_PRIVATE_INTERCONNECT for proprietary device fabrics;
 *	p2p_has_interconnect() only considers links of such buses.
 *	%P2P_BUS_HOST_MEMORY for a bus whose providers are memory the host
 *	itself decodes in its physical address map (CXL HDM memory behind
 *	a CXL Fixed Memory Window): a request from another bus reaches it
 *	through the host as DMA to RAM does, not as peer-to-peer traffic,
 *	so the other bus's host-bridge peer policies do not apply to it
 * @release: frees the bus once it is unregistered and the last of its
 *	nodes and links is freed, or NULL (see p2p_bus_unregister()).
 *	Called in any context, possibly from an RCU callback: must not
 *	sleep. @name must stay valid until then.
 * @owner: the module that registered the bus (set by p2p_bus_register()).
 *	A link of another module's bus that ends at one of this bus's
 *	nodes holds it, so that the module is not unloaded while other
 *	backends have joined their devices to its nodes
 *
 * A backend defines one static &struct p2p_bus, or embeds one in a
 * zero-initialised object of its own (one per device fabric, with
 * @release set), fills in @name, @ops, @flags and @release, and registers
 * it with p2p_bus_register(). Every node and link of the bus holds a
 * reference to it, so that p2p_node_bus() stays valid for as long as
 * someone holds a node.
 */
struct p2p_bus {
	const char *name;
	const struct p2p_bus_ops *ops;
	unsigned long flags;
	void (*release)(struct p2p_bus *bus);
	struct module *owner;
	/* private: */
	struct list_head list;
	unsigned int nr_objects;
	refcount_t ref;
};

/**
 * enum p2p_mem_type - what kind of memory a provider exposes
 * @P2P_MEM_MMIO: device memory behind MMIO: a PCI BAR (an NVMe CMB, a
 *	GPU's VRAM BAR), a fabric aperture. Uncached for the CPU, not
 *	coherent; what p2pdma hands out
 * @P2P_MEM_CXL_HDM: CXL Host-managed Device Memory (HDM, CXL 3.1 sec
 *	2.2): coherent memory of a CXL type-2 or type-3 device, decoded by
 *	HDM decoders (CXL 3.1 sec 8.2.4.20) and reached by the host with
 *	CXL.mem, cacheable like system RAM
 *
 * Consumers tell them apart: memory that the host may cache needs no
 * MMIO mapping, and a DMA to it is coherent with the CPU.
 */
enum p2p_mem_type {
	P2P_MEM_MMIO,
	P2P_MEM_CXL_HDM,
};

/**
 * struct p2p_provider_desc - description of memory exposed to peers
 * @phys_start: host physical address of the first byte, or 0 when the
 *	memory has no host physical address (then only %P2P_MAP_DIRECT
 *	routes can translate into it)
 * @size: size in bytes, not 0
 * @base: the first byte as the provider's own bus addresses it (for a PCI
 *	BAR, the bus address; for a fabric aperture, the link address)
 * @published: offered to p2p_find_provider()
 * @mem_type: what the memory is; %P2P_MEM_MMIO (0) unless a backend says
 *	otherwise
 */
struct p2p_provider_desc {
	u64 phys_start;
	u64 size;
	struct p2p_addr base;
	bool published;
	enum p2p_mem_type mem_type;
};

/**
 * struct p2p_route_info - the answer to a route query
 * @map_type: how the client reaches the provider
 * @distance: sum of the link costs along the route, leaving out links it
 *	crosses both ways (traffic redirected up to a root complex and back):
 *	on PCIe, exactly p2pdma's distance
 * @cost: sum of the link costs of every link crossed; what routes are
 *	chosen by
 * @hops: number of links on the route (0 when client and provider share
 *	a node)
 * @bandwidth_MBps: the narrowest link's bandwidth; 0 when any link's
 *	bandwidth is unknown (links inside a device, &p2p_link_attr.internal,
 *	do not count here nor in @latency_ns)
 * @latency_ns: the sum of the links' latencies; 0 when any is unknown
 * @write_bandwidth_MBps: as @bandwidth_MBps, for writes: each link's
 *	&p2p_link_attr.write_bandwidth_MBps, or its read figure where the
 *	link has no figure of its own for writes
 * @write_latency_ns: as @latency_ns, for writes, likewise
 * @dirs: the directions the whole route carries
 * @refusal: why the route is not better (@refusal.reason is NULL when
 *	nothing was refused): when no route exists, the first turn refused;
 *	otherwise a refused turn on the route that would have begun a cheaper
 *	one, e.g. the ACS redirect that sends traffic through the host
 * @private_link: the route crosses a link of a private interconnect
 *	(%P2P_BUS_PRIVATE_INTERCONNECT): the client reaches the memory with a
 *	%P2P_ADDR_LINK address (p2p_translate()), not with a DMA API address
 * @new_answer: this query computed the answer, stored it in the route
 *	cache, and it differs from what the cache held for the pair before
 *	(or the pair had no entry): map type, error or refusal changed. A
 *	consumer that logs why a route is refused or roundabout logs it only
 *	when @new_answer is set, so that each answer is explained once (as
 *	p2pdma explains each pair once), however often it is asked and
 *	however often unrelated changes invalidate the cache. False for an
 *	answer from the cache, for one that could not be stored, and from
 *	p2p_route_to_device(), which caches nothing
 *
 * A route of 0 hops (the client owns the memory) has unknown (0)
 * bandwidth and latency: no link is crossed.
 */
struct p2p_route_info {
	enum p2p_map_type map_type;
	u32 distance;
	u32 cost;
	u32 hops;
	u32 bandwidth_MBps;
	u32 latency_ns;
	u32 write_bandwidth_MBps;
	u32 write_latency_ns;
	u8 dirs;
	struct p2p_refusal refusal;
	bool private_link;
	bool new_answer;
};

/**
 * enum p2p_find_policy - what p2p_find_provider() optimises
 * @P2P_FIND_COST: the smallest sum of distances to all clients
 * @P2P_FIND_BANDWIDTH: the largest bandwidth to the slowest client
 * @P2P_FIND_LATENCY: the smallest latency to the farthest client
 */
enum p2p_find_policy {
	P2P_FIND_COST,
	P2P_FIND_BANDWIDTH,
	P2P_FIND_LATENCY,
};

/**
 * enum p2p_event - topology changes reported to notifiers
 * @P2P_EVENT_NODE_ADDED: a node was added; data is the node
 * @P2P_EVENT_NODE_REMOVED: a node was removed; data is the node. Its
 *	links were removed with it, each told first with its own
 *	%P2P_EVENT_LINK_REMOVED
 * @P2P_EVENT_LINK_ADDED: a link was added; data is the link
 * @P2P_EVENT_LINK_CHANGED: a link's attributes changed; data is the link
 * @P2P_EVENT_LINK_REMOVED: a link was removed; data is the link
 * @P2P_EVENT_PROVIDER_ADDED: a provider was added; data is the provider
 * @P2P_EVENT_PROVIDER_REMOVED: a provider was removed; data is the provider
 */
enum p2p_event {
	P2P_EVENT_NODE_ADDED,
	P2P_EVENT_NODE_REMOVED,
	P2P_EVENT_LINK_ADDED,
	P2P_EVENT_LINK_CHANGED,
	P2P_EVENT_LINK_REMOVED,
	P2P_EVENT_PROVIDER_ADDED,
	P2P_EVENT_PROVIDER_REMOVED,
};

#ifdef CONFIG_P2P_TOPOLOGY

/*
 * Backends: building the graph. All may sleep and serialise on one mutex.
 * Each change is told to the notifier later, from a work item, in the
 * order of the changes; p2p_notifier_flush() waits for it.
 */
int __p2p_bus_register(struct p2p_bus *bus, struct module *owner);
#define p2p_bus_register(bus) __p2p_bus_register(bus, THIS_MODULE)
void p2p_bus_unregister(struct p2p_bus *bus);
void p2p_bus_rules_changed(struct p2p_bus *bus);

struct p2p_node *p2p_node_add(struct p2p_bus *bus, enum p2p_node_type type,
			      struct device *dev, struct fwnode_handle *fwnode,
			      const char *name, void *priv);
void p2p_node_remove(struct p2p_node *node);
struct p2p_node *p2p_node_get(struct p2p_node *node);
void p2p_node_put(struct p2p_node *node);
struct device *p2p_node_device(const struct p2p_node *node);
struct p2p_node *p2p_node_find(struct device *dev, const struct p2p_bus *bus);
struct p2p_node *p2p_node_find_fwnode(struct fwnode_handle *fwnode,
				      const struct p2p_bus *bus);

struct p2p_link *p2p_link_add(struct p2p_bus *bus, struct p2p_node *a,
			      struct p2p_node *b,
			      const struct p2p_link_attr *attr, void *priv);
int p2p_link_set_attr(struct p2p_link *link, const struct p2p_link_attr *attr);
void p2p_link_remove(struct p2p_link *link);

struct p2p_provider *p2p_provider_add(struct p2p_node *node,
				      const struct p2p_provider_desc *desc);
void p2p_provider_remove(struct p2p_provider *provider);
void p2p_provider_publish(struct p2p_provider *provider, bool published);
void p2p_provider_put(struct p2p_provider *provider);
int p2p_provider_bind_pgmap(struct p2p_provider *provider,
			    struct dev_pagemap *pgmap);
void p2p_provider_unbind_pgmap(struct p2p_provider *provider,
			       struct dev_pagemap *pgmap);

/* Accessors, usable by backends from forward() and translate(). */
u32 p2p_node_id(const struct p2p_node *node);
bool p2p_node_is_removed(const struct p2p_node *node);
const struct p2p_bus *p2p_node_bus(const struct p2p_node *node);
enum p2p_node_type p2p_node_type(const struct p2p_node *node);
const char *p2p_node_name(const struct p2p_node *node);
void *p2p_node_priv(const struct p2p_node *node);
void *p2p_link_priv(const struct p2p_link *link);
struct p2p_node *p2p_link_peer(const struct p2p_link *link,
			       const struct p2p_node *node);
int p2p_addr_rebase(struct p2p_addr *addr, u64 in_base, u64 size,
		    enum p2p_addr_space space, u32 fabric_id, u64 out_base);

/*
 * Consumers: queries. They never sleep and may be called wherever a
 * spinlock_t may be taken (with interrupts disabled or a spinlock held;
 * not from hard interrupt context on PREEMPT_RT).
 */
int p2p_route(struct p2p_provider *provider, struct device *client,
	      unsigned int dirs, struct p2p_route_info *info);
int p2p_route_map_type_cached(struct p2p_provider *provider,
			      struct device *client, unsigned int dirs);
int p2p_route_to_device(struct device *target, struct device *client,
			unsigned int dirs, struct p2p_route_info *info);
int p2p_distance_many(struct p2p_provider *provider, struct device **clients,
		      unsigned int num_clients, bool verbose);
struct p2p_provider *p2p_find_provider(struct device **clients,
				       unsigned int num_clients,
				       enum p2p_find_policy policy);
int p2p_translate(struct p2p_provider *provider, struct device *client,
		  u64 phys, struct p2p_addr *out);
int p2p_translate_offset(struct p2p_provider *provider, struct device *client,
			 u64 offset, struct p2p_addr *out);
struct p2p_provider *p2p_page_provider(struct page *page);
int p2p_page_route(struct page *page, struct device *client,
		   unsigned int dirs, struct p2p_route_info *info);
bool p2p_has_interconnect(struct device *a, struct device *b);
bool p2p_refusal_node_name(const struct p2p_refusal *refusal, char *buf,
			   size_t size);

/* Consumers, process context only: these sleep. */
int p2p_interconnect_group(struct device *dev, struct device **group,
			   unsigned int max);

int p2p_register_notifier(struct notifier_block *nb);
int p2p_unregister_notifier(struct notifier_block *nb);
void p2p_notifier_flush(void);

#else /* !CONFIG_P2P_TOPOLOGY */

static inline int p2p_route(struct p2p_provider *provider,
			    struct device *client, unsigned int dirs,
			    struct p2p_route_info *info)
{
	return -EOPNOTSUPP;
}

static inline int p2p_route_map_type_cached(struct p2p_provider *provider,
					    struct device *client,
					    unsigned int dirs)
{
	return -EOPNOTSUPP;
}

static inline int p2p_route_to_device(struct device *target,
				      struct device *client, unsigned int dirs,
				      struct p2p_route_info *info)
{
	return -EOPNOTSUPP;
}

static inline int p2p_distance_many(struct p2p_provider *provider,
				    struct device **clients,
				    unsigned int num_clients, bool verbose)
{
	return -1;
}

static inline struct p2p_provider *
p2p_find_provider(struct device **clients, unsigned int num_clients,
		  enum p2p_find_policy policy)
{
	return NULL;
}

static inline int p2p_translate(struct p2p_provider *provider,
				struct device *client, u64 phys,
				struct p2p_addr *out)
{
	return -EOPNOTSUPP;
}

static inline int p2p_translate_offset(struct p2p_provider *provider,
				       struct device *client, u64 offset,
				       struct p2p_addr *out)
{
	return -EOPNOTSUPP;
}

static inline int p2p_provider_bind_pgmap(struct p2p_provider *provider,
					  struct dev_pagemap *pgmap)
{
	return -ENODEV;
}

static inline void p2p_provider_unbind_pgmap(struct p2p_provider *provider,
					     struct dev_pagemap *pgmap)
{
}

static inline struct p2p_provider *p2p_page_provider(struct page *page)
{
	return NULL;
}

static inline int p2p_page_route(struct page *page, struct device *client,
				 unsigned int dirs,
				 struct p2p_route_info *info)
{
	return -ENODEV;
}

static inline bool p2p_has_interconnect(struct device *a, struct device *b)
{
	return false;
}

static inline int p2p_interconnect_group(struct device *dev,
					 struct device **group, unsigned int max)
{
	return -EOPNOTSUPP;
}

static inline bool p2p_refusal_node_name(const struct p2p_refusal *refusal,
					 char *buf, size_t size)
{
	return false;
}

static inline int p2p_register_notifier(struct notifier_block *nb)
{
	return 0;
}

static inline int p2p_unregister_notifier(struct notifier_block *nb)
{
	return 0;
}

static inline void p2p_notifier_flush(void)
{
}

static inline void p2p_provider_put(struct p2p_provider *provider)
{
}

#endif /* CONFIG_P2P_TOPOLOGY */

#endif /* _LINUX_P2P_TOPOLOGY_H */
