using Rampart.Kernel;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Spdm;

namespace Rampart.Firmware.Mcu.Runtime.Capsules;

/// <summary>
/// The provisioned SPDM requester trust (decision 0277): whom the SPDM responder asks for mutual
/// authentication. The board registers it only when its configuration holds a requester-trust
/// record, so without one the driver does not exist (NODEVICE) and the SPDM app never asks.
/// Read-only: an app copies the record into its own buffer and can change nothing. The capsule
/// checks nothing but the size; the app parses the record (<see cref="SpdmRequesterTrustRecord"/>).
/// <code>
/// RW allow 0   where the record goes
/// command 0    present
/// command 1    length -> SuccessU32(record length)
/// command 2    read -> SuccessU32(record length), Failure(RESERVE) no buffer, Failure(SIZE) the buffer is shorter than the record
/// </code>
/// </summary>
public sealed class SpdmRequesterTrustCapsule : ISyscallDriver
{
    /// <summary>Grant bytes charged to each process.</summary>
    public const int GrantBytes = 16;

    private readonly byte[] _record;
    private readonly Grant<TrustGrant> _grant;
    private ErrorCode? _error;

    /// <summary>Creates the capsule over a copy of <paramref name="record"/> (at most <see cref="SpdmRequesterTrustRecord.MaxSize"/> bytes).</summary>
    public SpdmRequesterTrustCapsule(Kernel.Kernel kernel, MemoryAllocationCapability capability, ReadOnlySpan<byte> record)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (record.IsEmpty || record.Length > SpdmRequesterTrustRecord.MaxSize)
        {
            throw new ArgumentException($"a requester-trust record is 1 to {SpdmRequesterTrustRecord.MaxSize} bytes", nameof(record));
        }

        _record = record.ToArray();
        _grant = kernel.CreateGrant<TrustGrant>(DriverNumbers.SpdmRequesterTrust, GrantBytes, capability);
    }

    /// <inheritdoc />
    public SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1)
    {
        switch (commandNumber)
        {
            case 0:
                return SyscallReturn.Success();
            case 1:
                return SyscallReturn.SuccessU32((uint)_record.Length);
            case 2:
                {
                    _error = null;
                    var error = _grant.Enter(process, this, static (_, kernel, self) => self.Read(kernel.ReadWrite(0))) ?? _error;
                    return error is null ? SyscallReturn.SuccessU32((uint)_record.Length) : SyscallReturn.Failure(error.Value);
                }

            default:
                return SyscallReturn.Failure(ErrorCode.NoSupport);
        }
    }

    private void Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            _error = ErrorCode.Reserve;
            return;
        }

        if (buffer.Length < _record.Length)
        {
            _error = ErrorCode.Size;
            return;
        }

        _record.CopyTo(buffer);
    }

    /// <summary>The per-process state (none beyond the allow the kernel keeps).</summary>
    public sealed class TrustGrant
    {
    }
}
