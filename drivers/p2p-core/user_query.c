// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/p2p_topology: the per-pair query any user may make.
 *
 * Libraries that place buffers for peer-to-peer DMA (NCCL, UCX, RDMA and
 * NVMe users) read ACS bits from config space as root today. Here any user
 * asks the kernel instead, one pair per open file, with the kernel's
 * transaction-file helpers (simple_transaction_get(), as nfsd's control
 * files): write the question, read the answer.
 *
 *	route <target> <client> [dirs=r|w|rw] [offset=<n>]
 *
 * Names are those of the directories in /sys/kernel/p2p_topology, so
 * the answer speaks of what sysfs shows. A target with memory is answered
 * through its provider, from the route cache; a target without any by a
 * search that is not kept. The protocol is in
 * Documentation/ABI/testing/dev-p2p_topology.
 *
 * One device file for every pair: a sysfs attribute per pair would grow
 * with the square of the devices.
 */
#include <kunit/visibility.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kstrtox.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/seq_buf.h>
#include <linux/string.h>

#include "core.h"

/* Words in a request: verb, target, client and two options. */
#define P2P_QUERY_WORDS		5

static int p2p_query_parse_dirs(const char *value, unsigned int *dirs)
{
	if (!strcmp(value, "r"))
		*dirs = P2P_DIR_READ;
	else if (!strcmp(value, "w"))
		*dirs = P2P_DIR_WRITE;
	else if (!strcmp(value, "rw"))
		*dirs = P2P_DIR_BOTH;
	else
		return -EINVAL;
	return 0;
}

/* An option word: dirs= or offset=, each at most once. */
static int p2p_query_parse_option(char *word, struct p2p_user_query *q,
				  unsigned int *seen)
{
	if (str_has_prefix(word, "dirs=")) {
		if (*seen & BIT(0))
			return -EINVAL;
		*seen |= BIT(0);
		return p2p_query_parse_dirs(word + strlen("dirs="), &q->dirs);
	}
	if (str_has_prefix(word, "offset=")) {
		if (*seen & BIT(1))
			return -EINVAL;
		*seen |= BIT(1);
		word += strlen("offset=");
		/* Decimal, or hexadecimal with 0x: never octal. */
		if (word[0] == '0' && (word[1] == 'x' || word[1] == 'X'))
			return kstrtou64(word + 2, 16, &q->offset);
		return kstrtou64(word, 10, &q->offset);
	}
	return -EINVAL;
}

/**
 * p2p_user_query_parse() - split a request into its parts
 * @req: the request, NUL-terminated, at most %P2P_QUERY_MAX bytes and an
 *	optional final newline; cut into words in place
 * @len: its length as written, which must be strlen(@req): an embedded
 *	NUL is an error
 * @q: the result, names pointing into @req
 *
 * Words are separated by one space or tab; only printable ASCII is
 * accepted, so a name never carries a control character into the answer.
 *
 * Context: any context.
 * Return: 0, or -EINVAL for a malformed request (and -ERANGE for an
 * offset that overflows 64 bits).
 */
VISIBLE_IF_KUNIT int p2p_user_query_parse(char *req, size_t len,
					  struct p2p_user_query *q)
{
	char *words[P2P_QUERY_WORDS], *word;
	unsigned int nr = 0, seen = 0, i;
	int ret;

	if (strlen(req) != len)
		return -EINVAL;
	if (len && req[len - 1] == '\n')
		req[--len] = '\0';
	if (!len || len > P2P_QUERY_MAX)
		return -EINVAL;
	/* Printable ASCII: isprint() would let Latin-1 through. */
	for (i = 0; i < len; i++)
		if ((req[i] < ' ' || req[i] > '~') && req[i] != '\t')
			return -EINVAL;

	while ((word = strsep(&req, " \t"))) {
		if (!*word || nr == P2P_QUERY_WORDS)
			return -EINVAL;	/* doubled separator, too many */
		words[nr++] = word;
	}
	if (nr < 3 || strcmp(words[0], "route"))
		return -EINVAL;

