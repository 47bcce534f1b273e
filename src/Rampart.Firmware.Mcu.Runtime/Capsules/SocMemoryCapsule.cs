using Rampart.Hal.Boot;
using Rampart.Kernel;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;

namespace Rampart.Firmware.Mcu.Runtime.Capsules;

/// <summary>
/// Writes an app's buffer into the SoC address space (the PLDM app places SoC images at their
/// load addresses). The bus refuses unmapped or out-of-range writes; nothing is clipped.
/// <code>
/// RO allow 0   the data
/// command 0    present
/// command 1    write(address low 32, address high 32) -> Success, Failure(INVAL) refused by the bus, Failure(RESERVE) no buffer
/// </code>
/// </summary>
public sealed class SocMemoryCapsule : ISyscallDriver
{
    /// <summary>Grant bytes charged to each process.</summary>
    public const int GrantBytes = 16;

    private readonly IMemoryBus _bus;
    private readonly Grant<SocMemoryGrant> _grant;
    private ulong _address;
    private ErrorCode? _error;

    /// <summary>Creates the capsule over <paramref name="bus"/>.</summary>
    public SocMemoryCapsule(Kernel.Kernel kernel, MemoryAllocationCapability capability, IMemoryBus bus)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(bus);
        _bus = bus;
        _grant = kernel.CreateGrant<SocMemoryGrant>(DriverNumbers.SocMemory, GrantBytes, capability);
    }

    /// <summary>Writes done.</summary>
    public long Writes { get; private set; }

    /// <summary>Bytes written.</summary>
    public long BytesWritten { get; private set; }

    /// <inheritdoc />
    public SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1)
    {
        switch (commandNumber)
        {
            case 0:
                return SyscallReturn.Success();
            case 1:
                {
                    _address = arg0 | ((ulong)arg1 << 32);
                    _error = null;
                    var error = _grant.Enter(process, this, static (_, kernel, self) => self.Write(kernel.ReadOnly(0))) ?? _error;
                    return error is null ? SyscallReturn.Success() : SyscallReturn.Failure(error.Value);
                }

            default:
                return SyscallReturn.Failure(ErrorCode.NoSupport);
        }
    }

    private void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            _error = ErrorCode.Reserve;
            return;
        }

        if (!_bus.TryWrite(_address, data))
        {
            _error = ErrorCode.Invalid;
            return;
        }

        Writes++;
        BytesWritten += data.Length;
    }

    /// <summary>The per-process state (none beyond the allow the kernel keeps).</summary>
    public sealed class SocMemoryGrant
    {
    }
}
