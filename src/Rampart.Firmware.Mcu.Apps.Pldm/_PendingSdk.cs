using Rampart.Kernel.Abi;

// Replaced at integration by Rampart.Kernel.Abi.Sdk: delete this file once the SDK's MctpClient
// and CaliptraMailboxClient exist. These are compile-time placeholders with the agreed
// signatures only; every call reports NODEVICE, so an app built with them loads but cannot talk.
namespace Rampart.Kernel.Abi.Sdk;

/// <summary>Placeholder, replaced at integration by Rampart.Kernel.Abi.Sdk.MctpClient.</summary>
internal sealed class MctpClient
{
    public MctpClient(ISyscalls syscalls, uint driverNumber)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        DriverNumber = driverNumber;
    }

    public uint DriverNumber { get; }

    public ValueTask<MctpReceiveResult> ReceiveRequestAsync(AppSlice buffer) => ValueTask.FromResult(new MctpReceiveResult(ErrorCode.NoDevice, 0, 0, 0));

    public ValueTask<MctpReceiveResult> ReceiveResponseAsync(AppSlice buffer) => ValueTask.FromResult(new MctpReceiveResult(ErrorCode.NoDevice, 0, 0, 0));

    public ValueTask<MctpSendResult> SendRequestAsync(byte destinationEid, AppSlice message) => ValueTask.FromResult(new MctpSendResult(ErrorCode.NoDevice, 0));

    public ValueTask<MctpSendResult> SendResponseAsync(byte destinationEid, byte tag, AppSlice message) => ValueTask.FromResult(new MctpSendResult(ErrorCode.NoDevice, tag));
}

/// <summary>Placeholder, replaced at integration by Rampart.Kernel.Abi.Sdk.MctpReceiveResult.</summary>
internal readonly record struct MctpReceiveResult(ErrorCode? Error, int Length, byte SourceEid, byte Tag);

/// <summary>Placeholder, replaced at integration by Rampart.Kernel.Abi.Sdk.MctpSendResult.</summary>
internal readonly record struct MctpSendResult(ErrorCode? Error, byte Tag);

/// <summary>Placeholder, replaced at integration by Rampart.Kernel.Abi.Sdk.CaliptraMailboxClient.</summary>
internal sealed class CaliptraMailboxClient
{
    public CaliptraMailboxClient(ISyscalls syscalls) => ArgumentNullException.ThrowIfNull(syscalls);

    public ValueTask<MailboxCallResult> ExecuteAsync(uint command, AppSlice request, AppSlice response) =>
        ValueTask.FromResult(new MailboxCallResult(ErrorCode.NoDevice, 0));
}

/// <summary>Placeholder, replaced at integration by Rampart.Kernel.Abi.Sdk.MailboxCallResult.</summary>
internal readonly record struct MailboxCallResult(ErrorCode? Error, int ResponseLength);
