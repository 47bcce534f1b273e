using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.Base;

/// <summary>GetPLDMTypes request (DSP0240 1.1 §8.4, Table 13): no body.</summary>
public readonly record struct GetPldmTypesRequest : IPldmMessage<GetPldmTypesRequest>
{
    /// <summary>The body size.</summary>
    public const int Length = 0;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.Base;

    /// <inheritdoc/>
    public static byte Command => (byte)BaseCommand.GetPldmTypes;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetPldmTypesRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        return PldmBody.CheckExact(source, Length);
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        return true;
    }
}

/// <summary>
/// GetPLDMTypes response (DSP0240 1.1 §8.4, Table 13): a 64-bit field, bit N set when PLDM
/// type N is supported (byte 0 bit 0 is type 0).
/// </summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="Types">The bit field as a little-endian 64-bit value.</param>
public readonly record struct GetPldmTypesResponse(PldmCompletionCode CompletionCode, ulong Types) : IPldmMessage<GetPldmTypesResponse>
{
    // +0 CompletionCode u8
    // +1 PLDMTypes      bitfield8[8]

    /// <summary>The body size on success.</summary>
    public const int Length = 9;

    private const int TypesOffset = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.Base;

    /// <inheritdoc/>
    public static byte Command => (byte)BaseCommand.GetPldmTypes;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? Length : PldmBody.CompletionCodeLength;

    /// <summary>The bit field with each of <paramref name="types"/> set.</summary>
    public static ulong Of(params ReadOnlySpan<PldmType> types)
    {
        ulong bits = 0;
        foreach (var type in types)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)type, PldmHeader.MaxType);
            bits |= 1UL << (byte)type;
        }

        return bits;
    }

    /// <summary>True when <paramref name="type"/> is marked supported.</summary>
    public bool Supports(PldmType type) => (byte)type <= PldmHeader.MaxType && (Types & (1UL << (byte)type)) != 0;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetPldmTypesResponse message, out int bytesConsumed)
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

        message = new GetPldmTypesResponse(code, errorOnly ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(source[TypesOffset..]));
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
        BinaryPrimitives.WriteUInt64LittleEndian(destination[TypesOffset..], Types);
        bytesWritten = Length;
        return true;
    }
}
