namespace Rampart.Firmware.Mcu.Apps.Vdm;

/// <summary>
/// Turns one Caliptra VDM request (the bytes after MCTP message type 0x7F) into its response,
/// following caliptra-mcu-sw's MCTP VDM command interface (<c>CmdInterface::process_request</c>
/// of its mctp-vdm library): shorter than the header → failure InvalidLength with
/// command 0; wrong vendor, response bit or reserved bits set → failure InvalidParameter;
/// unknown command → failure UnsupportedOperation. Where caliptra-mcu-sw drops a request whose
/// payload does not decode, Rampart answers failure InvalidLength instead. Never throws on the
/// request's bytes; every request gets a response.
/// </summary>
public static class CaliptraVdmResponder
{
    /// <summary>The largest response this responder writes.</summary>
    public const int MaxResponseSize = DeviceCapabilitiesMessage.ResponseSize;

    /// <summary>Answers <paramref name="request"/> into <paramref name="response"/> (at least <see cref="MaxResponseSize"/> bytes); returns the response length.</summary>
    public static async ValueTask<int> HandleAsync(ReadOnlyMemory<byte> request, Memory<byte> response, ICaliptraFirmwareInfo firmware)
    {
        ArgumentNullException.ThrowIfNull(firmware);
        if (!VdmHeader.TryRead(request.Span, out var header))
        {
            return VdmFailureResponse.Write(response.Span, 0, VdmCompletionCode.InvalidLength);
        }

        if (header.EnterpriseId != VdmHeader.CaliptraEnterpriseId || !header.IsRequest || !header.ReservedClear)
        {
            return VdmFailureResponse.Write(response.Span, header.Command, VdmCompletionCode.InvalidParameter);
        }

        switch ((VdmCommand)header.Command)
        {
            case VdmCommand.FirmwareVersion:
                if (!FirmwareVersionMessage.TryReadAreaIndex(request.Span, out var area))
                {
                    return VdmFailureResponse.Write(response.Span, header.Command, VdmCompletionCode.InvalidLength);
                }

                if (area != FirmwareVersionMessage.CaliptraCoreArea)
                {
                    return FirmwareVersionMessage.WriteResponse(response.Span, VdmCompletionCode.InvalidParameter, default);
                }

                var info = await firmware.GetFwInfoAsync();
                return info is null
                    ? FirmwareVersionMessage.WriteResponse(response.Span, VdmCompletionCode.OperationFailed, default)
                    : FirmwareVersionMessage.WriteResponse(response.Span, VdmCompletionCode.Success, FirmwareVersionMessage.CaliptraVersionBytes(info));

            case VdmCommand.DeviceCapabilities:
                return request.Length == DeviceCapabilitiesMessage.RequestSize
                    ? DeviceCapabilitiesMessage.WriteResponse(response.Span)
                    : VdmFailureResponse.Write(response.Span, header.Command, VdmCompletionCode.InvalidLength);

            default:
                return VdmFailureResponse.Write(response.Span, header.Command, VdmCompletionCode.UnsupportedOperation);
        }
    }
}