	q->target = words[1];
	q->client = words[2];
	q->dirs = P2P_DIR_BOTH;
	q->offset = 0;
	for (i = 3; i < nr; i++) {
		ret = p2p_query_parse_option(words[i], q, &seen);
		if (ret)
			return ret;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_user_query_parse);

static const char *p2p_query_dirs_name(unsigned int dirs)
{
	switch (dirs & P2P_DIR_BOTH) {
	case P2P_DIR_BOTH:
		return "rw";
	case P2P_DIR_READ:
		return "r";
	case P2P_DIR_WRITE:
		return "w";
	default:
		return "-";
	}
}

/*
 * Errors as words: errno values differ between architectures, and the
 * answer is text read by any program.
 */
static const char *p2p_query_errname(int error)
{
	switch (error) {
	case 0:
		return "0";
	case -EHOSTUNREACH:
		return "EHOSTUNREACH";
	case -ENODEV:
		return "ENODEV";
	case -ERANGE:
		return "ERANGE";
	case -EOPNOTSUPP:
		return "EOPNOTSUPP";
	case -EAGAIN:
		return "EAGAIN";
	case -EINVAL:
		return "EINVAL";
	default:
		return "EIO";
	}
}

/*
 * A node's name, which its backend or firmware chose: a byte that could
 * split the line or the word (space, control, non-ASCII, backslash) is
 * written as a backslash and three octal digits.
 */
static void p2p_query_put_name(struct seq_buf *s, const char *name)
{
	for (; *name; name++) {
		unsigned char c = *name;

		if (c > ' ' && c < 0x7f && c != '\\')
			seq_buf_putc(s, c);
		else
			seq_buf_printf(s, "\\%03o", c);
	}
}

static void p2p_query_put_addr(struct seq_buf *s, const struct p2p_addr *addr)
{
	if (addr->space == P2P_ADDR_LINK || addr->space == P2P_ADDR_CXL_DPA)
		seq_buf_printf(s, "%s:%u:%#llx",
			       p2p_addr_space_names[addr->space],
			       addr->fabric_id, addr->addr);
	else
		seq_buf_printf(s, "%s:%#llx", p2p_addr_space_names[addr->space],
			       addr->addr);
}

/*
 * One hop, @i counting from 1 at the target. Under the graph lock: the
 * hop's link and node are published.
 */
static void p2p_query_put_hop(struct seq_buf *s, u32 i,
			      const struct p2p_hop *hop,
			      const struct p2p_addr *addr)
{
	const struct p2p_node *to = hop->toward;

	seq_buf_printf(s, "hop %u link=%u bus=", i, hop->link->id);
	p2p_query_put_name(s, hop->link->bus->name);
	seq_buf_printf(s, " to=%u name=", to->id);
	p2p_query_put_name(s, to->name);
	seq_buf_printf(s, " kind=%s", p2p_node_type_names[to->type]);
	if (addr) {
		seq_buf_puts(s, " addr=");
		p2p_query_put_addr(s, addr);
	}
	seq_buf_putc(s, '\n');
}

static void p2p_query_put_info(struct seq_buf *s, int error,
			       const struct p2p_route_info *info)
{
	const struct p2p_node *blamed;

	seq_buf_printf(s, "error %s\n", p2p_query_errname(error));
	seq_buf_printf(s, "map_type %s\n", p2p_map_type_names[info->map_type]);
	seq_buf_printf(s, "distance %u\ncost %u\nhops %u\n", info->distance,
		       info->cost, info->hops);
	seq_buf_printf(s, "bandwidth_MBps %u\nlatency_ns %u\n",
		       info->bandwidth_MBps, info->latency_ns);
	seq_buf_printf(s, "dirs %s\nprivate_link %d\n",
		       p2p_query_dirs_name(info->dirs), info->private_link);
	/* Later than the keys above, which readers may take by position. */
	seq_buf_printf(s, "write_bandwidth_MBps %u\nwrite_latency_ns %u\n",
		       info->write_bandwidth_MBps, info->write_latency_ns);
	if (!info->refusal.reason)
		return;
	/* The whole name, however long, while RCU keeps the node. */
	rcu_read_lock();
	blamed = xa_load(&p2p_graph.nodes, info->refusal.node_id);
	if (blamed) {
		seq_buf_puts(s, "refused_by ");
		p2p_query_put_name(s, blamed->name);
		seq_buf_printf(s, " %u\nrefused_rule %s\n",
			       info->refusal.node_id, info->refusal.reason);
	}
	rcu_read_unlock();
}

/**
 * struct p2p_query_walk - what a route search's walk prints into
 * @s: the answer
 * @info: the route's summary, complete when the walk runs
 * @walked: the walk printed the summary and the hops
 */
struct p2p_query_walk {
	struct seq_buf *s;
	const struct p2p_route_info *info;
	bool walked;
};

/*
 * The summary and the hops of the route a search found, under the graph
 * lock that keeps both current.
 */
static void p2p_query_walk_search(const struct p2p_search *search, void *ctx)
{
	struct p2p_query_walk *walk = ctx;
	u32 state = search->last, i = 0;
	struct p2p_hop hop;

	p2p_query_put_info(walk->s, 0, walk->info);
	while (p2p_search_hop(search, &state, &hop))
		p2p_query_put_hop(walk->s, ++i, &hop, NULL);
	walk->walked = true;
}

/* A target without memory: one search, not cached. */
static void p2p_query_device(struct seq_buf *s, struct device *target,
			     struct device *client, unsigned int dirs)
{
	struct p2p_route_info info;
	struct p2p_query_walk walk = { .s = s, .info = &info };
	int error;

