// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: CXL forwarding rules
 *
 * A CXL port is also a PCIe port, and each CXL node is joined to the PCIe
 * node of its device by an internal link. HDM memory is a provider on an
 * endpoint's CXL node, and a PCIe device reaches it in one of two ways:
 *
 * - through the host bridge: the request climbs the PCIe hierarchy, the
 *   root complex turns it into CXL.mem and sends it down the CXL ports to
 *   the device (%P2P_MAP_THRU_HOST). It enters the CXL side at the host
 *   bridge's join.
 *
 * - directly: CXL 3.x lets a switch route PCIe Unordered IO (UIO) requests
 *   from one downstream port to the HDM memory of a device below another
 *   (%P2P_MAP_DIRECT). The request enters the CXL side at the downstream
 *   port above the client, turns in the switch and goes down to the
 *   device. Every port on the way must carry UIO to HDM memory, and the
 *   device must complete it: the port, the switch, each port on the way
 *   down and the endpoint, all with &p2p_cxl_port.uio.
 *
 *	         host bridge ==== PCIe host bridge
 *	              |
 *	            switch  (UIO?)             NVMe -> DSP1 -> switch -> DSP2
 *	           /      \                    -> memdev: DIRECT when all
 *	   (UIO?) DSP1    DSP2 (UIO?)          four carry UIO, else through
 *	         ||         |                  the host bridge, the refusal
 *	    PCIe DSP1     memdev (UIO?)        naming the first that does not
 *	         |
 *	        NVMe
 *
 * A missing UIO capability is a refusal with a reason naming the port: a
 * verbose query says which port keeps the route in the host. Entering at
 * a downstream port without UIO blames the port's PCIe node, which the
 * route through the host does cross.
 *
 * A committed region (region.c) hangs below the deepest port that decodes
 * it for all its devices. A client below that switch reaches it directly
 * only when every port from the switch down to each of the region's
 * devices, and each device, carries UIO: the switch's decoder may send
 * any of the region's addresses to any of them. A refusal names the
 * first port lacking it on the way to the first device that cannot be
 * reached.
 *
 * Traffic never leaves the CXL side for PCIe: a device's PCIe function is
 * reached on the PCIe side, so that one physical path is one route.
 * HPAs cross CXL links unchanged; a device's DPA crosses none.
 */
#include <kunit/visibility.h>
#include <linux/compiler.h>
#include <linux/errno.h>

#include "port.h"

const char p2p_cxl_uio_reason[] =
	"CXL port does not carry PCIe Unordered IO (UIO) to HDM memory";

/**
 * p2p_cxl_node_type() - the node type of a kind of CXL port
 * @kind: the kind
 *
 * Context: any context.
 * Return: the type its node gets; the root and host bridges make a route
 * through them %P2P_MAP_THRU_HOST.
 */
enum p2p_node_type p2p_cxl_node_type(enum p2p_cxl_port_kind kind)
{
	switch (kind) {
	case P2P_CXL_PORT_ROOT:
		return P2P_NODE_HOST;
	case P2P_CXL_PORT_HOST_BRIDGE:
		return P2P_NODE_HOST_BRIDGE;
	case P2P_CXL_PORT_SWITCH:
		return P2P_NODE_SWITCH;
	case P2P_CXL_PORT_ENDPOINT:
	case P2P_CXL_PORT_REGION:
		return P2P_NODE_ENDPOINT;
	case P2P_CXL_PORT_ROOT_PORT:
	case P2P_CXL_PORT_DOWNSTREAM:
		break;
	}
	return P2P_NODE_PORT;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_cxl_node_type);

/* The CXL port behind @node, or NULL for a node of another bus. */
static const struct p2p_cxl_port *p2p_cxl_port_at(const struct p2p_node *node)
{
	if (!node || p2p_node_bus(node)->ops != &p2p_cxl_ops)
		return NULL;
	return p2p_node_priv(node);
}

static enum p2p_verdict p2p_cxl_refuse(const struct p2p_cxl_port *blame,
				       const struct p2p_node *node,
				       struct p2p_refusal *why)
{
	why->reason = p2p_cxl_uio_reason;
	why->node_id = p2p_node_id(node ?: blame->node);
	return P2P_FORWARD_DENY;
}

/*
 * From the PCIe node of the same device into the CXL side. The host
 * bridge (and the root) turn PCIe requests into CXL.mem; a downstream
 * port takes them in as UIO, up to its switch. Everywhere else the way in
 * is elsewhere.
 */
static enum p2p_verdict p2p_cxl_enter(const struct p2p_cxl_port *port,
				      const struct p2p_link *out,
				      struct p2p_refusal *why)
{
	switch (port->kind) {
	case P2P_CXL_PORT_ROOT:
	case P2P_CXL_PORT_HOST_BRIDGE:
		return P2P_FORWARD_ALLOW;
	case P2P_CXL_PORT_DOWNSTREAM:
		if (out != port->uplink)
			return P2P_FORWARD_DENY;
		if (READ_ONCE(port->uio))
			return P2P_FORWARD_ALLOW;
		return p2p_cxl_refuse(port, p2p_link_peer(port->join, port->node),
				      why);
	default:
		return P2P_FORWARD_DENY;
	}
}

/*
 * The first port lacking UIO on the way down from @child (a port of the
 * switch where the traffic turns) to @target, inclusive; NULL when all
 * carry it. *@below tells whether @target lies below @child at all.
 */
