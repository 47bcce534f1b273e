namespace Rampart.Wire.Recovery;

/// <summary>
/// VENDOR (0x2C) payload, OCP Secure Firmware Recovery 1.1 §9.2: 1–255 vendor-defined bytes.
/// </summary>
public static class VendorCommand
{
    /// <summary>Smallest payload.</summary>
    public const int MinSize = 1;

    /// <summary>Largest payload.</summary>
    public const int MaxSize = 255;

    /// <summary>Checks the length; the bytes are opaque.</summary>
    public static WireStatus Validate(ReadOnlySpan<byte> payload) =>
        payload.Length < MinSize ? WireStatus.NeedMoreData
        : payload.Length > MaxSize ? WireStatus.Invalid
        : WireStatus.Done;
}
