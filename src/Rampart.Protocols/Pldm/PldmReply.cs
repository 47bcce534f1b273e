using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;

namespace Rampart.Protocols.Pldm;

/// <summary>
/// Writing responses (DSP0240 1.1 §8: the response header echoes the request's instance ID,
/// type and command; a failed command answers with its completion code only) and mapping a
/// codec's status to the completion code owed to the peer.
/// </summary>
internal static class PldmReply
{
    /// <summary>Writes an error-only response to <paramref name="request"/>; 0 if it does not fit.</summary>
    public static int Error(PldmHeader request, PldmCompletionCode code, Span<byte> destination)
    {
        if (!request.ToResponse().TryWrite(destination, out var used) || !PldmBody.TryWriteErrorOnly(code, destination[used..], out var written))
        {
            return 0;
        }

        return used + written;
    }

    /// <summary>Writes an error-only response carrying a command-specific code.</summary>
    public static int Error(PldmHeader request, byte code, Span<byte> destination) => Error(request, (PldmCompletionCode)code, destination);

    /// <summary>Writes the response <paramref name="body"/> to <paramref name="request"/>; 0 if it does not fit.</summary>
    public static int Write<T>(PldmHeader request, in T body, Span<byte> destination)
        where T : IPldmMessage<T>, allows ref struct =>
        PldmBody.TryWriteMessage(request.InstanceId, body, destination, out var written) ? written : 0;

    /// <summary>
    /// The completion code for a request body the codec refused: a short body, or a fixed-size
    /// body of the wrong size, is ERROR_INVALID_LENGTH; anything else ERROR_INVALID_DATA.
    /// </summary>
    public static PldmCompletionCode ForStatus(WireStatus status, int bodyLength, int fixedLength = -1) =>
        status == WireStatus.NeedMoreData || (fixedLength >= 0 && bodyLength != fixedLength)
            ? PldmCompletionCode.ErrorInvalidLength
            : PldmCompletionCode.ErrorInvalidData;

    /// <summary>
    /// Reads a request header for a responder. False when nothing can be answered: too short,
    /// malformed, not a request, or an unacknowledged datagram (DSP0240 §8.1.1: no response).
    /// </summary>
    public static bool TryReadRequest(ReadOnlySpan<byte> request, out PldmHeader header)
    {
        if (PldmHeader.TryRead(request, out header, out _) != WireStatus.Done || !header.IsRequest || header.IsDatagram)
        {
            header = default;
            return false;
        }

        return true;
    }
}
