using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// The request and response layout DSP0267 1.3 uses for its multipart reads (GetPackageData,
/// GetDeviceMetaData, GetMetaData, GetComponentOpaqueData; the fixed start of
/// QueryDownstreamIdentifiers and GetDownstreamFirmwareParameters).
/// </summary>
public static class MultipartTransfer
{
    // Request:
    // +0 DataTransferHandle    u32 LE
    // +4 TransferOperationFlag enum8 (0 GetNextPart, 1 GetFirstPart)
    //
    // Response:
    // +0 CompletionCode         u8
    // +1 NextDataTransferHandle u32 LE
    // +5 TransferFlag           enum8 (1 Start, 2 Middle, 4 End, 5 StartAndEnd)
    // +6 Portion / further fields

    /// <summary>The request body size.</summary>
    public const int RequestLength = 5;

    /// <summary>The response fields before the portion.</summary>
    public const int ResponseFixedLength = 6;

    private const int RequestHandleOffset = 0;
    private const int RequestFlagOffset = 4;
    private const int ResponseHandleOffset = 1;
    private const int ResponseFlagOffset = 5;

    /// <summary>Reads a request body; Invalid for an undefined TransferOperationFlag.</summary>
    public static WireStatus TryReadRequest(ReadOnlySpan<byte> source, out uint dataTransferHandle, out TransferOperationFlag flag)
    {
        dataTransferHandle = 0;
        flag = default;
        var status = PldmBody.CheckExact(source, RequestLength);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var value = (TransferOperationFlag)source[RequestFlagOffset];
        if (!TransferFlags.IsDefined(value))
        {
            return WireStatus.Invalid;
        }

        dataTransferHandle = BinaryPrimitives.ReadUInt32LittleEndian(source[RequestHandleOffset..]);
        flag = value;
        return WireStatus.Done;
    }

    /// <summary>Writes a request body.</summary>
    public static bool TryWriteRequest(uint dataTransferHandle, TransferOperationFlag flag, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < RequestLength)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[RequestHandleOffset..], dataTransferHandle);
        destination[RequestFlagOffset] = (byte)flag;
        bytesWritten = RequestLength;
        return true;
    }

    /// <summary>
    /// Reads the fixed start of a successful response (the caller has checked the completion
    /// code): NeedMoreData under 6 bytes, Invalid for an undefined TransferFlag.
    /// </summary>
    public static WireStatus TryReadResponseStart(ReadOnlySpan<byte> source, out uint nextDataTransferHandle, out TransferFlag flag)
    {
        nextDataTransferHandle = 0;
        flag = default;
        if (source.Length < ResponseFixedLength)
        {
            return WireStatus.NeedMoreData;
        }

        var value = (TransferFlag)source[ResponseFlagOffset];
        if (!TransferFlags.IsDefined(value))
        {
            return WireStatus.Invalid;
        }

        nextDataTransferHandle = BinaryPrimitives.ReadUInt32LittleEndian(source[ResponseHandleOffset..]);
        flag = value;
        return WireStatus.Done;
    }

    /// <summary>Writes the fixed start of a successful response.</summary>
    public static void WriteResponseStart(uint nextDataTransferHandle, TransferFlag flag, Span<byte> destination)
    {
        destination[0] = (byte)PldmCompletionCode.Success;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ResponseHandleOffset..], nextDataTransferHandle);
        destination[ResponseFlagOffset] = (byte)flag;
    }

    /// <summary>
    /// Reads a whole portion response (GetPackageData, GetDeviceMetaData, GetMetaData,
    /// GetComponentOpaqueData): an error carries the completion code alone; success the fixed
    /// start, then the portion (the rest of <paramref name="source"/>).
    /// </summary>
    public static WireStatus TryReadPortionResponse(
        ReadOnlySpan<byte> source, out PldmCompletionCode completionCode, out uint nextDataTransferHandle, out TransferFlag flag, out ReadOnlySpan<byte> portion)
    {
        nextDataTransferHandle = 0;
        flag = default;
        portion = default;
        var status = PldmBody.ReadCompletionCode(source, out completionCode, out var errorOnly);
        if (status != WireStatus.Done || errorOnly)
        {
            return status;
        }

        status = TryReadResponseStart(source, out nextDataTransferHandle, out flag);
        if (status == WireStatus.Done)
        {
            portion = source[ResponseFixedLength..];
        }

        return status;
    }

    /// <summary>The encoded size of a portion response.</summary>
    public static int PortionResponseLength(PldmCompletionCode completionCode, int portionLength) =>
        completionCode == PldmCompletionCode.Success ? ResponseFixedLength + portionLength : PldmBody.CompletionCodeLength;

    /// <summary>Writes a whole portion response; an error writes the completion code alone.</summary>
    public static bool TryWritePortionResponse(
        PldmCompletionCode completionCode, uint nextDataTransferHandle, TransferFlag flag, ReadOnlySpan<byte> portion, Span<byte> destination, out int bytesWritten)
    {
        if (completionCode != PldmCompletionCode.Success)
        {
            return PldmBody.TryWriteErrorOnly(completionCode, destination, out bytesWritten);
        }

        bytesWritten = 0;
        var length = ResponseFixedLength + portion.Length;
        if (destination.Length < length)
        {
            return false;
        }

        WriteResponseStart(nextDataTransferHandle, flag, destination);
        portion.CopyTo(destination[ResponseFixedLength..]);
        bytesWritten = length;
        return true;
    }
}
