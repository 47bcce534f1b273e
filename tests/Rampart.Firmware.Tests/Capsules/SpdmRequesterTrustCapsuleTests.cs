using Rampart.Firmware.Mcu.Apps.Spdm;
using Rampart.Firmware.Mcu.Runtime.Capsules;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Spdm;

namespace Rampart.Firmware.Tests.Capsules;

/// <summary>
/// The requester-trust driver (decision 0277): the SPDM app reads the board's provisioned trust
/// into its own buffer and leaves nothing there; without the driver it asks nobody.
/// </summary>
public sealed class SpdmRequesterTrustCapsuleTests
{
    private static readonly SpdmRequesterTrust Trust = new()
    {
        SlotId = 2,
        PublicKey = Enumerable.Range(0, 96).Select(i => (byte)i).ToArray(),
        CertificateChain = Chain(300),
    };

    private static byte[] Chain(int length)
    {
        var chain = new byte[length];
        chain[0] = (byte)length;
        chain[1] = (byte)(length >> 8);
        chain[^1] = 0x5A;
        return chain;
    }

    [Fact]
    public void The_app_reads_the_provisioned_trust_and_its_buffer_is_zeroed()
    {
        var app = Board(SpdmRequesterTrustRecord.Encode(Trust));
        var buffer = new AppSlice(128, SpdmRequesterTrustRecord.MaxSize);

        var read = RequesterTrustPort.Read(app.Syscalls!, buffer);

        Assert.NotNull(read);
        Assert.Equal(2, read.SlotId);
        Assert.Equal(Trust.PublicKey.ToArray(), read.PublicKey.ToArray());
        Assert.Equal(Trust.CertificateChain.ToArray(), read.CertificateChain.ToArray());
        Assert.All(app.Syscalls!.Memory.Slice(buffer.Offset, buffer.Length).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Without_the_driver_nobody_is_asked_for()
    {
        var board = new CapsuleBoard();
        var app = new HolderApp();
        board.Load("spdm", app);

        Assert.Null(RequesterTrustPort.Read(app.Syscalls!, new AppSlice(0, 1024)));
        Assert.Equal(ErrorCode.NoDevice, app.Syscalls!.Command(DriverNumbers.SpdmRequesterTrust, 0, 0, 0).Error);
    }

    [Fact]
    public void A_buffer_shorter_than_the_record_is_size_and_the_app_refuses_to_go_on()
    {
        var record = SpdmRequesterTrustRecord.Encode(Trust);
        var app = Board(record);
        var s = app.Syscalls!;

        Assert.Equal((uint)record.Length, s.Command(DriverNumbers.SpdmRequesterTrust, 1, 0, 0).R1);
        Assert.Equal(ErrorCode.Reserve, s.Command(DriverNumbers.SpdmRequesterTrust, 2, 0, 0).Error);
        Assert.True(s.AllowReadWrite(DriverNumbers.SpdmRequesterTrust, 0, new AppSlice(0, 64)).IsSuccess);
        Assert.Equal(ErrorCode.Size, s.Command(DriverNumbers.SpdmRequesterTrust, 2, 0, 0).Error);
        Assert.Equal(ErrorCode.NoSupport, s.Command(DriverNumbers.SpdmRequesterTrust, 3, 0, 0).Error);

        // Failing closed: an app that cannot read the trust its board demands does not serve.
        Assert.Throws<InvalidOperationException>(() => RequesterTrustPort.Read(s, new AppSlice(0, 64)));
    }

    [Fact]
    public void A_malformed_record_makes_the_app_refuse_to_go_on()
    {
        var record = SpdmRequesterTrustRecord.Encode(Trust);
        record[0] = 9;
        var app = Board(record);

        Assert.Throws<InvalidOperationException>(() => RequesterTrustPort.Read(app.Syscalls!, new AppSlice(0, SpdmRequesterTrustRecord.MaxSize)));
        Assert.All(app.Syscalls!.Memory[..SpdmRequesterTrustRecord.MaxSize].ToArray(), b => Assert.Equal(0, b));
    }

    private static HolderApp Board(byte[] record)
    {
        var board = new CapsuleBoard();
        board.Kernel.RegisterDriver(DriverNumbers.SpdmRequesterTrust, new SpdmRequesterTrustCapsule(board.Kernel, board.Capabilities.MemoryAllocation, record), board.Capabilities.MainLoop);
        var app = new HolderApp();
        board.Load("spdm", app);
        return app;
    }
}
