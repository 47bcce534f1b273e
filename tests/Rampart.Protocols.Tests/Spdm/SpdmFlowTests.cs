using Rampart.Crypto;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Tests.Spdm;

/// <summary>Whole SPDM flows in-process: requester against responder (DSP0274 1.2 and 1.3).</summary>
public sealed class SpdmFlowTests
{
    internal static async Task<(SpdmRequester Requester, SpdmResponder Responder, TestSpdmDevice Device, LoopbackTransport Transport, EngineSpdmCrypto DeviceCrypto)> CreateAsync(
        SecuredTransportProfile profile, byte[]? versions = null, ulong seed = 1)
    {
        var deviceCrypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(seed));
        var hostCrypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(seed + 1000));
        deviceCrypto.AddPsk("rampart-psk"u8, new byte[48]);
        hostCrypto.AddPsk("rampart-psk"u8, new byte[48]);
        var device = await TestSpdmDevice.CreateAsync(deviceCrypto);
        var responder = new SpdmResponder(device, deviceCrypto) { SessionTransport = profile };
        var transport = new LoopbackTransport(responder, profile);
        var requester = new SpdmRequester(transport, hostCrypto) { SupportedVersions = versions ?? [SpdmVersion.V12, SpdmVersion.V13] };
        return (requester, responder, device, transport, deviceCrypto);
    }

    [Theory]
    [InlineData(0x12, true)]
    [InlineData(0x13, true)]
    [InlineData(0x12, false)]
    [InlineData(0x13, false)]
    public async Task Full_attestation_and_session_flow(byte version, bool mctp)
    {
        var (requester, responder, device, _, deviceCrypto) = await CreateAsync(mctp ? SecuredTransportProfile.Mctp : SecuredTransportProfile.Doe, [version]);
        using var _ = device;

        Assert.True((await requester.InitConnectionAsync()).IsOk);
        Assert.Equal(version, requester.Version);

        var digests = await requester.GetDigestsAsync();
        Assert.True(digests.Outcome.IsOk, digests.Outcome.ToString());
        Assert.Equal(1, digests.SlotMask);

        var chain = await requester.GetCertificateChainAsync(0);
        Assert.True(chain.Outcome.IsOk, chain.Outcome.ToString());
        Assert.Equal(2, chain.Certificates.Count);
        Assert.Equal(device.RootCertificate, chain.Certificates[0]);

        var challenge = await requester.ChallengeAsync(0, 0xFF);
        Assert.True(challenge.Outcome.IsOk, challenge.Outcome.ToString());
        Assert.Equal(48, challenge.MeasurementSummaryHash.Length);

        var measurements = await requester.GetMeasurementsAsync();
        Assert.True(measurements.Outcome.IsOk, measurements.Outcome.ToString());
        Assert.True(measurements.Signed);
        Assert.Equal(device.Digests.Count, measurements.Blocks.Count);
        Assert.Equal(device.Digests[1], measurements.Blocks[1].Value);

        Assert.True((await requester.StartSessionAsync(0)).IsOk);
        Assert.Equal(SpdmSessionState.Established, requester.Session!.State);
        Assert.Equal(1, responder.SessionCount);

        // An application message inside the session: a Caliptra vendor-defined request.
        var vdm = new byte[32];
        new VendorDefined { Version = version, StandardId = VendorDefined.StandardIana, VendorId = [0x7F, 0xA6], Payload = [5, 9] }.TryWrite(vdm, false, out var n);
        var (outcome, response) = await requester.SendInSessionAsync(vdm.AsMemory(0, n), SpdmCode.VendorDefinedResponse);
        Assert.True(outcome.IsOk, outcome.ToString());
        Assert.Equal(Rampart.Wire.WireStatus.Done, VendorDefined.TryRead(response, true, out var answer));
        Assert.Equal(new byte[] { 6, 9 }, answer.Payload.ToArray());

        Assert.True((await requester.KeyUpdateAsync(allKeys: false)).IsOk);
        Assert.True((await requester.KeyUpdateAsync(allKeys: true)).IsOk);
        Assert.True((await requester.HeartbeatAsync()).IsOk);
        var signedInSession = await requester.GetMeasurementsAsync(signed: false);
        Assert.True(signedInSession.Outcome.IsOk);
        Assert.True((await requester.EndSessionAsync()).IsOk);
        Assert.Equal(0, responder.SessionCount);
        Assert.Equal(0, deviceCrypto.LiveSecrets);
        Assert.Equal(0, responder.ErrorsSent);
    }

    [Fact]
    public async Task Psk_session_flow()
    {
        var (requester, responder, device, _, _) = await CreateAsync(SecuredTransportProfile.Mctp);
        using var _ = device;
        Assert.True((await requester.InitConnectionAsync()).IsOk);
        var outcome = await requester.StartPskSessionAsync("rampart-psk"u8.ToArray());
        Assert.True(outcome.IsOk, outcome.ToString());
        Assert.True(requester.Session!.IsPsk);
        Assert.True((await requester.HeartbeatAsync()).IsOk);
        Assert.True((await requester.KeyUpdateAsync(allKeys: true)).IsOk);
        Assert.True((await requester.EndSessionAsync()).IsOk);
        Assert.Equal(0, responder.SessionCount);
    }

    [Fact]
    public async Task Unknown_psk_hint_is_refused_with_an_error()
    {
        var (requester, responder, device, _, _) = await CreateAsync(SecuredTransportProfile.Mctp);
        using var _ = device;
        Assert.True((await requester.InitConnectionAsync()).IsOk);
        var outcome = await requester.StartPskSessionAsync("nobody"u8.ToArray());
        Assert.Equal(SpdmRequestStatus.Malformed, outcome.Status);
        Assert.Equal(0, responder.SessionCount);
    }

    [Fact]
    public async Task Measurements_change_when_the_image_changes()
    {
        var (requester, _, device, _, _) = await CreateAsync(SecuredTransportProfile.Mctp);
        using var _ = device;
        await requester.InitConnectionAsync();
        await requester.GetDigestsAsync();
        await requester.GetCertificateChainAsync(0);
        var before = await requester.GetMeasurementsAsync();
        device.Digests[0] = new byte[48];
        var after = await requester.GetMeasurementsAsync();
        Assert.True(before.Outcome.IsOk && after.Outcome.IsOk);
        Assert.NotEqual(before.Blocks[0].Value, after.Blocks[0].Value);
        Assert.Equal(before.Blocks[1].Value, after.Blocks[1].Value);
    }

    [Fact]
    public async Task A_tampered_secured_record_is_dropped_and_counted_and_the_session_survives()
    {
        var (requester, responder, device, transport, _) = await CreateAsync(SecuredTransportProfile.Mctp);
        using var _ = device;
        await requester.InitConnectionAsync();
        await requester.GetDigestsAsync();
        await requester.GetCertificateChainAsync(0);
        Assert.True((await requester.StartSessionAsync(0)).IsOk);

        transport.TamperRequest = bytes =>
        {
            bytes[^3] ^= 0x01;
            return bytes;
        };
        var outcome = await requester.HeartbeatAsync();
        Assert.Equal(SpdmRequestStatus.NoResponse, outcome.Status);
        Assert.Equal(1, responder.DroppedRecords);

        // DSP0277: the record is dropped, the session is not torn down. The requester's sequence
        // number moved on; the responder's did not, so a re-keyed session is needed to continue.
        Assert.Equal(1, responder.SessionCount);
    }

    [Fact]
    public async Task A_forged_signature_is_reported_as_a_verification_failure()
    {
        var (requester, _, device, transport, _) = await CreateAsync(SecuredTransportProfile.Mctp);
        using var _ = device;
        await requester.InitConnectionAsync();
        await requester.GetDigestsAsync();
        await requester.GetCertificateChainAsync(0);

        // Flip a nonce bit on the way: the responder signs a transcript the requester never sent.
        var challenge = await requester.ChallengeAsync(0, 0);
        Assert.True(challenge.Outcome.IsOk);
        transport.TamperRequest = bytes =>
        {
            if (bytes.Length > 1 && bytes[1] == (byte)SpdmCode.Challenge)
            {
                bytes[10] ^= 0x80;
            }

            return bytes;
        };
        var forged = await requester.ChallengeAsync(0, 0);
        Assert.Equal(SpdmRequestStatus.VerificationFailed, forged.Outcome.Status);
    }

    [Fact]
    public async Task Same_seeds_give_identical_traffic()
    {
        static async Task<List<byte[]>> Run()
        {
            var (requester, _, device, transport, _) = await CreateAsync(SecuredTransportProfile.Mctp, seed: 7);
            using var _ = device;
            await requester.InitConnectionAsync();
            await requester.GetDigestsAsync();
            await requester.StartPskSessionAsync("rampart-psk"u8.ToArray());
            await requester.HeartbeatAsync();
            return transport.Requests;
        }

        var first = await Run();
        var second = await Run();
        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i], second[i]);
        }
    }
}
