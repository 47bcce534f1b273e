using System.Buffers.Binary;
using Rampart.Wire;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// How the device's SPDM app hands a session's DHE secret to the host over the chip's debug port
/// (Rampart's own layout, decision 0276; not a DMTF format). A secret length of 0 says the crypto
/// provider (Caliptra) refused the export.
/// <code>
/// +0 session_id(4, LE) | +4 secret_length(2, LE) | +6 secret[secret_length]
/// </code>
/// </summary>
public static class SpdmSessionSecretRecord
{
    /// <summary>Bytes before the secret.</summary>
    public const int HeaderSize = 6;

    /// <summary>The longest secret a record carries (a secp521r1 x coordinate is 66 bytes).</summary>
    public const int MaxSecretSize = 66;

    /// <summary>The largest record.</summary>
    public const int MaxSize = HeaderSize + MaxSecretSize;

    private const int SessionIdOffset = 0;
    private const int LengthOffset = 4;

    /// <summary>Writes <paramref name="export"/>; false when it does not fit or its secret is too long.</summary>
    public static bool TryWrite(SpdmDheSecretExport export, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(export);
        written = 0;
        var secret = export.Secret ?? [];
        if (secret.Length > MaxSecretSize || destination.Length < HeaderSize + secret.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[SessionIdOffset..], export.SessionId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[LengthOffset..], (ushort)secret.Length);
        secret.CopyTo(destination[HeaderSize..]);
        written = HeaderSize + secret.Length;
        return true;
    }

    /// <summary>Reads a record (exactly its bytes); Invalid when its length field disagrees with them or exceeds the limit.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> record, out SpdmDheSecretExport? export)
    {
        export = null;
        if (record.Length < HeaderSize)
        {
            return WireStatus.NeedMoreData;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(record[LengthOffset..]);
        if (length > MaxSecretSize || record.Length != HeaderSize + length)
        {
            return WireStatus.Invalid;
        }

        var sessionId = BinaryPrimitives.ReadUInt32LittleEndian(record[SessionIdOffset..]);
        export = new SpdmDheSecretExport(sessionId, length == 0 ? null : record[HeaderSize..].ToArray());
        return WireStatus.Done;
    }
}
