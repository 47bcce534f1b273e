namespace Rampart.Hal.Peripherals;

/// <summary>What the host asked of the debug port before power-on (straps: sampled, never written by firmware).</summary>
[Flags]
public enum DebugStraps : uint
{
    /// <summary>Nothing asked: the default.</summary>
    None = 0,

    /// <summary>Export each new SPDM session's DHE secret for DMTF's spdm_dump (honoured on a development chip only).</summary>
    SpdmSessionSecrets = 1u << 0,
}

/// <summary>What a debug-port record carries.</summary>
public enum DebugChannel : uint
{
    /// <summary>An SPDM session's DHE secret, or its refusal (<c>SpdmSessionSecretRecord</c>).</summary>
    SpdmSessionSecret = 1,
}

/// <summary>
/// The chip's debug output as MCU firmware sees it (a UART or trace port on silicon, decision 0276):
/// firmware writes records, a probe on the host side reads them. Nothing flows back but the straps
/// the host set before power-on; a record on a channel whose strap is off is refused by the port.
/// </summary>
public interface IDebugPort
{
    /// <summary>The straps the host set.</summary>
    DebugStraps Straps { get; }

    /// <summary>Writes one record; false when its channel is not strapped on or it is larger than the port takes.</summary>
    bool TryWrite(DebugChannel channel, ReadOnlySpan<byte> record);
}
