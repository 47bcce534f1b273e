using Rampart.Firmware.Mcu.Runtime.Capsules;
using Rampart.Hal.Boot;
using Rampart.Hal.CoreControl;
using Rampart.Hal.Peripherals;
using Rampart.Kernel;
using Rampart.Kernel.Abi;
using Rampart.Protocols.Mctp;

namespace Rampart.Firmware.Tests.Capsules;

/// <summary>
/// A kernel with the MCTP mux capsule (over a fake I3C target) and the SoC memory capsule, a BMC-side
/// mux that talks to it packet by packet, optionally the DOE SPDM capsule over a DOE mailbox, and
/// in-test apps (a loader that hands out app objects; the real loader is tested in Rampart.Platform.Tests).
/// </summary>
internal sealed class CapsuleBoard
{
    public const byte Address = 0x3A;
    public const byte HostEid = 0x08;
    public const byte DeviceEid = 0x1D;

    private readonly InTestLoader _loader = new();
    private readonly byte[] _transfer;

    public CapsuleBoard(MctpMuxCapsuleOptions? options = null, IDoeResponder? doe = null, int doeMaxObjectBytes = 8192)
    {
        Kernel = new Kernel.Kernel(_loader, new KernelOptions(), out var capabilities);
        Capabilities = capabilities;
        Target = new FakeI3cTarget(Address);
        Mctp = new MctpMuxCapsule(Kernel, capabilities.MemoryAllocation, Target, options);
        Mctp.RegisterDrivers(capabilities.MainLoop);
        Memory = new FakeMemoryBus();
        SocMemory = new SocMemoryCapsule(Kernel, capabilities.MemoryAllocation, Memory);
        Kernel.RegisterDriver(Rampart.Kernel.Abi.Sdk.DriverNumbers.SocMemory, SocMemory, capabilities.MainLoop);
        if (doe is not null)
        {
            Doe = new DoeSpdmCapsule(Kernel, capabilities.MemoryAllocation, doe, doeMaxObjectBytes);
            Kernel.RegisterDriver(Rampart.Kernel.Abi.Sdk.DriverNumbers.DoeSpdm, Doe, capabilities.MainLoop);
        }

        Host = new MctpMux(new MctpMuxOptions { I3cAddress = Address, Role = MctpBindingRole.Controller, LocalEid = HostEid, RequestTimeoutNs = 1_000_000 });
        HostSink = new HostSink();
        Host.Register(Wire.Mctp.MctpMessageType.Control, HostSink);
        foreach (var type in new byte[] { 0x01, 0x05, 0x06, 0x7F })
        {
            Host.Register((Wire.Mctp.MctpMessageType)type, HostSink);
        }

        _transfer = new byte[Host.Options.MaxTransferSize];
    }

    public Kernel.Kernel Kernel { get; }

    public BoardCapabilities Capabilities { get; }

    public FakeI3cTarget Target { get; }

    public MctpMuxCapsule Mctp { get; }

    public FakeMemoryBus Memory { get; }

    public SocMemoryCapsule SocMemory { get; }

    /// <summary>The DOE SPDM capsule, when the board was given a DOE mailbox.</summary>
    public DoeSpdmCapsule? Doe { get; }

    public MctpMux Host { get; }

    public HostSink HostSink { get; }

    public long Now { get; set; }

    /// <summary>Loads an app and runs the kernel until it has started; returns its syscalls.</summary>
    public ProcessId Load(string name, IApp app, int memory = 16384)
    {
        _loader.Next = app;
        var config = new ProcessConfig(name, new byte[] { 1 }, "InTest." + name, FaultPolicy.Stop) { MemorySize = memory, InitialBreak = memory - 1024 };
        Assert.True(Kernel.TryLoadProcess(config, Capabilities.ProcessManagement, out var id, out var refusal), refusal.ToString());
        Kernel.Step(Capabilities.MainLoop);
        return id;
    }

    /// <summary>Moves packets both ways and runs the kernel until nothing moves.</summary>
    public void Pump(int rounds = 200)
    {
        for (var i = 0; i < rounds; i++)
        {
            var moved = false;
            while (Host.TryTakeTransfer(_transfer, Now, out var length))
            {
                Target.Write(_transfer.AsSpan(0, length));
                moved = true;
            }

            Mctp.Service(Now);
            if (Target.TryRead(out var staged))
            {
                Assert.True(Target.TakeIbi() == 0xAE);
                Host.ReceiveTransfer(staged, Now);
                moved = true;
            }

            moved |= Kernel.RunUntilIdle(Capabilities.MainLoop, 50) > 0;
            Host.Poll(Now);
            if (!moved && !Mctp.Transport.NeedsService && !Mctp.Mux.HasPendingTransmit)
            {
                return;
            }
        }
    }

