/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private declarations of the p2p topology core, shared by its files and its
 * KUnit suites. Nothing here is part of the API.
 *
 * Locking:
 *   p2p_graph.mutex  serialises writers (backends building the graph),
 *                    makes the graph stable for debugfs and orders the
 *                    events queued for the notifier.
 *   p2p_graph.events_wq
 *                    an ordered workqueue whose one work item tells the
 *                    notifier about queued events, holding no lock of the
 *                    core or of the task that made the change.
 *   p2p_graph.lock   a spinlock_t taken with spin_lock_irqsave() (with
 *                    interrupts disabled on !PREEMPT_RT), under which
 *                    writers publish every change and bump the generation,
 *                    and under which a route search runs. A search therefore
 *                    sees one consistent topology and may use the shared
 *                    search space without allocating.
 *   RCU              protects what lock-free readers touch: the per-provider
 *                    route caches, the links a cached route points to and
 *                    the provider list. Nodes,
 *                    links, providers and cache entries are freed after a
 *                    grace period.
 */
#ifndef _P2P_CORE_H
#define _P2P_CORE_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/p2p_topology.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#define P2P_DEV_HASH_BITS	8
#define P2P_CACHE_HASH_BITS	6
#define P2P_SEARCH_REFUSALS	8
#define P2P_TRANSLATE_TRIES	8

/**
 * struct p2p_pending_event - a change the notifier has not been told yet
 * @entry: entry in &p2p_graph.events
 * @event: what changed
 * @data: the node, link or provider concerned, referenced until delivered
 * @allocated: the entry was allocated for the event and is freed after it;
 *	otherwise it is part of @data
 */
struct p2p_pending_event {
	struct list_head entry;
	enum p2p_event event;
	void *data;
	bool allocated;
};

/**
 * struct p2p_node - a point of the topology
 * @id: small unique number, stable while the node lives
 * @type: the node's role
 * @bus: the backend the node belongs to; referenced until the node is
 *	freed, so that it stays valid for whoever holds the node
 * @dev: the bound device, or NULL; a reference is held until removal and
 *	the pointer is never dereferenced after it
 * @fwnode: the bound firmware node, or NULL; referenced like @dev
 * @priv: the backend's data
 * @ref: the caller's, the graph's while published, one per link end and
 *	one per provider
 * @removed: the node was taken out of the graph
 * @link_ends: the &struct p2p_link_end of every link at this node
 * @dev_entry: entry in &p2p_graph.dev_nodes, keyed by @dev
 * @added_event: %P2P_EVENT_NODE_ADDED, until delivered
 * @removed_event: %P2P_EVENT_NODE_REMOVED, until delivered
 * @sysfs: the node's sysfs directory, or NULL; only the event work item
 *	touches it (sysfs.c)
 * @rcu: frees the node after a grace period
 * @name: name for messages, debugfs and sysfs
 */
struct p2p_node {
	u32 id;
	enum p2p_node_type type;
	struct p2p_bus *bus;
	struct device *dev;
	struct fwnode_handle *fwnode;
	void *priv;
	struct kref ref;
	bool removed;
	struct list_head link_ends;
	struct hlist_node dev_entry;
	struct p2p_pending_event added_event;
	struct p2p_pending_event removed_event;
	struct kobject *sysfs;
	struct rcu_head rcu;
	char name[];
};

/**
 * struct p2p_link_end - one end of a link
 * @node: the node at this end (a reference is held)
 * @link: the link this end belongs to
 * @entry: entry in @node's link_ends list
 */
struct p2p_link_end {
	struct p2p_node *node;
	struct p2p_link *link;
	struct list_head entry;
};

