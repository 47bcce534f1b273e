using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>VENDOR_DEFINED_REQUEST, GET_CSR, SET_CERTIFICATE (DSP0274 §10.20, §10.24, §10.25).</summary>
public sealed partial class SpdmResponder
{
    private int HandleVendorDefined(ReadOnlySpan<byte> request, Span<byte> response)
    {
        if (VendorDefined.TryRead(request, response: false, out var vdm) != WireStatus.Done)
        {
            return Error(response, SpdmErrorCode.InvalidRequest, 0);
        }

        var payload = new byte[(int)_options.DataTransferSize];
        if (!_device.TryHandleVendorDefined(vdm.StandardId, vdm.VendorId, vdm.Payload, payload, out var written))
        {
            return Error(response, SpdmErrorCode.UnsupportedRequest, (byte)SpdmCode.VendorDefinedRequest);
        }

        var answer = new VendorDefined { Version = _version, StandardId = vdm.StandardId, VendorId = vdm.VendorId, Payload = payload.AsSpan(0, written) };
        return answer.TryWrite(response, response: true, out var n) ? n : Error(response, SpdmErrorCode.ResponseTooLarge, 0);
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
