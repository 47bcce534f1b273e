using Rampart.Hal.Security;
using Rampart.Identity.Dice;
using Rampart.Identity.Evidence;
using Rampart.Wire;

namespace Rampart.Identity.Tests;

public sealed class EvidenceTests
{
    [Fact]
    public void A_log_record_has_the_documented_layout()
    {
        var entry = new MeasurementLogEntry(2, 0x0000_0102, new byte[] { 0xAA, 0xBB, 0xCC });
        var buffer = new byte[MeasurementLogRecord.SizeOf(3)];
        Assert.Equal(11, MeasurementLogRecord.Write(entry, buffer));
        Assert.Equal("0200030002010000AABBCC", Convert.ToHexString(buffer));
    }

    [Theory]
    [InlineData("0200030002010000AABBCC", 2, 0x102u, "AABBCC")]
    [InlineData("1F00010078563412FF", 31, 0x12345678u, "FF")]
    public void Log_records_decode(string hex, int pcr, uint eventType, string measurement)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(WireStatus.Done, MeasurementLogRecord.TryRead(bytes, out var p, out var e, out var m, out var consumed));
        Assert.Equal(pcr, p);
        Assert.Equal(eventType, e);
        Assert.Equal(measurement, Convert.ToHexString(m));
        Assert.Equal(bytes.Length, consumed);
    }

    [Theory]
    [InlineData("short header", "020003", WireStatus.NeedMoreData)]
    [InlineData("short measurement", "0200030002010000AABB", WireStatus.NeedMoreData)]
    [InlineData("pcr 32", "2000010000000000AA", WireStatus.Invalid)]
    [InlineData("reserved set", "0201010000000000AA", WireStatus.Invalid)]
    [InlineData("empty measurement", "0200000000000000", WireStatus.Invalid)]
    [InlineData("too long", "0200010400000000", WireStatus.Invalid)]
    public void Bad_log_records_are_refused_and_consume_nothing(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, MeasurementLogRecord.TryRead(Convert.FromHexString(hex), out var pcr, out var eventType, out var measurement, out var consumed));
        Assert.Equal(0, pcr);
        Assert.Equal(0u, eventType);
        Assert.True(measurement.IsEmpty);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void A_whole_log_round_trips()
    {
        var log = SampleLog();
        var bytes = new List<byte>();
        foreach (var entry in log)
        {
            var buffer = new byte[MeasurementLogRecord.SizeOf(entry.Measurement.Length)];
            MeasurementLogRecord.Write(entry, buffer);
            bytes.AddRange(buffer);
        }

        Assert.Equal(WireStatus.Done, MeasurementLogRecord.TryReadAll(bytes.ToArray(), out var decoded));
        Assert.Equal(log.Count, decoded.Count);
        for (var i = 0; i < log.Count; i++)
        {
            Assert.Equal(log[i].Pcr, decoded[i].Pcr);
            Assert.Equal(log[i].Measurement.ToArray(), decoded[i].Measurement.ToArray());
        }

        Assert.Equal(WireStatus.Invalid, MeasurementLogRecord.TryReadAll(bytes.Take(bytes.Count - 1).ToArray(), out var none));
        Assert.Empty(none);
    }

    [Fact]
    public void A_quote_verifies_against_its_log_and_names_each_failure()
    {
        using var engines = TestChains.Engines();
        using var ecc = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, new byte[48]);
        using var mlDsa = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.MlDsa87, new byte[32]);
        var log = SampleLog();
        var pcrs = new byte[PcrQuoteMessage.NonceOffset];
        MeasurementLogReplay.Replay(engines.Sha, log, pcrs);
        var nonce = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var quote = new byte[PcrQuote.Size];
        PcrQuote.Create(pcrs, nonce, ecc, mlDsa, quote);
        Assert.Equal(6292, PcrQuote.Size);

        var ok = PcrQuote.Verify(engines, quote, nonce, ecc.PublicKey, mlDsa.PublicKey, log);
        Assert.True(ok.IsValid);

        var otherNonce = (byte[])nonce.Clone();
        otherNonce[31] ^= 1;
        Assert.Equal(QuoteError.NonceMismatch, PcrQuote.Verify(engines, quote, otherNonce, ecc.PublicKey, mlDsa.PublicKey).Error);

        var tampered = (byte[])quote.Clone();
        tampered[2 * 48 + 7] ^= 0x04;
        Assert.Equal(QuoteError.BadEccSignature, PcrQuote.Verify(engines, tampered, nonce, ecc.PublicKey, mlDsa.PublicKey).Error);

        tampered = (byte[])quote.Clone();
        tampered[PcrQuote.MlDsaSignatureOffset + 100] ^= 0x04;
        Assert.Equal(QuoteError.BadMlDsaSignature, PcrQuote.Verify(engines, tampered, nonce, ecc.PublicKey, mlDsa.PublicKey).Error);

        tampered = (byte[])quote.Clone();
        tampered[^1] = 1;
        Assert.Equal(QuoteError.Malformed, PcrQuote.Verify(engines, tampered, nonce, ecc.PublicKey, mlDsa.PublicKey).Error);
        Assert.Equal(QuoteError.Malformed, PcrQuote.Verify(engines, quote.AsSpan(1), nonce, ecc.PublicKey, mlDsa.PublicKey).Error);

        var shortLog = log.Take(log.Count - 1).ToList();
        var mismatch = PcrQuote.Verify(engines, quote, nonce, ecc.PublicKey, mlDsa.PublicKey, shortLog);
        Assert.Equal(QuoteError.LogMismatch, mismatch.Error);
        Assert.Equal(log[^1].Pcr, mismatch.Pcr);
        Assert.Equal(QuoteError.MalformedLog, PcrQuote.Verify(engines, quote, nonce, ecc.PublicKey, mlDsa.PublicKey, [new MeasurementLogEntry(40, 0, new byte[1])]).Error);
    }

    [Fact]
    public void Attestation_keys_come_from_the_deepest_certificates()
    {
        var (ecc, mlDsa) = TestChains.Build(TestChains.DefaultSeed, booted: true);
        Assert.Equal(WireStatus.Done, PcrQuote.TryGetAttestationKeys(ecc.Certificates[^1], mlDsa.Certificates[^1], out var eccKey, out var mlDsaKey));
        Assert.Equal(96, eccKey.Length);
        Assert.Equal(2592, mlDsaKey.Length);
        Assert.Equal(WireStatus.Invalid, PcrQuote.TryGetAttestationKeys(mlDsa.Certificates[^1], ecc.Certificates[^1], out _, out _));
    }

    private static List<MeasurementLogEntry> SampleLog() =>
    [
        new(0, 1, TestChains.Digest("device state")),
        new(0, 2, TestChains.Digest("fmc")),
        new(2, 3, TestChains.Digest("runtime")),
        new(3, 3, TestChains.Digest("runtime")),
        new(3, 4, TestChains.Digest("soc image 1")),
    ];
}
