using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// SET_AUTH_MANIFEST and VERIFY_AUTH_MANIFEST requests (caliptra-sw <c>SetAuthManifestReq</c>,
/// <c>VerifyAuthManifestReq</c>: the same layout). Senders may send the whole fixed-size struct;
/// bytes after the manifest are ignored.
/// <code>
/// +0 chksum(4) | +4 manifest_size(4) | +8 manifest[manifest_size] (at most 34 KiB)
/// </code>
/// </summary>
/// <param name="Manifest">The encoded SoC manifest.</param>
public sealed record AuthManifestRequest(ReadOnlyMemory<byte> Manifest)
{
    /// <summary>The largest manifest the request carries.</summary>
    public const int MaxManifestSize = 34 * 1024;

    /// <summary>Bytes before the manifest.</summary>
    public const int FixedSize = 8;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Manifest.Length;

    /// <summary>Writes the request for <paramref name="command"/> (SET_ or VERIFY_AUTH_MANIFEST).</summary>
    public bool TryWrite(CaliptraCommand command, Span<byte> destination, out int written)
    {
        written = 0;
        if (Manifest.Length > MaxManifestSize || destination.Length < EncodedSize)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, EncodedSize);
        writer.TryWriteU32((uint)Manifest.Length);
        writer.TryWriteBytes(Manifest.Span);
        return MailboxHeaders.TryFinishRequest(command, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out AuthManifestRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var size);
        if (size > MaxManifestSize)
        {
            return WireStatus.Invalid;
        }

        if (!reader.TryReadBytes((int)size, out var manifest))
        {
            return WireStatus.NeedMoreData;
        }

        value = new AuthManifestRequest(manifest.ToArray());
        return WireStatus.Done;
    }
}
