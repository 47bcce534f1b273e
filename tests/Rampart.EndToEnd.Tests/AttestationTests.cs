using System.Security.Cryptography;
using Rampart.Chip.Boot;
using Rampart.Host.Attestation;
using Rampart.Host.Mctp;
using Rampart.Protocols.Caliptra;

namespace Rampart.EndToEnd.Tests;

/// <summary>
/// The boot ends with the BMC attesting the device over SPDM on MCTP: the MCU's responder app with
/// Caliptra doing every crypto operation, checked against the manufacturer CA and reference
/// values derived from the images the BMC streamed.
/// </summary>
[Collection("default boot")]
public sealed class AttestationTests(BootFixture boot)
{
    [Fact]
    public void The_default_boot_is_attested_trusted_with_every_image_measured()
    {
        var report = Assert.IsType<AttestationReport>(boot.Result.Attestation);

        Assert.Equal("trusted", report.Verdict);
        Assert.All(report.Checks, c => Assert.Equal(CheckVerdict.Pass, c.Verdict));
        Assert.Equal(5, report.Certificates.Count);
        var images = boot.Run.Images!;
        Assert.Equal(SpdmMeasurementLayout.FirstImage + images.SocImages.Count, report.Measurements.Count);
        Assert.Equal(Hex(SHA384.HashData(images.McuRuntime)), report.Measurements.Single(m => m.Index == SpdmMeasurementLayout.FirstImage).Digest);
        Assert.Equal(Hex(SHA384.HashData(images.Manifest)), report.Measurements.Single(m => m.Index == SpdmMeasurementLayout.SocManifestDigest).Digest);
        Assert.Equal(Hex(SHA384.HashData(images.SocImages[^1].Image.Span)), report.Measurements[^1].Digest);
    }

    [Fact]
    public void A_reference_value_that_differs_turns_the_verdict_to_mismatch_and_fails_the_boot()
    {
        var images = boot.Run.Images!;
        using var engines = new Rampart.Crypto.SoftwareCryptoEngines(1);
        Assert.True(ImageReferenceValues.TryDerive(images.Bundle, images.Manifest, engines.Sha, out var derived, out _));
        var digests = derived!.Digests.ToDictionary(d => d.Key, d => d.Value);
        digests[SpdmMeasurementLayout.FirstImage + 1] = new byte[48];

        var result = new BootRun(new BootOptions { AttestationReference = ReferenceValues.From(digests) }).Run();

        Assert.False(result.Succeeded);
        Assert.Equal("attestation", result.FailedStage);
        var report = Assert.IsType<AttestationReport>(result.Attestation);
        Assert.Equal("mismatch", report.Verdict);
        Assert.Equal(CheckVerdict.Fail, report.Measurements.Single(m => m.Index == SpdmMeasurementLayout.FirstImage + 1).Verdict);
        Assert.Contains("differ at index 11", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_soc_image_changes_its_measurement_and_still_attests_against_its_own_images()
    {
        var result = new BootRun(new BootOptions { Images = new BootImageOptions { SocImageSizes = [64 * 1024, 20 * 1024] } }).Run();

        Assert.True(result.Succeeded, $"{result.FailedStage}: {result.Message}");
        var report = Assert.IsType<AttestationReport>(result.Attestation);
        Assert.Equal("trusted", report.Verdict);
        var defaults = boot.Result.Attestation!.Measurements;
        Assert.NotEqual(defaults[^1].Digest, report.Measurements[^1].Digest);
        Assert.Equal(defaults.Single(m => m.Index == SpdmMeasurementLayout.FmcDigest).Digest, report.Measurements.Single(m => m.Index == SpdmMeasurementLayout.FmcDigest).Digest);
    }

    [Fact]
    public void A_chain_that_does_not_start_at_the_trusted_root_fails_attestation()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var root = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Someone Else", other, HashAlgorithmName.SHA384)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(50)).RawData;

        var result = new BootRun(new BootOptions { AttestationTrustRoot = root }).Run();

        Assert.False(result.Succeeded);
        Assert.Equal("attestation", result.FailedStage);
        Assert.Equal("failed", result.Attestation!.Verdict);
        Assert.Contains("chain to trust anchor", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_and_out_of_order_spdm_gets_errors_and_the_responder_keeps_answering()
    {
        MctpHostResponse? early = null;
        MctpHostResponse? truncated = null;
        MctpHostResponse? garbageRecord = null;
        MctpHostResponse? version = null;
        var run = new BootRun(new BootOptions
        {
            Attest = false,
            AfterBoot = async endpoint =>
            {
                early = await endpoint.SendRequestAsync(new byte[] { 0x05, 0x12, 0xE0, 0x00, 0x00 });
                truncated = await endpoint.SendRequestAsync(new byte[] { 0x05, 0x10 });
                garbageRecord = await endpoint.SendRequestAsync(new byte[] { 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x10, 0x00, 1, 2, 3 });
                version = await endpoint.SendRequestAsync(new byte[] { 0x05, 0x10, 0x84, 0x00, 0x00 });
            },
        });

        var result = run.Run();

        Assert.True(result.Succeeded, $"{result.FailedStage}: {result.Message}");

        // GET_MEASUREMENTS before GET_VERSION: ERROR(UnexpectedRequest = 0x04).
        Assert.True(early!.IsOk);
        Assert.Equal(new byte[] { 0x05, 0x7F, 0x04 }, new[] { early.Message.Span[0], early.Message.Span[2], early.Message.Span[3] });

        // One byte of SPDM is no message: ERROR(InvalidRequest = 0x01).
        Assert.True(truncated!.IsOk);
        Assert.Equal(new byte[] { 0x05, 0x7F, 0x01 }, new[] { truncated.Message.Span[0], truncated.Message.Span[2], truncated.Message.Span[3] });

        // A secured record for no session is dropped without an answer (DSP0277).
        Assert.False(garbageRecord!.IsOk);
        Assert.True(version!.IsOk);
        Assert.Equal(new byte[] { 0x05, 0x10, 0x04 }, version.Message.Span[..3].ToArray());
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
