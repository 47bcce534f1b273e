using Rampart.Hal.Peripherals;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Platform.Tests.Simulation;

namespace Rampart.Platform.Tests.Peripherals;

public sealed class SocMailboxTests
{
    private const uint Mcu = 0x1;
    private const uint OtherSoc = 0x2;
    private const uint Stranger = 0x77;
    private const uint Caliptra = SocMailbox.CaliptraRequester;

    [Fact]
    public void A_command_round_trips_between_two_cores()
    {
        using var sim = new Simulator(5);
        var mailbox = new SocMailbox(sim, [Mcu, OtherSoc], capacityBytes: 1024);
        var requester = mailbox.RequesterPort(Mcu);
        var responder = mailbox.ResponderPort();
        byte[]? answer = null;
        var caliptra = sim.CreateCore("caliptra");
        caliptra.Start(async () =>
        {
            await responder.WaitForCommand();
            Assert.True(responder.TryPeekCommand(out var command, out var length));
            Assert.Equal(0x4D43_5041u, command);
            var request = new byte[length];
            Assert.Equal(5, responder.ReadRequest(request));
            Assert.True(responder.TryRespond(request.Reverse().ToArray()));
        });
        SimHarness.RunOnCore(sim, async () =>
        {
            Assert.True(requester.TryAcquire());
            Assert.False(mailbox.RequesterPort(OtherSoc).TryAcquire());
            Assert.True(requester.TryExecute(0x4D43_5041, [1, 2, 3, 4, 5]));
            while (requester.Status == MailboxCommandStatus.Busy)
            {
                await requester.WaitForStatus();
            }

            Assert.Equal(MailboxCommandStatus.DataReady, requester.Status);
            var buffer = new byte[16];
            var n = requester.ReadResponse(buffer);
            answer = buffer[..n];
            requester.Release();
            Assert.Equal(MailboxFsmState.Idle, mailbox.State);
        }, "mcu");
        Assert.Equal([5, 4, 3, 2, 1], answer);
        Assert.Equal(SimCoreState.Completed, caliptra.State);
        Assert.Equal(1, mailbox.Counters.LockContended);
    }

    [Fact]
    public void Writing_without_the_lock_is_refused_and_counted()
    {
        using var sim = new Simulator(5);
        var mailbox = new SocMailbox(sim, [Mcu, OtherSoc], capacityBytes: 1024);
        Assert.False(mailbox.Write(Mcu, SocMailbox.CommandOffset, 1));
        Assert.False(mailbox.Write(Mcu, SocMailbox.DataInOffset, 1));
        Assert.False(mailbox.Write(Mcu, SocMailbox.ExecuteOffset, 0));
        Assert.Equal(3, mailbox.Counters.WithoutLock);
        Assert.Equal(MailboxFsmState.Idle, mailbox.State);
    }

    [Fact]
    public void A_wrong_requester_is_refused_and_counted()
    {
        using var sim = new Simulator(5);
        var mailbox = new SocMailbox(sim, [Mcu, OtherSoc], capacityBytes: 1024);
        Assert.Equal(1u, mailbox.Read(Stranger, SocMailbox.LockOffset));
        Assert.Equal(0u, mailbox.Read(Mcu, SocMailbox.LockOffset));
        Assert.False(mailbox.Write(OtherSoc, SocMailbox.CommandOffset, 9));
        Assert.False(mailbox.Write(Stranger, SocMailbox.CommandOffset, 9));
        Assert.True(mailbox.Write(Mcu, SocMailbox.CommandOffset, 9));
        Assert.Equal(3, mailbox.Counters.WrongRequester);
        Assert.Equal(Mcu, mailbox.Read(Mcu, SocMailbox.UserOffset));
        Assert.Equal(1u, mailbox.Read(Caliptra, SocMailbox.LockOffset));
        Assert.Equal(1, mailbox.Counters.LockContended);
    }

    [Fact]
    public void Oversized_lengths_and_data_are_refused_and_counted()
    {
        using var sim = new Simulator(5);
        var mailbox = new SocMailbox(sim, [Mcu], capacityBytes: 64);
        Assert.Equal(0u, mailbox.Read(Mcu, SocMailbox.LockOffset));
        Assert.True(mailbox.Write(Mcu, SocMailbox.CommandOffset, 1));
        Assert.False(mailbox.Write(Mcu, SocMailbox.DataLengthOffset, 65));
        Assert.True(mailbox.Write(Mcu, SocMailbox.DataLengthOffset, 6));
        Assert.True(mailbox.Write(Mcu, SocMailbox.DataInOffset, 1));
        Assert.True(mailbox.Write(Mcu, SocMailbox.DataInOffset, 2));
        Assert.False(mailbox.Write(Mcu, SocMailbox.DataInOffset, 3));
        Assert.Equal(2, mailbox.Counters.Oversized);
        Assert.False(mailbox.Write(Caliptra, SocMailbox.StatusOffset, 1));
        Assert.Equal(1, mailbox.Counters.WrongState);
        Assert.True(mailbox.Write(Caliptra, SocMailbox.UnlockOffset, 1));
        Assert.Equal(MailboxFsmState.Idle, mailbox.State);
    }

    [Fact]
    public void Misuse_through_the_ports_is_refused()
    {
        using var sim = new Simulator(5);
        var mailbox = new SocMailbox(sim, [Mcu], capacityBytes: 64);
        var requester = mailbox.RequesterPort(Mcu);
        Assert.False(requester.TryExecute(1, [1]));
        Assert.True(requester.TryAcquire());
        Assert.False(requester.TryExecute(1, new byte[65]));
        var responder = mailbox.ResponderPort();
        Assert.False(responder.TryPeekCommand(out _, out _));
        Assert.False(responder.TryRespond([1]));
        Assert.False(responder.TryComplete(MailboxCommandStatus.DataReady));
        Assert.True(mailbox.Counters.WithoutLock + mailbox.Counters.Oversized + mailbox.Counters.WrongState >= 3);
    }
}