static const struct p2p_cxl_port *
p2p_cxl_uio_gap(const struct p2p_cxl_port *child,
		const struct p2p_cxl_port *target, bool *below)
{
	const struct p2p_cxl_port *port, *gap = NULL;

	for (port = target; port; port = port->parent) {
		if (!READ_ONCE(port->uio))
			gap = port;
		if (port == child) {
			*below = true;
			return gap;
		}
	}
	*below = false;
	return NULL;
}

/*
 * The first port lacking UIO between switch @sw and any of @region's
 * devices, the devices included; NULL when all carry it. A device not
 * below @sw is its own gap: the switch cannot reach it.
 */
static const struct p2p_cxl_port *
p2p_cxl_region_gap(const struct p2p_cxl_port *sw,
		   const struct p2p_cxl_port *region)
{
	const struct p2p_cxl_port *port, *gap;
	unsigned int i;

	for (i = 0; i < region->nr_members; i++) {
		gap = NULL;
		for (port = region->members[i]; port && port != sw;
		     port = port->parent)
			if (!gap && !READ_ONCE(port->uio))
				gap = port;
		if (!port)
			return region->members[i];
		if (gap)
			return gap;
	}
	return NULL;
}

/*
 * A switch: CXL.mem from the host goes down anywhere. Traffic from below
 * is UIO that came in at a downstream port: the switch must carry it, and
 * when it turns down to a peer port, so must every port down to the
 * device, and the device.
 */
static enum p2p_verdict p2p_cxl_switch_forward(const struct p2p_node *node,
					       const struct p2p_cxl_port *port,
					       const struct p2p_link *in,
					       const struct p2p_link *out,
					       const struct p2p_query *query,
					       struct p2p_refusal *why)
{
	const struct p2p_cxl_port *target, *gap;
	bool below;

	if (in == port->uplink)
		return P2P_FORWARD_ALLOW;
	if (!READ_ONCE(port->uio))
		return p2p_cxl_refuse(port, NULL, why);
	if (out == port->uplink)
		return P2P_FORWARD_ALLOW;

	/* Into a region below: its HPAs reach every device of it. */
	target = p2p_cxl_port_at(p2p_link_peer(out, node));
	if (target && target->kind == P2P_CXL_PORT_REGION) {
		if (target->node != query->target)
			return P2P_FORWARD_DENY;	/* not where it goes */
		gap = p2p_cxl_region_gap(port, target);
		return gap ? p2p_cxl_refuse(gap, NULL, why) : P2P_FORWARD_ALLOW;
	}

	target = p2p_cxl_port_at(query->target);
	if (!target)
		return P2P_FORWARD_DENY;
	gap = p2p_cxl_uio_gap(p2p_cxl_port_at(p2p_link_peer(out, node)), target,
			      &below);
	if (!below)
		return P2P_FORWARD_DENY;	/* a turn away from the target */
	return gap ? p2p_cxl_refuse(gap, NULL, why) : P2P_FORWARD_ALLOW;
}

static enum p2p_verdict p2p_cxl_forward(const struct p2p_node *node,
					const struct p2p_link *in,
					const struct p2p_link *out,
					const struct p2p_query *query,
					struct p2p_refusal *why)
{
	const struct p2p_cxl_port *port = p2p_node_priv(node);

	/* Traffic never goes back to PCIe: that path is PCIe's to find. */
	if (out && out == port->join)
		return P2P_FORWARD_DENY;
	if (!in || !out) {
		/* HDM memory is reached over CXL, not from the device's function. */
		return in && in == port->join ? P2P_FORWARD_DENY :
		       P2P_FORWARD_ALLOW;
	}
	if (in == out)
		return P2P_FORWARD_DENY;
	if (in == port->join)
		return p2p_cxl_enter(port, out, why);

	switch (port->kind) {
	case P2P_CXL_PORT_ROOT:
	case P2P_CXL_PORT_HOST_BRIDGE:
	case P2P_CXL_PORT_ROOT_PORT:
		return P2P_FORWARD_ALLOW;
	case P2P_CXL_PORT_SWITCH:
		return p2p_cxl_switch_forward(node, port, in, out, query, why);
	case P2P_CXL_PORT_DOWNSTREAM:
		/* UIO from a switch below climbing to a switch above. */
		if (out == port->uplink && !READ_ONCE(port->uio))
			return p2p_cxl_refuse(port, NULL, why);
		return P2P_FORWARD_ALLOW;
	case P2P_CXL_PORT_ENDPOINT:
	case P2P_CXL_PORT_REGION:
		break;
	}
	return P2P_FORWARD_DENY;	/* devices and regions do not relay */
}

/*
 * HPAs cross CXL links unchanged: the host and the switches' HDM decoders
 * route them. A DPA is the device's own: no peer can address it.
 */
static int p2p_cxl_translate(const struct p2p_link *link,
			     const struct p2p_node *toward,
			     struct p2p_addr *addr)
{
	return addr->space == P2P_ADDR_CXL_DPA ? -EOPNOTSUPP : 0;
}

/*
 * The CXL bus's rules; the in-memory KUnit suites give them to a bus of
 * their own.
 */
const struct p2p_bus_ops p2p_cxl_ops = {
	.forward = p2p_cxl_forward,
	.translate = p2p_cxl_translate,
};
EXPORT_SYMBOL_IF_KUNIT(p2p_cxl_ops);
