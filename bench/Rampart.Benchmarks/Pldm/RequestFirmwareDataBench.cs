using BenchmarkDotNet.Attributes;
using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Benchmarks.Pldm;

/// <summary>
/// PLDM RequestFirmwareData request/response encode and decode, whole messages with the
/// DSP0240 header (issue 2, "Performance"): ops/s and bytes allocated, which must be 0.
/// </summary>
[MemoryDiagnoser]
public class RequestFirmwareDataBench
{
    private byte[] _image = [];
    private byte[] _requestMessage = [];
    private byte[] _responseMessage = [];
    private byte[] _scratch = [];

    /// <summary>Image bytes per response (the 32-byte baseline up to a typical negotiated size).</summary>
    [Params(32, 512)]
    public int TransferSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = new byte[64 * 1024];
        for (var i = 0; i < _image.Length; i++)
        {
            _image[i] = (byte)(i * 13);
        }

        _scratch = new byte[PldmHeader.Length + 1 + TransferSize];
        _requestMessage = new byte[PldmHeader.Length + RequestFirmwareDataRequest.EncodedSize];
        if (!PldmBody.TryWriteMessage(3, new RequestFirmwareDataRequest(4096, (uint)TransferSize), _requestMessage, out _))
        {
            throw new InvalidOperationException("setup");
        }

        _responseMessage = new byte[_scratch.Length];
        var response = new RequestFirmwareDataResponse(PldmCompletionCode.Success, _image.AsSpan(4096, TransferSize));
        if (!PldmBody.TryWriteMessage(3, response, _responseMessage, out _))
        {
            throw new InvalidOperationException("setup");
        }
    }

    /// <summary>The FD writes a request.</summary>
    [Benchmark]
    public int EncodeRequest()
    {
        PldmBody.TryWriteMessage(3, new RequestFirmwareDataRequest(4096, (uint)TransferSize), _scratch, out var written);
        return written;
    }

    /// <summary>The UA reads a request.</summary>
    [Benchmark]
    public uint DecodeRequest()
    {
        PldmBody.TryReadMessage<RequestFirmwareDataRequest>(_requestMessage, out _, out var request);
        return request.Offset + request.Length;
    }

    /// <summary>The UA answers with image bytes.</summary>
    [Benchmark]
    public int EncodeResponse()
    {
        var response = new RequestFirmwareDataResponse(PldmCompletionCode.Success, _image.AsSpan(4096, TransferSize));
        PldmBody.TryWriteMessage(3, response, _scratch, out var written);
        return written;
    }

    /// <summary>The FD reads the answer.</summary>
    [Benchmark]
    public int DecodeResponse()
    {
        var status = PldmBody.TryReadMessage<RequestFirmwareDataResponse>(_responseMessage, out _, out var response);
        return status == WireStatus.Done ? response.ComponentImagePortion.Length : -1;
    }
}
