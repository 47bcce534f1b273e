namespace Rampart.Kernel.Abi.Sdk;

/// <summary>A received MCTP message: its length in the app's buffer, its source EID and tag.</summary>
/// <param name="Error">Null on success; the command's failure, SIZE (buffer too small, message dropped), NOACK (request timed out) or CANCEL.</param>
/// <param name="Length">Bytes written into the buffer, message type byte first.</param>
/// <param name="SourceEid">The sender's EID.</param>
/// <param name="Tag">The message tag (answer a request with it).</param>
public sealed record MctpReceiveResult(ErrorCode? Error, int Length, byte SourceEid, byte Tag);

/// <summary>The outcome of a send: the tag the message went with.</summary>
/// <param name="Error">Null once the message has gone to the bus; the command's failure otherwise.</param>
/// <param name="Tag">The message tag (for a request, the one its response will carry).</param>
public sealed record MctpSendResult(ErrorCode? Error, byte Tag);
