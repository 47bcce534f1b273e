using System.Formats.Asn1;

namespace Rampart.Identity.X509;

/// <summary>
/// The distinguished names of DICE certificates (RFC 5280 §4.1.2.4): a common name naming the
/// layer and algorithm, then the serialNumber attribute holding the key-derived hex identifier
/// (<see cref="KeyIdentifiers.SubjectSerialNumber"/>); development issuers add an organization.
/// </summary>
/// <remarks>
/// <code>
/// Name ::= SEQUENCE OF SET { SEQUENCE { type OID, value } }
///   [O  UTF8String "…"]            -- only when given
///   CN UTF8String   "Rampart ECC384 IDevID"
///   serialNumber PrintableString "3F…"   (64 hex digits)
/// </code>
/// </remarks>
public static class DiceName
{
    /// <summary>Encodes the name.</summary>
    public static byte[] Encode(string commonName, string serialNumber, string? organization = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        ArgumentException.ThrowIfNullOrEmpty(serialNumber);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (organization is not null)
            {
                Attribute(writer, X509Oids.Organization, organization, UniversalTagNumber.UTF8String);
            }

            Attribute(writer, X509Oids.CommonName, commonName, UniversalTagNumber.UTF8String);
            Attribute(writer, X509Oids.SerialNumber, serialNumber, UniversalTagNumber.PrintableString);
        }

        return writer.Encode();
    }

    /// <summary>The first common name in a DER Name, or null when it has none or is malformed. Never throws.</summary>
    public static string? CommonNameOf(ReadOnlyMemory<byte> name)
    {
        try
        {
            var sequence = new AsnReader(name, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var set = sequence.ReadSetOf();
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    var oid = attribute.ReadObjectIdentifier();
                    if (oid == X509Oids.CommonName)
                    {
                        return attribute.ReadCharacterString(UniversalTagNumber.UTF8String);
                    }
                }
            }

            return null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static void Attribute(AsnWriter writer, string oid, string value, UniversalTagNumber type)
    {
        using (writer.PushSetOf())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(oid);
                writer.WriteCharacterString(type, value);
            }
        }
    }
}
