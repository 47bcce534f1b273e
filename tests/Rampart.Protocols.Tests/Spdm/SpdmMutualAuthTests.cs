using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rampart.Crypto;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Tests.Spdm;

/// <summary>
/// Mutual authentication without the encapsulated flow (DSP0274 §10.12–10.13, MutAuthRequested
/// 0x01): a responder told whom to trust asks in KEY_EXCHANGE_RSP, the requester signs FINISH.
/// </summary>
public sealed class SpdmMutualAuthTests
{
    /// <summary>A requester's own two-certificate chain and the leaf key that signs FINISH.</summary>
    private sealed class RequesterKeys : IDisposable
    {
        private readonly ECDsa _root = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        public ECDsa Leaf { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        public byte[] Chain { get; private set; } = [];

        public byte[] PublicKey
        {
            get
            {
                var q = Leaf.ExportParameters(false).Q;
                return [.. q.X!, .. q.Y!];
            }
        }

        public static async Task<RequesterKeys> CreateAsync(ISpdmCrypto crypto)
        {
            var keys = new RequesterKeys();
            var notBefore = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var rootRequest = new CertificateRequest("CN=Requester Root", keys._root, HashAlgorithmName.SHA384);
            rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var root = rootRequest.CreateSelfSigned(notBefore, notBefore.AddYears(20));
            using var leaf = new CertificateRequest("CN=Requester Leaf", keys.Leaf, HashAlgorithmName.SHA384).Create(root, notBefore, notBefore.AddYears(10), [9, 8, 7]);
            keys.Chain = await SpdmCertificateChain.BuildAsync([root.RawData, leaf.RawData], crypto);
            return keys;
        }

        public SpdmRequesterIdentity Identity(byte slot = 0, ECDsa? signer = null) => new()
        {
            CertificateChain = Chain,
            SlotId = slot,
            SignAsync = (message, signature) =>
            {
                (signer ?? Leaf).SignData(message.Span, signature.Span, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                return ValueTask.CompletedTask;
            },
        };

        public SpdmRequesterTrust Trust(byte slot = 0) => new() { CertificateChain = Chain, PublicKey = PublicKey, SlotId = slot };

        public void Dispose()
        {
            _root.Dispose();
            Leaf.Dispose();
        }
    }

    private sealed record Pair(SpdmRequester Requester, SpdmResponder Responder, TestSpdmDevice Device, RequesterKeys Keys) : IDisposable
    {
        public void Dispose()
        {
            Device.Dispose();
            Keys.Dispose();
        }
    }

    private static async Task<Pair> CreateAsync(byte version, bool trusted, Func<RequesterKeys, SpdmRequesterIdentity?> identity)
    {
        var deviceCrypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(11));
        var hostCrypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(1011));
        var device = await TestSpdmDevice.CreateAsync(deviceCrypto);
        var keys = await RequesterKeys.CreateAsync(hostCrypto);
        var options = new SpdmResponderOptions { MutualAuthentication = trusted ? keys.Trust() : null };
        var responder = new SpdmResponder(device, deviceCrypto, options) { SessionTransport = SecuredTransportProfile.Mctp };
        var transport = new LoopbackTransport(responder, SecuredTransportProfile.Mctp);
        var requester = new SpdmRequester(transport, hostCrypto) { SupportedVersions = [version], Identity = identity(keys) };
        return new Pair(requester, responder, device, keys);
    }

    private static async Task ConnectAsync(SpdmRequester requester)
    {
        Assert.True((await requester.InitConnectionAsync()).IsOk);
        Assert.True((await requester.GetDigestsAsync()).Outcome.IsOk);
        Assert.True((await requester.GetCertificateChainAsync(0)).Outcome.IsOk);
    }

