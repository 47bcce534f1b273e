using System.Text;
using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Chip.Firmware;
using Rampart.Crypto;
using Rampart.Hal.CoreControl;
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
    public void Revoking_the_only_vendor_key_is_ignored_as_caliptras_rom_does()
    {
        // The development bundle lists one vendor key; the ROM never revokes a descriptor's last key
        // (docs/decisions/0190), so the revocation fuse cannot brick the chip. Revoked-key verdicts
        // are covered by Rampart.Images.Tests with bundles that list several keys.
        var result = Boot(new BootOptions { Fuses = new FuseSettings { RevokedKeys = [(VendorKeyType.Ecc, 0)] } });
        Assert.True(result.Succeeded, result.Message);
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
    public void A_signed_mcu_runtime_whose_app_names_a_library_it_does_not_hold_halts_naming_it()
    {
        const string Vdm = "Rampart.Firmware.Mcu.Apps.Vdm";
        var result = Boot(new BootOptions
        {
            // Vendor-signed and in the manifest, so verified boot passes it: only the runtime can refuse.
            Tamper = images =>
            {
                Assert.True(FirmwareArchive.TryRead(images.McuRuntime, out var runtime));
                var entries = runtime!.Entries.Select(e => e.Name == Vdm ? e with { Bytes = Dangling(e.Bytes) } : e).ToArray();
                var payloads = FirmwareBuildOutputs.Payloads() with { McuRuntime = FirmwareArchive.Write(runtime.EntryTypeName, entries) };
                using var engines = new SoftwareCryptoEngines(Encoding.UTF8.GetBytes("dangling reference"));
                return BootImageBuilder.Build(engines, payloads, new BootImageOptions { Keys = images.Keys });
            },
        });

        Assert.False(result.Succeeded);
        Assert.Equal("mcu Rampart.Firmware.Mcu.Runtime", result.FailedStage);
        Assert.Contains($"app {Vdm} refused: ForbiddenAssembly: Rampart.Missing (a library reference", result.Message, StringComparison.Ordinal);
        Assert.Equal(RecoveryOutcome.Success, result.Recovery!.Outcome);
    }

    /// <summary>The app archive with its reference to Rampart.Protocols renamed to Rampart.Missing.</summary>
    private static byte[] Dangling(ReadOnlyMemory<byte> app)
    {
        Assert.True(FirmwareArchive.TryRead(app, out var archive));
        Assert.Contains(archive!.LibraryReferences, r => r.Name == "Rampart.Protocols");
        return FirmwareArchive.Write(string.Empty, [.. archive.Entries.Select(e => e.Name == "Rampart.Protocols" ? e with { Name = "Rampart.Missing" } : e)]);
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
