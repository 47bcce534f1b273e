using System.Formats.Asn1;
using Rampart.Hal.Crypto;
using Rampart.Identity.Dice;
using Rampart.Wire;

namespace Rampart.Identity.X509;

/// <summary>
/// The signature AlgorithmIdentifier and signatureValue of certificates and CSRs
/// (RFC 5280 §4.1.1.2–3): ecdsa-with-SHA384 with an Ecdsa-Sig-Value (RFC 5758 §3.2,
/// RFC 3279 §2.2.3), or id-ml-dsa-87 with the raw signature (RFC 9881 §3).
/// </summary>
/// <remarks>
/// <code>
/// AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER }   -- parameters absent
/// Ecdsa-Sig-Value     ::= SEQUENCE { r INTEGER, s INTEGER }
/// </code>
/// </remarks>
public static class SignatureEncoding
{
    private const int ScalarSize = 48;

    /// <summary>The signature algorithm OID of a key algorithm.</summary>
    public static string AlgorithmOid(DiceKeyAlgorithm algorithm) => algorithm switch
    {
        DiceKeyAlgorithm.EccP384 => X509Oids.EcdsaWithSha384,
        DiceKeyAlgorithm.MlDsa87 => X509Oids.MlDsa87,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Maps a signature algorithm OID back; false for anything else.</summary>
    public static bool TryFromOid(string oid, out DiceKeyAlgorithm algorithm)
    {
        switch (oid)
        {
            case X509Oids.EcdsaWithSha384:
                algorithm = DiceKeyAlgorithm.EccP384;
                return true;
            case X509Oids.MlDsa87:
                algorithm = DiceKeyAlgorithm.MlDsa87;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }

    /// <summary>Writes the signature AlgorithmIdentifier.</summary>
    public static void WriteAlgorithmIdentifier(AsnWriter writer, DiceKeyAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(AlgorithmOid(algorithm));
        }
    }

    /// <summary>Signs <paramref name="message"/> and returns the signatureValue BIT STRING contents.</summary>
    public static byte[] SignToBitString(IDiceSigner signer, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var raw = new byte[signer.Algorithm.SignatureSize()];
        signer.Sign(message, raw);
        if (signer.Algorithm == DiceKeyAlgorithm.MlDsa87)
        {
            return raw;
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(Minimal(raw.AsSpan(0, ScalarSize)));
            writer.WriteIntegerUnsigned(Minimal(raw.AsSpan(ScalarSize, ScalarSize)));
        }

        return writer.Encode();
    }

    /// <summary>
    /// Turns signatureValue contents into the raw signature the engines take (r||s, or the
    /// ML-DSA signature). Never throws on bad bytes.
    /// </summary>
    public static WireStatus TryDecode(DiceKeyAlgorithm algorithm, ReadOnlyMemory<byte> bitString, Span<byte> raw)
    {
        if (raw.Length != algorithm.SignatureSize())
        {
            throw new ArgumentException("raw signature buffer has the wrong size", nameof(raw));
        }

        raw.Clear();
        if (algorithm == DiceKeyAlgorithm.MlDsa87)
        {
            if (bitString.Length != MlDsa87.SignatureSize)
            {
                return WireStatus.Invalid;
            }

            bitString.Span.CopyTo(raw);
            return WireStatus.Done;
        }

        try
        {
            var outer = new AsnReader(bitString, AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            var r = sequence.ReadIntegerBytes();
            var s = sequence.ReadIntegerBytes();
            if (outer.HasData || sequence.HasData || !TryPlaceScalar(r.Span, raw[..ScalarSize]) || !TryPlaceScalar(s.Span, raw[ScalarSize..]))
            {
                raw.Clear();
                return WireStatus.Invalid;
            }

            return WireStatus.Done;
        }
        catch (AsnContentException)
        {
            raw.Clear();
            return WireStatus.Invalid;
        }
    }

    /// <summary>Checks a raw signature of <paramref name="message"/> through the Hal engines.</summary>
    public static Verdict Verify(ICryptoEngines engines, DiceKeyAlgorithm algorithm, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(engines);
        if (publicKey.Length != algorithm.PublicKeySize() || signature.Length != algorithm.SignatureSize())
        {
            return Verdict.Invalid;
        }

        if (algorithm == DiceKeyAlgorithm.MlDsa87)
        {
            return engines.MlDsa.Verify(publicKey, message, signature);
        }

        Span<byte> digest = stackalloc byte[ScalarSize];
        engines.Sha.Hash(ShaAlgorithm.Sha384, message, digest);
        return engines.Ecc.Verify(publicKey, digest, signature);
    }

    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }

    private static bool TryPlaceScalar(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        if (integer.IsEmpty || (integer[0] & 0x80) != 0)
        {
            return false;
        }

        if (integer.Length == destination.Length + 1 && integer[0] == 0)
        {
            integer = integer[1..];
        }

        if (integer.Length > destination.Length)
        {
            return false;
        }

        integer.CopyTo(destination[(destination.Length - integer.Length)..]);
        return true;
    }
}
