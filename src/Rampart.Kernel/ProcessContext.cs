namespace Rampart.Kernel;

/// <summary>
/// The app's own single-threaded context (KERNEL.md "async apps"): while app code runs the kernel
/// installs it as <see cref="SynchronizationContext.Current"/>, so <c>await</c> continuations are
/// posted to the process's run queue, which the kernel drains in later slices — never inline on the
/// kernel's stack. Posts after the generation ended are dropped.
/// </summary>
internal sealed class ProcessContext : SynchronizationContext
{
    private readonly Process _process;
    private readonly ProcessId _id;

    public ProcessContext(Process process, ProcessId id)
    {
        _process = process;
        _id = id;
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (_process.Id == _id)
        {
            _process.Post(() => d(state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("an app context runs work only when the kernel schedules it");

    public override SynchronizationContext CreateCopy() => this;
}
