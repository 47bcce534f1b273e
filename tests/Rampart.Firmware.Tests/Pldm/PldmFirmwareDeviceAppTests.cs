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
        var images = SocImage.DefaultTable();
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
        await using var rig = new Rig(SocImage.DefaultTable());
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
        await using var rig = new Rig(SocImage.DefaultTable());
        var request = new byte[PldmHeader.Length];
        PldmHeader.Request(3, PldmType.Base, (byte)BaseCommand.GetPldmTypes).TryWrite(request, out _);

        var response = await rig.AskAsync(request);

        Assert.Equal(WireStatus.Done, GetPldmTypesResponse.TryRead(response.AsSpan(PldmHeader.Length), out var types, out _));
        Assert.True(types.Supports(PldmType.FirmwareUpdate));
        Assert.Equal(0x03, response[0]);
    }

    [Fact]
    public void The_authorize_and_stash_request_carries_the_checksum_over_command_and_payload()
    {
        var request = new byte[AuthorizeAndStash.RequestLength];
        AuthorizeAndStash.WriteRequest(0x0102_0304, request);

        uint sum = 0x41 + 0x54 + 0x53 + 0x48;
        foreach (var b in request.AsSpan(4))
        {
            sum += b;
        }

        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(request) + sum);
        Assert.Equal(0x0102_0304u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(4)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(8)));
    }

    [Theory]
    [InlineData(0xDEADC0DEu, true, true)]
    [InlineData(0x21523F21u, true, false)]
    [InlineData(0xDEADC0DEu, false, false)]
    public void The_authorize_and_stash_response_is_checked(uint auth, bool goodChecksum, bool expected)
    {
        var response = FakePort.Response(auth);
        if (!goodChecksum)
        {
            response[0] ^= 1;
        }

        Assert.Equal(expected, AuthorizeAndStash.IsAuthorized(response));
        Assert.False(AuthorizeAndStash.IsAuthorized(response.AsSpan(0, 8)));
    }

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

        public static byte[] Response(uint auth)
        {
            var response = new byte[AuthorizeAndStash.ResponseLength];
            BinaryPrimitives.WriteUInt32LittleEndian(response.AsSpan(8), auth);
            uint sum = 0;
            foreach (var b in response.AsSpan(4))
            {
                sum += b;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(response, 0u - sum);
            return response;
        }

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
                return default;
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

        public ValueTask<bool?> AuthorizeAndStashAsync(uint fwId)
        {
            Authorized.Add(fwId);
            return ValueTask.FromResult<bool?>(AuthorizeAndStash.IsAuthorized(Response(Deny ? 0u : AuthorizeAndStash.Authorized)));
        }

        private async ValueTask<bool> Send(int length)
        {
            await ToAgent.Writer.WriteAsync(_transmit[..length]);
            return true;
        }
    }
}
