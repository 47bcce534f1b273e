namespace Rampart.Kernel.Abi;

/// <summary>
/// An app's entry point. The loader creates it with its public parameterless constructor; the
/// kernel then calls <see cref="RunAsync"/> on the app's own single-threaded context. When the
/// returned task completes the process terminates (a faulted task is a fault, handled by policy).
/// </summary>
public interface IApp
{
    /// <summary>The app's main: everything it can do goes through <paramref name="syscalls"/>.</summary>
    Task RunAsync(ISyscalls syscalls);
}
