using Rampart.Wire.Spdm;

namespace Rampart.Host.Trace;

/// <summary>
/// What one SPDM connection of a capture has negotiated so far (DSP0274 §10.4: the version, and
/// H, S and D from the ALGORITHMS response), plus the request facts a response's layout depends
/// on (a measurement summary hash asked for, a signature asked for, handshake in the clear).
/// The trace decoder keeps one per connection, so later messages of that connection decode fully.
/// </summary>
internal sealed class SpdmTraceSession
{
    /// <summary>The negotiated sizes; null until an ALGORITHMS response was seen.</summary>
    public SpdmSizes? Sizes { get; private set; }

    /// <summary>The last CHALLENGE asked for a measurement summary hash.</summary>
    public bool ChallengeSummaryHash { get; set; }

    /// <summary>The last GET_MEASUREMENTS asked for a signature.</summary>
    public bool MeasurementsSigned { get; set; }

    /// <summary>The last KEY_EXCHANGE asked for a measurement summary hash.</summary>
    public bool KeyExchangeSummaryHash { get; set; }

    /// <summary>The requester's capability flags (GET_CAPABILITIES).</summary>
    public SpdmCapabilityFlags RequesterFlags { get; set; }

    /// <summary>The responder's capability flags (CAPABILITIES).</summary>
    public SpdmCapabilityFlags ResponderFlags { get; set; }

    /// <summary>Both sides set HANDSHAKE_IN_THE_CLEAR_CAP (FINISH and KEY_EXCHANGE_RSP then carry no ResponderVerifyData).</summary>
    public bool HandshakeInTheClear =>
        (RequesterFlags & ResponderFlags & SpdmCapabilityFlags.HandshakeInTheClear) != 0;

    /// <summary>Records the sizes from an ALGORITHMS response; false when an algorithm has no known size.</summary>
    public bool Negotiated(byte version, SpdmBaseHashAlgo hash, SpdmBaseAsymAlgo asym, SpdmDheGroup dhe)
    {
        var h = HashSize(hash);
        var s = SignatureSize(asym);
        if (h == 0 || s < 0)
        {
            Sizes = null;
            return false;
        }

        Sizes = new SpdmSizes(version, h, s, DheSize(dhe));
        return true;
    }

    /// <summary>H for a BaseHashSel (DSP0274 Table "BaseHashAlgo"); 0 when not exactly one known bit.</summary>
    public static int HashSize(SpdmBaseHashAlgo hash) => hash switch
    {
        SpdmBaseHashAlgo.Sha256 or SpdmBaseHashAlgo.Sha3_256 or SpdmBaseHashAlgo.Sm3_256 => 32,
        SpdmBaseHashAlgo.Sha384 or SpdmBaseHashAlgo.Sha3_384 => 48,
        SpdmBaseHashAlgo.Sha512 or SpdmBaseHashAlgo.Sha3_512 => 64,
        _ => 0,
    };

    /// <summary>S for a BaseAsymSel (0 when none was selected: no signatures); -1 when unknown.</summary>
    public static int SignatureSize(SpdmBaseAsymAlgo asym) => asym switch
    {
        SpdmBaseAsymAlgo.None => 0,
        SpdmBaseAsymAlgo.RsaSsa2048 or SpdmBaseAsymAlgo.RsaPss2048 => 256,
        SpdmBaseAsymAlgo.RsaSsa3072 or SpdmBaseAsymAlgo.RsaPss3072 => 384,
        SpdmBaseAsymAlgo.RsaSsa4096 or SpdmBaseAsymAlgo.RsaPss4096 => 512,
        SpdmBaseAsymAlgo.EcdsaP256 or SpdmBaseAsymAlgo.Sm2P256 or SpdmBaseAsymAlgo.Ed25519 => 64,
        SpdmBaseAsymAlgo.EcdsaP384 => 96,
        SpdmBaseAsymAlgo.EcdsaP521 => 132,
        SpdmBaseAsymAlgo.Ed448 => 114,
        _ => -1,
    };

    /// <summary>D for a DHE group (0 when none or unknown: KEY_EXCHANGE then does not decode).</summary>
    public static int DheSize(SpdmDheGroup dhe) => dhe switch
    {
        SpdmDheGroup.Ffdhe2048 => 256,
        SpdmDheGroup.Ffdhe3072 => 384,
        SpdmDheGroup.Ffdhe4096 => 512,
        SpdmDheGroup.Secp256r1 or SpdmDheGroup.Sm2P256 => 64,
        SpdmDheGroup.Secp384r1 => 96,
        SpdmDheGroup.Secp521r1 => 132,
        _ => 0,
    };
}

/// <summary>The SPDM sessions of one capture, one per connection (an unordered pair of endpoints).</summary>
internal sealed class SpdmTraceConnections
{
    private readonly Dictionary<(int, int), SpdmTraceSession> sessions = [];

    /// <summary>The session between endpoints <paramref name="a"/> and <paramref name="b"/> (either order).</summary>
    public SpdmTraceSession For(int a, int b)
    {
        var key = a <= b ? (a, b) : (b, a);
        if (!sessions.TryGetValue(key, out var session))
        {
            session = new SpdmTraceSession();
            sessions[key] = session;
        }

        return session;
    }
}
