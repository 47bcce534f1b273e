using System.Buffers.Binary;
using System.Threading.Channels;
using Rampart.Firmware.Mcu.Apps.Pldm;
using Rampart.Hal.Time;
using Rampart.Protocols.Pldm;
using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Firmware.Tests.Pldm;

public class PldmFirmwareDeviceAppTests
{
    private const byte AgentEid = 8;

    [Fact]
    public async Task The_app_pulls_both_images_into_their_load_addresses_and_has_each_authorized()
    {
        var images = Table();
        await using var rig = new Rig(images);
        var a = Image(3000, 1);
        var b = Image(777, 2);

        var result = await rig.UpdateAsync(Plan(a, b));

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(a, rig.Port.Read(images[0].LoadAddress, a.Length));
        Assert.Equal(b, rig.Port.Read(images[1].LoadAddress, b.Length));
        Assert.Equal([images[0].FwId, images[1].FwId], rig.Port.Authorized);
    }

    [Fact]
    public async Task A_denied_authorization_fails_verification()
    {
        await using var rig = new Rig(Table());
        rig.Port.Deny = true;

        var result = await rig.UpdateAsync(Plan(Image(100, 1), Image(100, 2)));

        Assert.Equal(UpdateAgentStatus.VerifyFailed, result.Status);
        Assert.Equal((PldmCompletionCode)VerifyResult.FailedSecurityChecks, result.CompletionCode);
    }

    [Fact]
    public async Task An_image_larger_than_its_load_region_is_declined()
    {
        var images = new[] { new SocImage(0x0001, 1, 0x4000_0000, 256), new SocImage(0x0002, 2, 0x4010_0000, 256) };
        await using var rig = new Rig(images);

        var result = await rig.UpdateAsync(Plan(Image(300, 1), Image(100, 2)));

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Null(rig.Port.Read(images[0].LoadAddress, 1));
        Assert.Equal([2u], rig.Port.Authorized);
    }

    [Fact]
    public async Task Base_discovery_requests_are_answered_by_the_app()
    {
        await using var rig = new Rig(Table());
        var request = new byte[PldmHeader.Length];
        PldmHeader.Request(3, PldmType.Base, (byte)BaseCommand.GetPldmTypes).TryWrite(request, out _);

        var response = await rig.AskAsync(request);

        Assert.Equal(WireStatus.Done, GetPldmTypesResponse.TryRead(response.AsSpan(PldmHeader.Length), out var types, out _));
        Assert.True(types.Supports(PldmType.FirmwareUpdate));
        Assert.Equal(0x03, response[0]);
    }

    [Fact]
    public async Task The_table_is_what_caliptra_has_in_the_manifest_within_soc_memory()
    {
        var port = new FakePort { LoadAddresses = { [0x10] = 0x8000_0000, [0x11] = 0x8001_0000, [0x2] = 0x2000_0000, [0x12] = 0x1000_0000 } };

        var table = await SocImage.DiscoverAsync(port);

        Assert.Equal([0x10u, 0x11u], table.Select(i => i.FwId));
        Assert.Equal((ushort)0x11, table[1].ComponentIdentifier);
        Assert.Equal(0x8001_0000ul, table[1].LoadAddress);
        Assert.Equal((uint)(Hal.Boot.SocMemoryMap.SocImageSize - 0x1_0000), table[1].MaxSize);
    }

    [Fact]
    public async Task Authorization_asks_caliptra_to_hash_the_whole_component()
    {
        var images = Table();
        await using var rig = new Rig(images);

        var result = await rig.UpdateAsync(Plan(Image(3000, 1), Image(777, 2)));

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal([3000u, 777u], rig.Port.AuthorizedSizes);
    }

    private static SocImage[] Table() =>
    [
        new(0x0001, 0x0000_0001, 0x8000_0000, 0x0010_0000),
        new(0x0002, 0x0000_0002, 0x8010_0000, 0x0010_0000),
    ];

