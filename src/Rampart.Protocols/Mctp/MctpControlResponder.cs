using Rampart.Wire;
using Rampart.Wire.Mctp;
using Rampart.Wire.Mctp.Control;

namespace Rampart.Protocols.Mctp;

/// <summary>What the control responder did with one message.</summary>
public enum MctpControlOutcome
{
    /// <summary>A response was written.</summary>
    Respond = 1,

    /// <summary>A datagram request (D = 1): handled, no response is owed (DSP0236 §12).</summary>
    NoResponse = 2,

    /// <summary>Not a well-formed control request; dropped.</summary>
    Dropped = 3,
}

/// <summary>
/// The MCTP control responder of an endpoint (DSP0236 §12): holds the endpoint's EID and answers
/// Set/Get Endpoint ID, Get Endpoint UUID, Get MCTP Version Support, Get Message Type Support and
/// Get Vendor Defined Message Support. A body of the wrong length is answered with
/// ERROR_INVALID_LENGTH (3), any other command with ERROR_UNSUPPORTED_CMD (5). Allocates nothing.
/// </summary>
public sealed class MctpControlResponder
{
    private readonly MctpControlOptions _options;

    /// <summary>Creates a responder with no EID yet (or the static EID of <paramref name="options"/>).</summary>
    public MctpControlResponder(MctpControlOptions? options = null)
    {
        _options = options ?? new MctpControlOptions();
        if (_options.MessageTypes.Length > byte.MaxValue)
        {
            throw new ArgumentException("at most 255 message types", nameof(options));
        }

        EndpointId = _options.StaticEid;
    }

    /// <summary>The endpoint's current EID (0 until assigned).</summary>
    public byte EndpointId { get; private set; }

    /// <summary>Requests answered.</summary>
    public long Handled { get; private set; }

    /// <summary>Requests answered with an error completion code.</summary>
    public long Errors { get; private set; }

    /// <summary>Largest response this responder writes (header + Get Endpoint UUID/vendor/version bodies).</summary>
    public static int MaxResponseSize => MctpControlHeader.Size + GetMctpVersionSupportResponse.FixedSize + (255 * MctpVersion.Size);

    /// <summary>
    /// Handles one control message (type byte first). On <see cref="MctpControlOutcome.Respond"/>
    /// the response message is in <paramref name="response"/>[..<paramref name="written"/>].
    /// Never throws on any input bytes.
    /// </summary>
    public MctpControlOutcome Handle(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (MctpControlHeader.TryRead(request, out var header, out var consumed) != WireStatus.Done || !header.Request)
        {
            return MctpControlOutcome.Dropped;
        }

        if (response.Length < MctpControlHeader.Size + 1)
        {
            return MctpControlOutcome.Dropped;
        }

        var body = request[consumed..];
        var reply = response[MctpControlHeader.Size..];
        int length;
        MctpCompletionCode code;
        switch (header.Command)
        {
            case MctpControlCommand.SetEndpointId:
                code = SetEndpointId(body, reply, out length);
                break;
            case MctpControlCommand.GetEndpointId:
                code = Empty(body);
                length = code == MctpCompletionCode.Success
                    ? Write(new GetEndpointIdResponse(code, EndpointId, MctpEndpointType.SimpleEndpoint, EidType, 0).TryWrite(reply, out var n1), n1)
                    : 0;
                break;
            case MctpControlCommand.GetEndpointUuid:
                code = Empty(body);
                length = code == MctpCompletionCode.Success
                    ? Write(new GetEndpointUuidResponse(code, _options.Uuid).TryWrite(reply, out var n2), n2)
                    : 0;
                break;
            case MctpControlCommand.GetMctpVersionSupport:
                code = GetVersion(body, reply, out length);
                break;
            case MctpControlCommand.GetMessageTypeSupport:
                code = Empty(body);
                length = code == MctpCompletionCode.Success
                    ? Write(new GetMessageTypeSupportResponse(code, _options.MessageTypes.Span).TryWrite(reply, out var n3), n3)
                    : 0;
                break;
            case MctpControlCommand.GetVendorDefinedMessageSupport:
                code = GetVendor(body, reply, out length);
                break;
            default:
                code = MctpCompletionCode.UnsupportedCommand;
                length = 0;
                break;
        }

        Handled++;
        if (code != MctpCompletionCode.Success)
        {
            Errors++;
            reply[0] = (byte)code;
            length = 1;
        }

        if (header.Datagram)
        {
            return MctpControlOutcome.NoResponse;
        }

        header.ToResponse().TryWrite(response, out _);
        written = MctpControlHeader.Size + length;
        return MctpControlOutcome.Respond;
    }

