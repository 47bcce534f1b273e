using CsCheck;
using Rampart.Crypto;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Tests.Spdm;

/// <summary>Out-of-order, malformed and unsupported requests get the ERROR DSP0274 requires.</summary>
public sealed class SpdmResponderErrorTests
{
    private static async Task<(SpdmResponder Responder, TestSpdmDevice Device)> NewResponderAsync()
    {
        var crypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(5));
        var device = await TestSpdmDevice.CreateAsync(crypto);
        return (new SpdmResponder(device, crypto), device);
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static async Task<(SpdmErrorCode Code, byte Data)> ErrorOfAsync(SpdmResponder responder, byte[] request)
    {
        var response = new byte[4200];
        var n = await responder.RespondAsync(request, response);
        Assert.True(n >= 4, "no response");
        Assert.Equal((byte)SpdmCode.Error, response[1]);
        return ((SpdmErrorCode)response[2], response[3]);
    }

    private static async Task OkAsync(SpdmResponder responder, byte[] request, SpdmCode expected)
    {
        var response = new byte[4200];
        var n = await responder.RespondAsync(request, response);
        Assert.True(n >= 4);
        Assert.Equal((byte)expected, response[1]);
    }

    private static readonly byte[] GetVersion = Hex("10 84 00 00");
    private static readonly byte[] GetCaps12 = Hex("12 E1 00 00 00 0C 00 00 C6 7A 00 00 00 10 00 00 00 10 00 00");
    private static readonly byte[] NegotiateP384 = BuildNegotiate();

    private static byte[] BuildNegotiate()
    {
        var buffer = new byte[64];
        new NegotiateAlgorithms
        {
            Version = 0x12,
            MeasurementSpecification = SpdmMeasurementSpecification.Dmtf,
            BaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            BaseHash = SpdmBaseHashAlgo.Sha384,
            Dhe = SpdmDheGroup.Secp384r1,
            Aead = SpdmAeadSuite.Aes256Gcm,
            KeySchedule = SpdmKeyScheduleAlgo.Spdm,
        }.TryWrite(buffer, false, out var n);
        return buffer[..n];
    }

    private static async Task NegotiateAsync(SpdmResponder responder)
    {
        await OkAsync(responder, GetVersion, SpdmCode.Version);
        await OkAsync(responder, GetCaps12, SpdmCode.Capabilities);
        await OkAsync(responder, NegotiateP384, SpdmCode.Algorithms);
    }

    [Theory]
    [InlineData("digests before VCA", "12 81 00 00")]
    [InlineData("capabilities before version", "12 E1 00 00 00 0C 00 00 C6 7A 00 00 00 10 00 00 00 10 00 00")]
    public async Task Requests_before_get_version_are_unexpected(string name, string hex)
    {
        Assert.NotNull(name);
        var (responder, device) = await NewResponderAsync();
        using var _ = device;
        Assert.Equal(SpdmErrorCode.UnexpectedRequest, (await ErrorOfAsync(responder, Hex(hex))).Code);
    }

    [Fact]
    public async Task Algorithms_before_capabilities_are_unexpected()
    {
        var (responder, device) = await NewResponderAsync();
        using var _ = device;
        await OkAsync(responder, GetVersion, SpdmCode.Version);
        Assert.Equal(SpdmErrorCode.UnexpectedRequest, (await ErrorOfAsync(responder, NegotiateP384)).Code);

        // And the connection is still sound: the right order works afterwards.
        await OkAsync(responder, GetCaps12, SpdmCode.Capabilities);
        await OkAsync(responder, NegotiateP384, SpdmCode.Algorithms);
    }

    [Fact]
    public async Task A_version_we_do_not_speak_is_a_version_mismatch()
    {
        var (responder, device) = await NewResponderAsync();
        using var _ = device;
        await OkAsync(responder, GetVersion, SpdmCode.Version);
        var caps11 = Hex("11 E1 00 00 00 0C 00 00 C6 7A 00 00");
        Assert.Equal(SpdmErrorCode.VersionMismatch, (await ErrorOfAsync(responder, caps11)).Code);
    }

