using Rampart.Kernel.Abi;
using Rampart.Kernel.Capsules;
using Rampart.Platform.Loading;

namespace Rampart.Kernel.Tests;

/// <summary>A board for tests: the real code loader, the echo and console capsules and a recorder capsule the test apps report to.</summary>
internal sealed class TestBoard
{
    public const uint RecorderDriver = 0x0009_00FF;

    private static readonly Lazy<byte[]> AppBytes = new(() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Rampart.TestApps.dll")));

    public TestBoard(KernelOptions? options = null)
    {
        Loader = new AppCodeLoader();
        Kernel = new Kernel(Loader, options, out var capabilities);
        Capabilities = capabilities;
        Echo = new EchoCapsule(Kernel, capabilities.MemoryAllocation);
        Console = new ConsoleCapsule(Kernel, capabilities.MemoryAllocation);
        Recorder = new RecorderCapsule(Kernel);
        Kernel.RegisterDriver(EchoCapsule.DriverNumber, Echo, capabilities.MainLoop);
        Kernel.RegisterDriver(ConsoleCapsule.DriverNumber, Console, capabilities.MainLoop);
        Kernel.RegisterDriver(RecorderDriver, Recorder, capabilities.MainLoop);
    }

    public static byte[] TestApps => AppBytes.Value;

    public AppCodeLoader Loader { get; }

    public Kernel Kernel { get; }

    public BoardCapabilities Capabilities { get; }

    public EchoCapsule Echo { get; }

    public ConsoleCapsule Console { get; }

    public RecorderCapsule Recorder { get; }

    public ProcessId Load(string name, string type, FaultPolicy? policy = null, SyscallFilter? permissions = null)
    {
        var config = new ProcessConfig(name, TestApps, "Rampart.TestApps." + type, policy ?? FaultPolicy.Stop)
        {
            Permissions = permissions ?? SyscallFilter.AllowAll,
        };
        Assert.True(Kernel.TryLoadProcess(config, Capabilities.ProcessManagement, out var id, out var refusal), refusal.ToString());
        return id;
    }

    public int Run(int maxSteps = 200) => Kernel.RunUntilIdle(Capabilities.MainLoop, maxSteps);

    public ProcessInfo Info(string name) => Kernel.Find(name) ?? throw new InvalidOperationException(name);

    public IReadOnlyList<uint> Reports(string name, uint tag) =>
        Recorder.Records.Where(r => r.Name == name && r.Tag == tag).Select(r => r.Value).ToList();
}

/// <summary>Records (process name, tag, value) triples the test apps send with command 1.</summary>
internal sealed class RecorderCapsule(Kernel kernel) : ISyscallDriver
{
    private readonly List<(string Name, uint Tag, uint Value)> _records = [];

    public IReadOnlyList<(string Name, uint Tag, uint Value)> Records => _records;

    public SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1)
    {
        if (commandNumber == 1)
        {
            _records.Add((kernel.Find(process)?.Name ?? "?", arg0, arg1));
        }

        return SyscallReturn.Success();
    }
}
