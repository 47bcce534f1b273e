using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// EXTEND_PCR request (caliptra-sw <c>ExtendPcrReq</c>), 56 bytes; the response is the bare header.
/// <code>
/// +0 chksum(4) | +4 pcr_idx(4) | +8 data(48)
/// </code>
/// </summary>
/// <param name="PcrIndex">The PCR to extend.</param>
/// <param name="Data">48 bytes to extend with.</param>
public sealed record ExtendPcrRequest(uint PcrIndex, ReadOnlyMemory<byte> Data)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 56;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Data.Length != 48)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        writer.TryWriteU32(PcrIndex);
        writer.TryWriteBytes(Data.Span);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.ExtendPcr, destination, Size, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out ExtendPcrRequest? value)
    {
        value = null;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var index);
        reader.TryReadBytes(48, out var data);
        value = new ExtendPcrRequest(index, data.ToArray());
        return WireStatus.Done;
    }
}