	seq_buf_puts(s, "provider -\ncached 0\n");
	/* A refusal's reason is a backend's string: print it before it goes. */
	rcu_read_lock();
	error = p2p_route_to_device_walk(target, client, dirs, &info,
					 p2p_query_walk_search, &walk);
	if (!walk.walked)
		p2p_query_put_info(s, error, &info);
	rcu_read_unlock();
}

/*
 * The summary of a cached route, its hops with each one's address, and
 * the address the client uses. translate() ops read backend data of the
 * links: under the graph lock, on a route no change has outdated, as
 * p2p_translate_offset() does. Prints nothing and returns -EAGAIN when
 * the route is outdated.
 */
static int p2p_query_put_route(struct seq_buf *s,
			       const struct p2p_provider *provider,
			       const struct p2p_cached_route *route,
			       const struct p2p_user_query *q)
{
	struct p2p_addr addr;
	unsigned long flags;
	int ret;
	u32 i;

	spin_lock_irqsave(&p2p_graph.lock, flags);
	if (route->generation != p2p_generation()) {
		spin_unlock_irqrestore(&p2p_graph.lock, flags);
		return -EAGAIN;
	}
	seq_buf_puts(s, "cached 1\n");
	p2p_query_put_info(s, route->error, &route->info);
	if (route->error)
		goto out;
	if (route->info.map_type == P2P_MAP_THRU_HOST) {
		for (i = 0; i < route->nr_hops; i++)
			p2p_query_put_hop(s, i + 1, &route->hops[i], NULL);
		ret = p2p_translate_host(provider, q->offset, &addr);
	} else {
		ret = p2p_translate_start(provider, q->offset, &addr);
		for (i = 0; i < route->nr_hops; i++) {
			if (!ret)
				ret = p2p_translate_hop(&route->hops[i], &addr);
			p2p_query_put_hop(s, i + 1, &route->hops[i],
					  ret || !q->addresses ? NULL : &addr);
		}
	}
	/* As /proc/iomem: addresses for the administrator only. */
	if (!q->addresses)
		goto out;
	if (!ret) {
		seq_buf_puts(s, "address ");
		p2p_query_put_addr(s, &addr);
		seq_buf_putc(s, '\n');
	} else {
		seq_buf_printf(s, "address_error %s\n",
			       p2p_query_errname(ret));
	}
out:
	spin_unlock_irqrestore(&p2p_graph.lock, flags);
	return 0;
}

/*
 * A target with memory: the answer from the provider's route cache. Asked
 * again when the topology changes between the answer and the look at its
 * hops; when no entry could keep the answer, it comes without hops.
 */
static void p2p_query_provider(struct seq_buf *s,
			       struct p2p_provider *provider,
			       struct device *client,
			       const struct p2p_user_query *q)
{
	const struct p2p_cached_route *route;
	struct p2p_route_info info;
	int tries = P2P_TRANSLATE_TRIES;
	int error;

	seq_buf_printf(s, "provider %u\n", provider->id);
	rcu_read_lock();
	do {
		error = p2p_route_answer(provider, client, q->dirs, &info,
					 &route);
		if (!route)
			break;
		if (!p2p_query_put_route(s, provider, route, q))
			goto out;
	} while (--tries);
	seq_buf_puts(s, "cached 0\n");
	p2p_query_put_info(s, error, &info);
out:
	rcu_read_unlock();
}

/*
 * The memory a node owns, for a target named by its node: the oldest of
 * its providers that is still in the graph, with a reference.
 */
static struct p2p_provider *p2p_node_provider_get(const struct p2p_node *node)
{
	struct p2p_provider *provider, *found = NULL;

