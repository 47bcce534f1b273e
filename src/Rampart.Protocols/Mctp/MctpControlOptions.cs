namespace Rampart.Protocols.Mctp;

/// <summary>What an <see cref="MctpControlResponder"/> advertises (defaults: the Caliptra MCU's set, REFERENCE.md).</summary>
public sealed record MctpControlOptions
{
    /// <summary>The Caliptra vendor IANA enterprise number (OCP's, 0xA67F).</summary>
    public const uint CaliptraIana = 0xA67F;

    /// <summary>The endpoint's UUID (Get Endpoint UUID); fixed per device, never generated at run time.</summary>
    public Guid Uuid { get; init; }

    /// <summary>
    /// Message types listed by Get Message Type Support: control, PLDM, SPDM, secured SPDM, vendor IANA.
    /// </summary>
    public ReadOnlyMemory<byte> MessageTypes { get; init; } = new byte[] { 0x00, 0x01, 0x05, 0x06, 0x7F };

    /// <summary>The vendor IANA number of Get Vendor Defined Message Support set 0.</summary>
    public uint VendorIana { get; init; } = CaliptraIana;

    /// <summary>The vendor command set type reported with it.</summary>
    public ushort VendorCommandSetType { get; init; } = 0x0001;

    /// <summary>An EID assigned at manufacture; 0 when the EID is dynamic only.</summary>
    public byte StaticEid { get; init; }
}
