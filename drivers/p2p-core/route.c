// SPDX-License-Identifier: GPL-2.0
/*
 * Route search: the cheapest path from a client's nodes to a target node
 * that every node on the way agrees to forward.
 *
 * Forwarding rules are turn restrictions: whether traffic that arrived at a
 * node over one link may leave over another. A shortest path over nodes
 * cannot honour them (the best way to reach a node may arrive over a link
 * from which the needed turn is forbidden), so the search runs over
 * directed links instead. A search state is "arrived at the far end of link
 * L": state L.id * 2 + i means the traffic arrived at L.end[i]. Dijkstra's
 * algorithm over these states is exact with any set of turn restrictions,
 * and it may use a link in both directions, as PCIe traffic redirected by
 * ACS does:
 *
 *	       host bridge          ACS redirect at the root port sends
 *	           |                EP0 -> EP1 up to the host bridge, which
 *	       root port (ACS)      turns it around: the route crosses the
 *	        /      \            root port link twice, once each way.
 *	      EP0      EP1
 *
 * Keys are (cost, hops): costs may be 0 but hops always grow, so a state's
 * key always exceeds its predecessor's and each state's first key is final.
 * Every state is therefore pushed at most once, which bounds the heap by the
 * number of states: the search space is sized when links are added, and a
 * search never allocates.
 *
 * Ties are broken deterministically: equal keys pop in state order (lower
 * link ids first; ids of removed links are reused), so a state reached with
 * an equal key from two predecessors keeps the one with the lower number.
 *
 * A search runs under the graph lock, a spinlock taken with interrupts off,
 * and its length grows with the fabric. A cache miss of a caller that has
 * interrupts on therefore searches in stretches (p2p_search_provider()
 * with the caller's IRQ flags): once a stretch has held the lock for
 * p2p_search_stretch_ns, it lets the lock go, so that interrupts are taken
 * and other CPUs search or change the graph, and takes it again. A change
 * meanwhile bumps the generation: the search drops what it found and
 * starts again, so its answer is that of one graph, as if it had held the
 * lock throughout. Its states live in a space of its own, claimed from
 * &p2p_graph.pausable for the whole search; when none is free, the search
 * holds the lock throughout in &p2p_graph.space, as every search that
 * needs no pause does (they are not on the mapping path). Nothing ever
 * waits for a space to be given back, so no context can deadlock on one.
 * A caller with interrupts already off gains nothing from a pause and
 * would pay for every restart with them off: it holds the lock
 * throughout. So does every search on PREEMPT_RT, where the lock leaves
 * interrupts on and a paused task could be preempted holding its space.
 */
#include <kunit/static_stub.h>
#include <kunit/visibility.h>
#include <linux/device.h>
#include <linux/preempt.h>
#include <linux/property.h>
#include <linux/rculist.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "core.h"

#define P2P_NO_STATE	U32_MAX

/*
 * How long a pausable search holds the graph lock before it lets it go,
 * in ns. Its steps are the states it pops and the links it looks at from
 * each (a hub of a large fabric has thousands); the clock is read every
 * P2P_SEARCH_CHECK steps, so a stretch runs over by at most that many,
 * each one forward() call and one heap push. The KUnit suites set 0: a
 * pause at every look at the clock.
 */
VISIBLE_IF_KUNIT u64 p2p_search_stretch_ns = 20 * NSEC_PER_USEC;
EXPORT_SYMBOL_IF_KUNIT(p2p_search_stretch_ns);
#define P2P_SEARCH_CHECK	4

/*
 * Starts a pausable search makes before it holds the lock throughout, so
 * that a graph that keeps changing cannot starve it.
 */
#define P2P_SEARCH_RESTARTS	4

/*
 * The longest stretch a search on the mapping path held the lock, in ns;
 * written under the lock, read without it by debugfs (a torn read on
 * 32-bit only misreports that figure).
 */
static u64 p2p_search_hold_max;

static inline u32 p2p_state(const struct p2p_link *link, unsigned int end)
{
	return link->id * 2 + end;
}

static bool p2p_key_less(u64 cost_a, u32 hops_a, u32 state_a,
			 u64 cost_b, u32 hops_b, u32 state_b)
{
	if (cost_a != cost_b)
		return cost_a < cost_b;
	if (hops_a != hops_b)
		return hops_a < hops_b;
	return state_a < state_b;
}

