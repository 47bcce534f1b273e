namespace Rampart.Kernel;

/// <summary>
/// Per-app permissions checked before every dispatch (KERNEL.md; Tock's TBF permissions header):
/// for each driver, a bitmask of allowed command numbers (bit n = command n, 0–63). Subscribe and
/// allow need the driver to be listed at all. <see cref="AllowAll"/> lets everything through.
/// </summary>
public sealed class SyscallFilter
{
    private readonly Dictionary<uint, ulong>? _commands;

    private SyscallFilter(Dictionary<uint, ulong>? commands)
    {
        _commands = commands;
    }

    /// <summary>No filtering.</summary>
    public static SyscallFilter AllowAll { get; } = new(null);

    /// <summary>Only the listed drivers and commands.</summary>
    public static SyscallFilter Only(IReadOnlyDictionary<uint, ulong> commandMasks)
    {
        ArgumentNullException.ThrowIfNull(commandMasks);
        return new SyscallFilter(new Dictionary<uint, ulong>(commandMasks));
    }

    /// <summary>True when the app may use <paramref name="driver"/> at all.</summary>
    public bool AllowsDriver(uint driver) => _commands is null || _commands.ContainsKey(driver);

    /// <summary>True when the app may issue <paramref name="command"/> to <paramref name="driver"/>.</summary>
    public bool AllowsCommand(uint driver, uint command) =>
        _commands is null || (command < 64 && _commands.TryGetValue(driver, out var mask) && (mask & (1UL << (int)command)) != 0);
}
