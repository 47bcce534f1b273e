using Rampart.Hal.Time;
using Rampart.Protocols.Pldm;
using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Tests.Pldm;

/// <summary>Virtual time for the engines.</summary>
internal sealed class FakeClock : IClock
{
    public long Now { get; set; }
}

/// <summary>A firmware device with two components that keeps received images in arrays.</summary>
internal sealed class TestDeviceHandler : IFirmwareDeviceHandler
{
    public const ushort ComponentA = 0x0001;
    public const ushort ComponentB = 0x0002;
    private readonly byte[] _descriptors;
    private readonly byte[] _table;
    private int _verifyPolls;

    public TestDeviceHandler()
    {
        // One UUID descriptor (16 bytes) and one IANA enterprise ID (4 bytes).
        var buffer = new byte[64];
        new Descriptor(DescriptorType.Uuid, Uuid).TryWrite(buffer, out var a);
        new Descriptor(DescriptorType.IanaEnterpriseId, Iana).TryWrite(buffer.AsSpan(a), out var b);
        _descriptors = buffer[..(a + b)];

        var table = new byte[256];
        var n = 0;
        foreach (var id in new[] { ComponentA, ComponentB })
        {
            var version = "1.0"u8;
            new ComponentParameterEntry(
                ComponentClassification.Firmware, id, (byte)(id + 10), 1, VersionStringType.Ascii, "20250101"u8, version,
                0, VersionStringType.Ascii, "00000000"u8, default, ComponentActivationMethods.Automatic, 0).TryWrite(table.AsSpan(n), out var w);
            n += w;
        }

        _table = table[..n];
    }

    public static byte[] Uuid { get; } = [0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F];

    public static byte[] Iana { get; } = [0x7F, 0xA6, 0x00, 0x00];

    public Dictionary<ushort, byte[]> Images { get; } = [];

    public List<string> Log { get; } = [];

    public bool FailStorage { get; set; }

    public byte VerifyResultToReport { get; set; }

    public int DescriptorCount => 2;

    public ReadOnlySpan<byte> Descriptors => _descriptors;

    public uint CapabilitiesDuringUpdate => 0;

    public VersionStringType ImageSetVersionType => VersionStringType.Ascii;

    public ReadOnlySpan<byte> ActiveImageSetVersion => "set-1"u8;

    public ReadOnlySpan<byte> PendingImageSetVersion => default;

    public int ComponentCount => 2;

    public ReadOnlySpan<byte> ComponentParameterTable => _table;

    public ComponentResponseCode CheckComponent(in FirmwareComponent component, VersionStringType versionType, ReadOnlySpan<byte> version) =>
        component.Identifier is ComponentA or ComponentB ? ComponentResponseCode.CanBeUpdated : ComponentResponseCode.NotSupported;

    public bool WriteFirmwareData(in FirmwareComponent component, uint offset, ReadOnlySpan<byte> data)
    {
        if (FailStorage)
        {
            return false;
        }

        if (!Images.TryGetValue(component.Identifier, out var image))
        {
            image = new byte[component.ImageSize];
            Images[component.Identifier] = image;
        }

        data.CopyTo(image.AsSpan((int)offset));
        return true;
    }

    public FirmwareStepResult Verify(in FirmwareComponent component)
    {
        // Pending on the first poll, as a mailbox round trip would be.
        if (_verifyPolls++ % 2 == 0)
        {
            return FirmwareStepResult.Pending;
        }

        Log.Add($"verify {component.Identifier}");
        return FirmwareStepResult.Done(VerifyResultToReport);
    }

    public FirmwareStepResult Apply(in FirmwareComponent component)
    {
        Log.Add($"apply {component.Identifier}");
        return FirmwareStepResult.Success;
    }

    public PldmCompletionCode Activate(bool selfContained, out ushort estimatedSeconds)
    {
        Log.Add("activate");
        estimatedSeconds = 0;
        return PldmCompletionCode.Success;
    }

    public void Abandon(in FirmwareComponent component) => Log.Add($"abandon {component.Identifier}");
}

