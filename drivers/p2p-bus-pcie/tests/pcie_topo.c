// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: PCIe hierarchies built in memory; see pcie_topo.h.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/pci.h>
#include <linux/unaligned.h>

#include "pcie_topo.h"

static const struct p2p_link_attr pt_hop = { .cost = 1, .dirs = P2P_DIR_BOTH };
static const struct p2p_link_attr pt_free = { .cost = 0, .dirs = P2P_DIR_BOTH };

int pt_init(struct kunit *test)
{
	struct pcie_topo *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->hop = pt_hop;
	t->bus.name = "pcie-kunit";
	t->bus.ops = &pcie_p2p_ops;
	KUNIT_ASSERT_EQ(test, p2p_bus_register(&t->bus), 0);
	t->host = p2p_node_add(&t->bus, P2P_NODE_HOST, NULL, NULL, "host", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->host);
	test->priv = t;
	return 0;
}

void pt_exit(struct kunit *test)
{
	struct pcie_topo *t = test->priv;
	int i;

	for (i = t->nr_fns - 1; i >= 0; i--) {
		p2p_provider_remove(t->provs[i]);
		p2p_link_remove(t->fns[i].uplink);
		p2p_node_remove(t->fns[i].node);
	}
	for (i = t->nr_hbs - 1; i >= 0; i--) {
		p2p_link_remove(t->hbs[i].uplink);
		p2p_node_remove(t->hbs[i].node);
	}
	p2p_node_remove(t->host);
	p2p_bus_unregister(&t->bus);
}

/* Config reads of the in-memory functions; every bus's sysdata is the test. */
static int pt_cfg_read(struct pci_bus *bus, unsigned int devfn, int where,
		       int size, u32 *val)
{
	struct pcie_topo *t = bus->sysdata;
	struct pt_pci_fn *pf;

	if (!devfn || devfn > PT_MAX || where < 0 || where + size > PT_CFG_SIZE)
		return PCIBIOS_DEVICE_NOT_FOUND;
	pf = t->pci_fns[devfn - 1];
	if (!pf || pf->pdev.bus != bus)
		return PCIBIOS_DEVICE_NOT_FOUND;
	switch (size) {
	case 1:
		*val = pf->cfg[where];
		break;
	case 2:
		*val = get_unaligned_le16(&pf->cfg[where]);
		break;
	default:
		*val = get_unaligned_le32(&pf->cfg[where]);
		break;
	}
	return PCIBIOS_SUCCESSFUL;
}

static int pt_cfg_write(struct pci_bus *bus, unsigned int devfn, int where,
			int size, u32 val)
{
	return PCIBIOS_SET_FAILED;
}

static struct pci_ops pt_cfg_ops = {
	.read = pt_cfg_read,
	.write = pt_cfg_write,
};

static void pt_pci_bus_init(struct pcie_topo *t, struct pci_bus *bus)
{
	INIT_LIST_HEAD(&bus->devices);
	bus->ops = &pt_cfg_ops;
	bus->sysdata = t;
}

