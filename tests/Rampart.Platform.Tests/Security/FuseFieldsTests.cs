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

    [Fact]
    public void The_ueid_is_words_11_to_15_of_the_idevid_attributes_as_caliptra_assembles_it()
    {
        // caliptra-sw's cert_test_with_ueid: word 11 = 0x00000001, words 12…15 = 0x04030201 … 0x100F0E0D.
        var fuses = new OtpFuseController();
        var ueid = new byte[FuseLayout.UeidSize];
        Assert.Equal(FuseStatus.Ok, fuses.ReadUeid(ueid));
        Assert.Equal(new byte[17], ueid);

        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.IdevidCertAttributes, 44, Convert.FromHexString("01000000" + "01020304" + "05060708" + "090A0B0C" + "0D0E0F10")));
        Assert.Equal(FuseStatus.Ok, fuses.ReadUeid(ueid));
        Assert.Equal("010102030405060708090A0B0C0D0E0F10", Convert.ToHexString(ueid));
    }

    [Fact]
    public void Burning_a_ueid_writes_type_and_serial_and_a_conflicting_one_changes_nothing()
    {
        var fuses = new OtpFuseController();
        var ueid = Convert.FromHexString("01A1A2A3A4A5A6A7A8A9AAABACADAEAFB0");
        Assert.Equal(FuseStatus.Ok, fuses.BurnUeid(ueid));
        var attributes = new byte[FuseLayout.IdevidCertAttributesSize];
        Assert.Equal(FuseStatus.Ok, fuses.Read(FusePartition.IdevidCertAttributes, 0, attributes));
        Assert.Equal(0x01, attributes[44]);
        Assert.Equal(ueid[1..], attributes[48..64]);
        attributes[44] = 0;
        attributes.AsSpan(48, 16).Clear();
        Assert.Equal(new byte[FuseLayout.IdevidCertAttributesSize], attributes);
        Assert.Equal(FuseStatus.Ok, fuses.BurnUeid(ueid));

        var before = fuses.Export();
        var other = (byte[])ueid.Clone();
        other[0] = 0x02;
        other[16] = 0x01;
        Assert.Equal(FuseStatus.WouldClearBits, fuses.BurnUeid(other));
        Assert.Equal(before, fuses.Export());
        Assert.Equal(FuseStatus.ValueOutOfRange, fuses.BurnUeid(ueid[..16]));
        Assert.Equal(FuseStatus.Ok, fuses.Lock(FusePartition.IdevidCertAttributes));
        var read = new byte[FuseLayout.UeidSize];
        Assert.Equal(FuseStatus.Ok, fuses.ReadUeid(read));
        Assert.Equal(ueid, read);
    }
}
