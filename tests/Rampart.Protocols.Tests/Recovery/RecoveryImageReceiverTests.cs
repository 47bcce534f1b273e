using CsCheck;
using Rampart.Hal.Time;
using Rampart.Protocols.Recovery;
using Rampart.Wire.Recovery;

namespace Rampart.Protocols.Tests.Recovery;

public sealed class RecoveryImageReceiverTests
{
    private const long Timeout = 10 * TimeUnits.Millisecond;

    private static (FakeRecovery Fake, RecoveryImageReceiver Receiver) Create()
    {
        var fake = new FakeRecovery();
        return (fake, new RecoveryImageReceiver(fake, fake, new RecoveryReceiverOptions { TimeoutNanoseconds = Timeout }));
    }

    /// <summary>The finished receive (the fake runs everything inline, so it must be complete).</summary>
    private static RecoveryReceiveResult Done(Task<RecoveryReceiveResult> task)
    {
        Assert.True(task.IsCompletedSuccessfully, "the receive is still running");
        return task.GetAwaiter().GetResult();
    }

    private static byte[] Bytes(int length, byte seed = 1) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + seed)).ToArray();

    [Fact]
    public void Receiving_publishes_recovery_mode_for_streaming_boot_and_awaits_the_index()
    {
        var (fake, receiver) = Create();
        var task = fake.Start(() => receiver.ReceiveAsync(2, 1024));

        Assert.False(task.IsCompleted);
        Assert.Equal(DeviceStatusCode.RecoveryMode, fake.Device);
        Assert.Equal(RecoveryReason.FlashlessBoot, fake.Reason);
        Assert.Equal(RecoveryStatusCode.AwaitingImage, fake.Status);
        Assert.Equal(2, fake.Index);
    }

    [Fact]
    public void An_image_streamed_in_pieces_is_pending_when_complete_and_booting_when_activated()
    {
        var (fake, receiver) = Create();
        var image = Bytes(1000);
        var task = fake.Start(() => receiver.ReceiveAsync(0, 4096));

        fake.Announce(image.Length);
        fake.Push(image.AsSpan(0, 256));
        fake.Push(image.AsSpan(256, 700));
        Assert.Equal(DeviceStatusCode.RecoveryMode, fake.Device);
        fake.Push(image.AsSpan(956));
        Assert.Equal(DeviceStatusCode.RecoveryPending, fake.Device);
        Assert.False(task.IsCompleted);
        fake.Activate();

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(RecoveryReceiveStatus.Received, Done(task).Status);
        Assert.Equal(image, Done(task).Image.ToArray());
        Assert.Equal(RecoveryStatusCode.Booting, fake.Status);
        Assert.False(fake.ActivateRequested);
        Assert.Equal(0, fake.FifoCount);
    }

    [Fact]
    public void A_re_announced_size_restarts_collection()
    {
        var (fake, receiver) = Create();
        var image = Bytes(64, seed: 9);
        var task = fake.Start(() => receiver.ReceiveAsync(1, 4096));

        fake.Announce(64);
        fake.Push(Bytes(32, seed: 200));
        fake.Announce(0);
        fake.Announce(64);
        fake.Push(image);
        fake.Activate();

        Assert.Equal(RecoveryReceiveStatus.Received, Done(task).Status);
        Assert.Equal(image, Done(task).Image.ToArray());
    }

    [Fact]
    public void A_restart_that_keeps_the_size_makes_an_overlong_stream_not_a_wrong_image()
    {
        var (fake, receiver) = Create();
        var task = fake.Start(() => receiver.ReceiveAsync(0, 4096));

        fake.Announce(64);
        fake.Push(Bytes(32));
        fake.Announce(64, reset: true);
        fake.Push(Bytes(64));
        fake.Activate();

        Assert.Equal(RecoveryReceiveStatus.SizeMismatch, Done(task).Status);
        Assert.Equal(RecoveryStatusCode.Failed, fake.Status);
        Assert.Equal(DeviceStatusCode.BootFailure, fake.Device);
    }

    [Theory]
    [InlineData("truncated", 1024, 512)]
    [InlineData("overlong", 64, 68)]
    [InlineData("nothing sent", 16, 0)]
    public void A_stream_of_the_wrong_length_is_a_size_mismatch(string name, int announced, int sent)
    {
        Assert.NotNull(name);
        var (fake, receiver) = Create();
        var task = fake.Start(() => receiver.ReceiveAsync(0, 4096));

        fake.Announce(announced);
        if (sent > 0)
        {
            fake.Push(Bytes(sent));
        }

        fake.Activate();

        Assert.Equal(RecoveryReceiveStatus.SizeMismatch, Done(task).Status);
        Assert.True(Done(task).Image.IsEmpty);
        Assert.Equal(RecoveryStatusCode.Failed, fake.Status);
        Assert.Equal(0, fake.Index);
        Assert.Equal(DeviceStatusCode.BootFailure, fake.Device);
    }

    [Fact]
    public void An_image_over_the_limit_is_drained_and_reported_too_large()
    {
        var (fake, receiver) = Create();
        var task = fake.Start(() => receiver.ReceiveAsync(0, 32));

        fake.Announce(64);
        fake.Push(Bytes(64));
        Assert.Equal(0, fake.FifoCount);
        fake.Activate();

        Assert.Equal(RecoveryReceiveStatus.TooLarge, Done(task).Status);
        Assert.Equal(RecoveryStatusCode.Failed, fake.Status);
    }

    [Fact]
    public void An_empty_image_is_received_empty()
    {
        var (fake, receiver) = Create();
        var task = fake.Start(() => receiver.ReceiveAsync(0, 32));

        fake.Announce(0);
        fake.Activate();

        Assert.Equal(RecoveryReceiveStatus.Received, Done(task).Status);
        Assert.True(Done(task).Image.IsEmpty);
        Assert.Equal(RecoveryStatusCode.Booting, fake.Status);
    }

    [Fact]
    public void A_stale_activate_and_stale_FIFO_bytes_are_not_part_of_the_image()
    {
        var (fake, receiver) = Create();
        fake.Push(Bytes(12));
        fake.Activate();
        var image = Bytes(8, seed: 3);
        var task = fake.Start(() => receiver.ReceiveAsync(0, 32));
        Assert.False(task.IsCompleted);

        fake.Announce(8, reset: false);
        fake.Push(image);
        fake.Activate();

        Assert.Equal(RecoveryReceiveStatus.Received, Done(task).Status);
        Assert.Equal(image, Done(task).Image.ToArray());
    }

    [Fact]
    public void Silence_for_a_whole_period_times_out_but_activity_keeps_the_receive_alive()
    {
        var (fake, receiver) = Create();
        var task = fake.Start(() => receiver.ReceiveAsync(0, 4096));
        fake.Announce(8);
        fake.Advance(Timeout - 1);
        fake.Push(Bytes(4));
        fake.Advance(1);
        Assert.False(task.IsCompleted, "there was activity in the first period");
        fake.Advance(Timeout);

        Assert.Equal(RecoveryReceiveStatus.TimedOut, Done(task).Status);
        Assert.Contains("4 of 8 bytes", Done(task).Detail, StringComparison.Ordinal);
        Assert.Equal(RecoveryStatusCode.AwaitingImage, fake.Status);
    }

    [Fact]
    public void Nothing_at_all_times_out_after_one_period()
    {
        var (fake, receiver) = Create();
        var task = fake.Start(() => receiver.ReceiveAsync(0, 4096));
        fake.Advance(Timeout - 1);
        Assert.False(task.IsCompleted);
        fake.Advance(1);

        Assert.Equal(RecoveryReceiveStatus.TimedOut, Done(task).Status);
    }

    [Fact]
    public void Reporting_sets_the_statuses_of_the_reference_flow()
    {
        var (fake, receiver) = Create();
        receiver.ReportSuccess(0, lastImage: false);
        Assert.Equal((RecoveryStatusCode.Success, (byte)0, DeviceStatusCode.RecoveryMode), (fake.Status, fake.Index, fake.Device));
        receiver.ReportSuccess(2, lastImage: true);
        Assert.Equal((RecoveryStatusCode.Success, (byte)2, DeviceStatusCode.RunningRecoveryImage), (fake.Status, fake.Index, fake.Device));
        receiver.ReportFailure(1, RecoveryStatusCode.AuthenticationError);
        Assert.Equal((RecoveryStatusCode.AuthenticationError, (byte)1, DeviceStatusCode.BootFailure), (fake.Status, fake.Index, fake.Device));
        Assert.Equal(RecoveryReason.FlashlessBoot, fake.Reason);
    }

    [Fact]
    public void Caller_mistakes_are_argument_errors()
    {
        var (fake, receiver) = Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = receiver.ReceiveAsync(16, 10); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = receiver.ReceiveAsync(0, -1); });
        Assert.Throws<ArgumentOutOfRangeException>(() => receiver.ReportSuccess(16, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => receiver.ReportFailure(0, (RecoveryStatusCode)0x10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecoveryImageReceiver(fake, fake, new RecoveryReceiverOptions { TimeoutNanoseconds = 0 }));
        Assert.Throws<ArgumentNullException>(() => new RecoveryImageReceiver(null!, fake));
    }

    [Fact]
    public void Any_split_of_an_image_into_writes_is_received_intact()
    {
        Gen.Select(Gen.Int[0, 600], Gen.Int[1, 97].Array[1, 40]).Sample((length, splits) =>
        {
            var (fake, receiver) = Create();
            var image = Bytes(length & ~3, seed: (byte)length);
            var task = fake.Start(() => receiver.ReceiveAsync(3, 4096));
            fake.Announce(image.Length);
            var offset = 0;
            for (var i = 0; offset < image.Length; i++)
            {
                var n = Math.Min(splits[i % splits.Length], image.Length - offset);
                fake.Push(image.AsSpan(offset, n));
                offset += n;
            }

            fake.Activate();
            return Done(task).Status == RecoveryReceiveStatus.Received && Done(task).Image.Span.SequenceEqual(image);
        }, iter: 200);
    }
}
