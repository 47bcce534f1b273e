using System.Security.Cryptography;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Spdm;

namespace Rampart.Firmware.Mcu.Apps.Spdm;

/// <summary>
/// The app's half of the session-secret driver (0x9000_0002, decision 0276): each export (or
/// refusal) becomes one <see cref="SpdmSessionSecretRecord"/> in a slice of the app's arena,
/// allowed read-only, written with command 1, then un-allowed and zeroed. The driver exists only
/// when the host set the debug strap, so <see cref="TryOpen"/> is the app's setting: no driver, no
/// sink, and the responders never ask Caliptra for a secret.
/// </summary>
internal sealed class SessionSecretsPort : ISpdmDheSecretSink
{
    /// <summary>Room for one record.</summary>
    public const int BufferSize = 128;

    private const uint WriteCommand = 1;
    private readonly ISyscalls _syscalls;
    private readonly AppSlice _buffer;

    private SessionSecretsPort(ISyscalls syscalls, AppSlice buffer)
    {
        _syscalls = syscalls;
        _buffer = buffer;
    }

    /// <summary>Records the driver took.</summary>
    public long Written { get; private set; }

    /// <summary>Records the driver refused.</summary>
    public long Refused { get; private set; }

    /// <summary>The sink when the driver is present (the host asked for session secrets), else null.</summary>
    public static SessionSecretsPort? TryOpen(ISyscalls syscalls, AppSlice buffer)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        return syscalls.Command(DriverNumbers.SpdmSessionSecrets, 0, 0, 0).IsSuccess ? new SessionSecretsPort(syscalls, buffer) : null;
    }

    /// <inheritdoc/>
    public ValueTask WriteAsync(SpdmDheSecretExport export)
    {
        var memory = _syscalls.Memory.Slice(_buffer.Offset, _buffer.Length);
        if (SpdmSessionSecretRecord.TryWrite(export, memory, out var length)
            && _syscalls.AllowReadOnly(DriverNumbers.SpdmSessionSecrets, 0, _buffer with { Length = length }).IsSuccess
            && _syscalls.Command(DriverNumbers.SpdmSessionSecrets, WriteCommand, (uint)length, 0).IsSuccess)
        {
            Written++;
        }
        else
        {
            Refused++;
        }

        _ = _syscalls.AllowReadOnly(DriverNumbers.SpdmSessionSecrets, 0, AppSlice.Empty);
        CryptographicOperations.ZeroMemory(memory);
        if (export.Secret is { } secret)
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        return ValueTask.CompletedTask;
    }
}
