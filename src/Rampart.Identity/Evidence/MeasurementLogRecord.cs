using System.Buffers.Binary;
using Rampart.Hal.Security;
using Rampart.Wire;

namespace Rampart.Identity.Evidence;

/// <summary>
/// The wire form of one measurement-log record (Rampart evidence format, the shape of
/// Caliptra's PCR log entries): which PCR was extended, the event code, and the bytes extended.
/// </summary>
/// <remarks>
/// <code>
/// offset  size  field
///   0      1    PCR index (0…31)
///   1      1    reserved, 0
///   2      2    measurement length N (LE, 1…MaxMeasurementSize)
///   4      4    event type (LE)
///   8      N    measurement
/// </code>
/// </remarks>
public static class MeasurementLogRecord
{
    /// <summary>Offset of the PCR index.</summary>
    public const int PcrOffset = 0;

    /// <summary>Offset of the reserved byte.</summary>
    public const int ReservedOffset = 1;

    /// <summary>Offset of the measurement length.</summary>
    public const int LengthOffset = 2;

    /// <summary>Offset of the event type.</summary>
    public const int EventTypeOffset = 4;

    /// <summary>Header size; the measurement follows.</summary>
    public const int HeaderSize = 8;

    /// <summary>The largest measurement a record carries.</summary>
    public const int MaxMeasurementSize = 1024;

    /// <summary>Size of the record for a measurement of <paramref name="measurementLength"/> bytes.</summary>
    public static int SizeOf(int measurementLength) => HeaderSize + measurementLength;

    /// <summary>Writes a record; returns the bytes written.</summary>
    public static int Write(MeasurementLogEntry entry, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Pcr is < 0 or >= PcrQuoteMessage.PcrCount || entry.Measurement.Length is 0 or > MaxMeasurementSize)
        {
            throw new ArgumentException("PCR index or measurement length out of range", nameof(entry));
        }

        var size = SizeOf(entry.Measurement.Length);
        if (destination.Length < size)
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }

        destination[PcrOffset] = (byte)entry.Pcr;
        destination[ReservedOffset] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[LengthOffset..], (ushort)entry.Measurement.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[EventTypeOffset..], entry.EventType);
        entry.Measurement.Span.CopyTo(destination[HeaderSize..]);
        return size;
    }

    /// <summary>
    /// Reads one record from the start of <paramref name="source"/> without copying: the
    /// measurement is a slice of the source. On anything but Done the outputs are reset and
    /// <paramref name="consumed"/> is 0.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out int pcr, out uint eventType, out ReadOnlySpan<byte> measurement, out int consumed)
    {
        pcr = 0;
        eventType = 0;
        measurement = default;
        consumed = 0;
        if (source.Length < HeaderSize)
        {
            return WireStatus.NeedMoreData;
        }

        var index = source[PcrOffset];
        var length = BinaryPrimitives.ReadUInt16LittleEndian(source[LengthOffset..]);
        if (index >= PcrQuoteMessage.PcrCount || source[ReservedOffset] != 0 || length is 0 or > MaxMeasurementSize)
        {
            return WireStatus.Invalid;
        }

        if (source.Length < HeaderSize + length)
        {
            return WireStatus.NeedMoreData;
        }

        pcr = index;
        eventType = BinaryPrimitives.ReadUInt32LittleEndian(source[EventTypeOffset..]);
        measurement = source.Slice(HeaderSize, length);
        consumed = HeaderSize + length;
        return WireStatus.Done;
    }

    /// <summary>Reads a whole log (records back to back); Invalid unless every byte belongs to a record. Never throws on bad bytes.</summary>
    public static WireStatus TryReadAll(ReadOnlySpan<byte> source, out IReadOnlyList<MeasurementLogEntry> entries)
    {
        var list = new List<MeasurementLogEntry>();
        entries = [];
        while (!source.IsEmpty)
        {
            var status = TryRead(source, out var pcr, out var eventType, out var measurement, out var consumed);
            if (status != WireStatus.Done)
            {
                return status == WireStatus.NeedMoreData ? WireStatus.Invalid : status;
            }

            list.Add(new MeasurementLogEntry(pcr, eventType, measurement.ToArray()));
            source = source[consumed..];
        }

        entries = list;
        return WireStatus.Done;
    }
}
