using Rampart.Firmware.Mcu.Apps.Spdm;
using Rampart.Firmware.Tests.CaliptraRuntime;
using Rampart.Protocols.Caliptra;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Spdm;

namespace Rampart.Firmware.Tests.Spdm;

/// <summary>
/// The MCU's SPDM responder with every crypto operation served by a real Caliptra runtime,
/// attested by Rampart's requester with host crypto: the whole flow, the measurements, and what
/// happens when Caliptra refuses.
/// </summary>
public sealed class SpdmResponderAppTests
{
    [Fact]
    public async Task A_requester_runs_the_whole_flow_against_the_device_with_Caliptra_doing_the_crypto()
    {
        using var mailbox = await RuntimeSpdmMailbox.BootAsync();
        var (requester, _) = Connect(mailbox);

        Assert.True((await requester.InitConnectionAsync()).IsOk);
        var digests = await requester.GetDigestsAsync();
        Assert.True(digests.Outcome.IsOk);
        Assert.Equal(1, digests.SlotMask);
        var chain = await requester.GetCertificateChainAsync(0);
        Assert.True(chain.Outcome.IsOk, chain.Outcome.ToString());
        Assert.Equal(5, chain.Certificates.Count);
        Assert.Equal(mailbox.CaCertificate, chain.Certificates[0]);
        Assert.True((await requester.ChallengeAsync(0, 0xFF)).Outcome.IsOk);
        var measurements = await requester.GetMeasurementsAsync(GetMeasurements.OperationAll, signed: true);
        Assert.True(measurements.Outcome.IsOk, measurements.Outcome.ToString());
        Assert.True((await requester.StartSessionAsync()).IsOk);
        Assert.True((await requester.HeartbeatAsync()).IsOk);
        Assert.True((await requester.KeyUpdateAsync(allKeys: true)).IsOk);
        Assert.True((await requester.HeartbeatAsync()).IsOk);
        Assert.True((await requester.EndSessionAsync()).IsOk);

        // Every secret stayed in Caliptra: the MCU asked for ECDH, HKDF, AES-GCM and signatures.
        Assert.Contains(CaliptraCommand.CmEcdhFinish, mailbox.Executed);
        Assert.Contains(CaliptraCommand.CmHkdfExpand, mailbox.Executed);
        Assert.Contains(CaliptraCommand.CmEcdsaSign, mailbox.Executed);
        Assert.Equal(0, mailbox.Service.HeldKeys);

        // Nobody asked for session secrets, so Caliptra was never asked to export one (decision 0276).
        Assert.DoesNotContain(CaliptraCommand.CmEcdhDebugExport, mailbox.Executed);
    }

    [Fact]
    public async Task The_measurements_are_the_boot_s_in_the_shared_layout()
    {
        using var mailbox = await RuntimeSpdmMailbox.BootAsync();
        var (requester, _) = Connect(mailbox);
        Assert.True((await requester.InitConnectionAsync()).IsOk);

        var result = await requester.GetMeasurementsAsync(GetMeasurements.OperationAll, signed: false);

        Assert.True(result.Outcome.IsOk, result.Outcome.ToString());
        var blocks = result.Blocks.ToDictionary(b => (int)b.Index);
        Assert.Equal(SpdmMeasurementLayout.FirstImage + 1, blocks.Count);
        Assert.Equal(RuntimeKeys.Sha384(RuntimeKeys.Manifest()), blocks[SpdmMeasurementLayout.SocManifestDigest].Value);
        Assert.Equal(SpdmMeasurementLayout.SvnValue(3), blocks[SpdmMeasurementLayout.FirmwareSvn].Value);
        Assert.Equal(SpdmMeasurementLayout.SvnType, blocks[SpdmMeasurementLayout.FirmwareSvn].ValueType);
        Assert.Equal(RuntimeKeys.Sha384(RuntimeKeys.McuImage), blocks[SpdmMeasurementLayout.FirstImage].Value);
        Assert.Equal(RuntimeKeys.Sha384(RuntimeKeys.SocImage), blocks[SpdmMeasurementLayout.FirstImage + 1].Value);
        Assert.Equal(SpdmMeasurementLayout.PcrType, blocks[SpdmMeasurementLayout.FirstPcr + 4].ValueType);
    }