    [Theory]
    [InlineData("transfer size below the minimum", "12 E1 00 00 00 0C 00 00 C6 7A 00 00 29 00 00 00 00 10 00 00")]
    [InlineData("transfer size above the largest message", "12 E1 00 00 00 0C 00 00 C6 7A 00 00 01 10 00 00 00 10 00 00")]
    [InlineData("transfer size below the largest message without CHUNK_CAP", "12 E1 00 00 00 0C 00 00 C6 7A 00 00 FF 0F 00 00 00 10 00 00")]
    [InlineData("KEY_EX_CAP without ENCRYPT_CAP or MAC_CAP", "12 E1 00 00 00 0C 00 00 06 77 00 00 00 10 00 00 00 10 00 00")]
    public async Task Invalid_capabilities_are_refused_in_the_requests_version(string name, string hex)
    {
        // SPDM-Responder-Validator 2.4: the ERROR names the version the request used, not 1.0.
        Assert.NotNull(name);
        var (responder, device) = await NewResponderAsync();
        using var _ = device;
        await OkAsync(responder, GetVersion, SpdmCode.Version);
        var response = new byte[64];
        var n = await responder.RespondAsync(Hex(hex), response);
        Assert.Equal(4, n);
        Assert.Equal(new byte[] { 0x12, (byte)SpdmCode.Error, (byte)SpdmErrorCode.InvalidRequest, 0 }, response[..4]);

        // Chunking lets the transfer size be smaller than the largest message.
        await OkAsync(responder, GetVersion, SpdmCode.Version);
        await OkAsync(responder, Hex("12 E1 00 00 00 0C 00 00 C6 7A 02 00 00 04 00 00 00 10 00 00"), SpdmCode.Capabilities);
    }

    [Fact]
    public async Task No_requester_signing_algorithm_is_selected_without_mutual_authentication()
    {
        // SPDM-Responder-Validator 3.6.15: ReqBaseAsymAlgSel stays 0 unless the responder has MUT_AUTH_CAP.
        var (responder, device) = await NewResponderAsync();
        using var _ = device;
        await OkAsync(responder, GetVersion, SpdmCode.Version);
        await OkAsync(responder, GetCaps12, SpdmCode.Capabilities);
        var offer = new byte[64];
        new NegotiateAlgorithms
        {
            Version = 0x12,
            MeasurementSpecification = SpdmMeasurementSpecification.Dmtf,
            BaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            BaseHash = SpdmBaseHashAlgo.Sha384,
            Dhe = SpdmDheGroup.Secp384r1,
            Aead = SpdmAeadSuite.Aes256Gcm,
            ReqBaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            KeySchedule = SpdmKeyScheduleAlgo.Spdm,
        }.TryWrite(offer, false, out var length);
        var response = new byte[128];
        var n = await responder.RespondAsync(offer[..length], response);
        Assert.Equal(WireStatus.Done, NegotiateAlgorithms.TryRead(response.AsSpan(0, n), response: true, out var selected));
        Assert.Equal(SpdmBaseAsymAlgo.EcdsaP384, selected.BaseAsym);
        Assert.Equal(SpdmBaseAsymAlgo.None, selected.ReqBaseAsym);
    }

    [Fact]
    public async Task After_negotiation_another_version_byte_is_a_version_mismatch()
    {
        var (responder, device) = await NewResponderAsync();
        using var _ = device;
        await NegotiateAsync(responder);
        Assert.Equal(SpdmErrorCode.VersionMismatch, (await ErrorOfAsync(responder, Hex("13 81 00 00"))).Code);
    }

    [Theory]
    [InlineData("GET_ENDPOINT_INFO", 0x87)]
    [InlineData("GET_ENCAPSULATED_REQUEST", 0xEA)]
    [InlineData("CHUNK_SEND", 0x85)]
    [InlineData("undefined code", 0x90)]
    public async Task Unsupported_requests_name_the_request_code(string name, byte code)
    {
        Assert.NotNull(name);
        var (responder, device) = await NewResponderAsync();
        using var _ = device;
        await NegotiateAsync(responder);
        var (error, data) = await ErrorOfAsync(responder, [0x12, code, 0, 0]);
        Assert.Equal(SpdmErrorCode.UnsupportedRequest, error);
        Assert.Equal(code, data);
    }

