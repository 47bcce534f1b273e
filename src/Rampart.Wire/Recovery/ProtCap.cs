using System.Buffers.Binary;

namespace Rampart.Wire.Recovery;

/// <summary>
/// PROT_CAP (0x22) payload, OCP Secure Firmware Recovery 1.1 §9.2: the magic "OCP RECV", the
/// protocol version, capability bits, the number of component memory spaces, the maximum
/// response time (2^x µs) and the heartbeat period (2^x µs, 0 = none).
/// </summary>
public readonly record struct ProtCap(
    byte MajorVersion,
    byte MinorVersion,
    RecoveryCapabilities Capabilities,
    byte CmsCount,
    byte MaxResponseTimeExponent,
    byte HeartbeatPeriodExponent)
{
    // +0      +8     +9     +10          +12  +13           +14
    // | magic | major | minor | capabilities | CMS | max resp 2^x | heartbeat 2^x |
    // |  8    |  1    |  1    |  2 (LE)      |  1  |  1           |  1            |
    private const int MagicOffset = 0;
    private const int MajorOffset = 8;
    private const int MinorOffset = 9;
    private const int CapabilitiesOffset = 10;
    private const int CmsOffset = 12;
    private const int ResponseTimeOffset = 13;
    private const int HeartbeatOffset = 14;

    /// <summary>The fixed payload size.</summary>
    public const int Size = 15;

    /// <summary>The magic string "OCP RECV" as bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "OCP RECV"u8;

    /// <summary>
    /// Decodes a PROT_CAP payload. Too short gives <see cref="WireStatus.NeedMoreData"/>;
    /// a wrong magic or extra bytes give <see cref="WireStatus.Invalid"/>.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out ProtCap value)
    {
        value = default;
        if (payload.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        if (payload.Length > Size || !payload.Slice(MagicOffset, Magic.Length).SequenceEqual(Magic))
        {
            return WireStatus.Invalid;
        }

        value = new ProtCap(
            payload[MajorOffset],
            payload[MinorOffset],
            (RecoveryCapabilities)BinaryPrimitives.ReadUInt16LittleEndian(payload[CapabilitiesOffset..]),
            payload[CmsOffset],
            payload[ResponseTimeOffset],
            payload[HeartbeatOffset]);
        return WireStatus.Done;
    }

    /// <summary>Encodes the payload; writes nothing and returns false if it does not fit.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        Magic.CopyTo(destination[MagicOffset..]);
        destination[MajorOffset] = MajorVersion;
        destination[MinorOffset] = MinorVersion;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[CapabilitiesOffset..], (ushort)Capabilities);
        destination[CmsOffset] = CmsCount;
        destination[ResponseTimeOffset] = MaxResponseTimeExponent;
        destination[HeartbeatOffset] = HeartbeatPeriodExponent;
        written = Size;
        return true;
    }
}
