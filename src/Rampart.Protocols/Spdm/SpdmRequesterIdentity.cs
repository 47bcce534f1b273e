namespace Rampart.Protocols.Spdm;

/// <summary>
/// What a requester answers mutual authentication with (DSP0274 §10.12–10.13, MutAuthRequested
/// bit 0): its certificate chain, which the responder already holds (it enters the transcript as
/// Hash(CM)), and a signer for FINISH. A requester with an identity advertises MUT_AUTH_CAP;
/// without one it advertises nothing of the kind and refuses a responder that asks.
/// </summary>
public sealed record SpdmRequesterIdentity
{
    /// <summary>The requester's chain in the SPDM format (DSP0274 Table 24).</summary>
    public required ReadOnlyMemory<byte> CertificateChain { get; init; }

    /// <summary>The slot that chain is in (the responder's ReqSlotIDParam must name it).</summary>
    public byte SlotId { get; init; }

    /// <summary>
    /// Signs a message with the chain's leaf key: ECDSA P-384 over SHA-384 of the message,
    /// r || s (96 bytes) into the destination.
    /// </summary>
    public required Func<ReadOnlyMemory<byte>, Memory<byte>, ValueTask> SignAsync { get; init; }
}
