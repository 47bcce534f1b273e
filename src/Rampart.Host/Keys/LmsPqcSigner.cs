using Rampart.Crypto;
using Rampart.Images.Signing;

namespace Rampart.Host.Keys;

/// <summary>An LMS key from a key directory as an image <see cref="IPqcSigner"/> (stateful: each signature burns a leaf on disk first).</summary>
public sealed class LmsPqcSigner : IPqcSigner, IDisposable
{
    private readonly LmsSigner _signer;
    private readonly byte[] _publicKey;

    /// <summary>Wraps a signer; the public key is computed once (the whole tree).</summary>
    public LmsPqcSigner(LmsSigner signer, ReadOnlyMemory<byte>? knownPublicKey = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        _signer = signer;
        _publicKey = knownPublicKey?.ToArray() ?? signer.PublicKey;
    }

    /// <inheritdoc/>
    public PqcKeyType KeyType => PqcKeyType.Lms;

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>Leaves left.</summary>
    public uint Remaining => _signer.Remaining;

    /// <inheritdoc/>
    public int Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        _signer.Sign(message, signature[.._signer.SignatureSize]);
        return _signer.SignatureSize;
    }

    /// <inheritdoc/>
    public void Dispose() => _signer.Dispose();
}
