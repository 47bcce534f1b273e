using System.Buffers.Binary;

namespace Rampart.Firmware.Mcu.Apps.Vdm;

/// <summary>
/// The generic Caliptra VDM failure response (caliptra-mcu-sw
/// common/mctp-vdm/src/protocol/header.rs, <c>VdmFailureResponse</c>): the response header
/// echoing the request's command code (0 when the request was too short to carry one) and the
/// completion code.
/// <code>
/// [VDM header(6), control 0x00][completion_code u32 LE]   (10 bytes)
/// </code>
/// </summary>
public static class VdmFailureResponse
{
    /// <summary>Response size in bytes.</summary>
    public const int Size = VdmHeader.Size + 4;

    /// <summary>Writes the failure response. Returns the bytes written (0 when it does not fit).</summary>
    public static int Write(Span<byte> destination, byte command, VdmCompletionCode code)
    {
        if (destination.Length < Size || !VdmHeader.TryWrite(destination, false, command))
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[VdmHeader.Size..], (uint)code);
        return Size;
    }
}
