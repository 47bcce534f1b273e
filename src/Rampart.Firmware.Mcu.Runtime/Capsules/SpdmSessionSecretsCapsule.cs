using Rampart.Hal.Peripherals;
using Rampart.Kernel;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Spdm;

namespace Rampart.Firmware.Mcu.Runtime.Capsules;

/// <summary>
/// SPDM session secrets to the chip's debug port (decision 0276). The board registers it only when
/// the host set <see cref="DebugStraps.SpdmSessionSecrets"/>, so with the strap off the driver does
/// not exist (NODEVICE) and the SPDM app exports nothing. Write-only: an app hands over bytes it
/// already has and gets nothing back, so no app reaches another's data through it. Whether a
/// secret exists at all is Caliptra's decision (CM_ECDH_DEBUG_EXPORT answers on a development chip
/// only); the capsule carries what it is given, a record of at most
/// <see cref="SpdmSessionSecretRecord.MaxSize"/> bytes.
/// <code>
/// RO allow 0   the record (SpdmSessionSecretRecord)
/// command 0    present
/// command 1    write(record length) -> Success, Failure(RESERVE) no buffer, Failure(SIZE) longer than the buffer or the limit, Failure(FAIL) the port refused
/// </code>
/// </summary>
public sealed class SpdmSessionSecretsCapsule : ISyscallDriver
{
    /// <summary>Grant bytes charged to each process.</summary>
    public const int GrantBytes = 16;

    private readonly IDebugPort _port;
    private readonly Grant<SecretsGrant> _grant;
    private ErrorCode? _error;
    private uint _length;

    /// <summary>Creates the capsule over <paramref name="port"/>.</summary>
    public SpdmSessionSecretsCapsule(Kernel.Kernel kernel, MemoryAllocationCapability capability, IDebugPort port)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _port = port ?? throw new ArgumentNullException(nameof(port));
        _grant = kernel.CreateGrant<SecretsGrant>(DriverNumbers.SpdmSessionSecrets, GrantBytes, capability);
    }

    /// <summary>Records written to the port.</summary>
    public long Written { get; private set; }

    /// <inheritdoc />
    public SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1)
    {
        switch (commandNumber)
        {
            case 0:
                return SyscallReturn.Success();
            case 1:
                {
                    _length = arg0;
                    _error = null;
                    var error = _grant.Enter(process, this, static (_, kernel, self) => self.Write(kernel.ReadOnly(0))) ?? _error;
                    return error is null ? SyscallReturn.Success() : SyscallReturn.Failure(error.Value);
                }

            default:
                return SyscallReturn.Failure(ErrorCode.NoSupport);
        }
    }

    private void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            _error = ErrorCode.Reserve;
            return;
        }

        if (_length == 0 || _length > (uint)buffer.Length || _length > SpdmSessionSecretRecord.MaxSize)
        {
            _error = ErrorCode.Size;
            return;
        }

        if (!_port.TryWrite(DebugChannel.SpdmSessionSecret, buffer[..(int)_length]))
        {
            _error = ErrorCode.Fail;
            return;
        }

        Written++;
    }

    /// <summary>The per-process state (none beyond the allow the kernel keeps).</summary>
    public sealed class SecretsGrant
    {
    }
}
