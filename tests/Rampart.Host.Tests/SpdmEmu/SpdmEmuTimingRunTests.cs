using System.Net;
using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Rampart.Host.Attestation;
using Rampart.Host.SpdmEmu;
using Rampart.Protocols.Spdm;
using Rampart.Protocols.Tests.Spdm;
using Rampart.Wire.Bindings;
using Rampart.Wire.Spdm;

namespace Rampart.Host.Tests.SpdmEmu;

/// <summary><see cref="SpdmEmuTimingRun"/> against Rampart's own responder on loopback.</summary>
public sealed class SpdmEmuTimingRunTests
{
    /// <summary>The requests of one attestation, in the order the requester sends them.</summary>
    private static readonly string[] Sequence =
        ["GET_VERSION", "GET_CAPABILITIES", "NEGOTIATE_ALGORITHMS", "GET_DIGESTS", "GET_CERTIFICATE", "CHALLENGE", "GET_MEASUREMENTS", "KEY_EXCHANGE", "FINISH", "HEARTBEAT", "END_SESSION"];

    /// <summary>The in-process responder as a server's device, holding back the answer to one plain request code.</summary>
    private sealed class SlowResponder(SpdmResponder responder, SecuredTransportProfile profile, SpdmCode slowCode, TimeSpan delay) : ISpdmRequesterTransport
    {
        public SecuredTransportProfile Profile => profile;

