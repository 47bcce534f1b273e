using Rampart.Crypto;
using Rampart.Hal.Boot;
using Rampart.Hal.Crypto;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Security;
using Rampart.Hal.Time;
using Rampart.Images.Bundle;
using Rampart.Images.Manifest;
using Rampart.Images.Signing;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Security;
using Rampart.Platform.Simulation;
using Rampart.Protocols.Caliptra;
using Rampart.Wire.Recovery;

namespace Rampart.Firmware.Tests.CaliptraRuntime;

/// <summary>Keys, a bundle, a signed SoC manifest and a Caliptra hardware view built from Platform and Crypto pieces.</summary>
internal static class RuntimeKeys
{
    public static readonly SoftwareCryptoEngines Engines = new(0x5EED_0250UL);

    private static readonly Lazy<HybridSigningKeys> VendorKeys = new(() => Keys(0x10));
    private static readonly Lazy<HybridSigningKeys> OwnerKeys = new(() => Keys(0x20));
    private static readonly Lazy<HybridSigningKeys> ManifestKeys = new(() => Keys(0x30));
    private static readonly Lazy<byte[]> BundleBytes = new(() => FirmwareBundleBuilder.Build(Engines.Sha, new FirmwareBundleDescription
    {
        PqcKeyType = PqcKeyType.MlDsa87,
        VendorEccPublicKeys = [Vendor.Ecc.PublicKey],
        VendorPqcPublicKeys = [Vendor.Pqc.PublicKey],
        Owner = HybridPublicKeys.Of(Owner),
        Svn = 3,
        Fmc = new BundleImageInput(Pattern(32, 1), 0x4000_0000, 0x4000_0000, 1, new byte[20]),
        Runtime = new BundleImageInput(Pattern(48, 2), 0x4010_0000, 0x4010_0000, 1, new byte[20]),
    }).ToArray());

    public static HybridSigningKeys Vendor => VendorKeys.Value;

    public static HybridSigningKeys Owner => OwnerKeys.Value;

    public static byte[] Bundle => BundleBytes.Value;

    public static readonly byte[] McuImage = Pattern(300, 7);

    public static readonly byte[] SocImage = Pattern(200, 9);

    public const ulong SocLoadAddress = 0x3000_0000;

    public const int SocExecBit = 5;

    public static readonly byte[] IdevDer = [0x30, 0x03, 0x02, 0x01, 0x01];

    public static byte[] Pattern(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 13) + seed))];

    public static byte[] Sha384(ReadOnlySpan<byte> data)
    {
        var digest = new byte[48];
        Engines.Sha.Hash(ShaAlgorithm.Sha384, data, digest);
        return digest;
    }

    public static byte[] Manifest(uint svn = 1)
    {
        var keys = HybridPublicKeys.Of(ManifestKeys.Value);
        var manifest = new SocManifest
        {
            Svn = svn,
            VendorKeys = HybridKeyFields.Of(keys),
            VendorKeysSignatures = HybridSignatureFields.Empty,
            OwnerKeys = HybridKeyFields.Of(keys),
            OwnerKeysSignatures = HybridSignatureFields.Empty,
            VendorMetadataSignatures = HybridSignatureFields.Empty,
            OwnerMetadataSignatures = HybridSignatureFields.Empty,
            Entries =
            [
                new ImageMetadataEntry(CaliptraSubsystem.McuRuntimeFwId, 1, 0, ImageMetadataEntry.ComposeFlags(ImageSource.LoadAddress, false, 0), CaliptraSubsystem.McuSramBase, 0, Sha384(McuImage)),
                new ImageMetadataEntry(3, 2, 0, ImageMetadataEntry.ComposeFlags(ImageSource.LoadAddress, false, SocExecBit), SocLoadAddress, 0, Sha384(SocImage)),
            ],
        };
        var bytes = manifest.ToArray();
        Assert.True(SocManifestSigner.TrySign(Engines.Sha, bytes, Vendor, Owner, ManifestKeys.Value, ManifestKeys.Value));
        return bytes;
    }

    private static HybridSigningKeys Keys(int seed) => new(
        EccSigner.FromSeed(Engines.Ecc, Enumerable.Repeat((byte)seed, 64).ToArray()),
        MlDsaSigner.FromSeed(Engines.MlDsa, Enumerable.Repeat((byte)(seed + 1), 32).ToArray()));
}

/// <summary>An <see cref="ICaliptraHardware"/> over Platform peripherals and in-test fakes.</summary>
internal sealed class TestCaliptraHardware : ICaliptraHardware, IDisposable
{
    public static readonly KeySlotId EccSlot = new(3);
    public static readonly KeySlotId MlDsaSlot = new(4);

