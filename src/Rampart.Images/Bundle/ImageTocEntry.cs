using Rampart.Wire;

namespace Rampart.Images.Bundle;

/// <summary>TOC entry ids (caliptra-sw <c>ImageTocEntryId</c>).</summary>
public enum ImageTocEntryId : uint
{
    /// <summary>First mutable code.</summary>
    Fmc = 0x01,

    /// <summary>Runtime firmware.</summary>
    Runtime = 0x02,
}

/// <summary>
/// One entry of the Caliptra bundle's table of contents (caliptra-sw <c>ImageTocEntry</c>).
/// <code>
///  0 id(4) | 4 type(4) | 8 revision(20) | 28 version(4) | 32 reserved(8)
/// 40 load address(4) | 44 entry point(4) | 48 offset(4) | 52 size(4) | 56 SHA-384(48)
/// </code>
/// </summary>
/// <param name="Id">FMC (1) or runtime (2).</param>
/// <param name="Type">1: executable.</param>
/// <param name="Revision">20 bytes, typically the commit hash.</param>
/// <param name="Version">The firmware release number.</param>
/// <param name="LoadAddress">Where the image is copied.</param>
/// <param name="EntryPoint">Where execution starts.</param>
/// <param name="Offset">Offset of the image in the bundle.</param>
/// <param name="Size">Size of the image.</param>
/// <param name="Digest">SHA-384 of the image (48 bytes).</param>
public sealed record ImageTocEntry(
    uint Id,
    uint Type,
    ReadOnlyMemory<byte> Revision,
    uint Version,
    uint LoadAddress,
    uint EntryPoint,
    uint Offset,
    uint Size,
    ReadOnlyMemory<byte> Digest)
{
    /// <summary>Size of the entry.</summary>
    public const int EncodedSize = BundleLayout.TocEntrySize;

    /// <summary>Size of the revision field.</summary>
    public const int RevisionSize = 20;

    /// <summary>TOC type "executable".</summary>
    public const uint ExecutableType = 1;

    private const int IdOffset = 0;
    private const int TypeOffset = 4;
    private const int RevisionOffset = 8;
    private const int VersionOffset = 28;
    private const int ReservedOffset = 32;
    private const int LoadAddressOffset = 40;
    private const int EntryPointOffset = 44;
    private const int ImageOffsetOffset = 48;
    private const int SizeOffset = 52;
    private const int DigestOffset = 56;

    /// <summary>Reads an entry from exactly <see cref="EncodedSize"/> bytes.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ImageTocEntry? entry)
    {
        entry = null;
        if (source.Length < EncodedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = new WireReader(source[..EncodedSize]);
        reader.TryReadU32(out var id);
        reader.TryReadU32(out var type);
        reader.TryReadBytes(RevisionSize, out var revision);
        reader.TryReadU32(out var version);
        reader.TrySkip(LoadAddressOffset - ReservedOffset);
        reader.TryReadU32(out var load);
        reader.TryReadU32(out var entryPoint);
        reader.TryReadU32(out var offset);
        reader.TryReadU32(out var size);
        reader.TryReadBytes(BundleLayout.DigestSize, out var digest);
        entry = new ImageTocEntry(id, type, revision.ToArray(), version, load, entryPoint, offset, size, digest.ToArray());
        return WireStatus.Done;
    }

    /// <summary>Writes the entry into <paramref name="destination"/> (at least <see cref="EncodedSize"/> bytes).</summary>
    public void Write(Span<byte> destination)
    {
        if (Revision.Length != RevisionSize || Digest.Length != BundleLayout.DigestSize)
        {
            throw new InvalidOperationException("A TOC entry has a 20-byte revision and a 48-byte digest.");
        }

        var writer = new WireWriter(destination[..EncodedSize]);
        writer.TryWriteU32(Id);
        writer.TryWriteU32(Type);
        writer.TryWriteBytes(Revision.Span);
        writer.TryWriteU32(Version);
        writer.TryWriteZeros(LoadAddressOffset - ReservedOffset);
        writer.TryWriteU32(LoadAddress);
        writer.TryWriteU32(EntryPoint);
        writer.TryWriteU32(Offset);
        writer.TryWriteU32(Size);
        writer.TryWriteBytes(Digest.Span);
    }

    /// <summary>Offsets of the fields the verifier reads in place.</summary>
    internal static class Fields
    {
        public const int Id = IdOffset;
        public const int Type = TypeOffset;
        public const int Revision = RevisionOffset;
        public const int Version = VersionOffset;
        public const int LoadAddress = LoadAddressOffset;
        public const int EntryPoint = EntryPointOffset;
        public const int Offset = ImageOffsetOffset;
        public const int Size = SizeOffset;
        public const int Digest = DigestOffset;
    }
}
