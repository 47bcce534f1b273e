namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>TransferComplete request (DSP0267 1.3 §"TransferComplete", FD→UA).</summary>
/// <param name="TransferResult">The outcome of the component transfer (open: vendor codes 0x70–0x8F pass).</param>
public readonly record struct TransferCompleteRequest(TransferResult TransferResult) : IPldmMessage<TransferCompleteRequest>
{
    // +0 TransferResult u8

    /// <summary>The body size.</summary>
    public const int Length = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.TransferComplete;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out TransferCompleteRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new TransferCompleteRequest((TransferResult)source[0]);
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

        destination[0] = (byte)TransferResult;
        bytesWritten = Length;
        return true;
    }
}

/// <summary>TransferComplete response (DSP0267 1.3 §"TransferComplete"): the completion code only.</summary>
/// <param name="CompletionCode">The completion code.</param>
public readonly record struct TransferCompleteResponse(PldmCompletionCode CompletionCode) : IPldmMessage<TransferCompleteResponse>
{
    // +0 CompletionCode u8

    /// <summary>The body size.</summary>
    public const int Length = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.TransferComplete;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out TransferCompleteResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new TransferCompleteResponse((PldmCompletionCode)source[0]);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
}
