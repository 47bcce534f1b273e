using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// GET_IMAGE_INFO request (caliptra-sw <c>GetImageInfoReq</c>), 8 bytes.
/// <code>
/// +0 chksum(4) | +4 fw_id(4)
/// </code>
/// </summary>
/// <param name="FwId">The firmware id to look up in the installed manifest.</param>
public readonly record struct GetImageInfoRequest(uint FwId)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 8;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        writer.TryWriteU32(FwId);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.GetImageInfo, destination, Size, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out GetImageInfoRequest value)
    {
        value = default;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var fwId);
        value = new GetImageInfoRequest(fwId);
        return WireStatus.Done;
    }
}

/// <summary>
/// GET_IMAGE_INFO response (caliptra-sw <c>GetImageInfoResp</c>), 80 bytes: the manifest entry.
/// <code>
///  +0 chksum(4) | +4 fips_status(4) | +8 component_id(4) | +12 flags(4)
/// +16 load_address_high(4) | +20 load_address_low(4) | +24 staging_address_high(4)
/// +28 staging_address_low(4) | +32 digest(48)
/// </code>
/// </summary>
/// <param name="ComponentId">The PLDM component id.</param>
/// <param name="Flags">The entry's flags.</param>
/// <param name="LoadAddress">Load address.</param>
/// <param name="StagingAddress">Staging address.</param>
/// <param name="Digest">SHA-384 of the image.</param>
public sealed record GetImageInfoResponse(uint ComponentId, uint Flags, ulong LoadAddress, ulong StagingAddress, ReadOnlyMemory<byte> Digest)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 80;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Digest.Length != 48)
        {
            return false;
        }

        var writer = MailboxHeaders.ResponseWriter(destination, Size);
        writer.TryWriteU32(ComponentId);
        writer.TryWriteU32(Flags);
        writer.TryWriteU32((uint)(LoadAddress >> 32));
        writer.TryWriteU32((uint)LoadAddress);
        writer.TryWriteU32((uint)(StagingAddress >> 32));
        writer.TryWriteU32((uint)StagingAddress);
        writer.TryWriteBytes(Digest.Span);
        return MailboxHeaders.TryFinishResponse(destination, Size, out written);
    }

    /// <summary>Reads the response.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out GetImageInfoResponse? value)
    {
        value = null;
        if (response.Length != Size)
        {
            return response.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.ResponseBody(response);
        reader.TryReadU32(out var component);
        reader.TryReadU32(out var flags);
        reader.TryReadU32(out var loadHigh);
        reader.TryReadU32(out var loadLow);
        reader.TryReadU32(out var stagingHigh);
        reader.TryReadU32(out var stagingLow);
        reader.TryReadBytes(48, out var digest);
        value = new GetImageInfoResponse(
            component, flags, ((ulong)loadHigh << 32) | loadLow, ((ulong)stagingHigh << 32) | stagingLow, digest.ToArray());
        return WireStatus.Done;
    }
}
