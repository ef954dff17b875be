// SPDX-License-Identifier: GPL-2.0
/*
 * Reading topology from firmware. One reader on the fwnode API serves both
 * device-tree graphs and ACPI _DSD graphs:
 *
 *	gpu0 {				hub0 {
 *		p2p-fabric-id = <1>;		p2p-fabric-id = <1>;
 *		ports { port@0 {		p2p-switch;
 *		    endpoint {			ports { port@0 {
 *			remote-endpoint ------------> endpoint {
 *			p2p-bandwidth-kBps = <...>;	remote-endpoint = <&...>;
 *		};				};
 *		}; };				}; };
 *	};				};
 *
 * Reading starts at one described node and follows remote endpoints,
 * breadth first, to every node joined to it. Each node is checked when it
 * is first met, each connection when it is first met from either end.
 * Whatever is wrong is rejected with a message that names the firmware
 * node, and the rest is kept: a bad node takes its connections with it, a
 * bad connection only itself. The caller (a bus backend) builds the graph
 * from what remains.
 */
#define pr_fmt(fmt) "p2p-topology: " fmt

#include <linux/fwnode.h>
#include <linux/math.h>
#include <linux/overflow.h>
#include <linux/p2p_fwnode.h>
#include <linux/property.h>
#include <linux/slab.h>

#define P2P_FW_FABRIC_ID	"p2p-fabric-id"
#define P2P_FW_SWITCH		"p2p-switch"
#define P2P_FW_RELAY		"p2p-relay"
#define P2P_FW_HOME_BASE	"p2p-aperture-home-base"
#define P2P_FW_FABRIC_BASE	"p2p-aperture-fabric-base"
#define P2P_FW_SIZE		"p2p-aperture-size"
#define P2P_FW_BANDWIDTH	"p2p-bandwidth-kBps"
#define P2P_FW_LATENCY		"p2p-latency-ns"
#define P2P_FW_LINK_COUNT	"p2p-link-count"

static void p2p_fw_reject(struct p2p_fw_description *desc,
			  const struct fwnode_handle *fwnode,
			  const char *reason)
{
	if (desc->nr_errors < P2P_FW_MAX_ERRORS) {
		struct p2p_fw_error *error = &desc->errors[desc->nr_errors];

		snprintf(error->node, sizeof(error->node), "%pfwf", fwnode);
		error->reason = reason;
	}
	desc->nr_errors++;
	pr_warn("%pfwf: %s; left out of the topology\n", fwnode, reason);
}

/*
 * A property that must hold exactly one value of its type: -ENOENT when it
 * is absent, -EPROTO when it holds something else (a string, an array, a
 * value of another width).
 */
static int p2p_fw_read_u32(const struct fwnode_handle *fwnode,
			   const char *name, u32 *val)
{
	if (!fwnode_property_present(fwnode, name))
		return -ENOENT;
	if (fwnode_property_count_u32(fwnode, name) != 1 ||
	    fwnode_property_read_u32(fwnode, name, val))
		return -EPROTO;
	return 0;
}

static int p2p_fw_read_u64(const struct fwnode_handle *fwnode,
			   const char *name, u64 *val)
{
	if (!fwnode_property_present(fwnode, name))
		return -ENOENT;
	if (fwnode_property_count_u64(fwnode, name) != 1 ||
	    fwnode_property_read_u64(fwnode, name, val))
		return -EPROTO;
	return 0;
}

/* The aperture of @dev, if described; a reason when described wrongly. */
static const char *p2p_fw_read_aperture(struct p2p_fw_device *dev)
{
	const struct fwnode_handle *fwnode = dev->fwnode;
	int home, fabric, size;
	u64 last;

	home = p2p_fw_read_u64(fwnode, P2P_FW_HOME_BASE,
			       &dev->aperture_home_base);
	fabric = p2p_fw_read_u64(fwnode, P2P_FW_FABRIC_BASE,
				 &dev->aperture_fabric_base);
	size = p2p_fw_read_u64(fwnode, P2P_FW_SIZE, &dev->aperture_size);
	if (home == -ENOENT && fabric == -ENOENT && size == -ENOENT)
		return NULL;
	if (home == -EPROTO || fabric == -EPROTO || size == -EPROTO)
		return "a p2p-aperture-* property is not a single 64-bit value";
	if (home || fabric || size)
		return "p2p-aperture-home-base, -fabric-base and -size must come together";
	if (dev->is_switch)
		return "a fabric switch has no memory, so no aperture";
	if (!dev->aperture_size)
		return "p2p-aperture-size is 0";
	if (check_add_overflow(dev->aperture_home_base, dev->aperture_size - 1,
			       &last) ||
	    check_add_overflow(dev->aperture_fabric_base,
			       dev->aperture_size - 1, &last))
		return "the aperture wraps around the end of the address space";
	dev->has_aperture = true;
	return NULL;
}

