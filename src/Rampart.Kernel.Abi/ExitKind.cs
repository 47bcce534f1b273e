namespace Rampart.Kernel.Abi;

/// <summary>Exit syscall variants (TRD104 §4.7).</summary>
public enum ExitKind : uint
{
    /// <summary>Terminate (0): the process stops.</summary>
    Terminate = 0,

    /// <summary>Restart (1): the process asks to be restarted.</summary>
    Restart = 1,
}
