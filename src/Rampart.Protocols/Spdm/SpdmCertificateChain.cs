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

    /// <summary>Builds the SPDM chain of <paramref name="certificates"/> (root first), hashing the root with <paramref name="crypto"/>.</summary>
    public static async ValueTask<byte[]> BuildAsync(IReadOnlyList<byte[]> certificates, ISpdmCrypto crypto)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(crypto);
        if (certificates.Count == 0)
        {
            throw new ArgumentException("a chain needs at least one certificate", nameof(certificates));
        }

        var rootHash = new byte[crypto.HashSize];
        await crypto.HashAsync(certificates[0], rootHash);
        return Build(certificates, rootHash);
    }

    /// <summary>Builds the SPDM chain of <paramref name="certificates"/> (root first) with the root's hash already computed.</summary>
    public static byte[] Build(IReadOnlyList<byte[]> certificates, ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        if (certificates.Count == 0)
        {
            throw new ArgumentException("a chain needs at least one certificate", nameof(certificates));
        }

        var h = rootHash.Length;
        var length = HeaderSize + h + certificates.Sum(c => c.Length);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("chain longer than 65535 bytes", nameof(certificates));
        }

        var chain = new byte[length];
        chain[0] = (byte)length;
        chain[1] = (byte)(length >> 8);
        rootHash.CopyTo(chain.AsSpan(HeaderSize, h));
        var offset = HeaderSize + h;
        foreach (var certificate in certificates)
        {
            certificate.CopyTo(chain, offset);
            offset += certificate.Length;
        }

        return chain;
    }

    /// <summary>
    /// Splits a chain into its DER certificates and checks the root hash; not Ok when the
    /// header length disagrees, the root hash does not match the first certificate, or a
    /// certificate is not a DER SEQUENCE (then Reason says which and Certificates is empty).
    /// </summary>
    public static async ValueTask<(bool Ok, List<byte[]> Certificates, string? Reason)> TrySplitAsync(ReadOnlyMemory<byte> chain, ISpdmCrypto crypto)
    {
        ArgumentNullException.ThrowIfNull(crypto);
        var h = crypto.HashSize;
        if (!TryParse(chain.Span, h, out var certificates, out var reason))
        {
            return (false, certificates, reason);
        }

        var rootHash = new byte[h];
        await crypto.HashAsync(certificates[0], rootHash);
        if (!CryptographicOperations.FixedTimeEquals(rootHash, chain.Span.Slice(HeaderSize, h)))
        {
            certificates.Clear();
            return (false, certificates, "root hash does not match the first certificate");
        }

        return (true, certificates, null);
    }

    /// <summary>
    /// Splits a chain whose root hash is <paramref name="hashSize"/> bytes into its DER
    /// certificates, without checking that hash; false when the header length disagrees, a
    /// certificate is not a DER SEQUENCE, or there is none.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> chain, int hashSize, out List<byte[]> certificates, out string? reason)
    {
        certificates = [];
        reason = null;
        if (chain.Length < HeaderSize + hashSize || (chain[0] | (chain[1] << 8)) != chain.Length)
        {
            reason = "chain length field does not match the chain";
            return false;
        }

        return TrySplitDer(chain[(HeaderSize + hashSize)..], out certificates, out reason);
    }

    /// <summary>
    /// Splits concatenated DER certificates (root first, as in a chain's body or a DER bundle
    /// file); false when one is not valid DER or there is none, with the reason.
    /// </summary>
    public static bool TrySplitDer(ReadOnlySpan<byte> der, out List<byte[]> certificates, out string? reason)
    {
        certificates = [];
        reason = null;
        while (!der.IsEmpty)
        {
            try
            {
                AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out _, out _, out var consumed);
                certificates.Add(der[..consumed].ToArray());
                der = der[consumed..];
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
