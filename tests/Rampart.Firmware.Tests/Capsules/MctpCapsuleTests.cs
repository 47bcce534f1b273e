using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;

namespace Rampart.Firmware.Tests.Capsules;

public sealed class MctpCapsuleTests
{
    [Theory]
    [InlineData(DriverNumbers.MctpSpdm)]
    [InlineData(DriverNumbers.MctpSecuredSpdm)]
    [InlineData(DriverNumbers.MctpPldm)]
    [InlineData(DriverNumbers.MctpCaliptraVdm)]
    public void Every_virtual_driver_is_present_and_reports_its_max_message_size(uint driver)
    {
        var board = new CapsuleBoard();
        var app = new HolderApp();
        board.Load("holder", app);
        var syscalls = app.Syscalls!;
        Assert.True(syscalls.Command(driver, MctpDriverAbi.CommandPresent, 0, 0).IsSuccess);
        Assert.Equal(SyscallReturn.SuccessU32(4096), syscalls.Command(driver, MctpDriverAbi.CommandMaxMessageSize, 0, 0));
        Assert.Equal(ErrorCode.NoSupport, syscalls.Command(driver, 6, 0, 0).Error);
        Assert.Equal(ErrorCode.NoSupport, syscalls.Command(driver, 0xFF, 0, 0).Error);
    }

    [Fact]
    public void Sends_without_a_tx_buffer_are_reserve_and_receives_without_a_buffer_too()
    {
        var board = new CapsuleBoard();
        var app = new HolderApp();
        board.Load("holder", app);
        var s = app.Syscalls!;
        Assert.Equal(ErrorCode.Reserve, s.Command(DriverNumbers.MctpSpdm, MctpDriverAbi.CommandSendRequest, 0x08, 0).Error);
        Assert.Equal(ErrorCode.Reserve, s.Command(DriverNumbers.MctpSpdm, MctpDriverAbi.CommandSendResponse, 0x08, 1).Error);
        Assert.Equal(ErrorCode.Reserve, s.Command(DriverNumbers.MctpSpdm, MctpDriverAbi.CommandReceiveRequest, 0, 0).Error);
        Assert.Equal(ErrorCode.Reserve, s.Command(DriverNumbers.MctpSpdm, MctpDriverAbi.CommandReceiveResponse, 0, 0).Error);
    }

    [Fact]
    public void An_oversize_message_is_size()
    {
        var board = new CapsuleBoard();
        var app = new HolderApp();
        board.Load("holder", app);
        var s = app.Syscalls!;
        s.Memory[0] = 0x05;
        Assert.True(s.AllowReadOnly(DriverNumbers.MctpSpdm, MctpDriverAbi.TxBuffer, new AppSlice(0, 4097)).IsSuccess);
        Assert.Equal(ErrorCode.Size, s.Command(DriverNumbers.MctpSpdm, MctpDriverAbi.CommandSendRequest, 0x08, 0).Error);
        Assert.False(board.Mctp.Mux.HasPendingTransmit);
    }

    [Theory]
    [InlineData("type of another driver", 0x01, 0x08u, 0u, MctpDriverAbi.CommandSendRequest)]
    [InlineData("EID above 255", 0x05, 0x108u, 0u, MctpDriverAbi.CommandSendRequest)]
    [InlineData("tag above 7", 0x05, 0x08u, 8u, MctpDriverAbi.CommandSendResponse)]
    public void Bad_send_arguments_are_inval(string name, byte type, uint eid, uint tag, uint command)
    {
        var board = new CapsuleBoard();
        var app = new HolderApp();
        board.Load("holder", app);
        var s = app.Syscalls!;
        s.Memory[0] = type;
        s.AllowReadOnly(DriverNumbers.MctpSpdm, MctpDriverAbi.TxBuffer, new AppSlice(0, 8));
        Assert.True(s.Command(DriverNumbers.MctpSpdm, command, eid, tag).Error == ErrorCode.Invalid, name);
    }

    [Fact]
    public void A_request_for_a_type_with_no_listener_is_dropped_and_counted()
    {
        var board = new CapsuleBoard();
        board.AssignEid();
        board.Host.TrySendRequest(CapsuleBoard.DeviceEid, [0x01, 0x80, 0x01], board.HostSink, 0, out _);
        board.Pump();
        var pldm = board.Mctp.Driver(DriverNumbers.MctpPldm)!;
        Assert.Equal(1, pldm.RequestsDroppedNoListener);
        Assert.Equal(1, board.Mctp.Mux.Counters.RequestsUnrouted);
        Assert.DoesNotContain(board.HostSink.Responses, r => r.Message[0] == 0x01);
    }