/**
 * struct p2p_link - an edge between two nodes
 * @id: small unique number; route search state (@id * 2 + end) indexes
 *	the search space
 * @bus: the backend the link belongs to; its ops translate across it;
 *	referenced until the link is freed
 * @end: the two ends; traffic arriving at end[i] is search state
 *	@id * 2 + i
 * @attr: attributes, replaced under the graph lock
 * @priv: the backend's data
 * @ref: the caller's reference and the graph's while published
 * @removed: the link was taken out of the graph
 * @added_event: %P2P_EVENT_LINK_ADDED, until delivered
 * @removed_event: %P2P_EVENT_LINK_REMOVED, until delivered
 * @sysfs: the link's sysfs directory, as for &p2p_node.sysfs
 * @rcu: frees the link after a grace period
 */
struct p2p_link {
	u32 id;
	struct p2p_bus *bus;
	struct p2p_link_end end[2];
	struct p2p_link_attr attr;
	void *priv;
	struct kref ref;
	bool removed;
	struct p2p_pending_event added_event;
	struct p2p_pending_event removed_event;
	struct kobject *sysfs;
	struct rcu_head rcu;
};

/**
 * struct p2p_provider - memory a node exposes to peers
 * @id: small unique number
 * @node: the node that owns the memory (a reference is held)
 * @desc: the memory's description
 * @ref: the backend's, the graph's while published, and those
 *	p2p_find_provider() hands out
 * @removed: the provider was taken out of the graph
 * @entry: entry in &p2p_graph.providers (RCU)
 * @cache_lock: serialises writers of @cache
 * @cache: cached routes to this provider, keyed by client device (RCU)
 * @added_event: %P2P_EVENT_PROVIDER_ADDED, until delivered
 * @removed_event: %P2P_EVENT_PROVIDER_REMOVED, until delivered
 * @sysfs: the provider's sysfs directory, as for &p2p_node.sysfs
 * @rcu: frees the provider and its cache after a grace period
 */
struct p2p_provider {
	u32 id;
	struct p2p_node *node;
	struct p2p_provider_desc desc;
	struct kref ref;
	bool removed;
	struct list_head entry;
	spinlock_t cache_lock;		/* serialises cache writers */
	DECLARE_HASHTABLE(cache, P2P_CACHE_HASH_BITS);
	struct p2p_pending_event added_event;
	struct p2p_pending_event removed_event;
	struct kobject *sysfs;
	struct rcu_head rcu;
};

/**
 * struct p2p_hop - one link of a route, in the order an address is
 *	translated: from the provider towards the client
 * @link: the link crossed
 * @toward: the node the address moves to
 */
struct p2p_hop {
	const struct p2p_link *link;
	const struct p2p_node *toward;
};

/**
 * struct p2p_cached_route - a route remembered for one (provider, client,
 *	directions) triple until the topology changes
 * @entry: entry in the provider's cache
 * @client: the client device (compared, never dereferenced)
 * @client_fwnode: dev_fwnode() of @client when the entry was filled
 *	(compared, never dereferenced): tells apart two devices allocated
 *	at the same address in turn, see p2p_route_answer()
 * @client_by_fwnode: @client's nodes are bound to @client_fwnode, not to
 *	@client, so that a hit must compare the firmware node too
 * @dirs: the directions asked for
 * @generation: the topology generation the route was computed in
 * @error: 0, or the error the query returned
 * @info: the answer
 * @rcu: frees the entry after a grace period
 * @nr_hops: number of entries in @hops
 * @hops: the route, provider first
 */
struct p2p_cached_route {
	struct hlist_node entry;
	struct device *client;
	struct fwnode_handle *client_fwnode;
	bool client_by_fwnode;
	unsigned int dirs;
	u64 generation;
	int error;
	struct p2p_route_info info;
	struct rcu_head rcu;
	u32 nr_hops;
	struct p2p_hop hops[] __counted_by(nr_hops);
};

/**
 * struct p2p_search_state - scratch of one route search state (route.c)
 * @epoch: the search that last reached the state; older means unreached
 * @on_route: the search whose found route contains the state
 * @prev: the state it was reached from, or U32_MAX at the start
 * @hops: links crossed so far
 * @cost: cost so far
 * @link: the link whose far end the state stands for
 */
struct p2p_search_state {
	u32 epoch;
	u32 on_route;
	u32 prev;
	u32 hops;
	u64 cost;
	struct p2p_link *link;
};