        public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken)
        {
            if (!secured && message.Length > 1 && message.Span[1] == (byte)slowCode)
            {
                await Task.Delay(delay, cancellationToken);
            }

            return secured ? await responder.RespondSecuredAsync(message, response, profile) : await responder.RespondAsync(message, response);
        }
    }

    /// <summary>Software engines whose ECDSA verification takes <paramref name="delay"/> longer: the requester's own work.</summary>
    private sealed class SlowVerifyEngines(SoftwareCryptoEngines inner, TimeSpan delay) : ICryptoEngines, IEccEngine
    {
        public int Verifies { get; private set; }

        public IShaEngine Sha => inner.Sha;
        public IHmacEngine Hmac => inner.Hmac;
        public IKdfEngine Kdf => inner.Kdf;
        public IEccEngine Ecc => this;
        public IMlDsaEngine MlDsa => inner.MlDsa;
        public ILmsEngine Lms => inner.Lms;
        public IMlKemEngine MlKem => inner.MlKem;
        public IAesGcmEngine AesGcm => inner.AesGcm;
        public IDrbg Drbg => inner.Drbg;
        public string EngineName => inner.Ecc.EngineName;

        public KatResult RunKnownAnswerTest() => inner.Ecc.RunKnownAnswerTest();
        public void DeriveKeyPair(ReadOnlySpan<byte> seed, Span<byte> privateKey, Span<byte> publicKey) => inner.Ecc.DeriveKeyPair(seed, privateKey, publicKey);
        public void GetPublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey) => inner.Ecc.GetPublicKey(privateKey, publicKey);
        public void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest, Span<byte> signature) => inner.Ecc.Sign(privateKey, digest, signature);
        public bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret) => inner.Ecc.TryAgree(privateKey, peerPublicKey, sharedSecret);

        public Verdict Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
        {
            Verifies++;
            Thread.Sleep(delay);
            return inner.Ecc.Verify(publicKey, digest, signature);
        }
    }

    /// <summary>Serves <paramref name="device"/> (or the plain responder) on loopback while <paramref name="run"/> runs.</summary>
    private static async Task<(SpdmEmuTimings Timings, SpdmEmuServer Server)> RunAsync(
        SpdmEmuTransport transport, SpdmEmuTimingOptions options, Func<TestSpdmDevice, SpdmEmuTimingOptions>? configure = null, ICryptoEngines? engines = null, (SpdmCode Code, TimeSpan Delay)? slow = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var crypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(31));
        using var device = await TestSpdmDevice.CreateAsync(crypto);
        var responder = new SpdmResponder(device, crypto) { SessionTransport = SpdmEmuPayload.Profile(transport) };
        var endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        var server = slow is { } s
            ? new SpdmEmuServer(new SlowResponder(responder, SpdmEmuPayload.Profile(transport), s.Code, s.Delay), endpoint, transport)
            : new SpdmEmuServer(responder, endpoint, transport);
        server.Start();
        var serving = server.RunAsync(timeout.Token);
        using var own = new SoftwareCryptoEngines(5);
        var timings = await SpdmEmuTimingRun.RunAsync(
            server.LocalEndpoint, transport, engines ?? own, configure?.Invoke(device) ?? options with { TrustRoot = device.RootCertificate }, timeout.Token);
        await timeout.CancelAsync();
        await serving;
        server.Dispose();
        return (timings, server);
    }

    [Theory]
    [InlineData(SpdmEmuTransport.Mctp)]
    [InlineData(SpdmEmuTransport.PciDoe)]
    public async Task Every_request_of_an_attestation_gets_a_row_in_the_order_sent(SpdmEmuTransport transport)
    {
        var (t, server) = await RunAsync(transport, new SpdmEmuTimingOptions { Connections = 3, Warmup = 1 });

        Assert.Null(t.Failure);
        Assert.Equal(3, t.Connections);
        Assert.Equal(1, t.Warmup);
        Assert.Equal("1.3", t.Version);
        Assert.True(t.PeerEchoedEnd);
        Assert.Equal(0, server.ConnectionsDropped);
        Assert.Equal(Sequence, t.Requests.Select(r => r.Name));
        foreach (var row in t.Requests)
        {
            Assert.Equal(row.Name, SpdmCodes.Name(row.Code));
            Assert.True(row.Code >= 0x80, row.Name);
            Assert.Equal(row.Count, row.PerConnection * 3, 6);
            Assert.True(row.Name == "GET_CERTIFICATE" ? row.PerConnection >= 1 : row.PerConnection == 1, $"{row.Name}: {row.PerConnection}");
            var s = row.Spread;
            Assert.True(s.Min > TimeSpan.Zero && s.Min <= s.P10 && s.P10 <= s.Median && s.Median <= s.P90 && s.P90 <= s.Max, $"{row.Name}: {s}");
        }

        // Without reference values the verdict is incomplete, yet every request ran.
        Assert.Equal(new Dictionary<string, int> { ["incomplete"] = 3 }, t.Verdicts);
        Assert.True(t.PeerTime.Median < t.Connection.Median);
        Assert.True(t.Elapsed >= t.Connection.Max);
        Assert.True(t.ConnectionsPerSecond > 0);
        Assert.Equal(0, t.Dropped);
    }

    [Fact]
    public async Task The_peers_delay_shows_in_its_own_row_only()
    {
        var delay = TimeSpan.FromMilliseconds(200);
        var (t, _) = await RunAsync(SpdmEmuTransport.Mctp, new SpdmEmuTimingOptions { Connections = 2 }, slow: (SpdmCode.Challenge, delay));

        // The peer's timer and the requester's stopwatch are different clocks: a timer may fire a
        // millisecond or two before the stopwatch has seen the whole delay (CI saw 198.6 ms).
        var atLeast = delay * 0.9;
        // A delay that leaked into another row would be in every one of its samples, so that row's
        // fastest sample is the test; its slowest may be a thread-pool stall on a busy machine
        // (the suite runs test classes in parallel on two cores; CI saw an 800 ms round trip).
        var challenge = t.Requests.Single(r => r.Name == "CHALLENGE");
        Assert.True(challenge.Spread.Min >= atLeast, challenge.Spread.ToString());
        Assert.All(t.Requests.Where(r => r.Name != "CHALLENGE"), r => Assert.True(r.Spread.Min < atLeast, $"{r.Name}: {r.Spread}"));
        Assert.True(t.PeerTime.Min >= atLeast);
    }

    [Fact]
    public async Task The_requesters_own_verification_is_in_no_round_trip()
    {
        // Each ECDSA verification the requester makes (chain, CHALLENGE_AUTH, MEASUREMENTS,
        // KEY_EXCHANGE_RSP) takes 150 ms longer: the connection's wall time grows, no row does.
        var delay = TimeSpan.FromMilliseconds(150);
        using var inner = new SoftwareCryptoEngines(9);
        var engines = new SlowVerifyEngines(inner, delay);

        var (t, _) = await RunAsync(SpdmEmuTransport.Mctp, new SpdmEmuTimingOptions { Connections = 2 }, engines: engines);

        Assert.Null(t.Failure);
        Assert.True(engines.Verifies >= 2 * 4, $"{engines.Verifies} verifications");
        Assert.True(t.Connection.Min >= t.PeerTime.Min + (delay * 4 * 0.9), $"{t.Connection} {t.PeerTime}"); // timers may fire a little early
        // Verification inside a round trip would be in every sample of its row: the fastest is the
        // test (the slowest may be a thread-pool stall: Thread.Sleep above blocks a pool thread).
        Assert.All(t.Requests, r => Assert.True(r.Spread.Min < delay, $"{r.Name}: {r.Spread}"));
    }

    [Fact]
    public async Task A_failed_connection_stops_the_run_and_is_reported()
    {
        using var otherKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        var otherRoot = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Someone Else", otherKey, System.Security.Cryptography.HashAlgorithmName.SHA384)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(50)).RawData;

        var (t, server) = await RunAsync(SpdmEmuTransport.Mctp, new SpdmEmuTimingOptions(), _ => new SpdmEmuTimingOptions { Connections = 5, Warmup = 0, TrustRoot = otherRoot });

        Assert.NotNull(t.Failure);
        Assert.Equal("failed", t.Failure.Verdict);
        Assert.Contains(t.Failure.Checks, c => c.Verdict == CheckVerdict.Fail && c.Detail.Contains("UntrustedRoot", StringComparison.Ordinal));
        Assert.Equal(0, t.Connections);
        Assert.Empty(t.Requests);
        Assert.Empty(t.Verdicts);
        Assert.Equal(TimeSpan.Zero, t.Elapsed);
        Assert.Equal(0, server.ConnectionsDropped);
    }

    [Fact]
    public void Quantiles_interpolate_between_sorted_values()
    {
        var spread = DurationSpread.Of([TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(30)]);

        Assert.Equal(TimeSpan.FromMilliseconds(10), spread.Min);
        Assert.Equal(TimeSpan.FromMilliseconds(13), spread.P10);
        Assert.Equal(TimeSpan.FromMilliseconds(25), spread.Median);
        Assert.Equal(TimeSpan.FromMilliseconds(37), spread.P90);
        Assert.Equal(TimeSpan.FromMilliseconds(40), spread.Max);
        Assert.Equal(TimeSpan.Zero, DurationSpread.Of([]).Median);
    }
}
