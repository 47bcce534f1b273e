namespace Rampart.Chip.Boot;

/// <summary>A stage-2 SoC image: what the manifest authorizes and the PLDM update agent serves.</summary>
/// <param name="FwId">The manifest's fw_id (also the PLDM component identifier).</param>
/// <param name="Name">A name for people.</param>
/// <param name="Image">The bytes.</param>
/// <param name="LoadAddress">Where the MCU loads it (inside <see cref="Hal.Boot.SocMemoryMap.SocImageBase"/>).</param>
/// <param name="ExecBit">The FW_EXEC_CTRL bit that releases its core once authorized.</param>
public sealed record SocImage(uint FwId, string Name, ReadOnlyMemory<byte> Image, ulong LoadAddress, int ExecBit);