struct p2p_heap_item {
	u64 cost;
	u32 hops;
	u32 state;
};

/**
 * struct p2p_search_space - preallocated scratch for route searches
 * @nr_states: capacity in search states (two per link id)
 * @epoch: bumped by every search, so that states need no clearing
 * @claimed: a pausable search owns it, across releases of the graph lock
 *	(only for &p2p_graph.pausable)
 * @states: per-state distance labels
 * @heap: the priority queue; each state is pushed at most once
 */
struct p2p_search_space {
	u32 nr_states;
	u32 epoch;
	bool claimed;
	struct p2p_search_state *states;
	struct p2p_heap_item *heap;
};

/*
 * Searches that may let the graph lock go while they run: each owns one of
 * these spaces meanwhile (route.c). Two let two CPUs that miss the cache at
 * once both search in short stretches; more cost memory for every link.
 */
#define P2P_PAUSABLE_SPACES	2

/**
 * enum p2p_stat - counters shown in debugfs and checked by the tests
 * @P2P_STAT_CACHE_HITS: queries answered from a provider's cache
 * @P2P_STAT_CACHE_MISSES: queries that searched
 * @P2P_STAT_SEARCHES: route searches run (also for has_interconnect);
 *	a search started again after a pause counts again
 * @P2P_STAT_SEARCH_RESTARTS: searches that let the graph lock go, found
 *	the graph changed meanwhile and started again
 * @P2P_STAT_NO_NODE: queries about a client without a node, answered
 *	without the graph lock (neither hits nor misses)
 * @P2P_NR_STATS: number of counters
 */
enum p2p_stat {
	P2P_STAT_CACHE_HITS,
	P2P_STAT_CACHE_MISSES,
	P2P_STAT_SEARCHES,
	P2P_STAT_SEARCH_RESTARTS,
	P2P_STAT_NO_NODE,
	P2P_NR_STATS,
};

/**
 * struct p2p_stats - one CPU's counters
 * @count: indexed by &enum p2p_stat
 */
struct p2p_stats {
	unsigned long count[P2P_NR_STATS];
};

/**
 * struct p2p_graph - the one topology graph
 * @mutex: serialises writers
 * @lock: publishes changes; held by route searches
 * @generation: bumped under @lock by every change; read locklessly
 * @nodes: all live nodes by id
 * @links: all live links by id
 * @provider_ids: allocator of provider ids
 * @buses: registered backends
 * @providers: live providers, oldest first (RCU)
 * @dev_nodes: live nodes bound to a device, keyed by the device, and those
 *	bound only to a firmware node, keyed by it (changed under @lock;
 *	read under @lock, or under RCU by p2p_client_has_node())
 * @space: scratch for searches that hold @lock throughout
 * @pausable: scratch for searches that let @lock go between stretches;
 *	all spaces are resized together, under @lock
 * @resizes: bumped under @lock when the spaces are replaced, so that a
 *	paused search knows its states are gone
 * @notifier: told about every change, from @events_work
 * @events: changes not yet told to @notifier, oldest first (@mutex)
 * @events_wq: the ordered workqueue @events_work runs on; NULL until the
 *	core is initialised (events queued before wait for it)
 * @events_work: tells @notifier about @events, oldest first
 * @stats: per-CPU counters
 */
struct p2p_graph {
	struct mutex mutex;		/* serialises writers */
	spinlock_t lock;		/* publishes changes; searches */
	atomic64_t generation;
	struct xarray nodes;
	struct xarray links;
	struct xarray provider_ids;
	struct list_head buses;
	struct list_head providers;
	DECLARE_HASHTABLE(dev_nodes, P2P_DEV_HASH_BITS);
	struct p2p_search_space space;
	struct p2p_search_space pausable[P2P_PAUSABLE_SPACES];
	u32 resizes;
	struct blocking_notifier_head notifier;
	struct list_head events;
	struct workqueue_struct *events_wq;
	struct work_struct events_work;
	struct p2p_stats __percpu *stats;
};

