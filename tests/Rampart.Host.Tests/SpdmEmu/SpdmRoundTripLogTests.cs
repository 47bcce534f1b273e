using System.Diagnostics;
using Rampart.Crypto;
using Rampart.Host.SpdmEmu;
using Rampart.Protocols.Spdm;
using Rampart.Protocols.Tests.Spdm;
using Rampart.Wire.Spdm;

namespace Rampart.Host.Tests.SpdmEmu;

/// <summary><see cref="SpdmRoundTripLog"/> and the requester's use of it.</summary>
public sealed class SpdmRoundTripLogTests
{
    [Fact]
    public void A_round_trip_runs_from_its_start_timestamp_to_the_call()
    {
        var log = new SpdmRoundTripLog(4);
        var secondAgo = Stopwatch.GetTimestamp() - Stopwatch.Frequency;

        log.End((byte)SpdmCode.Challenge, secondAgo);
        log.End((byte)SpdmCode.GetVersion, Stopwatch.GetTimestamp());

        Assert.Equal(2, log.Count);
        Assert.Equal((byte)SpdmCode.Challenge, log.CodeAt(0));
        Assert.Equal((byte)SpdmCode.GetVersion, log.CodeAt(1));
        Assert.InRange(log.DurationAt(0), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.InRange(log.DurationAt(1), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.CodeAt(2));
    }

    [Fact]
    public void A_full_log_counts_what_it_drops_and_clear_forgets_both()
    {
        var log = new SpdmRoundTripLog(2);
        for (var i = 0; i < 5; i++)
        {
            log.End((byte)(0x80 + i), Stopwatch.GetTimestamp());
        }

        Assert.Equal(2, log.Count);
        Assert.Equal(3, log.Dropped);
        Assert.Equal(0x81, log.CodeAt(1));

        log.Clear();
        Assert.Equal(0, log.Count);
        Assert.Equal(0, log.Dropped);
        Assert.Throws<ArgumentOutOfRangeException>(() => log.DurationAt(0));
    }

    [Fact]
    public void Recording_allocates_nothing()
    {
        var log = new SpdmRoundTripLog(1000);
        log.End(0x84, Stopwatch.GetTimestamp());

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2000; i++)
        {
            log.End((byte)SpdmCode.KeyExchange, Stopwatch.GetTimestamp());
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(1001, log.Dropped);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_requester_logs_every_request_secured_ones_under_their_plaintext_code(bool mctp)
    {
        var profile = mctp ? SecuredTransportProfile.Mctp : SecuredTransportProfile.Doe;
        var deviceCrypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(3));
        using var device = await TestSpdmDevice.CreateAsync(deviceCrypto);
        var transport = new LoopbackTransport(new SpdmResponder(device, deviceCrypto) { SessionTransport = profile }, profile);
        var log = new SpdmRoundTripLog(64);
        var requester = new SpdmRequester(transport, new EngineSpdmCrypto(new SoftwareCryptoEngines(4))) { RoundTrips = log };

        Assert.True((await requester.InitConnectionAsync()).IsOk);
        Assert.True((await requester.GetDigestsAsync()).Outcome.IsOk);
        Assert.True((await requester.GetCertificateChainAsync(0)).Outcome.IsOk);
        Assert.True((await requester.StartSessionAsync()).IsOk);
        Assert.True((await requester.KeyUpdateAsync(allKeys: false)).IsOk);
        Assert.True((await requester.HeartbeatAsync()).IsOk);
        Assert.True((await requester.EndSessionAsync()).IsOk);

        var names = Enumerable.Range(0, log.Count).Select(i => SpdmCodes.Name(log.CodeAt(i))).Distinct();
        Assert.Equal(
            ["GET_VERSION", "GET_CAPABILITIES", "NEGOTIATE_ALGORITHMS", "GET_DIGESTS", "GET_CERTIFICATE", "KEY_EXCHANGE", "FINISH", "KEY_UPDATE", "HEARTBEAT", "END_SESSION"],
            names);
        Assert.Equal(transport.Requests.Count, log.Count);
        Assert.Equal(0, log.Dropped);
    }
}
