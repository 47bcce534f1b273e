using System.Text.Json;

namespace Rampart.Host.Attestation;

/// <summary>
/// Reference measurement values a verifier compares against (README "rampart attest"):
/// <code>
/// { "measurements": [ { "index": 1, "digest": "hex…" }, … ] }
/// </code>
/// </summary>
public sealed class ReferenceValues
{
    private ReferenceValues(IReadOnlyDictionary<int, byte[]> digests) => Digests = digests;

    /// <summary>Expected value per measurement index.</summary>
    public IReadOnlyDictionary<int, byte[]> Digests { get; }

    /// <summary>Builds reference values from known digests.</summary>
    public static ReferenceValues From(IReadOnlyDictionary<int, byte[]> digests) => new(digests);

    /// <summary>The JSON form <see cref="TryParse"/> reads, by ascending index.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        measurements = Digests.OrderBy(d => d.Key).Select(d => new { index = d.Key, digest = Convert.ToHexStringLower(d.Value) }),
    }, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Parses the JSON form; false with a precise reason when it is malformed.</summary>
    public static bool TryParse(string json, out ReferenceValues? values, out string? error)
    {
        values = null;
        error = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("measurements", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                error = "expected an object with a \"measurements\" array";
                return false;
            }

            var digests = new Dictionary<int, byte[]>();
            var position = 0;
            foreach (var entry in list.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("index", out var index) || !index.TryGetInt32(out var i) ||
                    i is < 1 or > 254 || !entry.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String)
                {
                    error = $"measurements[{position}] needs an \"index\" (1-254) and a hex \"digest\"";
                    return false;
                }

                try
                {
                    digests[i] = Convert.FromHexString(digest.GetString()!);
                }
                catch (FormatException)
                {
                    error = $"measurements[{position}].digest is not hex";
                    return false;
                }

                position++;
            }

            values = new ReferenceValues(digests);
            return true;
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message}";
            return false;
        }
    }
}
