using Rampart.Hal.Crypto;
using Rampart.Identity.X509;

namespace Rampart.Identity.Dice;

/// <summary>
/// The device UEID every DICE certificate and the IDevID CSR carry (decisions 0230 and 0274):
/// the value fused in the IDevID certificate attributes (type byte, then the 16-byte serial, as
/// Caliptra's ROM reads it at fuse intake); when that fuse is unprogrammed (empty or all zero),
/// 0x01 (random type) followed by the first 16 bytes of SHA-256 of the IDevID ECC key bits.
/// </summary>
public static class DeviceUeid
{
    /// <summary>True when <paramref name="fused"/> holds a UEID (some bit is set).</summary>
    public static bool IsProgrammed(ReadOnlySpan<byte> fused) => fused.ContainsAnyExcept((byte)0);

    /// <summary>The UEID of the device whose fuses give <paramref name="fused"/> and whose IDevID ECC key is <paramref name="idevIdEcc"/>.</summary>
    public static byte[] Resolve(IShaEngine sha, ReadOnlySpan<byte> fused, IDiceSigner idevIdEcc) =>
        IsProgrammed(fused) ? fused.ToArray() : FromKey(sha, idevIdEcc);

    /// <summary>The UEID of a chip whose fuses carry none: random type, then 16 bytes of SHA-256 of its IDevID ECC key.</summary>
    public static byte[] FromKey(IShaEngine sha, IDiceSigner idevIdEcc)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(idevIdEcc);
        Span<byte> digest = stackalloc byte[32];
        sha.Hash(ShaAlgorithm.Sha256, SubjectPublicKeyInfo.KeyBits(idevIdEcc.Algorithm, idevIdEcc.PublicKey), digest);
        var ueid = new byte[TcgUeid.CaliptraUeidSize];
        ueid[0] = TcgUeid.RandomType;
        digest[..(TcgUeid.CaliptraUeidSize - 1)].CopyTo(ueid.AsSpan(1));
        return ueid;
    }
}
