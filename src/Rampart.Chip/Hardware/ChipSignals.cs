using Rampart.Platform.Simulation;

namespace Rampart.Chip.Hardware;

/// <summary>
/// The wires between the two cores that are not registers of a modelled peripheral: Caliptra's
/// reset release, the fuse-handoff done strobe and MCI's MCU firmware-ready notification.
/// </summary>
internal sealed class ChipSignals(Simulator simulator)
{
    public SimSignal FuseHandoff { get; } = simulator.CreateSignal("fuse-handoff");

    public SimSignal FirmwareReady { get; } = simulator.CreateSignal("mcu-firmware-ready");

    public bool FusesHandedOver { get; set; }

    public int McuImageSize { get; set; }

    public Action? ReleaseCaliptra { get; set; }
}
