using System.Globalization;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Time;
using Rampart.Wire;
using Rampart.Wire.Recovery;

namespace Rampart.Host.Recovery;

/// <summary>
/// The BMC's recovery agent for OCP streaming boot (OCP Secure Firmware Recovery 1.1 over I3C;
/// REFERENCE.md "OCP Secure Firmware Recovery 1.1", agent flow): it reads PROT_CAP ("OCP RECV",
/// device status, flashless boot and indirect FIFO capabilities), waits for DEVICE_STATUS recovery
/// mode (3) with reason 0x12, then for each image: polls RECOVERY_STATUS until "awaiting image" with
/// its index, announces the size in INDIRECT_FIFO_CTRL (reset, size in 4-byte units — the image is
/// zero-padded to a multiple of 4), reads INDIRECT_FIFO_STATUS for the FIFO and transfer sizes,
/// streams INDIRECT_FIFO_DATA in maximum-size writes, waits for DEVICE_STATUS recovery pending (4),
/// writes RECOVERY_CTRL activate (0x0F) and polls RECOVERY_STATUS for the verdict.
/// </summary>
/// <remarks>
/// <para>Faults: a NACKed transfer or a read answer with a bad PEC is retried
/// (<see cref="RecoveryAgentOptions.MaxTransferAttempts"/>). The device drops a write with a bad
/// PEC and latches protocol error 4 in DEVICE_STATUS, so control writes are followed by a
/// DEVICE_STATUS read and repeated on an error; lost FIFO data shows as a FIFO write index behind
/// the bytes sent (checked at every INDIRECT_FIFO_STATUS read) or as recovery pending never
/// coming, and restarts the image's stream (announcing size 0, then the size, which tells the
/// device to start over), up to <see cref="RecoveryAgentOptions.MaxImageAttempts"/> streams.</para>
/// <para>Flow control: INDIRECT_FIFO_STATUS is read only when the bytes written since the last
/// read reach the window (see <see cref="RecoveryAgentOptions.SpeculativeWindowBytes"/>) or a
/// write is NACKed; a write the FIFO cannot take is NACKed by the device without effect and is
/// repeated once the FIFO has room.</para>
/// <para>All waiting is chip time through <see cref="IChipTimer"/>; every wait is bounded. The agent
/// never throws on device or bus misbehaviour: the result says what happened.</para>
/// </remarks>
public sealed partial class RecoveryAgent
{
    private const int ResponseBufferBytes = 512;
    private const int ControlFrameBytes = 64;
    private const long Failed = -1;
    private const long Lost = -2;

    private readonly II3cController _controller;
    private readonly byte _address;
    private readonly IChipTimer _timer;
    private readonly IClock _clock;
    private readonly byte[] _request = new byte[RecoveryFrame.ReadRequestSize];
    private readonly byte[] _response = new byte[ResponseBufferBytes];
    private readonly byte[] _payload = new byte[ResponseBufferBytes];
    private readonly byte[] _control = new byte[ControlFrameBytes];
    private byte[] _frame = [];
    private byte[] _tail = [];

    private DeviceStatusCode _device;
    private RecoveryProtocolError _protocolError;
    private RecoveryReason _reason;
    private RecoveryStatus _recovery;
    private IndirectFifoStatus _fifo;
    private Finding _failure;