    [Theory]
    [InlineData("heartbeat outside a session", "12 E8 00 00", SpdmErrorCode.SessionRequired)]
    [InlineData("end session outside a session", "12 EC 00 00", SpdmErrorCode.SessionRequired)]
    [InlineData("finish outside a session", "12 E5 00 00", SpdmErrorCode.SessionRequired)]
    [InlineData("psk finish outside a session", "12 E7 00 00", SpdmErrorCode.SessionRequired)]
    [InlineData("respond if ready with nothing pending", "12 FF E0 01", SpdmErrorCode.UnexpectedRequest)]
    [InlineData("truncated get certificate", "12 82 00 00 00", SpdmErrorCode.InvalidRequest)]
    [InlineData("certificate of an empty slot", "12 82 03 00 00 00 00 04", SpdmErrorCode.InvalidRequest)]
    [InlineData("certificate offset past the chain", "12 82 00 00 FF FF 00 04", SpdmErrorCode.InvalidRequest)]
    [InlineData("measurement index past the last", "12 E0 00 09", SpdmErrorCode.InvalidRequest)]
    [InlineData("one-byte message", "12", SpdmErrorCode.InvalidRequest)]
    public async Task Bad_requests_after_negotiation_get_the_spec_error(string name, string hex, SpdmErrorCode expected)
    {
        Assert.NotNull(name);
        var (responder, device) = await NewResponderAsync();
        using var _ = device;
        await NegotiateAsync(responder);
        Assert.Equal(expected, (await ErrorOfAsync(responder, Hex(hex))).Code);
        await OkAsync(responder, Hex("12 81 00 00"), SpdmCode.Digests);
    }

    [Fact]
    public async Task An_offer_without_p384_is_refused_cleanly()
    {
        var (responder, device) = await NewResponderAsync();
        using var _ = device;
        await OkAsync(responder, GetVersion, SpdmCode.Version);
        await OkAsync(responder, GetCaps12, SpdmCode.Capabilities);
        var buffer = new byte[64];
        new NegotiateAlgorithms { Version = 0x12, BaseAsym = SpdmBaseAsymAlgo.EcdsaP256, BaseHash = SpdmBaseHashAlgo.Sha256, Aead = SpdmAeadSuite.Aes256Gcm, KeySchedule = SpdmKeyScheduleAlgo.Spdm, Dhe = SpdmDheGroup.Secp256r1 }
            .TryWrite(buffer, false, out var n);
        Assert.Equal(SpdmErrorCode.InvalidRequest, (await ErrorOfAsync(responder, buffer[..n])).Code);
    }

    [Fact]
    public async Task Capabilities_with_a_data_transfer_size_below_the_minimum_are_invalid()
    {
        var (responder, device) = await NewResponderAsync();
        using var _ = device;
        await OkAsync(responder, GetVersion, SpdmCode.Version);
        var small = Hex("12 E1 00 00 00 0C 00 00 C6 7A 00 00 10 00 00 00 00 10 00 00");
        Assert.Equal(SpdmErrorCode.InvalidRequest, (await ErrorOfAsync(responder, small)).Code);
    }

    [Fact]
    public async Task Arbitrary_requests_never_throw_and_the_responder_still_negotiates()
    {
        var crypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(6));
        using var device = await TestSpdmDevice.CreateAsync(crypto);
        await Gen.Byte.Array[0, 200].Array[1, 12].SampleAsync(async requests =>
        {
            var responder = new SpdmResponder(device, crypto);
            var response = new byte[4200];
            await NegotiateAsync(responder);
            foreach (var request in requests)
            {
                await responder.RespondAsync(request, response);
                await responder.RespondSecuredAsync(request, response, SecuredTransportProfile.Mctp);
            }

            await NegotiateAsync(responder);
        }, iter: 300);
    }

    [Fact]
    public void Bin_concat_matches_the_spec_layout()
    {
        var info = SpdmKeySchedule.BinConcat(SpdmVersion.V12, 48, SpdmKeySchedule.Derived, default);
        Assert.Equal(Hex("30 00") .Concat("spdm1.2 derived"u8.ToArray()).ToArray(), info);
        var withContext = SpdmKeySchedule.BinConcat(SpdmVersion.V13, 32, SpdmKeySchedule.Key, [0xAB]);
        Assert.Equal(Hex("20 00").Concat("spdm1.3 key"u8.ToArray()).Concat(new byte[] { 0xAB }).ToArray(), withContext);
    }

    [Fact]
    public void Signing_context_is_four_prefixes_then_the_padded_context()
    {
        var message = SpdmSigningContext.Build(SpdmVersion.V12, SpdmSigningContext.ChallengeAuth, new byte[48]);
        Assert.Equal(100 + 48, message.Length);
        Assert.Equal("dmtf-spdm-v1.2.*dmtf-spdm-v1.2.*dmtf-spdm-v1.2.*dmtf-spdm-v1.2.*"u8.ToArray(), message[..64]);
        Assert.Equal(new byte[4], message[64..68]);
        Assert.Equal("responder-challenge_auth signing"u8.ToArray(), message[68..100]);
    }
}