    [Theory]
    [InlineData(0x12)]
    [InlineData(0x13)]
    public async Task A_trusted_requester_signs_finish_and_the_session_works(byte version)
    {
        using var pair = await CreateAsync(version, trusted: true, keys => keys.Identity());
        await ConnectAsync(pair.Requester);

        var outcome = await pair.Requester.StartSessionAsync(0);
        Assert.True(outcome.IsOk, outcome.ToString());
        Assert.True(pair.Requester.Session!.MutualAuthentication);
        Assert.Equal(SpdmSessionState.Established, pair.Requester.Session.State);
        Assert.True((await pair.Requester.HeartbeatAsync()).IsOk);
        Assert.True((await pair.Requester.KeyUpdateAsync(allKeys: true)).IsOk);
        Assert.True((await pair.Requester.GetMeasurementsAsync(signed: false)).Outcome.IsOk);
        Assert.True((await pair.Requester.EndSessionAsync()).IsOk);
        Assert.Equal(0, pair.Responder.SessionCount);
        Assert.Equal(0, pair.Responder.ErrorsSent);
    }

    [Fact]
    public async Task The_requester_signs_finish_once_over_the_signing_prefix_and_th()
    {
        using var pair = await CreateAsync(0x13, trusted: true, keys => keys.Identity());
        await ConnectAsync(pair.Requester);
        var signed = new List<int>();
        var identity = pair.Requester.Identity!;
        var counting = new SpdmRequester(new PlainLoopback(pair.Responder), new EngineSpdmCrypto(new SoftwareCryptoEngines(77)))
        {
            SupportedVersions = [0x13],
            Identity = identity with
            {
                SignAsync = async (message, signature) =>
                {
                    signed.Add(message.Length);
                    await identity.SignAsync(message, signature);
                },
            },
        };
        await ConnectAsync(counting);
        Assert.True((await counting.StartSessionAsync(0)).IsOk);

        // One signature, over the 1.2+ signing prefix (64 + 36) and TH (48).
        Assert.Equal([100 + 48], signed);
    }

    [Theory]
    [InlineData(0x12, SpdmErrorCode.Unspecified)]
    [InlineData(0x13, SpdmErrorCode.InvalidPolicy)]
    public async Task A_requester_that_cannot_authenticate_is_refused_by_policy(byte version, SpdmErrorCode expected)
    {
        using var pair = await CreateAsync(version, trusted: true, _ => null);
        await ConnectAsync(pair.Requester);

        var outcome = await pair.Requester.StartSessionAsync(0);
        Assert.Equal(SpdmRequestStatus.PeerError, outcome.Status);
        Assert.Equal(expected, outcome.PeerError);
        Assert.Equal(0, pair.Responder.SessionCount);

        // The connection stays sound: attestation outside a session still works.
        var measurements = await pair.Requester.GetMeasurementsAsync();
        Assert.True(measurements.Outcome.IsOk, measurements.Outcome.ToString());
    }

    [Fact]
    public async Task A_finish_signed_with_another_key_ends_the_session_with_decrypt_error()
    {
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var pair = await CreateAsync(0x13, trusted: true, keys => keys.Identity(signer: impostor));
        await ConnectAsync(pair.Requester);

        var outcome = await pair.Requester.StartSessionAsync(0);
        Assert.Equal(SpdmRequestStatus.PeerError, outcome.Status);
        Assert.Equal(SpdmErrorCode.DecryptError, outcome.PeerError);
        Assert.Equal(0, pair.Responder.SessionCount);
        Assert.Equal(1, pair.Responder.ErrorsSent);

        // A new session with the right key is still possible on the same connection.
        var honest = new SpdmRequester(new PlainLoopback(pair.Responder), new EngineSpdmCrypto(new SoftwareCryptoEngines(78)))
        {
            SupportedVersions = [0x13],
            Identity = pair.Keys.Identity(),
        };
        await ConnectAsync(honest);
        Assert.True((await honest.StartSessionAsync(0)).IsOk);
    }

