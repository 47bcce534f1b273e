using CsCheck;
using Rampart.Kernel.Abi;
using Rampart.Platform.Peripherals;
using Rampart.Wire.Doe;

namespace Rampart.Firmware.Tests.Capsules;

/// <summary>
/// What the DOE SPDM capsule does with objects it cannot serve — discarded silently when the
/// header's Length disagrees with the dwords (PCIe 6.x §6.30.1), the Error bit otherwise — with
/// Abort, and with listeners that refuse, die or change; after each, the next good object is served.
/// </summary>
public sealed class DoeSpdmCapsuleRecoveryTests
{
    private static readonly uint[] Good = DoeHostSide.Object(DoeDataObjectType.Spdm, [0x12, 0x84, 0x00, 0x00]);

    [Theory]
    [InlineData("length field 1", new uint[] { 0x0001_0001, 1, 0x8412 })]
    [InlineData("length field 0, meaning 2^18 dwords", new uint[] { 0x0001_0001, 0, 0x8412 })]
    [InlineData("length larger than the dwords written", new uint[] { 0x0001_0001, 5, 0x8412 })]
    [InlineData("length smaller than the dwords written", new uint[] { 0x0001_0001, 2, 0x8412 })]
    [InlineData("half a header", new uint[] { 0x0001_0001 })]
    [InlineData("nothing written", new uint[0])]
    public void The_mailbox_discards_an_object_whose_length_disagrees_with_the_dwords_silently(string name, uint[] written)
    {
        var app = new DoeApp();
        using var bench = new DoeBench(app);

        bench.Exchange(written);

        Assert.True(bench.Status == 0, name);
        Assert.Empty(app.Received);
        Assert.Equal(1, bench.Mailbox.Counters.BadLength);
        bench.AssertServesNext(app);
    }

    [Theory]
    [InlineData("a vendor other than PCI-SIG", new uint[] { 0x0001_1AB4, 3, 0x8412 })]
    [InlineData("a PCI-SIG type it does not know", new uint[] { 0x0003_0001, 3, 0x8412 })]
    [InlineData("the reserved byte of dword 0 set", new uint[] { 0x0101_0001, 3, 0x8412 })]
    [InlineData("a reserved length bit set", new uint[] { 0x0001_0001, 3 | (1 << 18), 0x8412 })]
    public void An_object_it_cannot_answer_gets_the_error_bit_and_after_abort_the_next_is_served(string name, uint[] written)
    {
        var app = new DoeApp();
        using var bench = new DoeBench(app);

        bench.Exchange(written);

        Assert.True(bench.Status == DoeMailbox.ErrorBit, name);
        Assert.Empty(app.Received);
        Assert.Equal(1, bench.Capsule.Unsupported);
        bench.Mailbox.Abort();
        bench.AssertServesNext(app);
    }

    [Theory]
    [InlineData("a truncated header", new byte[] { 0x01, 0x00, 0x01, 0x00 })]
    [InlineData("seven bytes", new byte[] { 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00 })]
    [InlineData("length field 1", new byte[] { 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10, 0x84, 0x00, 0x00 })]
    [InlineData("length field 0", new byte[] { 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x84, 0x00, 0x00 })]
    [InlineData("4 dwords said, 3 delivered", new byte[] { 0x01, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x10, 0x84, 0x00, 0x00 })]
    [InlineData("2 dwords said, 3 delivered", new byte[] { 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x10, 0x84, 0x00, 0x00 })]
    public void The_capsule_discards_what_a_mailbox_delivers_with_a_length_its_header_does_not_match(string name, byte[] delivered)
    {
        var doe = new FakeDoeResponder();
        var board = new CapsuleBoard(doe: doe);
        var app = new DoeApp();
        board.Load("spdm", app);

        doe.Submit(delivered);
        board.PumpDoe();

        Assert.True(doe.Discarded == 1, name);
        Assert.Equal(0, doe.Refused);
        Assert.Empty(doe.Responses);
        Assert.Empty(app.Received);
        Assert.Equal(1, board.Doe!.Discarded);

        doe.Submit(DoeHostSide.Bytes(Good));
        board.PumpDoe();
        Assert.Equal(DoeHostSide.Bytes(Good), Assert.Single(app.Received).Object);
        Assert.Equal(DoeApp.Reply(DoeHostSide.Bytes(Good)), Assert.Single(doe.Responses));
    }

    [Fact]
    public void Random_objects_never_throw_and_each_is_answered_discarded_or_refused()
    {
        var objects = Gen.Select(Gen.UShort[0, 2], Gen.Byte[0, 3], Gen.Int[-2, 2], Gen.Byte.Array[0, 24], Gen.Bool, (vendor, type, skew, data, raw) =>
            {
                if (raw)
                {
                    return data;
                }

                var dwords = DoeHostSide.VendorObject(vendor, type, DoeHostSide.Dwords(data));
                dwords[1] = (uint)Math.Max(0, (int)dwords[1] + skew);
                return DoeHostSide.Bytes(dwords);
            });
        objects.Array[1, 12].Sample(batch =>
        {
            var doe = new FakeDoeResponder();
            var board = new CapsuleBoard(doe: doe);
            board.Load("spdm", new DoeApp());
            foreach (var dataObject in batch)
            {
                doe.Submit(dataObject);
                board.PumpDoe();
                Assert.False(doe.Busy);
            }

            Assert.Equal(batch.Length, doe.Responses.Count + doe.Refused + doe.Discarded);
            var capsule = board.Doe!;
            Assert.Equal(batch.Length, capsule.Answered + capsule.DiscoveryAnswered + capsule.Unsupported + capsule.Unserved + capsule.Discarded);
        }, iter: 60);
    }

