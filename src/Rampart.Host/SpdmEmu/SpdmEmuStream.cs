using System.Buffers.Binary;
using Rampart.Wire;
using Rampart.Wire.Bindings;

namespace Rampart.Host.SpdmEmu;

/// <summary>
/// Reads and writes spdm-emu socket frames (SPDM-EMU.md) on a stream: reads until a whole frame
/// has arrived (DMTF's tools send the three words and the payload separately) and writes each
/// frame in one call, so Nagle's algorithm never holds half a frame.
/// </summary>
public sealed class SpdmEmuStream
{
    private readonly Stream _stream;
    private readonly int _maxPayload;
    private readonly byte[] _header = new byte[SpdmEmuFrameHeader.Size];

    /// <summary>Wraps <paramref name="stream"/>; payloads above <paramref name="maxPayload"/> are refused.</summary>
    public SpdmEmuStream(Stream stream, int maxPayload = SpdmEmuFrameHeader.DefaultMaxPayloadSize)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _maxPayload = maxPayload;
    }

    /// <summary>One frame as read.</summary>
    /// <param name="Status">Done; NeedMoreData when the peer closed the connection; Invalid for an oversized frame.</param>
    public readonly record struct Frame(WireStatus Status, SpdmEmuCommand Command, SpdmEmuTransport Transport, byte[] Payload);

    /// <summary>Reads one frame.</summary>
    public async ValueTask<Frame> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await ReadExactlyAsync(_header, cancellationToken))
        {
            return new Frame(WireStatus.NeedMoreData, 0, 0, []);
        }

        var status = SpdmEmuFrameHeader.TryRead(_header, out var header, _maxPayload);
        if (status != WireStatus.Done)
        {
            return new Frame(WireStatus.Invalid, 0, 0, []);
        }

        var payload = new byte[header.PayloadSize];
        if (!await ReadExactlyAsync(payload, cancellationToken))
        {
            return new Frame(WireStatus.NeedMoreData, 0, 0, []);
        }

        return new Frame(WireStatus.Done, header.Command, header.Transport, payload);
    }

    /// <summary>Writes one frame in a single write.</summary>
    public async ValueTask WriteAsync(SpdmEmuCommand command, SpdmEmuTransport transport, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = new byte[SpdmEmuFrameHeader.Size + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)command);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)transport);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), (uint)payload.Length);
        payload.Span.CopyTo(frame.AsSpan(SpdmEmuFrameHeader.Size));
        await _stream.WriteAsync(frame, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    private async ValueTask<bool> ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer[read..], cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
