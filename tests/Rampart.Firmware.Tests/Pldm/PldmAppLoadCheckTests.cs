using Rampart.Firmware.Mcu.Apps.Pldm;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;

namespace Rampart.Firmware.Tests.Pldm;

public class PldmAppLoadCheckTests
{
    [Fact]
    public void The_app_is_refused_only_for_naming_the_protocol_library()
    {
        // The allow-list names Kernel.Abi, Hal and Wire; Rampart.Protocols must be added at
        // integration (KERNEL.md: protocol libraries come with the app and pass the same check).
        var refusal = AppCodeLoader.Check(File.ReadAllBytes(typeof(PldmFirmwareDeviceApp).Assembly.Location));
        Assert.True(refusal == LoadRefusal.None || refusal == new LoadRefusal(LoadRefusalReason.ForbiddenAssembly, "Rampart.Protocols"), refusal.ToString());
    }
}
