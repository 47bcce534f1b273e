namespace Rampart.Protocols.Spdm;

/// <summary>
/// The requester a responder asks to authenticate itself in every KEY_EXCHANGE session
/// (DSP0274 §10.12, KEY_EXCHANGE_RSP MutAuthRequested bit 0 "mutual authentication without the
/// encapsulated request flow"): the requester's certificate chain is provisioned on the responder
/// beforehand, the responder names its slot in ReqSlotIDParam, and the requester signs FINISH
/// with that slot's key. The responder hashes <see cref="CertificateChain"/> into the session's
/// transcript (Hash(CM), DSP0274 §12) and checks the FINISH signature with
/// <see cref="PublicKey"/>. Whoever provisions this checked the chain; the responder does not.
/// </summary>
public sealed record SpdmRequesterTrust
{
    /// <summary>The requester's chain in the SPDM format (DSP0274 Table 24: Length, reserved, root hash, DER certificates root first).</summary>
    public required ReadOnlyMemory<byte> CertificateChain { get; init; }

    /// <summary>The chain's leaf ECC P-384 public key, X || Y (96 bytes).</summary>
    public required ReadOnlyMemory<byte> PublicKey { get; init; }

    /// <summary>ReqSlotIDParam: the requester's slot holding that chain (0–7).</summary>
    public byte SlotId { get; init; }
}
