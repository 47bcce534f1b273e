namespace Rampart.Wire;

/// <summary>
/// The outcome of decoding untrusted bytes (ARCHITECTURE.md §4). Decoders never throw on
/// input from a peer: they return one of these and, on anything but <see cref="Done"/>,
/// reset their outputs and consume nothing.
/// </summary>
public enum WireStatus
{
    /// <summary>The message was read completely and is well formed.</summary>
    Done = 1,

    /// <summary>The bytes end before the message does; more may arrive.</summary>
    NeedMoreData = 2,

    /// <summary>The bytes break a rule of the spec (length, reserved value, checksum).</summary>
    Invalid = 3,

    /// <summary>Well formed, but names a version, type or option this codec does not handle.</summary>
    Unsupported = 4,
}
