namespace Rampart.Protocols.Spdm;

/// <summary>
/// One new session's DHE secret, exported for DMTF's spdm_dump (decision 0276): what its
/// <c>--dhe_secret</c> option takes, the raw ECDH shared secret (the x coordinate, 48 bytes for
/// secp384r1) before HKDF-Extract.
/// </summary>
/// <param name="SessionId">The session: ReqSessionID | RspSessionID &lt;&lt; 16 (DSP0277 session id).</param>
/// <param name="Secret">The shared secret; null when the crypto provider refused to export it.</param>
public sealed record SpdmDheSecretExport(uint SessionId, byte[]? Secret)
{
    /// <summary>True when the crypto provider refused (a production chip, decision 0276).</summary>
    public bool Refused => Secret is null;

    /// <summary>
    /// When <paramref name="sink"/> is set, asks <paramref name="crypto"/> for the bytes of
    /// <paramref name="sharedSecret"/> and hands them (or the refusal) to the sink; with no sink the
    /// provider is never asked. Both engines call it between ECDH and the key schedule.
    /// </summary>
    public static async ValueTask ExportAsync(ISpdmDheSecretSink? sink, ISpdmCrypto crypto, uint sessionId, SpdmSecret sharedSecret)
    {
        ArgumentNullException.ThrowIfNull(crypto);
        if (sink is null)
        {
            return;
        }

        await sink.WriteAsync(new SpdmDheSecretExport(sessionId, await crypto.TryExportDheSecretAsync(sharedSecret)));
    }
}

/// <summary>Where an SPDM engine puts the DHE secrets of the sessions it opens (decision 0276).</summary>
public interface ISpdmDheSecretSink
{
    /// <summary>Takes one session's secret, or its refusal, in the order sessions are opened.</summary>
    ValueTask WriteAsync(SpdmDheSecretExport export);
}
