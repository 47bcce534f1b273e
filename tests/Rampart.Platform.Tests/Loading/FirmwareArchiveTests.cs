using CsCheck;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Tests.Loading;

public sealed class FirmwareArchiveTests
{
    private static readonly FirmwareArchiveEntry[] Sample =
    [
        new(FirmwareArchiveEntryKind.Assembly, "Rampart.Firmware.Mcu.Runtime", new byte[] { 1, 2, 3 }),
        new(FirmwareArchiveEntryKind.Assembly, "Rampart.Kernel", new byte[] { 4 }),
        new(FirmwareArchiveEntryKind.AppPayload, "Rampart.Firmware.Mcu.Apps.Pldm", Array.Empty<byte>()),
    ];

    private static FirmwareArchiveEntry Reference(string name) => new(FirmwareArchiveEntryKind.LibraryReference, name, ReadOnlyMemory<byte>.Empty);

    private static byte[] SampleBytes() => FirmwareArchive.Write("Rampart.Firmware.Mcu.Runtime.McuRuntime", Sample);

    [Fact]
    public void The_layout_is_the_documented_one()
    {
        var bytes = FirmwareArchive.Write("T", [new(FirmwareArchiveEntryKind.AppPayload, "A", new byte[] { 0xEE })]);

        Assert.Equal(Convert.FromHexString("52465741" + "0100" + "0100" + "0100" + "54" + "01" + "0100" + "41" + "01000000" + "EE"), bytes);
    }

    [Fact]
    public void A_written_archive_reads_back_entry_for_entry()
    {
        Assert.True(FirmwareArchive.TryRead(SampleBytes(), out var archive));

        Assert.Equal("Rampart.Firmware.Mcu.Runtime.McuRuntime", archive!.EntryTypeName);
        Assert.Equal(Sample.Select(e => (e.Kind, e.Name, Hex: Convert.ToHexString(e.Bytes.Span))), archive.Entries.Select(e => (e.Kind, e.Name, Hex: Convert.ToHexString(e.Bytes.Span))));
        Assert.Equal(["Rampart.Firmware.Mcu.Runtime", "Rampart.Kernel"], archive.Assemblies.Select(e => e.Name));
        Assert.Equal(["Rampart.Firmware.Mcu.Apps.Pldm"], archive.Apps.Select(e => e.Name));
    }

