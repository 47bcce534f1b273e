using Rampart.Hal.Crypto;

namespace Rampart.Images.Signing;

/// <summary>
/// How Caliptra signs and checks a region with an ECC + PQC pair: ECC P-384 and LMS sign the
/// SHA-384 of the region, ML-DSA-87 signs its SHA-512 (caliptra-sw image verifier).
/// Signatures go into the fixed fields Caliptra reserves (96 bytes ECC, 4628 bytes PQC).
/// </summary>
public static class HybridSignature
{
    /// <summary>Signs <paramref name="data"/> into the two signature fields (cleared first).</summary>
    public static void Sign(IShaEngine sha, HybridSigningKeys keys, ReadOnlySpan<byte> data, Span<byte> eccField, Span<byte> pqcField)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(keys);
        Span<byte> digest384 = stackalloc byte[48];
        sha.Hash(ShaAlgorithm.Sha384, data, digest384);
        eccField[..P384.SignatureSize].Clear();
        keys.Ecc.Sign(digest384, eccField);
        pqcField[..PqcFieldSizes.SignatureField].Clear();
        if (keys.Pqc.KeyType == PqcKeyType.MlDsa87)
        {
            Span<byte> digest512 = stackalloc byte[64];
            sha.Hash(ShaAlgorithm.Sha512, data, digest512);
            keys.Pqc.Sign(digest512, pqcField);
        }
        else
        {
            keys.Pqc.Sign(digest384, pqcField);
        }
    }

    /// <summary>Checks an ECC signature field over a SHA-384 digest.</summary>
    public static Verdict VerifyEcc(IEccEngine ecc, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> digest384, ReadOnlySpan<byte> eccField)
    {
        ArgumentNullException.ThrowIfNull(ecc);
        return ecc.Verify(publicKey[..P384.PublicKeySize], digest384, eccField[..P384.SignatureSize]);
    }

    /// <summary>
    /// Checks a PQC signature field: ML-DSA-87 over <paramref name="digest512"/>, LMS over
    /// <paramref name="digest384"/>. The public key field holds the key in its prefix.
    /// </summary>
    public static Verdict VerifyPqc(ICryptoEngines engines, PqcKeyType type, ReadOnlySpan<byte> publicKeyField, ReadOnlySpan<byte> digest384, ReadOnlySpan<byte> digest512, ReadOnlySpan<byte> pqcField)
    {
        ArgumentNullException.ThrowIfNull(engines);
        switch (type)
        {
            case PqcKeyType.MlDsa87:
                if (pqcField[MlDsa87.SignatureSize..PqcFieldSizes.SignatureField].IndexOfAnyExcept((byte)0) >= 0)
                {
                    return Verdict.Invalid;
                }

                return engines.MlDsa.Verify(publicKeyField[..MlDsa87.PublicKeySize], digest512, pqcField[..MlDsa87.SignatureSize]);
            case PqcKeyType.Lms:
                var length = LmsSignatureLength.Read(pqcField[..PqcFieldSizes.SignatureField]);
                if (length == 0 || pqcField[length..PqcFieldSizes.SignatureField].IndexOfAnyExcept((byte)0) >= 0)
                {
                    return Verdict.Invalid;
                }

                return engines.Lms.Verify(publicKeyField[..PqcFieldSizes.LmsPublicKey], digest384, pqcField[..length]);
            default:
                return Verdict.Invalid;
        }
    }
}
