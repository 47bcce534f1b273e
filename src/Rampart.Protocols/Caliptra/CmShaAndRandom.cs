using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// CM_SHA request (caliptra-sw <c>CmShaReq</c>, one-shot); the response is a
/// <see cref="VariableDataResponse"/> with the digest.
/// <code>
/// +0 chksum(4) | +4 hash_algorithm(4) | +8 input_size(4) | +12 input[input_size]
/// </code>
/// </summary>
/// <param name="Algorithm">SHA-384 or SHA-512.</param>
/// <param name="Input">The data.</param>
public sealed record CmShaRequest(CmHashAlgorithm Algorithm, ReadOnlyMemory<byte> Input)
{
    /// <summary>Bytes before the input.</summary>
    public const int FixedSize = 12;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Input.Length;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < EncodedSize)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, EncodedSize);
        writer.TryWriteU32((uint)Algorithm);
        writer.TryWriteU32((uint)Input.Length);
        writer.TryWriteBytes(Input.Span);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.CmSha, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmShaRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var algorithm);
        reader.TryReadU32(out var size);
        if (size > (uint)reader.Remaining)
        {
            return WireStatus.NeedMoreData;
        }

        reader.TryReadBytes((int)size, out var input);
        value = new CmShaRequest((CmHashAlgorithm)algorithm, input.ToArray());
        return WireStatus.Done;
    }
}

/// <summary>
/// CM_RANDOM_GENERATE request (caliptra-sw <c>CmRandomGenerateReq</c>), 8 bytes; the response is
/// a <see cref="VariableDataResponse"/> with the bytes.
/// <code>
/// +0 chksum(4) | +4 size(4) (at most 4096)
/// </code>
/// </summary>
/// <param name="Length">Bytes wanted.</param>
public readonly record struct CmRandomGenerateRequest(uint Length)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 8;

    /// <summary>The most bytes one request returns.</summary>
    public const int MaxLength = 4096;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        writer.TryWriteU32(Length);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.CmRandomGenerate, destination, Size, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmRandomGenerateRequest value)
    {
        value = default;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var length);
        if (length > MaxLength)
        {
            return WireStatus.Invalid;
        }

        value = new CmRandomGenerateRequest(length);
        return WireStatus.Done;
    }
}