    /// <summary>Services the DOE capsule and runs the kernel until neither moves, as the MCU runtime's loop does.</summary>
    public void PumpDoe(int rounds = 50)
    {
        var idle = 0;
        for (var i = 0; i < rounds && idle < 2; i++)
        {
            Doe!.Service();
            idle = Kernel.RunUntilIdle(Capabilities.MainLoop, 50) == 0 ? idle + 1 : 0;
        }
    }

    public void AssignEid()
    {
        Host.TrySendRequest(0, [0x00, 0x80, 0x01, 0x00, DeviceEid], HostSink, 0, out _);
        Pump();
        Assert.Equal(DeviceEid, Mctp.Control.EndpointId);
    }

    private sealed class InTestLoader : ICodeLoader
    {
        public IApp? Next { get; set; }

        public bool TryLoadApp(ReadOnlySpan<byte> image, AppLoadLimits limits, out ILoadedApp? app, out LoadRefusal refusal)
        {
            app = new InTestApp(Next ?? throw new InvalidOperationException("no app"));
            refusal = LoadRefusal.None;
            return true;
        }

        public bool TryLoadStage(ReadOnlyMemory<byte> archive, out ILoadedStage? stage, out LoadRefusal refusal)
        {
            stage = null;
            refusal = new LoadRefusal(LoadRefusalReason.NotPermitted, "the capsule board loads apps only");
            return false;
        }
    }

    private sealed class InTestApp(IApp app) : ILoadedApp
    {
        public string Name => app.GetType().Name;

        public ExecutionMeter Meter { get; } = new(1000);

        public bool IsUnloaded { get; private set; }

        public WeakReference ContextWitness { get; } = new(new object());

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

/// <summary>The host side's recording sink.</summary>
internal sealed class HostSink : IMctpMessageSink
{
    public List<(byte Source, byte Tag, byte[] Message)> Requests { get; } = [];

    public List<(byte Source, byte Tag, byte[] Message)> Responses { get; } = [];

    public bool OnRequest(byte sourceEid, byte tag, ReadOnlySpan<byte> message)
    {
        Requests.Add((sourceEid, tag, message.ToArray()));
        return true;
    }

    public void OnResponse(uint cookie, byte sourceEid, byte tag, ReadOnlySpan<byte> message) => Responses.Add((sourceEid, tag, message.ToArray()));

    public void OnRequestTimedOut(uint cookie, byte peerEid, byte tag)
    {
    }

    public void OnTransmitted(uint cookie, byte destinationEid, byte tag, bool tagOwner)
    {
    }
}

/// <summary>An I3C target with a receive queue, one staging slot and an IBI list.</summary>
internal sealed class FakeI3cTarget(byte address) : II3cTarget
{
    private readonly Queue<byte[]> _received = new();
    private readonly Queue<byte> _ibis = new();
    private byte[]? _staged;

    public byte Address => address;

    public void Write(ReadOnlySpan<byte> data) => _received.Enqueue(data.ToArray());

    public bool TryRead(out byte[] data)
    {
        data = _staged ?? [];
        _staged = null;
        return data.Length > 0;
    }

    public byte TakeIbi() => _ibis.Dequeue();

    public bool TryReceive(Span<byte> destination, out int length)
    {
        length = 0;
        if (!_received.TryPeek(out var next) || next.Length > destination.Length)
        {
            return false;
        }

        _received.Dequeue();
        next.CopyTo(destination);
        length = next.Length;
        return true;
    }

    public bool TryStageResponse(ReadOnlySpan<byte> data)
    {
        if (_staged is not null)
        {
            return false;
        }

        _staged = data.ToArray();
        return true;
    }

    public bool TryRaiseIbi(byte mandatoryDataByte)
    {
        _ibis.Enqueue(mandatoryDataByte);
        return true;
    }

    public ValueTask WaitForActivity() => ValueTask.CompletedTask;
}

/// <summary>A 64 KiB SoC memory at 0x1_0000_0000.</summary>
internal sealed class FakeMemoryBus : IMemoryBus
{
    public const ulong Base = 0x1_0000_0000;

    public byte[] Ram { get; } = new byte[0x10000];

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (address < Base || address - Base + (ulong)source.Length > (ulong)Ram.Length)
        {
            return false;
        }

        source.CopyTo(Ram.AsSpan((int)(address - Base)));
        return true;
    }

    public bool TryRead(ulong address, Span<byte> destination) => false;
}

/// <summary>An app that only hands its syscalls to the test and stays alive.</summary>
internal sealed class HolderApp : IApp
{
    private readonly TaskCompletionSource _never = new();

    public ISyscalls? Syscalls { get; private set; }

    public Task RunAsync(ISyscalls syscalls)
    {
        Syscalls = syscalls;
        return _never.Task;
    }
}
