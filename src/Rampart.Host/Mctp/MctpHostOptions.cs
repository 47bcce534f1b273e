using Rampart.Protocols.Mctp;
using Rampart.Wire.Mctp;

namespace Rampart.Host.Mctp;

/// <summary>Settings of an <see cref="MctpHostEndpoint"/>.</summary>
public sealed record MctpHostOptions
{
    /// <summary>The device's I3C dynamic address.</summary>
    public byte DeviceAddress { get; init; } = 0x3A;

    /// <summary>The bus owner's own EID.</summary>
    public byte LocalEid { get; init; } = 0x08;

    /// <summary>The EID assigned to the device with Set Endpoint ID at start.</summary>
    public byte DeviceEid { get; init; } = 0x1D;

    /// <summary>Payload bytes per packet (64 baseline).</summary>
    public int TransmissionUnit { get; init; } = MctpPacketizer.BaselineTransmissionUnit;

    /// <summary>Largest message sent or accepted, type byte included.</summary>
    public int MaxMessageSize { get; init; } = 8192;

    /// <summary>How long a request waits for its response (chip time, ns) before it is retried.</summary>
    public long RequestTimeoutNs { get; init; } = 100_000_000;

    /// <summary>How many times a request that timed out is sent again (with a new tag).</summary>
    public int Retries { get; init; } = 2;

    /// <summary>The mux options these settings give.</summary>
    internal MctpMuxOptions ToMuxOptions() => new()
    {
        I3cAddress = DeviceAddress,
        Role = MctpBindingRole.Controller,
        LocalEid = LocalEid,
        TransmissionUnit = TransmissionUnit,
        MaxMessageSize = MaxMessageSize,
        ReassemblyTimeoutNs = Math.Max(RequestTimeoutNs, 1),

        // The host times requests out itself (and withdraws them); the mux's timer is a backstop.
        RequestTimeoutNs = Math.Max(RequestTimeoutNs, 1) * 4,
    };
}

/// <summary>How a host request ended.</summary>
public enum MctpHostStatus
{
    /// <summary>The response arrived.</summary>
    Ok = 1,

    /// <summary>No response, after every retry.</summary>
    Timeout = 2,

    /// <summary>Every tag towards the device is outstanding, or the transmit queue is full.</summary>
    Busy = 3,

    /// <summary>The message is empty or too large.</summary>
    Invalid = 4,
}

/// <summary>The response to a host request.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Message">The response message (type byte first); empty unless <see cref="MctpHostStatus.Ok"/>.</param>
/// <param name="Attempts">How many times the request was sent.</param>
public sealed record MctpHostResponse(MctpHostStatus Status, ReadOnlyMemory<byte> Message, int Attempts)
{
    /// <summary>True when the response arrived.</summary>
    public bool IsOk => Status == MctpHostStatus.Ok;
}

/// <summary>A request the device sent to the host (for example PLDM RequestFirmwareData).</summary>
/// <param name="SourceEid">The device's EID.</param>
/// <param name="Tag">Answer with this tag.</param>
/// <param name="Message">The request (type byte first).</param>
public sealed record MctpHostRequest(byte SourceEid, byte Tag, ReadOnlyMemory<byte> Message);

/// <summary>
/// One whole MCTP message as the host saw it, in either direction — what a capture needs
/// (REFERENCE.md "Captures": the bare 4-byte transport header and the message).
/// </summary>
/// <param name="Direction">Sent or received by the host.</param>
/// <param name="SourceEid">Source EID.</param>
/// <param name="DestinationEid">Destination EID.</param>
/// <param name="Tag">Message tag.</param>
/// <param name="TagOwner">TO bit.</param>
/// <param name="Message">The message, type byte first.</param>
/// <param name="Time">Chip time in ns.</param>
public sealed record MctpCapturedMessage(
    MctpDirection Direction,
    byte SourceEid,
    byte DestinationEid,
    byte Tag,
    bool TagOwner,
    ReadOnlyMemory<byte> Message,
    long Time)
{
    /// <summary>
    /// The capture payload: a transport header (SOM and EOM set, sequence 0) and the message, the
    /// form Wireshark's MCTP dissector reads.
    /// </summary>
    public byte[] ToCapturePayload() => CapturePayload.ToArray();

    /// <summary>
    /// <see cref="ToCapturePayload"/> without a copy when the message was captured with
    /// <see cref="Capture"/> (its message already lives after the header).
    /// </summary>
    public ReadOnlyMemory<byte> CapturePayload => StillFramed() ? _framed : Frame();

    // Set by Capture; a `with` copy may change Message or the header fields, so it is used only
    // while Message is still the tail of this array and the header still says the same.
    private byte[]? _framed;

    /// <summary>Captures <paramref name="message"/> in one array: the capture header, then the message.</summary>
    public static MctpCapturedMessage Capture(MctpDirection direction, byte sourceEid, byte destinationEid, byte tag, bool tagOwner, ReadOnlySpan<byte> message, long time)
    {
        var framed = new byte[MctpTransportHeader.Size + message.Length];
        new MctpTransportHeader(destinationEid, sourceEid, true, true, 0, tagOwner, tag).TryWrite(framed);
        message.CopyTo(framed.AsSpan(MctpTransportHeader.Size));
        return new MctpCapturedMessage(direction, sourceEid, destinationEid, tag, tagOwner, framed.AsMemory(MctpTransportHeader.Size), time) { _framed = framed };
    }

    private bool StillFramed()
    {
        if (_framed is null
            || !System.Runtime.InteropServices.MemoryMarshal.TryGetArray(Message, out var segment)
            || segment.Array != _framed || segment.Offset != MctpTransportHeader.Size || segment.Count != _framed.Length - MctpTransportHeader.Size)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[MctpTransportHeader.Size];
        new MctpTransportHeader(DestinationEid, SourceEid, true, true, 0, TagOwner, Tag).TryWrite(header);
        return header.SequenceEqual(_framed.AsSpan(0, MctpTransportHeader.Size));
    }

    private byte[] Frame()
    {
        var payload = new byte[MctpTransportHeader.Size + Message.Length];
        new MctpTransportHeader(DestinationEid, SourceEid, true, true, 0, TagOwner, Tag).TryWrite(payload);
        Message.Span.CopyTo(payload.AsSpan(MctpTransportHeader.Size));
        return payload;
    }
}