/* Check the node-level properties of @dev; a reason when they are wrong. */
static const char *p2p_fw_read_device(struct p2p_fw_device *dev)
{
	int ret;

	ret = p2p_fw_read_u32(dev->fwnode, P2P_FW_FABRIC_ID, &dev->fabric_id);
	if (ret == -ENOENT)
		return "a linked node has no p2p-fabric-id";
	if (ret)
		return "p2p-fabric-id is not a single 32-bit value";
	if (!dev->fabric_id)
		return "p2p-fabric-id is 0";
	dev->is_switch = fwnode_property_read_bool(dev->fwnode, P2P_FW_SWITCH);
	dev->relay = fwnode_property_read_bool(dev->fwnode, P2P_FW_RELAY);
	if (dev->is_switch && dev->relay)
		return "a fabric switch forwards anyway: p2p-relay is wrong on it";
	return p2p_fw_read_aperture(dev);
}

static int p2p_fw_find(const struct p2p_fw_description *desc,
		       const struct fwnode_handle *fwnode)
{
	unsigned int i;

	for (i = 0; i < desc->nr_devices; i++)
		if (desc->devices[i].fwnode == fwnode)
			return i;
	return -ENOENT;
}

/* Room for one more entry in an array of @nr used of *@max, doubling it. */
static int p2p_fw_make_room(void **array, unsigned int nr, unsigned int *max,
			    size_t size)
{
	unsigned int more = max(8U, *max * 2);
	void *bigger;

	if (nr < *max)
		return 0;
	bigger = krealloc_array(*array, more, size, GFP_KERNEL);
	if (!bigger)
		return -ENOMEM;
	*array = bigger;
	*max = more;
	return 0;
}

/* Add @fwnode to the description, checked; its index or -ENOMEM. */
static int p2p_fw_add_device(struct p2p_fw_description *desc,
			     struct fwnode_handle *fwnode)
{
	struct p2p_fw_device *dev;
	const char *reason;

	if (p2p_fw_make_room((void **)&desc->devices, desc->nr_devices,
			     &desc->max_devices, sizeof(*dev)))
		return -ENOMEM;
	dev = &desc->devices[desc->nr_devices];
	*dev = (struct p2p_fw_device) { .fwnode = fwnode_handle_get(fwnode) };
	reason = p2p_fw_read_device(dev);
	if (reason) {
		dev->rejected = true;
		dev->has_aperture = false;
		p2p_fw_reject(desc, fwnode, reason);
	}
	return desc->nr_devices++;
}

/**
 * struct p2p_fw_link_props - what one endpoint says about its connection
 * @bandwidth_kBps: per link, in kB/s as firmware states it; 0 when not
 *	stated
 * @latency_ns: latency
 * @nr_links: link count, 0 when not stated
 * @has_latency: @latency_ns was stated
 */
struct p2p_fw_link_props {
	u32 bandwidth_kBps;
	u32 latency_ns;
	u32 nr_links;
	bool has_latency;
};

static const char *p2p_fw_read_endpoint(const struct fwnode_handle *endpoint,
					struct p2p_fw_link_props *props)
{
	int ret;

	ret = p2p_fw_read_u32(endpoint, P2P_FW_BANDWIDTH,
			      &props->bandwidth_kBps);
	if (ret == -EPROTO)
		return "p2p-bandwidth-kBps is not a single 32-bit value";
	if (!ret && !props->bandwidth_kBps)
		return "p2p-bandwidth-kBps is 0";
	if (props->bandwidth_kBps > P2P_FW_MAX_BANDWIDTH_MBPS * 1000)
		return "p2p-bandwidth-kBps is beyond 1000000000 (1 TB/s per link)";

	ret = p2p_fw_read_u32(endpoint, P2P_FW_LATENCY, &props->latency_ns);
	if (ret == -EPROTO)
		return "p2p-latency-ns is not a single 32-bit value";
	props->has_latency = !ret;
	if (props->latency_ns > P2P_FW_MAX_LATENCY_NS)
		return "p2p-latency-ns is beyond 1000000 (1 ms)";

	ret = p2p_fw_read_u32(endpoint, P2P_FW_LINK_COUNT, &props->nr_links);
	if (ret == -EPROTO)
		return "p2p-link-count is not a single 32-bit value";
	if (!ret && (!props->nr_links ||
		     props->nr_links > P2P_FW_MAX_LINK_COUNT))
		return "p2p-link-count is not between 1 and 64";
	return NULL;
}