/* The PCI host bridge below which host bridge @hb's functions sit. */
static struct pci_host_bridge *pt_pci_hb(struct pcie_topo *t, int hb)
{
	struct pt_pci_hb *ph = kunit_kzalloc(t->test, sizeof(*ph), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(t->test, ph);
	ph->bridge = kunit_kzalloc(t->test, sizeof(*ph->bridge), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(t->test, ph->bridge);
	ph->bridge->bus = &ph->root;
	pt_pci_bus_init(t, &ph->root);
	ph->root.bridge = &ph->bridge->dev;
	ph->dev00.bus = &ph->root;
	ph->dev00.vendor = PCI_VENDOR_ID_INTEL;
	ph->dev00.device = 0x2020;
	list_add(&ph->dev00.bus_list, &ph->root.devices);
	t->pci_hbs[hb] = ph;
	return ph->bridge;
}

/* The PCI function of function @fn, below @up or on host bridge @hb. */
static struct pci_dev *pt_pci_fn(struct pcie_topo *t, int fn, int up, int hb,
				 bool bridge)
{
	struct pt_pci_fn *pf = kunit_kzalloc(t->test, sizeof(*pf), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(t->test, pf);
	pf->pdev.bus = up >= 0 ? &t->pci_fns[up]->secondary :
				 &t->pci_hbs[hb]->root;
	pf->pdev.devfn = fn + 1;
	pf->pdev.acs_cap = PT_ACS;
	list_add_tail(&pf->pdev.bus_list, &pf->pdev.bus->devices);
	if (bridge) {
		pt_pci_bus_init(t, &pf->secondary);
		pf->secondary.parent = pf->pdev.bus;
		pf->secondary.self = &pf->pdev;
		pf->pdev.subordinate = &pf->secondary;
	}
	t->pci_fns[fn] = pf;
	return &pf->pdev;
}

int pt_hb(struct pcie_topo *t, enum pcie_p2p_hb_policy policy)
{
	struct pcie_p2p_hb *hb = &t->hbs[t->nr_hbs];
	char name[16];

	KUNIT_ASSERT_LT(t->test, t->nr_hbs, (int)ARRAY_SIZE(t->hbs));
	hb->bridge = pt_pci_hb(t, t->nr_hbs);
	snprintf(name, sizeof(name), "hb%d", t->nr_hbs);
	hb->policy = policy;
	hb->node = p2p_node_add(&t->bus, P2P_NODE_HOST_BRIDGE, NULL, NULL, name, hb);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(t->test, hb->node);
	hb->uplink = p2p_link_add(&t->bus, t->host, hb->node, &pt_free, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(t->test, hb->uplink);
	return t->nr_hbs++;
}

/* A function below function @up, or on host bridge @hb's root bus. */
int pt_fn(struct pcie_topo *t, int up, int hb, bool bridge, u8 port_number)
{
	struct pcie_p2p_fn *fn = &t->fns[t->nr_fns];
	struct p2p_node *parent;
	char name[24];

	KUNIT_ASSERT_LT(t->test, t->nr_fns, PT_MAX);
	snprintf(name, sizeof(name), "p2p-pcie-fn%d", t->nr_fns);
	t->devs[t->nr_fns] = kunit_device_register(t->test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(t->test, t->devs[t->nr_fns]);

	INIT_LIST_HEAD(&fn->providers);
	fn->pdev = pt_pci_fn(t, t->nr_fns, up, hb, bridge);
	fn->up = up >= 0 ? &t->fns[up] : NULL;
	fn->hb = &t->hbs[hb];
	fn->port_number = port_number;
	fn->node = p2p_node_add(&t->bus, bridge ? P2P_NODE_PORT : P2P_NODE_ENDPOINT,
				t->devs[t->nr_fns], NULL, NULL, fn);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(t->test, fn->node);
	parent = fn->up ? fn->up->node : fn->hb->node;
	fn->uplink = p2p_link_add(&t->bus, parent, fn->node, &t->hop, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(t->test, fn->uplink);
	return t->nr_fns++;
}

/* An endpoint below a new root port of host bridge @hb, the port in @rp. */
int pt_root_port_ep(struct pcie_topo *t, int hb, int *rp)
{
	int port = pt_fn(t, -1, hb, true, 0);

	if (rp)
		*rp = port;
	return pt_fn(t, port, hb, false, 0);
}

void pt_provider(struct pcie_topo *t, int fn)
{
	struct p2p_provider_desc desc = {
		.phys_start = 0x100000000ULL * (fn + 1),
		.size = 0x100000,
		.base = { .space = P2P_ADDR_PCI_BUS, .addr = 0x80000000ULL * (fn + 1) },
	};

	t->provs[fn] = p2p_provider_add(t->fns[fn].node, &desc);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(t->test, t->provs[fn]);
}

/*
 * Function @fn's ACS capability: control register @ctrl; an egress control
 * vector of @egress_bits bits (none when 0), its first 64 bits
 * @egress_vector. Written into its configuration space (PCIe r6.0 sec
 * 7.7.8), where both the graph and p2pdma read it.
 */
void pt_set_acs(struct pcie_topo *t, int fn, u16 ctrl, u16 egress_bits,
		u64 egress_vector)
{
	u8 *acs = &t->pci_fns[fn]->cfg[PT_ACS];
	u16 cap = PCI_ACS_SV | PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_UF;

	memset(acs, 0, PT_CFG_SIZE - PT_ACS);
	/* The vector size field counts bits; 0 means 256. */
	if (egress_bits)
		cap |= PCI_ACS_EC | (egress_bits & 0xff) << 8;
	put_unaligned_le32(PCI_EXT_CAP_ID_ACS | 1 << 16, acs);
	put_unaligned_le16(cap, acs + PCI_ACS_CAP);
	put_unaligned_le16(ctrl, acs + PCI_ACS_CTRL);
	put_unaligned_le64(egress_vector, acs + PCI_ACS_EGRESS_CTL_V);
	p2p_bus_rules_changed(&t->bus);
}

int pt_route(struct pcie_topo *t, int provider, int client,
	     struct p2p_route_info *info)
{
	return p2p_route(t->provs[provider], t->devs[client], P2P_DIR_BOTH, info);
}

void pt_expect(struct kunit *test, int ret, const struct p2p_route_info *info,
	       enum p2p_map_type map, u32 distance)
{
	KUNIT_EXPECT_EQ(test, ret, map == P2P_MAP_NOT_SUPPORTED ? -EHOSTUNREACH : 0);
	KUNIT_EXPECT_EQ(test, info->map_type, map);
	if (map != P2P_MAP_NOT_SUPPORTED)
		KUNIT_EXPECT_EQ(test, info->distance, distance);
}
