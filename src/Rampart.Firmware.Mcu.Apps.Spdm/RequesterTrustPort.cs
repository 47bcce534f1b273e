using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Spdm;
using Rampart.Wire;

namespace Rampart.Firmware.Mcu.Apps.Spdm;

/// <summary>
/// The app's half of the requester-trust driver (0x9000_0003, decision 0277): the board registers
/// it only when its configuration names a requester the responder must authenticate, so no driver
/// means no mutual authentication. With one, the record is read once into a slice of the app's
/// arena, un-allowed, parsed and the slice zeroed.
/// </summary>
internal static class RequesterTrustPort
{
    private const uint ReadCommand = 2;

    /// <summary>
    /// The provisioned requester trust, or null when the board has none. Throws when the driver is
    /// present and its record cannot be read or parsed: the app then faults rather than serve
    /// sessions without the authentication the board's configuration demands.
    /// </summary>
    public static SpdmRequesterTrust? Read(ISyscalls syscalls, AppSlice buffer)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        if (!syscalls.Command(DriverNumbers.SpdmRequesterTrust, 0, 0, 0).IsSuccess)
        {
            return null;
        }

        var memory = syscalls.Memory.Slice(buffer.Offset, buffer.Length);
        try
        {
            var allowed = syscalls.AllowReadWrite(DriverNumbers.SpdmRequesterTrust, 0, buffer).IsSuccess;
            var read = allowed ? syscalls.Command(DriverNumbers.SpdmRequesterTrust, ReadCommand, 0, 0) : default;
            _ = syscalls.AllowReadWrite(DriverNumbers.SpdmRequesterTrust, 0, AppSlice.Empty);
            if (!read.IsSuccess || read.R1 > (uint)buffer.Length
                || SpdmRequesterTrustRecord.TryRead(memory[..(int)read.R1], out var trust) != WireStatus.Done)
            {
                throw new InvalidOperationException($"the provisioned SPDM requester trust cannot be read ({read.Error?.ToString() ?? "malformed record"})");
            }

            return trust;
        }
        finally
        {
            memory.Clear();
        }
    }
}
