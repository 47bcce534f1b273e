using Rampart.Host.Mctp;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Protocols.Mctp;
using Rampart.Wire.Mctp;
using Rampart.Wire.Mctp.Control;

namespace Rampart.Host.Tests.Mctp;

/// <summary>The host endpoint against a device endpoint on the simulated I3C bus.</summary>
public sealed class MctpHostEndpointTests
{
    private const byte Address = 0x3A;

    [Fact]
    public void Assigns_the_eid_and_discovers_the_device()
    {
        var rig = new Rig();
        IReadOnlyList<MctpVersion>? baseVersions = null;
        IReadOnlyList<MctpVersion>? spdm = null;
        IReadOnlyList<MctpVersion>? nvme = null;
        IReadOnlyList<MctpMessageType>? types = null;
        Wire.Mctp.Control.GetVendorDefinedMessageSupportResponse? vendor = null;
        Guid? uuid = null;
        var started = false;
        rig.RunHost(async host =>
        {
            started = await host.StartAsync();
            baseVersions = await host.GetVersionSupportAsync(0xFF);
            spdm = await host.GetVersionSupportAsync(0x05);
            nvme = await host.GetVersionSupportAsync(0x04);
            types = await host.GetMessageTypeSupportAsync();
            vendor = await host.GetVendorDefinedMessageSupportAsync();
            uuid = await host.GetEndpointUuidAsync();
        });

        Assert.True(started, $"host {rig.Host.Counters} nacks {rig.Host.Nacks} device {rig.Device.Counters} staged {rig.Transport.PacketsStaged} ibis {rig.Transport.IbisRaised} rx {rig.Transport.TransfersReceived}");
        Assert.Equal(0x1D, rig.Host.DeviceEid);
        Assert.Equal(0x1D, rig.Device.LocalEid);
        Assert.Equal(["1.0", "1.1", "1.2", "1.3.3"], baseVersions!.Select(v => v.ToString()));
        Assert.Equal("1.0.2", Assert.Single(spdm!).ToString());
        Assert.Null(nvme);
        Assert.Equal([MctpMessageType.Control, MctpMessageType.Pldm, MctpMessageType.Spdm, MctpMessageType.SecuredSpdm, MctpMessageType.VendorDefinedIana], types);
        Assert.Equal(0xA67Fu, vendor!.Value.VendorId);
        Assert.Equal(Rig.Uuid, uuid);
        Assert.Equal(0, rig.Host.Counters.TotalDropped);
    }

    [Fact]
    public void A_1_KiB_request_and_response_round_trip_and_are_captured()
    {
        var rig = new Rig();
        var request = Pattern(1024, 0x05, 3);
        MctpHostResponse? response = null;
        var captured = new List<MctpCapturedMessage>();
        rig.Host.Capture = captured.Add;
        rig.RunHost(async host =>
        {
            Assert.True(await host.StartAsync());
            response = await host.SendRequestAsync(request);
        });

        Assert.NotNull(response);
        Assert.True(response.IsOk, response.Status.ToString());
        Assert.Equal(1, response.Attempts);
        Assert.Equal(Rig.Answer(request), response.Message.ToArray());
        Assert.Equal(request, Assert.Single(rig.Echo.Requests).Message);
        Assert.True(rig.Transport.IbisRaised >= 17);

        Assert.Equal(4, captured.Count);
        var sent = captured[2];
        Assert.Equal((MctpDirection.Sent, (byte)0x08, (byte)0x1D, true), (sent.Direction, sent.SourceEid, sent.DestinationEid, sent.TagOwner));
        Assert.Equal(request, sent.Message.ToArray());
        var received = captured[3];
        Assert.Equal((MctpDirection.Received, (byte)0x1D, (byte)0x08, false, sent.Tag), (received.Direction, received.SourceEid, received.DestinationEid, received.TagOwner, received.Tag));
        Assert.True(received.Time > sent.Time);
        var payload = received.ToCapturePayload();
        Assert.Equal([0x01, 0x08, 0x1D, (byte)(0xC0 | sent.Tag)], payload[..4]);
    }

    [Fact]
    public void A_corrupted_write_is_dropped_by_pec_and_the_request_is_retried()
    {
        var rig = new Rig();
        MctpHostResponse? response = null;
        rig.RunHost(async host =>
        {
            Assert.True(await host.StartAsync());
            rig.Bus.Faults.CorruptNext = 1;
            response = await host.SendRequestAsync(Pattern(200, 0x05, 1));
        });

        Assert.True(response!.IsOk);
        Assert.Equal(2, response.Attempts);
        Assert.Equal(1, rig.Device.Counters.BadPec);
        Assert.Equal(1, rig.Host.Retransmissions);
        Assert.Single(rig.Echo.Requests);
    }

    [Fact]
    public void A_corrupted_read_is_dropped_by_the_host_and_the_request_is_retried()
    {
        var rig = new Rig();
        rig.Echo.OnEachRequest = () => rig.Bus.Faults.CorruptNext = rig.Echo.Requests.Count == 1 ? 1 : 0;
        MctpHostResponse? response = null;
        rig.RunHost(async host =>
        {
            Assert.True(await host.StartAsync());
            response = await host.SendRequestAsync(Pattern(300, 0x05, 2));
        });

        Assert.True(response!.IsOk);
        Assert.Equal(2, response.Attempts);
        Assert.Equal(1, rig.Host.Counters.BadPec);
        Assert.Equal(2, rig.Echo.Requests.Count);
    }

