namespace Rampart.Images.Package;

/// <summary>
/// PackageHeaderFormatRevision of a DSP0267 firmware update package, each paired with its
/// PackageHeaderIdentifier UUID (DSP0267 1.3 §"Package header information").
/// </summary>
public enum PackageFormatRevision : byte
{
    /// <summary>DSP0267 1.0.</summary>
    V1_0 = 0x01,

    /// <summary>DSP0267 1.1: downstream device records.</summary>
    V1_1 = 0x02,

    /// <summary>DSP0267 1.2: component opaque data.</summary>
    V1_2 = 0x03,

    /// <summary>DSP0267 1.3: reference manifests and the payload checksum.</summary>
    V1_3 = 0x04,
}

/// <summary>The UUID bytes that open a package of each format revision.</summary>
public static class PackageHeaderIdentifiers
{
    /// <summary>Size of the identifier.</summary>
    public const int Size = 16;

    private static readonly byte[] V10 = [0xF0, 0x18, 0x87, 0x8C, 0xCB, 0x7D, 0x49, 0x43, 0x98, 0x00, 0xA0, 0x2F, 0x05, 0x9A, 0xCA, 0x02];
    private static readonly byte[] V11 = [0x12, 0x44, 0xD2, 0x64, 0x8D, 0x7D, 0x47, 0x18, 0xA0, 0x30, 0xFC, 0x8A, 0x56, 0x58, 0x7D, 0x5A];
    private static readonly byte[] V12 = [0x31, 0x19, 0xCE, 0x2F, 0xE8, 0x0A, 0x4A, 0x99, 0xAF, 0x6D, 0x46, 0xF8, 0xB1, 0x21, 0xF6, 0xBF];
    private static readonly byte[] V13 = [0x7B, 0x29, 0x1C, 0x99, 0x6D, 0xB6, 0x42, 0x08, 0x80, 0x1B, 0x02, 0x02, 0x6E, 0x46, 0x3C, 0x78];

    /// <summary>The identifier of <paramref name="revision"/>.</summary>
    public static ReadOnlySpan<byte> For(PackageFormatRevision revision) => revision switch
    {
        PackageFormatRevision.V1_0 => V10,
        PackageFormatRevision.V1_1 => V11,
        PackageFormatRevision.V1_2 => V12,
        PackageFormatRevision.V1_3 => V13,
        _ => throw new ArgumentOutOfRangeException(nameof(revision)),
    };

    /// <summary>The revision an identifier names, or false for any other UUID.</summary>
    public static bool TryGetRevision(ReadOnlySpan<byte> identifier, out PackageFormatRevision revision)
    {
        foreach (var candidate in (ReadOnlySpan<PackageFormatRevision>)[PackageFormatRevision.V1_0, PackageFormatRevision.V1_1, PackageFormatRevision.V1_2, PackageFormatRevision.V1_3])
        {
            if (identifier.SequenceEqual(For(candidate)))
            {
                revision = candidate;
                return true;
            }
        }

        revision = default;
        return false;
    }

    /// <summary>The spec text of a revision, e.g. "1.3".</summary>
    public static string Name(PackageFormatRevision revision) => revision switch
    {
        PackageFormatRevision.V1_0 => "1.0",
        PackageFormatRevision.V1_1 => "1.1",
        PackageFormatRevision.V1_2 => "1.2",
        PackageFormatRevision.V1_3 => "1.3",
        _ => $"unknown ({(byte)revision})",
    };
}
