/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the peer-to-peer topology: every route answer (cached or
 * computed) and every change that makes the cached answers stale.
 * Documentation/driver-api/p2p-topology.rst, "Tracepoints", shows how to
 * read them.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM p2p_topology

#if !defined(_P2P_TOPOLOGY_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _P2P_TOPOLOGY_TRACE_H

#include <linux/device.h>
#include <linux/tracepoint.h>

#include "core.h"

/* So that user-space tools can decode the symbolic fields. */
TRACE_DEFINE_ENUM(P2P_MAP_NOT_SUPPORTED);
TRACE_DEFINE_ENUM(P2P_MAP_DIRECT);
TRACE_DEFINE_ENUM(P2P_MAP_THRU_HOST);
TRACE_DEFINE_ENUM(P2P_CHANGE_NODE_ADD);
TRACE_DEFINE_ENUM(P2P_CHANGE_NODE_REMOVE);
TRACE_DEFINE_ENUM(P2P_CHANGE_LINK_ADD);
TRACE_DEFINE_ENUM(P2P_CHANGE_LINK_ATTR);
TRACE_DEFINE_ENUM(P2P_CHANGE_LINK_REMOVE);
TRACE_DEFINE_ENUM(P2P_CHANGE_PROVIDER_ADD);
TRACE_DEFINE_ENUM(P2P_CHANGE_PROVIDER_REMOVE);
TRACE_DEFINE_ENUM(P2P_CHANGE_RULES);
TRACE_DEFINE_ENUM(P2P_ANSWER_SEARCH);
TRACE_DEFINE_ENUM(P2P_ANSWER_CACHED);
TRACE_DEFINE_ENUM(P2P_ANSWER_NO_NODE);

#define p2p_show_map_type(type)						\
	__print_symbolic(type,						\
			 { P2P_MAP_NOT_SUPPORTED, "NOT_SUPPORTED" },	\
			 { P2P_MAP_DIRECT, "DIRECT" },			\
			 { P2P_MAP_THRU_HOST, "THRU_HOST" })

#define p2p_show_change(change)						\
	__print_symbolic(change,					\
			 { P2P_CHANGE_NODE_ADD, "node-add" },		\
			 { P2P_CHANGE_NODE_REMOVE, "node-remove" },	\
			 { P2P_CHANGE_LINK_ADD, "link-add" },		\
			 { P2P_CHANGE_LINK_ATTR, "link-attr" },		\
			 { P2P_CHANGE_LINK_REMOVE, "link-remove" },	\
			 { P2P_CHANGE_PROVIDER_ADD, "provider-add" },	\
			 { P2P_CHANGE_PROVIDER_REMOVE, "provider-remove" }, \
			 { P2P_CHANGE_RULES, "rules" })

#define p2p_show_source(source)						\
	__print_symbolic(source,					\
			 { P2P_ANSWER_SEARCH, "miss" },			\
			 { P2P_ANSWER_CACHED, "hit" },			\
			 { P2P_ANSWER_NO_NODE, "no-node" })

/*
 * One answer of p2p_route_answer(): @source says whether it came from the
 * route cache, from a search, or from the client having no node. The
 * names are the provider's node and the client device; @error is the
 * query's return value (0, -EHOSTUNREACH, -ENODEV). refused-at is the
 * node a refusal blames and reason its rule, -1 and "" when nothing was
 * refused.
 */
TRACE_EVENT(p2p_route,
	TP_PROTO(const struct p2p_provider *provider,
		 const struct device *client, unsigned int dirs,
		 enum p2p_answer_source source,
		 int error, const struct p2p_route_info *info),
	TP_ARGS(provider, client, dirs, source, error, info),

	TP_STRUCT__entry(
		__field(u32, provider_id)
		__string(provider_node, provider->node->name)
		__string(client, dev_name(client))
		__field(unsigned int, dirs)
		__field(int, source)
		__field(int, error)
		__field(int, map_type)
		__field(u32, distance)
		__field(u32, cost)
		__field(u32, refused_at)
		__string(reason, info->refusal.reason ?: "")
	),

	TP_fast_assign(
		__entry->provider_id = provider->id;
		__assign_str(provider_node);
		__assign_str(client);
		__entry->dirs = dirs;
		__entry->source = source;
		__entry->error = error;
		__entry->map_type = info->map_type;
		__entry->distance = info->distance;
		__entry->cost = info->cost;
		__entry->refused_at = info->refusal.node_id;
		__assign_str(reason);
	),

	TP_printk("provider=%u node=%s client=%s dirs=%#x %s error=%d map=%s distance=%u cost=%u refused-at=%d reason=\"%s\"",
		  __entry->provider_id, __get_str(provider_node),
		  __get_str(client), __entry->dirs,
		  p2p_show_source(__entry->source), __entry->error,
		  p2p_show_map_type(__entry->map_type), __entry->distance,
		  __entry->cost,
		  __get_str(reason)[0] ? (int)__entry->refused_at : -1,
		  __get_str(reason))
);

/*
 * A change that bumped the topology generation to @generation, making
 * every cached route stale; @id is the node, link or provider changed
 * (0 for a change of a backend's rules).
 */
TRACE_EVENT(p2p_invalidate,
	TP_PROTO(enum p2p_change change, u32 id, u64 generation),
	TP_ARGS(change, id, generation),

	TP_STRUCT__entry(
		__field(int, change)
		__field(u32, id)
		__field(u64, generation)
	),

	TP_fast_assign(
		__entry->change = change;
		__entry->id = id;
		__entry->generation = generation;
	),

	TP_printk("%s id=%u generation=%llu", p2p_show_change(__entry->change),
		  __entry->id, __entry->generation)
);

#endif /* _P2P_TOPOLOGY_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
