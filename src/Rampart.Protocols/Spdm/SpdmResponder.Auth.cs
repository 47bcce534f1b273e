using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>GET_DIGESTS, GET_CERTIFICATE, CHALLENGE (DSP0274 §10.6–10.8): messages B and C.</summary>
public sealed partial class SpdmResponder
{
    private async ValueTask<int> HandleGetDigestsAsync(ReadOnlyMemory<byte> request, Memory<byte> response, SpdmSession? session)
    {
        if (!Supports(SpdmCapabilityFlags.Cert))
        {
            return Error(response.Span, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.GetDigests);
        }

        if (GetDigests.TryReadRequest(request.Span, out _) != WireStatus.Done)
        {
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        var mask = _device.ProvisionedSlotMask;
        var h = _crypto.HashSize;
        var digests = new byte[System.Numerics.BitOperations.PopCount(mask) * h];
        var offset = 0;
        for (var slot = 0; slot < 8; slot++)
        {
            if ((mask & (1 << slot)) != 0)
            {
                await _crypto.HashAsync(_device.CertificateChain(slot), digests.AsMemory(offset, h));
                offset += h;
            }
        }

        if (!GetDigests.TryWriteResponse(response.Span, _version, mask, mask, digests, out var n))
        {
            return Error(response.Span, SpdmErrorCode.ResponseTooLarge, 0);
        }

        return AppendB(request.Span[..GetDigests.RequestSize], response.Span, n, session);
    }

    private int HandleGetCertificate(ReadOnlySpan<byte> request, Span<byte> response, SpdmSession? session)
    {
        if (!Supports(SpdmCapabilityFlags.Cert))
        {
            return Error(response, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.GetCertificate);
        }

        if (GetCertificate.TryReadRequest(request, out var get) != WireStatus.Done)
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        if ((_device.ProvisionedSlotMask & (1 << get.SlotId)) == 0)
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        var chain = _device.CertificateChain(get.SlotId).Span;
        if (get.Offset >= chain.Length)
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        var room = (int)_options.DataTransferSize - GetCertificate.ResponseFixedSize;
        var portion = Math.Min(Math.Min(get.Length, room), chain.Length - get.Offset);
        var remainder = chain.Length - get.Offset - portion;
        if (!GetCertificate.TryWriteResponse(response, _version, get.SlotId, chain.Slice(get.Offset, portion), (ushort)remainder, out var n))
        {
            return Error(response, SpdmErrorCode.ResponseTooLarge, 0);
        }

        return AppendB(request[..GetCertificate.RequestSize], response, n, session);
    }

    private int AppendB(ReadOnlySpan<byte> request, Span<byte> response, int n, SpdmSession? session)
    {
        // Inside a session B is not part of any signed transcript (DSP0274 §12).
        if (session is null && (!_m.Append(request) || !_m.Append(response[..n])))
        {
            _m.Reset();
            return Error(response, SpdmErrorCode.Unspecified, 0);
        }

        return n;
    }

    private async ValueTask<int> HandleChallengeAsync(ReadOnlyMemory<byte> request, Memory<byte> response)
    {
        if (!Supports(SpdmCapabilityFlags.Chal))
        {
            return Error(response.Span, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.Challenge);
        }

        if (Challenge.TryRead(request.Span, out var challenge) != WireStatus.Done)
        {
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        if (challenge.SlotId == 0xFF || (_device.ProvisionedSlotMask & (1 << challenge.SlotId)) == 0 ||
            (challenge.HashType != 0 && !_measurementsNegotiated))
        {
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        var slot = challenge.SlotId;
        var hashType = challenge.HashType;
        var requestLength = challenge.Length;
        var requesterContext = MemorySlice.Of(request, challenge.RequesterContext);
        var h = _crypto.HashSize;
        var chainHash = new byte[h];
        await _crypto.HashAsync(_device.CertificateChain(slot), chainHash);
        var nonce = new byte[SpdmSizes.NonceSize];
        await _crypto.RandomAsync(nonce);
        var summary = hashType == 0 ? [] : await MeasurementSummaryHashAsync();
        var auth = new ChallengeAuth
        {
            Version = _version,
            SlotId = slot,
            SlotMask = (byte)(1 << slot),
            CertChainHash = chainHash,
            Nonce = nonce,
            MeasurementSummaryHash = summary,
            OpaqueData = default,
            RequesterContext = requesterContext.Span,
        };
        if (!auth.TryWriteUnsigned(response.Span, Sizes.SignatureSize, out var signatureOffset, out var n))
        {
            return Error(response.Span, SpdmErrorCode.ResponseTooLarge, 0);
        }

        // M1 = A || B || C, C = CHALLENGE || CHALLENGE_AUTH without the signature (DSP0274 §12.2).
        var th = await SpdmTranscript.HashOfAsync(_crypto, _a.Bytes, _m.Bytes, request.Span[..requestLength], response.Span[..signatureOffset]);
        await _device.SignAsync(slot, SpdmSigningContext.Build(_version, SpdmSigningContext.ChallengeAuth, th), response.Slice(signatureOffset, Sizes.SignatureSize));
        _m.Reset();
        return n;
    }

    /// <summary>Hash of every measurement block, concatenated (DSP0274 §10.8: MeasurementSummaryHash).</summary>
    private async ValueTask<byte[]> MeasurementSummaryHashAsync()
    {
        await _device.RefreshMeasurementsAsync();
        var record = new byte[Math.Max(1, _device.MeasurementBlockCount) * 1024];
        var length = 0;
        for (var i = 1; i <= _device.MeasurementBlockCount; i++)
        {
            length += _device.WriteMeasurementBlock(i, record.AsSpan(length));
        }

        var hash = new byte[_crypto.HashSize];
        await _crypto.HashAsync(record.AsMemory(0, length), hash);
        return hash;
    }
}
