using BenchmarkDotNet.Attributes;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Wire.Recovery;

namespace Rampart.Benchmarks.Platform;

/// <summary>Wall time of one simulated I3C private write of 256 bytes (into a target port, and as an OCP recovery FIFO write).</summary>
[MemoryDiagnoser]
public class I3cBenchmarks
{
    private readonly byte[] _payload = new byte[256];
    private readonly byte[] _frame = new byte[256 + RecoveryFrame.WriteOverhead];
    private readonly byte[] _receive = new byte[1024];
    private Simulator _sim = null!;
    private I3cController _controller = null!;
    private I3cTargetPort _port = null!;
    private RecoveryRegisterBlock _block = null!;
    private int _frameLength;

    [GlobalSetup]
    public void Setup()
    {
        _sim = new Simulator(1, new SimulatorOptions { TraceEnabled = false });
        var bus = new I3cBus(_sim);
        _controller = new I3cController(bus);
        _port = new I3cTargetPort(bus, 0x21);
        _block = new RecoveryRegisterBlock(bus);
        RecoveryFrame.TryWriteWrite(_block.Address, (byte)RecoveryCommand.IndirectFifoData, _payload, _frame, out _frameLength);
    }

    [GlobalCleanup]
    public void Cleanup() => _sim.Dispose();

    /// <summary>Private write of 256 bytes to a target port, received by firmware.</summary>
    [Benchmark]
    public int PrivateWrite256()
    {
        var task = _controller.PrivateWriteAsync(0x21, _payload);
        _sim.RunUntilIdle();
        _ = task.GetAwaiter().GetResult();
        _port.TryReceive(_receive, out var n);
        return n;
    }

    /// <summary>INDIRECT_FIFO_DATA write of 256 bytes (framing, PEC check, FIFO push), drained by the device.</summary>
    [Benchmark]
    public int RecoveryFifoWrite256()
    {
        var task = _controller.PrivateWriteAsync(_block.Address, _frame.AsSpan(0, _frameLength));
        _sim.RunUntilIdle();
        _ = task.GetAwaiter().GetResult();
        return _block.ReadFifo(_receive);
    }
}
