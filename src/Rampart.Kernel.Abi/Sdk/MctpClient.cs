namespace Rampart.Kernel.Abi.Sdk;

/// <summary>
/// An app's view of one virtual MCTP driver (<see cref="MctpDriverAbi"/>): one message type, whole
/// message bodies with the type byte first. Each call allows its buffer, subscribes, issues the
/// command and completes on the driver's upcall; the buffer and subscription are given back when
/// it completes (<see cref="UpcallOperation"/>).
/// </summary>
public sealed class MctpClient
{
    private readonly ISyscalls _syscalls;
    private readonly uint _driver;

    /// <summary>A client of driver <paramref name="driverNumber"/> (see <see cref="DriverNumbers"/>).</summary>
    public MctpClient(ISyscalls syscalls, uint driverNumber)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        _syscalls = syscalls;
        _driver = driverNumber;
    }

    /// <summary>Waits for the next request of this driver's message type, received into <paramref name="buffer"/>.</summary>
    public async ValueTask<MctpReceiveResult> ReceiveRequestAsync(AppSlice buffer)
    {
        var result = await Start(MctpDriverAbi.ReceivedRequest, SyscallClass.ReadWriteAllow, MctpDriverAbi.RequestBuffer, buffer, MctpDriverAbi.CommandReceiveRequest, 0, 0);
        return ToReceive(result);
    }

    /// <summary>Waits for the response to this app's outstanding request, received into <paramref name="buffer"/>.</summary>
    public async ValueTask<MctpReceiveResult> ReceiveResponseAsync(AppSlice buffer)
    {
        var result = await Start(MctpDriverAbi.ReceivedResponse, SyscallClass.ReadWriteAllow, MctpDriverAbi.ResponseBuffer, buffer, MctpDriverAbi.CommandReceiveResponse, 0, 0);
        return ToReceive(result);
    }

    /// <summary>Sends <paramref name="message"/> as a request; completes when it has gone, with the tag its response will carry.</summary>
    public async ValueTask<MctpSendResult> SendRequestAsync(byte destinationEid, AppSlice message)
    {
        var result = await Start(MctpDriverAbi.Transmitted, SyscallClass.ReadOnlyAllow, MctpDriverAbi.TxBuffer, message, MctpDriverAbi.CommandSendRequest, destinationEid, 0);
        return ToSend(result);
    }

    /// <summary>Sends <paramref name="message"/> as the response to the request that came with <paramref name="tag"/>.</summary>
    public async ValueTask<MctpSendResult> SendResponseAsync(byte destinationEid, byte tag, AppSlice message)
    {
        var result = await Start(MctpDriverAbi.Transmitted, SyscallClass.ReadOnlyAllow, MctpDriverAbi.TxBuffer, message, MctpDriverAbi.CommandSendResponse, destinationEid, tag);
        return ToSend(result);
    }

    private static MctpReceiveResult ToReceive(UpcallResult result)
    {
        if (result.Error is { } error)
        {
            return new MctpReceiveResult(error, 0, 0, 0);
        }

        var args = result.Args;
        return new MctpReceiveResult(MctpDriverAbi.Status(args.Arg0), (int)args.Arg1, MctpDriverAbi.SourceEid(args.Arg2), MctpDriverAbi.Tag(args.Arg2));
    }

    private static MctpSendResult ToSend(UpcallResult result)
    {
        if (result.Error is { } error)
        {
            return new MctpSendResult(error, 0);
        }

        var args = result.Args;
        return new MctpSendResult(MctpDriverAbi.Status(args.Arg0), (byte)(args.Arg2 & 0x07));
    }

    private UpcallOperation Start(uint subscribeNumber, SyscallClass allowKind, uint bufferNumber, AppSlice buffer, uint command, uint arg0, uint arg1)
    {
        var operation = new UpcallOperation(_syscalls, _driver, subscribeNumber);
        if (!buffer.IsEmpty && !operation.Allow(allowKind, bufferNumber, buffer))
        {
            return operation;
        }

        if (!operation.Subscribe())
        {
            return operation;
        }

        var issued = _syscalls.Command(_driver, command, arg0, arg1);
        if (!issued.IsSuccess)
        {
            operation.Fail(issued.Error ?? ErrorCode.Fail);
        }

        return operation;
    }
}
