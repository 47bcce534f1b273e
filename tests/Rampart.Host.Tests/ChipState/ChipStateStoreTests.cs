using CsCheck;
using Rampart.Hal.Security;
using Rampart.Host.ChipState;
using Rampart.Platform.Security;

namespace Rampart.Host.Tests.ChipState;

public sealed class ChipStateStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rampart-chipstate-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static byte[] ProvisionedImage()
    {
        var fuses = new OtpFuseController();
        var secrets = new DevelopmentSecrets("test-chip");
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.UdsSeed, 0, secrets.UdsSeed()));
        Assert.Equal(FuseStatus.Ok, fuses.Lock(FusePartition.UdsSeed));
        Assert.Equal(FuseStatus.Ok, fuses.BurnRuntimeSvn(3));
        return fuses.Export();
    }

    [Fact]
    public void Fuses_round_trip_through_the_state_directory()
    {
        var store = new ChipStateStore(_root);
        var image = ProvisionedImage();
        Assert.Equal(ChipStateStatus.Ok, store.WriteFuses("dev-1", image));
        Assert.True(store.Exists("dev-1"));
        Assert.Equal(ChipStateStatus.Ok, store.ReadFuses("dev-1", out var read));
        Assert.Equal(image, read);
        Assert.Equal(["dev-1"], store.ListChips());
        Assert.Empty(Directory.GetFiles(store.ChipDirectory("dev-1"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_missing_chip_is_not_found()
    {
        var store = new ChipStateStore(_root);
        Assert.Equal(ChipStateStatus.NotFound, store.ReadFuses("nobody", out var image));
        Assert.Empty(image);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("path traversal", "../etc")]
    [InlineData("slash", "a/b")]
    [InlineData("hidden", ".chip")]
    [InlineData("space", "my chip")]
    [InlineData("too long", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Bad_chip_names_are_refused(string name, string chip)
    {
        Assert.NotNull(name);
        var store = new ChipStateStore(_root);
        Assert.False(ChipStateStore.IsValidChipName(chip));
        Assert.Equal(ChipStateStatus.InvalidName, store.WriteFuses(chip, [1]));
        Assert.Equal(ChipStateStatus.InvalidName, store.ReadFuses(chip, out _));
        Assert.False(Directory.Exists(_root));
    }

    [Fact]
    public void A_tampered_fuse_file_is_refused_for_every_sampled_byte()
    {
        var store = new ChipStateStore(_root);
        Assert.Equal(ChipStateStatus.Ok, store.WriteFuses("victim", ProvisionedImage()));
        var path = Path.Combine(store.ChipDirectory("victim"), ChipStateStore.FuseFileName);
        var original = File.ReadAllBytes(path);
        Gen.Int[0, original.Length - 1].Select(Gen.Byte[1, 255]).Sample((index, mask) =>
        {
            var tampered = (byte[])original.Clone();
            tampered[index] ^= mask;
            File.WriteAllBytes(path, tampered);
            var status = store.ReadFuses("victim", out var image);
            Assert.True(status is ChipStateStatus.Corrupted or ChipStateStatus.Malformed, $"byte {index} ^ {mask:x2}: {status}");
            Assert.Empty(image);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void A_truncated_or_extended_fuse_file_is_refused()
    {
        var store = new ChipStateStore(_root);
        Assert.Equal(ChipStateStatus.Ok, store.WriteFuses("short", ProvisionedImage()));
        var path = Path.Combine(store.ChipDirectory("short"), ChipStateStore.FuseFileName);
        var original = File.ReadAllBytes(path);
        foreach (var length in new[] { 0, 1, 15, 16, original.Length - 1 })
        {
            File.WriteAllBytes(path, original[..length]);
            Assert.Equal(ChipStateStatus.Malformed, store.ReadFuses("short", out _));
        }

        File.WriteAllBytes(path, [.. original, 0]);
        Assert.Equal(ChipStateStatus.Malformed, store.ReadFuses("short", out _));
    }

    [Fact]
    public void A_file_of_another_kind_is_not_taken_for_fuses()
    {
        var store = new ChipStateStore(_root);
        Assert.Equal(ChipStateStatus.Ok, store.Write("chip", ChipStateStore.FuseFileName, "LMSI"u8, [1, 2, 3]));
        Assert.Equal(ChipStateStatus.Malformed, store.ReadFuses("chip", out _));
    }

    [Fact]
    public void A_rewrite_replaces_the_file_whole()
    {
        var store = new ChipStateStore(_root);
        Assert.Equal(ChipStateStatus.Ok, store.WriteFuses("chip", [1, 2, 3]));
        Assert.Equal(ChipStateStatus.Ok, store.WriteFuses("chip", [4]));
        Assert.Equal(ChipStateStatus.Ok, store.ReadFuses("chip", out var image));
        Assert.Equal([4], image);
    }

    [Fact]
    public void The_default_root_is_under_the_users_data_folder()
    {
        Assert.EndsWith(Path.Combine("rampart", "chips"), ChipStateStore.DefaultRoot, StringComparison.Ordinal);
        Assert.DoesNotContain("/work/main", ChipStateStore.DefaultRoot, StringComparison.Ordinal);
    }
}
