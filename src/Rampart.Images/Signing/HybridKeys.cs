namespace Rampart.Images.Signing;

/// <summary>An ECC P-384 key paired with a PQC key: what signs every Caliptra image (vendor or owner).</summary>
/// <param name="Ecc">The ECC P-384 key.</param>
/// <param name="Pqc">The ML-DSA-87 or LMS key.</param>
public sealed record HybridSigningKeys(EccSigner Ecc, IPqcSigner Pqc);

/// <summary>The public half of a <see cref="HybridSigningKeys"/>: what a verifier trusts.</summary>
/// <param name="EccPublicKey">96 bytes x || y.</param>
/// <param name="PqcType">The PQC algorithm.</param>
/// <param name="PqcPublicKey">The encoded PQC key (2592 bytes ML-DSA-87, 48 bytes LMS).</param>
public sealed record HybridPublicKeys(ReadOnlyMemory<byte> EccPublicKey, PqcKeyType PqcType, ReadOnlyMemory<byte> PqcPublicKey)
{
    /// <summary>The public keys of a signing key pair.</summary>
    public static HybridPublicKeys Of(HybridSigningKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new HybridPublicKeys(keys.Ecc.PublicKey, keys.Pqc.KeyType, keys.Pqc.PublicKey);
    }
}
