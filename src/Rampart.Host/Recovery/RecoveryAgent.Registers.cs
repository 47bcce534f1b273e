using System.Globalization;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Time;
using Rampart.Wire;
using Rampart.Wire.Recovery;

namespace Rampart.Host.Recovery;

/// <content>Register access: framed writes and reads with PEC, retried per transfer, and what each read tells the agent.</content>
public sealed partial class RecoveryAgent
{
    /// <summary>Control writes: (optional prelude and) payload, then DEVICE_STATUS; repeated while the device reports a protocol error.</summary>
    private async ValueTask<bool> CheckedWriteAsync(RecoveryCommand command, byte[]? prelude, byte[] payload)
    {
        for (var attempt = 1; ; attempt++)
        {
            if ((prelude is not null && !await WriteControlAsync(command, prelude)) || !await WriteControlAsync(command, payload) || !await ReadDeviceStatusAsync())
            {
                return false;
            }

            if (_protocolError == RecoveryProtocolError.None)
            {
                return true;
            }

            if (attempt >= Options.MaxTransferAttempts)
            {
                _failure = new Finding(RecoveryOutcome.RetriesExhausted, Describe($"{command} write: device reported protocol error {_protocolError} on all {attempt} tries"));
                return false;
            }

            Counters.Retries++;
            await _timer.Delay(Options.RetryDelayNanoseconds);
        }
    }

    private async ValueTask<bool> WriteControlAsync(RecoveryCommand command, byte[] payload)
    {
        RecoveryFrame.TryWriteWrite(_address, (byte)command, payload, _control, out var frameLength);
        for (var tries = 1; ; tries++)
        {
            var begin = _clock.Now;
            var result = await _controller.PrivateWriteAsync(_address, _control.AsSpan(0, frameLength));
            var status = Map(result.Status);
            Record(command, RecoveryTransferDirection.Write, payload.Length, begin, status);
            if (status == RecoveryTransferStatus.Ack)
            {
                return true;
            }

            if (tries >= Options.MaxTransferAttempts)
            {
                _failure = new Finding(RecoveryOutcome.RetriesExhausted, Describe($"{command} write failed {tries} times (last: {status})"));
                return false;
            }

            Counters.Retries++;
            await _timer.Delay(Options.RetryDelayNanoseconds);
        }
    }

    /// <summary>A read with retries: the payload length (payload in <see cref="_payload"/>), or -1 with <see cref="_failure"/> set.</summary>
    private async ValueTask<int> ReadAsync(RecoveryCommand command)
    {
        RecoveryFrame.TryWriteReadRequest(_address, (byte)command, _request, out _);
        for (var tries = 1; ; tries++)
        {
            var begin = _clock.Now;
            var length = -1;
            RecoveryTransferStatus status;
            var request = await _controller.PrivateWriteAsync(_address, _request);
            if (request.Status != I3cTransferStatus.Ack)
            {
                status = Map(request.Status);
            }
            else
            {
                var answer = await _controller.PrivateReadAsync(_address, _response);
                status = Map(answer.Status);
                if (status == RecoveryTransferStatus.Ack)
                {
                    length = TakeResponse(answer.Length);
                    status = length < 0 ? RecoveryTransferStatus.BadResponse : status;
                }
            }

            Record(command, RecoveryTransferDirection.Read, Math.Max(length, 0), begin, status);
            if (length >= 0)
            {
                return length;
            }

            if (tries >= Options.MaxTransferAttempts)
            {
                _failure = new Finding(RecoveryOutcome.RetriesExhausted, Describe($"{command} read failed {tries} times (last: {status})"));
                return -1;
            }

            Counters.Retries++;
            await _timer.Delay(Options.RetryDelayNanoseconds);
        }
    }

    private int TakeResponse(int received)
    {
        if (received < 0 || received > _response.Length
            || RecoveryFrame.TryReadReadResponse(_address, _response.AsSpan(0, received), out var payload, out _) != WireStatus.Done)
        {
            return -1;
        }

        payload.CopyTo(_payload);
        return payload.Length;
    }

    private async ValueTask<bool> ReadDeviceStatusAsync()
    {
        var length = await ReadAsync(RecoveryCommand.DeviceStatus);
        return length >= 0 && TakeDeviceStatus(length);
    }

