using System.Text;
using Rampart.Crypto;
using Rampart.Hal.Security;
using Rampart.Host.ChipState;
using Rampart.Identity.Manufacturing;
using Rampart.Platform.Security;

namespace Rampart.Host.Tests.ChipState;

public sealed class DevelopmentProvisioningTests : IDisposable
{
    private readonly SoftwareCryptoEngines _engines = new(1UL);

    public void Dispose() => _engines.Dispose();

    private (OtpFuseController Fuses, LifecycleController Lifecycle, DevelopmentProvisioning Provisioning) Chip(string seed, OtpFuseController? fuses = null)
    {
        fuses ??= new OtpFuseController();
        var lifecycle = new LifecycleController(fuses, new KeyVault(_engines), _engines);
        return (fuses, lifecycle, new DevelopmentProvisioning(fuses, fuses.ReadRaw, lifecycle, _engines, new DevelopmentSecrets(seed)));
    }

    [Theory]
    [InlineData(LifecycleState.Raw, 0)]
    [InlineData(LifecycleState.TestLocked, 2)]
    [InlineData(LifecycleState.Manufacturing, 2)]
    [InlineData(LifecycleState.Production, 3)]
    [InlineData(LifecycleState.ProdEnd, 4)]
    public void A_blank_chip_reaches_the_requested_state(LifecycleState target, int transitions)
    {
        var (fuses, lifecycle, provisioning) = Chip("s");
        Assert.Null(provisioning.Run(target, null, null));
        Assert.Equal(target, lifecycle.State);
        Assert.Equal(transitions, lifecycle.TransitionCount);
        Assert.True(fuses.IsLocked(FusePartition.UdsSeed));
        Assert.True(fuses.IsLocked(FusePartition.FieldEntropy));
        Assert.True(fuses.IsLocked(FusePartition.LifecycleTokens));
        var uds = new byte[64];
        Assert.Equal(FuseStatus.Ok, fuses.ReadRaw(FusePartition.UdsSeed, 0, uds));
        Assert.Equal(new DevelopmentSecrets("s").UdsSeed(), uds);
    }

    [Fact]
    public void The_same_seed_gives_the_same_fuse_image_and_reprovisioning_changes_nothing()
    {
        var first = Chip("same");
        var second = Chip("same");
        var hash = Enumerable.Repeat((byte)0xAB, 48).ToArray();
        Assert.Null(first.Provisioning.Run(LifecycleState.Production, hash, hash));
        Assert.Null(second.Provisioning.Run(LifecycleState.Production, hash, hash));
        Assert.Equal(first.Fuses.Export(), second.Fuses.Export());
        var again = Chip("same", first.Fuses);
        Assert.Null(again.Provisioning.Run(LifecycleState.Production, hash, hash));
        Assert.Equal(second.Fuses.Export(), first.Fuses.Export());
    }

    [Fact]
    public void Another_seed_on_a_provisioned_chip_is_refused()
    {
        var first = Chip("one");
        Assert.Null(first.Provisioning.Run(LifecycleState.Manufacturing, null, null));
        var other = Chip("two", first.Fuses);
        Assert.Contains("UdsSeed", other.Provisioning.Run(LifecycleState.Manufacturing, null, null), StringComparison.Ordinal);
    }

    [Fact]
    public void A_production_chip_cannot_be_provisioned_back_to_manufacturing()
    {
        var chip = Chip("p");
        Assert.Null(chip.Provisioning.Run(LifecycleState.Production, null, null));
        Assert.Contains("cannot move", chip.Provisioning.Run(LifecycleState.Manufacturing, null, null), StringComparison.Ordinal);
    }

    [Fact]
    public void The_printed_tokens_open_the_transitions()
    {
        var chip = Chip("tokens");
        Assert.Null(chip.Provisioning.Run(LifecycleState.Production, null, null));
        var rma = Convert.FromHexString(chip.Provisioning.Result().Tokens.Single(t => t.Key == nameof(LifecycleToken.Rma)).Value);
        Assert.Equal(LifecycleStatus.Ok, chip.Lifecycle.Transition(LifecycleState.Rma, rma));
    }

