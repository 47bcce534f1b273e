using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Rampart.Images.Signing;

namespace Rampart.Host.Keys;

/// <summary>The PQC algorithm a key set pairs with ECC P-384.</summary>
public enum KeySetPqc
{
    /// <summary>ML-DSA-87.</summary>
    MlDsa = 1,

    /// <summary>LMS SHA-256/192 W4 (stateful).</summary>
    Lms = 3,
}

/// <summary>How to generate a key directory.</summary>
/// <param name="Pqc">The PQC algorithm.</param>
/// <param name="Seed">When given, every key derives from it (HKDF-SHA-384 with a per-key label), so the same seed gives the same keys.</param>
/// <param name="VendorKeyCount">Vendor keys listed in the descriptors (ECC 1-4; ML-DSA 1-4; LMS 1-32).</param>
/// <param name="LmsHeight">LMS tree height (Caliptra uses 15; small heights are for tests).</param>
public sealed record KeyGenerationOptions(KeySetPqc Pqc, ReadOnlyMemory<byte>? Seed = null, int VendorKeyCount = 4, int LmsHeight = 15);

/// <summary>
/// A directory of vendor and owner signing keys for image tooling: ECC P-384 plus ML-DSA-87
/// or LMS, described by <c>keys.json</c>. Private files are owner-only and written atomically;
/// LMS keys keep their used-leaf record on disk and refuse to reuse a leaf. Host-side only —
/// firmware never reads key files.
/// </summary>
public sealed class KeyDirectory : IDisposable
{
    private const string LmsAlgorithm = "lms-sha256-n24-w4";
    private const string MlDsaAlgorithm = "mldsa87";
    private const string EccAlgorithm = "ecc-p384";
    private readonly ICryptoEngines _engines;
    private readonly List<IDisposable> _owned = [];

    private KeyDirectory(string path, KeyDirectoryManifest manifest, ICryptoEngines engines)
    {
        Path = path;
        Manifest = manifest;
        _engines = engines;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>Its manifest.</summary>
    public KeyDirectoryManifest Manifest { get; }

    /// <summary>The PQC type of every key.</summary>
    public PqcKeyType PqcKeyType => Manifest.Pqc == "lms" ? PqcKeyType.Lms : PqcKeyType.MlDsa87;

    /// <summary>Every vendor ECC public key, in descriptor order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> VendorEccPublicKeys => Manifest.VendorEcc.Select(k => (ReadOnlyMemory<byte>)Convert.FromHexString(k.PublicKey)).ToList();

    /// <summary>Every vendor PQC public key, in descriptor order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> VendorPqcPublicKeys => Manifest.VendorPqc.Select(k => (ReadOnlyMemory<byte>)Convert.FromHexString(k.PublicKey)).ToList();

    /// <summary>The vendor public key pair at the given indices.</summary>
    public HybridPublicKeys VendorPublic(int eccIndex = 0, int pqcIndex = 0) =>
        new(Convert.FromHexString(Manifest.VendorEcc[eccIndex].PublicKey), PqcKeyType, Convert.FromHexString(Manifest.VendorPqc[pqcIndex].PublicKey));

    /// <summary>The owner public keys.</summary>
    public HybridPublicKeys OwnerPublic => new(Convert.FromHexString(Manifest.OwnerEcc.PublicKey), PqcKeyType, Convert.FromHexString(Manifest.OwnerPqc.PublicKey));

    /// <summary>Generates a new key directory; refuses a directory that already holds keys.</summary>
    /// <exception cref="IOException">The directory already has a keys.json.</exception>
    public static KeyDirectory Generate(string path, KeyGenerationOptions options, ICryptoEngines engines)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engines);
        var maxPqc = options.Pqc == KeySetPqc.Lms ? 32 : 4;
        if (options.VendorKeyCount < 1 || options.VendorKeyCount > maxPqc || options.VendorKeyCount > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Vendor key count is 1 to 4.");
        }

        Directory.CreateDirectory(path);
        var manifestPath = System.IO.Path.Combine(path, KeyDirectoryManifest.FileName);
        if (File.Exists(manifestPath))
        {
            throw new IOException($"{manifestPath} exists; refusing to overwrite keys.");
        }

