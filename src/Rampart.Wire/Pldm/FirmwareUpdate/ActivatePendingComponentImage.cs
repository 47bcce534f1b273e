namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// ActivatePendingComponentImage request (DSP0267 1.3 §"ActivatePendingComponentImage", UA→FD,
/// command 0x1F): activates the pending image of one component.
/// </summary>
/// <param name="Component">The component whose pending image to activate.</param>
public readonly record struct ActivatePendingComponentImageRequest(ComponentReference Component) : IPldmMessage<ActivatePendingComponentImageRequest>
{
    // +0 ComponentClassification      u16 LE
    // +2 ComponentIdentifier          u16 LE
    // +4 ComponentClassificationIndex u8

    /// <summary>The body size.</summary>
    public const int Length = ComponentReference.Length;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.ActivatePendingComponentImage;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ActivatePendingComponentImageRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = ComponentReference.TryRead(source, out var component);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new ActivatePendingComponentImageRequest(component);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) => Component.TryWrite(destination, out bytesWritten);
}

/// <summary>
/// ActivatePendingComponentImage response (DSP0267 1.3 §"ActivatePendingComponentImage"): the
/// completion code, then on success the estimated activation time.
/// </summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="EstimatedTimeForActivation">Seconds the activation is expected to take (success only).</param>
public readonly record struct ActivatePendingComponentImageResponse(PldmCompletionCode CompletionCode, ushort EstimatedTimeForActivation)
    : IPldmMessage<ActivatePendingComponentImageResponse>
{
    // +0 CompletionCode             u8
    // +1 EstimatedTimeForActivation u16 LE (only on SUCCESS)

    /// <summary>The body size on success.</summary>
    public const int Length = PendingActivationResponse.Length;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.ActivatePendingComponentImage;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => PendingActivationResponse.EncodedLength(CompletionCode);

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ActivatePendingComponentImageResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PendingActivationResponse.TryRead(source, out var code, out var seconds);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new ActivatePendingComponentImageResponse(code, seconds);
        bytesConsumed = source.Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        PendingActivationResponse.TryWrite(CompletionCode, EstimatedTimeForActivation, destination, out bytesWritten);
}
