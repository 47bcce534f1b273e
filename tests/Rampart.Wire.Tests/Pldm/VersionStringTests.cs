using CsCheck;
using Rampart.Wire.Pldm.FirmwareUpdate;
using static Rampart.Wire.Tests.Pldm.PldmCodecAssert;

namespace Rampart.Wire.Tests.Pldm;

public sealed class VersionStringTests
{
    [Theory]
    [InlineData(VersionStringType.Ascii, "1.0.0", "312E302E30")]
    [InlineData(VersionStringType.Utf8, "v1é", "7631C3A9")]
    [InlineData(VersionStringType.Utf16, "v1", "FFFE76003100")]
    [InlineData(VersionStringType.Utf16LittleEndian, "v1", "76003100")]
    [InlineData(VersionStringType.Utf16BigEndian, "v1", "00760031")]
    public void Encodes_and_decodes_every_text_type(VersionStringType type, string text, string hex)
    {
        Assert.Equal(Hex(hex), VersionStrings.Encode(type, text));
        Assert.Equal(WireStatus.Done, VersionStrings.TryDecode(type, Hex(hex), out var decoded));
        Assert.Equal(text, decoded);
    }

    [Theory]
    [InlineData("UTF-16 with big-endian mark", "FEFF00760031", "v1")]
    [InlineData("UTF-16 without a mark is big-endian", "00760031", "v1")]
    [InlineData("UTF-16 surrogate pair", "D83DDE00", "\U0001F600")]
    public void Decodes_UTF16_by_its_byte_order(string name, string hex, string text)
    {
        Assert.NotNull(name);
        Assert.Equal(WireStatus.Done, VersionStrings.TryDecode(VersionStringType.Utf16, Hex(hex), out var decoded));
        Assert.Equal(text, decoded);
    }

    [Fact]
    public void Unknown_strings_are_opaque_bytes()
    {
        Assert.Equal(WireStatus.Done, VersionStrings.TryDecode(VersionStringType.Unknown, Hex("00FF80"), out var decoded));
        Assert.Equal("00FF80", decoded);
        Assert.Throws<ArgumentException>(() => VersionStrings.Encode(VersionStringType.Unknown, "x"));
    }

    [Theory]
    [InlineData("reserved string type 6", 6, "31")]
    [InlineData("reserved string type 255", 255, "31")]
    [InlineData("ASCII with a high byte", 1, "31 80")]
    [InlineData("UTF-8 truncated sequence", 2, "C3")]
    [InlineData("UTF-8 overlong encoding", 2, "C0 AF")]
    [InlineData("UTF-16LE odd length", 4, "76 00 31")]
    [InlineData("UTF-16BE lone high surrogate", 5, "D8 3D 00 31")]
    [InlineData("UTF-16LE lone low surrogate", 4, "00 DE")]
    [InlineData("UTF-16 odd length after the mark", 3, "FF FE 76")]
    public void Rejects_malformed_strings(string name, int type, string hex)
    {
        Assert.NotNull(name);
        Assert.Equal(WireStatus.Invalid, VersionStrings.Validate((VersionStringType)type, Hex(hex)));
        Assert.Equal(WireStatus.Invalid, VersionStrings.TryDecode((VersionStringType)type, Hex(hex), out var text));
        Assert.Null(text);
    }

    [Fact]
    public void Refuses_non_ASCII_text_and_over_long_strings()
    {
        Assert.Throws<ArgumentException>(() => VersionStrings.Encode(VersionStringType.Ascii, "é"));
        Assert.Throws<ArgumentException>(() => VersionStrings.Encode(VersionStringType.Ascii, new string('a', 256)));
        Assert.False(VersionStrings.TryEncode(VersionStringType.Ascii, "abc", new byte[2], out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Text_round_trips_through_every_type()
    {
        var types = Gen.OneOfConst(VersionStringType.Utf8, VersionStringType.Utf16, VersionStringType.Utf16LittleEndian, VersionStringType.Utf16BigEndian);
        Gen.Select(types, Gen.String[Gen.Char.AlphaNumeric, 0, 60]).Sample((type, text) =>
        {
            var bytes = VersionStrings.Encode(type, text);
            Assert.Equal(WireStatus.Done, VersionStrings.TryDecode(type, bytes, out var decoded));
            Assert.Equal(text, decoded);
        });
        Gen.String[Gen.Char.AlphaNumeric, 0, 60].Sample(text =>
        {
            Assert.Equal(WireStatus.Done, VersionStrings.TryDecode(VersionStringType.Ascii, VersionStrings.Encode(VersionStringType.Ascii, text), out var decoded));
            Assert.Equal(text, decoded);
        });
    }

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 40]).Sample((type, bytes) =>
        {
            var status = VersionStrings.TryDecode((VersionStringType)type, bytes, out var text);
            Assert.Equal(status == WireStatus.Done, text is not null);
            Assert.Equal(VersionStrings.Validate((VersionStringType)type, bytes), status);
        });
    }
}
