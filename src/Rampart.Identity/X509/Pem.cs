using System.Security.Cryptography;
using System.Text;

namespace Rampart.Identity.X509;

/// <summary>PEM text (RFC 7468) for certificates and CSRs, using the BCL's encoder.</summary>
public static class Pem
{
    /// <summary>RFC 7468 §5 label.</summary>
    public const string CertificateLabel = "CERTIFICATE";

    /// <summary>RFC 7468 §7 label.</summary>
    public const string CertificateRequestLabel = "CERTIFICATE REQUEST";

    /// <summary>One PEM block with a trailing newline.</summary>
    public static string Encode(string label, ReadOnlySpan<byte> der) => new string(PemEncoding.Write(label, der)) + "\n";

    /// <summary>Several certificates concatenated, in the given order.</summary>
    public static string EncodeCertificates(IEnumerable<ReadOnlyMemory<byte>> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var text = new StringBuilder();
        foreach (var certificate in certificates)
        {
            text.Append(Encode(CertificateLabel, certificate.Span));
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads every PEM block with <paramref name="label"/> from <paramref name="text"/>, in order.
    /// Blocks that are not valid base64 are skipped. Never throws on bad text.
    /// </summary>
    public static IReadOnlyList<byte[]> DecodeAll(string text, string label)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = new List<byte[]>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual(label))
            {
                var der = new byte[fields.DecodedDataLength];
                if (Convert.TryFromBase64Chars(rest[fields.Base64Data], der, out var written) && written == der.Length)
                {
                    blocks.Add(der);
                }
            }

            rest = rest[fields.Location.End..];
        }

        return blocks;
    }
}
