using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>Hash algorithm of the cryptographic mailbox (caliptra-sw <c>CmHashAlgorithm</c>).</summary>
public enum CmHashAlgorithm : uint
{
    /// <summary>Reserved (0).</summary>
    Reserved = 0,

    /// <summary>SHA-384.</summary>
    Sha384 = 1,

    /// <summary>SHA-512.</summary>
    Sha512 = 2,
}

/// <summary>What a cryptographic-mailbox key may be used for (caliptra-sw <c>CmKeyUsage</c>).</summary>
public enum CmKeyUsage : uint
{
    /// <summary>Reserved (0).</summary>
    Reserved = 0,

    /// <summary>HMAC and HKDF.</summary>
    Hmac = 1,

    /// <summary>AES.</summary>
    Aes = 2,

    /// <summary>ECDSA.</summary>
    Ecdsa = 3,

    /// <summary>ML-DSA.</summary>
    Mldsa = 4,

    /// <summary>ML-KEM.</summary>
    Mlkem = 5,
}

/// <summary>
/// A cryptographic-mailbox key handle (caliptra-sw <c>Cmk</c>, 128 bytes) or context (ECDH 76
/// bytes, AES-GCM 128 bytes). Caliptra seals the key itself into the field; Rampart keeps keys
/// inside the runtime and puts only an opaque handle there (decision 0250):
/// <code>
/// +0 handle(4, little-endian, never 0) | +4 zeros
/// </code>
/// A field whose tail is not zero, or whose handle is 0, names no key.
/// </summary>
/// <param name="Value">The handle; 0 is "none".</param>
public readonly record struct CmKeyHandle(uint Value)
{
    /// <summary>Size of a key (Cmk) field.</summary>
    public const int KeyFieldSize = 128;

    /// <summary>Size of an ECDH context field.</summary>
    public const int EcdhContextSize = 76;

    /// <summary>Size of an AES-GCM context field.</summary>
    public const int AesGcmContextSize = 128;

    /// <summary>True when the handle is not 0.</summary>
    public bool IsValid => Value != 0;

    /// <summary>Decodes a field; an invalid field gives handle 0.</summary>
    public static CmKeyHandle Decode(ReadOnlySpan<byte> field)
    {
        if (field.Length < 4 || field[4..].IndexOfAnyExcept((byte)0) >= 0)
        {
            return default;
        }

        return new CmKeyHandle(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(field));
    }

    /// <summary>Encodes the handle into a field (all of <paramref name="field"/>).</summary>
    public void Encode(Span<byte> field)
    {
        field.Clear();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(field, Value);
    }

    internal static CmKeyHandle Read(ref WireReader reader, int fieldSize)
    {
        reader.TryReadBytes(fieldSize, out var field);
        return Decode(field);
    }

    internal void Write(ref WireWriter writer, int fieldSize)
    {
        writer.TryWriteU32(Value);
        writer.TryWriteZeros(fieldSize - 4);
    }
}
