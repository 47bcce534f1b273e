using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// CM_ECDSA_SIGN request (caliptra-sw <c>CmEcdsaSignReq</c>): Caliptra signs SHA-384 of the
/// message. Rampart accepts <see cref="RtAliasKey"/> as the key to sign with the RT alias key
/// (the key SPDM's responder signs with), which never leaves the key vault.
/// <code>
/// +0 chksum(4) | +4 cmk(128) | +132 message_size(4) | +136 message[message_size] (at most 4096)
/// </code>
/// </summary>
/// <param name="Key">The signing key.</param>
/// <param name="Message">The message.</param>
public sealed record CmEcdsaSignRequest(CmKeyHandle Key, ReadOnlyMemory<byte> Message)
{
    /// <summary>The reserved handle of the RT alias ECC key.</summary>
    public static readonly CmKeyHandle RtAliasKey = new(0xA11A_5EC1);

    /// <summary>Bytes before the message.</summary>
    public const int FixedSize = 136;

    /// <summary>Largest message.</summary>
    public const int MaxMessageSize = 4096;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Message.Length;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < EncodedSize || Message.Length > MaxMessageSize)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, EncodedSize);
        Key.Write(ref writer, CmKeyHandle.KeyFieldSize);
        writer.TryWriteU32((uint)Message.Length);
        writer.TryWriteBytes(Message.Span);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.CmEcdsaSign, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmEcdsaSignRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.RequestBody(request);
        var key = CmKeyHandle.Read(ref reader, CmKeyHandle.KeyFieldSize);
        reader.TryReadU32(out var size);
        if (size > MaxMessageSize)
        {
            return WireStatus.Invalid;
        }

        if (!reader.TryReadBytes((int)size, out var message))
        {
            return WireStatus.NeedMoreData;
        }

        value = new CmEcdsaSignRequest(key, message.ToArray());
        return WireStatus.Done;
    }
}

/// <summary>
/// CM_ECDSA_SIGN response (caliptra-sw <c>CmEcdsaSignResp</c>), 104 bytes.
/// <code>
/// +0 chksum(4) | +4 fips_status(4) | +8 signature_r(48) | +56 signature_s(48)
/// </code>
/// </summary>
/// <param name="Signature">r ‖ s.</param>
public sealed record CmEcdsaSignResponse(ReadOnlyMemory<byte> Signature)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 104;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Signature.Length != 96)
        {
            return false;
        }

        Signature.Span.CopyTo(destination[8..]);
        return MailboxHeaders.TryFinishResponse(destination, Size, out written);
    }

    /// <summary>Reads the response.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out CmEcdsaSignResponse? value)
    {
        value = null;
        if (response.Length != Size)
        {
            return response.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        value = new CmEcdsaSignResponse(response.Slice(8, 96).ToArray());
        return WireStatus.Done;
    }
}