    [Fact]
    public void Random_archives_round_trip_and_the_writer_is_deterministic()
    {
        var entry = Gen.Select(Gen.Byte[0, 1], Gen.String[Gen.Char.AlphaNumeric, 1, 20], Gen.Byte.Array[0, 40],
            (kind, name, bytes) => new FirmwareArchiveEntry((FirmwareArchiveEntryKind)kind, name, bytes));
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 30], entry.Array[1, 10]).Sample((typeName, entries) =>
        {
            var unique = entries.DistinctBy(e => e.Name, StringComparer.Ordinal).ToArray();
            var bytes = FirmwareArchive.Write(typeName, unique);
            Assert.Equal(bytes, FirmwareArchive.Write(typeName, unique));
            Assert.True(FirmwareArchive.TryRead(bytes, out var archive));
            Assert.Equal(typeName, archive!.EntryTypeName);
            Assert.Equal(unique.Select(e => (e.Kind, e.Name, Convert.ToHexString(e.Bytes.Span))), archive.Entries.Select(e => (e.Kind, e.Name, Convert.ToHexString(e.Bytes.Span))));
        }, iter: 200);
    }

    [Fact]
    public void Every_truncation_and_a_trailing_byte_are_refused()
    {
        var bytes = SampleBytes();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(FirmwareArchive.TryRead(bytes.AsMemory(0, length), out var archive), $"prefix of {length} bytes");
            Assert.Null(archive);
        }

        Assert.False(FirmwareArchive.TryRead(bytes.Append((byte)0).ToArray(), out _));
    }

    [Fact]
    public void Archives_are_padded_to_four_bytes_with_zeros_and_other_padding_is_refused()
    {
        for (var extra = 0; extra < 4; extra++)
        {
            var bytes = FirmwareArchive.Write("T", [new FirmwareArchiveEntry(FirmwareArchiveEntryKind.Assembly, "A", new byte[extra + 1])]);
            Assert.Equal(0, bytes.Length % 4);
            Assert.True(FirmwareArchive.TryRead(bytes, out var archive));
            Assert.Equal(extra + 1, archive!.Entries[0].Bytes.Length);
            if (bytes.Length > 19 + archive.Entries[0].Bytes.Length)
            {
                bytes[^1] = 1;
                Assert.False(FirmwareArchive.TryRead(bytes, out _));
            }
        }
    }

    [Fact]
    public void Every_bit_flip_is_read_or_refused_without_throwing()
    {
        var bytes = SampleBytes();
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var copy = (byte[])bytes.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            _ = FirmwareArchive.TryRead(copy, out _);
        }

        Gen.Byte.Array[0, 300].Sample(random => { _ = FirmwareArchive.TryRead(random, out _); }, iter: 500);
    }

    [Theory]
    [InlineData("bad magic", "52465742" + "0100" + "0100" + "0000" + "00" + "0100" + "41" + "00000000")]
    [InlineData("bad version", "52465741" + "0200" + "0100" + "0000" + "00" + "0100" + "41" + "00000000")]
    [InlineData("zero entries", "52465741" + "0100" + "0000" + "0000")]
    [InlineData("65 entries", "52465741" + "0100" + "4100" + "0000")]
    [InlineData("unknown kind", "52465741" + "0100" + "0100" + "0000" + "03" + "0100" + "41" + "00000000" + "0000")]
    [InlineData("a library reference first", "52465741" + "0100" + "0100" + "0000" + "02" + "0100" + "41" + "00000000" + "0000")]
    [InlineData("a library reference with bytes", "52465741" + "0100" + "0200" + "0000" + "00" + "0100" + "41" + "00000000" + "02" + "0100" + "42" + "01000000" + "EE" + "00")]
    [InlineData("a library reference in a stage archive", "52465741" + "0100" + "0200" + "0100" + "54" + "00" + "0100" + "41" + "00000000" + "02" + "0100" + "42" + "00000000" + "00")]
    [InlineData("a library reference beside an app payload", "52465741" + "0100" + "0300" + "0000" + "00" + "0100" + "41" + "00000000" + "02" + "0100" + "42" + "00000000" + "01" + "0100" + "43" + "00000000" + "0000")]
    [InlineData("empty name", "52465741" + "0100" + "0100" + "0000" + "00" + "0000" + "00000000")]
    [InlineData("duplicate names", "52465741" + "0100" + "0200" + "0000" + "00" + "0100" + "41" + "00000000" + "01" + "0100" + "41" + "00000000")]
    [InlineData("name not UTF-8", "52465741" + "0100" + "0100" + "0000" + "00" + "0100" + "FF" + "00000000")]
    [InlineData("type name not UTF-8", "52465741" + "0100" + "0100" + "0200" + "C328" + "00" + "0100" + "41" + "00000000")]
    [InlineData("length past the end", "52465741" + "0100" + "0100" + "0000" + "00" + "0100" + "41" + "02000000" + "AA")]
    [InlineData("length near 2^32", "52465741" + "0100" + "0100" + "0000" + "00" + "0100" + "41" + "FFFFFFFF" + "AA")]
    public void A_malformed_archive_is_refused(string name, string hex)
    {
        Assert.NotNull(name);
        Assert.False(FirmwareArchive.TryRead(Convert.FromHexString(hex), out var archive));
        Assert.Null(archive);
    }

    [Fact]
    public void A_library_reference_is_a_name_without_bytes_after_the_app()
    {
        var bytes = FirmwareArchive.Write(string.Empty, [new(FirmwareArchiveEntryKind.Assembly, "A", new byte[] { 0xEE }), Reference("B")]);

        Assert.Equal(Convert.FromHexString("52465741" + "0100" + "0200" + "0000" + "00" + "0100" + "41" + "01000000" + "EE" + "02" + "0100" + "42" + "00000000" + "00"), bytes);
        Assert.True(FirmwareArchive.TryRead(bytes, out var archive));
        Assert.Equal(["A"], archive!.Assemblies.Select(e => e.Name));
        Assert.Equal("B", Assert.Single(archive.LibraryReferences).Name);
        Assert.True(archive.LibraryReferences.Single().Bytes.IsEmpty);
    }

    [Fact]
    public void Random_app_archives_with_references_round_trip()
    {
        var entry = Gen.Select(Gen.Bool, Gen.String[Gen.Char.AlphaNumeric, 1, 20], Gen.Byte.Array[0, 40],
            (reference, name, bytes) => reference ? Reference(name) : new FirmwareArchiveEntry(FirmwareArchiveEntryKind.Assembly, name, bytes));
        Gen.Select(Gen.Byte.Array[0, 40], entry.Array[0, 9]).Sample((app, rest) =>
        {
            FirmwareArchiveEntry[] entries = [new(FirmwareArchiveEntryKind.Assembly, "app", app), .. rest.Where(e => e.Name != "app").DistinctBy(e => e.Name, StringComparer.Ordinal)];
            Assert.True(FirmwareArchive.TryRead(FirmwareArchive.Write(string.Empty, entries), out var archive));
            Assert.Equal(entries.Select(e => (e.Kind, e.Name, Convert.ToHexString(e.Bytes.Span))), archive!.Entries.Select(e => (e.Kind, e.Name, Convert.ToHexString(e.Bytes.Span))));
        }, iter: 200);
    }

    [Fact]
    public void The_smallest_well_formed_archive_is_read()
    {
        Assert.True(FirmwareArchive.TryRead(Convert.FromHexString("52465741" + "0100" + "0100" + "0000" + "00" + "0100" + "41" + "00000000" + "0000"), out var archive));
        Assert.Equal(string.Empty, archive!.EntryTypeName);
        Assert.Single(archive.Entries);
    }

    [Fact]
    public void The_writer_refuses_what_the_reader_would_refuse()
    {
        var one = new FirmwareArchiveEntry(FirmwareArchiveEntryKind.Assembly, "A", Array.Empty<byte>());
        Assert.ThrowsAny<ArgumentException>(() => FirmwareArchive.Write("T", []));
        Assert.ThrowsAny<ArgumentException>(() => FirmwareArchive.Write("T", Enumerable.Range(0, 65).Select(i => one with { Name = "A" + i }).ToArray()));
        Assert.ThrowsAny<ArgumentException>(() => FirmwareArchive.Write("T", [one, one]));
        Assert.ThrowsAny<ArgumentException>(() => FirmwareArchive.Write("T", [one with { Name = string.Empty }]));
        Assert.ThrowsAny<ArgumentException>(() => FirmwareArchive.Write("T", [one with { Kind = (FirmwareArchiveEntryKind)7 }]));
        Assert.ThrowsAny<ArgumentException>(() => FirmwareArchive.Write("\ud800", [one]));
        Assert.ThrowsAny<ArgumentException>(() => FirmwareArchive.Write(string.Empty, [Reference("B"), one]));
        Assert.ThrowsAny<ArgumentException>(() => FirmwareArchive.Write(string.Empty, [one, Reference("B") with { Bytes = new byte[] { 1 } }]));
        Assert.ThrowsAny<ArgumentException>(() => FirmwareArchive.Write("T", [one, Reference("B")]));
        Assert.ThrowsAny<ArgumentException>(() => FirmwareArchive.Write(string.Empty, [one, Reference("B"), new(FirmwareArchiveEntryKind.AppPayload, "C", Array.Empty<byte>())]));
    }

    [Fact]
    public void Only_bytes_starting_with_the_magic_look_like_an_archive()
    {
        Assert.True(FirmwareArchive.HasMagic(SampleBytes()));
        Assert.False(FirmwareArchive.HasMagic([0x4D, 0x5A, 0x90, 0x00]));
        Assert.False(FirmwareArchive.HasMagic([0x52, 0x46, 0x57]));
    }
}
