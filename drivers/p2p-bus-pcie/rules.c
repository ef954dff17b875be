// SPDX-License-Identifier: GPL-2.0
/*
 * PCIe forwarding rules: where peer traffic may turn.
 *
 * In a PCI hierarchy the direct path between two functions climbs to their
 * nearest common upstream bridge (the top of the path) and descends. Two
 * things can forbid it:
 *
 * - ACS. When any function on the path redirects peer requests (P2P
 *   Request Redirect, Completion Redirect, or Egress Control), p2pdma
 *   treats the traffic as going up to the root complex. The top of the path
 *   therefore refuses to turn the traffic down, and the route search finds
 *   the way up to the host bridge and back instead, crossing the links
 *   above the top twice. Egress control with a vector we can read is
 *   applied precisely: only requests entering the top's switch at the
 *   client's port and bound for a blocked port are sent up (where this
 *   differs from p2pdma is documented in p2p-topology.rst). The refusal
 *   blames the first redirecting function in p2pdma's order, and
 *   pcie_p2p_acs_hint() names them all, for pci=disable_acs_redir=.
 *
 * - The host bridge. Traffic that turns in the root complex, or crosses
 *   from one root complex to another, is allowed only where the PCI core
 *   says so (its whitelist of host bridges, or a CPU known to forward peer
 *   traffic). Traffic that leaves for another bus's node of the same root
 *   complex (a CXL host bridge, towards CXL memory) is that bus's to judge,
 *   and so is traffic to memory the host itself decodes
 *   (%P2P_BUS_HOST_MEMORY: a CXL region, possibly below another root
 *   complex): a request to it is a DMA to host memory, which no host
 *   bridge whitelist governs.
 *
 *	     host bridge        EP0 -> EP1 with ACS redirect at the root
 *	         |              port: the root port refuses the turn, the
 *	    root port (ACS)     host bridge turns the traffic around if it
 *	       /    \           may, and the route is THRU_HOST.
 *	     EP0    EP1
 *
 * The top of a path is where traffic arriving from below leaves downwards,
 * and also where a route starts going down or ends having come up: a
 * function may be the top of its own path, and ACS on it counts too.
 */
#include <kunit/visibility.h>
#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <linux/rcupdate.h>
#include <linux/seq_buf.h>

#include "pcie.h"

/* Which ACS control bit sends the traffic up (PCIe r6.0 sec 7.7.8.3). */
const char pcie_p2p_acs_reason[] =
	"ACS P2P Request Redirect is set: peer requests go up to the root complex";
const char pcie_p2p_acs_rr_cr_reason[] =
	"ACS P2P Request and Completion Redirect are set: peer traffic goes up to the root complex";
const char pcie_p2p_acs_cr_reason[] =
	"ACS P2P Completion Redirect is set: peer completions go up to the root complex";
const char pcie_p2p_acs_ec_reason[] =
	"ACS P2P Egress Control is set without a vector: peer traffic goes up to the root complex";
const char pcie_p2p_egress_reason[] =
	"ACS egress control vector blocks traffic to the peer port";
const char pcie_p2p_host_bridge_reason[] =
	"host bridge does not forward peer-to-peer traffic (not whitelisted)";

/**
 * pcie_p2p_read_acs() - read a function's ACS settings
 * @pdev: the function
 * @acs: filled in; all zero without an ACS capability
 *
 * Context: any context; config reads do not sleep.
 */
void pcie_p2p_read_acs(struct pci_dev *pdev, struct pcie_p2p_acs *acs)
{
	u32 vector[PCIE_P2P_EGRESS_BITS / 32];
	unsigned int bits, i;
	u16 cap;
	u8 size;

	memset(acs, 0, sizeof(*acs));
	if (!pdev->acs_cap)
		return;
	pci_read_config_word(pdev, pdev->acs_cap + PCI_ACS_CTRL, &acs->ctrl);
	if (!(acs->ctrl & PCI_ACS_EC))
		return;
	pci_read_config_word(pdev, pdev->acs_cap + PCI_ACS_CAP, &cap);
	if (!(cap & PCI_ACS_EC))
		return;
	/* The vector size field counts bits; 0 means 256. */
	pci_read_config_byte(pdev, pdev->acs_cap + PCI_ACS_EGRESS_BITS, &size);
	bits = size ?: PCIE_P2P_EGRESS_BITS;
	for (i = 0; i < DIV_ROUND_UP(bits, 32); i++)
		pci_read_config_dword(pdev, pdev->acs_cap + PCI_ACS_EGRESS_CTL_V +
				      4 * i, &vector[i]);
	acs->egress_bits = bits;
	bitmap_from_arr32(acs->egress_vector, vector, bits);
}

