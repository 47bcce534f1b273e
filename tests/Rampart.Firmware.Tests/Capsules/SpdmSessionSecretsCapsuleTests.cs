using Rampart.Firmware.Mcu.Apps.Spdm;
using Rampart.Firmware.Mcu.Runtime.Capsules;
using Rampart.Hal.Peripherals;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Protocols.Spdm;
using Rampart.Wire;

namespace Rampart.Firmware.Tests.Capsules;

/// <summary>
/// The session-secret driver (decision 0276): the SPDM app's records reach the chip's debug port
/// when the host strapped it on; without the driver the app has no sink; nothing comes back.
/// </summary>
public sealed class SpdmSessionSecretsCapsuleTests : IDisposable
{
    private readonly Simulator _simulator = new(3);

    public void Dispose() => _simulator.Dispose();

    [Fact]
    public async Task A_record_reaches_the_debug_port_and_leaves_nothing_in_the_app()
    {
        var (port, app) = Board(DebugStraps.SpdmSessionSecrets);
        var sink = SessionSecretsPort.TryOpen(app.Syscalls!, new AppSlice(64, SessionSecretsPort.BufferSize));
        Assert.NotNull(sink);
        var secret = Enumerable.Range(1, 48).Select(i => (byte)i).ToArray();

        await sink.WriteAsync(new SpdmDheSecretExport(0xFFFE0001, secret));

        var record = Assert.Single(port.Records);
        Assert.Equal(DebugChannel.SpdmSessionSecret, record.Channel);
        Assert.Equal(WireStatus.Done, SpdmSessionSecretRecord.TryRead(record.Data, out var read));
        Assert.Equal(0xFFFE0001u, read!.SessionId);
        Assert.Equal(Enumerable.Range(1, 48).Select(i => (byte)i), read.Secret!);
        Assert.Equal(1, sink.Written);
        Assert.All(app.Syscalls!.Memory.Slice(64, SessionSecretsPort.BufferSize).ToArray(), b => Assert.Equal(0, b));
        Assert.All(secret, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task A_port_not_strapped_on_refuses_and_the_app_counts_it()
    {
        var (port, app) = Board(DebugStraps.None);
        var sink = SessionSecretsPort.TryOpen(app.Syscalls!, new AppSlice(64, SessionSecretsPort.BufferSize))!;

        await sink.WriteAsync(new SpdmDheSecretExport(1, new byte[48]));

        Assert.Empty(port.Records);
        Assert.Equal(1, port.Refused);
        Assert.Equal(1, sink.Refused);
    }

    [Fact]
    public void Without_the_driver_the_app_has_no_sink()
    {
        var board = new CapsuleBoard();
        var app = new HolderApp();
        board.Load("spdm", app);

        Assert.Null(SessionSecretsPort.TryOpen(app.Syscalls!, new AppSlice(64, SessionSecretsPort.BufferSize)));
        Assert.Equal(ErrorCode.NoDevice, app.Syscalls!.Command(DriverNumbers.SpdmSessionSecrets, 0, 0, 0).Error);
    }

    [Theory]
    [InlineData("no length", 0u)]
    [InlineData("past the buffer", 9u)]
    [InlineData("past the record limit", SpdmSessionSecretRecord.MaxSize + 1u)]
    public void A_length_the_buffer_or_the_limit_cannot_hold_is_size(string name, uint length)
    {
        Assert.NotEmpty(name);
        var (port, app) = Board(DebugStraps.SpdmSessionSecrets);
        var s = app.Syscalls!;
        var allowed = length > SpdmSessionSecretRecord.MaxSize ? (int)length : 8;
        Assert.True(s.AllowReadOnly(DriverNumbers.SpdmSessionSecrets, 0, new AppSlice(0, allowed)).IsSuccess);

        Assert.Equal(ErrorCode.Size, s.Command(DriverNumbers.SpdmSessionSecrets, 1, length, 0).Error);
        Assert.Empty(port.Records);
    }

    [Fact]
    public void No_buffer_is_reserve_and_unknown_commands_are_nosupport()
    {
        var (_, app) = Board(DebugStraps.SpdmSessionSecrets);
        var s = app.Syscalls!;

        Assert.Equal(ErrorCode.Reserve, s.Command(DriverNumbers.SpdmSessionSecrets, 1, 6, 0).Error);
        Assert.Equal(ErrorCode.NoSupport, s.Command(DriverNumbers.SpdmSessionSecrets, 2, 0, 0).Error);
    }

    private (DebugPort Port, HolderApp App) Board(DebugStraps straps)
    {
        var board = new CapsuleBoard();
        var port = new DebugPort(_simulator, straps);
        board.Kernel.RegisterDriver(DriverNumbers.SpdmSessionSecrets, new SpdmSessionSecretsCapsule(board.Kernel, board.Capabilities.MemoryAllocation, port), board.Capabilities.MainLoop);
        var app = new HolderApp();
        board.Load("spdm", app);
        return (port, app);
    }
}
