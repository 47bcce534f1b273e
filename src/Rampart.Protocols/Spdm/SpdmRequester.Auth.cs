using Rampart.Hal.Crypto;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>GET_DIGESTS, GET_CERTIFICATE, CHALLENGE, GET_MEASUREMENTS from the requester's side.</summary>
public sealed partial class SpdmRequester
{
    private const ushort PortionLength = 0x400;
    private readonly Dictionary<int, byte[]> _digests = [];
    private readonly Dictionary<int, byte[]> _leafKeys = [];
    private readonly Dictionary<int, byte[]> _chains = [];

    /// <summary>GET_DIGESTS.</summary>
    public async ValueTask<SpdmDigestsResult> GetDigestsAsync(CancellationToken cancellationToken = default)
    {
        _l.Reset();
        _m.Reset();
        GetDigests.TryWriteRequest(_request, Version, out var n);
        var (outcome, length) = await ExchangeAsync(n, SpdmCode.Digests, cancellationToken);
        if (!outcome.IsOk)
        {
            return new SpdmDigestsResult(outcome, 0, []);
        }

        var h = _crypto.HashSize;
        if (GetDigests.TryReadResponse(_response.AsSpan(0, length), h, out var mask, out var digests, out var used) != WireStatus.Done)
        {
            return new SpdmDigestsResult(Malformed("DIGESTS"), 0, []);
        }

        _m.Append(_request.AsSpan(0, n));
        _m.Append(_response.AsSpan(0, used));
        var list = new List<byte[]>();
        var index = 0;
        _digests.Clear();
        for (var slot = 0; slot < 8; slot++)
        {
            if ((mask & (1 << slot)) != 0)
            {
                var digest = digests.Slice(index * h, h).ToArray();
                _digests[slot] = digest;
                list.Add(digest);
                index++;
            }
        }

        return new SpdmDigestsResult(SpdmOutcome.Success, mask, list);
    }

    /// <summary>Reads a slot's whole chain portion by portion and checks it against DIGESTS and its root hash.</summary>
    public async ValueTask<SpdmCertificateResult> GetCertificateChainAsync(byte slot, CancellationToken cancellationToken = default)
    {
        using var chain = new MemoryStream();
        ushort offset = 0;
        while (true)
        {
            new GetCertificate(Version, slot, offset, PortionLength).TryWriteRequest(_request, out var n);
            var (outcome, length) = await ExchangeAsync(n, SpdmCode.Certificate, cancellationToken);
            if (!outcome.IsOk)
            {
                return new SpdmCertificateResult(outcome, [], [], []);
            }

            if (GetCertificate.TryReadResponse(_response.AsSpan(0, length), out var rspSlot, out var portion, out var remainder, out var used) != WireStatus.Done ||
                rspSlot != slot || portion.IsEmpty || chain.Length + portion.Length + remainder > ushort.MaxValue)
            {
                return new SpdmCertificateResult(Malformed("CERTIFICATE"), [], [], []);
            }

            _m.Append(_request.AsSpan(0, n));
            _m.Append(_response.AsSpan(0, used));
            chain.Write(portion);
            if (remainder == 0)
            {
                break;
            }

            offset = (ushort)chain.Length;
        }

        var bytes = chain.ToArray();
        var digest = new byte[_crypto.HashSize];
        _crypto.Hash(bytes, digest);
        if (_digests.TryGetValue(slot, out var expected) && !SameBytes(expected, digest))
        {
            return new SpdmCertificateResult(Failed($"slot {slot} chain does not match its DIGESTS entry"), bytes, [], []);
        }

        if (!SpdmCertificateChain.TrySplit(bytes, _crypto, out var certificates, out var reason))
        {
            return new SpdmCertificateResult(Failed($"slot {slot} chain: {reason}"), bytes, [], []);
        }

        if (!SpdmCertificateChain.TryGetLeafP384PublicKey(certificates, out var leafKey))
        {
            return new SpdmCertificateResult(new SpdmOutcome(SpdmRequestStatus.Unsupported, "leaf certificate has no ECC P-384 key"), bytes, certificates, []);
        }

        _chains[slot] = bytes;
        _leafKeys[slot] = leafKey;
        return new SpdmCertificateResult(SpdmOutcome.Success, bytes, certificates, leafKey);
    }

