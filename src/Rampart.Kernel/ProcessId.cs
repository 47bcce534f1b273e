namespace Rampart.Kernel;

/// <summary>A process identity; a restart gives a new one and the old one is refused from then on.</summary>
/// <param name="Value">The number.</param>
public readonly record struct ProcessId(uint Value)
{
    /// <inheritdoc />
    public override string ToString() => "pid " + Value;
}