    private static byte[] Image(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)((i * 7) + seed)).ToArray();

    private static UpdatePlan Plan(byte[] a, byte[] b) => new()
    {
        TargetDescriptors = [new UpdatePlanDescriptor(DescriptorType.IanaEnterpriseId, new byte[] { 0x7F, 0xA6, 0x00, 0x00 })],
        Components =
        [
            new UpdatePlanComponent { Classification = ComponentClassification.Firmware, Identifier = 0x0001, Image = a },
            new UpdatePlanComponent { Classification = ComponentClassification.Firmware, Identifier = 0x0002, Image = b },
        ],
    };

    /// <summary>The app service on a fake port, linked to an update agent by two channels; time stands still.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _service;

        public Rig(SocImage[] images)
        {
            _service = Task.Run(() => new PldmDeviceService(Port, images).RunAsync(_stop.Token));
        }

        public FakePort Port { get; } = new();

        public async Task<UpdateAgentResult> UpdateAsync(UpdatePlan plan)
        {
            var agent = new UpdateAgentEngine(new AgentSide(Port), new StillClock());
            return await agent.RunAsync(plan).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        public async Task<byte[]> AskAsync(byte[] request)
        {
            await Port.ToApp.Writer.WriteAsync((PortEventKind.Request, request));
            return await Port.ToAgent.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            Port.ToApp.Writer.TryWrite((PortEventKind.Timeout, []));
            await _service.WaitAsync(TimeSpan.FromSeconds(30));
            _stop.Dispose();
        }
    }

    private sealed class StillClock : IClock
    {
        public long Now => 0;
    }

    private sealed class AgentSide(FakePort port) : IPldmTransport
    {
        public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            PldmHeader.TryRead(message.Span, out var header, out _);
            await port.ToApp.Writer.WriteAsync((header.IsRequest ? PortEventKind.Request : PortEventKind.Response, message.ToArray()), cancellationToken);
            return true;
        }

        public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, long deadline, CancellationToken cancellationToken)
        {
            var message = await port.ToAgent.Reader.ReadAsync(cancellationToken);
            message.CopyTo(buffer);
            return message.Length;
        }
    }

    private sealed class FakePort : IPldmAppPort
    {
        private readonly byte[] _transmit = new byte[2048];
        private readonly Dictionary<ulong, byte> _memory = [];
        private byte[] _received = [];

        public Channel<(PortEventKind Kind, byte[] Message)> ToApp { get; } = Channel.CreateUnbounded<(PortEventKind, byte[])>();

        public Channel<byte[]> ToAgent { get; } = Channel.CreateUnbounded<byte[]>();

        public List<uint> Authorized { get; } = [];

        public bool Deny { get; set; }

        public long Now => 0;

        public Span<byte> Transmit => _transmit;

        public ReadOnlySpan<byte> Received => _received;

        public List<uint> AuthorizedSizes { get; } = [];

        public Dictionary<uint, ulong> LoadAddresses { get; } = [];

        public byte[]? Read(ulong address, int length)
        {
            var bytes = new byte[length];
            for (var i = 0; i < length; i++)
            {
                if (!_memory.TryGetValue(address + (ulong)i, out bytes[i]))
                {
                    return null;
                }
            }

            return bytes;
        }

        public async ValueTask<PortEvent> ReceiveAsync(long deadline, CancellationToken cancellationToken)
        {
            if (deadline <= Now)
            {
                return PortEvent.Timeout;
            }

            var (kind, message) = await ToApp.Reader.ReadAsync(CancellationToken.None);
            _received = message;
            return new PortEvent(kind, message.Length, AgentEid, 1);
        }

        public ValueTask<bool> SendRequestAsync(byte destinationEid, int length)
        {
            Assert.Equal(AgentEid, destinationEid);
            return Send(length);
        }

        public ValueTask<bool> SendResponseAsync(byte destinationEid, byte tag, int length) => Send(length);

        public bool WriteSocMemory(ulong address, ReadOnlySpan<byte> data)
        {
            for (var i = 0; i < data.Length; i++)
            {
                _memory[address + (ulong)i] = data[i];
            }

            return true;
        }

        public ValueTask<bool?> AuthorizeAndStashAsync(uint fwId, uint imageSize)
        {
            Authorized.Add(fwId);
            AuthorizedSizes.Add(imageSize);
            return ValueTask.FromResult<bool?>(!Deny);
        }

        public ValueTask<ulong?> GetLoadAddressAsync(uint fwId) =>
            ValueTask.FromResult(LoadAddresses.TryGetValue(fwId, out var address) ? address : (ulong?)null);

        private async ValueTask<bool> Send(int length)
        {
            await ToAgent.Writer.WriteAsync(_transmit[..length]);
            return true;
        }
    }
}
