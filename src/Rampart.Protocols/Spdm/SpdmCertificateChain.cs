using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// The SPDM certificate chain format (DSP0274 §10.7.1, Table 24): <c>Length(2) | reserved(2) |
/// RootHash[H] | DER certificates, root first, leaf last</c>; building one and reading it back.
/// </summary>
public static class SpdmCertificateChain
{
    /// <summary>Bytes before the root hash.</summary>
    public const int HeaderSize = 4;

    /// <summary>Builds the SPDM chain of <paramref name="certificates"/> (root first) with the root's hash.</summary>
    public static byte[] Build(IReadOnlyList<byte[]> certificates, ISpdmCrypto crypto)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(crypto);
        if (certificates.Count == 0)
        {
            throw new ArgumentException("a chain needs at least one certificate", nameof(certificates));
        }

        var h = crypto.HashSize;
        var length = HeaderSize + h + certificates.Sum(c => c.Length);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("chain longer than 65535 bytes", nameof(certificates));
        }

        var chain = new byte[length];
        chain[0] = (byte)length;
        chain[1] = (byte)(length >> 8);
        crypto.Hash(certificates[0], chain.AsSpan(HeaderSize, h));
        var offset = HeaderSize + h;
        foreach (var certificate in certificates)
        {
            certificate.CopyTo(chain, offset);
            offset += certificate.Length;
        }

        return chain;
    }

    /// <summary>
    /// Splits a chain into its DER certificates; false when the header length disagrees, the
    /// root hash does not match the first certificate, or a certificate is not a DER SEQUENCE.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> chain, ISpdmCrypto crypto, out List<byte[]> certificates, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(crypto);
        certificates = [];
        reason = null;
        var h = crypto.HashSize;
        if (chain.Length < HeaderSize + h || (chain[0] | (chain[1] << 8)) != chain.Length)
        {
            reason = "chain length field does not match the chain";
            return false;
        }

        var rest = chain[(HeaderSize + h)..];
        while (!rest.IsEmpty)
        {
            try
            {
                AsnDecoder.ReadEncodedValue(rest, AsnEncodingRules.DER, out _, out _, out var consumed);
                certificates.Add(rest[..consumed].ToArray());
                rest = rest[consumed..];
            }
            catch (AsnContentException)
            {
                reason = $"certificate {certificates.Count} is not valid DER";
                certificates.Clear();
                return false;
            }
        }

        if (certificates.Count == 0)
        {
            reason = "chain holds no certificate";
            return false;
        }

        Span<byte> rootHash = stackalloc byte[h];
        crypto.Hash(certificates[0], rootHash);
        if (!CryptographicOperations.FixedTimeEquals(rootHash, chain.Slice(HeaderSize, h)))
        {
            reason = "root hash does not match the first certificate";
            certificates.Clear();
            return false;
        }

        return true;
    }

    /// <summary>The leaf's ECC P-384 public key as X||Y; false when the leaf is not a P-384 certificate.</summary>
    public static bool TryGetLeafP384PublicKey(IReadOnlyList<byte[]> certificates, out byte[] publicKey)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        publicKey = [];
        if (certificates.Count == 0)
        {
            return false;
        }

        try
        {
            using var leaf = X509CertificateLoader.LoadCertificate(certificates[^1]);
            using var key = leaf.GetECDsaPublicKey();
            if (key is null)
            {
                return false;
            }

            var parameters = key.ExportParameters(false);
            if (parameters.Q.X is not { Length: 48 } x || parameters.Q.Y is not { Length: 48 } y)
            {
                return false;
            }

            publicKey = [.. x, .. y];
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
