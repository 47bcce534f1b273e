namespace Rampart.Wire.Spdm;

/// <summary>The four-byte header of every SPDM message (DSP0274 §10.2, Table 3).</summary>
/// <remarks>
/// <code>
/// offset 0  SPDMVersion
/// offset 1  RequestResponseCode
/// offset 2  Param1
/// offset 3  Param2
/// </code>
/// </remarks>
public readonly record struct SpdmHeader(byte Version, byte Code, byte Param1, byte Param2)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 4;

    /// <summary>The code as an enum (possibly an undefined value).</summary>
    public SpdmCode RequestResponseCode => (SpdmCode)Code;

    /// <summary>Reads a header; needs four bytes.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, out SpdmHeader header)
    {
        if (message.Length < Size)
        {
            header = default;
            return WireStatus.NeedMoreData;
        }

        header = new SpdmHeader(message[0], message[1], message[2], message[3]);
        return WireStatus.Done;
    }

    /// <summary>Writes the header; returns false when the destination is too small.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        destination[0] = Version;
        destination[1] = Code;
        destination[2] = Param1;
        destination[3] = Param2;
        return true;
    }

    /// <summary>Writes the header into a writer.</summary>
    public bool TryWrite(ref WireWriter writer) =>
        writer.Remaining >= Size && writer.TryWriteU8(Version) && writer.TryWriteU8(Code) && writer.TryWriteU8(Param1) && writer.TryWriteU8(Param2);
}