    [Fact]
    public async Task The_requester_refuses_a_slot_it_does_not_hold()
    {
        using var pair = await CreateAsync(0x13, trusted: true, keys => keys.Identity(slot: 3));
        await ConnectAsync(pair.Requester);

        var outcome = await pair.Requester.StartSessionAsync(0);
        Assert.Equal(SpdmRequestStatus.VerificationFailed, outcome.Status);
        Assert.Contains("slot 0", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_requester_with_an_identity_is_not_asked_unless_the_responder_is_told_to()
    {
        using var pair = await CreateAsync(0x13, trusted: false, keys => keys.Identity());
        await ConnectAsync(pair.Requester);

        Assert.True((await pair.Requester.StartSessionAsync(0)).IsOk);
        Assert.False(pair.Requester.Session!.MutualAuthentication);
        Assert.Equal(0, pair.Responder.ErrorsSent);
    }

    [Fact]
    public async Task Only_a_responder_told_whom_to_trust_advertises_mut_auth_cap()
    {
        using var asking = await CreateAsync(0x13, trusted: true, keys => keys.Identity());
        using var silent = await CreateAsync(0x13, trusted: false, keys => keys.Identity());
        await ConnectAsync(asking.Requester);
        await ConnectAsync(silent.Requester);
        Assert.True((asking.Requester.PeerFlags & SpdmCapabilityFlags.MutAuth) != 0);
        Assert.True((silent.Requester.PeerFlags & SpdmCapabilityFlags.MutAuth) == 0);
    }

    [Theory]
    [InlineData(SpdmBaseAsymAlgo.None)]
    [InlineData(SpdmBaseAsymAlgo.EcdsaP256)]
    public async Task A_requester_claiming_mut_auth_cap_without_a_p384_signing_algorithm_is_refused_at_algorithms(SpdmBaseAsymAlgo requesterAsym)
    {
        using var pair = await CreateAsync(0x12, trusted: true, keys => keys.Identity());
        var response = new byte[256];
        Assert.Equal((byte)SpdmCode.Version, await AnswerAsync(pair.Responder, Convert.FromHexString("10840000"), response));

        // GET_CAPABILITIES 1.2 with MUT_AUTH_CAP (bit 8: flags 0x7BC6), then an offer without a usable ReqBaseAsymAlg.
        Assert.Equal((byte)SpdmCode.Capabilities, await AnswerAsync(pair.Responder, Convert.FromHexString("12E10000000C0000C67B00000010000000100000"), response));
        var offer = new byte[64];
        new NegotiateAlgorithms
        {
            Version = 0x12,
            MeasurementSpecification = SpdmMeasurementSpecification.Dmtf,
            BaseAsym = SpdmBaseAsymAlgo.EcdsaP384,
            BaseHash = SpdmBaseHashAlgo.Sha384,
            Dhe = SpdmDheGroup.Secp384r1,
            Aead = SpdmAeadSuite.Aes256Gcm,
            ReqBaseAsym = requesterAsym,
            KeySchedule = SpdmKeyScheduleAlgo.Spdm,
        }.TryWrite(offer, false, out var length);

        Assert.Equal((byte)SpdmCode.Error, await AnswerAsync(pair.Responder, offer[..length], response));
        Assert.Equal((byte)SpdmErrorCode.InvalidRequest, response[2]);
    }

    private static async Task<byte> AnswerAsync(SpdmResponder responder, byte[] request, byte[] response)
    {
        var n = await responder.RespondAsync(request, response);
        Assert.True(n >= 4);
        return response[1];
    }

    /// <summary>A plain loopback for a second requester on the same responder.</summary>
    private sealed class PlainLoopback(SpdmResponder responder) : ISpdmRequesterTransport
    {
        public SecuredTransportProfile Profile => SecuredTransportProfile.Mctp;

        public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken) =>
            secured ? await responder.RespondSecuredAsync(message, response, Profile) : await responder.RespondAsync(message, response);
    }
}
