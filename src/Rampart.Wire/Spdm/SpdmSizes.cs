namespace Rampart.Wire.Spdm;

/// <summary>
/// The negotiated sizes some SPDM messages depend on (DSP0274 §10.4: H = hash size of
/// BaseHashSel, S = signature size of BaseAsymSel, D = exchange data size of the DHE group).
/// </summary>
/// <param name="Version">The negotiated SPDMVersion byte.</param>
/// <param name="HashSize">H, in bytes (48 for SHA-384).</param>
/// <param name="SignatureSize">S, in bytes (96 for ECDSA P-384).</param>
/// <param name="ExchangeDataSize">D, in bytes (96 for secp384r1: X || Y).</param>
public readonly record struct SpdmSizes(byte Version, int HashSize, int SignatureSize, int ExchangeDataSize)
{
    /// <summary>RequesterContext size added to CHALLENGE/GET_MEASUREMENTS and their responses in 1.3.</summary>
    public const int RequesterContextSize = 8;

    /// <summary>Nonce size.</summary>
    public const int NonceSize = 32;

    /// <summary>Random data size of KEY_EXCHANGE and KEY_EXCHANGE_RSP.</summary>
    public const int RandomDataSize = 32;

    /// <summary>The sizes Rampart negotiates: SHA-384, ECDSA P-384, secp384r1.</summary>
    public static SpdmSizes P384(byte version) => new(version, 48, 96, 96);

    /// <summary>The RequesterContext size for this version (0 before 1.3).</summary>
    public int ContextSize => Version >= SpdmVersion.V13 ? RequesterContextSize : 0;
}
