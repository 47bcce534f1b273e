using Rampart.Firmware.Mcu.Apps.Spdm;
using Rampart.Firmware.Mcu.Runtime.Capsules;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Wire.Doe;

namespace Rampart.Firmware.Tests.Capsules;

/// <summary>
/// The DOE SPDM capsule (driver 0xA000_0010) in a kernel, over the chip's DOE mailbox driven
/// register by register as a host would: SPDM objects reach the app whole and its answers go back
/// as the app framed them, DOE Discovery is answered in the kernel, and the driver's commands.
/// </summary>
public sealed class DoeSpdmCapsuleTests
{
    // Five bytes of SPDM: the object pads them to two dwords.
    private static readonly byte[] Spdm = [0x12, 0x84, 0x00, 0x00, 0xAB];

    [Theory]
    [InlineData(DoeDataObjectType.Spdm)]
    [InlineData(DoeDataObjectType.SecuredSpdm)]
    public void An_spdm_object_reaches_the_app_whole_and_its_answer_goes_back_under_its_doe_header(DoeDataObjectType type)
    {
        using var bench = new DoeBench();
        var doe = bench.Mailbox;
        var app = new DoeApp { Answer = _ => DoeHostSide.Bytes(DoeHostSide.Object(type, [0x12, 0x04, 0x00, 0x00, 0x00, 0x01])) };
        bench.Board.Load("spdm", app);

        bench.Exchange(DoeHostSide.Object(type, Spdm));

        var (result, received) = Assert.Single(app.Received);
        Assert.Null(result.Error);
        Assert.Equal(16, result.Length);
        Assert.Equal((byte)type, result.Tag);
        Assert.Equal([0x01, 0x00, (byte)type, 0x00, 4, 0, 0, 0, 0x12, 0x84, 0x00, 0x00, 0xAB, 0, 0, 0], received);
        Assert.Equal([0x0001u | ((uint)type << 16), 4u, 0x0000_0412u, 0x0000_0100u], doe.ReadAnswer());
        Assert.Equal(0u, doe.Status());
        Assert.Null(Assert.Single(app.Sent).Error);
        Assert.Equal(1, bench.Capsule.ObjectsDelivered);
        Assert.Equal(1, bench.Capsule.Answered);
    }

    [Fact]
    public void The_runtime_s_spdm_app_answers_get_version_in_a_padded_type_1_object_and_refuses_a_record_for_no_session()
    {
        using var bench = new DoeBench();
        var doe = bench.Mailbox;
        bench.Board.Load("spdm", new SpdmResponderApp(), memory: 65536);

        bench.Exchange(DoeHostSide.Object(DoeDataObjectType.Spdm, [0x10, 0x84, 0x00, 0x00]));
        var answer = doe.ReadAnswer();

        Assert.True(answer.Length >= 3, "no answer");
        Assert.Equal(0x0001_0001u, answer[0]);
        Assert.Equal((uint)answer.Length, answer[1]);
        var body = DoeHostSide.Bytes(answer).AsSpan(8);
        Assert.Equal(0x04, body[1]);
        var spdmLength = 6 + (2 * body[5]);
        Assert.Equal((spdmLength + 3) / 4, answer.Length - 2);
        Assert.All(body[spdmLength..].ToArray(), b => Assert.Equal(0, b));

        // A DSP0277 record for a session that does not exist: no answer, the Error bit.
        bench.Exchange(DoeHostSide.Object(DoeDataObjectType.SecuredSpdm, [0xFF, 0xFF, 0xFF, 0xFF, 0x04, 0x00, 1, 2, 3, 4]));
        Assert.Equal(DoeMailbox.ErrorBit, doe.Status());
        Assert.Equal(1, bench.Capsule.Unserved);
    }

    // Request dword: bits 7:0 index, 15:8 DOE Discovery Version (Linux sends 2 to a version-2
    // capability), 31:16 reserved (ignored). Answer dword: vendor, type, next index.
    [Theory]
    [InlineData(0x0000_0000u, 0x0100_0001u)]
    [InlineData(0x0000_0001u, 0x0201_0001u)]
    [InlineData(0x0000_0201u, 0x0201_0001u)]
    [InlineData(0x0000_0002u, 0x0002_0001u)]
    [InlineData(0x0000_0202u, 0x0002_0001u)]
    [InlineData(0x0000_0003u, 0x0000_FFFFu)]
    [InlineData(0x0000_0203u, 0x0000_FFFFu)]
    [InlineData(0x0000_00FFu, 0x0000_FFFFu)]
    [InlineData(0x0000_0100u, 0x0100_0001u)]
    [InlineData(0x55AA_0001u, 0x0201_0001u)]
    public void Discovery_names_the_protocol_at_each_index_and_the_next_one_and_vendor_ffff_past_the_last(uint request, uint expected)
    {
        using var bench = new DoeBench();
        var doe = bench.Mailbox;

        bench.Exchange(DoeHostSide.Object(0, request));

        Assert.Equal([0x0000_0001u, 3u, expected], doe.ReadAnswer());
        Assert.Equal(0u, doe.Status());
        Assert.Equal(1, bench.Capsule.DiscoveryAnswered);
        Assert.Equal(0, bench.Capsule.Unsupported);
    }

