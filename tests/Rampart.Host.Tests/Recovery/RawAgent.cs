using Rampart.Platform.Peripherals;
using Rampart.Wire;
using Rampart.Wire.Recovery;

namespace Rampart.Host.Tests.Recovery;

/// <summary>A bare agent that writes and reads single recovery commands, for driving the device into corner cases.</summary>
internal sealed class RawAgent(I3cController controller, byte address)
{
    public async Task WriteAsync(RecoveryCommand command, byte[] payload)
    {
        var frame = new byte[payload.Length + RecoveryFrame.WriteOverhead];
        Assert.True(RecoveryFrame.TryWriteWrite(address, (byte)command, payload, frame, out var n));
        await controller.PrivateWriteAsync(address, frame.AsSpan(0, n));
    }

    public async Task<byte[]> ReadAsync(RecoveryCommand command)
    {
        var request = new byte[RecoveryFrame.ReadRequestSize];
        Assert.True(RecoveryFrame.TryWriteReadRequest(address, (byte)command, request, out _));
        await controller.PrivateWriteAsync(address, request);
        var buffer = new byte[600];
        var result = await controller.PrivateReadAsync(address, buffer);
        Assert.Equal(WireStatus.Done, RecoveryFrame.TryReadReadResponse(address, buffer.AsSpan(0, result.Length), out var payload, out _));
        return payload.ToArray();
    }
}