/*
 * Combine what both ends say; they must not contradict each other. On a
 * fault, @culprit is the endpoint to blame.
 */
static const char *p2p_fw_link_props(struct fwnode_handle *endpoint,
				     struct fwnode_handle *remote,
				     struct p2p_fw_connection *conn,
				     struct fwnode_handle **culprit)
{
	struct p2p_fw_link_props here = {}, there = {};
	const char *reason;

	*culprit = endpoint;
	reason = p2p_fw_read_endpoint(endpoint, &here);
	if (reason)
		return reason;
	*culprit = remote;
	reason = p2p_fw_read_endpoint(remote, &there);
	if (reason)
		return reason;
	*culprit = endpoint;
	if (here.bandwidth_kBps && there.bandwidth_kBps &&
	    here.bandwidth_kBps != there.bandwidth_kBps)
		return "the two ends disagree on p2p-bandwidth-kBps";
	if (here.has_latency && there.has_latency &&
	    here.latency_ns != there.latency_ns)
		return "the two ends disagree on p2p-latency-ns";
	if (here.nr_links && there.nr_links && here.nr_links != there.nr_links)
		return "the two ends disagree on p2p-link-count";

	/* The graph counts whole MB/s; a stated bandwidth is never 0 there. */
	conn->bandwidth_MBps = DIV_ROUND_UP(here.bandwidth_kBps ?:
					   there.bandwidth_kBps, 1000);
	if (!conn->bandwidth_MBps)
		return "p2p-bandwidth-kBps is missing on both ends";
	conn->latency_ns = here.has_latency ? here.latency_ns : there.latency_ns;
	conn->nr_links = here.nr_links ?: there.nr_links ?: 1;
	return NULL;
}

/* Whether the connection of these two endpoints was met before. */
static bool p2p_fw_connection_seen(const struct p2p_fw_description *desc,
				   const struct fwnode_handle *endpoint,
				   const struct fwnode_handle *remote)
{
	const struct p2p_fw_connection *conn;
	unsigned int i;

	for (i = 0; i < desc->nr_connections; i++) {
		conn = &desc->connections[i];
		if ((conn->endpoint_a == remote && conn->endpoint_b == endpoint) ||
		    (conn->endpoint_a == endpoint && conn->endpoint_b == remote))
			return true;
	}
	return false;
}

/* Whether nodes @a and @b are joined already, through other endpoints. */
static bool p2p_fw_nodes_joined(const struct p2p_fw_description *desc,
				unsigned int a, unsigned int b)
{
	const struct p2p_fw_connection *conn;
	unsigned int i;

	for (i = 0; i < desc->nr_connections; i++) {
		conn = &desc->connections[i];
		if (!conn->rejected &&
		    ((conn->a == a && conn->b == b) ||
		     (conn->a == b && conn->b == a)))
			return true;
	}
	return false;
}

static int p2p_fw_add_connection(struct p2p_fw_description *desc,
				 const struct p2p_fw_connection *conn)
{
	struct p2p_fw_connection *slot;

	if (p2p_fw_make_room((void **)&desc->connections, desc->nr_connections,
			     &desc->max_connections, sizeof(*slot)))
		return -ENOMEM;
	slot = &desc->connections[desc->nr_connections++];
	*slot = *conn;
	fwnode_handle_get(slot->endpoint_a);
	fwnode_handle_get(slot->endpoint_b);
	return 0;
}

/*
 * The node at the far end of @endpoint, checked against the node @a it
 * starts from: its index, -ENOENT when the endpoint is rejected (reported
 * here) or leads to a rejected node (reported when that node was met).
 */
static int p2p_fw_far_node(struct p2p_fw_description *desc, unsigned int a,
			   struct fwnode_handle *endpoint,
			   struct fwnode_handle *remote)
{
	struct fwnode_handle *back, *peer;
	const char *reason = NULL;
	int b;

	back = fwnode_graph_get_remote_endpoint(remote);
	fwnode_handle_put(back);	/* only compared */
	if (remote == endpoint)
		reason = "the endpoint is its own remote-endpoint";
	else if (!fwnode_graph_is_endpoint(remote))
		reason = "remote-endpoint names a node that is not an endpoint";
	else if (back != endpoint)
		reason = "the remote endpoint does not point back";
	if (reason) {
		p2p_fw_reject(desc, endpoint, reason);
		return -ENOENT;
	}

	peer = fwnode_graph_get_port_parent(remote);
	if (!peer) {
		p2p_fw_reject(desc, endpoint,
			      "the remote endpoint belongs to no node");
		return -ENOENT;
	}
	if (peer == desc->devices[a].fwnode) {
		fwnode_handle_put(peer);
		p2p_fw_reject(desc, endpoint,
			      "the endpoint loops back to its own node");
		return -ENOENT;
	}
	b = p2p_fw_find(desc, peer);
	if (b < 0)
		b = p2p_fw_add_device(desc, peer);
	fwnode_handle_put(peer);
	if (b >= 0 && desc->devices[b].rejected)
		return -ENOENT;
	return b;
}

