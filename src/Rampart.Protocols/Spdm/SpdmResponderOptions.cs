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

    /// <summary>True to ask for mutual authentication in KEY_EXCHANGE_RSP; off unless told (SPDM-EMU.md).</summary>
    public bool MutualAuthentication { get; init; }
}
