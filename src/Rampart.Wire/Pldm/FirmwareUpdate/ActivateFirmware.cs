using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>ActivateFirmware request (DSP0267 1.3 §"ActivateFirmware").</summary>
/// <param name="SelfContainedActivationRequest">True to activate self-contained components now.</param>
public readonly record struct ActivateFirmwareRequest(bool SelfContainedActivationRequest) : IPldmMessage<ActivateFirmwareRequest>
{
    // +0 SelfContainedActivationRequest bool8 (0 or 1)

    /// <summary>The body size.</summary>
    public const int Length = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.ActivateFirmware;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <summary>Reads the body; Invalid when the bool8 is neither 0 nor 1.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ActivateFirmwareRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (source[0] > 1)
        {
            return WireStatus.Invalid;
        }

        message = new ActivateFirmwareRequest(source[0] == 1);
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

        destination[0] = SelfContainedActivationRequest ? (byte)1 : (byte)0;
        bytesWritten = Length;
        return true;
    }
}

/// <summary>ActivateFirmware response (DSP0267 1.3 §"ActivateFirmware").</summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="EstimatedTimeForSelfContainedActivation">Seconds the self-contained activation is expected to take.</param>
public readonly record struct ActivateFirmwareResponse(PldmCompletionCode CompletionCode, ushort EstimatedTimeForSelfContainedActivation)
    : IPldmMessage<ActivateFirmwareResponse>
{
    // +0 CompletionCode                          u8
    // +1 EstimatedTimeForSelfContainedActivation u16 LE (seconds)

    /// <summary>The body size on success.</summary>
    public const int Length = 3;

    private const int TimeOffset = 1;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.ActivateFirmware;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? Length : PldmBody.CompletionCodeLength;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ActivateFirmwareResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out var errorOnly);
        if (status == WireStatus.Done && !errorOnly)
        {
            status = PldmBody.CheckExact(source, Length);
        }

        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new ActivateFirmwareResponse(code, errorOnly ? (ushort)0 : BinaryPrimitives.ReadUInt16LittleEndian(source[TimeOffset..]));
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
        BinaryPrimitives.WriteUInt16LittleEndian(destination[TimeOffset..], EstimatedTimeForSelfContainedActivation);
        bytesWritten = Length;
        return true;
    }
}
