using Rampart.Hal.Security;
using Rampart.Platform.Security;

namespace Rampart.Platform.Tests.Security;

public sealed class FuseFieldsTests
{
    [Theory]
    [InlineData("zero", 0, "00000000000000000000000000000000")]
    [InlineData("one", 1, "01000000000000000000000000000000")]
    [InlineData("eight", 8, "ff000000000000000000000000000000")]
    [InlineData("nine", 9, "ff010000000000000000000000000000")]
    [InlineData("max", 128, "ffffffffffffffffffffffffffffffff")]
    public void Svn_one_hot_encoding_matches_vectors(string name, int svn, string hex)
    {
        Assert.NotNull(name);
        var field = new byte[16];
        FuseFields.EncodeSvn(svn, field);
        Assert.Equal(Convert.FromHexString(hex), field);
        Assert.Equal(svn, FuseFields.DecodeSvn(field));
    }

    [Fact]
    public void A_lost_low_bit_does_not_lower_the_svn()
    {
        var field = new byte[16];
        FuseFields.EncodeSvn(20, field);
        field[0] &= 0xFE;
        Assert.Equal(20, FuseFields.DecodeSvn(field));
    }

    [Fact]
    public void Runtime_svn_only_rises()
    {
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.BurnRuntimeSvn(5));
        Assert.Equal(FuseStatus.Ok, fuses.BurnRuntimeSvn(3));
        Assert.Equal(FuseStatus.Ok, fuses.ReadRuntimeSvn(out var svn));
        Assert.Equal(5, svn);
        Assert.Equal(FuseStatus.ValueOutOfRange, fuses.BurnRuntimeSvn(129));
        Assert.Equal(FuseStatus.Ok, fuses.BurnRuntimeSvn(128));
        Assert.Equal(FuseStatus.Ok, fuses.ReadRuntimeSvn(out svn));
        Assert.Equal(128, svn);
    }

    [Fact]
    public void Soc_manifest_svn_respects_the_fused_max()
    {
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.Svn, FuseLayout.SocManifestMaxSvnOffset, [10]));
        Assert.Equal(FuseStatus.Ok, fuses.BurnSocManifestSvn(10));
        Assert.Equal(FuseStatus.ValueOutOfRange, fuses.BurnSocManifestSvn(11));
        Assert.Equal(FuseStatus.Ok, fuses.ReadSocManifestSvn(out var svn));
        Assert.Equal(10, svn);
    }

    [Theory]
    [InlineData(VendorKeyType.Ecc, 3)]
    [InlineData(VendorKeyType.Lms, 31)]
    [InlineData(VendorKeyType.MlDsa, 0)]
    public void Revoking_a_key_sets_only_its_bit(VendorKeyType type, int index)
    {
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.RevokeKey(type, index));
        Assert.Equal(FuseStatus.Ok, fuses.IsKeyRevoked(type, index, out var revoked));
        Assert.True(revoked);
        foreach (var other in new[] { VendorKeyType.Ecc, VendorKeyType.Lms, VendorKeyType.MlDsa })
        {
            Assert.Equal(FuseStatus.Ok, fuses.IsKeyRevoked(other, 1, out var otherRevoked));
            Assert.Equal(other == type && index == 1, otherRevoked);
        }
    }

    [Theory]
    [InlineData("ECC has 4 keys", VendorKeyType.Ecc, 4)]
    [InlineData("LMS has 32 keys", VendorKeyType.Lms, 32)]
    [InlineData("ML-DSA has 4 keys", VendorKeyType.MlDsa, 4)]
    [InlineData("negative", VendorKeyType.Ecc, -1)]
    public void Revocation_outside_the_field_is_refused(string name, VendorKeyType type, int index)
    {
        Assert.NotNull(name);
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.ValueOutOfRange, fuses.RevokeKey(type, index));
        Assert.Equal(new OtpFuseController().Export(), fuses.Export());
    }

    [Fact]
    public void Anti_rollback_disable_reads_its_bit()
    {
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.IsAntiRollbackDisabled(out var disabled));
        Assert.False(disabled);
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.AntiRollback, 0, [1]));
        Assert.Equal(FuseStatus.Ok, fuses.IsAntiRollbackDisabled(out disabled));
        Assert.True(disabled);
    }
}
