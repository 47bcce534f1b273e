using Rampart.Protocols.Pldm;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Firmware.Mcu.Apps.Pldm;

/// <summary>
/// The stage 2 firmware device: each component is a SoC image written straight to its load
/// address; verification is Caliptra's AUTHORIZE_AND_STASH (the digest is compared with the SoC
/// manifest and the image's core released by Caliptra); apply and activate have nothing left to do.
/// </summary>
internal sealed class SocImageHandler : IFirmwareDeviceHandler
{
    /// <summary>OCP's IANA enterprise number as used by Caliptra (0xA67F), little-endian.</summary>
    private static ReadOnlySpan<byte> IanaEnterpriseId => [0x7F, 0xA6, 0x00, 0x00];

    private readonly IPldmAppPort _port;
    private readonly SocImage[] _images;
    private readonly byte[] _descriptors;
    private readonly byte[] _table;
    private uint? _authorizing;
    private bool? _authorized;

    public SocImageHandler(IPldmAppPort port, SocImage[] images)
    {
        _port = port;
        _images = images;
        _descriptors = new byte[Descriptor.HeaderLength + IanaEnterpriseId.Length];
        new Descriptor(DescriptorType.IanaEnterpriseId, IanaEnterpriseId).TryWrite(_descriptors, out _);
        var table = new byte[images.Length * (ComponentParameterEntry.FixedLength + 8)];
        var used = 0;
        Span<byte> noDate = stackalloc byte[ComponentParameterEntry.ReleaseDateLength];
        noDate.Fill((byte)'0');
        foreach (var image in images)
        {
            // Images live in RAM: nothing is active before stage 2 loads it, so the active version is "none".
            new ComponentParameterEntry(
                ComponentClassification.Firmware, image.ComponentIdentifier, (byte)image.FwId, 0, VersionStringType.Ascii, noDate, "none"u8,
                0, VersionStringType.Ascii, noDate, default, ComponentActivationMethods.Automatic, 0).TryWrite(table.AsSpan(used), out var written);
            used += written;
        }

        _table = table[..used];
    }

    /// <summary>The fw_id whose AUTHORIZE_AND_STASH the service must run now, if any.</summary>
    public uint? PendingAuthorization => _authorized is null ? _authorizing : null;

    /// <summary>Size of the image waiting for authorization.</summary>
    public uint PendingImageSize { get; private set; }

    public int DescriptorCount => 1;

    public ReadOnlySpan<byte> Descriptors => _descriptors;

    public uint CapabilitiesDuringUpdate => 0;

    public VersionStringType ImageSetVersionType => VersionStringType.Ascii;

    public ReadOnlySpan<byte> ActiveImageSetVersion => "stage2"u8;

    public ReadOnlySpan<byte> PendingImageSetVersion => default;

    public int ComponentCount => _images.Length;

    public ReadOnlySpan<byte> ComponentParameterTable => _table;

    /// <summary>The outcome of the mailbox call the service ran for <see cref="PendingAuthorization"/>.</summary>
    public void CompleteAuthorization(bool? authorized) => _authorized = authorized ?? false;

    public ComponentResponseCode CheckComponent(in FirmwareComponent component, VersionStringType versionType, ReadOnlySpan<byte> version)
    {
        if (component.Classification != ComponentClassification.Firmware || !TryFind(component.Identifier, out var image))
        {
            return ComponentResponseCode.NotSupported;
        }

        return component.ImageSize > image.MaxSize ? ComponentResponseCode.PrerequisitesNotMet : ComponentResponseCode.CanBeUpdated;
    }

    public bool WriteFirmwareData(in FirmwareComponent component, uint offset, ReadOnlySpan<byte> data) =>
        TryFind(component.Identifier, out var image) && (ulong)offset + (ulong)data.Length <= image.MaxSize
        && _port.WriteSocMemory(image.LoadAddress + offset, data);

    public FirmwareStepResult Verify(in FirmwareComponent component)
    {
        if (!TryFind(component.Identifier, out var image))
        {
            return FirmwareStepResult.Done((byte)VerifyResult.GenericError);
        }

        if (_authorized is { } authorized)
        {
            _authorizing = null;
            _authorized = null;
            return authorized ? FirmwareStepResult.Success : FirmwareStepResult.Done((byte)VerifyResult.FailedSecurityChecks);
        }

        _authorizing = image.FwId;
        PendingImageSize = component.ImageSize;
        return FirmwareStepResult.Pending;
    }

    public FirmwareStepResult Apply(in FirmwareComponent component) => FirmwareStepResult.Success;

    public PldmCompletionCode Activate(bool selfContained, out ushort estimatedSeconds)
    {
        estimatedSeconds = 0;
        return PldmCompletionCode.Success;
    }

    public void Abandon(in FirmwareComponent component)
    {
        _authorizing = null;
        _authorized = null;
    }

    private bool TryFind(ushort identifier, out SocImage image)
    {
        foreach (var candidate in _images)
        {
            if (candidate.ComponentIdentifier == identifier)
            {
                image = candidate;
                return true;
            }
        }

        image = default;
        return false;
    }
}
