using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>ApplyComplete request (DSP0267 1.3 §"ApplyComplete", FD→UA).</summary>
/// <param name="ApplyResult">The outcome of applying the component (open: vendor codes 0xB0–0xCF pass).</param>
/// <param name="ComponentActivationMethodsModification">The activation methods now needed, when the result says they changed.</param>
public readonly record struct ApplyCompleteRequest(ApplyResult ApplyResult, ComponentActivationMethods ComponentActivationMethodsModification)
    : IPldmMessage<ApplyCompleteRequest>
{
    // +0 ApplyResult                            enum8
    // +1 ComponentActivationMethodsModification bitfield16 LE

    /// <summary>The body size.</summary>
    public const int Length = 3;

    private const int ResultOffset = 0;
    private const int MethodsOffset = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.ApplyComplete;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ApplyCompleteRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new ApplyCompleteRequest(
            (ApplyResult)source[ResultOffset],
            (ComponentActivationMethods)BinaryPrimitives.ReadUInt16LittleEndian(source[MethodsOffset..]));
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        destination[ResultOffset] = (byte)ApplyResult;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MethodsOffset..], (ushort)ComponentActivationMethodsModification);
        bytesWritten = Length;
        return true;
    }
}

/// <summary>ApplyComplete response (DSP0267 1.3 §"ApplyComplete"): the completion code only.</summary>
/// <param name="CompletionCode">The completion code.</param>
public readonly record struct ApplyCompleteResponse(PldmCompletionCode CompletionCode) : IPldmMessage<ApplyCompleteResponse>
{
    // +0 CompletionCode u8

    /// <summary>The body size.</summary>
    public const int Length = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.ApplyComplete;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ApplyCompleteResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new ApplyCompleteResponse((PldmCompletionCode)source[0]);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
}