static void pcie_p2p_acs_of(const struct pcie_p2p_fn *fn,
			    struct pcie_p2p_acs *acs)
{
	if (fn->pdev)
		pcie_p2p_read_acs(fn->pdev, acs);
	else
		*acs = fn->acs;
}

/* The function behind a node of this backend, or NULL. */
static struct pcie_p2p_fn *pcie_p2p_fn_at(const struct p2p_node *node)
{
	enum p2p_node_type type;

	if (!node || p2p_node_bus(node)->ops != &pcie_p2p_ops)
		return NULL;
	type = p2p_node_type(node);
	if (type != P2P_NODE_ENDPOINT && type != P2P_NODE_PORT)
		return NULL;
	return p2p_node_priv(node);
}

static bool pcie_p2p_below(const struct pcie_p2p_fn *fn,
			   const struct pcie_p2p_fn *ancestor)
{
	for (; fn; fn = fn->up)
		if (fn == ancestor)
			return true;
	return false;
}

/**
 * struct pcie_p2p_turn - where a tree path turns down, and its two sides
 * @top: the nearest upstream function the client and the target share
 *	(either of them, when the other is below it)
 * @client: where the requests come from
 * @target: where they go (the provider)
 * @in_port: the top's child on the client's side; NULL when @client is
 *	@top
 * @out_port: the top's child on the target's side; NULL when @target is
 *	@top
 *
 *	     top (switch upstream port)
 *	    /   \
 *	in_port  out_port   (downstream ports: egress control applies here,
 *	   |        |        to requests entering at @in_port for @out_port)
 *	client   target
 */
struct pcie_p2p_turn {
	const struct pcie_p2p_fn *top;
	const struct pcie_p2p_fn *client;
	const struct pcie_p2p_fn *target;
	const struct pcie_p2p_fn *in_port;
	const struct pcie_p2p_fn *out_port;
};

/*
 * Does @fn's ACS send the traffic of @turn up? P2P Request and Completion
 * Redirect do, wherever @fn is on the path, as p2pdma counts them. Egress
 * control without a vector to go by does too (p2pdma treats every egress
 * control bit as redirect). A vector governs only requests entering at
 * the port where they turn towards a peer port (PCIe r6.0 sec 6.12.1.1
 * and 6.12.1.2): those blocked for @out_port go up.
 */
static bool pcie_p2p_redirects(const struct pcie_p2p_fn *fn,
			       const struct pcie_p2p_turn *turn,
			       const char **reason)
{
	const struct pcie_p2p_fn *out_port = turn->out_port;
	struct pcie_p2p_acs acs;

	pcie_p2p_acs_of(fn, &acs);
	*reason = pcie_p2p_acs_rr_cr_reason;
	if ((acs.ctrl & (PCI_ACS_RR | PCI_ACS_CR)) == (PCI_ACS_RR | PCI_ACS_CR))
		return true;
	*reason = pcie_p2p_acs_reason;
	if (acs.ctrl & PCI_ACS_RR)
		return true;
	*reason = pcie_p2p_acs_cr_reason;
	if (acs.ctrl & PCI_ACS_CR)
		return true;
	if (!(acs.ctrl & PCI_ACS_EC))
		return false;
	*reason = pcie_p2p_acs_ec_reason;
	if (!acs.egress_bits)
		return true;	/* no usable vector: as p2pdma, redirect */
	if (fn != turn->in_port || !out_port)
		return false;
	*reason = pcie_p2p_egress_reason;
	return out_port->port_number >= acs.egress_bits ||
	       test_bit(out_port->port_number, acs.egress_vector);
}

/*
 * The functions on the path of @turn whose ACS sends its traffic up, in
 * the order p2pdma lists them (calc_map_type_and_dist()): from the target
 * up to and including the top, then from the client up to the top.
 *
 *	             top (4)
 *	           /     \
 *	        (3)       (7)
 *	          |         |
 *	        (2)       (6)
 *	          |         |
 *	 target (1)       (5) client
 *
 * With @hint NULL, stop at the first; otherwise name each in @hint,
 * separated by ';'. *@first and *@reason tell the first and its rule.
 * Return: how many there are (at most 1 without @hint).
 */
