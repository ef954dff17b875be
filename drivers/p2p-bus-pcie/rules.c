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
 *   client's port and bound for a blocked port are sent up.
 *
 * - The host bridge. Traffic that turns in the root complex, or crosses
 *   from one root complex to another, is allowed only where the PCI core
 *   says so (its whitelist of host bridges, or a CPU known to forward peer
 *   traffic).
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

#include "pcie.h"

const char pcie_p2p_acs_reason[] =
	"ACS redirects peer traffic up to the root complex";
const char pcie_p2p_egress_reason[] =
	"ACS egress control blocks traffic to the peer port";
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
	unsigned int bits;
	u32 vector;
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
	bits = size ?: 256;
	if (bits > 32)
		return;		/* too wide to keep: redirect everything */
	pci_read_config_dword(pdev, pdev->acs_cap + PCI_ACS_EGRESS_CTL_V,
			      &vector);
	acs->egress_bits = bits;
	acs->egress_vector = vector & GENMASK(bits - 1, 0);
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

/*
 * Does @fn's ACS send the traffic of this path up? @in_port and @out_port
 * are the top's children on the client's and the target's side, when the
 * top is inside a switch or a multi-function device.
 */
static bool pcie_p2p_redirects(const struct pcie_p2p_fn *fn,
			       const struct pcie_p2p_fn *in_port,
			       const struct pcie_p2p_fn *out_port,
			       const char **reason)
{
	struct pcie_p2p_acs acs;

	pcie_p2p_acs_of(fn, &acs);
	*reason = pcie_p2p_acs_reason;
	if (acs.ctrl & (PCI_ACS_RR | PCI_ACS_CR))
		return true;
	if (!(acs.ctrl & PCI_ACS_EC))
		return false;
	if (!acs.egress_bits)
		return true;	/* no usable vector: as p2pdma, redirect */
	/* A vector governs requests entering at @fn for a peer port. */
	if (fn != in_port || !out_port)
		return false;
	*reason = pcie_p2p_egress_reason;
	return out_port->port_number >= acs.egress_bits ||
	       (acs.egress_vector & BIT(out_port->port_number));
}

/* The first function from @fn up to @top (exclusive) that redirects. */
static const struct pcie_p2p_fn *
pcie_p2p_chain_redirects(const struct pcie_p2p_fn *fn,
			 const struct pcie_p2p_fn *top,
			 const struct pcie_p2p_fn *in_port,
			 const struct pcie_p2p_fn *out_port, const char **reason)
{
	for (; fn && fn != top; fn = fn->up)
		if (pcie_p2p_redirects(fn, in_port, out_port, reason))
			return fn;
	return NULL;
}

static bool pcie_p2p_below(const struct pcie_p2p_fn *fn,
			   const struct pcie_p2p_fn *ancestor)
{
	for (; fn; fn = fn->up)
		if (fn == ancestor)
			return true;
	return false;
}

static struct pcie_p2p_fn *pcie_p2p_across(const struct p2p_link *link,
					   const struct p2p_node *node)
{
	return link ? pcie_p2p_fn_at(p2p_link_peer(link, node)) : NULL;
}

static enum p2p_verdict pcie_p2p_fn_forward(const struct p2p_node *node,
					    const struct p2p_link *in,
					    const struct p2p_link *out,
					    const struct p2p_query *query,
					    struct p2p_refusal *why)
{
	const struct pcie_p2p_fn *fn = p2p_node_priv(node);
	const struct pcie_p2p_fn *in_port, *out_port, *client, *target, *blame;
	const char *reason;

	if (in && out) {
		/* Endpoints do not relay; ports do not reflect traffic. */
		if (p2p_node_type(node) == P2P_NODE_ENDPOINT || in == out)
			return P2P_FORWARD_DENY;
	}
	/* Only the top of the path has anything to check. */
	if ((in && in == fn->uplink) || (out && out == fn->uplink))
		return P2P_FORWARD_ALLOW;

	in_port = pcie_p2p_across(in, node);
	out_port = pcie_p2p_across(out, node);
	/* Where the route starts or ends off this bus, check what we see. */
	client = in ? (pcie_p2p_fn_at(query->client) ?: in_port) : fn;
	target = out ? (pcie_p2p_fn_at(query->target) ?: out_port) : fn;
	/* A turn away from the target leads nowhere: nothing to report. */
	if (out_port && !pcie_p2p_below(target, out_port))
		return P2P_FORWARD_ALLOW;

	blame = pcie_p2p_redirects(fn, in_port, out_port, &reason) ? fn : NULL;
	if (!blame)
		blame = pcie_p2p_chain_redirects(client, fn, in_port, out_port,
						 &reason);
	if (!blame)
		blame = pcie_p2p_chain_redirects(target, fn, in_port, out_port,
						 &reason);
	if (!blame)
		return P2P_FORWARD_ALLOW;
	why->node_id = p2p_node_id(blame->node);
	why->reason = reason;
	return P2P_FORWARD_DENY;
}

static bool pcie_p2p_hb_allows(const struct pcie_p2p_hb *hb, bool same)
{
	switch (hb->policy) {
	case PCIE_P2P_HB_ASK_PCI:
		return pci_p2pdma_host_bridge_allows(hb->bridge, same);
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
		return pcie_p2p_hb_forward(node, in, out, why);
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
