using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>GET_MEASUREMENTS (DSP0274 §10.11): message L, signed on request.</summary>
public sealed partial class SpdmResponder
{
    private async ValueTask<int> HandleGetMeasurementsAsync(ReadOnlyMemory<byte> request, Memory<byte> response)
    {
        if (!Supports(SpdmCapabilityFlags.MeasSig) && !Supports(SpdmCapabilityFlags.MeasNoSig))
        {
            return Error(response.Span, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.GetMeasurements);
        }

        if (GetMeasurements.TryRead(request.Span, out var get) != WireStatus.Done || !_measurementsNegotiated)
        {
            _l.Reset();
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        var signatureRequested = get.SignatureRequested;
        var slot = get.SlotId;
        var requestLength = get.Length;
        var requesterContext = MemorySlice.Of(request, get.RequesterContext);
        var operation = get.Operation;
        if (signatureRequested && (!Supports(SpdmCapabilityFlags.MeasSig) || (_device.ProvisionedSlotMask & (1 << slot)) == 0))
        {
            _l.Reset();
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        await _device.RefreshMeasurementsAsync();
        var count = _device.MeasurementBlockCount;
        var record = new byte[Math.Max(1, count) * 1024];
        var length = 0;
        byte blocks = 0;
        byte param1 = 0;
        switch (operation)
        {
            case GetMeasurements.OperationCount:
                param1 = (byte)count;
                break;
            case GetMeasurements.OperationAll:
                for (var i = 1; i <= count; i++)
                {
                    length += _device.WriteMeasurementBlock(i, record.AsSpan(length));
                    blocks++;
                }

                break;
            default:
                if (operation > count)
                {
                    _l.Reset();
                    return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
                }

                length = _device.WriteMeasurementBlock(operation, record);
                blocks = 1;
                break;
        }

        var nonce = new byte[SpdmSizes.NonceSize];
        await _crypto.RandomAsync(nonce);
        var answer = new Measurements
        {
            Version = _version,
            Param1 = param1,
            Param2 = signatureRequested ? slot : (byte)0,
            NumberOfBlocks = blocks,
            Record = record.AsSpan(0, length),
            Nonce = nonce,
            OpaqueData = default,
            RequesterContext = requesterContext.Span,
        };
        var signatureSize = signatureRequested ? Sizes.SignatureSize : 0;
        if (!answer.TryWriteUnsigned(response.Span, signatureSize, out var signatureOffset, out var n) || n > _options.DataTransferSize)
        {
            _l.Reset();
            return Error(response.Span, SpdmErrorCode.ResponseTooLarge, 0);
        }

        if (!_l.Append(request.Span[..requestLength]) || !_l.Append(response.Span[..signatureOffset]))
        {
            _l.Reset();
            return Error(response.Span, SpdmErrorCode.Unspecified, 0);
        }

        if (signatureRequested)
        {
            // L1 = A || every GET_MEASUREMENTS/MEASUREMENTS since the last signature, without this signature (DSP0274 §12.3).
            var th = await SpdmTranscript.HashOfAsync(_crypto, _a.Bytes, _l.Bytes);
            await _device.SignAsync(slot, SpdmSigningContext.Build(_version, SpdmSigningContext.Measurements, th), response.Slice(signatureOffset, signatureSize));
            _l.Reset();
        }

        return n;
    }
}
