using Rampart.Kernel.Abi;
using Rampart.Protocols.Pldm;

namespace Rampart.Firmware.Mcu.Apps.Pldm;

/// <summary>
/// The MCU runtime's PLDM app (streaming boot stage 2, REFERENCE.md "Stage 2"): a PLDM terminus
/// answering DSP0240 discovery and acting as the DSP0267 firmware device that pulls the
/// remaining SoC images from the BMC's update agent into their load addresses, then has
/// Caliptra authorize each one.
/// </summary>
public sealed class PldmFirmwareDeviceApp : IApp
{
    /// <inheritdoc/>
    public async Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        var port = new KernelPldmPort(syscalls);
        var service = new PldmDeviceService(port, await SocImage.DiscoverAsync(port), new FirmwareDeviceOptions { MaxTransferSize = KernelPldmPort.MaxChunk });
        await service.RunAsync(CancellationToken.None);
    }
}
