namespace Rampart.Host.Trace;

/// <summary>One named field of a decoded message.</summary>
/// <param name="Name">Field name as the spec calls it.</param>
/// <param name="Value">Its value, rendered for people.</param>
public sealed record TraceField(string Name, string Value);

/// <summary>
/// One decoded MCTP message or DOE object of a capture, or one frame that could not be decoded
/// (then <see cref="Error"/> says why).
/// </summary>
/// <param name="Frame">Index of the capture record that started the message (from 0).</param>
/// <param name="Packets">Capture records the message took (more than 1 when it was reassembled).</param>
/// <param name="TimestampMicroseconds">Time of the first record, in microseconds.</param>
/// <param name="SourceEid">Source endpoint ID (MCTP only).</param>
/// <param name="DestinationEid">Destination endpoint ID (MCTP only).</param>
/// <param name="Tag">Message tag (MCTP only).</param>
/// <param name="TagOwner">Tag owner bit (MCTP only).</param>
/// <param name="MessageType">The protocol: "MCTP Control", "PLDM", "SPDM", "DOE", …</param>
/// <param name="Name">The message's name, e.g. "Get Endpoint ID request" or "GET_VERSION".</param>
/// <param name="Fields">Decoded fields, in wire order.</param>
/// <param name="Error">Why the frame or message is malformed; null when it decoded cleanly.</param>
public sealed record TraceRecord(
    int Frame,
    int Packets,
    long TimestampMicroseconds,
    int? SourceEid,
    int? DestinationEid,
    int? Tag,
    bool? TagOwner,
    string MessageType,
    string Name,
    IReadOnlyList<TraceField> Fields,
    string? Error);

/// <summary>The result of decoding a capture file.</summary>
/// <param name="LinkType">The capture's link type number (0 when the file header did not decode).</param>
/// <param name="Frames">Capture records read.</param>
/// <param name="Records">Decoded messages and flagged frames, in capture order.</param>
/// <param name="FileError">Set when the file itself is unreadable (truncated or garbled): which record and byte.</param>
public sealed record TraceDecodeResult(uint LinkType, int Frames, IReadOnlyList<TraceRecord> Records, string? FileError)
{
    /// <summary>Records flagged as malformed.</summary>
    public int Flagged => Records.Count(r => r.Error is not null);
}
