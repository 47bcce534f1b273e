using System.Text;
using Rampart.Kernel.Abi;

namespace Rampart.Kernel.Capsules;

/// <summary>
/// A console/log capsule after Tock's console driver (capsules/core/src/console.rs, driver 0x1):
/// read-only allow 1 is the text to write, command 1 writes that many bytes as one line, upcall 1
/// reports the bytes written. Lines are kept (bounded) for the board to show, tagged with the
/// writer's process name; the capsule never sees another process's buffer.
/// </summary>
public sealed class ConsoleCapsule : ISyscallDriver
{
    /// <summary>Tock's console driver number.</summary>
    public const uint DriverNumber = 0x0000_0001;

    /// <summary>Grant bytes charged to each process.</summary>
    public const int GrantBytes = 32;

    /// <summary>The longest line kept.</summary>
    public const int MaxLine = 256;

    /// <summary>Lines kept before older ones are dropped.</summary>
    public const int MaxLines = 1024;

    private readonly Grant<ConsoleGrant> _grant;
    private readonly List<(ProcessId Process, string Text)> _lines = [];

    /// <summary>Creates the capsule with the board's memory-allocation capability.</summary>
    public ConsoleCapsule(Kernel kernel, MemoryAllocationCapability capability)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _grant = kernel.CreateGrant<ConsoleGrant>(DriverNumber, GrantBytes, capability);
    }

    /// <summary>The lines written, oldest first.</summary>
    public IReadOnlyList<(ProcessId Process, string Text)> Lines => _lines;

    /// <inheritdoc />
    public SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1)
    {
        if (commandNumber == 0)
        {
            return SyscallReturn.Success();
        }

        if (commandNumber != 1)
        {
            return SyscallReturn.Failure(ErrorCode.NoSupport);
        }

        var state = new WriteState(this, process, arg0);
        var error = _grant.Enter(process, state, static (grant, kernel, s) =>
        {
            var text = kernel.ReadOnly(1);
            if (text.IsEmpty)
            {
                s.Error = ErrorCode.Reserve;
                return;
            }

            var length = (int)Math.Min(Math.Min(s.Length, (uint)text.Length), MaxLine);
            if (s.Owner._lines.Count >= MaxLines)
            {
                s.Owner._lines.RemoveAt(0);
            }

            s.Owner._lines.Add((s.Process, Encoding.UTF8.GetString(text[..length])));
            grant.Written += (uint)length;
            kernel.ScheduleUpcall(1, new UpcallArgs((uint)length, 0, 0));
        });
        error ??= state.Error;
        return error is null ? SyscallReturn.Success() : SyscallReturn.Failure(error.Value);
    }

    /// <summary>Per-process console state.</summary>
    public sealed class ConsoleGrant
    {
        /// <summary>Bytes written in this generation.</summary>
        public uint Written { get; set; }
    }

    private sealed class WriteState(ConsoleCapsule owner, ProcessId process, uint length)
    {
        public ConsoleCapsule Owner { get; } = owner;

        public ProcessId Process { get; } = process;

        public uint Length { get; } = length;

        public ErrorCode? Error { get; set; }
    }
}
