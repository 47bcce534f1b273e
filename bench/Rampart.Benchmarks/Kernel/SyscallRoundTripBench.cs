using BenchmarkDotNet.Attributes;
using Rampart.Hal.CoreControl;
using Rampart.Kernel;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Capsules;

namespace Rampart.Benchmarks.Kernel;

/// <summary>
/// Syscall round trip (issue 5, performance): one Command to the echo capsule (filter, dispatch,
/// grant entry, buffer copy, upcall scheduling) plus the delivery of its upcall to the app's
/// subscribed handler, which issues the next Command. One kernel step runs 64 round trips; the
/// result is per round trip. The app here is compiled into the benchmark (not loaded through the
/// code loader), so this measures the kernel path, not the watchdog instrumentation.
/// </summary>
[MemoryDiagnoser]
public class SyscallRoundTripBench
{
    private const int PerStep = 64;
    private Rampart.Kernel.Kernel _kernel = null!;
    private MainLoopCapability _loop = null!;

    [GlobalSetup]
    public void Setup()
    {
        _kernel = new Rampart.Kernel.Kernel(new DirectLoader(new PingPongApp()), new KernelOptions { Trace = false, MaxWorkPerSlice = PerStep }, out var caps);
        _loop = caps.MainLoop;
        _kernel.RegisterDriver(EchoCapsule.DriverNumber, new EchoCapsule(_kernel, caps.MemoryAllocation), caps.MainLoop);
        if (!_kernel.TryLoadProcess(new ProcessConfig("bench", new byte[] { 0 }, "bench", FaultPolicy.Stop), caps.ProcessManagement, out _, out var refusal))
        {
            throw new InvalidOperationException(refusal.ToString());
        }

        _kernel.Step(_loop);
    }

    [Benchmark(OperationsPerInvoke = PerStep)]
    public bool CommandAndUpcall() => _kernel.Step(_loop);

    /// <summary>Allows its buffers once, then every upcall issues the next echo.</summary>
    private sealed class PingPongApp : IApp
    {
        private ISyscalls _syscalls = null!;

        public Task RunAsync(ISyscalls syscalls)
        {
            _syscalls = syscalls;
            syscalls.AllowReadOnly(EchoCapsule.DriverNumber, 0, new AppSlice(0, 8));
            syscalls.AllowReadWrite(EchoCapsule.DriverNumber, 0, new AppSlice(8, 8));
            syscalls.Subscribe(EchoCapsule.DriverNumber, 0, OnEcho);
            syscalls.Command(EchoCapsule.DriverNumber, 1, 8, 0);
            return new TaskCompletionSource().Task;
        }

        private void OnEcho(UpcallArgs args) => _syscalls.Command(EchoCapsule.DriverNumber, 1, 8, 0);
    }

    /// <summary>A loader that hands the kernel an app compiled into the benchmark.</summary>
    private sealed class DirectLoader(IApp app) : ICodeLoader
    {
        public bool TryLoadApp(ReadOnlySpan<byte> image, AppLoadLimits limits, out ILoadedApp? loaded, out LoadRefusal refusal)
        {
            loaded = new DirectApp(app, limits.MaxDepth);
            refusal = LoadRefusal.None;
            return true;
        }

        public bool TryLoadStage(ReadOnlyMemory<byte> archive, out ILoadedStage? stage, out LoadRefusal refusal)
        {
            stage = null;
            refusal = new LoadRefusal(LoadRefusalReason.NotPermitted, "the benchmark loads apps only");
            return false;
        }
    }

    private sealed class DirectApp(IApp app, int maxDepth) : ILoadedApp
    {
        public string Name => "bench";

        public ExecutionMeter Meter { get; } = new(maxDepth);

        public bool IsUnloaded { get; private set; }

        public WeakReference ContextWitness { get; } = new(null);

        public bool TryCreate<T>(string typeName, out T? instance, out LoadRefusal refusal)
            where T : class
        {
            instance = app as T;
            refusal = LoadRefusal.None;
            return instance is not null;
        }

        public void Unload() => IsUnloaded = true;
    }
}