/// <summary>
/// The UA's transport with the FD in the same process: sending to the FD runs it at once;
/// waiting pumps the FD's own requests and advances virtual time to the next timer.
/// </summary>
internal sealed class InProcessLink : IPldmTransport
{
    private readonly Queue<byte[]> _toAgent = new();
    private readonly byte[] _scratch = new byte[8192];

    public InProcessLink(FirmwareDeviceEngine device, FakeClock clock)
    {
        Device = device;
        Clock = clock;
    }

    public FirmwareDeviceEngine Device { get; }

    public FakeClock Clock { get; }

    /// <summary>Messages UA→FD that are lost when this returns true.</summary>
    public Func<byte[], bool> DropToDevice { get; set; } = _ => false;

    /// <summary>Messages FD→UA that are lost when this returns true.</summary>
    public Func<byte[], bool> DropToAgent { get; set; } = _ => false;

    /// <summary>Every message the UA sent.</summary>
    public List<byte[]> SentByAgent { get; } = [];

    /// <summary>Extra FD→UA messages to deliver before anything else.</summary>
    public Queue<byte[]> Injected { get; } = new();

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var bytes = message.ToArray();
        SentByAgent.Add(bytes);
        if (DropToDevice(bytes))
        {
            return ValueTask.FromResult(true);
        }

        if (PldmHeader.TryRead(bytes, out var header, out _) == WireStatus.Done && header.IsRequest)
        {
            var n = Device.HandleRequest(bytes, _scratch, Clock.Now);
            if (n > 0)
            {
                ToAgent(_scratch[..n]);
            }
        }
        else
        {
            Device.HandleResponse(bytes, Clock.Now);
        }

        return ValueTask.FromResult(true);
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, long deadline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        for (var guard = 0; guard < 100_000; guard++)
        {
            if (Injected.Count > 0)
            {
                _toAgent.Enqueue(Injected.Dequeue());
            }

            if (_toAgent.Count > 0)
            {
                var message = _toAgent.Dequeue();
                message.CopyTo(buffer);
                return ValueTask.FromResult(message.Length);
            }

            var n = Device.PollRequest(_scratch, Clock.Now);
            if (n > 0)
            {
                ToAgent(_scratch[..n]);
                continue;
            }

            if (Clock.Now >= deadline)
            {
                return ValueTask.FromResult(0);
            }

            var next = Device.NextPollAt;
            Clock.Now = next <= Clock.Now ? Clock.Now + TimeUnits.Millisecond : Math.Min(deadline, next);
        }

        throw new InvalidOperationException("the link made no progress");
    }

    private void ToAgent(byte[] message)
    {
        if (!DropToAgent(message))
        {
            _toAgent.Enqueue(message);
        }
    }
}

/// <summary>Message builders and readers for tests.</summary>
internal static class Pldm
{
    public static byte[] Request<T>(in T body, byte instanceId = 1)
        where T : IPldmMessage<T>, allows ref struct
    {
        var buffer = new byte[4096];
        Assert.True(PldmBody.TryWriteMessage(instanceId, body, buffer, out var n));
        return buffer[..n];
    }

    public static byte[] Raw(PldmType type, byte command, params byte[] body)
    {
        var bytes = new byte[PldmHeader.Length + body.Length];
        PldmHeader.Request(1, type, command).TryWrite(bytes, out _);
        body.CopyTo(bytes, PldmHeader.Length);
        return bytes;
    }

    public static bool IsCommand(byte[] message, FirmwareUpdateCommand command, bool request) =>
        PldmHeader.TryRead(message, out var header, out _) == WireStatus.Done && header.Type == PldmType.FirmwareUpdate
        && header.Command == (byte)command && header.IsRequest == request;

    /// <summary>The completion code of a response (the first body byte).</summary>
    public static byte Code(ReadOnlySpan<byte> response)
    {
        Assert.True(response.Length > PldmHeader.Length, "no completion code");
        return response[PldmHeader.Length];
    }

    public static byte[] Plan(int length, int seed)
    {
        var image = new byte[length];
        for (var i = 0; i < length; i++)
        {
            image[i] = (byte)((i * 31) + seed);
        }

        return image;
    }
}
