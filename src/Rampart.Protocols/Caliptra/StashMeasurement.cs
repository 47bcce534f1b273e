using System.Buffers.Binary;
using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// STASH_MEASUREMENT request (caliptra-sw <c>StashMeasurementReq</c>), 108 bytes.
/// <code>
/// +0 chksum(4) | +4 metadata(4) | +8 measurement(48) | +56 context(48) | +104 svn(4)
/// </code>
/// </summary>
/// <param name="Metadata">Four bytes of caller metadata (a tag).</param>
/// <param name="Measurement">The 48-byte measurement.</param>
/// <param name="Context">48 bytes of context.</param>
/// <param name="Svn">The SVN of what was measured.</param>
public sealed record StashMeasurementRequest(uint Metadata, ReadOnlyMemory<byte> Measurement, ReadOnlyMemory<byte> Context, uint Svn)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 108;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Measurement.Length != 48 || Context.Length != 48)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        writer.TryWriteU32(Metadata);
        writer.TryWriteBytes(Measurement.Span);
        writer.TryWriteBytes(Context.Span);
        writer.TryWriteU32(Svn);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.StashMeasurement, destination, Size, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out StashMeasurementRequest? value)
    {
        value = null;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var metadata);
        reader.TryReadBytes(48, out var measurement);
        reader.TryReadBytes(48, out var context);
        reader.TryReadU32(out var svn);
        value = new StashMeasurementRequest(metadata, measurement.ToArray(), context.ToArray(), svn);
        return WireStatus.Done;
    }
}

/// <summary>
/// STASH_MEASUREMENT response (caliptra-sw <c>StashMeasurementResp</c>), 12 bytes.
/// <code>
/// +0 chksum(4) | +4 fips_status(4) | +8 dpe_result(4) (0 = success)
/// </code>
/// </summary>
/// <param name="DpeResult">0 on success.</param>
public readonly record struct StashMeasurementResponse(uint DpeResult)
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

        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], DpeResult);
        return MailboxHeaders.TryFinishResponse(destination, Size, out written);
    }

    /// <summary>Reads the response.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out StashMeasurementResponse value)
    {
        value = default;
        if (response.Length != Size)
        {
            return response.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        value = new StashMeasurementResponse(BinaryPrimitives.ReadUInt32LittleEndian(response[8..]));
        return WireStatus.Done;
    }
}
