using Rampart.Wire.Capture;

namespace Rampart.Chip.Boot;

/// <summary>Writes a boot's MCTP messages as a pcap (Linux cooked SLL2, protocol 0x00FA: Wireshark decodes MCTP and PLDM).</summary>
public static class BootCapture
{
    /// <summary>Writes every captured message of <paramref name="result"/> to <paramref name="stream"/>.</summary>
    public static long Write(Stream stream, BootResult result)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(result);
        var writer = new PcapWriter(stream, PcapLinkType.LinuxSll2);
        foreach (var message in result.Captures)
        {
            writer.WriteMctpPacket(message.Time / 1000, message.Packet.Span, message.FromBmc ? Sll2PacketType.Outgoing : Sll2PacketType.Host);
        }

        writer.Flush();
        return writer.Records;
    }
}
