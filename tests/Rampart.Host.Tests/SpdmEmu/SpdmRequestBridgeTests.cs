using System.Diagnostics;
using Rampart.Host.SpdmEmu;
using Rampart.Platform.Simulation;
using Rampart.Protocols.Spdm;

namespace Rampart.Host.Tests.SpdmEmu;

/// <summary>Requests from socket threads reach a device on the simulator's thread, and idle time is paced to the wall clock.</summary>
public sealed class SpdmRequestBridgeTests
{
    /// <summary>A device on the simulator: answers after 50 µs of chip time, reversed; a secured record is dropped.</summary>
    private sealed class SimulatedDevice(Simulator simulator) : ISpdmRequesterTransport
    {
        public SecuredTransportProfile Profile => SecuredTransportProfile.Mctp;

        public List<int> Threads { get; } = [];

        public List<byte[]> Requests { get; } = [];

        public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            Requests.Add(message.ToArray());
            await simulator.Delay(50_000);
            if (secured)
            {
                return 0;
            }

            var answer = message.ToArray().Reverse().ToArray();
            answer.CopyTo(response);
            return answer.Length;
        }
    }

    /// <summary>Runs the simulator on its own thread with the bridge's serving loop on a core, as BootRun does.</summary>
    private sealed class Rig : IDisposable
    {
        private readonly Thread _thread;
        private int _simThread;

        public Rig(SpdmRequestBridge bridge, CancellationToken stop)
        {
            Device = new SimulatedDevice(Simulator);
            Simulator.CreateCore("bmc").Start(() => bridge.ServeAsync(Device, Simulator, stop));
            _thread = new Thread(() =>
            {
                _simThread = Environment.CurrentManagedThreadId;
                while (Simulator.Step())
                {
                }
            });
        }

        public Simulator Simulator { get; } = new(7);

        public SimulatedDevice Device { get; }

        public int SimulatorThread => _simThread;

        public void Start() => _thread.Start();

        public bool Join() => _thread.Join(TimeSpan.FromSeconds(10));

        public void Dispose() => Simulator.Dispose();
    }

    [Fact]
    public async Task Requests_from_other_threads_are_answered_on_the_simulators_thread_each_with_its_own_answer()
    {
        using var stop = new CancellationTokenSource();
        var bridge = new SpdmRequestBridge(SecuredTransportProfile.Mctp);
        using var rig = new Rig(bridge, stop.Token);
        rig.Start();

        var calls = Enumerable.Range(1, 3).Select(i => Task.Run(async () =>
        {
            var response = new byte[16];
            var n = await bridge.SendReceiveAsync(new byte[] { 0x10, (byte)i, 0xAA }, response, secured: false, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            return response[..n];
        })).ToList();
        var answers = await Task.WhenAll(calls);
        var dropped = await bridge.SendReceiveAsync(new byte[] { 1, 2, 3 }, new byte[16], secured: true, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        await stop.CancelAsync();
        Assert.True(rig.Join());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(new byte[] { 0xAA, (byte)(i + 1), 0x10 }, answers[i]);
        }

        Assert.Equal(0, dropped);
        Assert.Equal(4, bridge.Forwarded);
        Assert.All(rig.Device.Threads, t => Assert.Equal(rig.SimulatorThread, t));
        Assert.True(bridge.IsClosed);
        Assert.Equal(0, await bridge.SendReceiveAsync(new byte[] { 0x10 }, new byte[16], secured: false, CancellationToken.None));
    }

    [Fact]
    public async Task Idle_virtual_time_follows_the_wall_clock_instead_of_racing_ahead()
    {
        using var stop = new CancellationTokenSource();
        var bridge = new SpdmRequestBridge(SecuredTransportProfile.Mctp) { IdleTick = TimeSpan.FromMilliseconds(5) };
        using var rig = new Rig(bridge, stop.Token);
        var wall = Stopwatch.StartNew();
        rig.Start();

        await Task.Delay(400);
        await stop.CancelAsync();
        Assert.True(rig.Join());
        var wallNanoseconds = wall.Elapsed.Ticks * 100;

        // Never ahead of the wall clock, and not frozen either: it moved with the idle waits.
        Assert.InRange(rig.Simulator.Now, 200_000_000, wallNanoseconds);
    }

    [Fact]
    public async Task A_request_abandoned_before_it_was_taken_is_never_forwarded()
    {
        var bridge = new SpdmRequestBridge(SecuredTransportProfile.Mctp);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bridge.SendReceiveAsync(new byte[] { 0x10 }, new byte[16], false, cancelled.Token).AsTask());
        using var stop = new CancellationTokenSource();
        using var rig = new Rig(bridge, stop.Token);
        rig.Start();

        var n = await bridge.SendReceiveAsync(new byte[] { 0x11, 0x22 }, new byte[16], false, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        await stop.CancelAsync();
        Assert.True(rig.Join());
        Assert.Equal(2, n);
        Assert.Equal([new byte[] { 0x11, 0x22 }], rig.Device.Requests);
    }

    [Fact]
    public async Task Close_answers_waiting_requests_with_nothing_and_ends_the_serving_loop()
    {
        var bridge = new SpdmRequestBridge(SecuredTransportProfile.Mctp);
        var waiting = bridge.SendReceiveAsync(new byte[] { 0x11 }, new byte[16], false, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        bridge.Close();

        Assert.Equal(0, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        using var stop = new CancellationTokenSource();
        using var rig = new Rig(bridge, stop.Token);
        rig.Start();
        Assert.True(rig.Join());
        Assert.Empty(rig.Device.Requests);
    }
}
