using CsCheck;
using Rampart.Hal.Security;
using Rampart.Platform.Security;

namespace Rampart.Platform.Tests.Security;

public sealed class OtpFuseControllerTests
{
    [Fact]
    public void A_blank_array_reads_zero_and_verifies()
    {
        var fuses = new OtpFuseController();
        foreach (var partition in FuseLayout.All)
        {
            Assert.Equal(FuseStatus.Ok, fuses.Verify(partition));
            Assert.False(fuses.IsLocked(partition));
        }

        var hash = new byte[FuseLayout.HashSize];
        Assert.Equal(FuseStatus.Ok, fuses.Read(FusePartition.OwnerKeys, 0, hash));
        Assert.All(hash, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Programmed_bits_read_back()
    {
        var fuses = new OtpFuseController();
        var hash = Enumerable.Range(1, 48).Select(i => (byte)i).ToArray();
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.OwnerKeys, 0, hash));
        var read = new byte[48];
        Assert.Equal(FuseStatus.Ok, fuses.Read(FusePartition.OwnerKeys, 0, read));
        Assert.Equal(hash, read);
    }

    [Fact]
    public void Fuses_cannot_be_cleared()
    {
        Gen.Byte.Array[FuseLayout.OwnerKeysSize].Select(Gen.Int[0, (FuseLayout.OwnerKeysSize * 8) - 1]).Sample((value, bit) =>
        {
            value[bit / 8] |= (byte)(1 << (bit % 8));
            var fuses = new OtpFuseController();
            Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.OwnerKeys, 0, value));
            var cleared = (byte[])value.Clone();
            cleared[bit / 8] &= (byte)~(1 << (bit % 8));
            Assert.Equal(FuseStatus.WouldClearBits, fuses.Program(FusePartition.OwnerKeys, 0, cleared));
            var read = new byte[FuseLayout.OwnerKeysSize];
            Assert.Equal(FuseStatus.Ok, fuses.Read(FusePartition.OwnerKeys, 0, read));
            Assert.Equal(value, read);
        }, iter: 200);
    }

    [Fact]
    public void Setting_more_bits_is_allowed()
    {
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.AntiRollback, 0, [0x01]));
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.AntiRollback, 0, [0x03]));
        Assert.Equal(FuseStatus.WouldClearBits, fuses.Program(FusePartition.AntiRollback, 0, [0x02]));
    }

    [Fact]
    public void A_locked_partition_cannot_be_written()
    {
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.VendorKeys, 0, [0x10]));
        Assert.Equal(FuseStatus.Ok, fuses.Lock(FusePartition.VendorKeys));
        Assert.True(fuses.IsLocked(FusePartition.VendorKeys));
        Assert.Equal(FuseStatus.PartitionLocked, fuses.Program(FusePartition.VendorKeys, 0, [0x30]));
        Assert.Equal(FuseStatus.PartitionLocked, fuses.ProgramBits(FusePartition.VendorKeys, 1, [0x01]));
        var read = new byte[2];
        Assert.Equal(FuseStatus.Ok, fuses.Read(FusePartition.VendorKeys, 0, read));
        Assert.Equal(new byte[] { 0x10, 0x00 }, read);
        Assert.Equal(FuseStatus.Ok, fuses.Lock(FusePartition.VendorKeys));
    }

    [Theory]
    [InlineData("negative offset", -1, 1)]
    [InlineData("past the end", 48, 1)]
    [InlineData("straddles the end", 40, 9)]
    public void Out_of_range_requests_are_refused(string name, int offset, int length)
    {
        Assert.NotNull(name);
        var fuses = new OtpFuseController();
        var buffer = new byte[length];
        Array.Fill(buffer, (byte)0xFF);
        Assert.Equal(FuseStatus.OutOfRange, fuses.Program(FusePartition.OwnerKeys, offset, buffer));
        Assert.Equal(FuseStatus.OutOfRange, fuses.Read(FusePartition.OwnerKeys, offset, buffer));
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void An_unknown_partition_is_refused()
    {
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.UnknownPartition, fuses.Program((FusePartition)0x7F, 0, [1]));
        Assert.Equal(FuseStatus.UnknownPartition, fuses.Read((FusePartition)0x7F, 0, new byte[1]));
    }

    [Fact]
    public void Secret_partitions_are_not_readable_by_firmware()
    {
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.UdsSeed, 0, [0xAA]));
        var read = new byte[1];
        Assert.Equal(FuseStatus.SecretPartition, fuses.Read(FusePartition.UdsSeed, 0, read));
        Assert.Equal(0, read[0]);
        Assert.Equal(FuseStatus.SecretPartition, fuses.Read(FusePartition.FieldEntropy, 0, read));
        Assert.Equal(FuseStatus.Ok, fuses.ReadRaw(FusePartition.UdsSeed, 0, read));
        Assert.Equal(0xAA, read[0]);
    }

    [Fact]
    public void A_flipped_fuse_bit_is_caught_by_the_digest_on_read()
    {
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.OwnerKeys, 0, [0x5A]));
        fuses.InjectBitFlip(FusePartition.OwnerKeys, 3);
        var read = new byte[1];
        Assert.Equal(FuseStatus.DigestMismatch, fuses.Read(FusePartition.OwnerKeys, 0, read));
        Assert.Equal(0, read[0]);
        Assert.Equal(FuseStatus.DigestMismatch, fuses.Verify(FusePartition.OwnerKeys));
        Assert.Equal(FuseStatus.DigestMismatch, fuses.Program(FusePartition.OwnerKeys, 1, [0x01]));
    }

    [Fact]
    public void Export_and_import_round_trip_with_locks()
    {
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.UdsSeed, 0, Enumerable.Repeat((byte)0xC3, 64).ToArray()));
        Assert.Equal(FuseStatus.Ok, fuses.Lock(FusePartition.UdsSeed));
        Assert.Equal(FuseStatus.Ok, fuses.BurnRuntimeSvn(7));
        var image = fuses.Export();
        Assert.Equal(OtpFuseController.ImageSize, image.Length);

        var copy = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, copy.Import(image));
        Assert.True(copy.IsLocked(FusePartition.UdsSeed));
        Assert.Equal(FuseStatus.Ok, copy.ReadRuntimeSvn(out var svn));
        Assert.Equal(7, svn);
        Assert.Equal(image, copy.Export());
    }

    [Fact]
    public void A_tampered_image_is_refused_and_changes_nothing()
    {
        var source = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, source.Program(FusePartition.OwnerKeys, 0, [0x11, 0x22]));
        Assert.Equal(FuseStatus.Ok, source.Lock(FusePartition.OwnerKeys));
        var image = source.Export();
        Gen.Int[0, image.Length - 1].Select(Gen.Int[0, 7]).Sample((index, bit) =>
        {
            var tampered = (byte[])image.Clone();
            tampered[index] ^= (byte)(1 << bit);
            var target = new OtpFuseController();
            var before = target.Export();
            var status = target.Import(tampered);
            Assert.True(status is FuseStatus.DigestMismatch or FuseStatus.MalformedImage, $"byte {index} bit {bit}: {status}");
            Assert.Equal(before, target.Export());
        }, iter: 400);
    }

    [Theory]
    [InlineData("empty", 0)]
    [InlineData("one short", -1)]
    [InlineData("one long", 1)]
    public void An_image_of_the_wrong_size_is_malformed(string name, int delta)
    {
        Assert.NotNull(name);
        var image = new OtpFuseController().Export();
        var resized = delta == 0 && name == "empty" ? [] : new byte[image.Length + delta];
        if (resized.Length > 0)
        {
            image.AsSpan(0, Math.Min(image.Length, resized.Length)).CopyTo(resized);
        }

        Assert.Equal(FuseStatus.MalformedImage, new OtpFuseController().Import(resized));
    }

}
