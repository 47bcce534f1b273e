using Rampart.Hal.Peripherals;
using Rampart.Platform.Peripherals;
using Rampart.Wire;
using Rampart.Wire.Recovery;

namespace Rampart.Platform.Tests.Peripherals;

/// <summary>A minimal recovery agent for tests: frames commands and reads answers over the controller.</summary>
internal sealed class TestAgent(I3cController controller, byte address)
{
    public async Task<I3cTransferStatus> WriteAsync(RecoveryCommand command, byte[] payload) => await WriteRawAsync((byte)command, payload);

    public async Task<I3cTransferStatus> WriteRawAsync(byte command, byte[] payload)
    {
        var frame = new byte[payload.Length + RecoveryFrame.WriteOverhead];
        Assert.True(RecoveryFrame.TryWriteWrite(address, command, payload, frame, out var n));
        return (await controller.PrivateWriteAsync(address, frame.AsSpan(0, n))).Status;
    }

    public async Task<I3cTransferStatus> SendFrameAsync(byte[] frame) => (await controller.PrivateWriteAsync(address, frame)).Status;

    public async Task<byte[]?> ReadAsync(RecoveryCommand command) => await ReadRawAsync((byte)command);

    public async Task<byte[]?> ReadRawAsync(byte command)
    {
        var request = new byte[RecoveryFrame.ReadRequestSize];
        Assert.True(RecoveryFrame.TryWriteReadRequest(address, command, request, out _));
        await controller.PrivateWriteAsync(address, request);
        var buffer = new byte[600];
        var result = await controller.PrivateReadAsync(address, buffer);
        if (result.Status != I3cTransferStatus.Ack)
        {
            return null;
        }

        return RecoveryFrame.TryReadReadResponse(address, buffer.AsSpan(0, result.Length), out var payload, out _) == WireStatus.Done
            ? payload.ToArray()
            : null;
    }

    public async Task<RecoveryProtocolError> ProtocolErrorAsync()
    {
        var bytes = await ReadAsync(RecoveryCommand.DeviceStatus);
        Assert.NotNull(bytes);
        Assert.Equal(WireStatus.Done, DeviceStatus.TryRead(bytes, out var status));
        return status.ProtocolError;
    }
}
