using System.Buffers.Binary;
using Rampart.Wire.Checksums;

namespace Rampart.Wire.Pldm.Base;

/// <summary>
/// The version data returned by GetPLDMVersion once all parts are joined (DSP0240 1.1 §8.3,
/// Table 12): one ver32 per supported version, then a CRC-32 (IEEE) of those version bytes.
/// </summary>
public readonly ref struct PldmVersionData
{
    // +0      Version[0]   ver32 (LE)
    // ...
    // +4(n-1) Version[n-1] ver32 (LE)
    // +4n     CRC-32 over bytes 0..4n-1, u32 LE

    /// <summary>The size of the trailing CRC.</summary>
    public const int CrcLength = 4;

    private PldmVersionData(ReadOnlySpan<byte> versions) => VersionBytes = versions;

    /// <summary>The ver32 entries without the CRC.</summary>
    public ReadOnlySpan<byte> VersionBytes { get; }

    /// <summary>How many versions there are.</summary>
    public int Count => VersionBytes.Length / PldmVersion.Length;

    /// <summary>The version at <paramref name="index"/>.</summary>
    public PldmVersion this[int index] => PldmVersion.Read(VersionBytes.Slice(index * PldmVersion.Length, PldmVersion.Length));

    /// <summary>The encoded size of <paramref name="count"/> versions plus the CRC.</summary>
    public static int EncodedLength(int count) => (count * PldmVersion.Length) + CrcLength;

    /// <summary>
    /// Reads joined version data: Invalid when it is not at least one version plus the CRC, not a
    /// multiple of 4, or the CRC does not match.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out PldmVersionData data)
    {
        data = default;
        if (source.Length < PldmVersion.Length + CrcLength || source.Length % PldmVersion.Length != 0)
        {
            return WireStatus.Invalid;
        }

        var versions = source[..^CrcLength];
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(source[^CrcLength..]);
        if (Crc32.Compute(versions) != crc)
        {
            return WireStatus.Invalid;
        }

        data = new PldmVersionData(versions);
        return WireStatus.Done;
    }

    /// <summary>Writes the versions and their CRC; false (nothing usable) if it does not fit.</summary>
    public static bool TryWrite(ReadOnlySpan<PldmVersion> versions, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        var length = EncodedLength(versions.Length);
        if (versions.IsEmpty || destination.Length < length)
        {
            return false;
        }

        for (var i = 0; i < versions.Length; i++)
        {
            versions[i].Write(destination.Slice(i * PldmVersion.Length, PldmVersion.Length));
        }

        var body = destination[..(length - CrcLength)];
        BinaryPrimitives.WriteUInt32LittleEndian(destination[body.Length..], Crc32.Compute(body));
        bytesWritten = length;
        return true;
    }
}
