using Rampart.Hal.Peripherals;
using Rampart.Hal.Time;
using Rampart.Wire.Recovery;

namespace Rampart.Protocols.Recovery;

/// <summary>How <see cref="RecoveryImageReceiver.ReceiveAsync"/> ended.</summary>
public enum RecoveryReceiveStatus
{
    /// <summary>The image arrived and the agent activated it.</summary>
    Received = 1,

    /// <summary>The announced size exceeds what the caller takes.</summary>
    TooLarge = 2,

    /// <summary>The agent activated before sending the announced size (or sent more).</summary>
    SizeMismatch = 3,

    /// <summary>Nothing happened within the timeout.</summary>
    TimedOut = 4,
}

/// <summary>The outcome of receiving one recovery image.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Image">The image bytes when <see cref="RecoveryReceiveStatus.Received"/>.</param>
/// <param name="Detail">A short reason.</param>
public readonly record struct RecoveryReceiveResult(RecoveryReceiveStatus Status, ReadOnlyMemory<byte> Image, string Detail);

/// <summary>Options of <see cref="RecoveryImageReceiver"/>.</summary>
public sealed record RecoveryReceiverOptions
{
    /// <summary>How long to wait for the agent between events; 0 waits forever.</summary>
    public long TimeoutNanoseconds { get; init; }
}

/// <summary>
/// The device side of OCP Secure Firmware Recovery 1.1 streaming boot for one image index:
/// publish "awaiting image" with the index, drain INDIRECT_FIFO_DATA up to the announced size,
/// wait for RECOVERY_CTRL activate, publish "booting"; the caller then reports success or failure.
/// </summary>
public sealed class RecoveryImageReceiver
{
    private readonly IRecoveryInterface _recovery;
    private readonly IChipTimer _timer;
    private readonly RecoveryReceiverOptions _options;

    /// <summary>Creates the receiver.</summary>
    public RecoveryImageReceiver(IRecoveryInterface recovery, IChipTimer timer, RecoveryReceiverOptions? options = null)
    {
        _recovery = recovery ?? throw new ArgumentNullException(nameof(recovery));
        _timer = timer ?? throw new ArgumentNullException(nameof(timer));
        _options = options ?? new RecoveryReceiverOptions();
    }

    /// <summary>Receives image <paramref name="imageIndex"/> of at most <paramref name="maxBytes"/> bytes.</summary>
    public async ValueTask<RecoveryReceiveResult> ReceiveAsync(byte imageIndex, int maxBytes)
    {
        _recovery.SetDeviceStatus(DeviceStatusCode.RecoveryMode, RecoveryReason.FlashlessBoot);
        _recovery.SetRecoveryStatus(RecoveryStatusCode.AwaitingImage, imageIndex);
        var buffer = new List<byte>();
        var chunk = new byte[256];
        while (true)
        {
            var announced = _recovery.ImageSizeBytes;
            if (announced > maxBytes)
            {
                return new RecoveryReceiveResult(RecoveryReceiveStatus.TooLarge, ReadOnlyMemory<byte>.Empty, $"image {imageIndex}: {announced} bytes announced, at most {maxBytes} taken");
            }

            int read;
            while ((read = _recovery.ReadFifo(chunk)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    buffer.Add(chunk[i]);
                }
            }

            if (buffer.Count > maxBytes)
            {
                return new RecoveryReceiveResult(RecoveryReceiveStatus.TooLarge, ReadOnlyMemory<byte>.Empty, $"image {imageIndex}: more than {maxBytes} bytes sent");
            }

            if (_recovery.ActivateRequested)
            {
                _recovery.ClearActivate();
                if (buffer.Count != announced)
                {
                    return new RecoveryReceiveResult(RecoveryReceiveStatus.SizeMismatch, ReadOnlyMemory<byte>.Empty, $"image {imageIndex}: {buffer.Count} bytes received, {announced} announced");
                }

                _recovery.SetRecoveryStatus(RecoveryStatusCode.Booting, imageIndex);
                return new RecoveryReceiveResult(RecoveryReceiveStatus.Received, buffer.ToArray(), $"image {imageIndex}: {buffer.Count} bytes");
            }

            if (!await WaitAsync().ConfigureAwait(false))
            {
                return new RecoveryReceiveResult(RecoveryReceiveStatus.TimedOut, ReadOnlyMemory<byte>.Empty, $"image {imageIndex}: timed out");
            }
        }
    }

    /// <summary>Publishes success of an image; the last image leaves the device running it.</summary>
    public void ReportSuccess(byte imageIndex, bool lastImage)
    {
        _recovery.SetRecoveryStatus(RecoveryStatusCode.Success, imageIndex);
        if (lastImage)
        {
            _recovery.SetDeviceStatus(DeviceStatusCode.RunningRecoveryImage, RecoveryReason.FlashlessBoot);
        }
    }

    /// <summary>Publishes a failure (e.g. <see cref="RecoveryStatusCode.AuthenticationError"/>) and boot failure.</summary>
    public void ReportFailure(byte imageIndex, RecoveryStatusCode status)
    {
        _recovery.SetRecoveryStatus(status, imageIndex);
        _recovery.SetDeviceStatus(DeviceStatusCode.BootFailure, RecoveryReason.FlashlessBoot);
    }

    private async ValueTask<bool> WaitAsync()
    {
        if (_options.TimeoutNanoseconds <= 0)
        {
            await _recovery.WaitForChange().ConfigureAwait(false);
            return true;
        }

        var change = _recovery.WaitForChange().AsTask();
        var timeout = _timer.Delay(_options.TimeoutNanoseconds).AsTask();
        var first = await Task.WhenAny(change, timeout).ConfigureAwait(false);
        return first == change;
    }
}
