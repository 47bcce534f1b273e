namespace Rampart.Hal.Security;

/// <summary>
/// The number of a key-vault slot. Caliptra's key vault has 24 entries of up to 512 bits
/// (caliptra-rtl <c>kv_defines</c>); firmware names keys only by these numbers.
/// </summary>
/// <param name="Value">The slot number, 0 to <see cref="Count"/> − 1.</param>
public readonly record struct KeySlotId(byte Value)
{
    /// <summary>The number of slots in the vault.</summary>
    public const int Count = 24;

    /// <summary>The largest secret a slot holds, in bytes (512 bits).</summary>
    public const int MaxSecretSize = 64;

    /// <summary>True when the number names an existing slot.</summary>
    public bool IsValid => Value < Count;

    /// <summary>The slot as an index.</summary>
    public int Index => Value;

    /// <inheritdoc />
    public override string ToString() => "slot " + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