    private bool TakeDeviceStatus(int length)
    {
        if (DeviceStatus.TryRead(_payload.AsSpan(0, length), out var status) != WireStatus.Done)
        {
            _failure = new Finding(RecoveryOutcome.ProtocolError, Describe($"DEVICE_STATUS payload of {length} bytes does not decode"));
            return false;
        }

        _device = status.Status;
        _protocolError = status.ProtocolError;
        _reason = status.Reason;
        if (status.ProtocolError != RecoveryProtocolError.None)
        {
            Counters.ProtocolErrorsReported++;
        }

        return true;
    }

    private async ValueTask<bool> ReadRecoveryStatusAsync()
    {
        var length = await ReadAsync(RecoveryCommand.RecoveryStatus);
        if (length < 0)
        {
            return false;
        }

        if (RecoveryStatus.TryRead(_payload.AsSpan(0, length), out _recovery) != WireStatus.Done)
        {
            _failure = new Finding(RecoveryOutcome.ProtocolError, Describe($"RECOVERY_STATUS payload of {length} bytes does not decode"));
            return false;
        }

        return true;
    }

    private async ValueTask<bool> ReadFifoStatusAsync()
    {
        var length = await ReadAsync(RecoveryCommand.IndirectFifoStatus);
        if (length < 0)
        {
            return false;
        }

        Counters.FifoStatusReads++;
        if (IndirectFifoStatus.TryRead(_payload.AsSpan(0, length), out _fifo) != WireStatus.Done)
        {
            _failure = new Finding(RecoveryOutcome.ProtocolError, Describe($"INDIRECT_FIFO_STATUS payload of {length} bytes does not decode"));
            return false;
        }

        return true;
    }

    private bool TryCheckProtCap(int length, out ProtCap? capabilities)
    {
        capabilities = null;
        if (ProtCap.TryRead(_payload.AsSpan(0, length), out var cap) != WireStatus.Done)
        {
            _failure = new Finding(RecoveryOutcome.ProtocolError, "PROT_CAP is not \"OCP RECV\" with 15 bytes");
            return false;
        }

        capabilities = cap;
        if (cap.MajorVersion != 1)
        {
            _failure = new Finding(RecoveryOutcome.ProtocolError, Describe($"PROT_CAP version {cap.MajorVersion}.{cap.MinorVersion}, expected 1.x"));
            return false;
        }

        var missing = Options.RequiredCapabilities & ~cap.Capabilities;
        if (missing != RecoveryCapabilities.None)
        {
            _failure = new Finding(RecoveryOutcome.ProtocolError, Describe($"PROT_CAP lacks {missing}"));
            return false;
        }

        return true;
    }

    private void EnsureBuffers(int chunkMax)
    {
        if (_tail.Length < chunkMax)
        {
            _tail = new byte[chunkMax];
            _frame = new byte[chunkMax + RecoveryFrame.WriteOverhead];
        }
    }

    /// <summary>Frames the chunk at <paramref name="offset"/> into <see cref="_frame"/>, zero-padding past the image's end.</summary>
    private int FrameChunk(ReadOnlyMemory<byte> image, long offset, int length)
    {
        var source = image.Span;
        ReadOnlySpan<byte> payload;
        if (offset + length <= source.Length)
        {
            payload = source.Slice((int)offset, length);
        }
        else
        {
            var available = (int)Math.Max(0, source.Length - offset);
            source.Slice((int)offset, available).CopyTo(_tail);
            _tail.AsSpan(available, length - available).Clear();
            payload = _tail.AsSpan(0, length);
        }

        RecoveryFrame.TryWriteWrite(_address, (byte)RecoveryCommand.IndirectFifoData, payload, _frame, out var written);
        return written;
    }

    private void Record(RecoveryCommand command, RecoveryTransferDirection direction, int length, long begin, RecoveryTransferStatus status)
    {
        Counters.Transfers++;
        if (status is RecoveryTransferStatus.Nack or RecoveryTransferStatus.Refused)
        {
            Counters.Nacks++;
        }
        else if (status == RecoveryTransferStatus.BadResponse)
        {
            Counters.BadResponses++;
        }

        TransferObserver?.Invoke(new RecoveryTransfer(command, direction, length, begin, _clock.Now, status));
    }
}
