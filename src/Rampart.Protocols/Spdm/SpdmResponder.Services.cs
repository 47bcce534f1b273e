using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>VENDOR_DEFINED_REQUEST, GET_CSR, SET_CERTIFICATE (DSP0274 §10.20, §10.24, §10.25).</summary>
public sealed partial class SpdmResponder
{
    private async ValueTask<int> HandleVendorDefinedAsync(ReadOnlyMemory<byte> request, Memory<byte> response)
    {
        if (VendorDefined.TryRead(request.Span, response: false, out var vdm) != WireStatus.Done)
        {
            return Error(response.Span, SpdmErrorCode.InvalidRequest, 0);
        }

        var standardId = vdm.StandardId;
        var vendorId = MemorySlice.Of(request, vdm.VendorId);
        var payload = new byte[(int)_options.DataTransferSize];
        var written = await _device.HandleVendorDefinedAsync(standardId, vendorId, MemorySlice.Of(request, vdm.Payload), payload);
        if (written < 0)
        {
            return Error(response.Span, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.VendorDefinedRequest);
        }

        var answer = new VendorDefined { Version = _version, StandardId = standardId, VendorId = vendorId.Span, Payload = payload.AsSpan(0, written) };
        return answer.TryWrite(response.Span, response: true, out var n) ? n : Error(response.Span, SpdmErrorCode.ResponseTooLarge, 0);
    }

    private int HandleGetCsr(ReadOnlySpan<byte> request, Span<byte> response)
    {
        if (!Supports(SpdmCapabilityFlags.Csr))
        {
            return Error(response, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.GetCsr);
        }

        if (GetCsr.TryRead(request, out var get) != WireStatus.Done)
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        var csr = new byte[(int)_options.DataTransferSize];
        if (!_device.TryBuildCsr(get.RequesterInfo, csr, out var length))
        {
            return Error(response, SpdmErrorCode.OperationFailed, 0);
        }

        return GetCsr.TryWriteResponse(response, _version, csr.AsSpan(0, length), out var n) ? n : Error(response, SpdmErrorCode.ResponseTooLarge, 0);
    }

    private int HandleSetCertificate(ReadOnlySpan<byte> request, Span<byte> response)
    {
        if (!Supports(SpdmCapabilityFlags.SetCert))
        {
            return Error(response, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.SetCertificate);
        }

        if (SetCertificate.TryRead(request, out var set) != WireStatus.Done || set.SlotId == 0)
        {
            // Slot 0 holds the DICE chain and cannot be replaced.
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        if (!_device.TrySetCertificate(set.SlotId, set.CertChain))
        {
            return Error(response, SpdmErrorCode.OperationFailed, 0);
        }

        return HeaderOnly(response, SpdmCode.SetCertificateRsp, set.SlotId, 0);
    }
}