    [Fact]
    public void Abort_clears_a_half_written_request()
    {
        var app = new DoeApp();
        using var bench = new DoeBench(app);

        bench.Mailbox.Send(DoeHostSide.Object(DoeDataObjectType.Spdm, [0xEE, 0xEE, 0xEE, 0xEE])[..2], go: false);
        bench.Mailbox.Abort();
        bench.Board.PumpDoe();
        Assert.Empty(app.Received);

        bench.AssertServesNext(app);
        Assert.Equal(DoeHostSide.Bytes(Good), Assert.Single(app.Received).Object);
    }

    [Fact]
    public void An_object_aborted_while_the_app_serves_it_is_dropped_and_the_late_answer_refused()
    {
        var hold = new TaskCompletionSource<byte[]?>();
        var app = new DoeApp { Hold = hold };
        using var bench = new DoeBench(app);
        var first = DoeHostSide.Object(DoeDataObjectType.Spdm, [0x01, 0x01, 0x01, 0x01]);
        var second = DoeHostSide.Object(DoeDataObjectType.Spdm, [0x02, 0x02, 0x02, 0x02]);
        var third = DoeHostSide.Object(DoeDataObjectType.Spdm, [0x03, 0x03, 0x03, 0x03]);

        bench.Exchange(first);
        Assert.Equal(DoeMailbox.BusyBit, bench.Status);

        // The host gives up on it twice; the second object is aborted before the app could take it.
        bench.Mailbox.Abort();
        bench.Exchange(second);
        bench.Mailbox.Abort();
        bench.Exchange(third);
        Assert.Equal(2, bench.Capsule.Abandoned);

        hold.SetResult(DoeApp.Reply(DoeHostSide.Bytes(first)));
        bench.Board.PumpDoe();

        Assert.Equal(ErrorCode.Invalid, app.Sent[0].Error);
        Assert.Equal([DoeHostSide.Bytes(first), DoeHostSide.Bytes(third)], app.Received.Select(r => r.Object));
        Assert.Equal(DoeHostSide.Dwords(DoeApp.Reply(DoeHostSide.Bytes(third))), bench.Mailbox.ReadAnswer());
    }

    [Fact]
    public void When_the_listener_dies_mid_object_an_abort_and_the_next_object_get_the_error_bit_not_a_wedged_mailbox()
    {
        using var bench = new DoeBench();
        var dying = new DoeApp { Hold = new TaskCompletionSource<byte[]?>() };
        var pid = bench.Board.Load("dying", dying);
        bench.Exchange(Good);
        Assert.Single(dying.Received);

        bench.Board.Kernel.StopProcess(pid, bench.Board.Capabilities.ProcessManagement);
        bench.Mailbox.Abort();
        bench.Exchange(Good);

        Assert.Equal(DoeMailbox.ErrorBit, bench.Status);
        Assert.Equal(1, bench.Capsule.Abandoned);
        Assert.Equal(1, bench.Capsule.Unserved);
        bench.Mailbox.Abort();
        var next = new DoeApp();
        bench.Board.Load("next", next);
        bench.AssertServesNext(next);
    }

    [Fact]
    public void A_new_listener_arming_while_an_object_is_served_refuses_it_since_it_cannot_answer_it()
    {
        var old = new DoeApp { Hold = new TaskCompletionSource<byte[]?>() };
        using var bench = new DoeBench(old);
        bench.Exchange(Good);
        Assert.Single(old.Received);

        // A restarted app has a new process id: it arms as a new listener.
        var restarted = new DoeApp();
        bench.Board.Load("restarted", restarted);
        bench.Board.PumpDoe();

        Assert.Equal(DoeMailbox.ErrorBit, bench.Status);
        Assert.Equal(1, bench.Capsule.Unserved);
        bench.Mailbox.Abort();
        bench.AssertServesNext(restarted);
        Assert.Single(old.Received);
    }

    [Fact]
    public void An_object_the_app_refuses_gets_the_error_bit()
    {
        var app = new DoeApp { Answer = _ => null };
        using var bench = new DoeBench(app);

        bench.Exchange(Good);

        Assert.Equal(DoeMailbox.ErrorBit, bench.Status);
        Assert.Equal(1, bench.Capsule.Unserved);
        bench.Mailbox.Abort();
        app.Answer = DoeApp.Reply;
        bench.AssertServesNext(app);
    }

    [Fact]
    public void An_object_larger_than_the_app_s_buffer_is_size_to_the_app_and_the_error_bit_to_the_host()
    {
        var app = new DoeApp(rxBytes: 12);
        using var bench = new DoeBench(app);

        bench.Exchange(DoeHostSide.Object(DoeDataObjectType.Spdm, new byte[8]));

        var (result, _) = Assert.Single(app.Received);
        Assert.Equal(ErrorCode.Size, result.Error);
        Assert.Equal(DoeMailbox.ErrorBit, bench.Status);
        bench.Mailbox.Abort();
        bench.AssertServesNext(app);
    }

    [Fact]
    public void With_no_listener_an_spdm_object_gets_the_error_bit()
    {
        using var bench = new DoeBench();

        bench.Exchange(Good);

        Assert.Equal(DoeMailbox.ErrorBit, bench.Status);
        Assert.Equal(1, bench.Capsule.Unserved);
    }
}
