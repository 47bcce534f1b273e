namespace Rampart.Wire.Recovery;

/// <summary>
/// INDIRECT_DATA (0x2B) payload, OCP Secure Firmware Recovery 1.1 §9.2: 1–252 bytes of the
/// selected memory window at the current offset (the offset auto-increments).
/// </summary>
public static class IndirectData
{
    /// <summary>Smallest payload.</summary>
    public const int MinSize = 1;

    /// <summary>Largest payload (keeps 4-byte alignment).</summary>
    public const int MaxSize = 252;

    /// <summary>Checks the length; the bytes are opaque.</summary>
    public static WireStatus Validate(ReadOnlySpan<byte> payload) =>
        payload.Length < MinSize ? WireStatus.NeedMoreData
        : payload.Length > MaxSize ? WireStatus.Invalid
        : WireStatus.Done;
}
