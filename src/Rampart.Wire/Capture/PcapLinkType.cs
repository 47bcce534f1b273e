namespace Rampart.Wire.Capture;

/// <summary>pcap link-layer header types Rampart writes and reads (tcpdump.org LINKTYPE registry).</summary>
public enum PcapLinkType : uint
{
    /// <summary>LINKTYPE_LINUX_SLL2 (276): Linux cooked capture v2; with protocol 0x00FA Wireshark decodes MCTP.</summary>
    LinuxSll2 = 276,

    /// <summary>LINKTYPE_MCTP (291): the 4-byte MCTP transport header and the packet payload (DMTF spdm-dump).</summary>
    Mctp = 291,

    /// <summary>LINKTYPE_PCI_DOE (292): a PCIe DOE data object (DMTF spdm-dump).</summary>
    PciDoe = 292,
}
