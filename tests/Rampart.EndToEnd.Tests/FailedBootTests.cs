using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Hal.Security;
using Rampart.Host.Recovery;
using Rampart.Images;
using Rampart.Images.Bundle;
using Rampart.Wire.Recovery;

namespace Rampart.EndToEnd.Tests;

/// <summary>Each failure of the issue stops the boot at the right stage, with the statuses the spec gives.</summary>
public sealed class FailedBootTests
{
    private static BootResult Boot(BootOptions options) => new BootRun(options).Run();

    private static void AssertRefusedAtImage(BootResult result, byte index, string stage, ImageVerdict? verdict = null)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(RecoveryOutcome.AuthenticationError, result.Recovery!.Outcome);
        var image = result.Recovery.Images.Last();
        Assert.Equal(index, image.ImageIndex);
        Assert.Equal(RecoveryStatusCode.AuthenticationError, image.RecoveryStatus);
        Assert.Equal(DeviceStatusCode.BootFailure, image.DeviceStatus);
        Assert.Contains(stage, result.FailedStage, StringComparison.Ordinal);
        if (verdict is { } expected)
        {
            Assert.Contains(expected.ToString(), result.Message, StringComparison.Ordinal);
        }

        Assert.All(result.SocImages, i => Assert.False(i.Released));
    }

    [Fact]
    public void A_bad_bundle_signature_stops_the_caliptra_rom_and_the_fmc_never_gets_a_context()
    {
        var result = Boot(new BootOptions
        {
            Tamper = images =>
            {
                var bundle = images.Bundle.ToArray();
                bundle[BundleLayout.VendorEccSignatureOffset + 10] ^= 0x01;
                return images with { Bundle = bundle };
            },
        });
        AssertRefusedAtImage(result, 0, "caliptra rom", ImageVerdict.BundleVendorEccSignatureInvalid);
        Assert.DoesNotContain(result.Stages, s => s.Name.Contains("Fmc", StringComparison.Ordinal));
    }

    [Fact]
    public void A_revoked_vendor_key_stops_the_caliptra_rom()
    {
        var result = Boot(new BootOptions { Fuses = new FuseSettings { RevokedKeys = [(VendorKeyType.Ecc, 0)] } });
        AssertRefusedAtImage(result, 0, "caliptra rom", ImageVerdict.BundleVendorEccKeyRevoked);
    }

    [Fact]
    public void An_svn_below_the_fuse_is_a_rollback()
    {
        var result = Boot(new BootOptions { Fuses = new FuseSettings { RuntimeSvn = 5 }, Images = new BootImageOptions { FirmwareSvn = 3 } });
        AssertRefusedAtImage(result, 0, "caliptra rom", ImageVerdict.BundleSvnRollback);
    }

    [Fact]
    public void A_truncated_bundle_is_refused_by_the_rom()
    {
        var result = Boot(new BootOptions { Tamper = images => images with { Bundle = images.Bundle[..^4096] } });
        Assert.False(result.Succeeded);
        Assert.Contains("caliptra rom", result.FailedStage, StringComparison.Ordinal);
        Assert.Equal(RecoveryStatusCode.AuthenticationError, result.Recovery!.Images.Last().RecoveryStatus);
    }

    [Fact]
    public void An_mcu_runtime_that_is_not_the_one_in_the_manifest_is_refused_by_the_caliptra_runtime()
    {
        var result = Boot(new BootOptions
        {
            Tamper = images =>
            {
                var runtime = images.McuRuntime.ToArray();
                runtime[^1] ^= 0x80;
                return images with { McuRuntime = runtime };
            },
        });
        AssertRefusedAtImage(result, 2, "caliptra Rampart.Firmware.Caliptra.Runtime");
        Assert.DoesNotContain(result.Stages, s => s.Name == "Rampart.Firmware.Mcu.Runtime");
    }

    [Fact]
    public void A_tampered_soc_manifest_is_refused_by_the_caliptra_runtime()
    {
        var result = Boot(new BootOptions
        {
            Tamper = images =>
            {
                var manifest = images.Manifest.ToArray();
                manifest[^1] ^= 0x01; // the last entry's digest
                return images with { Manifest = manifest };
            },
        });
        AssertRefusedAtImage(result, 1, "caliptra Rampart.Firmware.Caliptra.Runtime");
    }

    [Fact]
    public void A_bus_that_corrupts_everything_exhausts_the_retries_without_hanging()
    {
        var result = Boot(new BootOptions
        {
            BeforePowerOn = chip => chip.Bus.Faults.CorruptRate = 1.0,
            Recovery = new RecoveryAgentOptions { MaxTransferAttempts = 3, MaxImageAttempts = 1 },
        });
        Assert.False(result.Succeeded);
        Assert.Contains("stage 1", result.FailedStage, StringComparison.Ordinal);
        Assert.NotEqual(RecoveryOutcome.Success, result.Recovery!.Outcome);
        Assert.True(result.SimulatedNanoseconds < 120L * 1_000_000_000);
    }
}
