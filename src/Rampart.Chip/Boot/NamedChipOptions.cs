namespace Rampart.Chip.Boot;

/// <summary>Which named chip <c>rampart boot --chip NAME</c> boots, and where its state lives.</summary>
/// <param name="Name">The chip name (letters, digits, '-', '_', '.'; 1–64; not starting with '.').</param>
/// <param name="StateDirectory">The root holding one directory per chip; null: the user's data folder.</param>
/// <param name="Seed">
/// The seed the caller asked for; null: the chip's own (recorded when it was made), or
/// <c>rampart-dev</c> for a chip made now. A seed that differs from the recorded one is refused.
/// </param>
public sealed record NamedChipOptions(string Name, string? StateDirectory = null, string? Seed = null);

/// <summary>What booting a named chip did: the boot itself and what was written to its state directory.</summary>
/// <param name="Boot">The boot (null when the chip's state was refused before power-on).</param>
/// <param name="ChipDirectory">The chip's state directory.</param>
/// <param name="Created">True when this run made the chip (no state before).</param>
/// <param name="Seed">The chip's seed.</param>
/// <param name="Files">The state files written after the boot (full paths).</param>
/// <param name="Error">Why the chip's state was refused or could not be written; null when all went well.</param>
public sealed record NamedChipBootResult(BootResult? Boot, string ChipDirectory, bool Created, string Seed, IReadOnlyList<string> Files, string? Error);