        var material = new KeyMaterial(engines, options.Seed);
        var vendorEcc = new List<KeyEntry>();
        var vendorPqc = new List<KeyEntry>();
        for (var i = 0; i < options.VendorKeyCount; i++)
        {
            vendorEcc.Add(WriteEcc(path, engines, material, $"vendor-ecc-{i}"));
            vendorPqc.Add(WritePqc(path, engines, material, options, $"vendor-{PqcName(options.Pqc)}-{i}"));
        }

        var manifest = new KeyDirectoryManifest
        {
            Pqc = options.Pqc == KeySetPqc.Lms ? "lms" : "mldsa",
            LmsHeight = options.Pqc == KeySetPqc.Lms ? options.LmsHeight : null,
            Deterministic = options.Seed is not null,
            VendorEcc = vendorEcc,
            VendorPqc = vendorPqc,
            OwnerEcc = WriteEcc(path, engines, material, "owner-ecc"),
            OwnerPqc = WritePqc(path, engines, material, options, $"owner-{PqcName(options.Pqc)}"),
        };
        AtomicFile.WriteText(manifestPath, manifest.ToJson());
        return new KeyDirectory(path, manifest, engines);
    }

    /// <summary>Opens a key directory.</summary>
    /// <exception cref="InvalidDataException">No valid keys.json.</exception>
    public static KeyDirectory Open(string path, ICryptoEngines engines)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(engines);
        var manifestPath = System.IO.Path.Combine(path, KeyDirectoryManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new InvalidDataException($"{manifestPath} does not exist; run 'rampart keys generate' first.");
        }

        var manifest = KeyDirectoryManifest.TryParse(File.ReadAllText(manifestPath))
            ?? throw new InvalidDataException($"{manifestPath} is not a Rampart key manifest.");
        if (manifest.VendorEcc.Count == 0 || manifest.VendorPqc.Count == 0 || manifest.Pqc is not ("lms" or "mldsa"))
        {
            throw new InvalidDataException($"{manifestPath} lists no vendor keys or an unknown PQC type.");
        }

        return new KeyDirectory(path, manifest, engines);
    }

    /// <summary>The vendor signing keys at the given indices.</summary>
    public HybridSigningKeys VendorSigning(int eccIndex = 0, int pqcIndex = 0) =>
        new(LoadEcc(Manifest.VendorEcc[eccIndex]), LoadPqc(Manifest.VendorPqc[pqcIndex]));

    /// <summary>The owner signing keys.</summary>
    public HybridSigningKeys OwnerSigning() => new(LoadEcc(Manifest.OwnerEcc), LoadPqc(Manifest.OwnerPqc));

    /// <summary>Releases LMS signers.</summary>
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
    }

    private static string PqcName(KeySetPqc pqc) => pqc == KeySetPqc.Lms ? "lms" : "mldsa";

    private static KeyEntry WriteEcc(string directory, ICryptoEngines engines, KeyMaterial material, string name)
    {
        var seed = material.Derive(name, 64);
        var privateKey = new byte[P384.PrivateKeySize];
        var publicKey = new byte[P384.PublicKeySize];
        engines.Ecc.DeriveKeyPair(seed, privateKey, publicKey);
        var file = name + ".key";
        AtomicFile.Write(System.IO.Path.Combine(directory, file), privateKey, secret: true);
        Array.Clear(privateKey);
        Array.Clear(seed);
        return new KeyEntry(name, EccAlgorithm, file, Convert.ToHexString(publicKey));
    }

    private static KeyEntry WritePqc(string directory, ICryptoEngines engines, KeyMaterial material, KeyGenerationOptions options, string name)
    {
        var file = name + ".key";
        if (options.Pqc == KeySetPqc.MlDsa)
        {
            var seed = material.Derive(name, MlDsa87.SeedSize);
            var signer = MlDsaSigner.FromSeed(engines.MlDsa, seed);
            AtomicFile.Write(System.IO.Path.Combine(directory, file), seed, secret: true);
            Array.Clear(seed);
            return new KeyEntry(name, MlDsaAlgorithm, file, Convert.ToHexString(signer.PublicKey.Span));
        }

        var secret = material.Derive(name, LmsSha256N24.IdentifierSize + LmsSigner.SeedSize);
        var indexFile = name + ".lms-index";
        var store = new FileLmsIndexStore(System.IO.Path.Combine(directory, indexFile));
        using var lms = new LmsSigner(options.LmsHeight, secret.AsSpan(0, LmsSha256N24.IdentifierSize), secret.AsSpan(LmsSha256N24.IdentifierSize), store);
        var publicKey = lms.PublicKey;
        AtomicFile.Write(System.IO.Path.Combine(directory, file), secret, secret: true);
        AtomicFile.WriteText(System.IO.Path.Combine(directory, indexFile), "0\n");
        Array.Clear(secret);
        return new KeyEntry(name, LmsAlgorithm, file, Convert.ToHexString(publicKey), indexFile);
    }

    private EccSigner LoadEcc(KeyEntry entry)
    {
        var privateKey = ReadPrivate(entry, P384.PrivateKeySize);
        var signer = new EccSigner(_engines.Ecc, privateKey);
        Array.Clear(privateKey);
        if (!signer.PublicKey.Span.SequenceEqual(Convert.FromHexString(entry.PublicKey)))
        {
            throw new InvalidDataException($"{entry.PrivateFile} does not match the public key in keys.json.");
        }

        return signer;
    }

    private IPqcSigner LoadPqc(KeyEntry entry)
    {
        if (entry.Algorithm == MlDsaAlgorithm)
        {
            var seed = ReadPrivate(entry, MlDsa87.SeedSize);
            var signer = MlDsaSigner.FromSeed(_engines.MlDsa, seed);
            Array.Clear(seed);
            if (!signer.PublicKey.Span.SequenceEqual(Convert.FromHexString(entry.PublicKey)))
            {
                throw new InvalidDataException($"{entry.PrivateFile} does not match the public key in keys.json.");
            }

            return signer;
        }

        if (entry.Algorithm != LmsAlgorithm || entry.IndexFile is null || Manifest.LmsHeight is not { } height)
        {
            throw new InvalidDataException($"{entry.Name}: unknown key algorithm '{entry.Algorithm}'.");
        }

        var secret = ReadPrivate(entry, LmsSha256N24.IdentifierSize + LmsSigner.SeedSize);
        var store = new FileLmsIndexStore(System.IO.Path.Combine(Path, entry.IndexFile));
        var lms = new LmsSigner(height, secret.AsSpan(0, LmsSha256N24.IdentifierSize), secret.AsSpan(LmsSha256N24.IdentifierSize), store);
        Array.Clear(secret);
        var pqc = new LmsPqcSigner(lms, Convert.FromHexString(entry.PublicKey));
        _owned.Add(pqc);
        return pqc;
    }

    private byte[] ReadPrivate(KeyEntry entry, int length)
    {
        var file = System.IO.Path.Combine(Path, entry.PrivateFile);
        var bytes = File.ReadAllBytes(file);
        if (bytes.Length != length)
        {
            Array.Clear(bytes);
            throw new InvalidDataException($"{file} is not a {length}-byte {entry.Algorithm} private key.");
        }

        return bytes;
    }

    /// <summary>Key material: HKDF-SHA-384 from the seed with a per-key label, or fresh OS randomness without a seed.</summary>
    private sealed class KeyMaterial(ICryptoEngines engines, ReadOnlyMemory<byte>? seed)
    {
        private static ReadOnlySpan<byte> Salt => "rampart key directory v1"u8;

        public byte[] Derive(string label, int length)
        {
            var output = new byte[length];
            if (seed is not { } value)
            {
                System.Security.Cryptography.RandomNumberGenerator.Fill(output);
                return output;
            }

            Span<byte> prk = stackalloc byte[48];
            engines.Hmac.HkdfExtract(ShaAlgorithm.Sha384, value.Span, Salt, prk);
            engines.Hmac.HkdfExpand(ShaAlgorithm.Sha384, prk, System.Text.Encoding.ASCII.GetBytes(label), output);
            prk.Clear();
            return output;
        }
    }
}
