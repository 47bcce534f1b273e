using System.Buffers.Binary;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// The Caliptra mailbox checksum (caliptra-sw <c>api/src/checksum.rs</c>): 0 − (sum of the four
/// little-endian bytes of the command code + sum of the message bytes after the checksum field),
/// as a wrapping u32, stored little-endian in the first four bytes of every request and
/// response. Responses are checksummed with command code 0.
/// <code>
/// request:  +0 chksum(4) | payload
/// response: +0 chksum(4) | +4 fips_status(4) | payload
/// </code>
/// </summary>
public static class MailboxChecksum
{
    /// <summary>Size of the checksum field.</summary>
    public const int Size = 4;

    /// <summary>The checksum of <paramref name="data"/> under <paramref name="command"/>.</summary>
    public static uint Compute(uint command, ReadOnlySpan<byte> data)
    {
        var sum = (command & 0xFF) + ((command >> 8) & 0xFF) + ((command >> 16) & 0xFF) + (command >> 24);
        foreach (var b in data)
        {
            sum += b;
        }

        return 0u - sum;
    }

    /// <summary>Writes the checksum of a request (over bytes 4…) into its first four bytes.</summary>
    public static void SealRequest(uint command, Span<byte> request)
    {
        if (request.Length < Size)
        {
            throw new ArgumentException("A request has at least its checksum field.", nameof(request));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(request, Compute(command, request[Size..]));
    }

    /// <summary>True when a request's first four bytes hold its checksum.</summary>
    public static bool VerifyRequest(uint command, ReadOnlySpan<byte> request) =>
        request.Length >= Size && BinaryPrimitives.ReadUInt32LittleEndian(request) == Compute(command, request[Size..]);

    /// <summary>Writes the checksum of a response (command code 0) into its first four bytes.</summary>
    public static void SealResponse(Span<byte> response) => SealRequest(0, response);

    /// <summary>True when a response's first four bytes hold its checksum.</summary>
    public static bool VerifyResponse(ReadOnlySpan<byte> response) => VerifyRequest(0, response);
}