extern struct p2p_graph p2p_graph;

static inline void p2p_stat_inc(enum p2p_stat stat)
{
	if (likely(p2p_graph.stats))
		this_cpu_inc(p2p_graph.stats->count[stat]);
}

unsigned long p2p_stat(enum p2p_stat stat);

static inline u64 p2p_generation(void)
{
	return atomic64_read(&p2p_graph.generation);
}

/**
 * p2p_node_key() - the key of a node in &p2p_graph.dev_nodes
 * @node: a node bound to a device or a firmware node
 *
 * A device that no backend enumerates may still be described by firmware:
 * its node is bound to the firmware node alone and found through
 * dev_fwnode() of the device a consumer names.
 *
 * Return: the hash key.
 */
static inline unsigned long p2p_node_key(const struct p2p_node *node)
{
	return node->dev ? (unsigned long)node->dev : (unsigned long)node->fwnode;
}

/**
 * p2p_node_is_for() - whether a node stands for a device
 * @node: the node
 * @dev: the device
 * @fwnode: dev_fwnode(@dev), looked up once by the caller
 *
 * Return: true when @node is bound to @dev, or bound to no device but to
 * @fwnode.
 */
static inline bool p2p_node_is_for(const struct p2p_node *node,
				   const struct device *dev,
				   const struct fwnode_handle *fwnode)
{
	if (node->dev)
		return node->dev == dev;
	return fwnode && node->fwnode == fwnode;
}

/* The answer when there is no route. */
static inline void p2p_route_info_none(struct p2p_route_info *info)
{
	memset(info, 0, sizeof(*info));
	info->map_type = P2P_MAP_NOT_SUPPORTED;
}

/* graph.c */
/**
 * enum p2p_change - what bumped the topology generation (trace only)
 * @P2P_CHANGE_NODE_ADD: a node was published
 * @P2P_CHANGE_NODE_REMOVE: a node was unpublished
 * @P2P_CHANGE_LINK_ADD: a link was published
 * @P2P_CHANGE_LINK_ATTR: a link's attributes changed
 * @P2P_CHANGE_LINK_REMOVE: a link was unpublished
 * @P2P_CHANGE_PROVIDER_ADD: a provider was published
 * @P2P_CHANGE_PROVIDER_REMOVE: a provider was unpublished
 * @P2P_CHANGE_RULES: a backend's forwarding rules changed
 */
enum p2p_change {
	P2P_CHANGE_NODE_ADD,
	P2P_CHANGE_NODE_REMOVE,
	P2P_CHANGE_LINK_ADD,
	P2P_CHANGE_LINK_ATTR,
	P2P_CHANGE_LINK_REMOVE,
	P2P_CHANGE_PROVIDER_ADD,
	P2P_CHANGE_PROVIDER_REMOVE,
	P2P_CHANGE_RULES,
};

void p2p_graph_changed(enum p2p_change change, u32 id);

/**
 * enum p2p_answer_source - where a route answer came from (trace only)
 * @P2P_ANSWER_SEARCH: a search of the graph (a cache miss)
 * @P2P_ANSWER_CACHED: the route cache (a hit)
 * @P2P_ANSWER_NO_NODE: the client has no node; answered without a search
 */
enum p2p_answer_source {
	P2P_ANSWER_SEARCH,
	P2P_ANSWER_CACHED,
	P2P_ANSWER_NO_NODE,
};

bool p2p_node_is_host(const struct p2p_node *node);
bool p2p_node_bindings_get(const struct p2p_node *node, struct device **dev,
			   struct fwnode_handle **fwnode);
void p2p_event_ref(enum p2p_event event, void *data, bool get);

/* route.c */

/**
 * struct p2p_search_refusal - a refused turn and what it would have cost
 * @refusal: the node and the backend's reason
 * @at_node_id: the node where the turn was refused; the backend may have
 *	blamed another (@refusal.node_id)
 * @into_target: the refused turn led straight into the search's target
 * @cost: cost of the route prefix the turn would have extended
 * @hops: its length
 */
