namespace Rampart.Wire.Spdm;

/// <summary>
/// The SPDM messages that are nothing but the four-byte header (DSP0274): HEARTBEAT (0xE8) /
/// HEARTBEAT_ACK (0x68) §10.18, KEY_UPDATE (0xE9) / KEY_UPDATE_ACK (0x69) §10.19 (Param1 =
/// KeyOperation, Param2 = Tag), END_SESSION (0xEC) / END_SESSION_ACK (0x6C) §10.21 (Param1 bit 0
/// = preserve negotiated state clear), PSK_FINISH_RSP (0x67), SET_CERTIFICATE_RSP (0x6E, Param1 =
/// SlotID), RESPOND_IF_READY (0xFF, Param1 = original request code, Param2 = token), GET_DIGESTS.
/// </summary>
public static class HeaderOnlyMessage
{
    /// <summary>Reads a header-only message with <paramref name="code"/>.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, SpdmCode code, out SpdmHeader header) =>
        SpdmMessage.ReadHeader(message, code, out header);

    /// <summary>Writes a header-only message.</summary>
    public static bool TryWrite(Span<byte> destination, byte version, SpdmCode code, byte param1, byte param2, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, version, code, param1, param2);
        return SpdmMessage.Finish(writer, out written);
    }
}

/// <summary>KEY_UPDATE operations (DSP0274 §10.19, Table 79).</summary>
public enum SpdmKeyUpdateOperation : byte
{
    /// <summary>UpdateKey (1): the requester's direction only.</summary>
    UpdateKey = 1,

    /// <summary>UpdateAllKeys (2): both directions.</summary>
    UpdateAllKeys = 2,

    /// <summary>VerifyNewKey (3): sent with the new key to confirm it.</summary>
    VerifyNewKey = 3,
}
