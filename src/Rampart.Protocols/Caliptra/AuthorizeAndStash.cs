using System.Buffers.Binary;
using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>Where AUTHORIZE_AND_STASH takes the image digest from (caliptra-sw <c>ImageHashSource</c>).</summary>
public enum ImageHashSource : uint
{
    /// <summary>Invalid (0).</summary>
    Invalid = 0,

    /// <summary>The digest is the request's measurement field.</summary>
    InRequest = 1,

    /// <summary>Caliptra hashes image_size bytes at the manifest entry's load address.</summary>
    LoadAddress = 2,

    /// <summary>Caliptra hashes image_size bytes at the manifest entry's staging address.</summary>
    StagingAddress = 3,
}

/// <summary>AUTHORIZE_AND_STASH's auth_req_result (caliptra-sw runtime <c>authorize_and_stash.rs</c>).</summary>
public enum AuthorizationResult : uint
{
    /// <summary>IMAGE_AUTHORIZED: fw_id found and digest matched (or the entry ignores the check).</summary>
    Authorized = 0xDEAD_C0DE,

    /// <summary>IMAGE_NOT_AUTHORIZED: fw_id not in the manifest (or no manifest).</summary>
    NotAuthorized = 0x2152_3F21,

    /// <summary>IMAGE_HASH_MISMATCH: fw_id found, digest differs.</summary>
    HashMismatch = 0x8BFB_95CB,
}

/// <summary>
/// AUTHORIZE_AND_STASH request (caliptra-sw <c>AuthorizeAndStashReq</c>), 120 bytes.
/// <code>
///  +0 chksum(4) | +4 fw_id(4) | +8 measurement(48) | +56 context(48)
/// +104 svn(4) | +108 flags(4: bit0 SKIP_STASH) | +112 source(4) | +116 image_size(4)
/// </code>
/// </summary>
/// <param name="FwId">The firmware id (the manifest entry's fw_id).</param>
/// <param name="Measurement">The image digest when <paramref name="Source"/> is <see cref="ImageHashSource.InRequest"/>.</param>
/// <param name="Context">DPE context (stashed with the measurement).</param>
/// <param name="Svn">The image SVN.</param>
/// <param name="Flags">Bit 0: skip the stash.</param>
/// <param name="Source">Where the digest comes from.</param>
/// <param name="ImageSize">Bytes to hash at the load/staging address.</param>
public sealed record AuthorizeAndStashRequest(
    uint FwId, ReadOnlyMemory<byte> Measurement, ReadOnlyMemory<byte> Context, uint Svn, uint Flags, ImageHashSource Source, uint ImageSize)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 120;

    /// <summary>flags bit 0: authorize only, do not stash the measurement.</summary>
    public const uint SkipStash = 0x1;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Measurement.Length != 48 || Context.Length != 48)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        writer.TryWriteU32(FwId);
        writer.TryWriteBytes(Measurement.Span);
        writer.TryWriteBytes(Context.Span);
        writer.TryWriteU32(Svn);
        writer.TryWriteU32(Flags);
        writer.TryWriteU32((uint)Source);
        writer.TryWriteU32(ImageSize);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.AuthorizeAndStash, destination, Size, out written);
    }

    /// <summary>Reads the request (exactly <see cref="Size"/> bytes).</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out AuthorizeAndStashRequest? value)
    {
        value = null;
        if (request.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        if (request.Length != Size)
        {
            return WireStatus.Invalid;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var fwId);
        reader.TryReadBytes(48, out var measurement);
        reader.TryReadBytes(48, out var context);
        reader.TryReadU32(out var svn);
        reader.TryReadU32(out var flags);
        reader.TryReadU32(out var source);
        reader.TryReadU32(out var size);
        value = new AuthorizeAndStashRequest(fwId, measurement.ToArray(), context.ToArray(), svn, flags, (ImageHashSource)source, size);
        return WireStatus.Done;
    }
}

/// <summary>
/// AUTHORIZE_AND_STASH response (caliptra-sw <c>AuthorizeAndStashResp</c>), 12 bytes.
/// <code>
/// +0 chksum(4) | +4 fips_status(4) | +8 auth_req_result(4)
/// </code>
/// </summary>
/// <param name="Result">The authorization result.</param>
public readonly record struct AuthorizeAndStashResponse(AuthorizationResult Result)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 12;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], (uint)Result);
        return MailboxHeaders.TryFinishResponse(destination, Size, out written);
    }

    /// <summary>Reads the response.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out AuthorizeAndStashResponse value)
    {
        value = default;
        if (response.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        if (response.Length != Size)
        {
            return WireStatus.Invalid;
        }

        value = new AuthorizeAndStashResponse((AuthorizationResult)BinaryPrimitives.ReadUInt32LittleEndian(response[8..]));
        return WireStatus.Done;
    }
}
