namespace Rampart.Protocols.Spdm;

/// <summary>Where a secure session stands (DSP0274 §12.1).</summary>
public enum SpdmSessionState
{
    /// <summary>No session.</summary>
    None = 0,

    /// <summary>KEY_EXCHANGE_RSP / PSK_EXCHANGE_RSP sent; FINISH / PSK_FINISH expected.</summary>
    Handshaking = 1,

    /// <summary>Application data flows under the data keys.</summary>
    Established = 2,
}

/// <summary>What a secured-message transport puts around the SPDM payload (DSP0275 MCTP, PCIe DOE).</summary>
/// <param name="SequenceNumberSize">Sequence-number bytes on the wire: 2 over MCTP, 0 over DOE.</param>
/// <param name="MaxRandomPadding">Random padding appended inside the ciphertext: up to 32 over MCTP, 0 over DOE.</param>
/// <param name="MctpTypeInside">True when the application data starts with the MCTP message type (0x05) as DSP0275 requires.</param>
public readonly record struct SecuredTransportProfile(int SequenceNumberSize, int MaxRandomPadding, bool MctpTypeInside)
{
    /// <summary>The MCTP message type of SPDM inside a secured MCTP record.</summary>
    public const byte MctpSpdmType = 0x05;

    /// <summary>Secured SPDM over MCTP (message type 6).</summary>
    public static SecuredTransportProfile Mctp => new(2, 32, true);

    /// <summary>Secured SPDM over PCIe DOE (data object type 2).</summary>
    public static SecuredTransportProfile Doe => new(0, 0, false);
}
