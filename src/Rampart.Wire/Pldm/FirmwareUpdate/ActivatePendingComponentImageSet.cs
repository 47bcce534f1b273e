namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// ActivatePendingComponentImageSet request (DSP0267 1.3 §"ActivatePendingComponentImageSet",
/// UA→FD, command 0x1E): no body. Asks the FD to activate every pending component image.
/// </summary>
public readonly record struct ActivatePendingComponentImageSetRequest : IPldmMessage<ActivatePendingComponentImageSetRequest>
{
    /// <summary>The body size.</summary>
    public const int Length = 0;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.ActivatePendingComponentImageSet;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ActivatePendingComponentImageSetRequest message, out int bytesConsumed)
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
/// ActivatePendingComponentImageSet response (DSP0267 1.3 §"ActivatePendingComponentImageSet"):
/// the completion code (ACTIVATION_NOT_REQUIRED 0x8B, ACTIVATE_PENDING_IMAGE_NOT_PERMITTED 0x92,
/// INVALID_STATE_FOR_COMMAND 0x84 among them), then on success the estimated activation time.
/// </summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="EstimatedTimeForActivation">Seconds the activation is expected to take (success only).</param>
public readonly record struct ActivatePendingComponentImageSetResponse(PldmCompletionCode CompletionCode, ushort EstimatedTimeForActivation)
    : IPldmMessage<ActivatePendingComponentImageSetResponse>
{
    // +0 CompletionCode             u8
    // +1 EstimatedTimeForActivation u16 LE (only on SUCCESS)

    /// <summary>The body size on success.</summary>
    public const int Length = PendingActivationResponse.Length;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.ActivatePendingComponentImageSet;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => PendingActivationResponse.EncodedLength(CompletionCode);

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ActivatePendingComponentImageSetResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PendingActivationResponse.TryRead(source, out var code, out var seconds);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new ActivatePendingComponentImageSetResponse(code, seconds);
        bytesConsumed = source.Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        PendingActivationResponse.TryWrite(CompletionCode, EstimatedTimeForActivation, destination, out bytesWritten);
}
