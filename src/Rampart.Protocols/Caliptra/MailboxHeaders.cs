using System.Buffers.Binary;
using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// The fixed headers of Caliptra mailbox messages (caliptra-sw <c>MailboxReqHeader</c>,
/// <c>MailboxRespHeader</c>) and writers for the header-only forms.
/// <code>
/// request header:  +0 chksum u32
/// response header: +0 chksum u32 | +4 fips_status u32 (0 = FIPS approved)
/// </code>
/// </summary>
public static class MailboxHeaders
{
    /// <summary>Bytes of the request header.</summary>
    public const int RequestHeaderSize = 4;

    /// <summary>Bytes of the response header.</summary>
    public const int ResponseHeaderSize = 8;

    /// <summary>fips_status: approved.</summary>
    public const uint FipsApproved = 0;

    /// <summary>
    /// Writes a request with no fields after the header (GET_*_CERT, FW_INFO, CM_ECDH_GENERATE,
    /// RI_DOWNLOAD_FIRMWARE…); false when <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryWriteEmptyRequest(CaliptraCommand command, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < RequestHeaderSize)
        {
            return false;
        }

        MailboxChecksum.SealRequest((uint)command, destination[..RequestHeaderSize]);
        written = RequestHeaderSize;
        return true;
    }

    /// <summary>Writes a response with no fields after the header.</summary>
    public static bool TryWriteEmptyResponse(Span<byte> destination, out int written) =>
        TryFinishResponse(destination, ResponseHeaderSize, out written);

    /// <summary>Reads the fips_status of a response (checksum not checked here).</summary>
    public static WireStatus TryReadResponseHeader(ReadOnlySpan<byte> response, out uint fipsStatus)
    {
        fipsStatus = 0;
        if (response.Length < ResponseHeaderSize)
        {
            return WireStatus.NeedMoreData;
        }

        fipsStatus = BinaryPrimitives.ReadUInt32LittleEndian(response[4..]);
        return WireStatus.Done;
    }

    /// <summary>Request fields start here.</summary>
    internal static WireReader RequestBody(ReadOnlySpan<byte> request) => new(request[RequestHeaderSize..]);

    /// <summary>Response fields start here.</summary>
    internal static WireReader ResponseBody(ReadOnlySpan<byte> response) => new(response[ResponseHeaderSize..]);

    /// <summary>A writer over the fields of a request of <paramref name="size"/> bytes (header left for sealing).</summary>
    internal static WireWriter RequestWriter(Span<byte> destination, int size) => new(destination[RequestHeaderSize..size]);

    /// <summary>A writer over the fields of a response of <paramref name="size"/> bytes.</summary>
    internal static WireWriter ResponseWriter(Span<byte> destination, int size) => new(destination[ResponseHeaderSize..size]);

    /// <summary>Seals a written request.</summary>
    internal static bool TryFinishRequest(CaliptraCommand command, Span<byte> destination, int size, out int written)
    {
        MailboxChecksum.SealRequest((uint)command, destination[..size]);
        written = size;
        return true;
    }

    /// <summary>Writes fips_status and the checksum of a written response.</summary>
    internal static bool TryFinishResponse(Span<byte> destination, int size, out int written)
    {
        written = 0;
        if (destination.Length < size || size < ResponseHeaderSize)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], FipsApproved);
        MailboxChecksum.SealResponse(destination[..size]);
        written = size;
        return true;
    }
}
