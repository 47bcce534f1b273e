using System.Buffers.Binary;
using System.Text;

namespace Rampart.Hal.CoreControl;

/// <summary>
/// The payload of a firmware stage image: a small archive of the stage's assemblies
/// (ARCHITECTURE.md §2, docs/decisions/0240-stage-loading.md). The MCU runtime's archive also
/// carries its apps, each one an archive of its own (kind 1), which the kernel hands to the
/// app loader; they never enter the stage's context. An app archive names a library its carrying
/// archive already holds with identical bytes instead of repeating it (kind 2,
/// docs/decisions/0272-shared-app-libraries.md); <see cref="ResolveLibraries"/> puts the bytes back.
/// <code>
///  +0  magic "RFWA"             u32  0x41574652
///  +4  format version           u16  1
///  +6  entry count              u16  1..64
///  +8  entry type name          u16 length + UTF-8 (full name of the ICaliptraStage/IMcuStage; empty for an app archive)
///  then per entry:
///      kind                     u8   0 = assembly for the stage context, 1 = app payload for the kernel,
///                                    2 = library reference: "the carrying archive's kind-0 assembly of this name"
///      name                     u16 length + UTF-8 (assembly simple name or app name; not empty)
///      length                   u32  (0 for a library reference)
///      bytes                    length bytes
///  then 0–3 zero bytes of padding, so the whole archive is a multiple of 4 bytes
/// </code>
/// All integers little-endian. The first kind-0 entry is the entry assembly. Names are unique
/// (ordinal) and nothing but the padding follows the last entry. The padding exists because the
/// OCP recovery interface moves images in 4-byte units (decision 0260): an archive streamed as a
/// recovery image arrives with exactly its own length. Library references appear only in app
/// archives, which are carried: an archive holding one has an empty entry type name, no app
/// payload, and an assembly (the app) as its first entry. Kind 2 came after version 1 without a
/// version bump: an archive without references is byte-identical to before, and an older reader
/// refuses one with references as an unknown kind.
/// </summary>
public sealed class FirmwareArchive
{
    /// <summary>The archive's size is padded to a multiple of this.</summary>
    public const int PaddingAlignment = 4;

    /// <summary>"RFWA" read as a little-endian u32.</summary>
    public const uint Magic = 0x41574652;

    /// <summary>The only format version this reader accepts.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>The most entries an archive may hold.</summary>
    public const int MaxEntries = 64;

    private const int HeaderSize = 8;

    private FirmwareArchive(string entryTypeName, FirmwareArchiveEntry[] entries)
    {
        EntryTypeName = entryTypeName;
        Entries = entries;
    }

    /// <summary>The full name of the stage's entry type (empty for an app archive).</summary>
    public string EntryTypeName { get; }

    /// <summary>The entries, in archive order.</summary>
    public IReadOnlyList<FirmwareArchiveEntry> Entries { get; }

    /// <summary>The kind-0 entries (assemblies for the stage context), in archive order; the first is the entry assembly.</summary>
    public IEnumerable<FirmwareArchiveEntry> Assemblies => Entries.Where(e => e.Kind == FirmwareArchiveEntryKind.Assembly);

    /// <summary>The kind-1 entries (app payloads carried for the kernel), in archive order.</summary>
    public IEnumerable<FirmwareArchiveEntry> Apps => Entries.Where(e => e.Kind == FirmwareArchiveEntryKind.AppPayload);

    /// <summary>The kind-2 entries (library references, resolved against the carrying archive), in archive order.</summary>
    public IEnumerable<FirmwareArchiveEntry> LibraryReferences => Entries.Where(e => e.Kind == FirmwareArchiveEntryKind.LibraryReference);

    /// <summary>True when <paramref name="bytes"/> starts with the archive magic (an archive, not a bare assembly).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(bytes) == Magic;

