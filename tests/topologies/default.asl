/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * The SSDT of default.topo: a firmware-described fabric link between the
 * two ivshmem "GPUs", one in each root complex, in the shape of
 * acpi-fabric.asl:
 *
 *	\_SB.PCI0 (bus 0)		\_SB.PC40 (pxb-pcie, bus 0x40)
 *	  S10   00:02.0 root port	  RP00  40:00.0 root port
 *	    S00   06:00.0 ivshmem	    GPU1  41:00.0 ivshmem
 *	          port@0/endpoint@0 ---------- port@0/endpoint@0
 *	          fabric 7, 2 x 50000 MB/s, 500 ns
 *
 * QEMU 7.2 describes every slot of the main root complex in its DSDT (with
 * ACPI hotplug, as S<devfn> devices), down to function 0 below a root
 * port: 00:02.0 is \_SB.PCI0.S10 and 06:00.0 is \_SB.PCI0.S10.S00, which
 * already have their _ADR; this table adds the _DSD to the existing
 * device. Below an expander host bridge \_SB.PCxx (xx: its bus_nr in hex)
 * QEMU describes nothing, so the table adds the root port (device 0,
 * function 0 on the expander's bus: _ADR 0) and the function below it
 * (_ADR 0). Linux gives the PCI functions these ACPI companions, and the
 * firmware loader finds the two functions by them.
 *
 * The main host bridge gets the proximity domain of NUMA node 0, which
 * QEMU leaves out.
 *
 * Integers: QEMU's DSDT has revision 1, so ACPICA makes every integer 32
 * bits wide whatever this table says; every value below fits in 32 bits.
 *
 * Apertures: each maps the function's BAR2 (64 MiB, where SeaBIOS puts it
 * on this machine: 0xf8000000 for 06:00.0, 0xf4000000 for 41:00.0;
 * guest/demo.sh checks that it still does) to a fabric address of its own.
 */
DefinitionBlock ("", "SSDT", 2, "P2PTOP", "DEFAULT", 1)
{
	External (\_SB.PCI0, DeviceObj)
	External (\_SB.PCI0.S10.S00, DeviceObj)
	External (\_SB.PC40, DeviceObj)

	/*
	 * QEMU gives an expander host bridge the _PXM of its numa_node, but
	 * none to the main one: its devices would be on no NUMA node.
	 */
	Scope (\_SB.PCI0)
	{
		Name (_PXM, 0)
	}

	Scope (\_SB.PCI0.S10.S00)
	{
		Name (_DSD, Package () {
			ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
			Package () {
				Package () { "p2p-fabric-id", 7 },
				Package () { "p2p-aperture-home-base", 0xf8000000 },
				Package () { "p2p-aperture-fabric-base", 0x10000000 },
				Package () { "p2p-aperture-size", 0x04000000 },
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
					     "\\_SB.PC40.RP00.GPU1.EP00" },
				Package () { "p2p-bandwidth-kBps", 50000000 },
				Package () { "p2p-latency-ns", 500 },
				Package () { "p2p-link-count", 2 },
			}
		})
	}

	Scope (\_SB.PC40)
	{
		Device (RP00)
		{
			Name (_ADR, 0)
			Device (GPU1)
			{
				Name (_ADR, 0)
				Name (_DSD, Package () {
					ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
					Package () {
						Package () { "p2p-fabric-id", 7 },
						Package () { "p2p-aperture-home-base",
							     0xf4000000 },
						Package () { "p2p-aperture-fabric-base",
							     0x20000000 },
						Package () { "p2p-aperture-size",
							     0x04000000 },
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
							     "\\_SB.PCI0.S10.S00.EP00" },
						Package () { "p2p-bandwidth-kBps", 50000000 },
						Package () { "p2p-latency-ns", 500 },
						Package () { "p2p-link-count", 2 },
					}
				})
			}
		}
	}
}
