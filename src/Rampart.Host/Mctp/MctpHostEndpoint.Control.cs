using Rampart.Wire;
using Rampart.Wire.Mctp;
using Rampart.Wire.Mctp.Control;

namespace Rampart.Host.Mctp;

/// <summary>MCTP control discovery (DSP0236 §12) from the bus owner's side.</summary>
public sealed partial class MctpHostEndpoint
{
    /// <summary>Get MCTP Version Support for <paramref name="messageTypeNumber"/> (0xFF: the base specification); null on no answer or an error code.</summary>
    public async Task<IReadOnlyList<MctpVersion>?> GetVersionSupportAsync(byte messageTypeNumber)
    {
        var body = await ControlAsync(DeviceEid, MctpControlCommand.GetMctpVersionSupport, [messageTypeNumber]);
        return body is null ? null : ParseVersions(body);
    }

    private static MctpVersion[]? ParseVersions(byte[] body)
    {
        if (GetMctpVersionSupportResponse.TryRead(body, out var response, out _) != WireStatus.Done || response.CompletionCode != MctpCompletionCode.Success)
        {
            return null;
        }

        var versions = new MctpVersion[response.Count];
        for (var i = 0; i < versions.Length; i++)
        {
            versions[i] = response[i];
        }

        return versions;
    }

    /// <summary>Get Message Type Support: the message types the device lists; null on no answer or an error code.</summary>
    public async Task<IReadOnlyList<MctpMessageType>?> GetMessageTypeSupportAsync()
    {
        var body = await ControlAsync(DeviceEid, MctpControlCommand.GetMessageTypeSupport, []);
        return body is null ? null : ParseTypes(body);
    }

    private static MctpMessageType[]? ParseTypes(byte[] body)
    {
        if (GetMessageTypeSupportResponse.TryRead(body, out var response, out _) != WireStatus.Done || response.CompletionCode != MctpCompletionCode.Success)
        {
            return null;
        }

        var types = new MctpMessageType[response.MessageTypes.Length];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = (MctpMessageType)response.MessageTypes[i];
        }

        return types;
    }

    /// <summary>Get Vendor Defined Message Support for set <paramref name="selector"/>; null on no answer or an error code.</summary>
    public async Task<GetVendorDefinedMessageSupportResponse?> GetVendorDefinedMessageSupportAsync(byte selector = 0)
    {
        var body = await ControlAsync(DeviceEid, MctpControlCommand.GetVendorDefinedMessageSupport, [selector]);
        return body is not null && GetVendorDefinedMessageSupportResponse.TryRead(body, out var response, out _) == WireStatus.Done
            && response.CompletionCode == MctpCompletionCode.Success ? response : null;
    }

    /// <summary>Get Endpoint UUID; null on no answer or an error code.</summary>
    public async Task<Guid?> GetEndpointUuidAsync()
    {
        var body = await ControlAsync(DeviceEid, MctpControlCommand.GetEndpointUuid, []);
        return body is not null && GetEndpointUuidResponse.TryRead(body, out var response, out _) == WireStatus.Done
            && response.CompletionCode == MctpCompletionCode.Success ? response.Uuid : null;
    }

    /// <summary>
    /// Sends one control request and returns the response body after the control header (the
    /// completion code first), or null when no well-formed response to that command came.
    /// </summary>
    public async Task<byte[]?> ControlAsync(byte destinationEid, MctpControlCommand command, byte[] requestBody)
    {
        ArgumentNullException.ThrowIfNull(requestBody);
        var message = new byte[MctpControlHeader.Size + requestBody.Length];
        new MctpControlHeader(true, false, _instanceId, command).TryWrite(message, out _);
        _instanceId = (byte)((_instanceId + 1) & MctpControlHeader.MaxInstanceId);
        requestBody.CopyTo(message, MctpControlHeader.Size);
        var response = await SendRequestAsync(message, destinationEid);
        if (!response.IsOk
            || MctpControlHeader.TryRead(response.Message.Span, out var header, out var consumed) != WireStatus.Done
            || header.Request
            || header.Command != command)
        {
            return null;
        }

        return response.Message.Span[consumed..].ToArray();
    }
}
