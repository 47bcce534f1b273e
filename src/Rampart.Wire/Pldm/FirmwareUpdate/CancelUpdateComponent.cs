namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>CancelUpdateComponent request (DSP0267 1.3 §"CancelUpdateComponent"): no body.</summary>
public readonly record struct CancelUpdateComponentRequest : IPldmMessage<CancelUpdateComponentRequest>
{
    /// <summary>The body size.</summary>
    public const int Length = 0;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.CancelUpdateComponent;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out CancelUpdateComponentRequest message, out int bytesConsumed)
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

/// <summary>CancelUpdateComponent response (DSP0267 1.3 §"CancelUpdateComponent"): the completion code only.</summary>
/// <param name="CompletionCode">The completion code.</param>
public readonly record struct CancelUpdateComponentResponse(PldmCompletionCode CompletionCode) : IPldmMessage<CancelUpdateComponentResponse>
{
    // +0 CompletionCode u8

    /// <summary>The body size.</summary>
    public const int Length = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.CancelUpdateComponent;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out CancelUpdateComponentResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new CancelUpdateComponentResponse((PldmCompletionCode)source[0]);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
}
