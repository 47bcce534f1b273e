using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// RequestFirmwareData request (DSP0267 1.3 §"RequestFirmwareData", FD→UA): the FD asks for
/// a piece of the component image. The hot path of an update; no allocation.
/// </summary>
/// <param name="Offset">Byte offset into the component image.</param>
/// <param name="Length">Bytes asked for (at least the 32-byte baseline, at most the negotiated MaximumTransferSize).</param>
public readonly record struct RequestFirmwareDataRequest(uint Offset, uint Length) : IPldmMessage<RequestFirmwareDataRequest>
{
    // +0 Offset u32 LE
    // +4 Length u32 LE

    /// <summary>The body size.</summary>
    public const int EncodedSize = 8;

    /// <summary>The baseline transfer size every FD and UA support (DSP0267 1.3 §"Baseline transfer size").</summary>
    public const int BaselineTransferSize = 32;

    private const int OffsetOffset = 0;
    private const int LengthOffset = 4;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.RequestFirmwareData;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => EncodedSize;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out RequestFirmwareDataRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, EncodedSize);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new RequestFirmwareDataRequest(
            BinaryPrimitives.ReadUInt32LittleEndian(source[OffsetOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[LengthOffset..]));
        bytesConsumed = EncodedSize;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < EncodedSize)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[OffsetOffset..], Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[LengthOffset..], Length);
        bytesWritten = EncodedSize;
        return true;
    }
}

/// <summary>
/// RequestFirmwareData response (DSP0267 1.3 §"RequestFirmwareData"): the completion code and,
/// on success, the requested image bytes (a slice of the caller's buffer).
/// </summary>
public readonly ref struct RequestFirmwareDataResponse : IPldmMessage<RequestFirmwareDataResponse>
{
    // +0 CompletionCode        u8
    // +1 ComponentImagePortion (rest of the message; only on SUCCESS)

    /// <summary>The size before the image bytes.</summary>
    public const int FixedLength = 1;

    /// <summary>A response.</summary>
    public RequestFirmwareDataResponse(PldmCompletionCode completionCode, ReadOnlySpan<byte> componentImagePortion)
    {
        CompletionCode = completionCode;
        ComponentImagePortion = completionCode == PldmCompletionCode.Success ? componentImagePortion : default;
    }

    /// <summary>The completion code.</summary>
    public PldmCompletionCode CompletionCode { get; }

    /// <summary>The image bytes.</summary>
    public ReadOnlySpan<byte> ComponentImagePortion { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.RequestFirmwareData;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => FixedLength + ComponentImagePortion.Length;

    /// <summary>
    /// Writes a SUCCESS completion code and hands back the next <paramref name="length"/> bytes of
    /// <paramref name="destination"/> for the caller to fill with image data in place (no copy).
    /// False (nothing written) if they do not fit.
    /// </summary>
    public static bool TryReserveSuccess(Span<byte> destination, int length, out Span<byte> portion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        portion = default;
        if (destination.Length - FixedLength < length)
        {
            return false;
        }

        destination[0] = (byte)PldmCompletionCode.Success;
        portion = destination.Slice(FixedLength, length);
        return true;
    }

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out RequestFirmwareDataResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out _);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new RequestFirmwareDataResponse(code, source[FixedLength..]);
        bytesConsumed = source.Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < EncodedLength)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        ComponentImagePortion.CopyTo(destination[FixedLength..]);
        bytesWritten = EncodedLength;
        return true;
    }
}
