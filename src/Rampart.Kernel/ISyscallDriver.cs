using Rampart.Kernel.Abi;

namespace Rampart.Kernel;

/// <summary>
/// A capsule as the kernel sees it (KERNEL.md): drivers implement only Command. Subscribe and
/// allow are handled by the kernel core and reached through the driver's <see cref="Grant{T}"/>.
/// Command 0 means "present?" and must succeed.
/// </summary>
public interface ISyscallDriver
{
    /// <summary>Handles a command from <paramref name="process"/>; never calls app code.</summary>
    SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1);
}
