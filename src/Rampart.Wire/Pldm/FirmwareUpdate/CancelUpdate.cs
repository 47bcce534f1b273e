using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>CancelUpdate request (DSP0267 1.3 §"CancelUpdate"): no body.</summary>
public readonly record struct CancelUpdateRequest : IPldmMessage<CancelUpdateRequest>
{
    /// <summary>The body size.</summary>
    public const int Length = 0;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.CancelUpdate;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out CancelUpdateRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        return PldmBody.CheckExact(source, Length);
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        return true;
    }
}

/// <summary>CancelUpdate response (DSP0267 1.3 §"CancelUpdate").</summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="NonFunctioningComponentIndication">True when some components are left not functioning.</param>
/// <param name="NonFunctioningComponentBitmap">Bit N: component N (package order) is not functioning.</param>
public readonly record struct CancelUpdateResponse(
    PldmCompletionCode CompletionCode,
    bool NonFunctioningComponentIndication,
    ulong NonFunctioningComponentBitmap) : IPldmMessage<CancelUpdateResponse>
{
    // +0 CompletionCode                    u8
    // +1 NonFunctioningComponentIndication bool8 (0 or 1)
    // +2 NonFunctioningComponentBitmap     bitfield64 LE

    /// <summary>The body size on success.</summary>
    public const int Length = 10;

    private const int IndicationOffset = 1;
    private const int BitmapOffset = 2;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.CancelUpdate;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? Length : PldmBody.CompletionCodeLength;

    /// <summary>Reads the body; Invalid when the bool8 is neither 0 nor 1.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out CancelUpdateResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out var errorOnly);
        if (status == WireStatus.Done && !errorOnly)
        {
            status = PldmBody.CheckExact(source, Length);
            if (status == WireStatus.Done && source[IndicationOffset] > 1)
            {
                status = WireStatus.Invalid;
            }
        }

        if (status != WireStatus.Done)
        {
            return status;
        }

        message = errorOnly
            ? new CancelUpdateResponse(code, false, 0)
            : new CancelUpdateResponse(code, source[IndicationOffset] == 1, BinaryPrimitives.ReadUInt64LittleEndian(source[BitmapOffset..]));
        bytesConsumed = source.Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (CompletionCode != PldmCompletionCode.Success)
        {
            return PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
        }

        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        destination[IndicationOffset] = NonFunctioningComponentIndication ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[BitmapOffset..], NonFunctioningComponentBitmap);
        bytesWritten = Length;
        return true;
    }
}
