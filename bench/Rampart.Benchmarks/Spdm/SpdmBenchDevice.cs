using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Benchmarks.Spdm;

/// <summary>How the benchmark device signs.</summary>
public enum SpdmSigning
{
    /// <summary>Rampart's engine: deterministic ECDSA (RFC 6979) through BouncyCastle, as the product signs.</summary>
    Deterministic,

    /// <summary>System.Security.Cryptography's ECDsa (OpenSSL on Linux), randomized k: the opt-in for performance comparisons.</summary>
    Randomized,
}

/// <summary>
/// A responder device for benchmarks: an ECC P-384 two-certificate chain in slot 0, eight
/// measurement blocks, signatures per <see cref="SpdmSigning"/>.
/// </summary>
public sealed class SpdmBenchDevice : ISpdmResponderDevice, IDisposable
{
    private readonly SoftwareCryptoEngines _engines;
    private readonly SpdmSigning _signing;
    private readonly byte[] _privateKey = new byte[P384.PrivateKeySize];
    private readonly ECDsa _leaf;
    private readonly byte[][] _digests;
    private byte[] _chain = [];

    private SpdmBenchDevice(SoftwareCryptoEngines engines, SpdmSigning signing)
    {
        _engines = engines;
        _signing = signing;
        var publicKey = new byte[P384.PublicKeySize];
        engines.Ecc.DeriveKeyPair(Enumerable.Repeat((byte)0x5D, 64).ToArray(), _privateKey, publicKey);
        _leaf = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP384,
            D = _privateKey,
            Q = new ECPoint { X = publicKey[..48], Y = publicKey[48..] },
        });
        _digests = [.. Enumerable.Range(1, 8).Select(i => SHA384.HashData(BitConverter.GetBytes(i)))];
    }

    /// <summary>The chain's root certificate (the requester's trust anchor).</summary>
    public byte[] Root { get; private set; } = [];

    /// <inheritdoc/>
    public byte ProvisionedSlotMask => 1;

    /// <inheritdoc/>
    public int MeasurementBlockCount => _digests.Length;

    /// <summary>Makes the device and its chain.</summary>
    public static async Task<SpdmBenchDevice> CreateAsync(SoftwareCryptoEngines engines, ISpdmCrypto crypto, SpdmSigning signing)
    {
        var device = new SpdmBenchDevice(engines, signing);
        var notBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var rootRequest = new CertificateRequest("CN=Rampart Bench Root", rootKey, HashAlgorithmName.SHA384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(notBefore, notBefore.AddYears(20));
        using var leaf = new CertificateRequest("CN=Rampart Bench Leaf", device._leaf, HashAlgorithmName.SHA384).Create(root, notBefore, notBefore.AddYears(10), [7]);
        device.Root = root.RawData;
        device._chain = await SpdmCertificateChain.BuildAsync([root.RawData, leaf.RawData], crypto);
        return device;
    }

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> CertificateChain(int slot) => slot == 0 ? _chain : ReadOnlyMemory<byte>.Empty;

    /// <inheritdoc/>
    public ValueTask SignAsync(int slot, ReadOnlyMemory<byte> message, Memory<byte> signature)
    {
        if (_signing == SpdmSigning.Randomized)
        {
            _leaf.SignData(message.Span, signature.Span, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            return default;
        }

        Span<byte> digest = stackalloc byte[48];
        _engines.Sha.Hash(ShaAlgorithm.Sha384, message.Span, digest);
        _engines.Ecc.Sign(_privateKey, digest, signature.Span);
        return default;
    }

    /// <inheritdoc/>
    public int WriteMeasurementBlock(int index, Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        new MeasurementBlock { Index = (byte)index, ValueType = (byte)DmtfMeasurementType.MutableFirmware, Value = _digests[index - 1] }.TryWrite(ref writer);
        return writer.Overflowed ? 0 : writer.Position;
    }

    /// <inheritdoc/>
    public bool TryBuildCsr(ReadOnlySpan<byte> requesterInfo, Span<byte> destination, out int written)
    {
        written = 0;
        return false;
    }

    /// <inheritdoc/>
    public bool TrySetCertificate(int slot, ReadOnlySpan<byte> chain) => false;

    /// <inheritdoc/>
    public ValueTask<int> HandleVendorDefinedAsync(ushort standardId, ReadOnlyMemory<byte> vendorId, ReadOnlyMemory<byte> payload, Memory<byte> responsePayload) =>
        ValueTask.FromResult(-1);

    /// <inheritdoc/>
    public void Dispose() => _leaf.Dispose();
}
