namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>VerifyComplete request (DSP0267 1.3 §"VerifyComplete", FD→UA).</summary>
/// <param name="VerifyResult">The outcome of verification (open: vendor codes 0x90–0xAF pass).</param>
public readonly record struct VerifyCompleteRequest(VerifyResult VerifyResult) : IPldmMessage<VerifyCompleteRequest>
{
    // +0 VerifyResult u8

    /// <summary>The body size.</summary>
    public const int Length = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.VerifyComplete;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out VerifyCompleteRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new VerifyCompleteRequest((VerifyResult)source[0]);
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

        destination[0] = (byte)VerifyResult;
        bytesWritten = Length;
        return true;
    }
}

/// <summary>VerifyComplete response (DSP0267 1.3 §"VerifyComplete"): the completion code only.</summary>
/// <param name="CompletionCode">The completion code.</param>
public readonly record struct VerifyCompleteResponse(PldmCompletionCode CompletionCode) : IPldmMessage<VerifyCompleteResponse>
{
    // +0 CompletionCode u8

    /// <summary>The body size.</summary>
    public const int Length = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.VerifyComplete;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out VerifyCompleteResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new VerifyCompleteResponse((PldmCompletionCode)source[0]);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
}