/* Follow one endpoint of node @a; 0 whatever was rejected, or -ENOMEM. */
static int p2p_fw_follow(struct p2p_fw_description *desc, unsigned int a,
			 struct fwnode_handle *endpoint)
{
	struct p2p_fw_connection conn = { .a = a, .b = a, .endpoint_a = endpoint };
	struct fwnode_handle *remote, *culprit = endpoint;
	const char *reason = NULL;
	int b, ret = 0;

	remote = fwnode_graph_get_remote_endpoint(endpoint);
	if (!remote) {
		p2p_fw_reject(desc, endpoint,
			      fwnode_property_present(endpoint, "remote-endpoint") ?
			      "remote-endpoint names nothing" :
			      "remote-endpoint is missing");
		return 0;
	}
	conn.endpoint_b = remote;
	if (p2p_fw_connection_seen(desc, endpoint, remote))
		goto out_put;

	/*
	 * A rejected connection is recorded too, so that meeting it from
	 * its other end reports nothing more.
	 */
	b = p2p_fw_far_node(desc, a, endpoint, remote);
	if (b == -ENOMEM) {
		ret = b;
		goto out_put;
	}
	if (b < 0) {
		conn.rejected = true;
		goto out_add;
	}
	conn.b = b;
	if (p2p_fw_nodes_joined(desc, a, b))
		reason = "a second connection between the same two nodes";
	else if (desc->devices[a].fabric_id != desc->devices[b].fabric_id)
		reason = "the two ends are on different fabrics";
	else
		reason = p2p_fw_link_props(endpoint, remote, &conn, &culprit);
	if (reason) {
		p2p_fw_reject(desc, culprit, reason);
		conn.rejected = true;
	}
out_add:
	ret = p2p_fw_add_connection(desc, &conn);
out_put:
	fwnode_handle_put(remote);
	return ret;
}

/**
 * p2p_fw_parse() - read the topology firmware describes around a node
 * @desc: the description to add to; zero-initialised before the first call
 * @start: a firmware node with a "p2p-fabric-id" property
 *
 * Adds @start and every node joined to it through graph endpoints, and the
 * connections between them, to @desc. Calling it again with a node that is
 * already in @desc adds nothing, so a caller may pass every described node
 * it finds. What is described wrongly is logged, counted in @desc and left
 * out (marked rejected); see Documentation/driver-api/p2p-topology.rst.
 *
 * Context: process context; may sleep.
 * Return: 0, also when parts were rejected; -EINVAL for a NULL argument,
 * -ENOMEM.
 */
int p2p_fw_parse(struct p2p_fw_description *desc, struct fwnode_handle *start)
{
	struct fwnode_handle *endpoint;
	unsigned int i;
	int first, ret;

	if (!desc || IS_ERR_OR_NULL(start))
		return -EINVAL;
	if (p2p_fw_find(desc, start) >= 0)
		return 0;
	first = p2p_fw_add_device(desc, start);
	if (first < 0)
		return first;

	/* Nodes found on the way are appended: the loop visits them too. */
	for (i = first; i < desc->nr_devices; i++) {
		if (desc->devices[i].rejected)
			continue;
		fwnode_graph_for_each_endpoint(desc->devices[i].fwnode,
					       endpoint) {
			ret = p2p_fw_follow(desc, i, endpoint);
			if (ret) {
				fwnode_handle_put(endpoint);
				return ret;
			}
		}
	}
	return 0;
}
EXPORT_SYMBOL_NS_GPL(p2p_fw_parse, P2P_TOPOLOGY);

/**
 * p2p_fw_description_free() - release what p2p_fw_parse() collected
 * @desc: the description; zeroed afterwards, ready for reuse
 *
 * Context: process context.
 */
void p2p_fw_description_free(struct p2p_fw_description *desc)
{
	unsigned int i;

	if (!desc)
		return;
	for (i = 0; i < desc->nr_connections; i++) {
		fwnode_handle_put(desc->connections[i].endpoint_a);
		fwnode_handle_put(desc->connections[i].endpoint_b);
	}
	for (i = 0; i < desc->nr_devices; i++)
		fwnode_handle_put(desc->devices[i].fwnode);
	kfree(desc->connections);
	kfree(desc->devices);
	memset(desc, 0, sizeof(*desc));
}
EXPORT_SYMBOL_NS_GPL(p2p_fw_description_free, P2P_TOPOLOGY);
