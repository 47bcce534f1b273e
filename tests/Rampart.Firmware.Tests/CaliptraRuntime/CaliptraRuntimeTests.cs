using Rampart.Firmware.Caliptra.Runtime;
using Rampart.Hal.CoreControl;
using Rampart.Hal.Crypto;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Security;
using Rampart.Identity.Evidence;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;
using Rampart.Wire.Recovery;

namespace Rampart.Firmware.Tests.CaliptraRuntime;

public sealed class CaliptraRuntimeTests
{
    internal static async Task<(TestCaliptraHardware Hardware, RuntimeMailboxService Service)> BootAsync()
    {
        var hardware = new TestCaliptraHardware();
        hardware.Memory.Map(CaliptraSubsystem.McuSramBase, 4096);
        hardware.Memory.Map(RuntimeKeys.SocLoadAddress, 4096);
        hardware.FakeRecovery.Enqueue(RuntimeKeys.Manifest());
        hardware.FakeRecovery.Enqueue(RuntimeKeys.McuImage);
        var (service, exit) = await new Caliptra.Runtime.CaliptraRuntime().BootAsync(hardware, hardware.Handoff());
        Assert.Null(exit);
        return (hardware, service!);
    }

    internal static byte[] Execute(TestCaliptraHardware hardware, RuntimeMailboxService service, CaliptraCommand command, ReadOnlySpan<byte> request, out MailboxCommandStatus status)
    {
        hardware.FakeMailbox.Execute((uint)command, request);
        Assert.True(service.TryServeOne());
        status = hardware.FakeMailbox.Status;
        if (status == MailboxCommandStatus.DataReady)
        {
            Assert.True(MailboxChecksum.VerifyResponse(hardware.FakeMailbox.Response));
        }

        return hardware.FakeMailbox.Response;
    }

    internal static byte[] Request(Func<byte[], (bool Ok, int Written)> write)
    {
        var buffer = new byte[8192];
        var (ok, written) = write(buffer);
        Assert.True(ok);
        return buffer[..written];
    }

    private static byte[] Authorize(uint fwId, uint size) => Request(b =>
        (new AuthorizeAndStashRequest(fwId, new byte[48], new byte[48], 0, 0, ImageHashSource.LoadAddress, size).TryWrite(b, out var w), w));

