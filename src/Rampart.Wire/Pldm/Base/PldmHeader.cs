namespace Rampart.Wire.Pldm.Base;

/// <summary>
/// The PLDM message header (DSP0240 1.1 §8.1, Table 1): request bit, datagram bit, instance
/// ID, header version, PLDM type and command code. Responses carry their completion code as
/// the first byte of the body, not in this header.
/// </summary>
/// <param name="IsRequest">Rq: 1 for requests (and unacknowledged datagrams), 0 for responses.</param>
/// <param name="IsDatagram">D: an unacknowledged request (DSP0240 §8.1.1).</param>
/// <param name="InstanceId">The instance ID, 0–31, echoed in the response.</param>
/// <param name="Type">The PLDM type (6 bits).</param>
/// <param name="Command">The command code.</param>
public readonly record struct PldmHeader(bool IsRequest, bool IsDatagram, byte InstanceId, PldmType Type, byte Command)
{
    //  byte 0: [7 Rq][6 D][5 rsvd][4:0 Instance ID]
    //  byte 1: [7:6 Header Version = 00][5:0 PLDM Type]
    //  byte 2: [7:0 PLDM Command Code]

    /// <summary>The header size.</summary>
    public const int Length = 3;

    /// <summary>The only header version DSP0240 defines.</summary>
    public const byte HeaderVersion = 0;

    /// <summary>The largest instance ID (5 bits).</summary>
    public const byte MaxInstanceId = 0x1F;

    /// <summary>The largest PLDM type (6 bits).</summary>
    public const byte MaxType = 0x3F;

    private const int FlagsOffset = 0;
    private const int TypeOffset = 1;
    private const int CommandOffset = 2;
    private const byte RequestBit = 0x80;
    private const byte DatagramBit = 0x40;
    private const byte ReservedBit = 0x20;
    private const byte InstanceMask = 0x1F;
    private const byte TypeMask = 0x3F;
    private const int VersionShift = 6;

    /// <summary>A request header.</summary>
    public static PldmHeader Request(byte instanceId, PldmType type, byte command) => new(true, false, instanceId, type, command);

    /// <summary>The header of the response to this request.</summary>
    public PldmHeader ToResponse() => this with { IsRequest = false, IsDatagram = false };

    /// <summary>
    /// Reads a header. NeedMoreData under 3 bytes; Invalid if the reserved bit is set;
    /// Unsupported for a header version other than 0. Consumes nothing on failure.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out PldmHeader header, out int bytesConsumed)
    {
        header = default;
        bytesConsumed = 0;
        if (source.Length < Length)
        {
            return WireStatus.NeedMoreData;
        }

        var flags = source[FlagsOffset];
        if ((flags & ReservedBit) != 0)
        {
            return WireStatus.Invalid;
        }

        var typeByte = source[TypeOffset];
        if (typeByte >> VersionShift != HeaderVersion)
        {
            return WireStatus.Unsupported;
        }

        header = new PldmHeader(
            (flags & RequestBit) != 0,
            (flags & DatagramBit) != 0,
            (byte)(flags & InstanceMask),
            (PldmType)(typeByte & TypeMask),
            source[CommandOffset]);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <summary>Writes the header; false if fewer than 3 bytes are available.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instance ID or type does not fit its field.</exception>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InstanceId, MaxInstanceId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)Type, MaxType);
        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        destination[FlagsOffset] = (byte)((IsRequest ? RequestBit : 0) | (IsDatagram ? DatagramBit : 0) | InstanceId);
        destination[TypeOffset] = (byte)((HeaderVersion << VersionShift) | (byte)Type);
        destination[CommandOffset] = Command;
        bytesWritten = Length;
        return true;
    }
}
