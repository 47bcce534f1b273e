using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// CM_ECDH_GENERATE response (caliptra-sw <c>CmEcdhGenerateResp</c>), 180 bytes; the request is
/// the bare header. The context names the ephemeral private key held inside the runtime.
/// <code>
/// +0 chksum(4) | +4 fips_status(4) | +8 context(76) | +84 exchange_data(96: x ‖ y)
/// </code>
/// </summary>
/// <param name="Context">The ephemeral key's handle.</param>
/// <param name="ExchangeData">The ephemeral public key.</param>
public sealed record CmEcdhGenerateResponse(CmKeyHandle Context, ReadOnlyMemory<byte> ExchangeData)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 180;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || ExchangeData.Length != 96)
        {
            return false;
        }

        var writer = MailboxHeaders.ResponseWriter(destination, Size);
        Context.Write(ref writer, CmKeyHandle.EcdhContextSize);
        writer.TryWriteBytes(ExchangeData.Span);
        return MailboxHeaders.TryFinishResponse(destination, Size, out written);
    }

    /// <summary>Reads the response.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out CmEcdhGenerateResponse? value)
    {
        value = null;
        if (response.Length != Size)
        {
            return response.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.ResponseBody(response);
        var context = CmKeyHandle.Read(ref reader, CmKeyHandle.EcdhContextSize);
        reader.TryReadBytes(96, out var exchange);
        value = new CmEcdhGenerateResponse(context, exchange.ToArray());
        return WireStatus.Done;
    }
}

/// <summary>
/// CM_ECDH_FINISH request (caliptra-sw <c>CmEcdhFinishReq</c>), 180 bytes; the response is a
/// <see cref="CmKeyResponse"/> naming the shared secret.
/// <code>
/// +0 chksum(4) | +4 context(76) | +80 key_usage(4) | +84 incoming_exchange_data(96)
/// </code>
/// </summary>
/// <param name="Context">The context from CM_ECDH_GENERATE.</param>
/// <param name="Usage">The shared secret's usage.</param>
/// <param name="PeerExchangeData">The peer's public key x ‖ y.</param>
public sealed record CmEcdhFinishRequest(CmKeyHandle Context, CmKeyUsage Usage, ReadOnlyMemory<byte> PeerExchangeData)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 180;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || PeerExchangeData.Length != 96)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        Context.Write(ref writer, CmKeyHandle.EcdhContextSize);
        writer.TryWriteU32((uint)Usage);
        writer.TryWriteBytes(PeerExchangeData.Span);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.CmEcdhFinish, destination, Size, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmEcdhFinishRequest? value)
    {
        value = null;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.RequestBody(request);
        var context = CmKeyHandle.Read(ref reader, CmKeyHandle.EcdhContextSize);
        reader.TryReadU32(out var usage);
        reader.TryReadBytes(96, out var peer);
        value = new CmEcdhFinishRequest(context, (CmKeyUsage)usage, peer.ToArray());
        return WireStatus.Done;
    }
}