    /// <summary>Creates an agent for the recovery target at <paramref name="targetAddress"/>.</summary>
    /// <param name="controller">The BMC's I3C controller.</param>
    /// <param name="targetAddress">The recovery target's 7-bit I3C address.</param>
    /// <param name="timer">Chip timer for every wait.</param>
    /// <param name="clock">Chip clock for deadlines and transfer times.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public RecoveryAgent(II3cController controller, byte targetAddress, IChipTimer timer, IClock clock, RecoveryAgentOptions? options = null)
    {
        _controller = controller ?? throw new ArgumentNullException(nameof(controller));
        _timer = timer ?? throw new ArgumentNullException(nameof(timer));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetAddress, (byte)0x7F);
        _address = targetAddress;
        Options = options ?? new RecoveryAgentOptions();
        if (Options.MaxTransferAttempts < 1 || Options.MaxImageAttempts < 1
            || Options.MaxWriteBytes < 4 || Options.MaxWriteBytes % 4 != 0 || Options.MaxWriteBytes > IndirectFifoData.MaxSize
            || Options.SpeculativeWindowBytes < 0 || Options.PollIntervalNanoseconds <= 0 || Options.RetryDelayNanoseconds < 0
            || Options.StatusTimeoutNanoseconds < 0 || Options.PendingTimeoutNanoseconds < 0 || Options.BootTimeoutNanoseconds < 0
            || Options.FifoTimeoutNanoseconds < 0)
        {
            throw new ArgumentException("recovery agent options out of range", nameof(options));
        }
    }

    private enum Step
    {
        Done = 1,
        Restart = 2,
        Failed = 3,
    }

    /// <summary>The settings.</summary>
    public RecoveryAgentOptions Options { get; }

    /// <summary>The recovery target's address.</summary>
    public byte TargetAddress => _address;

    /// <summary>Receives streaming progress after every acknowledged FIFO write (called on the agent's core).</summary>
    public IProgress<RecoveryProgress>? Progress { get; init; }

    /// <summary>Receives every transfer try (called on the agent's core, right after the try ends).</summary>
    public Action<RecoveryTransfer>? TransferObserver { get; init; }

    /// <summary>What the agent counted.</summary>
    public RecoveryAgentCounters Counters { get; } = new();

    /// <summary>
    /// Streams <paramref name="images"/> as recovery images 0, 1, 2… (streaming boot: Caliptra FMC+RT
    /// bundle, SoC manifest, MCU runtime) and stops at the first image that does not succeed.
    /// </summary>
    public ValueTask<RecoveryAgentResult> RunAsync(IReadOnlyList<ReadOnlyMemory<byte>> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count > RecoveryStatus.MaxImageIndex + 1)
        {
            throw new ArgumentException("at most 16 recovery images", nameof(images));
        }

        return RunCoreAsync(images);
    }

    private static string Describe(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static RecoveryTransferStatus Map(I3cTransferStatus status) => status switch
    {
        I3cTransferStatus.Ack => RecoveryTransferStatus.Ack,
        I3cTransferStatus.Nack => RecoveryTransferStatus.Nack,
        _ => RecoveryTransferStatus.Refused,
    };

    private static string Hex(RecoveryStatus status) => Describe($"0x{(byte)status.Status:X} (image {status.ImageIndex})");

    private async ValueTask<RecoveryAgentResult> RunCoreAsync(IReadOnlyList<ReadOnlyMemory<byte>> images)
    {
        var start = _clock.Now;
        var results = new List<RecoveryImageResult>(images.Count);
        var length = await ReadAsync(RecoveryCommand.ProtCap);
        if (length < 0)
        {
            return new RecoveryAgentResult(_failure.Outcome, results, null, start, _clock.Now, _failure.Detail);
        }

        if (!TryCheckProtCap(length, out var capabilities))
        {
            return new RecoveryAgentResult(_failure.Outcome, results, capabilities, start, _clock.Now, _failure.Detail);
        }

        if (!await WaitForRecoveryModeAsync())
        {
            return new RecoveryAgentResult(_failure.Outcome, results, capabilities, start, _clock.Now, _failure.Detail);
        }

        for (var i = 0; i < images.Count; i++)
        {
            var result = await StreamImageAsync((byte)i, images[i]);
            results.Add(result);
            if (result.Outcome != RecoveryOutcome.Success)
            {
                return new RecoveryAgentResult(result.Outcome, results, capabilities, start, _clock.Now, result.Detail);
            }
        }

        return new RecoveryAgentResult(RecoveryOutcome.Success, results, capabilities, start, _clock.Now, Describe($"{images.Count} images accepted"));
    }

    private async ValueTask<RecoveryImageResult> StreamImageAsync(byte index, ReadOnlyMemory<byte> image)
    {
        var start = _clock.Now;
        var streams = 0;
        if (!await WaitForAwaitingAsync(index))
        {
            return ImageResult(index, image, streams, start, _failure.Outcome, _failure.Detail);
        }

        var padded = (image.Length + 3L) & ~3L;
        while (true)
        {
            streams++;
            var step = await SendStreamAsync(index, image, padded);
            if (step == Step.Failed)
            {
                return ImageResult(index, image, streams, start, _failure.Outcome, _failure.Detail);
            }

            if (step == Step.Done)
            {
                break;
            }

            if (streams >= Options.MaxImageAttempts)
            {
                return ImageResult(index, image, streams, start, RecoveryOutcome.RetriesExhausted, Describe($"image {index}: data lost in all {streams} streams; last: {_failure.Detail}"));
            }

            Counters.ImageRestarts++;
        }

        var activate = new byte[RecoveryCtrl.Size];
        new RecoveryCtrl(Options.FifoCms, RecoveryImageSelection.FromCms, RecoveryActivation.Activate).TryWrite(activate, out _);
        if (!await CheckedWriteAsync(RecoveryCommand.RecoveryCtrl, null, activate))
        {
            return ImageResult(index, image, streams, start, _failure.Outcome, _failure.Detail);
        }

        var verdict = await WaitForVerdictAsync(index);
        return ImageResult(index, image, streams, start, verdict.Outcome, verdict.Detail);
    }

    private RecoveryImageResult ImageResult(byte index, ReadOnlyMemory<byte> image, int streams, long start, RecoveryOutcome outcome, string detail) =>
        new(index, outcome, image.Length, streams, _device, _protocolError, _reason, _recovery.Status, _recovery.ImageIndex, start, _clock.Now, detail);

    /// <summary>One stream of an image: announce, stream, check, wait for recovery pending.</summary>
    private async ValueTask<Step> SendStreamAsync(byte index, ReadOnlyMemory<byte> image, long padded)
    {
        var announce = new byte[IndirectFifoCtrl.Size];
        var restart = new byte[IndirectFifoCtrl.Size];
        new IndirectFifoCtrl(Options.FifoCms, FifoReset.Reset, (uint)(padded / 4)).TryWrite(announce, out _);
        new IndirectFifoCtrl(Options.FifoCms, FifoReset.Reset, 0).TryWrite(restart, out _);
        if (!await CheckedWriteAsync(RecoveryCommand.IndirectFifoCtrl, restart, announce) || !await ReadFifoStatusAsync())
        {
            return Step.Failed;
        }

        var capacity = (long)_fifo.FifoSizeInDwords * 4;
        var maxTransfer = (long)_fifo.MaxTransferInDwords * 4;
        if (capacity == 0 || maxTransfer == 0 || _fifo.ReadIndex >= _fifo.FifoSizeInDwords || _fifo.WriteIndex >= _fifo.FifoSizeInDwords)
        {
            _failure = new Finding(RecoveryOutcome.ProtocolError, Describe($"INDIRECT_FIFO_STATUS: FIFO {capacity} bytes, max transfer {maxTransfer} bytes, indices {_fifo.WriteIndex}/{_fifo.ReadIndex}"));
            return Step.Failed;
        }

        if (_fifo.WriteIndex != 0)
        {
            _failure = new Finding(RecoveryOutcome.RetriesExhausted, Describe($"image {index}: the FIFO reset did not take (write index {_fifo.WriteIndex})"));
            return Step.Restart;
        }

        var chunkMax = (int)Math.Min(Math.Min(maxTransfer, capacity), Options.MaxWriteBytes) & ~3;
        EnsureBuffers(chunkMax);
        var used = Used(capacity);
        var allowance = capacity - used;
        long sent = 0;
        long sinceCheck = 0;
        Progress?.Report(new RecoveryProgress(index, 0, padded));
        while (sent < padded)
        {
            var length = (int)Math.Min(chunkMax, padded - sent);
            if (sinceCheck + length > allowance)
            {
                used = await CheckFifoAsync(sent, capacity);
                if (used == Failed || used == Lost)
                {
                    return used == Failed ? Step.Failed : Step.Restart;
                }

                if (capacity - used < length)
                {
                    used = await WaitForRoomAsync(sent, capacity, length);
                    if (used == Failed || used == Lost)
                    {
                        return used == Failed ? Step.Failed : Step.Restart;
                    }
                }

                allowance = NextAllowance(allowance, used, capacity);
                sinceCheck = 0;
            }

            var frameLength = FrameChunk(image, sent, length);
            var tries = 1;
            while (true)
            {
                var begin = _clock.Now;
                var result = await _controller.PrivateWriteAsync(_address, _frame.AsSpan(0, frameLength));
                var status = Map(result.Status);
                Record(RecoveryCommand.IndirectFifoData, RecoveryTransferDirection.Write, length, begin, status);
                if (status == RecoveryTransferStatus.Ack)
                {
                    break;
                }

                // Full FIFO, lost on the bus, or refused: the FIFO status tells which.
                used = await CheckFifoAsync(sent, capacity);
                if (used == Failed || used == Lost)
                {
                    return used == Failed ? Step.Failed : Step.Restart;
                }

                sinceCheck = 0;
                if (capacity - used < length)
                {
                    Counters.FifoFullWaits++;
                    used = await WaitForRoomAsync(sent, capacity, length);
                    if (used == Failed || used == Lost)
                    {
                        return used == Failed ? Step.Failed : Step.Restart;
                    }
                }
                else
                {
                    if (tries >= Options.MaxTransferAttempts)
                    {
                        _failure = new Finding(RecoveryOutcome.RetriesExhausted, Describe($"INDIRECT_FIFO_DATA write at byte {sent} failed {tries} times (last: {status})"));
                        return Step.Failed;
                    }

                    tries++;
                    Counters.Retries++;
                    await _timer.Delay(Options.RetryDelayNanoseconds);
                }

                allowance = capacity - used;
            }

            sent += length;
            sinceCheck += length;
            Progress?.Report(new RecoveryProgress(index, sent, padded));
        }

        used = await CheckFifoAsync(sent, capacity);
        if (used == Failed || used == Lost)
        {
            return used == Failed ? Step.Failed : Step.Restart;
        }

        return padded == 0 ? Step.Done : await WaitForPendingAsync(index);
    }

    private long NextAllowance(long allowance, long used, long capacity)
    {
        var free = capacity - used;
        if (Options.SpeculativeWindowBytes == 0 || used != 0)
        {
            return free;
        }

        return Math.Max(free, Math.Min(allowance * 2, Options.SpeculativeWindowBytes));
    }

    /// <summary>Reads INDIRECT_FIFO_STATUS and checks that every byte sent arrived: used bytes, or Failed/Lost.</summary>
    private async ValueTask<long> CheckFifoAsync(long sent, long capacity)
    {
        if (!await ReadFifoStatusAsync())
        {
            return Failed;
        }

        if ((long)_fifo.FifoSizeInDwords * 4 != capacity || _fifo.ReadIndex >= _fifo.FifoSizeInDwords || _fifo.WriteIndex >= _fifo.FifoSizeInDwords)
        {
            _failure = new Finding(RecoveryOutcome.ProtocolError, Describe($"INDIRECT_FIFO_STATUS changed shape: FIFO {_fifo.FifoSizeInDwords} dwords, indices {_fifo.WriteIndex}/{_fifo.ReadIndex}"));
            return Failed;
        }

        var expected = (uint)(sent / 4 % _fifo.FifoSizeInDwords);
        if (_fifo.WriteIndex != expected)
        {
            _failure = new Finding(RecoveryOutcome.RetriesExhausted, Describe($"FIFO write index {_fifo.WriteIndex} after {sent} bytes, expected {expected}: data lost"));
            return Lost;
        }

        return Used(capacity);
    }

    private long Used(long capacity)
    {
        var dwords = (_fifo.WriteIndex + _fifo.FifoSizeInDwords - _fifo.ReadIndex) % _fifo.FifoSizeInDwords;
        return dwords == 0 && _fifo.Flags.HasFlag(FifoStatusFlags.Full) ? capacity : dwords * 4L;
    }

    private async ValueTask<long> WaitForRoomAsync(long sent, long capacity, int length)
    {
        var deadline = _clock.Now + Options.FifoTimeoutNanoseconds;
        while (true)
        {
            if (_clock.Now >= deadline)
            {
                _failure = new Finding(RecoveryOutcome.Timeout, Describe($"the FIFO had no room for {length} bytes for {Options.FifoTimeoutNanoseconds} ns"));
                return Failed;
            }

            await _timer.Delay(Options.PollIntervalNanoseconds);
            var used = await CheckFifoAsync(sent, capacity);
            if (used < 0 || capacity - used >= length)
            {
                return used;
            }
        }
    }

    private async ValueTask<Step> WaitForPendingAsync(byte index)
    {
        var deadline = _clock.Now + Options.PendingTimeoutNanoseconds;
        while (true)
        {
            if (!await ReadDeviceStatusAsync())
            {
                return Step.Failed;
            }

            if (_device == DeviceStatusCode.RecoveryPending)
            {
                return Step.Done;
            }

            if (_device is DeviceStatusCode.BootFailure or DeviceStatusCode.FatalError)
            {
                _ = await ReadRecoveryStatusAsync();
                _failure = new Finding(RecoveryOutcome.DeviceRejected, Describe($"image {index}: device failed during the stream (DEVICE_STATUS 0x{(byte)_device:X}, RECOVERY_STATUS {Hex(_recovery)})"));
                return Step.Failed;
            }

            if (_protocolError != RecoveryProtocolError.None)
            {
                _failure = new Finding(RecoveryOutcome.RetriesExhausted, Describe($"image {index}: device reported protocol error {_protocolError} and is not pending"));
                return Step.Restart;
            }

            if (_clock.Now >= deadline)
            {
                _failure = new Finding(RecoveryOutcome.RetriesExhausted, Describe($"image {index}: device never showed recovery pending (DEVICE_STATUS 0x{(byte)_device:X})"));
                return Step.Restart;
            }

            await _timer.Delay(Options.PollIntervalNanoseconds);
        }
    }

    private async ValueTask<bool> WaitForRecoveryModeAsync()
    {
        var deadline = _clock.Now + Options.StatusTimeoutNanoseconds;
        while (true)
        {
            if (!await ReadDeviceStatusAsync())
            {
                return false;
            }

            if (_device is DeviceStatusCode.RecoveryMode or DeviceStatusCode.RecoveryPending)
            {
                if (Options.ExpectedReason is { } reason && _reason != reason)
                {
                    _failure = new Finding(RecoveryOutcome.ProtocolError, Describe($"DEVICE_STATUS recovery reason 0x{(ushort)_reason:X}, expected 0x{(ushort)reason:X}"));
                    return false;
                }

                return true;
            }

            if (_device == DeviceStatusCode.FatalError)
            {
                _failure = new Finding(RecoveryOutcome.DeviceRejected, "DEVICE_STATUS fatal error (0xF)");
                return false;
            }

            if (_clock.Now >= deadline)
            {
                _failure = new Finding(RecoveryOutcome.Timeout, Describe($"DEVICE_STATUS stayed 0x{(byte)_device:X}, never recovery mode (3)"));
                return false;
            }

            await _timer.Delay(Options.PollIntervalNanoseconds);
        }
    }

    private async ValueTask<bool> WaitForAwaitingAsync(byte index)
    {
        var deadline = _clock.Now + Options.StatusTimeoutNanoseconds;
        while (true)
        {
            if (!await ReadRecoveryStatusAsync())
            {
                return false;
            }

            if (_recovery.Status == RecoveryStatusCode.AwaitingImage && _recovery.ImageIndex == index)
            {
                return true;
            }

            if (_clock.Now >= deadline)
            {
                _ = await ReadDeviceStatusAsync();
                _failure = new Finding(RecoveryOutcome.Timeout, Describe($"RECOVERY_STATUS stayed {Hex(_recovery)}, never awaiting image {index}"));
                return false;
            }

            await _timer.Delay(Options.PollIntervalNanoseconds);
        }
    }

    private async ValueTask<Finding> WaitForVerdictAsync(byte index)
    {
        var deadline = _clock.Now + Options.BootTimeoutNanoseconds;
        while (true)
        {
            if (!await ReadRecoveryStatusAsync())
            {
                return _failure;
            }

            var status = _recovery;
            var verdict = Judge(index, status);
            if (verdict is { } found)
            {
                // The DEVICE_STATUS that goes with the verdict; a failed read leaves the last one seen.
                _ = await ReadDeviceStatusAsync();
                return found;
            }

            if (status.Status == RecoveryStatusCode.NotInRecovery)
            {
                if (!await ReadDeviceStatusAsync())
                {
                    return _failure;
                }

                switch (_device)
                {
                    case DeviceStatusCode.RunningRecoveryImage or DeviceStatusCode.Healthy:
                        return new Finding(RecoveryOutcome.Success, Describe($"image {index}: device left recovery running the image"));
                    case DeviceStatusCode.BootFailure or DeviceStatusCode.FatalError:
                        return new Finding(RecoveryOutcome.DeviceRejected, Describe($"image {index}: DEVICE_STATUS 0x{(byte)_device:X} out of recovery"));
                }
            }

            if (_clock.Now >= deadline)
            {
                _ = await ReadDeviceStatusAsync();
                return new Finding(RecoveryOutcome.Timeout, Describe($"image {index}: no verdict; RECOVERY_STATUS {Hex(status)}"));
            }

            await _timer.Delay(Options.PollIntervalNanoseconds);
        }
    }

    /// <summary>The verdict RECOVERY_STATUS gives on image <paramref name="index"/>, or null to keep polling.</summary>
    private static Finding? Judge(byte index, RecoveryStatus status)
    {
        var code = status.Status;
        var mine = status.ImageIndex == index;
        return code switch
        {
            RecoveryStatusCode.Success when mine => new Finding(RecoveryOutcome.Success, Describe($"image {index}: success")),
            RecoveryStatusCode.AwaitingImage when status.ImageIndex > index =>
                new Finding(RecoveryOutcome.Success, Describe($"image {index}: accepted, device awaits image {status.ImageIndex}")),
            RecoveryStatusCode.AwaitingImage or RecoveryStatusCode.Booting when mine => null,
            RecoveryStatusCode.NotInRecovery => null,
            RecoveryStatusCode.AuthenticationError when mine => new Finding(RecoveryOutcome.AuthenticationError, Describe($"image {index}: authentication error (0xD)")),
            RecoveryStatusCode.Failed or RecoveryStatusCode.EnterRecoveryError or RecoveryStatusCode.InvalidCms when mine =>
                new Finding(RecoveryOutcome.DeviceRejected, Describe($"image {index}: device rejected it, RECOVERY_STATUS {Hex(status)}")),
            _ => new Finding(RecoveryOutcome.ProtocolError, Describe($"image {index}: unexpected RECOVERY_STATUS {Hex(status)}")),
        };
    }

    /// <summary>An outcome (a failure, or a verdict on an image) and its explanation.</summary>
    private readonly record struct Finding(RecoveryOutcome Outcome, string Detail);
}
