using System.Formats.Asn1;
using Rampart.Wire;

namespace Rampart.Identity.X509;

/// <summary>
/// The TCG Ueid extension, tcg-dice-Ueid 2.23.133.5.4.4 (TCG DICE Attestation Architecture
/// §6.1.2): the device's universal entity ID (Caliptra takes it from the IDevID fuses).
/// </summary>
/// <remarks>
/// <code>
/// TcgUeid ::= SEQUENCE { ueid OCTET STRING }
/// </code>
/// </remarks>
public static class TcgUeid
{
    /// <summary>Size of a Caliptra UEID: a type byte (0x01, random) and 16 bytes.</summary>
    public const int CaliptraUeidSize = 17;

    /// <summary>UEID type byte for a random UEID (EAT, RFC 9711 §4.2.1).</summary>
    public const byte RandomType = 0x01;

    /// <summary>Encodes the extension value.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> ueid)
    {
        if (ueid.IsEmpty)
        {
            throw new ArgumentException("a UEID is not empty", nameof(ueid));
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteOctetString(ueid);
        }

        return writer.Encode();
    }

    /// <summary>Decodes the extension value. Never throws on bad bytes.</summary>
    public static WireStatus TryDecode(ReadOnlyMemory<byte> encoded, out ReadOnlyMemory<byte> ueid)
    {
        ueid = default;
        try
        {
            var outer = new AsnReader(encoded, AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            if (!sequence.TryReadPrimitiveOctetString(out var value) || sequence.HasData || outer.HasData || value.IsEmpty)
            {
                return WireStatus.Invalid;
            }

            ueid = value;
            return WireStatus.Done;
        }
        catch (AsnContentException)
        {
            return WireStatus.Invalid;
        }
    }
}
