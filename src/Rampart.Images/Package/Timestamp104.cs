using System.Buffers.Binary;

namespace Rampart.Images.Package;

/// <summary>
/// DSP0240 timestamp104, the package release date and time (13 bytes):
/// <code>
/// 0 UTC offset in minutes (sint16) | 2 microseconds (uint24) | 5 second | 6 minute | 7 hour
/// 8 day | 9 month | 10 year (uint16) | 12 UTC and time resolution (bits 7:4 UTC, 3:0 time)
/// </code>
/// </summary>
public static class Timestamp104
{
    /// <summary>Encoded size.</summary>
    public const int Size = 13;

    /// <summary>Encodes a time with the given resolution byte.</summary>
    public static byte[] Encode(DateTimeOffset time, byte resolution = 0)
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteInt16LittleEndian(bytes, (short)time.Offset.TotalMinutes);
        var micro = (int)((time.Ticks % TimeSpan.TicksPerSecond) / 10);
        bytes[2] = (byte)micro;
        bytes[3] = (byte)(micro >> 8);
        bytes[4] = (byte)(micro >> 16);
        bytes[5] = (byte)time.Second;
        bytes[6] = (byte)time.Minute;
        bytes[7] = (byte)time.Hour;
        bytes[8] = (byte)time.Day;
        bytes[9] = (byte)time.Month;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), (ushort)time.Year);
        bytes[12] = resolution;
        return bytes;
    }

    /// <summary>Decodes for display; false when a field is out of range (all-zero is a valid "unspecified").</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out DateTimeOffset time)
    {
        time = default;
        if (bytes.Length < Size)
        {
            return false;
        }

        var offset = BinaryPrimitives.ReadInt16LittleEndian(bytes);
        var micro = bytes[2] | (bytes[3] << 8) | (bytes[4] << 16);
        var year = BinaryPrimitives.ReadUInt16LittleEndian(bytes[10..]);
        if (offset is < -840 or > 840 || micro >= 1_000_000 || bytes[5] > 59 || bytes[6] > 59 || bytes[7] > 23
            || bytes[9] is < 1 or > 12 || year is < 1 or > 9999 || bytes[8] < 1 || bytes[8] > DateTime.DaysInMonth(year, bytes[9]))
        {
            return false;
        }

        time = new DateTimeOffset(year, bytes[9], bytes[8], bytes[7], bytes[6], bytes[5], TimeSpan.FromMinutes(offset)).AddTicks(micro * 10L);
        return true;
    }
}