static unsigned int pcie_p2p_path_redirects(const struct pcie_p2p_turn *turn,
					    const struct pcie_p2p_fn **first,
					    const char **reason,
					    struct seq_buf *hint)
{
	const struct pcie_p2p_fn *fn, *stop;
	unsigned int count = 0, side;
	const char *why;

	*first = NULL;
	for (side = 0; side < 2; side++) {
		fn = side ? turn->client : turn->target;
		stop = side ? turn->top : turn->top->up;
		for (; fn && fn != stop; fn = fn->up) {
			if (!pcie_p2p_redirects(fn, turn, &why))
				continue;
			if (!count++) {
				*first = fn;
				*reason = why;
			}
			if (!hint)
				return count;
			seq_buf_printf(hint, "%s%s", count > 1 ? ";" : "",
				       p2p_node_name(fn->node));
		}
	}
	return count;
}

/* The child of @top that @fn lies below, or NULL when @fn is @top. */
static const struct pcie_p2p_fn *
pcie_p2p_child_toward(const struct pcie_p2p_fn *fn,
		      const struct pcie_p2p_fn *top)
{
	for (; fn && fn != top; fn = fn->up)
		if (fn->up == top)
			return fn;
	return NULL;
}

/**
 * pcie_p2p_acs_hint() - the functions to clear ACS redirect on for a pair
 * @provider: the provider's node
 * @client: the client's node
 * @hint: where to write their names, separated by ';'
 *
 * What p2pdma names in its ``pci=disable_acs_redir=`` hint: every function
 * on the tree path between @client and @provider whose ACS sends the
 * path's traffic up to the root complex, by the rules forward() applies,
 * from the provider up to and including their nearest common upstream
 * function, then from the client up to it. Two functions that share no
 * upstream function share no path below the host bridge and get no hint,
 * as in p2pdma.
 *
 * A function's mirror is freed an RCU grace period after its node is
 * removed, and its registers are read: the caller holds references on
 * the two devices (which pin the bridges above them) and nodes.
 *
 * Context: any context, inside an RCU read-side critical section.
 * Return: the number of functions named; 0 when either node is not a
 * PCI function of this backend or is gone.
 */
unsigned int pcie_p2p_acs_hint(const struct p2p_node *provider,
			       const struct p2p_node *client,
			       struct seq_buf *hint)
{
	const struct pcie_p2p_fn *target = pcie_p2p_fn_at(provider);
	const struct pcie_p2p_fn *source = pcie_p2p_fn_at(client);
	struct pcie_p2p_turn turn = { .client = source, .target = target };
	const struct pcie_p2p_fn *first;
	const char *reason;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(),
			 "ACS hint walked outside an RCU read-side section");
	if (!target || !source || p2p_node_is_removed(provider) ||
	    p2p_node_is_removed(client))
		return 0;
	for (turn.top = target; turn.top; turn.top = turn.top->up)
		if (pcie_p2p_below(source, turn.top))
			break;
	if (!turn.top)
		return 0;
	turn.in_port = pcie_p2p_child_toward(source, turn.top);
	turn.out_port = pcie_p2p_child_toward(target, turn.top);
	return pcie_p2p_path_redirects(&turn, &first, &reason, hint);
}

static struct pcie_p2p_fn *pcie_p2p_across(const struct p2p_link *link,
					   const struct p2p_node *node)
{
	return link ? pcie_p2p_fn_at(p2p_link_peer(link, node)) : NULL;
}

/*
 * An end of the route as the top sees it: the function the query names
 * when it lies below the top's @port, else the port itself (where the
 * route comes onto this bus, or leaves it).
 */
static const struct pcie_p2p_fn *pcie_p2p_end(const struct p2p_node *end,
					      const struct pcie_p2p_fn *port)
{
	const struct pcie_p2p_fn *fn = pcie_p2p_fn_at(end);

	return fn && pcie_p2p_below(fn, port) ? fn : port;
}

static enum p2p_verdict pcie_p2p_fn_forward(const struct p2p_node *node,
					    const struct p2p_link *in,
					    const struct p2p_link *out,
					    const struct p2p_query *query,
					    struct p2p_refusal *why)
{
	const struct pcie_p2p_fn *fn = p2p_node_priv(node);
	struct pcie_p2p_turn turn = { .top = fn };
	const struct pcie_p2p_fn *blame;
	const char *reason;