    /// <summary>CHALLENGE; verifies CHALLENGE_AUTH's signature with the slot's leaf key over M1.</summary>
    public async ValueTask<SpdmChallengeResult> ChallengeAsync(byte slot, byte hashType = 0xFF, CancellationToken cancellationToken = default)
    {
        _l.Reset();
        if (!_leafKeys.TryGetValue(slot, out var leafKey))
        {
            return new SpdmChallengeResult(new SpdmOutcome(SpdmRequestStatus.Malformed, $"no verified certificate chain for slot {slot}: read it first"), []);
        }

        var nonce = new byte[SpdmSizes.NonceSize];
        _crypto.Random(nonce);
        var context = new byte[SpdmSizes.RequesterContextSize];
        _crypto.Random(context);
        new Challenge { Version = Version, SlotId = slot, HashType = hashType, Nonce = nonce, RequesterContext = context }.TryWrite(_request, out var n);
        var (outcome, length) = await ExchangeAsync(n, SpdmCode.ChallengeAuth, cancellationToken);
        if (!outcome.IsOk)
        {
            _m.Reset();
            return new SpdmChallengeResult(outcome, []);
        }

        if (ChallengeAuth.TryRead(_response.AsSpan(0, length), Sizes, hashType != 0, out var auth) != WireStatus.Done)
        {
            _m.Reset();
            return new SpdmChallengeResult(Malformed("CHALLENGE_AUTH"), []);
        }

        var chainHash = new byte[_crypto.HashSize];
        _crypto.Hash(_chains[slot], chainHash);
        if (auth.SlotId != slot || !SameBytes(auth.CertChainHash, chainHash) ||
            (Version >= SpdmVersion.V13 && !SameBytes(auth.RequesterContext, context)))
        {
            _m.Reset();
            return new SpdmChallengeResult(Failed("CHALLENGE_AUTH names another chain or context"), []);
        }

        var th = SpdmTranscript.HashOf(_crypto, _a.Bytes, _m.Bytes, _request.AsSpan(0, n), _response.AsSpan(0, auth.SignatureOffset));
        var verdict = _crypto.VerifyEcdsa(leafKey, SpdmSigningContext.Build(Version, SpdmSigningContext.ChallengeAuth, th), auth.Signature);
        var summary = auth.MeasurementSummaryHash.ToArray();
        _m.Reset();
        return verdict.IsValid()
            ? new SpdmChallengeResult(SpdmOutcome.Success, summary)
            : new SpdmChallengeResult(Failed("CHALLENGE_AUTH signature does not verify"), summary);
    }

    /// <summary>GET_MEASUREMENTS for <paramref name="operation"/> (0xFF all); signed responses are verified over L1.</summary>
    public async ValueTask<SpdmMeasurementsResult> GetMeasurementsAsync(byte operation = GetMeasurements.OperationAll, bool signed = true, byte slot = 0, CancellationToken cancellationToken = default)
    {
        _m.Reset();
        if (signed && !_leafKeys.ContainsKey(slot))
        {
            return new SpdmMeasurementsResult(new SpdmOutcome(SpdmRequestStatus.Malformed, $"no verified certificate chain for slot {slot}: read it first"), [], false, 0);
        }

        var nonce = new byte[SpdmSizes.NonceSize];
        _crypto.Random(nonce);
        var context = new byte[SpdmSizes.RequesterContextSize];
        _crypto.Random(context);
        var request = new GetMeasurements
        {
            Version = Version,
            Attributes = signed ? GetMeasurements.AttributeSignatureRequested : (byte)0,
            Operation = operation,
            Nonce = nonce,
            SlotId = slot,
            RequesterContext = context,
        };
        request.TryWrite(_request, out var n);
        var (outcome, length) = await ExchangeAsync(n, SpdmCode.Measurements, cancellationToken);
        if (!outcome.IsOk)
        {
            _l.Reset();
            return new SpdmMeasurementsResult(outcome, [], false, 0);
        }

        if (Measurements.TryRead(_response.AsSpan(0, length), Sizes, signed, out var measurements) != WireStatus.Done)
        {
            _l.Reset();
            return new SpdmMeasurementsResult(Malformed("MEASUREMENTS"), [], false, 0);
        }

        _l.Append(_request.AsSpan(0, n));
        _l.Append(_response.AsSpan(0, measurements.SignatureOffset));
        var blocks = new List<SpdmMeasurement>();
        var record = measurements.Record;
        while (!record.IsEmpty)
        {
            if (MeasurementBlock.TryRead(record, out var block) != WireStatus.Done)
            {
                _l.Reset();
                return new SpdmMeasurementsResult(Malformed("measurement block"), [], false, 0);
            }

            blocks.Add(new SpdmMeasurement(block.Index, block.ValueType, block.Value.ToArray()));
            record = record[block.Length..];
        }

        var total = operation == GetMeasurements.OperationCount ? measurements.Param1 : blocks.Count;
        if (!signed)
        {
            return new SpdmMeasurementsResult(SpdmOutcome.Success, blocks, false, total);
        }

        var th = SpdmTranscript.HashOf(_crypto, _a.Bytes, _l.Bytes);
        _l.Reset();
        var verdict = _crypto.VerifyEcdsa(_leafKeys[slot], SpdmSigningContext.Build(Version, SpdmSigningContext.Measurements, th), measurements.Signature);
        return verdict.IsValid()
            ? new SpdmMeasurementsResult(SpdmOutcome.Success, blocks, true, total)
            : new SpdmMeasurementsResult(Failed("MEASUREMENTS signature does not verify"), blocks, true, total);
    }
}
