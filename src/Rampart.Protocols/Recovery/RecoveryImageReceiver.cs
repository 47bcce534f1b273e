using System.Globalization;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Time;
using Rampart.Wire.Recovery;

namespace Rampart.Protocols.Recovery;

/// <summary>
/// The device side of OCP streaming boot (OCP Secure Firmware Recovery 1.1, flashless boot through
/// the indirect FIFO; REFERENCE.md "OCP Secure Firmware Recovery 1.1", agent flow). Caliptra's ROM
/// and runtime receive images 0 (FMC+RT bundle), 1 (SoC manifest) and 2 (MCU runtime) with it:
/// <list type="number">
/// <item><see cref="ReceiveAsync"/> publishes DEVICE_STATUS recovery mode (3) with reason
/// flashless/streaming boot (0x12) and RECOVERY_STATUS "awaiting image" (1) with the index;</item>
/// <item>it drains the FIFO as the agent writes INDIRECT_FIFO_DATA; once the announced size is in,
/// DEVICE_STATUS shows recovery pending (4);</item>
/// <item>when the agent writes RECOVERY_CTRL activate (0x0F) it clears activate (write-1-to-clear)
/// and checks the size: on success RECOVERY_STATUS shows booting (2) and the caller validates the
/// image, then calls <see cref="ReportSuccess"/> (RECOVERY_STATUS success 3; DEVICE_STATUS running
/// recovery image 5 after the last image) or <see cref="ReportFailure"/> (e.g. RECOVERY_STATUS
/// authentication error 0xD, DEVICE_STATUS boot failure 0xE).</item>
/// </list>
/// A size problem is published at once as RECOVERY_STATUS failed (0xC) and DEVICE_STATUS boot
/// failure (0xE). The announced size changing (an agent restarting a stream announces size 0,
/// then the size again) restarts collection; an agent that restarts without changing the size
/// makes the stream overlong, which the size check turns into <see cref="RecoveryReceiveStatus.SizeMismatch"/>,
/// never into a silently corrupted image. Nothing the agent does throws.
/// </summary>
public sealed class RecoveryImageReceiver
{
    private const int DrainChunkBytes = 256;

    private readonly IRecoveryInterface _recovery;
    private readonly IChipTimer _timer;
    private readonly byte[] _discard = new byte[DrainChunkBytes];