	if (in && out) {
		/* Endpoints do not relay; ports do not reflect traffic. */
		if (p2p_node_type(node) == P2P_NODE_ENDPOINT || in == out)
			return P2P_FORWARD_DENY;
	}
	/* Only the top of the path has anything to check. */
	if ((in && in == fn->uplink) || (out && out == fn->uplink))
		return P2P_FORWARD_ALLOW;

	turn.in_port = pcie_p2p_across(in, node);
	turn.out_port = pcie_p2p_across(out, node);
	/* Where the route starts or ends off this bus, check what we see. */
	turn.client = turn.in_port ? pcie_p2p_end(query->client, turn.in_port) : fn;
	turn.target = turn.out_port ? pcie_p2p_end(query->target, turn.out_port) : fn;
	/* A turn away from the target leads nowhere: nothing to report. */
	if (turn.out_port && !pcie_p2p_below(turn.target, turn.out_port))
		return P2P_FORWARD_ALLOW;

	if (!pcie_p2p_path_redirects(&turn, &blame, &reason, NULL))
		return P2P_FORWARD_ALLOW;
	why->node_id = p2p_node_id(blame->node);
	why->reason = reason;
	return P2P_FORWARD_DENY;
}

static bool pcie_p2p_hb_allows(const struct pcie_p2p_hb *hb, bool same)
{
	switch (hb->policy) {
	case PCIE_P2P_HB_ASK_PCI:
		return pci_p2pdma_host_bridge_allows(hb->bridge, same, false);
	case PCIE_P2P_HB_ALLOW:
		return true;
	case PCIE_P2P_HB_ALLOW_SAME:
		return same;
	case PCIE_P2P_HB_DENY:
		break;
	}
	return false;
}

static enum p2p_verdict pcie_p2p_hb_forward(const struct p2p_node *node,
					    const struct p2p_link *in,
					    const struct p2p_link *out,
					    const struct p2p_query *query,
					    struct p2p_refusal *why)
{
	const struct pcie_p2p_hb *hb = p2p_node_priv(node);
	bool from_host, to_host;

	if (!in || !out)
		return P2P_FORWARD_ALLOW;
	from_host = in == hb->uplink;
	to_host = out == hb->uplink;
	if (from_host && to_host)
		return P2P_FORWARD_DENY;
	/*
	 * Into another bus's side of the same root complex (a CXL host
	 * bridge): requests to its memory are the root complex's own, as DMA
	 * to RAM is, and that bus's rules decide.
	 */
	if (p2p_node_bus(p2p_link_peer(out, node)) != p2p_node_bus(node))
		return P2P_FORWARD_ALLOW;
	/*
	 * Memory the host decodes (a CXL region) is reached as RAM is: up to
	 * the host, whatever the whitelist (which governs peer MMIO) says,
	 * and no other way through a host bridge. No reason for the latter:
	 * no setting a user could change would open it.
	 */
	if (query->target &&
	    p2p_node_bus(query->target)->flags & P2P_BUS_HOST_MEMORY)
		return to_host ? P2P_FORWARD_ALLOW : P2P_FORWARD_DENY;
	/* Turning between its own ports, or passing to another root complex. */
	if (pcie_p2p_hb_allows(hb, !from_host && !to_host))
		return P2P_FORWARD_ALLOW;
	why->reason = pcie_p2p_host_bridge_reason;
	return P2P_FORWARD_DENY;
}

static enum p2p_verdict pcie_p2p_forward(const struct p2p_node *node,
					 const struct p2p_link *in,
					 const struct p2p_link *out,
					 const struct p2p_query *query,
					 struct p2p_refusal *why)
{
	switch (p2p_node_type(node)) {
	case P2P_NODE_HOST:
		/* Host bridges decide; the host only links them. */
		return in && in == out ? P2P_FORWARD_DENY : P2P_FORWARD_ALLOW;
	case P2P_NODE_HOST_BRIDGE:
		return pcie_p2p_hb_forward(node, in, out, query, why);
	default:
		return pcie_p2p_fn_forward(node, in, out, query, why);
	}
}

/*
 * The PCIe bus's rules; the in-memory KUnit suites give them to a bus of
 * their own. No translate(): the provider's PCI bus address is what every
 * peer on a direct route uses.
 */
const struct p2p_bus_ops pcie_p2p_ops = {
	.forward = pcie_p2p_forward,
};
EXPORT_SYMBOL_IF_KUNIT(pcie_p2p_ops);
