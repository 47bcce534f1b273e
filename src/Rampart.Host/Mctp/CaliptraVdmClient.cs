using System.Buffers.Binary;
using System.Text;

namespace Rampart.Host.Mctp;

/// <summary>The outcome of one Caliptra VDM command.</summary>
/// <param name="Status">How the MCTP exchange went; <see cref="MctpHostStatus.Invalid"/> also when the response is not a Caliptra VDM response to the command.</param>
/// <param name="CompletionCode">The device's completion code (0 = success); meaningful when <paramref name="Status"/> is Ok.</param>
/// <param name="Payload">The response bytes after the completion code.</param>
public sealed record CaliptraVdmResult(MctpHostStatus Status, uint CompletionCode, ReadOnlyMemory<byte> Payload)
{
    /// <summary>True when the device answered with completion code success.</summary>
    public bool IsSuccess => Status == MctpHostStatus.Ok && CompletionCode == 0;
}

/// <summary>
/// The BMC side of the Caliptra vendor-defined MCTP messages (REFERENCE.md "Caliptra VDMs";
/// layout from caliptra-mcu-sw common/mctp-vdm/src/protocol/header.rs and message/*.rs):
/// <code>
/// [0x7F][IANA 0x0000A67F, MSB first][control: 0x80 request / 0x00 response][command][payload]
/// response payload: [completion_code u32 LE][command data]
/// FirmwareVersion (1):     request [area_index u32 LE]; response data [version ASCII(32), NUL padded]
/// DeviceCapabilities (2):  request empty;               response data [caps(64)]
/// </code>
/// </summary>
public sealed class CaliptraVdmClient
{
    /// <summary>MCTP message type: vendor-defined, IANA.</summary>
    public const byte MessageType = 0x7F;

    /// <summary>OCP's IANA enterprise number used for Caliptra VDMs.</summary>
    public const uint CaliptraEnterpriseId = 0xA67F;

    /// <summary>FirmwareVersion command code.</summary>
    public const byte FirmwareVersionCommand = 0x01;

    /// <summary>DeviceCapabilities command code.</summary>
    public const byte DeviceCapabilitiesCommand = 0x02;

    /// <summary>Bytes before the payload: type, IANA, control, command.</summary>
    public const int HeaderSize = 7;

    private readonly MctpHostEndpoint _endpoint;

    /// <summary>A client over a started <paramref name="endpoint"/>.</summary>
    public CaliptraVdmClient(MctpHostEndpoint endpoint)
    {
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
    }

    /// <summary>Asks the version of firmware area <paramref name="areaIndex"/> (0 = Caliptra core firmware); on success <see cref="ReadVersion"/> reads the payload.</summary>
    public async Task<CaliptraVdmResult> GetFirmwareVersionAsync(uint areaIndex)
    {
        var request = Request(FirmwareVersionCommand, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(HeaderSize), areaIndex);
        return await ExchangeAsync(request, FirmwareVersionCommand);
    }

    /// <summary>Asks the device's 64-byte capability block (the payload on success).</summary>
    public Task<CaliptraVdmResult> GetDeviceCapabilitiesAsync() => ExchangeAsync(Request(DeviceCapabilitiesCommand, 0), DeviceCapabilitiesCommand);

    /// <summary>The version string of a FirmwareVersion payload (ASCII up to the first NUL).</summary>
    public static string ReadVersion(ReadOnlySpan<byte> payload)
    {
        var end = payload.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? payload : payload[..end]);
    }

    /// <summary>
    /// Reads a response to <paramref name="command"/>: false unless it is type 0x7F, Caliptra's IANA,
    /// a response (control 0x00), the same command and carries a completion code.
    /// </summary>
    public static bool TryReadResponse(ReadOnlySpan<byte> message, byte command, out uint completionCode, out int payloadOffset)
    {
        completionCode = 0;
        payloadOffset = HeaderSize + 4;
        if (message.Length < HeaderSize + 4 || message[0] != MessageType
            || BinaryPrimitives.ReadUInt32BigEndian(message[1..]) != CaliptraEnterpriseId || message[5] != 0 || message[6] != command)
        {
            return false;
        }

        completionCode = BinaryPrimitives.ReadUInt32LittleEndian(message[HeaderSize..]);
        return true;
    }

    private static byte[] Request(byte command, int payload)
    {
        var request = new byte[HeaderSize + payload];
        request[0] = MessageType;
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(1), CaliptraEnterpriseId);
        request[5] = 0x80;
        request[6] = command;
        return request;
    }

    private async Task<CaliptraVdmResult> ExchangeAsync(byte[] request, byte command)
    {
        var response = await _endpoint.SendRequestAsync(request);
        if (!response.IsOk)
        {
            return new CaliptraVdmResult(response.Status, 0, ReadOnlyMemory<byte>.Empty);
        }

        return TryReadResponse(response.Message.Span, command, out var code, out var offset)
            ? new CaliptraVdmResult(MctpHostStatus.Ok, code, response.Message[offset..])
            : new CaliptraVdmResult(MctpHostStatus.Invalid, 0, ReadOnlyMemory<byte>.Empty);
    }
}