    [Fact]
    public void Following_next_index_from_0_lists_discovery_cma_spdm_and_secured_cma_spdm_then_ends()
    {
        using var bench = new DoeBench();
        var doe = bench.Mailbox;
        var protocols = new List<(uint Vendor, DoeDataObjectType Type)>();
        byte index = 0;
        do
        {
            bench.Exchange(DoeHostSide.Object(0, index));
            var answer = doe.ReadAnswer();
            Assert.Equal(3, answer.Length);
            protocols.Add((answer[2] & 0xFFFF, (DoeDataObjectType)(byte)(answer[2] >> 16)));
            index = (byte)(answer[2] >> 24);
        }
        while (index != 0 && protocols.Count < 8);

        Assert.Equal([(1u, DoeDataObjectType.Discovery), (1u, DoeDataObjectType.Spdm), (1u, DoeDataObjectType.SecuredSpdm)], protocols);
    }

    [Fact]
    public void A_discovery_object_without_its_request_dword_gets_the_error_bit_and_abort_clears_it()
    {
        using var bench = new DoeBench();
        var doe = bench.Mailbox;

        bench.Exchange(DoeHostSide.Object(0));

        Assert.Equal(DoeMailbox.ErrorBit, doe.Status());
        Assert.Equal(1, bench.Capsule.Unsupported);
        Assert.Equal(0, bench.Capsule.DiscoveryAnswered);
        doe.Abort();
        Assert.Equal(0u, doe.Status());
        bench.Exchange(DoeHostSide.Object(0, 1));
        Assert.Equal([0x0000_0001u, 3u, 0x0201_0001u], doe.ReadAnswer());
    }

    [Theory]
    [InlineData("the other SPDM type", 0)]
    [InlineData("a vendor other than PCI-SIG", 1)]
    [InlineData("a header length past what was sent", 2)]
    [InlineData("a header length short of what was sent", 3)]
    [InlineData("half a header", 4)]
    public void An_answer_the_app_framed_wrong_is_inval_and_the_object_is_still_served(string name, int kind)
    {
        using var bench = new DoeBench();
        var doe = bench.Mailbox;
        uint[] bad = kind switch
        {
            0 => DoeHostSide.Object(2, 0x0000_0412),
            1 => DoeHostSide.VendorObject(0x1AB4, 1, 0x0000_0412),
            2 => [0x0001_0001, 4, 0x0000_0412],
            3 => [0x0001_0001, 2, 0x0000_0412],
            _ => [0x0001_0001],
        };
        var app = new DoeApp { Answer = _ => DoeHostSide.Bytes(bad), Retry = DoeApp.Reply };
        bench.Board.Load("spdm", app);

        bench.Exchange(DoeHostSide.Object(DoeDataObjectType.Spdm, Spdm));

        Assert.Equal(2, app.Sent.Count);
        Assert.True(app.Sent[0].Error == ErrorCode.Invalid, name);
        Assert.Null(app.Sent[1].Error);
        Assert.Equal(DoeHostSide.Dwords(DoeApp.Reply(app.Received[0].Object)), doe.ReadAnswer());
        Assert.Equal(1, bench.Capsule.Answered);
    }

    [Fact]
    public void An_answer_too_large_for_the_mailbox_sets_the_error_bit_instead_of_leaving_the_host_waiting()
    {
        using var bench = new DoeBench(mailboxDwords: 8);
        var doe = bench.Mailbox;
        var app = new DoeApp { Answer = _ => DoeHostSide.Bytes(DoeHostSide.Object(DoeDataObjectType.Spdm, new byte[40])) };
        bench.Board.Load("spdm", app);

        bench.Exchange(DoeHostSide.Object(DoeDataObjectType.Spdm, Spdm));

        Assert.Single(app.Sent);
        Assert.Equal(DoeMailbox.ErrorBit, doe.Status());
        Assert.Equal(1, bench.Capsule.AnswersLost);
        Assert.Equal(0, bench.Capsule.Answered);
        doe.Abort();
        app.Answer = DoeApp.Reply;
        bench.Exchange(DoeHostSide.Object(DoeDataObjectType.Spdm, Spdm));
        Assert.Equal(4, doe.ReadAnswer().Length);
    }

    [Fact]
    public void The_driver_is_present_reports_its_object_size_and_refuses_commands_out_of_turn()
    {
        using var sim = new Simulator(1);
        var board = new CapsuleBoard(doe: new DoeMailbox(sim), doeMaxObjectBytes: 4160);
        var holder = new HolderApp();
        board.Load("holder", holder);
        var s = holder.Syscalls!;
        const uint driver = DriverNumbers.DoeSpdm;

        Assert.True(s.Command(driver, MctpDriverAbi.CommandPresent, 0, 0).IsSuccess);
        Assert.Equal(SyscallReturn.SuccessU32(4160), s.Command(driver, MctpDriverAbi.CommandMaxMessageSize, 0, 0));
        Assert.Equal(ErrorCode.Reserve, s.Command(driver, MctpDriverAbi.CommandReceiveRequest, 0, 0).Error);
        Assert.Equal(ErrorCode.Invalid, s.Command(driver, MctpDriverAbi.CommandSendResponse, 0, 0).Error);
        Assert.Equal(ErrorCode.Invalid, s.Command(driver, DoeSpdmCapsule.CommandRefuse, 0, 0).Error);
        Assert.Equal(ErrorCode.NoSupport, s.Command(driver, MctpDriverAbi.CommandSendRequest, 0, 0).Error);
        Assert.Equal(ErrorCode.NoSupport, s.Command(driver, 0xFF, 0, 0).Error);
    }
}