    /// <summary>
    /// Writes an archive: entries in the order given, so the same inputs give the same bytes.
    /// Throws <see cref="ArgumentException"/> for what <see cref="TryRead"/> would refuse.
    /// </summary>
    public static byte[] Write(string entryTypeName, IReadOnlyList<FirmwareArchiveEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entryTypeName);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(entries.Count, 1, nameof(entries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(entries.Count, MaxEntries, nameof(entries));
        var typeName = Utf8(entryTypeName, nameof(entryTypeName));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var encoded = new byte[entries.Count][];
        long size = HeaderSize + 2 + typeName.Length;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw new ArgumentException("an entry is null", nameof(entries));
            if (!IsKnown(entry.Kind))
            {
                throw new ArgumentException($"entry {entry.Name}: unknown kind {entry.Kind}", nameof(entries));
            }

            if (entry.Kind == FirmwareArchiveEntryKind.LibraryReference && (entry.Bytes.Length != 0 || i == 0))
            {
                throw new ArgumentException($"library reference {entry.Name}: references have no bytes and are never the first entry", nameof(entries));
            }

            if (entry.Name.Length == 0 || !names.Add(entry.Name))
            {
                throw new ArgumentException($"entry name '{entry.Name}' is empty or repeated", nameof(entries));
            }

            encoded[i] = Utf8(entry.Name, nameof(entries));
            size += 1 + 2 + encoded[i].Length + 4 + entry.Bytes.Length;
        }

        if (size > int.MaxValue)
        {
            throw new ArgumentException("the archive would exceed 2 GiB", nameof(entries));
        }

        if (!ReferencesAllowed(entryTypeName, entries))
        {
            throw new ArgumentException("library references appear only in an app archive: empty entry type name, no app payload", nameof(entries));
        }

        size = (size + PaddingAlignment - 1) & ~(PaddingAlignment - 1);
        var output = new byte[size];
        var span = output.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)entries.Count);
        var at = HeaderSize;
        at = WriteString(span, at, typeName);
        for (var i = 0; i < entries.Count; i++)
        {
            span[at++] = (byte)entries[i].Kind;
            at = WriteString(span, at, encoded[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)entries[i].Bytes.Length);
            at += 4;
            entries[i].Bytes.Span.CopyTo(span[at..]);
            at += entries[i].Bytes.Length;
        }

        return output;
    }

    /// <summary>
    /// Reads an archive; entry bytes are slices of <paramref name="bytes"/> (no copy). Returns false —
    /// never throws — on a bad magic or version, a count outside 1..64, truncation, trailing bytes or
    /// padding, an unknown kind, an empty or repeated name, a name that is not UTF-8, or a library
    /// reference with bytes, in first place, or in an archive that is not an app archive.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> bytes, out FirmwareArchive? archive)
    {
        archive = null;
        var span = bytes.Span;
        if (span.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(span[4..]) != FormatVersion)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(span[6..]);
        if (count is < 1 or > MaxEntries)
        {
            return false;
        }

        var at = HeaderSize;
        if (!TryReadString(span, ref at, out var entryTypeName))
        {
            return false;
        }

        var entries = new FirmwareArchiveEntry[count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            if (at >= span.Length)
            {
                return false;
            }

            var kind = (FirmwareArchiveEntryKind)span[at++];
            if (!IsKnown(kind) || !TryReadString(span, ref at, out var name) || name.Length == 0 || !names.Add(name)
                || span.Length - at < 4)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
            at += 4;
            if (length > (uint)(span.Length - at)
                || (kind == FirmwareArchiveEntryKind.LibraryReference && (length != 0 || i == 0)))
            {
                return false;
            }

            entries[i] = new FirmwareArchiveEntry(kind, name, bytes.Slice(at, (int)length));
            at += (int)length;
        }

        var padding = span[at..];
        if (padding.Length != ((PaddingAlignment - (at % PaddingAlignment)) % PaddingAlignment) || padding.IndexOfAnyExcept((byte)0) >= 0
            || !ReferencesAllowed(entryTypeName, entries))
        {
            return false;
        }

        archive = new FirmwareArchive(entryTypeName, entries);
        return true;
    }

    /// <summary>
    /// Resolves the library references of <paramref name="payload"/>, an app payload this archive
    /// carries: each reference naming one of this archive's kind-0 assemblies becomes a kind-0 entry
    /// with that assembly's bytes, in the reference's place, so the result is the self-contained app
    /// archive the packer started from. A reference naming nothing here stays a reference, for the
    /// app loader to refuse by name; a payload that is no archive, is malformed, holds no reference,
    /// or would outgrow the largest array once resolved comes back as it is. Never throws: the
    /// payload is untrusted.
    /// </summary>
    public ReadOnlyMemory<byte> ResolveLibraries(ReadOnlyMemory<byte> payload)
    {
        if (!HasMagic(payload.Span) || !TryRead(payload, out var app) || !app!.LibraryReferences.Any())
        {
            return payload;
        }

        var own = Assemblies.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var resolved = new FirmwareArchiveEntry[app.Entries.Count];
        long added = 0;
        var changed = false;
        for (var i = 0; i < resolved.Length; i++)
        {
            var entry = app.Entries[i];
            resolved[i] = entry;
            if (entry.Kind == FirmwareArchiveEntryKind.LibraryReference && own.TryGetValue(entry.Name, out var carried))
            {
                resolved[i] = new FirmwareArchiveEntry(FirmwareArchiveEntryKind.Assembly, entry.Name, carried.Bytes);
                added += carried.Bytes.Length;
                changed = true;
            }
        }

        return !changed || payload.Length + added > Array.MaxLength - PaddingAlignment ? payload : Write(app.EntryTypeName, resolved);
    }

    private static bool IsKnown(FirmwareArchiveEntryKind kind) =>
        kind is FirmwareArchiveEntryKind.Assembly or FirmwareArchiveEntryKind.AppPayload or FirmwareArchiveEntryKind.LibraryReference;

    /// <summary>A library reference points into the carrying archive: only an app archive (no entry type, no apps of its own) is carried.</summary>
    private static bool ReferencesAllowed(string entryTypeName, IReadOnlyList<FirmwareArchiveEntry> entries) =>
        !entries.Any(e => e.Kind == FirmwareArchiveEntryKind.LibraryReference)
        || (entryTypeName.Length == 0 && !entries.Any(e => e.Kind == FirmwareArchiveEntryKind.AppPayload));

    private static byte[] Utf8(string value, string parameter)
    {
        var encoded = Encoding.UTF8.GetBytes(value);
        if (encoded.Length > ushort.MaxValue || !System.Text.Unicode.Utf8.IsValid(encoded) || Encoding.UTF8.GetString(encoded) != value)
        {
            throw new ArgumentException($"'{value}' is not a UTF-8 string of at most 65535 bytes", parameter);
        }

        return encoded;
    }

    private static int WriteString(Span<byte> span, int at, byte[] value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)value.Length);
        value.CopyTo(span[(at + 2)..]);
        return at + 2 + value.Length;
    }

    private static bool TryReadString(ReadOnlySpan<byte> span, ref int at, out string value)
    {
        value = string.Empty;
        if (span.Length - at < 2)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(span[at..]);
        if (length > span.Length - at - 2)
        {
            return false;
        }

        var raw = span.Slice(at + 2, length);
        if (!System.Text.Unicode.Utf8.IsValid(raw))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(raw);
        at += 2 + length;
        return true;
    }
}

/// <summary>What an archive entry is for.</summary>
public enum FirmwareArchiveEntryKind : byte
{
    /// <summary>An assembly loaded into the stage's context (the first one is the entry assembly).</summary>
    Assembly = 0,

    /// <summary>An app (itself an archive, or a bare assembly) carried for the kernel; never loaded into the stage's context.</summary>
    AppPayload = 1,

    /// <summary>
    /// In an app archive only, no bytes: "the carrying archive's kind-0 assembly of this name"
    /// (decision 0272). <see cref="FirmwareArchive.ResolveLibraries"/> replaces it with those bytes.
    /// </summary>
    LibraryReference = 2,
}

/// <summary>One entry of a <see cref="FirmwareArchive"/>.</summary>
/// <param name="Kind">Assembly for the stage context, app payload, or library reference.</param>
/// <param name="Name">The assembly's simple name, or the app's name.</param>
/// <param name="Bytes">The entry's bytes (none for a library reference).</param>
public sealed record FirmwareArchiveEntry(FirmwareArchiveEntryKind Kind, string Name, ReadOnlyMemory<byte> Bytes);
