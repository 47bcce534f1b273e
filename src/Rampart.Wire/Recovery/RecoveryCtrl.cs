namespace Rampart.Wire.Recovery;

/// <summary>RECOVERY_CTRL byte 1, recovery image selection (OCP Secure Firmware Recovery 1.1 §9.2).</summary>
public enum RecoveryImageSelection : byte
{
    /// <summary>No operation.</summary>
    None = 0x00,

    /// <summary>Use the recovery image in the memory window (CMS).</summary>
    FromCms = 0x01,

    /// <summary>Use the recovery image stored on the device (C-image).</summary>
    StoredOnDevice = 0x02,
}

/// <summary>RECOVERY_CTRL byte 2, activate.</summary>
public enum RecoveryActivation : byte
{
    /// <summary>Do not activate.</summary>
    None = 0x00,

    /// <summary>Activate the recovery image.</summary>
    Activate = 0x0F,
}

/// <summary>
/// RECOVERY_CTRL (0x26) payload, OCP Secure Firmware Recovery 1.1 §9.2: component memory
/// space, image selection and activation, one byte each.
/// </summary>
public readonly record struct RecoveryCtrl(byte Cms, RecoveryImageSelection Selection, RecoveryActivation Activation)
{
    // +0    +1          +2
    // | CMS | selection | activate |
    private const int CmsOffset = 0;
    private const int SelectionOffset = 1;
    private const int ActivationOffset = 2;

    /// <summary>The fixed payload size.</summary>
    public const int Size = 3;

    /// <summary>Decodes exactly <see cref="Size"/> bytes; values are kept as received.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out RecoveryCtrl value)
    {
        value = default;
        if (payload.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        if (payload.Length > Size)
        {
            return WireStatus.Invalid;
        }

        value = new RecoveryCtrl(payload[CmsOffset], (RecoveryImageSelection)payload[SelectionOffset], (RecoveryActivation)payload[ActivationOffset]);
        return WireStatus.Done;
    }

    /// <summary>Encodes; false (nothing written) if it does not fit.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        destination[CmsOffset] = Cms;
        destination[SelectionOffset] = (byte)Selection;
        destination[ActivationOffset] = (byte)Activation;
        written = Size;
        return true;
    }
}
