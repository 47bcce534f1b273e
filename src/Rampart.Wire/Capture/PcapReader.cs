namespace Rampart.Wire.Capture;

/// <summary>One record of a pcap file.</summary>
/// <param name="Index">Record number, from 0.</param>
/// <param name="Offset">File offset of the record header.</param>
/// <param name="TimestampMicroseconds">Timestamp in microseconds (nanosecond files are rounded down).</param>
/// <param name="OriginalLength">Length on the wire; more than <c>Data.Length</c> when the record was cut to the snap length.</param>
/// <param name="Data">The captured bytes (a slice of the file).</param>
public readonly record struct PcapRecord(int Index, long Offset, long TimestampMicroseconds, int OriginalLength, ReadOnlyMemory<byte> Data)
{
    /// <summary>True when the record holds fewer bytes than were on the wire.</summary>
    public bool Truncated => Data.Length < OriginalLength;
}

/// <summary>Why a pcap file could not be read further: which record, at which byte, and what is wrong.</summary>
/// <param name="RecordIndex">The record that is wrong; -1 for the file header.</param>
/// <param name="ByteOffset">File offset of the first wrong byte.</param>
/// <param name="Reason">What is wrong, in words.</param>
public sealed record PcapError(int RecordIndex, long ByteOffset, string Reason)
{
    /// <summary>"record 3 at byte 1234: …" or "file header at byte 0: …".</summary>
    public override string ToString() =>
        RecordIndex < 0 ? $"file header at byte {ByteOffset}: {Reason}" : $"record {RecordIndex} at byte {ByteOffset}: {Reason}";
}

/// <summary>
/// Reads a classic pcap file held in memory (draft-ietf-opsawg-pcap). Never throws on the file's
/// bytes: on a truncated or garbled file it stops and <see cref="Error"/> names the record and byte
/// that is wrong. Records are slices of the file; nothing is copied.
/// </summary>
public sealed class PcapReader
{
    private const int RecordHeaderSize = PcapWriter.RecordHeaderSize;
    private readonly ReadOnlyMemory<byte> _file;
    private long _position;
    private int _index;

    /// <summary>Reads the file header; check <see cref="Error"/> before reading records.</summary>
    public PcapReader(ReadOnlyMemory<byte> file)
    {
        _file = file;
        var status = PcapFileHeader.TryRead(file.Span, out var header);
        Header = header;
        switch (status)
        {
            case WireStatus.Done:
                _position = PcapFileHeader.Size;
                break;
            case WireStatus.NeedMoreData:
                Error = new PcapError(-1, file.Length, $"the file has {file.Length} bytes, a pcap header needs {PcapFileHeader.Size}");
                break;
            case WireStatus.Unsupported:
                Error = new PcapError(-1, 4, "pcap major version is not 2");
                break;
            default:
                Error = new PcapError(-1, 0, "not a pcap file (unknown magic number)");
                break;
        }
    }

    /// <summary>The file header (default when it did not decode).</summary>
    public PcapFileHeader Header { get; }

    /// <summary>Set once the file turned out to be unreadable; records before it stay valid.</summary>
    public PcapError? Error { get; private set; }

    /// <summary>
    /// Reads the next record. Returns false at the clean end of the file or when the file is wrong
    /// (then <see cref="Error"/> is set).
    /// </summary>
    public bool TryReadNext(out PcapRecord record)
    {
        record = default;
        if (Error is not null || _position == _file.Length)
        {
            return false;
        }

        var span = _file.Span;
        var remaining = _file.Length - _position;
        if (remaining < RecordHeaderSize)
        {
            Error = new PcapError(_index, _position, $"record header needs {RecordHeaderSize} bytes, {remaining} remain");
            return false;
        }

        var start = (int)_position;
        var big = Header.BigEndian;
        var seconds = PcapFileHeader.ReadU32(span[start..], big);
        var fraction = PcapFileHeader.ReadU32(span[(start + 4)..], big);
        var captured = PcapFileHeader.ReadU32(span[(start + 8)..], big);
        var original = PcapFileHeader.ReadU32(span[(start + 12)..], big);
        if (fraction >= (Header.Nanoseconds ? 1_000_000_000u : 1_000_000u))
        {
            Error = new PcapError(_index, start + 4, $"timestamp fraction {fraction} is not below one second");
            return false;
        }

        if (captured > Header.SnapLength || captured > original || original > int.MaxValue)
        {
            Error = new PcapError(_index, start + 8, $"captured length {captured} exceeds the snap length {Header.SnapLength} or the original length {original}");
            return false;
        }

        if (captured > remaining - RecordHeaderSize)
        {
            Error = new PcapError(_index, start + RecordHeaderSize + (remaining - RecordHeaderSize), $"record data needs {captured} bytes, {remaining - RecordHeaderSize} remain");
            return false;
        }

        var micro = Header.Nanoseconds ? fraction / 1000 : fraction;
        record = new PcapRecord(_index, start, (seconds * 1_000_000L) + micro, (int)original, _file.Slice(start + RecordHeaderSize, (int)captured));
        _position = start + RecordHeaderSize + captured;
        _index++;
        return true;
    }
}