    /// <summary>Creates a receiver over the recovery block's device side.</summary>
    /// <param name="recovery">The recovery interface (device side).</param>
    /// <param name="timer">The chip timer the receive timeout runs on.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public RecoveryImageReceiver(IRecoveryInterface recovery, IChipTimer timer, RecoveryReceiverOptions? options = null)
    {
        _recovery = recovery ?? throw new ArgumentNullException(nameof(recovery));
        _timer = timer ?? throw new ArgumentNullException(nameof(timer));
        Options = options ?? new RecoveryReceiverOptions();
        if (Options.TimeoutNanoseconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "the receive timeout must be positive");
        }
    }

    /// <summary>The settings.</summary>
    public RecoveryReceiverOptions Options { get; }

    /// <summary>
    /// Asks the agent for image <paramref name="imageIndex"/> and collects it until the agent
    /// activates it. Completes on the caller's core; never throws on agent behaviour.
    /// </summary>
    /// <param name="imageIndex">The recovery image index, 0–15.</param>
    /// <param name="maxBytes">The largest image the caller accepts (announced size, padding included).</param>
    public ValueTask<RecoveryReceiveResult> ReceiveAsync(byte imageIndex, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(imageIndex, RecoveryStatus.MaxImageIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        return ReceiveCoreAsync(imageIndex, maxBytes);
    }

    /// <summary>
    /// The caller validated image <paramref name="imageIndex"/>: RECOVERY_STATUS success (3); after
    /// the last image DEVICE_STATUS running recovery image (5), otherwise recovery mode (3) for the next.
    /// </summary>
    public void ReportSuccess(byte imageIndex, bool lastImage)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(imageIndex, RecoveryStatus.MaxImageIndex);
        _recovery.SetRecoveryStatus(RecoveryStatusCode.Success, imageIndex);
        _recovery.SetDeviceStatus(lastImage ? DeviceStatusCode.RunningRecoveryImage : DeviceStatusCode.RecoveryMode, RecoveryReason.FlashlessBoot);
    }

    /// <summary>
    /// The caller rejected image <paramref name="imageIndex"/>: RECOVERY_STATUS <paramref name="status"/>
    /// (e.g. authentication error 0xD) and DEVICE_STATUS boot failure (0xE).
    /// </summary>
    public void ReportFailure(byte imageIndex, RecoveryStatusCode status)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(imageIndex, RecoveryStatus.MaxImageIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)status, (byte)0x0F, nameof(status));
        _recovery.SetRecoveryStatus(status, imageIndex);
        _recovery.SetDeviceStatus(DeviceStatusCode.BootFailure, RecoveryReason.FlashlessBoot);
    }

    private static string Describe(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private async ValueTask<RecoveryReceiveResult> ReceiveCoreAsync(byte imageIndex, int maxBytes)
    {
        // Whatever is left from an earlier exchange (a stale activate, FIFO bytes) is not this image.
        _recovery.ClearActivate();
        var collector = new Collector(maxBytes, _recovery.ImageSizeBytes);
        Collector.Drop(_recovery, _discard);
        _recovery.SetDeviceStatus(DeviceStatusCode.RecoveryMode, RecoveryReason.FlashlessBoot);
        _recovery.SetRecoveryStatus(RecoveryStatusCode.AwaitingImage, imageIndex);

        var pending = false;
        var active = false;
        Task? period = null;
        while (true)
        {
            var announced = _recovery.ImageSizeBytes;
            if (announced != collector.Announced)
            {
                collector.Restart(announced);
                if (pending)
                {
                    _recovery.SetDeviceStatus(DeviceStatusCode.RecoveryMode, RecoveryReason.FlashlessBoot);
                    pending = false;
                }
            }

            collector.Drain(_recovery, _discard);
            if (!pending && collector.Announced > 0 && collector.Streamed == collector.Announced)
            {
                _recovery.SetDeviceStatus(DeviceStatusCode.RecoveryPending, RecoveryReason.FlashlessBoot);
                pending = true;
            }

            if (_recovery.ActivateRequested)
            {
                _recovery.ClearActivate();
                return Finish(collector, imageIndex, maxBytes);
            }

            var change = _recovery.WaitForChange();
            if (change.IsCompleted)
            {
                await change;
                active = true;
                continue;
            }

            period ??= _timer.Delay(Options.TimeoutNanoseconds).AsTask();
            var changed = change.AsTask();
            await Task.WhenAny(changed, period);
            if (changed.IsCompleted)
            {
                active = true;
            }

            if (period.IsCompleted)
            {
                if (!active)
                {
                    return new RecoveryReceiveResult(
                        RecoveryReceiveStatus.TimedOut,
                        ReadOnlyMemory<byte>.Empty,
                        Describe($"image {imageIndex}: no agent write for {Options.TimeoutNanoseconds} ns ({collector.Streamed} of {collector.Announced} bytes streamed)"));
                }

                active = false;
                period = _timer.Delay(Options.TimeoutNanoseconds).AsTask();
            }
        }
    }

    private RecoveryReceiveResult Finish(Collector collector, byte imageIndex, int maxBytes)
    {
        if (collector.Announced > maxBytes)
        {
            return Fail(imageIndex, RecoveryReceiveStatus.TooLarge, Describe($"image {imageIndex}: {collector.Announced} bytes announced, at most {maxBytes} accepted"));
        }

        if (collector.Streamed != collector.Announced)
        {
            return Fail(imageIndex, RecoveryReceiveStatus.SizeMismatch, Describe($"image {imageIndex}: {collector.Announced} bytes announced, {collector.Streamed} streamed"));
        }

        _recovery.SetDeviceStatus(DeviceStatusCode.RecoveryPending, RecoveryReason.FlashlessBoot);
        _recovery.SetRecoveryStatus(RecoveryStatusCode.Booting, imageIndex);
        return new RecoveryReceiveResult(RecoveryReceiveStatus.Received, collector.Image, Describe($"image {imageIndex}: {collector.Announced} bytes"));
    }

    private RecoveryReceiveResult Fail(byte imageIndex, RecoveryReceiveStatus status, string detail)
    {
        _recovery.SetRecoveryStatus(RecoveryStatusCode.Failed, imageIndex);
        _recovery.SetDeviceStatus(DeviceStatusCode.BootFailure, RecoveryReason.FlashlessBoot);
        return new RecoveryReceiveResult(status, ReadOnlyMemory<byte>.Empty, detail);
    }

    /// <summary>The bytes of one announced stream: kept up to the announced size, counted beyond it.</summary>
    private sealed class Collector(int maxBytes, long announced)
    {
        private byte[] _buffer = [];

        /// <summary>The size the agent announced for the stream being collected.</summary>
        public long Announced { get; private set; } = announced;

        /// <summary>Bytes drained from the FIFO since the stream (re)started, kept or not.</summary>
        public long Streamed { get; private set; }

        /// <summary>The kept bytes, valid when <see cref="Streamed"/> equals <see cref="Announced"/> (at most the limit).</summary>
        public ReadOnlyMemory<byte> Image => Announced == 0 ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, (int)Announced);

        /// <summary>Empties the FIFO without keeping anything.</summary>
        public static void Drop(IRecoveryInterface recovery, byte[] discard)
        {
            while (recovery.FifoCount > 0 && recovery.ReadFifo(discard) > 0)
            {
            }
        }

        /// <summary>Starts over for a stream of <paramref name="size"/> bytes.</summary>
        public void Restart(long size)
        {
            Announced = size;
            Streamed = 0;
        }

        /// <summary>Moves everything the FIFO holds into the image (or drops what does not belong).</summary>
        public void Drain(IRecoveryInterface recovery, byte[] discard)
        {
            while (recovery.FifoCount > 0)
            {
                int n;
                if (Announced <= maxBytes && Streamed < Announced)
                {
                    if (_buffer.Length != Announced)
                    {
                        _buffer = new byte[Announced];
                    }

                    n = recovery.ReadFifo(_buffer.AsSpan((int)Streamed, (int)(Announced - Streamed)));
                }
                else
                {
                    n = recovery.ReadFifo(discard);
                }

                if (n <= 0)
                {
                    return;
                }

                Streamed += n;
            }
        }
    }
}
