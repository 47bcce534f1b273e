using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// ACTIVATE_FIRMWARE request (caliptra-sw <c>ActivateFirmwareReq</c>), 528 bytes; the response is
/// the bare header.
/// <code>
/// +0 chksum(4) | +4 fw_id_count(4) | +8 fw_ids(128 × 4) | +520 mcu_fw_image_size(4) | +524 flags(4)
/// </code>
/// </summary>
/// <param name="FwIds">The firmware ids to activate (at most 128).</param>
/// <param name="McuImageSize">Size of a new MCU image (hitless update), else 0.</param>
/// <param name="Flags">Bit 0: initial activation.</param>
public sealed record ActivateFirmwareRequest(IReadOnlyList<uint> FwIds, uint McuImageSize, uint Flags)
{
    /// <summary>Largest id count.</summary>
    public const int MaxFwIds = 128;

    /// <summary>Encoded size.</summary>
    public const int Size = 528;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || FwIds.Count > MaxFwIds)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        writer.TryWriteU32((uint)FwIds.Count);
        for (var i = 0; i < MaxFwIds; i++)
        {
            writer.TryWriteU32(i < FwIds.Count ? FwIds[i] : 0);
        }

        writer.TryWriteU32(McuImageSize);
        writer.TryWriteU32(Flags);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.ActivateFirmware, destination, Size, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out ActivateFirmwareRequest? value)
    {
        value = null;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var count);
        if (count > MaxFwIds)
        {
            return WireStatus.Invalid;
        }

        var ids = new uint[count];
        for (var i = 0; i < MaxFwIds; i++)
        {
            reader.TryReadU32(out var id);
            if (i < count)
            {
                ids[i] = id;
            }
        }

        reader.TryReadU32(out var size);
        reader.TryReadU32(out var flags);
        value = new ActivateFirmwareRequest(ids, size, flags);
        return WireStatus.Done;
    }
}
