using Rampart.Firmware.Mcu.Apps.Pldm;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;

namespace Rampart.Firmware.Tests.Pldm;

public class PldmAppLoadCheckTests
{
    private static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, name + ".dll"));

    [Fact]
    public void The_app_alone_is_refused_for_naming_the_protocol_library_it_does_not_carry()
    {
        var refusal = AppCodeLoader.Check(File.ReadAllBytes(typeof(PldmFirmwareDeviceApp).Assembly.Location));
        Assert.Equal(new LoadRefusal(LoadRefusalReason.ForbiddenAssembly, "Rampart.Protocols"), refusal);
    }

    [Fact]
    public void The_app_with_the_protocol_library_loads_as_an_app_archive()
    {
        var archive = FirmwareArchive.Write(string.Empty,
        [
            new FirmwareArchiveEntry(FirmwareArchiveEntryKind.Assembly, "Rampart.Firmware.Mcu.Apps.Pldm", Bytes("Rampart.Firmware.Mcu.Apps.Pldm")),
            new FirmwareArchiveEntry(FirmwareArchiveEntryKind.Assembly, "Rampart.Protocols", Bytes("Rampart.Protocols")),
        ]);
        var loader = new AppCodeLoader();
        Assert.True(loader.TryLoadApp(archive, AppLoadLimits.Default with { MaxImageBytes = 4 << 20 }, out var app, out var refusal), refusal.ToString());
        Assert.True(app!.TryCreate<Kernel.Abi.IApp>("Rampart.Firmware.Mcu.Apps.Pldm.PldmFirmwareDeviceApp", out var entry, out refusal), refusal.ToString());
        Assert.NotNull(entry);
        app.Unload();
    }
}
