using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;

namespace Rampart.Protocols.Pldm;

/// <summary>
/// The PLDM Messaging Control and Discovery responder (DSP0240 1.1 §8) of a terminus that
/// supports type 0 and type 5 (DSP0267 firmware update): GetTID, SetTID, GetPLDMVersion,
/// GetPLDMTypes and GetPLDMCommands. A request span in, a response span out; no allocation,
/// no exception for any input.
/// </summary>
public sealed class PldmBaseResponder
{
    /// <summary>The largest response this responder writes (GetPLDMCommands: header + 33).</summary>
    public const int MaxResponseLength = PldmHeader.Length + GetPldmCommandsResponse.Length;

    private readonly GetPldmCommandsResponse _firmwareUpdateCommands;

    /// <summary>A responder advertising <see cref="FirmwareDeviceEngine.SupportedCommands"/> for type 5.</summary>
    public PldmBaseResponder()
        : this(FirmwareDeviceEngine.SupportedCommands)
    {
    }

    /// <summary>A responder advertising <paramref name="firmwareUpdateCommands"/> for type 5.</summary>
    public PldmBaseResponder(ReadOnlySpan<byte> firmwareUpdateCommands)
    {
        _firmwareUpdateCommands = GetPldmCommandsResponse.Of(firmwareUpdateCommands);
    }

    /// <summary>The version of DSP0240 implemented (1.1.0).</summary>
    public static PldmVersion BaseVersion => new(0xF1, 0xF1, 0xF0, 0x00);

    /// <summary>The version of DSP0267 implemented (1.3.0).</summary>
    public static PldmVersion FirmwareUpdateVersion => new(0xF1, 0xF3, 0xF0, 0x00);

    /// <summary>The terminus ID (0 until SetTID assigns one).</summary>
    public byte Tid { get; private set; }

    /// <summary>Type 0 commands this responder implements.</summary>
    public static ReadOnlySpan<byte> BaseCommands =>
    [
        (byte)BaseCommand.SetTid, (byte)BaseCommand.GetTid, (byte)BaseCommand.GetPldmVersion,
        (byte)BaseCommand.GetPldmTypes, (byte)BaseCommand.GetPldmCommands,
    ];

    /// <summary>True when <paramref name="type"/> is one this terminus supports (0 and 5).</summary>
    public static bool SupportsType(PldmType type) => type is PldmType.Base or PldmType.FirmwareUpdate;

    /// <summary>
    /// Answers one request. Returns the response length, or 0 when nothing is owed (not a
    /// request, unreadable header, a datagram, or <paramref name="response"/> too small).
    /// Requests of an unsupported type get ERROR_INVALID_PLDM_TYPE (DSP0240 Table 4);
    /// unknown type 0 commands get ERROR_UNSUPPORTED_PLDM_CMD.
    /// </summary>
    public int Respond(ReadOnlySpan<byte> request, Span<byte> response)
    {
        if (!PldmReply.TryReadRequest(request, out var header))
        {
            return 0;
        }

        if (header.Type != PldmType.Base)
        {
            return PldmReply.Error(header, SupportsType(header.Type) ? PldmCompletionCode.ErrorUnsupportedPldmCommand : PldmCompletionCode.ErrorInvalidPldmType, response);
        }

        var body = request[PldmHeader.Length..];
        return (BaseCommand)header.Command switch
        {
            BaseCommand.GetTid => GetTid(header, body, response),
            BaseCommand.SetTid => SetTid(header, body, response),
            BaseCommand.GetPldmVersion => GetVersion(header, body, response),
            BaseCommand.GetPldmTypes => GetTypes(header, body, response),
            BaseCommand.GetPldmCommands => GetCommands(header, body, response),
            _ => PldmReply.Error(header, PldmCompletionCode.ErrorUnsupportedPldmCommand, response),
        };
    }

    private int GetTid(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = GetTidRequest.TryRead(body, out _, out _);
        return status != WireStatus.Done
            ? PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, GetTidRequest.Length), response)
            : PldmReply.Write(header, new GetTidResponse(PldmCompletionCode.Success, Tid), response);
    }

    private int SetTid(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        // DSP0240 §8.1: TID 0x00 and 0xFF are not assignable; the codec refuses them as Invalid.
        var status = SetTidRequest.TryRead(body, out var set, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, SetTidRequest.Length), response);
        }

        Tid = set.Tid;
        return PldmReply.Write(header, new SetTidResponse(PldmCompletionCode.Success), response);
    }

    private static int GetVersion(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = GetPldmVersionRequest.TryRead(body, out var query, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, GetPldmVersionRequest.Length), response);
        }

        // DSP0240 §8.3 Table 12: the whole version data fits one part, so only GetFirstPart with handle 0 is valid.
        if (query.TransferOperationFlag != TransferOperationFlag.GetFirstPart)
        {
            return PldmReply.Error(header, (byte)BaseCompletionCode.InvalidTransferOperationFlag, response);
        }

        if (query.DataTransferHandle != 0)
        {
            return PldmReply.Error(header, (byte)BaseCompletionCode.InvalidDataTransferHandle, response);
        }

        if (!SupportsType(query.PldmType))
        {
            return PldmReply.Error(header, (byte)BaseCompletionCode.InvalidPldmTypeInRequestData, response);
        }

        Span<PldmVersion> versions = [query.PldmType == PldmType.Base ? BaseVersion : FirmwareUpdateVersion];
        Span<byte> data = stackalloc byte[PldmVersionData.EncodedLength(1)];
        PldmVersionData.TryWrite(versions, data, out var length);
        return PldmReply.Write(header, new GetPldmVersionResponse(PldmCompletionCode.Success, 0, TransferFlag.StartAndEnd, data[..length]), response);
    }

    private static int GetTypes(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = GetPldmTypesRequest.TryRead(body, out _, out _);
        return status != WireStatus.Done
            ? PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, GetPldmTypesRequest.Length), response)
            : PldmReply.Write(header, new GetPldmTypesResponse(PldmCompletionCode.Success, (1UL << (int)PldmType.Base) | (1UL << (int)PldmType.FirmwareUpdate)), response);
    }

    private int GetCommands(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = GetPldmCommandsRequest.TryRead(body, out var query, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, GetPldmCommandsRequest.Length), response);
        }

        // DSP0240 §8.5 Table 14: an unsupported type, then a version of it we do not implement.
        if (!SupportsType(query.PldmType))
        {
            return PldmReply.Error(header, (byte)BaseCompletionCode.InvalidPldmTypeInRequestData, response);
        }

        var expected = query.PldmType == PldmType.Base ? BaseVersion : FirmwareUpdateVersion;
        if (query.Version != expected)
        {
            return PldmReply.Error(header, (byte)BaseCompletionCode.InvalidPldmVersionInRequestData, response);
        }

        return query.PldmType == PldmType.Base
            ? PldmReply.Write(header, GetPldmCommandsResponse.Of(BaseCommands), response)
            : PldmReply.Write(header, _firmwareUpdateCommands, response);
    }
}
