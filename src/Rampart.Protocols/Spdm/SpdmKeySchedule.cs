using System.Buffers.Binary;
using System.Text;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// The SPDM key schedule (DSP0274 1.3 §12.5–12.6, Table 94): HKDF-SHA384 with BinConcat info
/// strings <c>Length(2, LE) || "spdm1.x " || Label || Context</c>.
/// </summary>
/// <remarks>
/// <code>
/// HandshakeSecret = HKDF-Extract(Salt_0 = 0^H (0xFF^H for PSK from 1.3 on), DHE secret or PSK)
/// {req,rsp}_handshake_secret = HKDF-Expand(HandshakeSecret, BinConcat(H, "req hs data"/"rsp hs data", TH1))
/// Salt_1 = HKDF-Expand(HandshakeSecret, BinConcat(H, "derived"))
/// MasterSecret = HKDF-Extract(Salt_1, 0^H)
/// {req,rsp}_data_secret = HKDF-Expand(MasterSecret, BinConcat(H, "req app data"/"rsp app data", TH2))
/// finished_key = HKDF-Expand(handshake_secret, BinConcat(H, "finished"))
/// key = HKDF-Expand(secret, BinConcat(32, "key")), iv = HKDF-Expand(secret, BinConcat(12, "iv"))
/// updated secret = HKDF-Expand(secret, BinConcat(H, "traffic upd"))
/// </code>
/// </remarks>
public static class SpdmKeySchedule
{
    /// <summary>AES-256 key length.</summary>
    public const int KeySize = 32;

    /// <summary>AES-GCM IV length.</summary>
    public const int IvSize = 12;

    /// <summary>Label of request handshake secret (bin_str1).</summary>
    public const string RequestHandshake = "req hs data";

    /// <summary>Label of response handshake secret (bin_str2).</summary>
    public const string ResponseHandshake = "rsp hs data";

    /// <summary>Label of request data secret (bin_str3).</summary>
    public const string RequestData = "req app data";

    /// <summary>Label of response data secret (bin_str4).</summary>
    public const string ResponseData = "rsp app data";

    /// <summary>bin_str0.</summary>
    public const string Derived = "derived";

    /// <summary>bin_str5.</summary>
    public const string Key = "key";

    /// <summary>bin_str6.</summary>
    public const string Iv = "iv";

    /// <summary>bin_str7.</summary>
    public const string Finished = "finished";

    /// <summary>bin_str9.</summary>
    public const string TrafficUpdate = "traffic upd";

    /// <summary>Builds BinConcat(length, version label, label, context) (DSP0274 §12.5).</summary>
    public static byte[] BinConcat(byte version, int length, string label, ReadOnlySpan<byte> context)
    {
        var versionLabel = Encoding.ASCII.GetBytes(Rampart.Wire.Spdm.SpdmVersion.BinConcatLabel(version));
        var labelBytes = Encoding.ASCII.GetBytes(label);
        var result = new byte[2 + versionLabel.Length + labelBytes.Length + context.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(result, (ushort)length);
        versionLabel.CopyTo(result, 2);
        labelBytes.CopyTo(result, 2 + versionLabel.Length);
        context.CopyTo(result.AsSpan(2 + versionLabel.Length + labelBytes.Length));
        return result;
    }

    /// <summary>The AEAD key and IV of one direction (a class for the reason <see cref="SpdmSecret"/> is).</summary>
    public sealed record DirectionKeys(SpdmSecret Secret, SpdmSecret Key, byte[] Iv)
    {
        /// <summary>No keys (before the handshake, after the session ends).</summary>
        public static DirectionKeys None { get; } = new(SpdmSecret.None, SpdmSecret.None, []);
    }

    /// <summary>Derives key and IV from a direction secret.</summary>
    public static async ValueTask<DirectionKeys> DeriveKeysAsync(ISpdmCrypto crypto, byte version, SpdmSecret secret)
    {
        var key = await crypto.HkdfExpandAsync(secret, BinConcat(version, KeySize, Key, default), KeySize);
        var iv = new byte[IvSize];
        await crypto.HkdfExpandPublicAsync(secret, BinConcat(version, IvSize, Iv, default), iv);
        return new DirectionKeys(secret, key, iv);
    }

    /// <summary>finished_key of a handshake secret.</summary>
    public static ValueTask<SpdmSecret> FinishedKeyAsync(ISpdmCrypto crypto, byte version, SpdmSecret handshakeSecret) =>
        crypto.HkdfExpandAsync(handshakeSecret, BinConcat(version, crypto.HashSize, Finished, default), crypto.HashSize);

    /// <summary>The next secret of a direction after KEY_UPDATE.</summary>
    public static ValueTask<SpdmSecret> UpdateAsync(ISpdmCrypto crypto, byte version, SpdmSecret secret) =>
        crypto.HkdfExpandAsync(secret, BinConcat(version, crypto.HashSize, TrafficUpdate, default), crypto.HashSize);

    /// <summary>
    /// The AEAD nonce: the IV with the 64-bit sequence number XORed into its first eight bytes,
    /// little-endian (DSP0277 1.1 §6.4).
    /// </summary>
    public static void Nonce(ReadOnlySpan<byte> iv, ulong sequenceNumber, Span<byte> nonce)
    {
        iv.CopyTo(nonce);
        for (var i = 0; i < 8; i++)
        {
            nonce[i] ^= (byte)(sequenceNumber >> (8 * i));
        }
    }

    /// <summary>
    /// The AEAD nonce with the sequence number XORed big-endian into the IV's last eight bytes
    /// (not DSP0277's rule; libspdm and caliptra-sw offer it for peers that use it).
    /// </summary>
    public static void NonceBigEndian(ReadOnlySpan<byte> iv, ulong sequenceNumber, Span<byte> nonce)
    {
        iv.CopyTo(nonce);
        for (var i = 0; i < 8; i++)
        {
            nonce[IvSize - 1 - i] ^= (byte)(sequenceNumber >> (8 * i));
        }
    }
}
