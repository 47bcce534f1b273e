using System.Security.Cryptography;
using Rampart.Hal.Security;

namespace Rampart.Platform.Security;

/// <summary>One key-vault entry: up to 512 bits of material, what it is, what it may do, its locks.</summary>
internal sealed class KeySlot
{
    private readonly byte[] _material = new byte[KeySlotId.MaxSecretSize];

    public KeySlotContent Content { get; private set; }

    public KeyUsage Usage { get; private set; }

    public KeySlotLocks Locks { get; set; }

    public int Length { get; private set; }

    /// <summary>The public key of an ECC or ML-DSA slot (a copy the vault may hand out).</summary>
    public byte[]? PublicKey { get; private set; }

    public ReadOnlySpan<byte> Material => _material.AsSpan(0, Length);

    public bool IsWriteLocked => (Locks & KeySlotLocks.WriteLocked) != 0;

    public bool IsUseLocked => (Locks & KeySlotLocks.UseLocked) != 0;

    public void Store(KeySlotContent content, ReadOnlySpan<byte> material, KeyUsage usage, byte[]? publicKey)
    {
        CryptographicOperations.ZeroMemory(_material);
        material.CopyTo(_material);
        Length = material.Length;
        Content = content;
        Usage = usage;
        PublicKey = publicKey;
    }

    public void Clear()
    {
        CryptographicOperations.ZeroMemory(_material);
        Length = 0;
        Content = KeySlotContent.Empty;
        Usage = KeyUsage.None;
        PublicKey = null;
    }
}