struct p2p_search_refusal {
	struct p2p_refusal refusal;
	u32 at_node_id;
	bool into_target;
	u64 cost;
	u32 hops;
};

/**
 * struct p2p_search - one route search, from the client's nodes to a target
 * @client: the initiating device; the search starts at each of its nodes
 * @target: the node to reach, or NULL to reach any node of @target_dev
 * @target_dev: see @target
 * @dirs: directions every link must carry
 * @private_only: use only links of %P2P_BUS_PRIVATE_INTERCONNECT buses
 *	and never pass through the host
 * @no_private: use no link of a %P2P_BUS_PRIVATE_INTERCONNECT bus
 * @client_known: the client has at least one node
 * @client_by_fwnode: with @client_known, its nodes are those bound to its
 *	firmware node (no node is bound to the device itself)
 * @client_fwnode: the client's firmware node, as the search read it
 * @found: a route was found
 * @cost: its cost
 * @hops: its length in links
 * @last: the search state the route ends with
 * @nr_refusals: number of valid entries in @refusals
 * @refusals: the first turns refused, in search order
 * @quiet: record no refusals (set while repeating a search)
 * @space: the scratch this search runs in; NULL before it starts means
 *	&p2p_graph.space
 * @irq_flags: for a pausable search, the flags the caller took the graph
 *	lock with; NULL for a search that holds the lock throughout
 * @resizes: &p2p_graph.resizes when the search (re)started
 * @steps: states popped and links looked at, counted to read the clock
 *	now and then
 * @restarts: times the search started again after a change
 * @restart: the graph changed while the search let the lock go; what it
 *	found is void and it must start again
 * @stretch_start: local_clock() when the lock was last taken
 */
struct p2p_search {
	struct device *client;
	const struct p2p_node *target;
	struct device *target_dev;
	unsigned int dirs;
	bool private_only;
	bool no_private;

	bool client_known;
	bool client_by_fwnode;
	struct fwnode_handle *client_fwnode;
	bool found;
	u64 cost;
	u32 hops;
	u32 last;
	unsigned int nr_refusals;
	struct p2p_search_refusal refusals[P2P_SEARCH_REFUSALS];
	bool quiet;

	struct p2p_search_space *space;
	unsigned long *irq_flags;
	u32 resizes;
	unsigned int steps;
	unsigned int restarts;
	bool restart;
	u64 stretch_start;
};

/**
 * struct p2p_search_best - the cheapest route found from a client's nodes
 * @node: the node of the winning route's end (the client's when searching
 *	from a client, the target's when searching to a device), or NULL
 * @searched: the client node searched last (p2p_search_run())
 * @cost: its cost
 * @hops: its length
 */
struct p2p_search_best {
	const struct p2p_node *node;
	const struct p2p_node *searched;
	u64 cost;
	u32 hops;
};

void p2p_search_run(struct p2p_search *search);
void p2p_search_route(const struct p2p_search *search, struct p2p_hop *hops);
bool p2p_search_hop(const struct p2p_search *search, u32 *state,
		    struct p2p_hop *hop);
int p2p_search_provider(struct p2p_search *search,
			const struct p2p_provider *provider,
			struct device *client, unsigned int dirs,
			unsigned long *irq_flags);
void p2p_search_begin(struct p2p_search *search, unsigned long *irq_flags,
		      bool mapping);
void p2p_search_restarting(struct p2p_search *search);
void p2p_search_done(struct p2p_search *search);
void p2p_route_summarise(const struct p2p_search *search,
			 struct p2p_route_info *info);
int p2p_search_space_reserve(u32 link_id);
#if IS_ENABLED(CONFIG_KUNIT)
extern u64 p2p_search_stretch_ns;
void p2p_search_paused(void);
#endif
u64 p2p_search_hold_max_ns(bool reset);

/* cache.c */
#if IS_ENABLED(CONFIG_KUNIT)
struct p2p_cached_route *p2p_cached_route_alloc(u32 nr_hops);
bool p2p_cache_insert(struct p2p_provider *provider,
		      struct p2p_cached_route *route);