    [Fact]
    public async Task A_pcr_extended_after_a_first_read_shows_in_the_next_measurements()
    {
        using var mailbox = await RuntimeSpdmMailbox.BootAsync();
        var (requester, _) = Connect(mailbox);
        Assert.True((await requester.InitConnectionAsync()).IsOk);
        var before = await requester.GetMeasurementsAsync(GetMeasurements.OperationAll, signed: false);

        Assert.True(mailbox.Hardware.Pcrs.Extend(31, 0, new byte[48]) == Hal.Security.PcrStatus.Ok);
        var after = await requester.GetMeasurementsAsync(GetMeasurements.OperationAll, signed: false);

        var pcr31 = SpdmMeasurementLayout.FirstPcr + 4;
        Assert.NotEqual(before.Blocks.Single(b => b.Index == pcr31).Value, after.Blocks.Single(b => b.Index == pcr31).Value);
    }

    [Fact]
    public async Task Caliptra_refusing_a_signature_is_an_SPDM_error_and_the_app_keeps_serving()
    {
        using var mailbox = await RuntimeSpdmMailbox.BootAsync();
        var (requester, transport) = Connect(mailbox);
        Assert.True((await requester.InitConnectionAsync()).IsOk);
        Assert.True((await requester.GetDigestsAsync()).Outcome.IsOk);
        Assert.True((await requester.GetCertificateChainAsync(0)).Outcome.IsOk);

        mailbox.Refuse.Add(CaliptraCommand.CmEcdsaSign);
        var refused = await requester.ChallengeAsync(0, 0xFF);
        Assert.False(refused.Outcome.IsOk);
        Assert.Equal(SpdmErrorCode.Unspecified, refused.Outcome.PeerError);

        mailbox.Refuse.Clear();
        var again = new SpdmRequester(transport, new EngineSpdmCrypto(RuntimeKeys.Engines));
        Assert.True((await again.InitConnectionAsync()).IsOk);
        Assert.True((await again.GetDigestsAsync()).Outcome.IsOk);
        Assert.True((await again.GetCertificateChainAsync(0)).Outcome.IsOk);
        Assert.True((await again.GetMeasurementsAsync(GetMeasurements.OperationAll, signed: true)).Outcome.IsOk);
    }

    internal static (SpdmRequester Requester, AppLoopback Transport) Connect(RuntimeSpdmMailbox mailbox, ISpdmDheSecretSink? deviceSecrets = null, ISpdmDheSecretSink? requesterSecrets = null)
    {
        var crypto = new CaliptraSpdmCrypto(mailbox);
        var device = new CaliptraSpdmDevice(mailbox, crypto);
        var responder = new SpdmResponder(device, crypto, SpdmResponderApp.Options) { DheSecretSink = deviceSecrets };
        var transport = new AppLoopback(responder, device);
        var requester = new SpdmRequester(transport, new EngineSpdmCrypto(RuntimeKeys.Engines, allowDebugExport: requesterSecrets is not null)) { DheSecretSink = requesterSecrets };
        return (requester, transport);
    }

    /// <summary>Requests go through the app's own answer path (chain load, refusal handling).</summary>
    internal sealed class AppLoopback(SpdmResponder responder, CaliptraSpdmDevice device) : ISpdmRequesterTransport
    {
        public SecuredTransportProfile Profile => SecuredTransportProfile.Mctp;

        public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken) =>
            await SpdmResponderApp.AnswerAsync(responder, device, new SpdmRequest(secured, message.Length, 0x08, 0), message, response);
    }
}
