using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// The response body shared by ActivatePendingComponentImageSet (0x1E) and
/// ActivatePendingComponentImage (0x1F) (DSP0267 1.3 §"ActivatePendingComponentImageSet",
/// §"ActivatePendingComponentImage"): a completion code, then on success the estimated
/// activation time. Error responses are the code alone (DSP0240 §8).
/// </summary>
internal static class PendingActivationResponse
{
    // +0 CompletionCode             u8
    // +1 EstimatedTimeForActivation u16 LE (seconds; only on SUCCESS)

    /// <summary>The body size on success.</summary>
    public const int Length = 3;

    private const int TimeOffset = 1;

    public static int EncodedLength(PldmCompletionCode code) =>
        code == PldmCompletionCode.Success ? Length : PldmBody.CompletionCodeLength;

    public static WireStatus TryRead(ReadOnlySpan<byte> source, out PldmCompletionCode code, out ushort seconds)
    {
        seconds = 0;
        var status = PldmBody.ReadCompletionCode(source, out code, out var errorOnly);
        if (status == WireStatus.Done && !errorOnly)
        {
            status = PldmBody.CheckExact(source, Length);
        }

        if (status != WireStatus.Done)
        {
            code = default;
            return status;
        }

        if (!errorOnly)
        {
            seconds = BinaryPrimitives.ReadUInt16LittleEndian(source[TimeOffset..]);
        }

        return WireStatus.Done;
    }

    public static bool TryWrite(PldmCompletionCode code, ushort seconds, Span<byte> destination, out int bytesWritten)
    {
        if (code != PldmCompletionCode.Success)
        {
            return PldmBody.TryWriteErrorOnly(code, destination, out bytesWritten);
        }

        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        destination[0] = (byte)code;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[TimeOffset..], seconds);
        bytesWritten = Length;
        return true;
    }
}