	rcu_read_lock();
	list_for_each_entry_rcu(provider, &p2p_graph.providers, entry) {
		if (provider->node != node || READ_ONCE(provider->removed) ||
		    !kref_get_unless_zero(&provider->ref))
			continue;
		found = provider;
		break;
	}
	rcu_read_unlock();
	return found;
}

/**
 * p2p_user_query_answer() - answer a parsed request
 * @s: where the answer goes, as Documentation/ABI/testing/dev-p2p_topology
 *	describes it
 * @q: the request
 *
 * The names are resolved as sysfs shows them; the references
 * p2p_sysfs_find() takes keep the provider and the devices alive while
 * the question is asked.
 *
 * Context: process context.
 * Return: 0; -ENOENT for a name no directory has, -ENODEV for a client
 * without a device (or a provider named as client) and for a target with
 * neither memory nor a device, -EINVAL for an empty name, -E2BIG when the
 * answer does not fit in @s.
 */
VISIBLE_IF_KUNIT int p2p_user_query_answer(struct seq_buf *s,
					   const struct p2p_user_query *q)
{
	struct p2p_sysfs_target target, client;
	struct p2p_provider *provider;
	int ret;

	ret = p2p_sysfs_find(q->target, &target);
	if (ret)
		return ret;
	ret = p2p_sysfs_find(q->client, &client);
	if (ret)
		goto put_target;
	ret = -ENODEV;
	if (client.provider || !client.dev)
		goto put_client;
	provider = target.provider ?: p2p_node_provider_get(target.node);
	if (!provider && !target.dev)
		goto put_client;

	seq_buf_printf(s, "target %s\nclient %s\n", q->target, q->client);
	if (provider)
		p2p_query_provider(s, provider, client.dev, q);
	else
		p2p_query_device(s, target.dev, client.dev, q->dirs);
	ret = seq_buf_has_overflowed(s) ? -E2BIG : 0;
	if (provider && provider != target.provider)
		p2p_provider_put(provider);
put_client:
	p2p_sysfs_target_put(&client);
put_target:
	p2p_sysfs_target_put(&target);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(p2p_user_query_answer);

static int p2p_query_open(struct inode *inode, struct file *file)
{
	/* misc_open() left the miscdevice here; the transaction goes here. */
	file->private_data = NULL;
	return nonseekable_open(inode, file);
}

/*
 * One user question at a time: a question without memory is a search
 * under the graph lock, with interrupts off, that no cache keeps. Users
 * asking in a loop on every CPU then take turns, and the lock stays free
 * for the kernel's own queries between their searches.
 */
static DEFINE_MUTEX(p2p_query_mutex);

static ssize_t p2p_query_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	char req[P2P_QUERY_MAX + 2];
	struct p2p_user_query q;
	struct seq_buf s;
	char *page;
	int ret;

	/*
	 * Room for the request and a newline, and for its terminating NUL.
	 * A request too long still spends the file's one write.
	 */
	page = simple_transaction_get(file, ubuf,
				      len > P2P_QUERY_MAX + 1 ? 0 : len);
	if (IS_ERR(page))
		return PTR_ERR(page);
	if (len > P2P_QUERY_MAX + 1)
		return -EINVAL;
	memcpy(req, page, len + 1);
	ret = p2p_user_query_parse(req, len, &q);
	if (ret)
		return ret;
	q.addresses = file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN);

	seq_buf_init(&s, page, SIMPLE_TRANSACTION_LIMIT);
	if (mutex_lock_interruptible(&p2p_query_mutex))
		return -EINTR;
	ret = p2p_user_query_answer(&s, &q);
	mutex_unlock(&p2p_query_mutex);
	if (ret)
		return ret;
	simple_transaction_set(file, seq_buf_used(&s));
	return len;
}

static const struct file_operations p2p_query_fops = {
	.owner = THIS_MODULE,
	.open = p2p_query_open,
	.write = p2p_query_write,
	.read = simple_transaction_read,
	.release = simple_transaction_release,
};

static struct miscdevice p2p_query_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "p2p_topology",
	.fops = &p2p_query_fops,
	.mode = 0666,
};

/*
 * After the misc class exists (a subsys_initcall, like the graph's).
 * Without the device the graph works on; the failure is reported.
 */
static int __init p2p_user_query_init(void)
{
	int ret = misc_register(&p2p_query_dev);

	if (ret)
		pr_err("p2p-topology: cannot create /dev/p2p_topology: %d\n",
		       ret);
	return 0;
}
device_initcall(p2p_user_query_init);
