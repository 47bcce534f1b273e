namespace Rampart.Wire.Pldm.Base;

/// <summary>GetTID request (DSP0240 1.1 §8.2, Table 11): no body.</summary>
public readonly record struct GetTidRequest : IPldmMessage<GetTidRequest>
{
    /// <summary>The body size.</summary>
    public const int Length = 0;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.Base;

    /// <inheritdoc/>
    public static byte Command => (byte)BaseCommand.GetTid;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetTidRequest message, out int bytesConsumed)
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

/// <summary>GetTID response (DSP0240 1.1 §8.2, Table 11).</summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="Tid">The terminus ID (0x00: not yet assigned).</param>
public readonly record struct GetTidResponse(PldmCompletionCode CompletionCode, byte Tid) : IPldmMessage<GetTidResponse>
{
    // +0 CompletionCode u8
    // +1 TID            u8

    /// <summary>The body size on success.</summary>
    public const int Length = 2;

    private const int TidOffset = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.Base;

    /// <inheritdoc/>
    public static byte Command => (byte)BaseCommand.GetTid;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? Length : PldmBody.CompletionCodeLength;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetTidResponse message, out int bytesConsumed)
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

        message = new GetTidResponse(code, errorOnly ? (byte)0 : source[TidOffset]);
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
        destination[TidOffset] = Tid;
        bytesWritten = Length;
        return true;
    }
}
