using System.Security.Cryptography;
using Rampart.Crypto;
using Rampart.Hal.Security;
using Rampart.Identity.Evidence;
using Rampart.Platform.Security;
using Rampart.Wire;

namespace Rampart.Identity.Tests;

/// <summary>The one quote and log format (decision 0275): the PCR bank's QUOTE_PCRS quote and its log, checked by the Identity verifier.</summary>
public sealed class EvidenceTests : IDisposable
{
    private static readonly KeySlotId AttestationKey = new(5);
    private readonly SoftwareCryptoEngines _engines = new(21UL);
    private readonly KeyVault _vault;
    private readonly PcrBank _bank;
    private readonly byte[] _publicKey = new byte[96];

    public EvidenceTests()
    {
        _vault = new KeyVault(_engines);
        _bank = new PcrBank(_vault);
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(new KeySlotId(6), Enumerable.Repeat((byte)7, 48).ToArray(), KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.Ok, _vault.DeriveEccKeyPair(new KeySlotId(6), AttestationKey, KeyUsage.Sign, _publicKey));
    }

    public void Dispose()
    {
        _bank.Dispose();
        _engines.Dispose();
    }

    [Fact]
    public void The_pcr_banks_log_replays_to_its_pcr_values()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(PcrStatus.Ok, _bank.Extend(i % 4, (uint)i, SHA384.HashData(BitConverter.GetBytes(i))));
        }

        var replayed = new byte[PcrQuoteMessage.NonceOffset];
        MeasurementLogReplay.Replay(_engines.Sha, _bank.Log, replayed);
        var message = new byte[PcrQuoteMessage.Size];
        Assert.Equal(PcrStatus.Ok, _bank.WriteQuoteMessage(new byte[32], message));
        Assert.Equal(replayed, message[..PcrQuoteMessage.NonceOffset]);
        Assert.Throws<ArgumentException>(() => MeasurementLogReplay.Replay(_engines.Sha, [new MeasurementLogEntry(32, 0, new byte[1])], replayed));
    }

    [Fact]
    public void A_quote_of_the_pcr_bank_verifies_against_its_log()
    {
        var (pcrs, nonce, digest, signature) = Quote();
        Assert.True(PcrQuote.Verify(_engines, pcrs, nonce, digest, signature, nonce, _publicKey, _bank.Log).IsValid);
        Assert.True(PcrQuote.Verify(_engines, pcrs, nonce, digest, signature, nonce, _publicKey).IsValid);
    }

    [Fact]
    public void Every_flipped_bit_of_a_quote_is_refused_with_a_named_reason()
    {
        var (pcrs, nonce, digest, signature) = Quote();
        byte[] quote = [.. pcrs, .. nonce, .. digest, .. signature];
        var digestOffset = PcrQuoteMessage.Size;
        var signatureOffset = digestOffset + PcrQuote.DigestSize;
        for (var bit = 0; bit < quote.Length * 8; bit++)
        {
            quote[bit / 8] ^= (byte)(1 << (bit % 8));
            var result = PcrQuote.Verify(
                _engines, quote.AsSpan(0, PcrQuoteMessage.NonceOffset), quote.AsSpan(PcrQuoteMessage.NonceOffset, 32), quote.AsSpan(digestOffset, 48), quote.AsSpan(signatureOffset), nonce, _publicKey);
            quote[bit / 8] ^= (byte)(1 << (bit % 8));
            var expected = (bit / 8) switch
            {
                < PcrQuoteMessage.NonceOffset => QuoteError.DigestMismatch,
                < PcrQuoteMessage.Size => QuoteError.NonceMismatch,
                var i when i < signatureOffset => QuoteError.DigestMismatch,
                _ => QuoteError.BadEccSignature,
            };
            Assert.False(result.IsValid);
            Assert.True(expected == result.Error, $"bit {bit}: {result.Error}");
        }
    }

    [Fact]
    public void A_quote_that_answers_another_nonce_has_a_wrong_shape_or_another_key_is_refused()
    {
        var (pcrs, nonce, digest, signature) = Quote();
        var other = (byte[])nonce.Clone();
        other[31] ^= 1;
        Assert.Equal(QuoteError.NonceMismatch, PcrQuote.Verify(_engines, pcrs, nonce, digest, signature, other, _publicKey).Error);
        Assert.Equal(QuoteError.Malformed, PcrQuote.Verify(_engines, pcrs.AsSpan(1), nonce, digest, signature, nonce, _publicKey).Error);
        Assert.Equal(QuoteError.Malformed, PcrQuote.Verify(_engines, pcrs, nonce, digest.AsSpan(1), signature, nonce, _publicKey).Error);
        Assert.Equal(QuoteError.Malformed, PcrQuote.Verify(_engines, pcrs, nonce, digest, signature.AsSpan(1), nonce, _publicKey).Error);
        var otherKey = (byte[])_publicKey.Clone();
        otherKey[95] ^= 1;
        Assert.Equal(QuoteError.BadEccSignature, PcrQuote.Verify(_engines, pcrs, nonce, digest, signature, nonce, otherKey).Error);
        Assert.Equal(QuoteError.BadEccSignature, PcrQuote.Verify(_engines, pcrs, nonce, digest, signature, nonce, _publicKey.AsSpan(1)).Error);
    }

    [Fact]
    public void A_log_that_does_not_replay_to_the_quote_names_the_first_pcr_that_differs()
    {
        var (pcrs, nonce, digest, signature) = Quote();
        var log = _bank.Log;
        var shortLog = log.Take(log.Count - 1).ToList();
        var mismatch = PcrQuote.Verify(_engines, pcrs, nonce, digest, signature, nonce, _publicKey, shortLog);
        Assert.Equal(QuoteError.LogMismatch, mismatch.Error);
        Assert.Equal(log[^1].Pcr, mismatch.Pcr);
        Assert.False(mismatch.IsValid);

        var changed = log.Select((e, i) => i == 1 ? e with { Measurement = SHA384.HashData("other"u8) } : e).ToList();
        Assert.Equal(log[1].Pcr, PcrQuote.Verify(_engines, pcrs, nonce, digest, signature, nonce, _publicKey, changed).Pcr);
        Assert.Equal(QuoteError.MalformedLog, PcrQuote.Verify(_engines, pcrs, nonce, digest, signature, nonce, _publicKey, [new MeasurementLogEntry(40, 0, new byte[1])]).Error);
    }

    [Fact]
    public void The_attestation_key_comes_from_the_deepest_ecc_certificate()
    {
        var (ecc, mlDsa) = TestChains.Build(TestChains.DefaultSeed, booted: true);
        Assert.Equal(WireStatus.Done, PcrQuote.TryGetAttestationKey(ecc.Certificates[^1], out var key));
        Assert.Equal(CertificateTests.Parse(ecc.Certificates[^1]).PublicKey.ToArray(), key.ToArray());
        Assert.Equal(WireStatus.Invalid, PcrQuote.TryGetAttestationKey(mlDsa.Certificates[^1], out var none));
        Assert.True(none.IsEmpty);
        Assert.Equal(WireStatus.Invalid, PcrQuote.TryGetAttestationKey(ecc.Certificates[^1].AsMemory(1), out _));
    }

    /// <summary>What the runtime's QUOTE_PCRS_ECC384 puts in its answer: the PCRs, the nonce, SHA-384 of the quote message and the bank's signature.</summary>
    private (byte[] Pcrs, byte[] Nonce, byte[] Digest, byte[] Signature) Quote()
    {
        Assert.Equal(PcrStatus.Ok, _bank.Extend(0, MeasurementEvents.DeviceState, TestChains.Digest("device state")));
        Assert.Equal(PcrStatus.Ok, _bank.Extend(0, MeasurementEvents.FmcDigest, TestChains.Digest("fmc")));
        Assert.Equal(PcrStatus.Ok, _bank.Extend(2, MeasurementEvents.RuntimeDigest, TestChains.Digest("runtime")));
        Assert.Equal(PcrStatus.Ok, _bank.Extend(3, MeasurementEvents.RuntimeDigest, TestChains.Digest("runtime")));
        Assert.Equal(PcrStatus.Ok, _bank.Extend(4, MeasurementEvents.AuthorizedImage, TestChains.Digest("soc image 1")));
        var nonce = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var message = new byte[PcrQuoteMessage.Size];
        var signature = new byte[96];
        Assert.Equal(PcrStatus.Ok, _bank.WriteQuoteMessage(nonce, message));
        Assert.Equal(PcrStatus.Ok, _bank.QuoteEcc(nonce, AttestationKey, signature, out _));
        return (message[..PcrQuoteMessage.NonceOffset], nonce, SHA384.HashData(message), signature);
    }
}