#endif
int p2p_route_answer(struct p2p_provider *provider, struct device *client,
		     unsigned int dirs, struct p2p_route_info *info,
		     const struct p2p_cached_route **stored);
void p2p_cache_forget_client(struct device *client);
void p2p_cache_prune(void);
unsigned int p2p_cache_entries(void);
void p2p_cache_free(struct p2p_provider *provider);

/* translate.c */
int p2p_translate_host(const struct p2p_provider *provider, u64 offset,
		       struct p2p_addr *out);
int p2p_translate_route(const struct p2p_provider *provider,
			const struct p2p_cached_route *route, u64 offset,
			struct p2p_addr *out);
int p2p_translate_searching(const struct p2p_provider *provider,
			    struct device *client, u64 offset,
			    struct p2p_addr *out);
int p2p_translate_start(const struct p2p_provider *provider, u64 offset,
			struct p2p_addr *addr);
int p2p_translate_hop(const struct p2p_hop *hop, struct p2p_addr *addr);

/* query.c */
typedef void (*p2p_search_walk_fn)(const struct p2p_search *search,
				   void *ctx);
int p2p_route_to_device_walk(struct device *target, struct device *client,
			     unsigned int dirs, struct p2p_route_info *info,
			     p2p_search_walk_fn walk, void *ctx);

/* names.c */
#define P2P_NODE_TYPE_COUNT	(P2P_NODE_HOST + 1)
#define P2P_MAP_TYPE_COUNT	(P2P_MAP_THRU_HOST + 1)
#define P2P_ADDR_SPACE_COUNT	(P2P_ADDR_CXL_DPA + 1)
#define P2P_MEM_TYPE_COUNT	(P2P_MEM_CXL_HDM + 1)
extern const char *const p2p_node_type_names[P2P_NODE_TYPE_COUNT];
extern const char *const p2p_map_type_names[P2P_MAP_TYPE_COUNT];
extern const char *const p2p_addr_space_names[P2P_ADDR_SPACE_COUNT];
extern const char *const p2p_mem_type_names[P2P_MEM_TYPE_COUNT];

/* debugfs.c */
void p2p_debugfs_init(void);

/* sysfs.c */
void __init p2p_sysfs_init(void);

/**
 * struct p2p_sysfs_target - what a directory of /sys/kernel/p2p_topology
 *	stands for, held by p2p_sysfs_find() until p2p_sysfs_target_put()
 * @kobj: the directory (a reference is held; it holds the rest)
 * @node: the node, or a provider's owner
 * @provider: the provider, or NULL for a node's directory
 * @dev: the device bound to a node, or NULL
 */
struct p2p_sysfs_target {
	struct kobject *kobj;
	struct p2p_node *node;
	struct p2p_provider *provider;
	struct device *dev;
};

int p2p_sysfs_find(const char *path, struct p2p_sysfs_target *target);
void p2p_sysfs_target_put(struct p2p_sysfs_target *target);

/* user_query.c */
#define P2P_QUERY_MAX		255	/* longest request, newline excluded */

/**
 * struct p2p_user_query - one request to /dev/p2p_topology, parsed
 * @target: the target's name, pointing into the request
 * @client: the client's name, pointing into the request
 * @dirs: %P2P_DIR_READ and/or %P2P_DIR_WRITE
 * @offset: offset into the provider's memory to translate
 * @addresses: the asker may see addresses (CAP_SYS_ADMIN, as for
 *	/proc/iomem); not part of the request
 */
struct p2p_user_query {
	const char *target;
	const char *client;
	unsigned int dirs;
	u64 offset;
	bool addresses;
};

struct seq_buf;
#if IS_ENABLED(CONFIG_KUNIT)
int p2p_user_query_parse(char *req, size_t len, struct p2p_user_query *q);
int p2p_user_query_answer(struct seq_buf *s, const struct p2p_user_query *q);
#endif

#endif /* _P2P_CORE_H */
