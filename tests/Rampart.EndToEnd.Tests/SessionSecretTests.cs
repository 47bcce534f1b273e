using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Security;
using Rampart.Host.SpdmDump;
using Rampart.Host.Tests.SpdmDump;
using Rampart.Protocols.Spdm;
using Rampart.Wire;

namespace Rampart.EndToEnd.Tests;

/// <summary>
/// Session secrets for DMTF's spdm_dump through the whole chip (decision 0276): with the debug
/// strap set, the MCU's SPDM app asks Caliptra for each session's DHE secret and writes it to the
/// debug port. On a development chip it is the secret the BMC's requester computed, and with the
/// BMC's capture it opens every record of the session; on a production chip Caliptra refuses; with
/// the strap off nothing is asked.
/// </summary>
public sealed class SessionSecretTests
{
    [Fact]
    public async Task On_a_manufacturing_chip_the_device_s_secret_decrypts_the_captured_session()
    {
        using var pcap = new MemoryStream();
        var bmcSecrets = new SpdmDumpSecretsFile(new StringWriter(), "bmc");
        var (result, run) = Boot(LifecycleState.Manufacturing, pcap, bmcSecrets);

        Assert.True(result.Succeeded, $"{result.FailedStage}: {result.Message}");
        var device = DeviceExports(run);
        var export = Assert.Single(device);
        Assert.False(export.Refused);
        var bmc = Assert.Single(bmcSecrets.Sessions);
        Assert.Equal(bmc.SessionId, export.SessionId);
        Assert.Equal(bmc.Secret, export.Secret);

        var opened = await SpdmDumpReplay.OpenFirstSessionAsync(pcap.ToArray(), export.Secret!);
        Assert.Equal(new byte[] { 0xE5, 0x65, 0xE8, 0x68, 0xEC, 0x6C }, opened.Select(o => o.Code));
        Assert.Contains(result.Trace, e => e.Source == "caliptra.rt" && e.Kind == "cm.ecdh.debug-export");
    }

    [Fact]
    public void On_a_production_chip_Caliptra_refuses_and_attestation_still_passes()
    {
        var (result, run) = Boot(LifecycleState.Production, null, null);

        Assert.True(result.Succeeded, $"{result.FailedStage}: {result.Message}");
        Assert.True(Assert.Single(DeviceExports(run)).Refused);
        Assert.Contains(result.Trace, e => e.Source == "caliptra.rt" && e.Kind == "mailbox.failure" && e.Detail.Contains("ExportNotDevelopmentChip", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Trace, e => e.Kind == "cm.ecdh.debug-export");
    }

    private static List<SpdmDheSecretExport> DeviceExports(BootRun run) =>
        [.. run.Chip!.DebugPort.Records.Select(r => SpdmSessionSecretRecord.TryRead(r.Data, out var e) == WireStatus.Done ? e! : throw new InvalidDataException("malformed record"))];

    private static (BootResult Result, BootRun Run) Boot(LifecycleState lifecycle, Stream? capture, ISpdmDheSecretSink? secrets)
    {
        var run = new BootRun(new BootOptions
        {
            Seed = "session-secrets",
            Fuses = new FuseSettings { Lifecycle = lifecycle },
            Chip = new VirtualChipOptions { DebugStraps = DebugStraps.SpdmSessionSecrets },
            AttestationCapture = capture,
            AttestationSecrets = secrets,
        });
        return (run.Run(), run);
    }
}
