using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Rampart.Protocols.Caliptra;

namespace Rampart.Firmware.Mcu.Apps.Vdm;

/// <summary>
/// The Caliptra VDM FirmwareVersion command (0x01; caliptra-mcu-sw
/// common/mctp-vdm/src/message/firmware_version.rs):
/// <code>
/// request:  [VDM header(6)][area_index u32 LE]                       (10 bytes)
///           area 0 = Caliptra core firmware, 1 = MCU runtime, 2 = SoC aggregate
/// response: [VDM header(6)][completion_code u32 LE][version ASCII(32), NUL padded]  (42 bytes)
/// </code>
/// An area this device cannot report is answered with this full layout, completion code
/// <see cref="VdmCompletionCode.InvalidParameter"/> and a zero version (as caliptra-mcu-sw's
/// command handler does).
/// </summary>
public static class FirmwareVersionMessage
{
    /// <summary>Request size in bytes.</summary>
    public const int RequestSize = VdmHeader.Size + 4;

    /// <summary>Version field size in bytes.</summary>
    public const int VersionSize = 32;

    /// <summary>Response size in bytes.</summary>
    public const int ResponseSize = VdmHeader.Size + 4 + VersionSize;

    /// <summary>Area index of the Caliptra core firmware.</summary>
    public const uint CaliptraCoreArea = 0;

    /// <summary>Reads the area index of a request whose header has been checked; false when the length is wrong.</summary>
    public static bool TryReadAreaIndex(ReadOnlySpan<byte> request, out uint areaIndex)
    {
        areaIndex = 0;
        if (request.Length != RequestSize)
        {
            return false;
        }

        areaIndex = BinaryPrimitives.ReadUInt32LittleEndian(request[VdmHeader.Size..]);
        return true;
    }

    /// <summary>Writes a request for <paramref name="areaIndex"/>; false when <paramref name="destination"/> is too small.</summary>
    public static bool TryWriteRequest(Span<byte> destination, uint areaIndex)
    {
        if (destination.Length < RequestSize || !VdmHeader.TryWrite(destination, true, (byte)VdmCommand.FirmwareVersion))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[VdmHeader.Size..], areaIndex);
        return true;
    }

    /// <summary>Writes a response; the version is cut at <see cref="VersionSize"/> bytes. Returns the bytes written (0 when it does not fit).</summary>
    public static int WriteResponse(Span<byte> destination, VdmCompletionCode code, ReadOnlySpan<byte> version)
    {
        if (destination.Length < ResponseSize || !VdmHeader.TryWrite(destination, false, (byte)VdmCommand.FirmwareVersion))
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[VdmHeader.Size..], (uint)code);
        var field = destination.Slice(VdmHeader.Size + 4, VersionSize);
        field.Clear();
        version[..Math.Min(version.Length, VersionSize)].CopyTo(field);
        return ResponseSize;
    }

    /// <summary>
    /// The ASCII version Rampart reports for the Caliptra core firmware from its FW_INFO:
    /// <c>svn&lt;fw_svn&gt;-&lt;first 8 bytes of runtime_revision in lower-case hex&gt;</c> (at most 30 characters).
    /// </summary>
    public static string FormatCaliptraVersion(FwInfoResponse info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var revision = info.RuntimeRevision.Span;
        return string.Create(CultureInfo.InvariantCulture, $"svn{info.FwSvn}-{Convert.ToHexStringLower(revision[..Math.Min(8, revision.Length)])}");
    }

    /// <summary>The ASCII bytes of <see cref="FormatCaliptraVersion"/>.</summary>
    public static byte[] CaliptraVersionBytes(FwInfoResponse info) => Encoding.ASCII.GetBytes(FormatCaliptraVersion(info));
}
