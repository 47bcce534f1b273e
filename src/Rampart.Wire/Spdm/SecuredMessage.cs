using System.Buffers.Binary;

namespace Rampart.Wire.Spdm;

/// <summary>
/// The DSP0277 secured-message record that carries SPDM and application data inside a session
/// (DSP0277 §6.2, Figure 2; MCTP message type 6 per DSP0275, DOE type 2).
/// </summary>
/// <remarks>
/// <code>
/// offset 0  SessionID (4: ReqSessionID low half, RspSessionID high half)
/// offset 4  SequenceNumber [N]        transport-defined: 2 bytes over MCTP, 0 over PCIe DOE
/// offset 4+N Length (2)               bytes of ciphertext + MAC
///           AEAD ciphertext of { ApplicationDataLength (2) | ApplicationData | RandomData }
///           MAC (16)
/// </code>
/// The additional authenticated data is everything before the ciphertext (SessionID,
/// SequenceNumber, Length). The AEAD itself is the crypto engine's job, not this codec's.
/// </remarks>
public readonly ref struct SecuredMessage
{
    /// <summary>AES-GCM tag size.</summary>
    public const int MacSize = 16;

    /// <summary>Bytes of the plaintext header inside the ciphertext (ApplicationDataLength).</summary>
    public const int InnerHeaderSize = 2;

    /// <summary>Sequence number bytes over MCTP (DSP0275).</summary>
    public const int MctpSequenceNumberSize = 2;

    /// <summary>The session id.</summary>
    public uint SessionId { get; init; }

    /// <summary>The transport's sequence number bytes (empty over DOE).</summary>
    public ReadOnlySpan<byte> SequenceNumber { get; init; }

    /// <summary>The additional authenticated data (the record header).</summary>
    public ReadOnlySpan<byte> AssociatedData { get; init; }

    /// <summary>The ciphertext (without the MAC).</summary>
    public ReadOnlySpan<byte> Ciphertext { get; init; }

    /// <summary>The MAC.</summary>
    public ReadOnlySpan<byte> Mac { get; init; }

    /// <summary>Bytes of the record.</summary>
    public int Length { get; init; }

    /// <summary>Size of the record header for a sequence number of <paramref name="sequenceNumberSize"/> bytes.</summary>
    public static int HeaderSize(int sequenceNumberSize) => 4 + sequenceNumberSize + 2;

    /// <summary>Reads a record; a Length shorter than the inner header plus MAC is Invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> record, int sequenceNumberSize, out SecuredMessage value)
    {
        value = default;
        var reader = new WireReader(record);
        if (!reader.TryReadU32(out var sessionId) || !reader.TryReadBytes(sequenceNumberSize, out var sequence) || !reader.TryReadU16(out var length))
        {
            return WireStatus.NeedMoreData;
        }

        if (length < InnerHeaderSize + MacSize)
        {
            return WireStatus.Invalid;
        }

        var headerSize = reader.Position;
        if (!reader.TryReadBytes(length - MacSize, out var ciphertext) || !reader.TryReadBytes(MacSize, out var mac))
        {
            return WireStatus.NeedMoreData;
        }

        value = new SecuredMessage
        {
            SessionId = sessionId,
            SequenceNumber = sequence,
            AssociatedData = record[..headerSize],
            Ciphertext = ciphertext,
            Mac = mac,
            Length = reader.Position,
        };
        return WireStatus.Done;
    }

    /// <summary>
    /// Writes the record header for a ciphertext of <paramref name="ciphertextLength"/> bytes;
    /// the sequence number is written little-endian in <paramref name="sequenceNumberSize"/> bytes.
    /// Returns the header size, or 0 when it does not fit.
    /// </summary>
    public static int WriteHeader(Span<byte> destination, uint sessionId, ulong sequenceNumber, int sequenceNumberSize, int ciphertextLength)
    {
        var size = HeaderSize(sequenceNumberSize);
        var length = ciphertextLength + MacSize;
        if (destination.Length < size || length > ushort.MaxValue || sequenceNumberSize is < 0 or > 8)
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, sessionId);
        for (var i = 0; i < sequenceNumberSize; i++)
        {
            destination[4 + i] = (byte)(sequenceNumber >> (8 * i));
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination[(4 + sequenceNumberSize)..], (ushort)length);
        return size;
    }

    /// <summary>Reads the application data out of a decrypted plaintext; a length past the end is Invalid.</summary>
    public static WireStatus TryReadPlaintext(ReadOnlySpan<byte> plaintext, out ReadOnlySpan<byte> applicationData)
    {
        applicationData = default;
        if (plaintext.Length < InnerHeaderSize)
        {
            return WireStatus.Invalid;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(plaintext);
        if (length > plaintext.Length - InnerHeaderSize)
        {
            return WireStatus.Invalid;
        }

        applicationData = plaintext.Slice(InnerHeaderSize, length);
        return WireStatus.Done;
    }
}
