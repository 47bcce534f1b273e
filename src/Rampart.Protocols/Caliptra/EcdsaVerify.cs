using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// ECDSA384_SIGNATURE_VERIFY request (caliptra-sw <c>EcdsaVerifyReq</c>), 244 bytes; success is
/// the bare response header, a bad signature fails the command.
/// <code>
/// +0 chksum(4) | +4 pub_key_x(48) | +52 pub_key_y(48) | +100 signature_r(48) | +148 signature_s(48) | +196 hash(48)
/// </code>
/// </summary>
/// <param name="PublicKey">x ‖ y, 96 bytes.</param>
/// <param name="Signature">r ‖ s, 96 bytes.</param>
/// <param name="Hash">The SHA-384 digest signed.</param>
public sealed record EcdsaVerifyRequest(ReadOnlyMemory<byte> PublicKey, ReadOnlyMemory<byte> Signature, ReadOnlyMemory<byte> Hash)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 244;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || PublicKey.Length != 96 || Signature.Length != 96 || Hash.Length != 48)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        writer.TryWriteBytes(PublicKey.Span);
        writer.TryWriteBytes(Signature.Span);
        writer.TryWriteBytes(Hash.Span);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.Ecdsa384SignatureVerify, destination, Size, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out EcdsaVerifyRequest? value)
    {
        value = null;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        value = new EcdsaVerifyRequest(request.Slice(4, 96).ToArray(), request.Slice(100, 96).ToArray(), request.Slice(196, 48).ToArray());
        return WireStatus.Done;
    }
}
