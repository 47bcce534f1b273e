namespace Rampart.Wire.Pldm.Base;

/// <summary>SetTID request (DSP0240 1.1 §8.1, Table 10): assigns the terminus ID.</summary>
/// <param name="Tid">The terminus ID, 0x01–0xFE (0x00 unassigned and 0xFF reserved are refused).</param>
public readonly record struct SetTidRequest(byte Tid) : IPldmMessage<SetTidRequest>
{
    // +0 TID u8

    /// <summary>The body size.</summary>
    public const int Length = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.Base;

    /// <inheritdoc/>
    public static byte Command => (byte)BaseCommand.SetTid;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <summary>True for a TID a terminus may be given.</summary>
    public static bool IsAssignable(byte tid) => tid is not 0x00 and not 0xFF;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out SetTidRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (!IsAssignable(source[0]))
        {
            return WireStatus.Invalid;
        }

        message = new SetTidRequest(source[0]);
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

        destination[0] = Tid;
        bytesWritten = Length;
        return true;
    }
}

/// <summary>SetTID response (DSP0240 1.1 §8.1, Table 10): the completion code only.</summary>
/// <param name="CompletionCode">The completion code.</param>
public readonly record struct SetTidResponse(PldmCompletionCode CompletionCode) : IPldmMessage<SetTidResponse>
{
    // +0 CompletionCode u8

    /// <summary>The body size.</summary>
    public const int Length = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.Base;

    /// <inheritdoc/>
    public static byte Command => (byte)BaseCommand.SetTid;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out SetTidResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new SetTidResponse((PldmCompletionCode)source[0]);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
}