    private MctpEidType EidType =>
        _options.StaticEid == 0 ? MctpEidType.Dynamic
        : EndpointId == _options.StaticEid ? MctpEidType.StaticCurrentMatches
        : MctpEidType.StaticCurrentDiffers;

    private static int Write(bool ok, int written) => ok ? written : 0;

    private static MctpCompletionCode Empty(ReadOnlySpan<byte> body) =>
        body.IsEmpty ? MctpCompletionCode.Success : MctpCompletionCode.InvalidLength;

    /// <summary>EIDs 0 (null), 1–7 (reserved) and 0xFF (broadcast) cannot be assigned (DSP0236 §8.2).</summary>
    private static bool Assignable(byte eid) => eid is > 7 and < MctpTransportHeader.BroadcastEid;

    private MctpCompletionCode SetEndpointId(ReadOnlySpan<byte> body, Span<byte> reply, out int length)
    {
        length = 0;
        var status = SetEndpointIdRequest.TryRead(body, out var request, out _);
        if (status is WireStatus.NeedMoreData || (status is WireStatus.Invalid && body.Length != SetEndpointIdRequest.Size))
        {
            return MctpCompletionCode.InvalidLength;
        }

        if (status != WireStatus.Done)
        {
            return MctpCompletionCode.InvalidData;
        }

        switch (request.Operation)
        {
            case SetEndpointIdOperation.SetEid:
            case SetEndpointIdOperation.ForceEid:
                if (!Assignable(request.EndpointId))
                {
                    return MctpCompletionCode.InvalidData;
                }

                EndpointId = request.EndpointId;
                break;
            case SetEndpointIdOperation.ResetEid:
                if (_options.StaticEid == 0)
                {
                    return MctpCompletionCode.InvalidData;
                }

                EndpointId = _options.StaticEid;
                break;
            default:
                // Set Discovered Flag: the I3C binding has no discovery flag to set; report the EID.
                break;
        }

        new SetEndpointIdResponse(MctpCompletionCode.Success, EidAssignmentStatus.Accepted, EidAllocationStatus.NoPool, EndpointId, 0)
            .TryWrite(reply, out length);
        return MctpCompletionCode.Success;
    }

    private static MctpCompletionCode GetVersion(ReadOnlySpan<byte> body, Span<byte> reply, out int length)
    {
        length = 0;
        if (GetMctpVersionSupportRequest.TryRead(body, out var request, out _) != WireStatus.Done)
        {
            return MctpCompletionCode.InvalidLength;
        }

        if (!MctpVersionTable.TryGet(request.MessageTypeNumber, out var entries))
        {
            return MctpCompletionCode.MessageTypeNotSupported;
        }

        new GetMctpVersionSupportResponse(MctpCompletionCode.Success, entries).TryWrite(reply, out length);
        return MctpCompletionCode.Success;
    }

    private MctpCompletionCode GetVendor(ReadOnlySpan<byte> body, Span<byte> reply, out int length)
    {
        length = 0;
        if (GetVendorDefinedMessageSupportRequest.TryRead(body, out var request, out _) != WireStatus.Done)
        {
            return MctpCompletionCode.InvalidLength;
        }

        if (request.VendorIdSetSelector != 0)
        {
            return MctpCompletionCode.InvalidData;
        }

        new GetVendorDefinedMessageSupportResponse(
            MctpCompletionCode.Success,
            GetVendorDefinedMessageSupportResponse.NoMoreSets,
            MctpVendorIdFormat.Iana,
            _options.VendorIana,
            _options.VendorCommandSetType).TryWrite(reply, out length);
        return MctpCompletionCode.Success;
    }
}