    [Fact]
    public void The_report_shows_secrets_only_as_burned()
    {
        var chip = Chip("report");
        Assert.Null(chip.Provisioning.Run(LifecycleState.Production, null, null));
        Assert.Equal(FuseStatus.Ok, chip.Fuses.BurnRuntimeSvn(9));
        Assert.Equal(FuseStatus.Ok, chip.Fuses.RevokeKey(VendorKeyType.Lms, 5));
        var report = FuseReport.Create("report", "/x", chip.Fuses, chip.Fuses.ReadRaw, chip.Lifecycle);
        Assert.Equal(LifecycleState.Production, report.Lifecycle);
        Assert.Equal("Production", report.CaliptraLifecycle);
        Assert.Equal(9, report.RuntimeSvn);
        Assert.Equal([5], report.RevokedLmsKeys);
        var uds = report.Partitions.Single(p => p.Name == nameof(FusePartition.UdsSeed));
        Assert.Null(uds.Hex);
        Assert.False(uds.Blank);
        Assert.Contains("levels 1", report.Partitions.Single(p => p.Name == nameof(FusePartition.DebugUnlockKeys)).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Provisioning_fuses_the_development_devices_ueid_and_locks_the_idevid_attributes()
    {
        var chip = Chip("ueid");
        Assert.Null(chip.Provisioning.Run(LifecycleState.Production, null, null));
        using var device = DevelopmentDevice.FromSeed(_engines.Kdf, Encoding.UTF8.GetBytes("ueid"));
        Assert.Equal(device.Ueid, FusedUeid(chip.Fuses));
        Assert.True(chip.Fuses.IsLocked(FusePartition.IdevidCertAttributes));

        var other = Chip("other ueid");
        Assert.Null(other.Provisioning.Run(LifecycleState.Production, null, null));
        Assert.NotEqual(FusedUeid(chip.Fuses), FusedUeid(other.Fuses));

        var report = FuseReport.Create("ueid", "/x", chip.Fuses, chip.Fuses.ReadRaw, chip.Lifecycle);
        Assert.Equal(Convert.ToHexStringLower(device.Ueid), report.Ueid);
        Assert.Equal("UEID " + Convert.ToHexStringLower(device.Ueid), report.Partitions.Single(p => p.Name == nameof(FusePartition.IdevidCertAttributes)).Summary);
    }

    [Fact]
    public void A_ueid_fused_before_provisioning_is_kept()
    {
        var fuses = new OtpFuseController();
        var manufacturers = Convert.FromHexString("010102030405060708090A0B0C0D0E0F10");
        Assert.Equal(FuseStatus.Ok, fuses.BurnUeid(manufacturers));
        var chip = Chip("kept", fuses);
        Assert.Null(chip.Provisioning.Run(LifecycleState.Production, null, null));
        Assert.Equal(manufacturers, FusedUeid(fuses));
    }

    [Fact]
    public void A_chip_whose_uds_was_fused_before_gets_no_ueid_and_reprovisioning_adds_none()
    {
        // A chip provisioned before the UEID was a fuse (decision 0274): its UDS is fused and locked, its IDevID attributes blank.
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.UdsSeed, 0, new DevelopmentSecrets("old").UdsSeed()));
        Assert.Equal(FuseStatus.Ok, fuses.Lock(FusePartition.UdsSeed));
        var chip = Chip("old", fuses);
        Assert.Null(chip.Provisioning.Run(LifecycleState.Production, null, null));
        Assert.Equal(new byte[FuseLayout.UeidSize], FusedUeid(fuses));
        Assert.False(fuses.IsLocked(FusePartition.IdevidCertAttributes));
        Assert.Null(FuseReport.Create("old", "/x", fuses, fuses.ReadRaw, chip.Lifecycle).Ueid);

        var image = fuses.Export();
        Assert.Null(Chip("old", fuses).Provisioning.Run(LifecycleState.Production, null, null));
        Assert.Equal(image, fuses.Export());
    }

    private static byte[] FusedUeid(OtpFuseController fuses)
    {
        var ueid = new byte[FuseLayout.UeidSize];
        Assert.Equal(FuseStatus.Ok, fuses.ReadUeid(ueid));
        return ueid;
    }
}
