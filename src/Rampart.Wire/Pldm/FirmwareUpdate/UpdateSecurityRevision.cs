namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// UpdateSecurityRevision request (DSP0267 1.3 §"UpdateSecurityRevision", UA→FD, command 0x22):
/// commits the security revision of the running image of a component that was updated with the
/// delayed security-revision option.
/// </summary>
/// <param name="Component">The component whose security revision to commit.</param>
public readonly record struct UpdateSecurityRevisionRequest(ComponentReference Component) : IPldmMessage<UpdateSecurityRevisionRequest>
{
    // +0 ComponentClassification      u16 LE
    // +2 ComponentIdentifier          u16 LE
    // +4 ComponentClassificationIndex u8

    /// <summary>The body size.</summary>
    public const int Length = ComponentReference.Length;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.UpdateSecurityRevision;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out UpdateSecurityRevisionRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = ComponentReference.TryRead(source, out var component);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new UpdateSecurityRevisionRequest(component);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) => Component.TryWrite(destination, out bytesWritten);
}

/// <summary>
/// UpdateSecurityRevision response (DSP0267 1.3 §"UpdateSecurityRevision"): the completion code
/// only (INVALID_STATE_FOR_COMMAND 0x84, UPDATE_SECURITY_REVISION_NOT_PERMITTED 0x95 among them).
/// </summary>
/// <param name="CompletionCode">The completion code.</param>
public readonly record struct UpdateSecurityRevisionResponse(PldmCompletionCode CompletionCode) : IPldmMessage<UpdateSecurityRevisionResponse>
{
    // +0 CompletionCode u8

    /// <summary>The body size.</summary>
    public const int Length = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.UpdateSecurityRevision;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out UpdateSecurityRevisionResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new UpdateSecurityRevisionResponse((PldmCompletionCode)source[0]);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
}
