using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.Base;

/// <summary>GetPLDMCommands request (DSP0240 1.1 §8.5, Table 14).</summary>
/// <param name="PldmType">The PLDM type asked about.</param>
/// <param name="Version">The version of that type (ver32).</param>
public readonly record struct GetPldmCommandsRequest(PldmType PldmType, PldmVersion Version) : IPldmMessage<GetPldmCommandsRequest>
{
    // +0 PLDMType u8
    // +1 Version  ver32 (LE)

    /// <summary>The body size.</summary>
    public const int Length = 5;

    private const int TypeOffset = 0;
    private const int VersionOffset = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.Base;

    /// <inheritdoc/>
    public static byte Command => (byte)BaseCommand.GetPldmCommands;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetPldmCommandsRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (source[TypeOffset] > PldmHeader.MaxType)
        {
            return WireStatus.Invalid;
        }

        message = new GetPldmCommandsRequest((PldmType)source[TypeOffset], PldmVersion.Read(source[VersionOffset..]));
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        destination[TypeOffset] = (byte)PldmType;
        Version.Write(destination[VersionOffset..]);
        bytesWritten = Length;
        return true;
    }
}

/// <summary>
/// GetPLDMCommands response (DSP0240 1.1 §8.5, Table 14): a 256-bit field, bit N set when
/// command N is supported (byte 0 bit 0 is command 0). Held as four little-endian 64-bit words.
/// </summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="Commands0">Commands 0x00–0x3F.</param>
/// <param name="Commands1">Commands 0x40–0x7F.</param>
/// <param name="Commands2">Commands 0x80–0xBF.</param>
/// <param name="Commands3">Commands 0xC0–0xFF.</param>
public readonly record struct GetPldmCommandsResponse(
    PldmCompletionCode CompletionCode,
    ulong Commands0,
    ulong Commands1,
    ulong Commands2,
    ulong Commands3) : IPldmMessage<GetPldmCommandsResponse>
{
    // +0  CompletionCode u8
    // +1  PLDMCommands   bitfield8[32]

    /// <summary>The body size on success.</summary>
    public const int Length = 33;

    private const int CommandsOffset = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.Base;

    /// <inheritdoc/>
    public static byte Command => (byte)BaseCommand.GetPldmCommands;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? Length : PldmBody.CompletionCodeLength;

    /// <summary>A success response marking <paramref name="commands"/> as supported.</summary>
    public static GetPldmCommandsResponse Of(params ReadOnlySpan<byte> commands)
    {
        Span<ulong> words = stackalloc ulong[4];
        foreach (var command in commands)
        {
            words[command >> 6] |= 1UL << (command & 63);
        }

        return new GetPldmCommandsResponse(PldmCompletionCode.Success, words[0], words[1], words[2], words[3]);
    }

    /// <summary>True when <paramref name="command"/> is marked supported.</summary>
    public bool Supports(byte command)
    {
        var word = (command >> 6) switch
        {
            0 => Commands0,
            1 => Commands1,
            2 => Commands2,
            _ => Commands3,
        };
        return (word & (1UL << (command & 63))) != 0;
    }

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetPldmCommandsResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out var errorOnly);
        if (status == WireStatus.Done && !errorOnly)
        {
            status = PldmBody.CheckExact(source, Length);
        }

        if (status != WireStatus.Done)
        {
            return status;
        }

        message = errorOnly
            ? new GetPldmCommandsResponse(code, 0, 0, 0, 0)
            : new GetPldmCommandsResponse(
                code,
                BinaryPrimitives.ReadUInt64LittleEndian(source[CommandsOffset..]),
                BinaryPrimitives.ReadUInt64LittleEndian(source[(CommandsOffset + 8)..]),
                BinaryPrimitives.ReadUInt64LittleEndian(source[(CommandsOffset + 16)..]),
                BinaryPrimitives.ReadUInt64LittleEndian(source[(CommandsOffset + 24)..]));
        bytesConsumed = source.Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (CompletionCode != PldmCompletionCode.Success)
        {
            return PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
        }

        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[CommandsOffset..], Commands0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[(CommandsOffset + 8)..], Commands1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[(CommandsOffset + 16)..], Commands2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[(CommandsOffset + 24)..], Commands3);
        bytesWritten = Length;
        return true;
    }
}
