/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * p2p device fabric described in ACPI: the topology of the example in
 * Documentation/devicetree/bindings/p2p/p2p-fabric.yaml. Two GPUs on fabric
 * 1 are joined through a fabric switch; GPU 0 lets its peers reach 16 GiB
 * of its memory over the fabric.
 *
 *	GPU0 port@0/endpoint@0 -- FSW0 port@0/endpoint@0  2 x 25000 MB/s, 800 ns
 *	GPU1 port@0/endpoint@0 -- FSW0 port@1/endpoint@0  1 x 25000 MB/s, 600 ns
 *
 * The properties are those of the devicetree binding, in _DSD device
 * properties (UUID daffd814-...). The graph follows
 * Documentation/firmware-guide/acpi/dsd/graph.rst: ports are hierarchical
 * data nodes (UUID dbb8e3e6-...) "port@N" of the device, named PRTN, with a
 * "reg" property N; endpoints are data nodes "endpoint@M" of their port,
 * named EPNM, with "reg" M. A single port is port@0, a single endpoint
 * endpoint@0. "remote-endpoint" is a string reference to the remote
 * endpoint's data node object, the form Linux 6.12 resolves (see
 * Documentation/firmware-guide/acpi/dsd/data-node-references.rst). Both ends
 * of a connection point at each other. u64 properties are plain integers,
 * but ACPICA sizes the integers of every table by the DSDT's revision:
 * they are 64 bits wide only when the DSDT's revision is 2 or more. Under
 * a revision-1 DSDT (QEMU's) a larger constant is truncated to 32 bits with
 * an "ACPI Warning: Truncated 64-bit constant", and the kernel reads the
 * truncated value. A boolean property is present with the value 1.
 *
 * The GPUs are PCI functions (_ADR) on the root bus of \_SB.PCI0, which the
 * DSDT defines. The switch is no PCI function and nothing enumerates it, so
 * it is a device of its own with a _HID: an ACPI ID is a four-character
 * vendor ID and four hex digits. "P2PF" stands in for the vendor of the
 * switch; a real platform uses its vendor's registered ID. PRP0001 is not
 * used: it would mean "match the devicetree compatible property", and the
 * switch needs no driver, only the description.
 *
 * Build: iasl p2p-fabric.asl (produces p2p-fabric.aml, an SSDT).
 */
DefinitionBlock ("", "SSDT", 2, "P2PTOP", "FABRIC", 1)
{
	External (\_SB.PCI0, DeviceObj)

	Scope (\_SB.PCI0)
	{
		Device (GPU0)
		{
			Name (_ADR, 0x00020000)		/* device 2, function 0 */
			Name (_DSD, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "p2p-fabric-id", 1 },
					Package () { "p2p-aperture-home-base",
						     0x0000004000000000 },
					Package () { "p2p-aperture-fabric-base",
						     0x0000100000000000 },
					Package () { "p2p-aperture-size",
						     0x0000000400000000 },
				},
				ToUUID ("dbb8e3e6-5886-4ba6-8795-1319f52a966b"),
				Package () {
					Package () { "port@0", "PRT0" },
				}
			})
			Name (PRT0, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "reg", 0 },
				},
				ToUUID ("dbb8e3e6-5886-4ba6-8795-1319f52a966b"),
				Package () {
					Package () { "endpoint@0", "EP00" },
				}
			})
			Name (EP00, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "reg", 0 },
					Package () { "remote-endpoint",
						     "\\_SB.FSW0.EP00" },
					Package () { "p2p-bandwidth-kBps", 25000000 },
					Package () { "p2p-latency-ns", 800 },
					Package () { "p2p-link-count", 2 },
				}
			})
		}

		Device (GPU1)
		{
			Name (_ADR, 0x00030000)		/* device 3, function 0 */
			Name (_DSD, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "p2p-fabric-id", 1 },
				},
				ToUUID ("dbb8e3e6-5886-4ba6-8795-1319f52a966b"),
				Package () {
					Package () { "port@0", "PRT0" },
				}
			})
			Name (PRT0, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "reg", 0 },
				},
				ToUUID ("dbb8e3e6-5886-4ba6-8795-1319f52a966b"),
				Package () {
					Package () { "endpoint@0", "EP00" },
				}
			})
			Name (EP00, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "reg", 0 },
					Package () { "remote-endpoint",
						     "\\_SB.FSW0.EP10" },
					Package () { "p2p-bandwidth-kBps", 25000000 },
				}
			})
		}
	}

	Scope (\_SB)
	{
		/* The fabric switch (hub) */
		Device (FSW0)
		{
			Name (_HID, "P2PF0001")
			Name (_UID, 0)
			Name (_DSD, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "p2p-fabric-id", 1 },
					Package () { "p2p-switch", 1 },
				},
				ToUUID ("dbb8e3e6-5886-4ba6-8795-1319f52a966b"),
				Package () {
					Package () { "port@0", "PRT0" },
					Package () { "port@1", "PRT1" },
				}
			})
			Name (PRT0, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "reg", 0 },
				},
				ToUUID ("dbb8e3e6-5886-4ba6-8795-1319f52a966b"),
				Package () {
					Package () { "endpoint@0", "EP00" },
				}
			})
			Name (EP00, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "reg", 0 },
					Package () { "remote-endpoint",
						     "\\_SB.PCI0.GPU0.EP00" },
					Package () { "p2p-link-count", 2 },
				}
			})
			Name (PRT1, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "reg", 1 },
				},
				ToUUID ("dbb8e3e6-5886-4ba6-8795-1319f52a966b"),
				Package () {
					Package () { "endpoint@0", "EP10" },
				}
			})
			Name (EP10, Package () {
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package () {
					Package () { "reg", 0 },
					Package () { "remote-endpoint",
						     "\\_SB.PCI0.GPU1.EP00" },
					Package () { "p2p-latency-ns", 600 },
				}
			})
		}
	}
}