    [Fact]
    public async Task Streaming_boot_places_the_mcu_runtime_and_reports_success()
    {
        var (hardware, service) = await BootAsync();
        using var owned = hardware;
        Assert.Equal(RuntimeKeys.McuImage.Length, hardware.McuReadySize);
        var sram = new byte[RuntimeKeys.McuImage.Length];
        Assert.True(hardware.Memory.TryRead(CaliptraSubsystem.McuSramBase, sram));
        Assert.Equal(RuntimeKeys.McuImage, sram);
        Assert.Contains((RecoveryStatusCode.Success, (byte)1), hardware.FakeRecovery.RecoveryStatuses);
        Assert.Contains((RecoveryStatusCode.Success, (byte)2), hardware.FakeRecovery.RecoveryStatuses);
        Assert.Equal(DeviceStatusCode.RunningRecoveryImage, hardware.FakeRecovery.DeviceStatuses[^1]);
        Assert.True(service.IsAuthorized(CaliptraSubsystem.McuRuntimeFwId));
        Assert.Contains(hardware.Pcrs.Log, e => e.Pcr == RuntimeMailboxService.MeasurementPcr && e.EventType == RuntimeMailboxService.SocManifestEvent);
        Assert.Contains(hardware.Traces, t => t.StartsWith("caliptra.rt mcu-ready", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tampered_manifest_halts_with_an_authentication_error()
    {
        using var hardware = new TestCaliptraHardware();
        var manifest = RuntimeKeys.Manifest();
        manifest[^1] ^= 0x01;
        hardware.FakeRecovery.Enqueue(manifest);
        var exit = await new Caliptra.Runtime.CaliptraRuntime().RunAsync(hardware, hardware.Handoff());
        Assert.Equal(StageExitKind.Halt, exit.Kind);
        Assert.Equal(RuntimeErrors.SocManifestInvalid, exit.ErrorCode);
        Assert.Equal((RecoveryStatusCode.AuthenticationError, (byte)1), hardware.FakeRecovery.RecoveryStatuses[^1]);
        Assert.Equal(DeviceStatusCode.BootFailure, hardware.FakeRecovery.DeviceStatuses[^1]);
        Assert.Null(hardware.McuReadySize);
    }

    [Fact]
    public async Task A_malformed_handoff_halts()
    {
        using var hardware = new TestCaliptraHardware();
        var exit = await new Caliptra.Runtime.CaliptraRuntime().RunAsync(hardware, hardware.Handoff(withBundle: false));
        Assert.Equal(StageExitKind.Halt, exit.Kind);
        Assert.Equal(RuntimeErrors.HandoffMalformed, exit.ErrorCode);
        exit = await new Caliptra.Runtime.CaliptraRuntime().RunAsync(hardware, new byte[] { 1, 2, 3 });
        Assert.Equal(RuntimeErrors.HandoffMalformed, exit.ErrorCode);
    }

    [Fact]
    public async Task Authorize_and_stash_sets_the_exec_bit_only_for_a_matching_image()
    {
        var (hardware, service) = await BootAsync();
        using var owned = hardware;
        Assert.True(hardware.Memory.TryWrite(RuntimeKeys.SocLoadAddress, RuntimeKeys.Pattern(RuntimeKeys.SocImage.Length, 1)));
        var response = Execute(hardware, service, CaliptraCommand.AuthorizeAndStash, Authorize(3, (uint)RuntimeKeys.SocImage.Length), out var status);
        Assert.Equal(MailboxCommandStatus.DataReady, status);
        Assert.Equal(WireStatus.Done, AuthorizeAndStashResponse.TryRead(response, out var result));
        Assert.Equal(AuthorizationResult.HashMismatch, result.Result);
        Assert.False(hardware.Mci.GetExecutionControl(RuntimeKeys.SocExecBit));

        Assert.True(hardware.Memory.TryWrite(RuntimeKeys.SocLoadAddress, RuntimeKeys.SocImage));
        response = Execute(hardware, service, CaliptraCommand.AuthorizeAndStash, Authorize(3, (uint)RuntimeKeys.SocImage.Length), out _);
        AuthorizeAndStashResponse.TryRead(response, out result);
        Assert.Equal(AuthorizationResult.Authorized, result.Result);
        Assert.True(hardware.Mci.GetExecutionControl(RuntimeKeys.SocExecBit));
        Assert.Contains(hardware.Pcrs.Log, e => e.EventType == MeasurementEvents.AuthorizedImage && e.Measurement.Span[0] == 3 && e.Measurement.Span[4..].SequenceEqual(RuntimeKeys.Sha384(RuntimeKeys.SocImage)));

        response = Execute(hardware, service, CaliptraCommand.AuthorizeAndStash, Authorize(0x77, 16), out _);
        AuthorizeAndStashResponse.TryRead(response, out result);
        Assert.Equal(AuthorizationResult.NotAuthorized, result.Result);
    }

    [Fact]
    public async Task Bad_checksums_unknown_commands_and_malformed_requests_fail()
    {
        var (hardware, service) = await BootAsync();
        using var owned = hardware;
        var request = Authorize(3, 16);
        request[0] ^= 1;
        Execute(hardware, service, CaliptraCommand.AuthorizeAndStash, request, out var status);
        Assert.Equal(MailboxCommandStatus.Failure, status);
        Assert.Equal(1, service.BadChecksums);

        var unknown = new byte[8];
        MailboxChecksum.SealRequest(0x1234_5678, unknown);
        Execute(hardware, service, (CaliptraCommand)0x1234_5678, unknown, out status);
        Assert.Equal(MailboxCommandStatus.Failure, status);

        var shortRequest = new byte[10];
        MailboxChecksum.SealRequest((uint)CaliptraCommand.AuthorizeAndStash, shortRequest);
        Execute(hardware, service, CaliptraCommand.AuthorizeAndStash, shortRequest, out status);
        Assert.Equal(MailboxCommandStatus.Failure, status);

        Execute(hardware, service, CaliptraCommand.ExtendPcr, [], out status);
        Assert.Equal(MailboxCommandStatus.Failure, status);
    }

    [Fact]
    public async Task Certificates_come_from_the_handoff()
    {
        var (hardware, service) = await BootAsync();
        using var owned = hardware;
        var request = Request(b => (MailboxHeaders.TryWriteEmptyRequest(CaliptraCommand.GetIdevEcc384Cert, b, out var w), w));
        var response = Execute(hardware, service, CaliptraCommand.GetIdevEcc384Cert, request, out var status);
        Assert.Equal(MailboxCommandStatus.DataReady, status);
        Assert.Equal(WireStatus.Done, VariableDataResponse.TryRead(response, out var cert));
        Assert.Equal(RuntimeKeys.IdevDer, cert!.Data.ToArray());

        request = Request(b => (MailboxHeaders.TryWriteEmptyRequest(CaliptraCommand.GetLdevEcc384Cert, b, out var w), w));
        Execute(hardware, service, CaliptraCommand.GetLdevEcc384Cert, request, out status);
        Assert.Equal(MailboxCommandStatus.Failure, status);
    }

    [Fact]
    public async Task A_pcr_quote_verifies_with_the_rt_alias_key()
    {
        var (hardware, service) = await BootAsync();
        using var owned = hardware;
        var nonce = RuntimeKeys.Pattern(32, 3);
        var request = Request(b => (new QuotePcrsRequest(nonce).TryWrite(b, out var w), w));
        var response = Execute(hardware, service, CaliptraCommand.QuotePcrsEcc384, request, out var status);
        Assert.Equal(MailboxCommandStatus.DataReady, status);
        Assert.Equal(WireStatus.Done, QuotePcrsResponse.TryRead(response, out var quote));
        Assert.Equal(nonce, quote!.Nonce.ToArray());

        // The one quote format (decision 0275): the mailbox answer checks with Identity's verifier and the PCR bank's log.
        var verified = PcrQuote.Verify(RuntimeKeys.Engines, quote.Pcrs.Span, quote.Nonce.Span, quote.Digest.Span, quote.Signature.Span, nonce, hardware.EccPublicKey, hardware.Pcrs.Log);
        Assert.True(verified.IsValid, verified.Error.ToString());
        Assert.NotEmpty(hardware.Pcrs.Log);
        var tampered = quote.Digest.ToArray();
        tampered[0] ^= 1;
        Assert.Equal(QuoteError.DigestMismatch, PcrQuote.Verify(RuntimeKeys.Engines, quote.Pcrs.Span, quote.Nonce.Span, tampered, quote.Signature.Span, nonce, hardware.EccPublicKey).Error);
        Assert.Equal(QuoteError.LogMismatch, PcrQuote.Verify(RuntimeKeys.Engines, quote.Pcrs.Span, quote.Nonce.Span, quote.Digest.Span, quote.Signature.Span, nonce, hardware.EccPublicKey, hardware.Pcrs.Log.Skip(1).ToList()).Error);
    }

    [Fact]
    public async Task Activate_firmware_sets_only_authorized_images()
    {
        var (hardware, service) = await BootAsync();
        using var owned = hardware;
        var request = Request(b => (new ActivateFirmwareRequest([3], 0, 0).TryWrite(b, out var w), w));
        Execute(hardware, service, CaliptraCommand.ActivateFirmware, request, out var status);
        Assert.Equal(MailboxCommandStatus.Failure, status);

        var digest = RuntimeKeys.Sha384(RuntimeKeys.SocImage);
        var authorize = Request(b => (new AuthorizeAndStashRequest(3, digest, new byte[48], 0, AuthorizeAndStashRequest.SkipStash, ImageHashSource.InRequest, 0).TryWrite(b, out var w), w));
        Execute(hardware, service, CaliptraCommand.AuthorizeAndStash, authorize, out _);
        Assert.True(hardware.Mci.TrySetExecutionControl(RuntimeKeys.SocExecBit, false));
        Execute(hardware, service, CaliptraCommand.ActivateFirmware, request, out status);
        Assert.Equal(MailboxCommandStatus.DataReady, status);
        Assert.True(hardware.Mci.GetExecutionControl(RuntimeKeys.SocExecBit));
    }

    [Fact]
    public async Task Crypto_mailbox_keys_stay_behind_handles()
    {
        var (hardware, service) = await BootAsync();
        using var owned = hardware;
        var key = RuntimeKeys.Pattern(48, 5);
        var import = Request(b => (new CmImportRequest(CmKeyUsage.Hmac, key).TryWrite(b, out var w), w));
        var response = Execute(hardware, service, CaliptraCommand.CmImport, import, out _);
        Assert.Equal(WireStatus.Done, CmKeyResponse.TryRead(response, out var handle));
        Assert.DoesNotContain(response.AsSpan(8).ToArray(), b => key.Contains(b) && b > 4);

        var data = RuntimeKeys.Pattern(20, 6);
        var hmac = Request(b => (new CmHmacRequest(handle.Key, CmHashAlgorithm.Sha384, data).TryWrite(b, out var w), w));
        response = Execute(hardware, service, CaliptraCommand.CmHmac, hmac, out _);
        VariableDataResponse.TryRead(response, out var mac);
        var expected = new byte[48];
        RuntimeKeys.Engines.Hmac.Mac(ShaAlgorithm.Sha384, key, data, expected);
        Assert.Equal(expected, mac!.Data.ToArray());

        var generate = Request(b => (MailboxHeaders.TryWriteEmptyRequest(CaliptraCommand.CmEcdhGenerate, b, out var w), w));
        response = Execute(hardware, service, CaliptraCommand.CmEcdhGenerate, generate, out _);
        Assert.Equal(WireStatus.Done, CmEcdhGenerateResponse.TryRead(response, out var ecdh));
        var peerPrivate = new byte[48];
        var peerPublic = new byte[96];
        RuntimeKeys.Engines.Ecc.DeriveKeyPair(RuntimeKeys.Pattern(64, 8), peerPrivate, peerPublic);
        var finish = Request(b => (new CmEcdhFinishRequest(ecdh!.Context, CmKeyUsage.Hmac, peerPublic).TryWrite(b, out var w), w));
        response = Execute(hardware, service, CaliptraCommand.CmEcdhFinish, finish, out var status);
        Assert.Equal(MailboxCommandStatus.DataReady, status);
        Assert.Equal(WireStatus.Done, CmKeyResponse.TryRead(response, out var shared));

        Execute(hardware, service, CaliptraCommand.CmEcdhFinish, finish, out status);
        Assert.Equal(MailboxCommandStatus.Failure, status);

        var sign = Request(b => (new CmEcdsaSignRequest(CmEcdsaSignRequest.RtAliasKey, data).TryWrite(b, out var w), w));
        response = Execute(hardware, service, CaliptraCommand.CmEcdsaSign, sign, out _);
        Assert.Equal(WireStatus.Done, CmEcdsaSignResponse.TryRead(response, out var signature));
        Assert.True(RuntimeKeys.Engines.Ecc.Verify(hardware.EccPublicKey, RuntimeKeys.Sha384(data), signature!.Signature.Span).IsValid());

        var delete = Request(b => (new CmDeleteRequest(shared.Key).TryWrite(b, out var w), w));
        Execute(hardware, service, CaliptraCommand.CmDelete, delete, out status);
        Assert.Equal(MailboxCommandStatus.DataReady, status);
        Assert.Equal(1, service.HeldKeys);
    }
}
