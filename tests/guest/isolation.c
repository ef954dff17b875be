// SPDX-License-Identifier: GPL-2.0
/*
 * The isolation invariant, checked against the hardware: for every ordered
 * pair of PCI functions, when a function or bridge on the PCIe path between
 * them has ACS P2P Request or Completion Redirect set, or the two meet only
 * in the host and the host may not forward peer-to-peer traffic, the graph
 * must never answer DIRECT. A DIRECT answer there is a DMA isolation
 * breach: the IOMMU would not see the traffic.
 *
 * Nothing here comes from the graph but its answers: the PCI tree from the
 * sysfs device paths, the ACS Control registers from config space
 * (PCIe r6.0, sec 7.7.8.3), the CPU from /proc/cpuinfo. The rules are
 * p2pdma's (calc_map_type_and_dist() in drivers/pci/p2pdma.c):
 *
 *   - walking up from the provider to the first common upstream bridge,
 *     that bridge included, and from the client up to it, excluded, any
 *     device with RR or CR set redirects the pair through the host;
 *   - functions with no common upstream bridge meet only in the host;
 *   - the host forwards between its root ports only on AMD family 17h and
 *     later (QEMU's q35 host bridge is on no whitelist).
 *
 * Pairs that a firmware-described fabric joins (both functions attached
 * to nodes of one non-PCIe bus in the debugfs "links" file) may be DIRECT
 * over the fabric and are counted apart.
 *
 * Prints one KTAP subtest: the pairs checked, the pairs ACS or the host
 * forbids, and every violation.
 */
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FNS		128
#define MAX_DEPTH	16
#define PCI_EXT_CAP_ID_ACS	0x0d
#define PCI_ACS_CTRL		0x06
#define PCI_ACS_RR		0x0004
#define PCI_ACS_CR		0x0008

#define DEBUGFS "/sys/kernel/debug/p2p-topology"

struct fn {
	char bdf[16];
	/* the function, then each upstream bridge, as sysfs paths show them */
	char chain[MAX_DEPTH][16];
	int depth;
	unsigned int acs_ctrl;	/* 0 without an ACS capability */
	char fabric[64];	/* a non-PCIe bus the function is attached to */
};

static struct fn fns[MAX_FNS];
static int nr_fns;

static bool is_bdf(const char *s)
{
	unsigned int dom, bus, dev, fn;
	char end;

	return strlen(s) == 12 &&
	       sscanf(s, "%4x:%2x:%2x.%1x%c", &dom, &bus, &dev, &fn, &end) == 4;
}

/* ACS Control of @bdf, found by walking the extended capabilities. */
static unsigned int read_acs_ctrl(const char *bdf)
{
	unsigned char cfg[4096];
	unsigned int pos = 0x100, hops = 0;
	char path[PATH_MAX];
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	f = fopen(path, "rb");
	if (!f)
		return 0;
	len = fread(cfg, 1, sizeof(cfg), f);
	fclose(f);
	while (pos >= 0x100 && pos + 8 <= len && hops++ < 64) {
		unsigned int hdr = cfg[pos] | cfg[pos + 1] << 8 |
				   cfg[pos + 2] << 16 | (unsigned int)cfg[pos + 3] << 24;

		if (hdr == 0 || hdr == 0xffffffff)
			break;
		if ((hdr & 0xffff) == PCI_EXT_CAP_ID_ACS)
			return cfg[pos + PCI_ACS_CTRL] |
			       cfg[pos + PCI_ACS_CTRL + 1] << 8;
		pos = hdr >> 20;
	}
	return 0;
}

static void read_functions(void)
{
	DIR *dir = opendir("/sys/bus/pci/devices");
	struct dirent *de;

	while (dir && (de = readdir(dir)) && nr_fns < MAX_FNS) {
		char link[PATH_MAX], real[PATH_MAX], *part, *save;
		struct fn *f = &fns[nr_fns];
		char *parts[MAX_DEPTH];
		int n = 0, i;

		if (!is_bdf(de->d_name))
			continue;
		snprintf(link, sizeof(link), "/sys/bus/pci/devices/%s", de->d_name);
		if (!realpath(link, real))
			continue;
		/* /sys/devices/pci0000:00/0000:00:02.0/0000:01:00.0 */
		for (part = strtok_r(real, "/", &save); part;
		     part = strtok_r(NULL, "/", &save))
			if (is_bdf(part) && n < MAX_DEPTH)
				parts[n++] = part;
		memset(f, 0, sizeof(*f));
		snprintf(f->bdf, sizeof(f->bdf), "%s", de->d_name);
		for (i = 0; i < n; i++)
			snprintf(f->chain[i], sizeof(f->chain[i]), "%s",
				 parts[n - 1 - i]);
		f->depth = n;
		f->acs_ctrl = read_acs_ctrl(f->bdf);
		nr_fns++;
	}
	if (dir)
		closedir(dir);
}