    private readonly Simulator _simulator = new(7);
    private readonly Mci _mci;

    public TestCaliptraHardware()
    {
        Crypto = RuntimeKeys.Engines;
        var vault = new KeyVault(Crypto);
        KeyVault = vault;
        Pcrs = new PcrBank(vault);
        _mci = new Mci(_simulator);
        Mci = _mci.PortFor(SocMailbox.CaliptraRequester);
        vault.Write(new KeySlotId(1), Enumerable.Repeat((byte)0x42, 64).ToArray(), KeyUsage.Derive);
        EccPublicKey = new byte[P384.PublicKeySize];
        Assert.Equal(KeyVaultStatus.Ok, vault.DeriveEccKeyPair(new KeySlotId(1), EccSlot, KeyUsage.Sign, EccPublicKey));
    }

    public byte[] EccPublicKey { get; }

    public ICryptoEngines Crypto { get; }

    public IKeyVault KeyVault { get; }

    public IPcrBank Pcrs { get; }

    public IFuseController Fuses { get; } = new ZeroFuses();

    /// <summary>The lifecycle the runtime reads: Production with debug locked unless a test says otherwise.</summary>
    public FakeLifecycle FakeLifecycle { get; } = new();

    public ILifecycleController Lifecycle => FakeLifecycle;

    public FakeRecovery FakeRecovery { get; } = new();

    public IRecoveryInterface Recovery => FakeRecovery;

    public FakeMailbox FakeMailbox { get; } = new();

    public IMailboxResponder Mailbox => FakeMailbox;

    public IMci Mci { get; }

    public IDmaEngine Dma => throw new NotSupportedException();

    public FakeBus Memory { get; } = new();

    public IMemoryBus Bus => Memory;

    public IClock Clock => _simulator;

    public IChipTimer Timer => _simulator;

    public List<string> Traces { get; } = [];

    public ITraceSink Trace => new Sink(Traces);

    public int? McuReadySize { get; private set; }

    public void SignalMcuFirmwareReady(int imageSize) => McuReadySize = imageSize;

    public ValueTask WaitForFuseHandoff() => ValueTask.CompletedTask;

    public byte[] Handoff(bool withBundle = true)
    {
        var table = new HandoffTable()
            .Set(HandoffTags.FmcDigest, new byte[48]).Set(HandoffTags.RuntimeDigest, new byte[48]).Set(HandoffTags.ManifestDigest, new byte[48])
            .SetU32(HandoffTags.FirmwareSvn, 3).Set(HandoffTags.CdiSlot, [2]).Set(HandoffTags.EccKeySlot, [EccSlot.Value])
            .Set(HandoffTags.MlDsaKeySlot, [MlDsaSlot.Value]).Set(HandoffTags.EccPublicKey, EccPublicKey)
            .Set(HandoffTags.MlDsaPublicKey, new byte[MlDsa87.PublicKeySize]).Set(HandoffTags.FreeSlots, [10, 11])
            .Set(HandoffTags.IdevIdEccCert, RuntimeKeys.IdevDer);
        if (withBundle)
        {
            table.Set(HandoffTags.FirmwareBundle, RuntimeKeys.Bundle);
        }

        return table.ToArray();
    }

    public void Dispose() => _simulator.Dispose();

    private sealed class Sink(List<string> traces) : ITraceSink
    {
        public void Record(string source, string kind, string message) => traces.Add($"{source} {kind} {message}");
    }

    private sealed class ZeroFuses : IFuseController
    {
        public FuseStatus Read(FusePartition partition, int offset, Span<byte> destination)
        {
            destination.Clear();
            return FuseStatus.Ok;
        }

        public FuseStatus Program(FusePartition partition, int offset, ReadOnlySpan<byte> value) => FuseStatus.Ok;

        public FuseStatus Lock(FusePartition partition) => FuseStatus.Ok;

        public bool IsLocked(FusePartition partition) => false;

        public FuseStatus Verify(FusePartition partition) => FuseStatus.Ok;

        public FuseStatus LoadSecret(FusePartition partition, IKeyVault vault, KeySlotId slot, KeyUsage usage) => FuseStatus.Ok;
    }
}

/// <summary>A lifecycle controller whose state and debug state a test sets; transitions and unlocks are not modelled.</summary>
internal sealed class FakeLifecycle : ILifecycleController
{
    public LifecycleState State { get; set; } = LifecycleState.Production;