    [Fact]
    public void A_dead_link_times_out_cleanly_after_the_retries()
    {
        var rig = new Rig();
        MctpHostResponse? response = null;
        rig.RunHost(async host =>
        {
            Assert.True(await host.StartAsync());
            rig.Bus.Faults.DropRate = 1;
            response = await host.SendRequestAsync(Pattern(100, 0x05, 4));
        });

        Assert.Equal(MctpHostStatus.Timeout, response!.Status);
        Assert.Equal(3, response.Attempts);
        Assert.Equal(1, rig.Host.Timeouts);
        Assert.Equal(0, rig.Host.OutstandingRequests);
        Assert.True(rig.Host.Nacks > 0);
    }

    [Fact]
    public void Device_initiated_requests_reach_the_host_and_are_answered()
    {
        var rig = new Rig();
        MctpHostRequest? request = null;
        rig.RunHost(async host =>
        {
            Assert.True(await host.StartAsync());
            rig.Device.TrySendRequest(host.LocalEid, Pattern(150, 0x01, 9), rig.Echo, 1, out _);
            rig.Service();
            request = await host.ReceiveRequestAsync();
            Assert.True(await host.SendResponseAsync(request.SourceEid, request.Tag, new byte[] { 0x01, 0x00, 0x15, 0x00 }));
        });

        Assert.Equal(Pattern(150, 0x01, 9), request!.Message.ToArray());
        Assert.Equal(0x1D, request.SourceEid);
        var answer = Assert.Single(rig.Echo.Responses);
        Assert.Equal([0x01, 0x00, 0x15, 0x00], answer);
    }

    private static byte[] Pattern(int length, byte type, int seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 7) + seed);
        }

        bytes[0] = type;
        return bytes;
    }

    /// <summary>The simulated bus, a device endpoint on its own core, and the host endpoint.</summary>
    private sealed class Rig
    {
        public static readonly Guid Uuid = new("5a3e1c2b-0000-4000-8000-00000000beef");

        private readonly Simulator _sim = new(seed: 42, new SimulatorOptions { TraceEnabled = false });
        private readonly I3cTargetPort _port;

        public Rig()
        {
            Bus = new I3cBus(_sim);
            var controller = new I3cController(Bus);
            _port = new I3cTargetPort(Bus, Address);
            Device = new MctpMux(
                new MctpMuxOptions { I3cAddress = Address, Role = MctpBindingRole.Target },
                new MctpControlResponder(new MctpControlOptions { Uuid = Uuid }));
            Echo = new EchoDevice(Device);
            Device.Register(MctpMessageType.Spdm, Echo);
            Transport = new MctpI3cTargetTransport(_port, Device);
            Host = new MctpHostEndpoint(controller, _sim, _sim, new MctpHostOptions { DeviceAddress = Address, RequestTimeoutNs = 5_000_000 });
            _sim.CreateCore("device").Start(DeviceLoopAsync);
        }

        public I3cBus Bus { get; }

        public MctpMux Device { get; }

        public EchoDevice Echo { get; }

        public MctpI3cTargetTransport Transport { get; }

        public MctpHostEndpoint Host { get; }

        public static byte[] Answer(byte[] request)
        {
            var answer = new byte[request.Length];
            for (var i = 0; i < request.Length; i++)
            {
                answer[i] = (byte)~request[i];
            }

            answer[0] = request[0];
            return answer;
        }

        /// <summary>Runs the device's service round now (after the test queued something on the device).</summary>
        public void Service() => Transport.Service(_sim.Now);

        public void RunHost(Func<MctpHostEndpoint, Task> body)
        {
            var core = _sim.CreateCore("bmc");
            core.Start(async () =>
            {
                await body(Host);
                Host.Stop();
            });
            _sim.RunUntilIdle(5_000_000);
            Assert.True(core.State == SimCoreState.Completed, $"{core.State} {core.Fault}");
        }

        private async Task DeviceLoopAsync()
        {
            while (true)
            {
                Transport.Service(_sim.Now);
                if (Transport.NeedsService)
                {
                    await _sim.Delay(1_000);
                    continue;
                }

                await _port.WaitForActivity();
            }
        }
    }

    /// <summary>Answers every SPDM request with its bytes inverted (type byte kept).</summary>
    private sealed class EchoDevice(MctpMux mux) : IMctpMessageSink
    {
        public List<(byte Source, byte Tag, byte[] Message)> Requests { get; } = [];

        public List<byte[]> Responses { get; } = [];

        public Action? OnEachRequest { get; set; }

        public bool OnRequest(byte sourceEid, byte tag, ReadOnlySpan<byte> message)
        {
            Requests.Add((sourceEid, tag, message.ToArray()));
            OnEachRequest?.Invoke();
            return mux.TrySendResponse(sourceEid, tag, Rig.Answer(message.ToArray()), null, 0) == MctpSendStatus.Queued;
        }

        public void OnResponse(uint cookie, byte sourceEid, byte tag, ReadOnlySpan<byte> message) => Responses.Add(message.ToArray());

        public void OnRequestTimedOut(uint cookie, byte peerEid, byte tag)
        {
        }

        public void OnTransmitted(uint cookie, byte destinationEid, byte tag, bool tagOwner)
        {
        }
    }
}
