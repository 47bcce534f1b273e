using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// QUOTE_PCRS_ECC384 request (caliptra-sw <c>QuotePcrsEcc384Req</c>), 36 bytes.
/// <code>
/// +0 chksum(4) | +4 nonce(32)
/// </code>
/// </summary>
/// <param name="Nonce">The verifier's 32-byte nonce.</param>
public sealed record QuotePcrsRequest(ReadOnlyMemory<byte> Nonce)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 36;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Nonce.Length != 32)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        writer.TryWriteBytes(Nonce.Span);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.QuotePcrsEcc384, destination, Size, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out QuotePcrsRequest? value)
    {
        value = null;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        value = new QuotePcrsRequest(request[4..].ToArray());
        return WireStatus.Done;
    }
}

/// <summary>
/// QUOTE_PCRS_ECC384 response (caliptra-sw <c>QuotePcrsEcc384Resp</c>), 1848 bytes. In Rampart
/// <c>digest</c> is SHA-384 of the PCR quote message (all 32 PCRs then the nonce, Hal
/// <c>PcrQuoteMessage</c>) and r‖s is the RT alias key's ECDSA P-384 signature over it; the reset
/// counters are zero (Rampart keeps none).
/// <code>
///    +0 chksum(4) | +4 fips_status(4) | +8 pcrs(32 × 48) | +1544 nonce(32)
/// +1576 reset_ctrs(32 × 4) | +1704 digest(48) | +1752 signature_r(48) | +1800 signature_s(48)
/// </code>
/// </summary>
/// <param name="Pcrs">The 32 PCR values, 1536 bytes.</param>
/// <param name="Nonce">The nonce.</param>
/// <param name="ResetCounters">32 reset counters.</param>
/// <param name="Digest">The signed digest.</param>
/// <param name="Signature">r ‖ s, 96 bytes.</param>
public sealed record QuotePcrsResponse(ReadOnlyMemory<byte> Pcrs, ReadOnlyMemory<byte> Nonce, IReadOnlyList<uint> ResetCounters, ReadOnlyMemory<byte> Digest, ReadOnlyMemory<byte> Signature)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 1848;

    /// <summary>PCR count.</summary>
    public const int PcrCount = 32;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Pcrs.Length != PcrCount * 48 || Nonce.Length != 32 || ResetCounters.Count != PcrCount
            || Digest.Length != 48 || Signature.Length != 96)
        {
            return false;
        }

        var writer = MailboxHeaders.ResponseWriter(destination, Size);
        writer.TryWriteBytes(Pcrs.Span);
        writer.TryWriteBytes(Nonce.Span);
        foreach (var counter in ResetCounters)
        {
            writer.TryWriteU32(counter);
        }

        writer.TryWriteBytes(Digest.Span);
        writer.TryWriteBytes(Signature.Span);
        return MailboxHeaders.TryFinishResponse(destination, Size, out written);
    }

    /// <summary>Reads the response.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out QuotePcrsResponse? value)
    {
        value = null;
        if (response.Length != Size)
        {
            return response.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.ResponseBody(response);
        reader.TryReadBytes(PcrCount * 48, out var pcrs);
        reader.TryReadBytes(32, out var nonce);
        var counters = new uint[PcrCount];
        for (var i = 0; i < PcrCount; i++)
        {
            reader.TryReadU32(out counters[i]);
        }

        reader.TryReadBytes(48, out var digest);
        reader.TryReadBytes(96, out var signature);
        value = new QuotePcrsResponse(pcrs.ToArray(), nonce.ToArray(), counters, digest.ToArray(), signature.ToArray());
        return WireStatus.Done;
    }
}
