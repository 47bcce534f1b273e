using Rampart.Host.ChipState;

namespace Rampart.Host.Tests.ChipState;

public sealed class ChipStateFileTests
{
    [Fact]
    public void A_sealed_file_has_the_documented_layout()
    {
        var file = ChipStateFile.Seal("FUSE"u8, [0xAA, 0xBB]);
        Assert.Equal(ChipStateFile.HeaderSize + 2 + ChipStateFile.DigestSize, file.Length);
        Assert.Equal(Convert.FromHexString("52504353" + "0100" + "0000" + "46555345" + "02000000" + "aabb"), file[..18]);
        Assert.Equal(System.Security.Cryptography.SHA384.HashData(file.AsSpan(0, 18)), file[18..]);
    }

    [Theory]
    [InlineData("wrong magic", 0)]
    [InlineData("wrong version", 4)]
    [InlineData("flags set", 6)]
    [InlineData("length", 12)]
    public void Header_faults_are_refused(string name, int offset)
    {
        Assert.NotNull(name);
        var file = ChipStateFile.Seal("FUSE"u8, [1, 2, 3]);
        file[offset] ^= 0x01;
        Assert.NotEqual(ChipStateStatus.Ok, ChipStateFile.TryOpen(file, "FUSE"u8, out var payload));
        Assert.True(payload.IsEmpty);
    }

    [Fact]
    public void A_payload_bit_flip_is_corrupted()
    {
        var file = ChipStateFile.Seal("FUSE"u8, [1, 2, 3]);
        file[ChipStateFile.HeaderSize + 1] ^= 0x80;
        Assert.Equal(ChipStateStatus.Corrupted, ChipStateFile.TryOpen(file, "FUSE"u8, out _));
    }

    [Fact]
    public void Same_secrets_from_the_same_seed()
    {
        var a = new DevelopmentSecrets("seed-a");
        var b = new DevelopmentSecrets("seed-a");
        var c = new DevelopmentSecrets("seed-b");
        Assert.Equal(a.UdsSeed(), b.UdsSeed());
        Assert.NotEqual(a.UdsSeed(), c.UdsSeed());
        Assert.NotEqual(a.UdsSeed()[..32], a.FieldEntropy());
        Assert.NotEqual(a.Token(Rampart.Hal.Security.LifecycleToken.Rma), a.Token(Rampart.Hal.Security.LifecycleToken.TestExit));
    }
}