static struct fn *find_fn(const char *bdf)
{
	int i;

	for (i = 0; i < nr_fns; i++)
		if (!strcmp(fns[i].bdf, bdf))
			return &fns[i];
	return NULL;
}

/* Functions attached to a node of another bus ("ID BUS A <-> B ..."). */
static void read_fabric_attachments(void)
{
	char line[512], bus[64], a[128], b[128];
	FILE *f = fopen(DEBUGFS "/links", "r");
	struct fn *fn;

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*u %63s %127s <-> %127s", bus, a, b) != 3 ||
		    !strcmp(bus, "pcie"))
			continue;
		fn = is_bdf(a) ? find_fn(a) : is_bdf(b) ? find_fn(b) : NULL;
		if (fn)
			snprintf(fn->fabric, sizeof(fn->fabric), "%s", bus);
	}
	if (f)
		fclose(f);
}

static bool redirects(const char *bdf)
{
	struct fn *f = find_fn(bdf);

	return f && (f->acs_ctrl & (PCI_ACS_RR | PCI_ACS_CR));
}

/* Index in @f's chain of @bdf, or -1. */
static int chain_index(const struct fn *f, const char *bdf)
{
	int i;

	for (i = 0; i < f->depth; i++)
		if (!strcmp(f->chain[i], bdf))
			return i;
	return -1;
}

/*
 * Whether p2pdma's rules forbid a direct path from @client to @provider:
 * a redirecting device on the way, or no common upstream bridge.
 */
static bool direct_forbidden(const struct fn *provider, const struct fn *client,
			     bool *meet_in_host)
{
	int i, j = -1;

	*meet_in_host = true;
	for (i = 0; i < provider->depth; i++) {
		if (redirects(provider->chain[i]))
			return true;
		/* the provider itself is no bridge to meet at */
		j = i ? chain_index(client, provider->chain[i]) : -1;
		if (j >= 0)
			break;
	}
	if (i == provider->depth)
		return true;
	*meet_in_host = false;
	for (i = 0; i < j; i++)
		if (redirects(client->chain[i]))
			return true;
	return false;
}

static bool host_forwards(void)
{
	char line[256], vendor[64] = "";
	unsigned int family = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "vendor_id : %63s", vendor) == 1)
			continue;
		if (!family && sscanf(line, "cpu family : %u", &family) != 1)
			family = 0;
	}
	if (f)
		fclose(f);
	return !strcmp(vendor, "AuthenticAMD") && family >= 0x17;
}

int main(void)
{
	unsigned int checked = 0, forbidden = 0, fabric = 0, bad = 0;
	char line[512], client[128], target[128], type[32];
	bool host_ok, meet_in_host;
	FILE *routes;

	read_functions();
	read_fabric_attachments();
	host_ok = host_forwards();
	routes = fopen(DEBUGFS "/routes", "r");

	printf("KTAP version 1\n1..1\n    # Subtest: guest_isolation\n    1..1\n");
	while (routes && fgets(line, sizeof(line), routes)) {
		struct fn *c, *p;
		bool forbid;

		if (sscanf(line, "%127s -> %127s %31s", client, target, type) != 3 ||
		    !is_bdf(client) || !is_bdf(target))
			continue;
		c = find_fn(client);
		p = find_fn(target);
		if (!c || !p)
			continue;
		checked++;
		if (c->fabric[0] && !strcmp(c->fabric, p->fabric)) {
			fabric++;
			continue;
		}
		forbid = direct_forbidden(p, c, &meet_in_host);
		forbidden += forbid;
		if (forbid && !strcmp(type, "direct")) {
			printf("    # DIRECT where ACS or the host forbids: %s", line);
			bad++;
		} else if (forbid && !host_ok && strcmp(type, "none")) {
			printf("    # through the host where the CPU may not: %s", line);
			bad++;
		}
	}
	if (routes)
		fclose(routes);
	printf("    %sok 1 no_direct_route_where_acs_or_host_forbids",
	       bad || !checked ? "not " : "");
	printf(" # %u pairs, %u forbidden direct, %u over a fabric, host %s\n",
	       checked, forbidden, fabric, host_ok ? "forwards" : "refuses");
	printf("%sok 1 guest_isolation\n", bad || !checked ? "not " : "");
	return 0;
}
