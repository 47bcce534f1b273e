using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rampart.Host.Keys;

/// <summary>
/// <c>keys.json</c>, the manifest of a key directory: which keys exist, their files and their
/// public keys (hex). Private material lives in the named files, owner-only.
/// </summary>
public sealed record KeyDirectoryManifest
{
    /// <summary>The format tag this code writes.</summary>
    public const string CurrentFormat = "rampart-keys/1";

    /// <summary>The file name of the manifest inside the directory.</summary>
    public const string FileName = "keys.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Format tag.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>"mldsa" or "lms".</summary>
    public required string Pqc { get; init; }

    /// <summary>LMS tree height (15 for Caliptra), when <see cref="Pqc"/> is "lms".</summary>
    public int? LmsHeight { get; init; }

    /// <summary>True when generated from a seed (reproducible).</summary>
    public bool Deterministic { get; init; }

    /// <summary>The vendor ECC keys, in descriptor order.</summary>
    public required IReadOnlyList<KeyEntry> VendorEcc { get; init; }

    /// <summary>The vendor PQC keys, in descriptor order.</summary>
    public required IReadOnlyList<KeyEntry> VendorPqc { get; init; }

    /// <summary>The owner ECC key.</summary>
    public required KeyEntry OwnerEcc { get; init; }

    /// <summary>The owner PQC key.</summary>
    public required KeyEntry OwnerPqc { get; init; }

    /// <summary>Serializes to indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Parses; null when the JSON does not describe a key directory.</summary>
    public static KeyDirectoryManifest? TryParse(string json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<KeyDirectoryManifest>(json, Options);
            return manifest is { Format: CurrentFormat } ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One key of a key directory.</summary>
/// <param name="Name">e.g. "vendor-ecc-0".</param>
/// <param name="Algorithm">"ecc-p384", "mldsa87" or "lms-sha256-n24-w4".</param>
/// <param name="PrivateFile">The file holding the private material (ECC scalar, ML-DSA seed, LMS I || SEED).</param>
/// <param name="PublicKey">Hex of the public key.</param>
/// <param name="IndexFile">For LMS: the file recording the next unused leaf.</param>
public sealed record KeyEntry(string Name, string Algorithm, string PrivateFile, string PublicKey, string? IndexFile = null);
