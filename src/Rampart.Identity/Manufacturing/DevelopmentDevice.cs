using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Identity.X509;

namespace Rampart.Identity.Manufacturing;

/// <summary>
/// The secrets of a throw-away development chip, derived from a run seed with the HMAC-512
/// KDF so the same seed gives the same chip: UDS (64 bytes), field entropy (32 bytes) and a
/// random-type UEID (17 bytes), plus the seed of its development manufacturer CA.
/// </summary>
public sealed class DevelopmentDevice : IDisposable
{
    /// <summary>UDS size (Caliptra's UDS seed fuse is 512 bits).</summary>
    public const int UdsSize = 64;

    /// <summary>Field entropy size (256 bits).</summary>
    public const int FieldEntropySize = 32;

    private DevelopmentDevice(byte[] uds, byte[] fieldEntropy, byte[] ueid, byte[] caSeed)
    {
        Uds = uds;
        FieldEntropy = fieldEntropy;
        Ueid = ueid;
        CaSeed = caSeed;
    }

    /// <summary>The unique device secret.</summary>
    public byte[] Uds { get; }

    /// <summary>The owner's field entropy.</summary>
    public byte[] FieldEntropy { get; }

    /// <summary>The UEID: 0x01 (random) followed by 16 bytes.</summary>
    public byte[] Ueid { get; }

    /// <summary>The seed of the development manufacturer CA.</summary>
    public byte[] CaSeed { get; }

    /// <summary>Derives the device from <paramref name="seed"/>.</summary>
    public static DevelopmentDevice FromSeed(IKdfEngine kdf, ReadOnlySpan<byte> seed)
    {
        ArgumentNullException.ThrowIfNull(kdf);
        if (seed.IsEmpty)
        {
            throw new ArgumentException("the seed is not empty", nameof(seed));
        }

        var uds = new byte[UdsSize];
        kdf.CaliptraHmacKdf(seed, "rampart_dev_uds"u8, [], uds);
        Span<byte> block = stackalloc byte[64];
        kdf.CaliptraHmacKdf(seed, "rampart_dev_field_entropy"u8, [], block);
        var fieldEntropy = block[..FieldEntropySize].ToArray();
        kdf.CaliptraHmacKdf(seed, "rampart_dev_ueid"u8, [], block);
        var ueid = new byte[TcgUeid.CaliptraUeidSize];
        ueid[0] = TcgUeid.RandomType;
        block[..(TcgUeid.CaliptraUeidSize - 1)].CopyTo(ueid.AsSpan(1));
        var caSeed = new byte[64];
        kdf.CaliptraHmacKdf(seed, "rampart_dev_mfg_ca"u8, [], caSeed);
        CryptographicOperations.ZeroMemory(block);
        return new DevelopmentDevice(uds, fieldEntropy, ueid, caSeed);
    }

    /// <summary>Zeroes the secrets.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(Uds);
        CryptographicOperations.ZeroMemory(FieldEntropy);
        CryptographicOperations.ZeroMemory(CaSeed);
    }
}
