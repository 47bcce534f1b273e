using Rampart.Hal.Security;

namespace Rampart.Identity.Dice;

/// <summary>
/// The key vault refused a DICE operation. In firmware this means the ROM or FMC set slots up
/// wrongly (a bug, not bad input): the core stops with the vault's named status.
/// </summary>
public sealed class DiceKeySourceException : Exception
{
    /// <summary>Creates the exception for a refused request.</summary>
    public DiceKeySourceException(string operation, KeyVaultStatus status)
        : base($"key vault refused {operation}: {status}")
    {
        Status = status;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public DiceKeySourceException()
        : this("an operation", KeyVaultStatus.InvalidSlot)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DiceKeySourceException(string message)
        : base(message)
    {
        Status = KeyVaultStatus.InvalidSlot;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DiceKeySourceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = KeyVaultStatus.InvalidSlot;
    }

    /// <summary>The vault's status.</summary>
    public KeyVaultStatus Status { get; }
}
