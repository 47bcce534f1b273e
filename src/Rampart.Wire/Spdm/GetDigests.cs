using System.Numerics;

namespace Rampart.Wire.Spdm;

/// <summary>GET_DIGESTS (0x81) and DIGESTS (0x01), DSP0274 §10.6, Tables 20–21.</summary>
/// <remarks>
/// <code>
/// GET_DIGESTS  header only (Param1, Param2 reserved)
/// DIGESTS      header (Param1: 1.3 SupportedSlotMask, Param2: ProvisionedSlotMask)
///              Digest[H] for each set bit of ProvisionedSlotMask, lowest slot first
/// </code>
/// Rampart does not advertise MULTI_KEY_CAP, so the 1.3 key-pair arrays never follow.
/// </remarks>
public static class GetDigests
{
    /// <summary>GET_DIGESTS size.</summary>
    public const int RequestSize = 4;

    /// <summary>Checks a GET_DIGESTS request.</summary>
    public static WireStatus TryReadRequest(ReadOnlySpan<byte> message, out byte version)
    {
        var status = SpdmMessage.ReadHeader(message, SpdmCode.GetDigests, out var header);
        version = header.Version;
        return status;
    }

    /// <summary>Writes GET_DIGESTS.</summary>
    public static bool TryWriteRequest(Span<byte> destination, byte version, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, version, SpdmCode.GetDigests, 0, 0);
        return SpdmMessage.Finish(writer, out written);
    }

    /// <summary>Writes DIGESTS; <paramref name="digests"/> holds one H-byte digest per set bit of <paramref name="provisionedSlotMask"/>.</summary>
    public static bool TryWriteResponse(Span<byte> destination, byte version, byte supportedSlotMask, byte provisionedSlotMask, ReadOnlySpan<byte> digests, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, version, SpdmCode.Digests, version >= SpdmVersion.V13 ? supportedSlotMask : (byte)0, provisionedSlotMask);
        writer.TryWriteBytes(digests);
        return SpdmMessage.Finish(writer, out written);
    }

    /// <summary>Reads DIGESTS; the digest array has H bytes per provisioned slot.</summary>
    public static WireStatus TryReadResponse(ReadOnlySpan<byte> message, int hashSize, out byte provisionedSlotMask, out ReadOnlySpan<byte> digests, out int length)
    {
        provisionedSlotMask = 0;
        digests = default;
        length = 0;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.Digests, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var count = BitOperations.PopCount(header.Param2);
        if (count == 0)
        {
            return WireStatus.Invalid;
        }

        var size = SpdmHeader.Size + (count * hashSize);
        if (message.Length < size)
        {
            return WireStatus.NeedMoreData;
        }

        provisionedSlotMask = header.Param2;
        digests = message.Slice(SpdmHeader.Size, count * hashSize);
        length = size;
        return WireStatus.Done;
    }
}
