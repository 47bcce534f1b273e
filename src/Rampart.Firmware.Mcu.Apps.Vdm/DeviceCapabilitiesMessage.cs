using System.Buffers.Binary;

namespace Rampart.Firmware.Mcu.Apps.Vdm;

/// <summary>
/// The Caliptra VDM DeviceCapabilities command (0x02; caliptra-mcu-sw
/// common/mctp-vdm/src/message/device_capabilities.rs):
/// <code>
/// request:  [VDM header(6)]                                          (6 bytes)
/// response: [VDM header(6)][completion_code u32 LE][caps(64)]        (74 bytes)
/// caps:  0..7 Caliptra RT | 8..11 Caliptra FMC | 12..15 Caliptra ROM | 16..19 MCU ROM
///       20..23 MCU RT features | 24..27 external common-command bitmap
///       28..31 authorized-subcommand bitmap | 32..47 reserved | 48..63 vendor-defined
/// </code>
/// Rampart's fixed block: every field zero except bytes 20..23, a little-endian bitmap of the VDM
/// commands the MCU runtime answers (bit n set = command n: FirmwareVersion and
/// DeviceCapabilities, so 0x0000_0006), and bytes 48..55, the ASCII vendor tag "Rampart" NUL-padded.
/// </summary>
public static class DeviceCapabilitiesMessage
{
    /// <summary>Request size in bytes.</summary>
    public const int RequestSize = VdmHeader.Size;

    /// <summary>Capability block size in bytes.</summary>
    public const int CapabilitiesSize = 64;

    /// <summary>Response size in bytes.</summary>
    public const int ResponseSize = VdmHeader.Size + 4 + CapabilitiesSize;

    /// <summary>Offset in the block of the MCU runtime's supported-command bitmap.</summary>
    public const int McuRuntimeFeaturesOffset = 20;

    /// <summary>Offset in the block of the vendor-defined bytes.</summary>
    public const int VendorOffset = 48;

    /// <summary>The supported-command bitmap Rampart reports.</summary>
    public const uint SupportedCommands = (1u << (int)VdmCommand.FirmwareVersion) | (1u << (int)VdmCommand.DeviceCapabilities);

    /// <summary>The vendor tag in bytes 48.. of the block.</summary>
    public static ReadOnlySpan<byte> VendorTag => "Rampart"u8;

    /// <summary>Writes the request; false when <paramref name="destination"/> is too small.</summary>
    public static bool TryWriteRequest(Span<byte> destination) => VdmHeader.TryWrite(destination, true, (byte)VdmCommand.DeviceCapabilities);

    /// <summary>Writes Rampart's fixed capability block into <paramref name="block"/> (at least <see cref="CapabilitiesSize"/> bytes).</summary>
    public static void WriteBlock(Span<byte> block)
    {
        block = block[..CapabilitiesSize];
        block.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(block[McuRuntimeFeaturesOffset..], SupportedCommands);
        VendorTag.CopyTo(block[VendorOffset..]);
    }

    /// <summary>Writes the success response. Returns the bytes written (0 when it does not fit).</summary>
    public static int WriteResponse(Span<byte> destination)
    {
        if (destination.Length < ResponseSize || !VdmHeader.TryWrite(destination, false, (byte)VdmCommand.DeviceCapabilities))
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[VdmHeader.Size..], (uint)VdmCompletionCode.Success);
        WriteBlock(destination[(VdmHeader.Size + 4)..]);
        return ResponseSize;
    }
}