static bool p2p_heap_less(const struct p2p_heap_item *a,
			  const struct p2p_heap_item *b)
{
	return p2p_key_less(a->cost, a->hops, a->state,
			    b->cost, b->hops, b->state);
}

static void p2p_heap_push(struct p2p_heap_item *heap, u32 *len,
			  const struct p2p_heap_item *item)
{
	u32 i = (*len)++;

	while (i && p2p_heap_less(item, &heap[(i - 1) / 2])) {
		heap[i] = heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	heap[i] = *item;
}

static struct p2p_heap_item p2p_heap_pop(struct p2p_heap_item *heap, u32 *len)
{
	struct p2p_heap_item top = heap[0], last = heap[--(*len)];
	u32 i = 0;

	for (;;) {
		u32 child = 2 * i + 1;

		if (child >= *len)
			break;
		if (child + 1 < *len && p2p_heap_less(&heap[child + 1], &heap[child]))
			child++;
		if (!p2p_heap_less(&heap[child], &last))
			break;
		heap[i] = heap[child];
		i = child;
	}
	if (*len)
		heap[i] = last;
	return top;
}

#define P2P_NR_SPACES	(1 + P2P_PAUSABLE_SPACES)

static struct p2p_search_space *p2p_space_nr(unsigned int i)
{
	return i ? &p2p_graph.pausable[i - 1] : &p2p_graph.space;
}

/**
 * p2p_search_space_reserve() - make room for the states of link @link_id
 * @link_id: the id about to be given to a new link
 *
 * Called under the graph mutex before the link is published, so that every
 * link a search can see has room in every search space. A paused search
 * whose space is replaced starts again (&p2p_graph.resizes).
 *
 * Return: 0 or -ENOMEM.
 */
int p2p_search_space_reserve(u32 link_id)
{
	struct p2p_search_state *states[P2P_NR_SPACES] = {};
	struct p2p_heap_item *heap[P2P_NR_SPACES] = {};
	struct p2p_search_space *space;
	unsigned long flags;
	unsigned int i;
	int ret = 0;
	u32 nr;

	lockdep_assert_held(&p2p_graph.mutex);
	if (link_id * 2ULL + 2 <= p2p_graph.space.nr_states)
		return 0;
	if (link_id >= U32_MAX / 4)
		return -ENOMEM;

	nr = max_t(u32, 64, max_t(u32, p2p_graph.space.nr_states * 2,
				  link_id * 2 + 2));
	for (i = 0; i < P2P_NR_SPACES; i++) {
		states[i] = kvcalloc(nr, sizeof(*states[i]), GFP_KERNEL);
		heap[i] = kvcalloc(nr, sizeof(*heap[i]), GFP_KERNEL);
		if (!states[i] || !heap[i]) {
			ret = -ENOMEM;
			goto out_free;
		}
	}

	spin_lock_irqsave(&p2p_graph.lock, flags);
	for (i = 0; i < P2P_NR_SPACES; i++) {
		space = p2p_space_nr(i);
		swap(space->states, states[i]);
		swap(space->heap, heap[i]);
		space->nr_states = nr;
		space->epoch = 0;
	}
	p2p_graph.resizes++;
	spin_unlock_irqrestore(&p2p_graph.lock, flags);

out_free:	/* the old arrays, or the new ones on failure */
	for (i = 0; i < P2P_NR_SPACES; i++) {
		kvfree(states[i]);
		kvfree(heap[i]);
	}
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_search_space_reserve);

static void p2p_search_hold_end(struct p2p_search *search)
{
	u64 held = local_clock() - search->stretch_start;

	if (held > p2p_search_hold_max)
		WRITE_ONCE(p2p_search_hold_max, held);
}

/**
 * p2p_search_hold_max_ns() - the longest a search held the graph lock
 * @reset: start measuring again
 *
 * The longest stretch, in nanoseconds, that one route search on the
 * mapping path (a cache miss) held the graph lock, and so kept interrupts
 * off on !PREEMPT_RT. Shown in debugfs; the benchmarks reset it.
 *
 * Context: any context; takes the graph lock to reset.
 * Return: the longest stretch since boot or the last reset.
 */
u64 p2p_search_hold_max_ns(bool reset)
{
	unsigned long flags;
	u64 max;

	if (!reset)
		return READ_ONCE(p2p_search_hold_max);
	spin_lock_irqsave(&p2p_graph.lock, flags);
	max = p2p_search_hold_max;
	p2p_search_hold_max = 0;
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	return max;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_search_hold_max_ns);

/**
 * p2p_search_paused() - where a pausable search waits without the lock
 *
 * Does nothing: the KUnit suites redirect it to change the graph, or to
 * search again, while a search is paused. A replacement runs in the
 * context of the query, possibly an interrupt: it must not sleep.
 *
 * Context: the caller's, with the graph lock released and, but on
 * PREEMPT_RT, preemption disabled.
 */
VISIBLE_IF_KUNIT void p2p_search_paused(void)
{
	KUNIT_STATIC_STUB_REDIRECT(p2p_search_paused);
}
EXPORT_SYMBOL_IF_KUNIT(p2p_search_paused);

/*
 * Let the graph lock go and take it again. False, with @search->restart
 * set, when the graph changed meanwhile: the states found are void.
 * Preemption stays off (never on PREEMPT_RT, where nothing pauses), so
 * that the claimed space is not held by a task that does not run.
 */
static bool p2p_search_pause(struct p2p_search *search)
	__must_hold(&p2p_graph.lock)
{
	u64 generation = p2p_generation();

	p2p_search_hold_end(search);
	preempt_disable();
	spin_unlock_irqrestore(&p2p_graph.lock, *search->irq_flags);
	p2p_search_paused();
	spin_lock_irqsave(&p2p_graph.lock, *search->irq_flags);
	preempt_enable();
	search->stretch_start = local_clock();
	if (p2p_generation() == generation &&
	    p2p_graph.resizes == search->resizes)
		return true;
	search->restart = true;
	return false;
}

static void p2p_search_refused(struct p2p_search *search,
			       const struct p2p_node *node,
			       const struct p2p_refusal *why, bool into_target,
			       u64 cost, u32 hops)
{
	struct p2p_search_refusal *r;

	if (search->quiet || search->nr_refusals >= ARRAY_SIZE(search->refusals))
		return;
	r = &search->refusals[search->nr_refusals++];
	r->refusal = *why;
	r->at_node_id = node->id;
	r->into_target = into_target;
	r->cost = cost;
	r->hops = hops;
}

static bool p2p_link_usable(const struct p2p_search *search,
			    const struct p2p_link *link)
{
	if (link->attr.down || (link->attr.dirs & search->dirs) != search->dirs)
		return false;
	if (search->private_only &&
	    !(link->bus->flags & P2P_BUS_PRIVATE_INTERCONNECT))
		return false;
	if (search->no_private &&
	    (link->bus->flags & P2P_BUS_PRIVATE_INTERCONNECT))
		return false;
	return true;
}

/*
 * Ask @node's backend about traffic entering over @in and leaving over @out;
 * a NULL @in starts the route at @node, a NULL @out ends it there. A refusal
 * with a reason is remembered with the key the route would have had.
 */
static bool p2p_forward(struct p2p_search *search, const struct p2p_node *node,
			const struct p2p_link *in, const struct p2p_link *out,
			const struct p2p_query *query, u64 cost, u32 hops)
{
	struct p2p_refusal why = { .node_id = node->id };

	if (node->bus->ops->forward(node, in, out, query, &why) ==
	    P2P_FORWARD_ALLOW)
		return true;
	if (why.reason)
		p2p_search_refused(search, node, &why,
				   out && query->target &&
				   p2p_link_peer(out, node) == query->target,
				   cost, hops);
	return false;
}

/* May traffic that reached @node over @in (state @st) leave over @out? */
static bool p2p_turn_allowed(struct p2p_search *search,
			     const struct p2p_node *node,
			     const struct p2p_search_state *st,
			     const struct p2p_link *out,
			     const struct p2p_query *query)
{
	const struct p2p_link *in = st->link;

	if (search->private_only && p2p_node_is_host(node))
		return false;
	if (!node->bus->ops->forward) {
		/* Endpoints do not relay; a host turns traffic around. */
		if (node->type == P2P_NODE_ENDPOINT)
			return false;
		return in != out || p2p_node_is_host(node);
	}
	return p2p_forward(search, node, in, out, query,
			   st->cost + out->attr.cost, st->hops + 1);
}

/*
 * May the route start at @node over @out (@st NULL), or end at @node having
 * arrived in state @st (@out NULL)? Only backends with rules are asked.
 */
static bool p2p_end_allowed(struct p2p_search *search,
			    const struct p2p_node *node,
			    const struct p2p_search_state *st,
			    const struct p2p_link *out,
			    const struct p2p_query *query)
{
	if (!node->bus->ops->forward)
		return true;
	return p2p_forward(search, node, st ? st->link : NULL, out, query,
			   (st ? st->cost : 0) + (out ? out->attr.cost : 0),
			   (st ? st->hops : 0) + !!out);
}

static bool p2p_search_is_target(const struct p2p_search *search,
				 const struct p2p_node *node)
{
	if (search->target)
		return node == search->target;
	return p2p_node_is_for(node, search->target_dev,
			       dev_fwnode(search->target_dev));
}

/* Offer the state "arrived at the far end of @link" with the given key. */
static void p2p_search_relax(struct p2p_search_space *space, u32 *heap_len,
			     struct p2p_link *link, unsigned int far_end,
			     const struct p2p_search_state *from)
{
	u32 s = p2p_state(link, far_end);
	struct p2p_search_state *st = &space->states[s];
	struct p2p_heap_item item;

	/* The first key offered is final (see the top of this file). */
	if (st->epoch == space->epoch)
		return;
	st->epoch = space->epoch;
	st->link = link;
	st->cost = (from ? from->cost : 0) + link->attr.cost;
	st->hops = (from ? from->hops : 0) + 1;
	st->prev = from ? from - space->states : P2P_NO_STATE;
	item.cost = st->cost;
	item.hops = st->hops;
	item.state = s;
	p2p_heap_push(space->heap, heap_len, &item);
}

/*
 * One step of a pausable search: every P2P_SEARCH_CHECK steps, a look at
 * the clock, and a pause once the stretch is long enough. False when the
 * search must start again (p2p_search_pause()).
 */
static bool p2p_search_step(struct p2p_search *search)
	__must_hold(&p2p_graph.lock)
{
	if (!search->irq_flags || ++search->steps % P2P_SEARCH_CHECK)
		return true;
	if (local_clock() - search->stretch_start <
	    READ_ONCE(p2p_search_stretch_ns))
		return true;
	return p2p_search_pause(search);
}

/*
 * Dijkstra from one client node. Return whether the target was reached;
 * the states of this run stay in the search space for p2p_search_route().
 * A pausable search may let the lock go at any step; nothing it holds is
 * used again unless the graph is as it was (p2p_search_pause()).
 */
static bool p2p_search_from(struct p2p_search *search,
			    const struct p2p_node *src, u64 *cost, u32 *hops,
			    u32 *last)
	__must_hold(&p2p_graph.lock)
{
	struct p2p_search_space *space = search->space;
	struct p2p_query query = {
		.client = src,
		.target = search->target,
		.dirs = search->dirs,
	};
	struct p2p_link_end *end;
	u32 heap_len = 0;

	/* A new epoch invalidates every state without touching them. */
	if (!space->nr_states)
		return false;
	if (++space->epoch == 0) {
		memset(space->states, 0, space->nr_states * sizeof(*space->states));
		space->epoch = 1;
	}

	list_for_each_entry(end, &src->link_ends, entry) {
		if (!p2p_search_step(search))
			return false;
		if (p2p_link_usable(search, end->link) &&
		    p2p_end_allowed(search, src, NULL, end->link, &query))
			p2p_search_relax(space, &heap_len, end->link,
					 end == &end->link->end[0], NULL);
	}

	while (heap_len) {
		struct p2p_heap_item item;
		struct p2p_search_state *st;
		struct p2p_node *node;

		if (!p2p_search_step(search))
			return false;
		item = p2p_heap_pop(space->heap, &heap_len);
		st = &space->states[item.state];
		node = st->link->end[item.state & 1].node;

		/* A target that refuses this arrival may still be passed. */
		if (p2p_search_is_target(search, node) &&
		    p2p_end_allowed(search, node, st, NULL, &query)) {
			*cost = st->cost;
			*hops = st->hops;
			*last = item.state;
			return true;
		}
		list_for_each_entry(end, &node->link_ends, entry) {
			struct p2p_link *out = end->link;
			unsigned int far = end == &out->end[0];

			/* @st and @end stay valid if the graph did not change. */
			if (!p2p_search_step(search))
				return false;
			if (!p2p_link_usable(search, out))
				continue;
			if (space->states[p2p_state(out, far)].epoch == space->epoch)
				continue;	/* reached already, as cheaply */
			if (!p2p_turn_allowed(search, node, st, out, &query))
				continue;
			p2p_search_relax(space, &heap_len, out, far, st);
		}
	}
	return false;
}

/*
 * May a node reach its own memory without leaving? Its backend may say no
 * (PCIe ACS redirect on the function itself); the route then leaves and
 * comes back.
 */
static bool p2p_self_allowed(struct p2p_search *search,
			     const struct p2p_node *node)
{
	struct p2p_query query = {
		.client = node,
		.target = node,
		.dirs = search->dirs,
	};

	if (!node->bus->ops->forward)
		return true;
	return p2p_forward(search, node, NULL, NULL, &query, 0, 0);
}

/*
 * Search from one of the client's nodes; keep the route if it beats @best.
 * True when the client owns the memory, which ends the search at once, or
 * when the search must start again.
 */
static bool p2p_search_from_client(struct p2p_search *search,
				   const struct p2p_node *src,
				   struct p2p_search_best *best)
{
	u32 hops, last;
	u64 cost;

	search->client_known = true;
	if (p2p_search_is_target(search, src) && p2p_self_allowed(search, src)) {
		/* The client owns the memory: nothing to cross. */
		search->found = true;
		search->cost = 0;
		search->hops = 0;
		search->last = P2P_NO_STATE;
		return true;
	}
	p2p_stat_inc(P2P_STAT_SEARCHES);
	best->searched = src;
	if (!p2p_search_from(search, src, &cost, &hops, &last))
		return search->restart;
	if (cost < best->cost || (cost == best->cost && hops < best->hops)) {
		best->node = src;
		best->cost = cost;
		best->hops = hops;
		search->last = last;
	}
	return false;
}

/**
 * p2p_search_run() - find the cheapest allowed route
 * @search: the question; the answer is written into it
 *
 * A device may have several nodes (one per bus it is on). Each is searched
 * from on its own, so that forwarding rules may depend on the client node,
 * and the cheapest result wins; on a tie, the node found first in the
 * device hash. A device that no backend enumerates is represented by the
 * nodes bound to its firmware node.
 *
 * The answer always describes the route whose states the search space
 * holds, ready for p2p_search_route() and p2p_route_summarise().
 *
 * A pausable search (@search->irq_flags set) may return with
 * @search->restart set and nothing found: the graph changed while it let
 * the lock go, and the caller starts it again (p2p_search_provider()).
 *
 * Context: the graph lock is held. A search that holds it throughout sees
 * a graph that cannot change underneath; a pausable one lets it go and
 * takes it again between stretches.
 */
void p2p_search_run(struct p2p_search *search)
	__must_hold(&p2p_graph.lock)
{
	struct fwnode_handle *fwnode = search->client ?
				       dev_fwnode(search->client) : NULL;
	struct p2p_search_best best = { .cost = U64_MAX, .hops = U32_MAX };
	const struct p2p_node *src;
	bool found;

	lockdep_assert_held(&p2p_graph.lock);
	if (!search->space)
		search->space = &p2p_graph.space;
	search->restart = false;
	search->resizes = p2p_graph.resizes;
	search->steps = 0;
	search->found = false;
	search->client_known = false;
	search->client_by_fwnode = false;
	search->client_fwnode = fwnode;
	search->nr_refusals = 0;

	hash_for_each_possible(p2p_graph.dev_nodes, src, dev_entry,
			       (unsigned long)search->client)
		if (src->dev == search->client &&
		    p2p_search_from_client(search, src, &best))
			goto out;
	if (!search->client_known && fwnode) {
		search->client_by_fwnode = true;
		hash_for_each_possible(p2p_graph.dev_nodes, src, dev_entry,
				       (unsigned long)fwnode)
			if (!src->dev && src->fwnode == fwnode &&
			    p2p_search_from_client(search, src, &best))
				goto out;
	}
	if (!best.node)
		return;

	/*
	 * The search space must hold the winner's states for its route: when
	 * another node was searched after it, search from the winner again.
	 * forward() may answer differently this time (a register rewritten
	 * in between, a device gone surprise-down): the answer is then the
	 * repeat's own, found or not, so that the route, its hops and its
	 * attributes all come from one search.
	 */
	if (best.node != best.searched) {
		search->quiet = true;
		found = p2p_search_from(search, best.node, &best.cost,
					&best.hops, &search->last);
		search->quiet = false;
		if (!found)
			goto out;
	}
	search->found = true;
	search->cost = best.cost;
	search->hops = best.hops;
	return;
out:
	/* Owned memory, or a repeat that found nothing; a restart: nothing. */
	if (search->restart) {
		search->found = false;
		search->client_known = false;
	}
}

/**
 * p2p_search_route() - the hops of the route a search found
 * @search: a search that found a route
 * @hops: room for @search->hops entries, filled from the provider's side
 *
 * Context: the graph lock is held, by the same critical section that ran
 * the search (its last stretch, for a search that paused).
 */
void p2p_search_route(const struct p2p_search *search, struct p2p_hop *hops)
{
	u32 s = search->last, i = 0;

	lockdep_assert_held(&p2p_graph.lock);
	while (i < search->hops && p2p_search_hop(search, &s, &hops[i]))
		i++;
}

/**
 * p2p_search_hop() - walk the route a search found, one hop at a time
 * @search: the search that found the route
 * @state: the search state to start from: &p2p_search.last first, then
 *	as left by the previous call
 * @hop: set to the hop, from the provider's side towards the client
 *
 * How a route is used without room for its hops (see p2p_search_route()).
 *
 * Context: the graph lock is held, by the same critical section that ran
 * the search.
 * Return: false when the route has no more hops.
 */
bool p2p_search_hop(const struct p2p_search *search, u32 *state,
		    struct p2p_hop *hop)
{
	const struct p2p_search_state *st;

	lockdep_assert_held(&p2p_graph.lock);
	if (*state == P2P_NO_STATE)
		return false;
	/* The last state is the provider's end; walking back goes clientwards. */
	st = &search->space->states[*state];
	hop->link = st->link;
	hop->toward = st->link->end[!(*state & 1)].node;
	*state = st->prev;
	return true;
}

/*
 * A free pausable space, claimed; NULL when every one it may take is in
 * use. The first is kept for the mapping path's misses: questions any
 * user may ask (/dev/p2p_topology) take only the others, so that users
 * cannot leave a DMA mapping's miss to hold the lock throughout.
 */
static struct p2p_search_space *p2p_search_space_claim(bool mapping)
{
	unsigned int i;

	for (i = mapping ? 0 : 1; i < P2P_PAUSABLE_SPACES; i++) {
		if (!p2p_graph.pausable[i].claimed &&
		    p2p_graph.pausable[i].nr_states) {
			p2p_graph.pausable[i].claimed = true;
			return &p2p_graph.pausable[i];
		}
	}
	return NULL;
}

/**
 * p2p_search_begin() - make a search pausable, if it may be
 * @search: a search, set up but not run
 * @irq_flags: the flags the caller took the graph lock with, or NULL
 * @mapping: a route query's cache miss, which may take any pausable
 *	space; other searches leave it the first
 *
 * A search may pause (see the top of this file) when given the flags of a
 * caller that had interrupts on, not on PREEMPT_RT, and a free space; it
 * then owns the space until p2p_search_done(). Every other search holds
 * the lock throughout.
 *
 * Context: the graph lock is held, taken with spin_lock_irqsave().
 */
void p2p_search_begin(struct p2p_search *search, unsigned long *irq_flags,
		      bool mapping)
	__must_hold(&p2p_graph.lock)
{
	lockdep_assert_held(&p2p_graph.lock);
	search->stretch_start = local_clock();
	search->restarts = 0;
	search->irq_flags = NULL;
	/* A pause would let no interrupt in (see the top of this file). */
	if (IS_ENABLED(CONFIG_PREEMPT_RT) || !irq_flags ||
	    irqs_disabled_flags(*irq_flags))
		return;
	search->space = p2p_search_space_claim(mapping);
	if (search->space)
		search->irq_flags = irq_flags;
}

/**
 * p2p_search_restarting() - count a start again, and bound them
 * @search: a pausable search that found the graph changed
 *
 * After P2P_SEARCH_RESTARTS starts the search holds the lock to the end,
 * so that a graph that keeps changing cannot starve it.
 *
 * Context: the graph lock is held.
 */
void p2p_search_restarting(struct p2p_search *search)
{
	p2p_stat_inc(P2P_STAT_SEARCH_RESTARTS);
	if (++search->restarts >= P2P_SEARCH_RESTARTS)
		search->irq_flags = NULL;
}

/**
 * p2p_search_provider() - search from a client to a provider's node
 * @search: set up here; the answer is written into it
 * @provider: the provider
 * @client: the client device
 * @dirs: the directions asked for, with %P2P_ROUTE_NO_PRIVATE
 * @irq_flags: the flags the caller took the graph lock with, to search in
 *	stretches and let the lock go between them (see the top of this
 *	file); NULL to hold the lock throughout, as a search also does
 *	when these flags say interrupts were off and on PREEMPT_RT
 *
 * A pausable search claims a search space of its own, which the caller
 * gives back with p2p_search_done() once it has read the route, before
 * it lets the lock go. The answer is that of the graph as it stands when
 * this returns, whatever changed while the lock was let go.
 *
 * Context: the graph lock is held, taken with spin_lock_irqsave(); with
 * @irq_flags, it is released and taken again on the way, so the caller
 * may keep nothing it found under the lock before this call.
 * Return: 0 when a route was found, -EHOSTUNREACH when none was, -ENODEV
 * when the provider or its node was removed or @client has no node.
 */
int p2p_search_provider(struct p2p_search *search,
			const struct p2p_provider *provider,
			struct device *client, unsigned int dirs,
			unsigned long *irq_flags)
	__must_hold(&p2p_graph.lock)
{
	lockdep_assert_held(&p2p_graph.lock);
	memset(search, 0, sizeof(*search));
	search->client = client;
	search->target = provider->node;
	search->dirs = dirs & P2P_DIR_BOTH;
	search->no_private = dirs & P2P_ROUTE_NO_PRIVATE;
	p2p_search_begin(search, irq_flags, true);
	do {
		/* A removal while the lock was let go bumped the generation. */
		if (READ_ONCE(provider->removed) || provider->node->removed) {
			search->found = false;
			search->client_known = false;
			break;
		}
		if (search->restart)
			p2p_search_restarting(search);
		p2p_search_run(search);
	} while (search->restart);
	if (!search->client_known)
		return -ENODEV;
	return search->found ? 0 : -EHOSTUNREACH;
}

/**
 * p2p_search_done() - give back what a search from p2p_search_provider() holds
 * @search: the search; its route may not be read afterwards
 *
 * Needed after p2p_search_begin() (p2p_search_provider() calls it), which
 * may give the search a space of its own; other searches need not call
 * it (it would record a stretch since a start they never set). It also
 * records how long the last stretch held the lock
 * (p2p_search_hold_max_ns()).
 *
 * Context: the graph lock is held, by the same critical section that read
 * the route.
 */
void p2p_search_done(struct p2p_search *search)
{
	lockdep_assert_held(&p2p_graph.lock);
	p2p_search_hold_end(search);
	if (search->space && search->space != &p2p_graph.space)
		search->space->claimed = false;
	search->space = NULL;
}

static bool p2p_state_on_route(const struct p2p_search_space *space, u32 s)
{
	return space->states[s].epoch == space->epoch &&
	       space->states[s].on_route == space->epoch;
}

/* Whether the route found crosses a link of node @id. */
static bool p2p_route_touches(const struct p2p_search *search, u32 id)
{
	const struct p2p_search_state *states = search->space->states;
	u32 s;

	for (s = search->last; s != P2P_NO_STATE; s = states[s].prev) {
		const struct p2p_link *link = states[s].link;

		if (link->end[0].node->id == id || link->end[1].node->id == id)
			return true;
	}
	return false;
}

/*
 * The refusal to report. Without a route, the first one. With a route, the
 * first one blaming a node on the route, whose turn would have started a
 * cheaper route: the refusal that made the route go the long way, not a
 * refused turn into a dead end. Failing that, the first such turn into
 * the target refused at a node on the route, whoever it blames: a switch
 * that cannot reach every device of a CXL region names the port that
 * lacks UIO, which the route through the host does not cross.
 */
static void p2p_pick_refusal(const struct p2p_search *search,
			     struct p2p_refusal *refusal)
{
	unsigned int r, pass;

	refusal->node_id = 0;
	refusal->reason = NULL;
	if (!search->found) {
		if (search->nr_refusals)
			*refusal = search->refusals[0].refusal;
		return;
	}
	for (pass = 0; pass < 2; pass++) {
		for (r = 0; r < search->nr_refusals; r++) {
			const struct p2p_search_refusal *sr = &search->refusals[r];

			if (sr->cost > search->cost ||
			    (sr->cost == search->cost && sr->hops >= search->hops))
				continue;
			if (pass && !sr->into_target)
				continue;
			if (p2p_route_touches(search, pass ? sr->at_node_id :
							     sr->refusal.node_id)) {
				*refusal = sr->refusal;
				return;
			}
		}
	}
}

/* One direction's figures along a route: the narrowest link, the sum. */
struct p2p_route_figures {
	u32 bandwidth_MBps;
	u32 latency_ns;
	bool bw_known;
	bool lat_known;
};

static void p2p_route_figures_add(struct p2p_route_figures *f, u32 bw,
				  u32 lat)
{
	if (bw)
		f->bandwidth_MBps = min(f->bandwidth_MBps, bw);
	else
		f->bw_known = false;
	if (!lat)
		f->lat_known = false;
	else if (check_add_overflow(f->latency_ns, lat, &f->latency_ns))
		f->latency_ns = U32_MAX;
}

/**
 * p2p_route_summarise() - describe the outcome of a search
 * @search: the search
 * @info: filled with the map type, the aggregated attributes and the
 *	refusal worth reporting; %P2P_MAP_NOT_SUPPORTED when nothing was found
 *
 * A route is %P2P_MAP_THRU_HOST when a host bridge or the host lies
 * strictly between its ends: the traffic turns around in the root complex.
 * Its distance leaves out links it crosses both ways: the detour of traffic
 * redirected up to the root complex and back is in the cost, not in the
 * distance, which is thereby p2pdma's tree metric on PCIe.
 *
 * Context: the graph lock is held, by the same critical section that ran
 * the search.
 */
void p2p_route_summarise(const struct p2p_search *search,
			 struct p2p_route_info *info)
{
	struct p2p_search_space *space = search->space;
	struct p2p_search_state *states = space->states;
	struct p2p_route_figures rd = { U32_MAX, 0, true, true }, wr = rd;
	u32 s, crossed = 0;
	u64 doubled = 0;

	lockdep_assert_held(&p2p_graph.lock);
	memset(info, 0, sizeof(*info));
	p2p_pick_refusal(search, &info->refusal);
	if (!search->found) {
		info->map_type = P2P_MAP_NOT_SUPPORTED;
		return;
	}

	info->map_type = P2P_MAP_DIRECT;
	info->hops = search->hops;
	info->dirs = P2P_DIR_BOTH;

	for (s = search->last; s != P2P_NO_STATE; s = states[s].prev)
		states[s].on_route = space->epoch;

	for (s = search->last; s != P2P_NO_STATE; s = states[s].prev) {
		const struct p2p_link_attr *attr = &states[s].link->attr;
		const struct p2p_node *toward = states[s].link->end[!(s & 1)].node;

		/* @toward is inside the route unless it is the client */
		if (states[s].prev != P2P_NO_STATE && p2p_node_is_host(toward))
			info->map_type = P2P_MAP_THRU_HOST;
		if (p2p_state_on_route(space, s ^ 1))
			doubled += attr->cost;
		info->dirs &= attr->dirs;
		if (states[s].link->bus->flags & P2P_BUS_PRIVATE_INTERCONNECT)
			info->private_link = true;
		if (attr->internal)
			continue;
		crossed++;
		p2p_route_figures_add(&rd, attr->bandwidth_MBps,
				      attr->latency_ns);
		/* Writes: the link's own figures, else its read ones. */
		p2p_route_figures_add(&wr,
				      attr->write_bandwidth_MBps ?: attr->bandwidth_MBps,
				      attr->write_latency_ns ?: attr->latency_ns);
	}
	info->cost = min_t(u64, search->cost, U32_MAX);
	info->distance = min_t(u64, search->cost - doubled, U32_MAX);
	/* Unknown when any link's is, and for a route that crosses none. */
	if (crossed) {
		info->bandwidth_MBps = rd.bw_known ? rd.bandwidth_MBps : 0;
		info->latency_ns = rd.lat_known ? rd.latency_ns : 0;
		info->write_bandwidth_MBps = wr.bw_known ? wr.bandwidth_MBps : 0;
		info->write_latency_ns = wr.lat_known ? wr.latency_ns : 0;
	}
}
