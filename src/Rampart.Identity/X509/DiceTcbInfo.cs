using System.Formats.Asn1;
using Rampart.Wire;

namespace Rampart.Identity.X509;

/// <summary>Operational flags of DiceTcbInfo (TCG DICE Attestation Architecture §6.1.1.1), as bit numbers of the BIT STRING.</summary>
[Flags]
public enum DiceOperationalFlags : uint
{
    /// <summary>No flag set: configured, secure, not recovery, not debug.</summary>
    None = 0x0000_0000,

    /// <summary>notConfigured (bit 0).</summary>
    NotConfigured = 0x0000_0001,

    /// <summary>notSecure (bit 1).</summary>
    NotSecure = 0x0000_0002,

    /// <summary>recovery (bit 2).</summary>
    Recovery = 0x0000_0004,

    /// <summary>debug (bit 3).</summary>
    Debug = 0x0000_0008,
}

/// <summary>
/// The TCG DiceTcbInfo extension, tcg-dice-TcbInfo 2.23.133.5.4.1 (TCG DICE Attestation
/// Architecture §6.1.1): what the issuing layer measured about the subject layer. Rampart
/// writes vendor, model, svn, layer, SHA-384 fwids and 32-bit fixed-width flags.
/// </summary>
/// <remarks>
/// <code>
/// DiceTcbInfo ::= SEQUENCE {
///   vendor  [0] IMPLICIT UTF8String OPTIONAL,
///   model   [1] IMPLICIT UTF8String OPTIONAL,
///   version [2] IMPLICIT UTF8String OPTIONAL,
///   svn     [3] IMPLICIT INTEGER OPTIONAL,
///   layer   [4] IMPLICIT INTEGER OPTIONAL,
///   index   [5] IMPLICIT INTEGER OPTIONAL,
///   fwids   [6] IMPLICIT SEQUENCE OF FWID OPTIONAL,   -- FWID ::= SEQUENCE { hashAlg OID, digest OCTET STRING }
///   flags   [7] IMPLICIT OperationalFlags OPTIONAL,   -- BIT STRING, 32 bits
///   vendorInfo [8], type [9], flagsMask [10] …  (read and skipped) }
/// </code>
/// </remarks>
/// <param name="Vendor">The vendor name.</param>
/// <param name="Model">The model (the layer's name).</param>
/// <param name="Svn">The security version number.</param>
/// <param name="Layer">The DICE layer number.</param>
/// <param name="Fwids">SHA-384 digests of what was measured (48 bytes each).</param>
/// <param name="Flags">Operational flags.</param>
public sealed record DiceTcbInfo(string? Vendor, string? Model, long? Svn, int? Layer, IReadOnlyList<ReadOnlyMemory<byte>> Fwids, DiceOperationalFlags Flags)
{
    private const int FlagsBytes = 4;
    private const int Sha384Size = 48;

    private static Asn1Tag Context(int number, bool constructed = false) => new(TagClass.ContextSpecific, number, constructed);

    /// <summary>Encodes the extension value (the contents of extnValue).</summary>
    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (Vendor is not null)
            {
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, Vendor, Context(0));
            }

            if (Model is not null)
            {
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, Model, Context(1));
            }

            if (Svn is { } svn)
            {
                writer.WriteInteger(svn, Context(3));
            }

            if (Layer is { } layer)
            {
                writer.WriteInteger(layer, Context(4));
            }

            if (Fwids.Count > 0)
            {
                using (writer.PushSequence(Context(6, constructed: true)))
                {
                    foreach (var fwid in Fwids)
                    {
                        if (fwid.Length != Sha384Size)
                        {
                            throw new InvalidOperationException("a fwid is a 48-byte SHA-384 digest");
                        }

                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(X509Oids.Sha384);
                            writer.WriteOctetString(fwid.Span);
                        }
                    }
                }
            }

            Span<byte> flags = stackalloc byte[FlagsBytes];
            for (var bit = 0; bit < 32; bit++)
            {
                if (((uint)Flags & (1u << bit)) != 0)
                {
                    flags[bit / 8] |= (byte)(0x80 >> (bit % 8));
                }
            }

            writer.WriteBitString(flags, 0, Context(7));
        }

        return writer.Encode();
    }

    /// <summary>Decodes an extension value. Never throws on bad bytes; on failure <paramref name="info"/> is null.</summary>
    public static WireStatus TryDecode(ReadOnlyMemory<byte> encoded, out DiceTcbInfo? info)
    {
        info = null;
        try
        {
            var outer = new AsnReader(encoded, AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            if (outer.HasData)
            {
                return WireStatus.Invalid;
            }

            string? vendor = null, model = null;
            long? svn = null;
            int? layer = null;
            var fwids = new List<ReadOnlyMemory<byte>>();
            var flags = DiceOperationalFlags.None;
            var lastTag = -1;
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific || tag.TagValue <= lastTag)
                {
                    return WireStatus.Invalid;
                }

                lastTag = tag.TagValue;
                switch (tag.TagValue)
                {
                    case 0:
                        vendor = sequence.ReadCharacterString(UniversalTagNumber.UTF8String, Context(0));
                        break;
                    case 1:
                        model = sequence.ReadCharacterString(UniversalTagNumber.UTF8String, Context(1));
                        break;
                    case 3:
                        if (!sequence.TryReadInt64(out var s, Context(3)))
                        {
                            return WireStatus.Unsupported;
                        }

                        svn = s;
                        break;
                    case 4:
                        if (!sequence.TryReadInt32(out var l, Context(4)))
                        {
                            return WireStatus.Unsupported;
                        }

                        layer = l;
                        break;
                    case 6:
                        var list = sequence.ReadSequence(Context(6, constructed: true));
                        while (list.HasData)
                        {
                            var fwid = list.ReadSequence();
                            var hash = fwid.ReadObjectIdentifier();
                            var digest = fwid.ReadOctetString();
                            if (fwid.HasData)
                            {
                                return WireStatus.Invalid;
                            }

                            if (hash != X509Oids.Sha384 || digest.Length != Sha384Size)
                            {
                                return WireStatus.Unsupported;
                            }

                            fwids.Add(digest);
                        }

                        break;
                    case 7:
                        var bits = sequence.ReadBitString(out _, Context(7));
                        var value = 0u;
                        for (var bit = 0; bit < Math.Min(32, bits.Length * 8); bit++)
                        {
                            if ((bits[bit / 8] & (0x80 >> (bit % 8))) != 0)
                            {
                                value |= 1u << bit;
                            }
                        }

                        flags = (DiceOperationalFlags)value;
                        break;
                    default:
                        sequence.ReadEncodedValue();
                        break;
                }
            }

            info = new DiceTcbInfo(vendor, model, svn, layer, fwids, flags);
            return WireStatus.Done;
        }
        catch (AsnContentException)
        {
            return WireStatus.Invalid;
        }
    }

    /// <summary>True when the fwids equal <paramref name="other"/>'s, in order.</summary>
    public bool FwidsEqual(DiceTcbInfo other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Fwids.Count != other.Fwids.Count)
        {
            return false;
        }

        for (var i = 0; i < Fwids.Count; i++)
        {
            if (!Fwids[i].Span.SequenceEqual(other.Fwids[i].Span))
            {
                return false;
            }
        }

        return true;
    }
}
