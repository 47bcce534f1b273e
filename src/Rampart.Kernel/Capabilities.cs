namespace Rampart.Kernel;

/// <summary>
/// Unforgeable capabilities (KERNEL.md; tock/tock kernel/src/capabilities.rs). Only the code that
/// creates a <see cref="Kernel"/> receives them (<see cref="BoardCapabilities"/>), and each is bound
/// to that kernel by a private token: a <c>RuntimeHelpers.GetUninitializedObject</c> forgery has no
/// token, and another kernel's capability has the wrong one, so both are refused.
/// </summary>
public abstract class Capability
{
    private readonly object? _token;

    private protected Capability(object token)
    {
        _token = token;
    }

    internal bool IsFrom(object token) => _token is not null && ReferenceEquals(_token, token);
}

/// <summary>Needed to create grants (allocate kernel state in process memory).</summary>
public sealed class MemoryAllocationCapability : Capability
{
    internal MemoryAllocationCapability(object token)
        : base(token)
    {
    }
}

/// <summary>Needed to load, stop and restart processes.</summary>
public sealed class ProcessManagementCapability : Capability
{
    internal ProcessManagementCapability(object token)
        : base(token)
    {
    }
}

/// <summary>Needed to register drivers and run the kernel loop.</summary>
public sealed class MainLoopCapability : Capability
{
    internal MainLoopCapability(object token)
        : base(token)
    {
    }
}

/// <summary>The capabilities a board receives when it creates its kernel.</summary>
/// <param name="MemoryAllocation">Create grants.</param>
/// <param name="ProcessManagement">Load and manage processes.</param>
/// <param name="MainLoop">Register drivers and step the loop.</param>
public sealed record BoardCapabilities(
    MemoryAllocationCapability MemoryAllocation,
    ProcessManagementCapability ProcessManagement,
    MainLoopCapability MainLoop);
