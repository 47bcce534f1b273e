using System.Buffers.Binary;

namespace Rampart.Firmware.Mcu.Apps.Pldm;

/// <summary>
/// Caliptra runtime AUTHORIZE_AND_STASH (command "ATSH", 0x4154_5348), the two payloads this
/// app needs. Caliptra reads the image from its load address itself; no digest is sent.
/// </summary>
internal static class AuthorizeAndStash
{
    //  request:  +0 checksum u32 LE | +4 fw_id u32 LE | +8 flags u32 LE (0)
    //  response: +0 checksum u32 LE | +4 FIPS status u32 LE | +8 auth result u32 LE

    /// <summary>The mailbox command ID ("ATSH").</summary>
    public const uint Command = 0x4154_5348;

    /// <summary>The request size.</summary>
    public const int RequestLength = 12;

    /// <summary>The response size.</summary>
    public const int ResponseLength = 12;

    /// <summary>The auth result meaning "authorized".</summary>
    public const uint Authorized = 0xDEAD_C0DE;

    /// <summary>Writes the request: checksum = 0 − (command bytes + payload bytes), as u32.</summary>
    public static void WriteRequest(uint fwId, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], fwId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], 0);
        var sum = ByteSum(Command) + ByteSum(destination[4..RequestLength]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, 0u - sum);
    }

    /// <summary>True when the response is whole, its checksum holds, and it says authorized.</summary>
    public static bool IsAuthorized(ReadOnlySpan<byte> response)
    {
        if (response.Length < ResponseLength)
        {
            return false;
        }

        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(response);
        return checksum + ByteSum(response[4..ResponseLength]) == 0
            && BinaryPrimitives.ReadUInt32LittleEndian(response[8..]) == Authorized;
    }

    private static uint ByteSum(uint value) => (value & 0xFF) + ((value >> 8) & 0xFF) + ((value >> 16) & 0xFF) + (value >> 24);

    private static uint ByteSum(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        return sum;
    }
}
