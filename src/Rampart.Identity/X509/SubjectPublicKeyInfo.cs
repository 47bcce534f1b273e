using System.Formats.Asn1;
using Rampart.Hal.Crypto;
using Rampart.Identity.Dice;
using Rampart.Wire;

namespace Rampart.Identity.X509;

/// <summary>
/// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) for the two DICE key types: ECC P-384
/// (RFC 5480 §2) and ML-DSA-87 (RFC 9881 §4).
/// </summary>
/// <remarks>
/// <code>
/// SubjectPublicKeyInfo ::= SEQUENCE {
///     algorithm         SEQUENCE { id-ecPublicKey, secp384r1 }   -- ECC
///                     | SEQUENCE { id-ml-dsa-87 }                -- ML-DSA, parameters absent
///     subjectPublicKey  BIT STRING }  -- 04 || x || y (97 bytes) | the 2592-byte ML-DSA key
/// </code>
/// </remarks>
public static class SubjectPublicKeyInfo
{
    /// <summary>The uncompressed-point marker of SEC 1 §2.3.3.</summary>
    public const byte UncompressedPoint = 0x04;

    /// <summary>Writes the SubjectPublicKeyInfo of a raw public key.</summary>
    public static void Write(AsnWriter writer, DiceKeyAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (publicKey.Length != algorithm.PublicKeySize())
        {
            throw new ArgumentException("public key has the wrong size for its algorithm", nameof(publicKey));
        }

        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                if (algorithm == DiceKeyAlgorithm.EccP384)
                {
                    writer.WriteObjectIdentifier(X509Oids.EcPublicKey);
                    writer.WriteObjectIdentifier(X509Oids.Secp384r1);
                }
                else
                {
                    writer.WriteObjectIdentifier(X509Oids.MlDsa87);
                }
            }

            writer.WriteBitString(KeyBits(algorithm, publicKey));
        }
    }

    /// <summary>The BIT STRING contents for a raw key: 04||x||y for ECC, the key itself for ML-DSA.</summary>
    public static byte[] KeyBits(DiceKeyAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        if (algorithm != DiceKeyAlgorithm.EccP384)
        {
            return publicKey.ToArray();
        }

        var bits = new byte[1 + P384.PublicKeySize];
        bits[0] = UncompressedPoint;
        publicKey.CopyTo(bits.AsSpan(1));
        return bits;
    }

    /// <summary>
    /// Reads a SubjectPublicKeyInfo. On <see cref="WireStatus.Done"/> gives the algorithm and
    /// the raw key (x||y for ECC); anything else resets both. Never throws on bad bytes.
    /// </summary>
    public static WireStatus TryRead(ReadOnlyMemory<byte> encoded, out DiceKeyAlgorithm algorithm, out ReadOnlyMemory<byte> publicKey)
    {
        algorithm = default;
        publicKey = default;
        try
        {
            var outer = new AsnReader(encoded, AsnEncodingRules.DER);
            var spki = outer.ReadSequence();
            if (outer.HasData)
            {
                return WireStatus.Invalid;
            }

            var algorithmId = spki.ReadSequence();
            var oid = algorithmId.ReadObjectIdentifier();
            DiceKeyAlgorithm found;
            if (oid == X509Oids.EcPublicKey)
            {
                if (algorithmId.ReadObjectIdentifier() != X509Oids.Secp384r1)
                {
                    return WireStatus.Unsupported;
                }

                found = DiceKeyAlgorithm.EccP384;
            }
            else if (oid == X509Oids.MlDsa87)
            {
                found = DiceKeyAlgorithm.MlDsa87;
            }
            else
            {
                return WireStatus.Unsupported;
            }

            if (algorithmId.HasData)
            {
                return WireStatus.Invalid;
            }

            if (!spki.TryReadPrimitiveBitString(out var unused, out var bits) || unused != 0 || spki.HasData)
            {
                return WireStatus.Invalid;
            }

            if (found == DiceKeyAlgorithm.EccP384)
            {
                if (bits.Length != 1 + P384.PublicKeySize || bits.Span[0] != UncompressedPoint)
                {
                    return WireStatus.Invalid;
                }

                bits = bits[1..];
            }
            else if (bits.Length != MlDsa87.PublicKeySize)
            {
                return WireStatus.Invalid;
            }

            algorithm = found;
            publicKey = bits;
            return WireStatus.Done;
        }
        catch (AsnContentException)
        {
            return WireStatus.Invalid;
        }
    }
}