    public DebugState Debug { get; set; } = DebugState.Locked;

    public int TransitionCount => 0;

    public LifecycleStatus Transition(LifecycleState target, ReadOnlySpan<byte> token) => throw new NotSupportedException();

    public LifecycleStatus UnlockDebugWithToken(ReadOnlySpan<byte> token) => throw new NotSupportedException();

    public LifecycleStatus CreateDebugUnlockChallenge(int level, Span<byte> challenge) => throw new NotSupportedException();

    public LifecycleStatus UnlockDebugWithSignature(ReadOnlySpan<byte> eccPublicKey, ReadOnlySpan<byte> mlDsaPublicKey, ReadOnlySpan<byte> eccSignature, ReadOnlySpan<byte> mlDsaSignature) =>
        throw new NotSupportedException();
}

/// <summary>A mailbox responder holding one command at a time.</summary>
internal sealed class FakeMailbox : IMailboxResponder
{
    private uint _command;
    private byte[]? _request;

    public MailboxCommandStatus Status { get; private set; }

    public byte[] Response { get; private set; } = [];

    public void Execute(uint command, ReadOnlySpan<byte> request)
    {
        _command = command;
        _request = request.ToArray();
        Status = MailboxCommandStatus.Busy;
        Response = [];
    }

    public bool TryPeekCommand(out uint command, out int dataLength)
    {
        command = _command;
        dataLength = _request?.Length ?? 0;
        return _request is not null;
    }

    public int ReadRequest(Span<byte> destination)
    {
        var request = _request ?? [];
        var n = Math.Min(destination.Length, request.Length);
        request.AsSpan(0, n).CopyTo(destination);
        return n;
    }

    public bool TryRespond(ReadOnlySpan<byte> data)
    {
        if (_request is null)
        {
            return false;
        }

        Response = data.ToArray();
        Status = MailboxCommandStatus.DataReady;
        _request = null;
        return true;
    }

    public bool TryComplete(MailboxCommandStatus status)
    {
        if (_request is null)
        {
            return false;
        }

        Status = status;
        _request = null;
        return true;
    }

    public ValueTask WaitForCommand() => ValueTask.CompletedTask;
}

/// <summary>A flat memory bus with one mapped window per region written.</summary>
internal sealed class FakeBus : IMemoryBus
{
    private readonly Dictionary<ulong, byte[]> _regions = [];

    public void Map(ulong address, int size) => _regions[address] = new byte[size];

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        foreach (var (start, bytes) in _regions)
        {
            if (address >= start && address - start + (ulong)source.Length <= (ulong)bytes.Length)
            {
                source.CopyTo(bytes.AsSpan((int)(address - start)));
                return true;
            }
        }

        return false;
    }

    public bool TryRead(ulong address, Span<byte> destination)
    {
        foreach (var (start, bytes) in _regions)
        {
            if (address >= start && address - start + (ulong)destination.Length <= (ulong)bytes.Length)
            {
                bytes.AsSpan((int)(address - start), destination.Length).CopyTo(destination);
                return true;
            }
        }

        return false;
    }
}

/// <summary>A recovery interface fed from a queue of images; records every status it is given.</summary>
internal sealed class FakeRecovery : IRecoveryInterface
{
    private readonly Queue<byte[]> _images = new();
    private byte[] _current = [];
    private int _read;

    public List<(RecoveryStatusCode Status, byte Index)> RecoveryStatuses { get; } = [];

    public List<DeviceStatusCode> DeviceStatuses { get; } = [];

    public void Enqueue(byte[] image) => _images.Enqueue(image);

    public void SetDeviceStatus(DeviceStatusCode status, RecoveryReason reason) => DeviceStatuses.Add(status);

    public void SetRecoveryStatus(RecoveryStatusCode status, byte imageIndex)
    {
        RecoveryStatuses.Add((status, imageIndex));
        if (status == RecoveryStatusCode.AwaitingImage && _images.Count > 0)
        {
            _current = _images.Dequeue();
            _read = 0;
            ActivateRequested = true;
        }
    }

    public void SetHardwareStatus(HwStatusFlags flags, byte temperature)
    {
    }

    public long ImageSizeBytes => _current.Length;

    public int FifoCount => _current.Length - _read;

    public int ReadFifo(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _current.Length - _read);
        _current.AsSpan(_read, n).CopyTo(destination);
        _read += n;
        return n;
    }

    public bool ActivateRequested { get; private set; }

    public void ClearActivate() => ActivateRequested = false;

    public ValueTask WaitForChange() => ValueTask.CompletedTask;
}
