namespace Rampart.Protocols.Mctp;

/// <summary>
/// The versions the endpoint reports in Get MCTP Version Support (DSP0236 §12; values from
/// REFERENCE.md, the Caliptra MCU's set). Entries are (major, minor, update, alpha) with BCD
/// fields under an 0xF high nibble; update 0xFF means "not given".
/// </summary>
public static class MctpVersionTable
{
    // Base specification (0xFF) and control (0x00): 1.0, 1.1, 1.2, 1.3.3.
    private static readonly byte[] Base =
    [
        0xF1, 0xF0, 0xFF, 0x00,
        0xF1, 0xF1, 0xFF, 0x00,
        0xF1, 0xF2, 0xFF, 0x00,
        0xF1, 0xF3, 0xF3, 0x00,
    ];

    // PLDM over MCTP (DSP0241) 1.0.0.
    private static readonly byte[] Pldm = [0xF1, 0xF0, 0xF0, 0x00];

    // SPDM over MCTP (DSP0275) 1.0.2.
    private static readonly byte[] Spdm = [0xF1, 0xF0, 0xF2, 0x00];

    // Secured messages using SPDM over MCTP (DSP0276) 2.0.0.
    private static readonly byte[] SecuredSpdm = [0xF2, 0xF0, 0xF0, 0x00];

    /// <summary>The version entries for <paramref name="messageTypeNumber"/>; false when that type is not supported (CC 0x80).</summary>
    public static bool TryGet(byte messageTypeNumber, out ReadOnlySpan<byte> entries)
    {
        entries = messageTypeNumber switch
        {
            0xFF or 0x00 => Base,
            0x01 => Pldm,
            0x05 => Spdm,
            0x06 => SecuredSpdm,
            _ => default,
        };
        return !entries.IsEmpty;
    }
}
