using BenchmarkDotNet.Attributes;
using Rampart.Crypto;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Spdm;

namespace Rampart.Benchmarks.Spdm;

/// <summary>
/// Issue 7: the SPDM responder's processing time per request, in process, with host crypto
/// (<see cref="EngineSpdmCrypto"/>) and the device signing per <see cref="SpdmSigning"/>:
/// CHALLENGE, signed GET_MEASUREMENTS and KEY_EXCHANGE replay requests a real requester made
/// (recorded once in the setup) straight into the responder, so only the responder is timed;
/// <see cref="FullAttestation"/> is a whole connection with Rampart's requester on the other
/// side (VCA, digests, certificate, CHALLENGE, signed measurements, KEY_EXCHANGE, FINISH,
/// HEARTBEAT, END_SESSION; both sides' work), whose inverse is connections per second.
/// Run: <c>dotnet run -c Release --project bench/Rampart.Benchmarks -- --filter '*SpdmResponder*' --memory</c>.
/// </summary>
[MemoryDiagnoser]
public class SpdmResponderBenchmarks
{
    private readonly byte[] _response = new byte[8192];
    private SoftwareCryptoEngines? _engines;
    private SpdmBenchDevice? _device;
    private SpdmResponder? _responder;
    private RecordingTransport? _transport;
    private byte[][] _vca = [];
    private byte[] _challenge = [];
    private byte[] _measurements = [];
    private byte[] _keyExchange = [];

    /// <summary>How the device signs.</summary>
    [Params(SpdmSigning.Deterministic, SpdmSigning.Randomized)]
    public SpdmSigning Signing { get; set; }

    /// <summary>Makes the device, runs one real connection and records the requests to replay.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engines = new SoftwareCryptoEngines(0x5BD7UL);
        var crypto = new EngineSpdmCrypto(_engines);
        _device = SpdmBenchDevice.CreateAsync(_engines, crypto, Signing).GetAwaiter().GetResult();
        _responder = new SpdmResponder(_device, crypto, new SpdmResponderOptions { MaxSessions = 2 });
        _transport = new RecordingTransport(_responder);
        var requester = new SpdmRequester(_transport, new EngineSpdmCrypto(new SoftwareCryptoEngines(0x7E57UL)));
        Require(requester.InitConnectionAsync().AsTask().GetAwaiter().GetResult().IsOk, "VCA");
        _vca = [.. _transport.Plain];
        Require(requester.GetDigestsAsync().AsTask().GetAwaiter().GetResult().Outcome.IsOk, "digests");
        Require(requester.GetCertificateChainAsync(0).AsTask().GetAwaiter().GetResult().Outcome.IsOk, "certificate");
        Require(requester.ChallengeAsync(0, 0xFF).AsTask().GetAwaiter().GetResult().Outcome.IsOk, "challenge");
        _challenge = _transport.Plain[^1];
        Require(requester.GetMeasurementsAsync(GetMeasurements.OperationAll, signed: true).AsTask().GetAwaiter().GetResult().Outcome.IsOk, "measurements");
        _measurements = _transport.Plain[^1];
        Require(requester.StartSessionAsync().AsTask().GetAwaiter().GetResult().IsOk, "session");
        _keyExchange = _transport.Plain[^1];
        Require(_keyExchange[1] == (byte)SpdmCode.KeyExchange, "recorded KEY_EXCHANGE");
        Require(Code(Challenge()) == (byte)SpdmCode.ChallengeAuth, "replayed CHALLENGE");
        Require(Code(SignedMeasurements()) == (byte)SpdmCode.Measurements, "replayed GET_MEASUREMENTS");
        Require(Code(Respond(_keyExchange)) == (byte)SpdmCode.KeyExchangeRsp, "replayed KEY_EXCHANGE");
        Reset();
    }

    /// <summary>Releases the device.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _device?.Dispose();
        _engines?.Dispose();
    }

    /// <summary>The responder answers a recorded CHALLENGE (M1 transcript hash, one signature).</summary>
    [Benchmark]
    public int Challenge() => Respond(_challenge);

    /// <summary>The responder answers a recorded signed GET_MEASUREMENTS for all eight blocks (L1 hash, one signature).</summary>
    [Benchmark]
    public int SignedMeasurements() => Respond(_measurements);

    /// <summary>
    /// The responder answers a recorded KEY_EXCHANGE (ephemeral key, ECDH, key schedule, one
    /// signature, HMAC), then the three VCA requests that reset the connection (and close the
    /// half-open session) so the next one is accepted; <see cref="Vca"/> is that reset alone.
    /// </summary>
    [Benchmark]
    public int KeyExchange()
    {
        var n = Respond(_keyExchange);
        Reset();
        return n;
    }

    /// <summary>The three VCA requests alone (to subtract from <see cref="KeyExchange"/>).</summary>
    [Benchmark]
    public int Vca()
    {
        Reset();
        return 0;
    }

    /// <summary>A whole attestation connection with Rampart's requester (both sides' work).</summary>
    [Benchmark]
    public bool FullAttestation()
    {
        var requester = new SpdmRequester(_transport!, new EngineSpdmCrypto(_engines!));
        var ok = requester.InitConnectionAsync().AsTask().GetAwaiter().GetResult().IsOk
            && requester.GetDigestsAsync().AsTask().GetAwaiter().GetResult().Outcome.IsOk
            && requester.GetCertificateChainAsync(0).AsTask().GetAwaiter().GetResult().Outcome.IsOk
            && requester.ChallengeAsync(0, 0xFF).AsTask().GetAwaiter().GetResult().Outcome.IsOk
            && requester.GetMeasurementsAsync(GetMeasurements.OperationAll, signed: true).AsTask().GetAwaiter().GetResult().Outcome.IsOk
            && requester.StartSessionAsync().AsTask().GetAwaiter().GetResult().IsOk
            && requester.HeartbeatAsync().AsTask().GetAwaiter().GetResult().IsOk
            && requester.EndSessionAsync().AsTask().GetAwaiter().GetResult().IsOk;
        _transport!.Plain.Clear();
        return ok;
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("SPDM benchmark setup failed at " + what);
        }
    }

    private byte Code(int length) => length >= 2 ? _response[1] : (byte)0;

    private int Respond(byte[] request) => _responder!.RespondAsync(request, _response).AsTask().GetAwaiter().GetResult();

    private void Reset()
    {
        foreach (var request in _vca)
        {
            _ = Respond(request);
        }
    }

    /// <summary>Passes requests to the responder and keeps the plain ones.</summary>
    private sealed class RecordingTransport(SpdmResponder responder) : ISpdmRequesterTransport
    {
        public List<byte[]> Plain { get; } = [];

        public SecuredTransportProfile Profile => SecuredTransportProfile.Mctp;

        public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken)
        {
            if (!secured)
            {
                Plain.Add(message.ToArray());
                return await responder.RespondAsync(message, response);
            }

            return await responder.RespondSecuredAsync(message, response, Profile);
        }
    }
}
