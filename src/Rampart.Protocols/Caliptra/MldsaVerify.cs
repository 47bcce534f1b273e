using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// MLDSA87_SIGNATURE_VERIFY request (caliptra-sw <c>MldsaVerifyReq</c>); success is the bare
/// response header, a bad signature fails the command. The signature field is 4628 bytes
/// (4627 used, one of padding).
/// <code>
/// +0 chksum(4) | +4 pub_key(2592) | +2596 signature(4628) | +7224 message_size(4) | +7228 message[message_size] (at most 4096)
/// </code>
/// </summary>
/// <param name="PublicKey">The ML-DSA-87 public key.</param>
/// <param name="Signature">The 4628-byte signature field.</param>
/// <param name="Message">The signed message.</param>
public sealed record MldsaVerifyRequest(ReadOnlyMemory<byte> PublicKey, ReadOnlyMemory<byte> Signature, ReadOnlyMemory<byte> Message)
{
    /// <summary>Public key size.</summary>
    public const int PublicKeySize = 2592;

    /// <summary>Signature field size.</summary>
    public const int SignatureFieldSize = 4628;

    /// <summary>Largest message.</summary>
    public const int MaxMessageSize = 4096;

    /// <summary>Bytes before the message.</summary>
    public const int FixedSize = 4 + PublicKeySize + SignatureFieldSize + 4;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Message.Length;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (PublicKey.Length != PublicKeySize || Signature.Length != SignatureFieldSize || Message.Length > MaxMessageSize || destination.Length < EncodedSize)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, EncodedSize);
        writer.TryWriteBytes(PublicKey.Span);
        writer.TryWriteBytes(Signature.Span);
        writer.TryWriteU32((uint)Message.Length);
        writer.TryWriteBytes(Message.Span);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.Mldsa87SignatureVerify, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request (bytes after the message are ignored: senders may send the whole struct).</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out MldsaVerifyRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadBytes(PublicKeySize, out var key);
        reader.TryReadBytes(SignatureFieldSize, out var signature);
        reader.TryReadU32(out var size);
        if (size > MaxMessageSize)
        {
            return WireStatus.Invalid;
        }

        if (!reader.TryReadBytes((int)size, out var message))
        {
            return WireStatus.NeedMoreData;
        }

        value = new MldsaVerifyRequest(key.ToArray(), signature.ToArray(), message.ToArray());
        return WireStatus.Done;
    }
}
