using System.Buffers.Binary;
using Rampart.Wire;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// How the requester a device must authenticate (<see cref="SpdmRequesterTrust"/>, DSP0274 §10.12
/// mutual authentication with the requester's chain provisioned) is stored in the device's
/// configuration and handed to its SPDM app (Rampart's own layout, decision 0277; not a DMTF
/// format). The chain is the SPDM certificate-chain format (DSP0274 Table 24), whose own Length
/// field must equal chain_length.
/// <code>
/// +0 format(1) = 1 | +1 req_slot_id(1, 0–7) | +2 chain_length(2, LE)
/// +4 public_key(96: the leaf's P-384 X || Y) | +100 chain[chain_length]
/// </code>
/// </summary>
public static class SpdmRequesterTrustRecord
{
    /// <summary>The only format byte this code writes and reads.</summary>
    public const byte Format = 1;

    /// <summary>Bytes before the chain.</summary>
    public const int HeaderSize = 100;

    /// <summary>The largest record (a chain of a few certificates fits many times over).</summary>
    public const int MaxSize = 8 * 1024;

    private const int PublicKeySize = 96;
    private const int SlotOffset = 1;
    private const int LengthOffset = 2;
    private const int KeyOffset = 4;

    /// <summary>Writes <paramref name="trust"/>; false when it does not fit, its key is not 96 bytes, its slot is not 0–7 or the record would exceed <see cref="MaxSize"/>.</summary>
    public static bool TryWrite(SpdmRequesterTrust trust, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(trust);
        written = 0;
        var chain = trust.CertificateChain.Span;
        var size = HeaderSize + chain.Length;
        if (trust.PublicKey.Length != PublicKeySize || trust.SlotId > 7 || size > MaxSize || destination.Length < size)
        {
            return false;
        }

        destination[0] = Format;
        destination[SlotOffset] = trust.SlotId;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[LengthOffset..], (ushort)chain.Length);
        trust.PublicKey.Span.CopyTo(destination[KeyOffset..]);
        chain.CopyTo(destination[HeaderSize..]);
        written = size;
        return true;
    }

    /// <summary>The record's bytes for <paramref name="trust"/>; throws when <see cref="TryWrite"/> would refuse it.</summary>
    public static byte[] Encode(SpdmRequesterTrust trust)
    {
        var buffer = new byte[MaxSize];
        if (!TryWrite(trust, buffer, out var written))
        {
            throw new ArgumentException($"the requester trust does not fit a record: a 96-byte key, slot 0-7, at most {MaxSize - HeaderSize} bytes of chain", nameof(trust));
        }

        return buffer[..written];
    }

    /// <summary>
    /// Reads a record (exactly its bytes); NeedMoreData when shorter than the header, Invalid when
    /// the format, slot or length disagree, or the chain's own Length field does not match.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> record, out SpdmRequesterTrust? trust)
    {
        trust = null;
        if (record.Length < HeaderSize)
        {
            return WireStatus.NeedMoreData;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(record[LengthOffset..]);
        if (record[0] != Format || record[SlotOffset] > 7 || record.Length > MaxSize || record.Length != HeaderSize + length
            || length < SpdmCertificateChain.HeaderSize || BinaryPrimitives.ReadUInt16LittleEndian(record[HeaderSize..]) != length)
        {
            return WireStatus.Invalid;
        }

        trust = new SpdmRequesterTrust
        {
            SlotId = record[SlotOffset],
            PublicKey = record.Slice(KeyOffset, PublicKeySize).ToArray(),
            CertificateChain = record[HeaderSize..].ToArray(),
        };
        return WireStatus.Done;
    }
}
