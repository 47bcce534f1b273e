using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// CM_HKDF_EXTRACT request (caliptra-sw <c>CmHkdfExtractReq</c>), 264 bytes; the response is a
/// <see cref="CmKeyResponse"/> naming the PRK.
/// <code>
/// +0 chksum(4) | +4 hash_algorithm(4) | +8 salt cmk(128) | +136 ikm cmk(128)
/// </code>
/// </summary>
/// <param name="Algorithm">SHA-384 or SHA-512.</param>
/// <param name="Salt">The salt key.</param>
/// <param name="InputKeyMaterial">The input key material.</param>
public readonly record struct CmHkdfExtractRequest(CmHashAlgorithm Algorithm, CmKeyHandle Salt, CmKeyHandle InputKeyMaterial)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 264;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        writer.TryWriteU32((uint)Algorithm);
        Salt.Write(ref writer, CmKeyHandle.KeyFieldSize);
        InputKeyMaterial.Write(ref writer, CmKeyHandle.KeyFieldSize);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.CmHkdfExtract, destination, Size, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmHkdfExtractRequest value)
    {
        value = default;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var algorithm);
        var salt = CmKeyHandle.Read(ref reader, CmKeyHandle.KeyFieldSize);
        var ikm = CmKeyHandle.Read(ref reader, CmKeyHandle.KeyFieldSize);
        value = new CmHkdfExtractRequest((CmHashAlgorithm)algorithm, salt, ikm);
        return WireStatus.Done;
    }
}

/// <summary>
/// CM_HKDF_EXPAND request (caliptra-sw <c>CmHkdfExpandReq</c>); the response is a
/// <see cref="CmKeyResponse"/> naming the output key.
/// <code>
/// +0 chksum(4) | +4 prk cmk(128) | +132 hash_algorithm(4) | +136 key_usage(4) | +140 key_size(4)
/// +144 info_size(4) | +148 info[info_size] (at most 4096)
/// </code>
/// </summary>
/// <param name="Prk">The pseudo-random key.</param>
/// <param name="Algorithm">SHA-384 or SHA-512.</param>
/// <param name="Usage">The output key's usage.</param>
/// <param name="KeySize">Output key bytes (1–64).</param>
/// <param name="Info">The info string.</param>
public sealed record CmHkdfExpandRequest(CmKeyHandle Prk, CmHashAlgorithm Algorithm, CmKeyUsage Usage, uint KeySize, ReadOnlyMemory<byte> Info)
{
    /// <summary>Bytes before the info.</summary>
    public const int FixedSize = 148;

    /// <summary>Largest info.</summary>
    public const int MaxInfoSize = 4096;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Info.Length;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < EncodedSize || Info.Length > MaxInfoSize)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, EncodedSize);
        Prk.Write(ref writer, CmKeyHandle.KeyFieldSize);
        writer.TryWriteU32((uint)Algorithm);
        writer.TryWriteU32((uint)Usage);
        writer.TryWriteU32(KeySize);
        writer.TryWriteU32((uint)Info.Length);
        writer.TryWriteBytes(Info.Span);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.CmHkdfExpand, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmHkdfExpandRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.RequestBody(request);
        var prk = CmKeyHandle.Read(ref reader, CmKeyHandle.KeyFieldSize);
        reader.TryReadU32(out var algorithm);
        reader.TryReadU32(out var usage);
        reader.TryReadU32(out var keySize);
        reader.TryReadU32(out var size);
        if (size > MaxInfoSize)
        {
            return WireStatus.Invalid;
        }

        if (!reader.TryReadBytes((int)size, out var info))
        {
            return WireStatus.NeedMoreData;
        }

        value = new CmHkdfExpandRequest(prk, (CmHashAlgorithm)algorithm, (CmKeyUsage)usage, keySize, info.ToArray());
        return WireStatus.Done;
    }
}