    [Fact]
    public void Control_is_answered_in_the_kernel()
    {
        var board = new CapsuleBoard();
        board.AssignEid();
        board.Host.TrySendRequest(CapsuleBoard.DeviceEid, [0x00, 0x81, 0x05], board.HostSink, 0, out _);
        board.Pump();
        Assert.Equal([0x00, 0x01, 0x05, 0x00, 0x05, 0x00, 0x01, 0x05, 0x06, 0x7F], board.HostSink.Responses[^1].Message);
        Assert.Equal(CapsuleBoard.DeviceEid, board.HostSink.Responses[^1].Source);
    }

    [Fact]
    public void An_app_answers_a_1_KiB_request_then_asks_the_host_and_gets_the_answer()
    {
        var board = new CapsuleBoard();
        board.AssignEid();
        var app = new ResponderApp();
        board.Load("spdm", app);

        var request = new byte[1024];
        for (var i = 0; i < request.Length; i++)
        {
            request[i] = (byte)(i * 3);
        }

        request[0] = 0x05;
        board.Host.TrySendRequest(CapsuleBoard.DeviceEid, request, board.HostSink, 0, out var tag);
        board.Pump();

        Assert.Equal(MctpReceiveResult(null, 1024, CapsuleBoard.HostEid, tag), app.Received);
        var response = board.HostSink.Responses[^1];
        Assert.Equal(tag, response.Tag);
        Assert.Equal(request.Select(b => (byte)(b ^ 0xFF)).Skip(1).Prepend((byte)0x05), response.Message);

        // The app's own request reached the host; answer it.
        var ask = Assert.Single(board.HostSink.Requests);
        Assert.Equal([0x05, 0x12, 0x34], ask.Message);
        Assert.Equal(ask.Tag, app.Sent!.Tag);
        board.Host.TrySendResponse(ask.Source, ask.Tag, [0x05, 0x56], null, 0);
        board.Pump();
        Assert.Equal(MctpReceiveResult(null, 2, CapsuleBoard.HostEid, ask.Tag), app.Answer);
        Assert.Equal([0x05, 0x56], app.AnswerBytes);
        Assert.Equal(0, board.Mctp.Mux.Requests.Outstanding);
        Assert.Equal(0, board.Mctp.Mux.Counters.TotalDropped);
    }

    [Fact]
    public void An_unanswered_app_request_times_out_with_noack()
    {
        var board = new CapsuleBoard(new Mcu.Runtime.Capsules.MctpMuxCapsuleOptions { Mux = new Protocols.Mctp.MctpMuxOptions { RequestTimeoutNs = 1000 } });
        board.AssignEid();
        var app = new ResponderApp();
        board.Load("spdm", app);
        board.Host.TrySendRequest(CapsuleBoard.DeviceEid, [0x05, 0x01], board.HostSink, 0, out _);
        Assert.Equal(long.MaxValue, board.Mctp.NextServiceAt(board.Now, 50));
        board.Pump();
        Assert.Single(board.HostSink.Requests);

        // Idle but for the app's outstanding request: the mux needs the core again only when it expires.
        var deadline = board.Mctp.Mux.Requests.NextDeadline;
        Assert.Equal(1, board.Mctp.Mux.Requests.Outstanding);
        Assert.InRange(deadline, board.Now, board.Now + 1000);
        Assert.Equal(deadline, board.Mctp.NextServiceAt(board.Now, 50));
        board.Now = 10_000;
        board.Pump();
        Assert.Equal(ErrorCode.NoAck, app.Answer!.Error);
        Assert.Equal(0, board.Mctp.Mux.Requests.Outstanding);
        Assert.Equal(long.MaxValue, board.Mctp.Mux.Requests.NextDeadline);
    }

    private static MctpReceiveResult MctpReceiveResult(ErrorCode? error, int length, byte source, byte tag) => new(error, length, source, tag);

    /// <summary>Answers one SPDM request with its bytes inverted, then sends its own request and awaits the response.</summary>
    private sealed class ResponderApp : IApp
    {
        public MctpReceiveResult? Received { get; private set; }

        public MctpSendResult? Sent { get; private set; }

        public MctpReceiveResult? Answer { get; private set; }

        public byte[]? AnswerBytes { get; private set; }

        public async Task RunAsync(ISyscalls syscalls)
        {
            var client = new MctpClient(syscalls, DriverNumbers.MctpSpdm);
            var rx = new AppSlice(0, 4096);
            var received = await client.ReceiveRequestAsync(rx);
            Received = received;
            var memory = syscalls.Memory;
            for (var i = 1; i < received.Length; i++)
            {
                memory[i] ^= 0xFF;
            }

            await client.SendResponseAsync(received.SourceEid, received.Tag, new AppSlice(0, received.Length));
            memory = syscalls.Memory;
            memory[5000] = 0x05;
            memory[5001] = 0x12;
            memory[5002] = 0x34;
            Sent = await client.SendRequestAsync(received.SourceEid, new AppSlice(5000, 3));
            var answer = await client.ReceiveResponseAsync(new AppSlice(6000, 256));
            Answer = answer;
            AnswerBytes = syscalls.Memory.Slice(6000, answer.Length).ToArray();
        }
    }
}