/// <summary>GET_CSR and SET_CERTIFICATE through the responder (DSP0274 §10.24–10.25).</summary>
public sealed class SpdmResponderProvisioningTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static async Task<(SpdmResponder Responder, TestSpdmDevice Device)> NegotiatedAsync()
    {
        var crypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(8));
        var device = await TestSpdmDevice.CreateAsync(crypto);
        var responder = new SpdmResponder(device, crypto);
        var buffer = new byte[4200];
        await responder.RespondAsync(Hex("10 84 00 00"), buffer);
        await responder.RespondAsync(Hex("12 E1 00 00 00 0C 00 00 C6 7A 00 00 00 10 00 00 00 10 00 00"), buffer);
        var negotiate = new byte[64];
        new NegotiateAlgorithms
        {
            Version = 0x12,
            MeasurementSpecification = SpdmMeasurementSpecification.Dmtf,
            BaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            BaseHash = SpdmBaseHashAlgo.Sha384,
            Dhe = SpdmDheGroup.Secp384r1,
            Aead = SpdmAeadSuite.Aes256Gcm,
            KeySchedule = SpdmKeyScheduleAlgo.Spdm,
        }.TryWrite(negotiate, false, out var n);
        Assert.True(await responder.RespondAsync(negotiate.AsMemory(0, n), buffer) > 0);
        Assert.Equal((byte)SpdmCode.Algorithms, buffer[1]);
        return (responder, device);
    }

    [Fact]
    public async Task Get_csr_returns_a_signing_request_for_the_device_key()
    {
        var (responder, device) = await NegotiatedAsync();
        using var _ = device;
        var response = new byte[4200];
        var n = await responder.RespondAsync(Hex("12 ED 00 00 00 00 00 00"), response);
        Assert.Equal(WireStatus.Done, GetCsr.TryReadResponse(response.AsSpan(0, n), out var csr));
        var request = System.Security.Cryptography.X509Certificates.CertificateRequest.LoadSigningRequest(
            csr.ToArray(), System.Security.Cryptography.HashAlgorithmName.SHA384);
        Assert.Contains("Rampart Test Leaf", request.SubjectName.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_certificate_fills_a_slot_and_digests_show_it_but_slot_0_is_refused()
    {
        var (responder, device) = await NegotiatedAsync();
        using var owned = device;
        var chain = device.CertificateChain(0).ToArray();
        var response = new byte[4200];

        var set = new byte[4 + chain.Length];
        new SetCertificate { Version = 0x12, Attributes = 1, CertChain = chain }.TryWrite(set, out var n);
        await responder.RespondAsync(set.AsMemory(0, n), response);
        Assert.Equal((byte)SpdmCode.SetCertificateRsp, response[1]);
        Assert.Equal(1, response[2]);

        var m = await responder.RespondAsync(Hex("12 81 00 00"), response);
        Assert.Equal(WireStatus.Done, GetDigests.TryReadResponse(response.AsSpan(0, m), 48, out var mask, out _, out _));
        Assert.Equal(0b11, mask);

        new SetCertificate { Version = 0x12, Attributes = 0, CertChain = chain }.TryWrite(set, out n);
        await responder.RespondAsync(set.AsMemory(0, n), response);
        Assert.Equal((byte)SpdmCode.Error, response[1]);
        Assert.Equal((byte)SpdmErrorCode.InvalidRequest, response[2]);
    }
}
