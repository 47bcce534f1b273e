using Rampart.Host.Recovery;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Protocols.Recovery;
using Rampart.Wire.Recovery;

namespace Rampart.Host.Tests.Recovery;

/// <summary>
/// The stage-1 set-up: a BMC core running <see cref="RecoveryAgent"/> over the simulated I3C
/// controller, the OCP recovery register block, and a Caliptra core receiving with
/// <see cref="RecoveryImageReceiver"/>.
/// </summary>
internal sealed class StreamingRig : IDisposable
{
    public StreamingRig(ulong seed = 7, RecoveryAgentOptions? agentOptions = null, RecoveryBlockOptions? blockOptions = null, I3cTiming? timing = null)
    {
        Sim = new Simulator(seed);
        Bus = new I3cBus(Sim, timing);
        Controller = new I3cController(Bus);
        Block = new RecoveryRegisterBlock(Bus, blockOptions);
        Receiver = new RecoveryImageReceiver(Block, Sim, new RecoveryReceiverOptions { TimeoutNanoseconds = 50 * Hal.Time.TimeUnits.Millisecond });
        Agent = new RecoveryAgent(Controller, Block.Address, Sim, Sim, agentOptions)
        {
            TransferObserver = Transfers.Add,
            Progress = new SyncProgress(Progress),
        };
    }

    public Simulator Sim { get; }

    public I3cBus Bus { get; }

    public I3cController Controller { get; }

    public RecoveryRegisterBlock Block { get; }

    public RecoveryImageReceiver Receiver { get; }

    public RecoveryAgent Agent { get; }

    public List<RecoveryTransfer> Transfers { get; } = [];

    public List<RecoveryProgress> Progress { get; } = [];

    /// <summary>What the device firmware received, by image index.</summary>
    public Dictionary<byte, RecoveryReceiveResult> Received { get; } = [];

    /// <summary>
    /// The Caliptra side: receives images 0..count-1 and accepts each, except that
    /// <paramref name="verdict"/> may name a failure status for an image.
    /// </summary>
    public Func<Task> Device(int count, Func<byte, RecoveryStatusCode?>? verdict = null, int maxBytes = 1 << 20) => async () =>
    {
        for (byte i = 0; i < count; i++)
        {
            var result = await Receiver.ReceiveAsync(i, maxBytes);
            Received[i] = result;
            if (result.Status != RecoveryReceiveStatus.Received)
            {
                return;
            }

            if (verdict?.Invoke(i) is { } failure)
            {
                Receiver.ReportFailure(i, failure);
                return;
            }

            Receiver.ReportSuccess(i, lastImage: i == count - 1);
        }
    };

    /// <summary>Runs the device firmware and the agent to the end; returns the agent's result.</summary>
    public RecoveryAgentResult Run(IReadOnlyList<ReadOnlyMemory<byte>> images, Func<Task>? device = null)
    {
        RecoveryAgentResult? result = null;
        var caliptra = Sim.CreateCore("caliptra");
        caliptra.Start(device ?? Device(images.Count));
        var bmc = Sim.CreateCore("bmc");
        bmc.Start(async () => result = await Agent.RunAsync(images));
        Sim.RunUntilIdle(50_000_000);
        Assert.Equal(SimCoreState.Completed, bmc.State);
        Assert.NotEqual(SimCoreState.Faulted, caliptra.State);
        return result!;
    }

    public static byte[] Image(Simulator sim, int length)
    {
        var image = new byte[length];
        sim.Random.NextBytes(image);
        return image;
    }

    /// <summary>The image as the device holds it: zero-padded to a multiple of 4.</summary>
    public static byte[] Padded(byte[] image)
    {
        var padded = new byte[(image.Length + 3) & ~3];
        image.CopyTo(padded, 0);
        return padded;
    }

    public void Dispose() => Sim.Dispose();

    /// <summary>Records progress synchronously (Progress&lt;T&gt; would post to a context).</summary>
    private sealed class SyncProgress(List<RecoveryProgress> sink) : IProgress<RecoveryProgress>
    {
        public void Report(RecoveryProgress value) => sink.Add(value);
    }
}
