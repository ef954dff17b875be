/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * The SSDT of acpi-fabric.topo: a firmware-described fabric link between
 * two ivshmem functions in two root complexes, in the shape of
 * Documentation/firmware-guide/acpi/p2p-fabric.asl.
 *
 *	\_SB.PC40 (pxb-pcie, bus 0x40)	\_SB.PC80 (pxb-pcie, bus 0x80)
 *	  RP00  40:00.0 root port	  RP00  80:00.0 root port
 *	    SHM0  41:00.0 ivshmem	    SHM1  81:00.0 ivshmem
 *	          port@0/endpoint@0 ---------- port@0/endpoint@0
 *	          fabric 7, 2 x 50000 MB/s, 500 ns
 *
 * QEMU's DSDT names an expander host bridge \_SB.PCxx (xx: its bus_nr in
 * hex) and describes nothing below it, so the SSDT adds the root port
 * (device 0, function 0 on the expander's bus: _ADR 0) and the function
 * below it (_ADR 0): Linux then gives both PCI functions these ACPI
 * companions, and the firmware loader finds the ivshmem functions by them.
 *
 * Integers: ACPICA gives every definition block the integer width of the
 * DSDT, and QEMU's DSDT has revision 1: integers are 32 bits wide whatever
 * this table's revision says, and a larger constant is truncated (with an
 * "ACPI Warning: Truncated 64-bit constant"). So every value below fits in
 * 32 bits.
 *
 * Apertures: each maps the function's BAR2 (64 MiB, where SeaBIOS puts it
 * on this machine; guest/acpi_fabric.sh checks that it still does) to a
 * fabric address of its own.
 */
DefinitionBlock ("", "SSDT", 2, "P2PTOP", "ACPIFAB", 1)
{
	External (\_SB.PC40, DeviceObj)
	External (\_SB.PC80, DeviceObj)

	Scope (\_SB.PC40)
	{
		Device (RP00)
		{
			Name (_ADR, 0)
			Device (SHM0)
			{
				Name (_ADR, 0)
				Name (_DSD, Package () {
					ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
					Package () {
						Package () { "p2p-fabric-id", 7 },
						Package () { "p2p-aperture-home-base",
							     0xf8000000 },
						Package () { "p2p-aperture-fabric-base",
							     0x10000000 },
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
							     "\\_SB.PC80.RP00.SHM1.EP00" },
						Package () { "p2p-bandwidth-kBps", 50000000 },
						Package () { "p2p-latency-ns", 500 },
						Package () { "p2p-link-count", 2 },
					}
				})
			}
		}
	}

	Scope (\_SB.PC80)
	{
		Device (RP00)
		{
			Name (_ADR, 0)
			Device (SHM1)
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
							     "\\_SB.PC40.RP00.SHM0.EP00" },
						Package () { "p2p-bandwidth-kBps", 50000000 },
						Package () { "p2p-latency-ns", 500 },
						Package () { "p2p-link-count", 2 },
					}
				})
			}
		}
	}
}
