using Rampart.Kernel.Abi;

namespace Rampart.Firmware.Mcu.Apps.Vdm;

/// <summary>
/// The MCU runtime's Caliptra VDM app (REFERENCE.md "Caliptra VDMs"): answers MCTP type 0x7F
/// requests with IANA 0xA67F from the BMC — FirmwareVersion (area 0, the Caliptra core firmware,
/// from Caliptra's FW_INFO) and DeviceCapabilities — and refuses anything else with the
/// protocol's failure response (<see cref="CaliptraVdmResponder"/>).
/// </summary>
public sealed class CaliptraVdmApp : IApp
{
    /// <inheritdoc/>
    public async Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        var port = new KernelVdmPort(syscalls);
        var response = new byte[CaliptraVdmResponder.MaxResponseSize];
        while (true)
        {
            if (await port.ReceiveAsync() is not { } request)
            {
                continue;
            }

            var length = await CaliptraVdmResponder.HandleAsync(request.Body, response, port);
            await port.SendResponseAsync(request.SourceEid, request.Tag, response.AsMemory(0, length));
        }
    }
}
