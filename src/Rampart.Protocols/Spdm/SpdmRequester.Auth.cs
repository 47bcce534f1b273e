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
        await _crypto.HashAsync(bytes, digest);
        if (_digests.TryGetValue(slot, out var expected) && !SameBytes(expected, digest))
        {
            return new SpdmCertificateResult(Failed($"slot {slot} chain does not match its DIGESTS entry"), bytes, [], []);
        }

        var (split, certificates, reason) = await SpdmCertificateChain.TrySplitAsync(bytes, _crypto);
        if (!split)
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
        await _crypto.RandomAsync(nonce);
        var context = new byte[SpdmSizes.RequesterContextSize];
        await _crypto.RandomAsync(context);
        new Challenge { Version = Version, SlotId = slot, HashType = hashType, Nonce = nonce, RequesterContext = context }.TryWrite(_request, out var n);
        var (outcome, length) = await ExchangeAsync(n, SpdmCode.ChallengeAuth, cancellationToken);
        if (!outcome.IsOk)
        {
            _m.Reset();
            return new SpdmChallengeResult(outcome, []);
        }

        var response = _response.AsMemory(0, length);
        if (ChallengeAuth.TryRead(response.Span, Sizes, hashType != 0, out var auth) != WireStatus.Done)
        {
            _m.Reset();
            return new SpdmChallengeResult(Malformed("CHALLENGE_AUTH"), []);
        }

        var authSlot = auth.SlotId;
        var certChainHash = MemorySlice.Of(response, auth.CertChainHash);
        var authContext = MemorySlice.Of(response, auth.RequesterContext);
        var signatureOffset = auth.SignatureOffset;
        var signature = MemorySlice.Of(response, auth.Signature);
        var summary = auth.MeasurementSummaryHash.ToArray();
        var chainHash = new byte[_crypto.HashSize];
        await _crypto.HashAsync(_chains[slot], chainHash);
        if (authSlot != slot || !SameBytes(certChainHash.Span, chainHash) ||
            (Version >= SpdmVersion.V13 && !SameBytes(authContext.Span, context)))
        {
            _m.Reset();
            return new SpdmChallengeResult(Failed("CHALLENGE_AUTH names another chain or context"), []);
        }

        var th = await SpdmTranscript.HashOfAsync(_crypto, _a.Bytes, _m.Bytes, _request.AsSpan(0, n), _response.AsSpan(0, signatureOffset));
        var verdict = await _crypto.VerifyEcdsaAsync(leafKey, SpdmSigningContext.Build(Version, SpdmSigningContext.ChallengeAuth, th), signature);
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
        await _crypto.RandomAsync(nonce);
        var context = new byte[SpdmSizes.RequesterContextSize];
        await _crypto.RandomAsync(context);
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

        var response = _response.AsMemory(0, length);
        if (Measurements.TryRead(response.Span, Sizes, signed, out var measurements) != WireStatus.Done)
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

        var signature = MemorySlice.Of(response, measurements.Signature);
        var th = await SpdmTranscript.HashOfAsync(_crypto, _a.Bytes, _l.Bytes);
        _l.Reset();
        var verdict = await _crypto.VerifyEcdsaAsync(_leafKeys[slot], SpdmSigningContext.Build(Version, SpdmSigningContext.Measurements, th), signature);
        return verdict.IsValid()
            ? new SpdmMeasurementsResult(SpdmOutcome.Success, blocks, true, total)
            : new SpdmMeasurementsResult(Failed("MEASUREMENTS signature does not verify"), blocks, true, total);
    }
}
