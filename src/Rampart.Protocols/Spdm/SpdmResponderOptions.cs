using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>How a responder presents itself (GET_CAPABILITIES answer, versions, limits).</summary>
public sealed record SpdmResponderOptions
{
    /// <summary>Versions offered in VERSION, lowest first.</summary>
    public IReadOnlyList<byte> Versions { get; init; } = [SpdmVersion.V12, SpdmVersion.V13];

    /// <summary>CTExponent: cryptographic timeout 2^x µs.</summary>
    public byte CtExponent { get; init; } = 14;

    /// <summary>Capabilities advertised.</summary>
    public SpdmCapabilityFlags Flags { get; init; } =
        SpdmCapabilityFlags.Cert | SpdmCapabilityFlags.Chal | SpdmCapabilityFlags.MeasSig | SpdmCapabilityFlags.MeasFresh |
        SpdmCapabilityFlags.Encrypt | SpdmCapabilityFlags.Mac | SpdmCapabilityFlags.KeyEx | SpdmCapabilityFlags.Psk |
        SpdmCapabilityFlags.Hbeat | SpdmCapabilityFlags.KeyUpd | SpdmCapabilityFlags.Csr | SpdmCapabilityFlags.SetCert;

    /// <summary>DataTransferSize = MaxSPDMmsgSize: the largest message in one transfer (no chunking).</summary>
    public uint DataTransferSize { get; init; } = 4096;

    /// <summary>HeartbeatPeriod in seconds advertised in KEY_EXCHANGE_RSP / PSK_EXCHANGE_RSP.</summary>
    public byte HeartbeatPeriod { get; init; } = 10;

    /// <summary>Most sessions open at once.</summary>
    public int MaxSessions { get; init; } = 4;

    /// <summary>
    /// The requester every KEY_EXCHANGE session must authenticate as (MUT_AUTH_CAP is then
    /// advertised and KEY_EXCHANGE_RSP asks for it); null, the default, never asks (SPDM-EMU.md).
    /// </summary>
    public SpdmRequesterTrust? MutualAuthentication { get; init; }
}
