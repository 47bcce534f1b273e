using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Rampart.Platform.Loading;

/// <summary>
/// What the chip's code loaders have already accepted in this process, by SHA-256 of the exact
/// bytes they were given: a stage archive's module version ids, an app's instrumented
/// assemblies. The load-time check and the instrumentation are pure functions of those bytes
/// (decision 0240), so a second chip booting the same images — the benchmark's repeated boots,
/// a soak run, <c>rampart serve</c> rebooting — skips them and gets the very result the first
/// check gave. Only acceptances are kept: a refused image is checked, and refused, every time.
/// Any bit changed changes the key. Bounded (oldest dropped first); safe across threads.
/// </summary>
internal static class CheckedCodeCache
{
    /// <summary>Entries kept (a boot accepts about six images: three stages and the apps).</summary>
    internal const int Capacity = 32;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, object> Entries = new(StringComparer.Ordinal);
    private static readonly Queue<string> Order = new();

    /// <summary>The key of <paramref name="bytes"/> as <paramref name="kind"/> (stage archive or app image: each has its own rules).</summary>
    internal static string Key(string kind, ReadOnlySpan<byte> bytes) => kind + ":" + Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>The accepted result stored under <paramref name="key"/>, if any.</summary>
    internal static bool TryGet<T>(string key, [NotNullWhen(true)] out T? value)
        where T : class
    {
        lock (Gate)
        {
            value = Entries.TryGetValue(key, out var found) ? found as T : null;
            return value is not null;
        }
    }

    /// <summary>Records an accepted result; the oldest entry goes when full.</summary>
    internal static void Add(string key, object value)
    {
        lock (Gate)
        {
            if (Entries.ContainsKey(key))
            {
                Entries[key] = value;
                return;
            }

            while (Entries.Count >= Capacity && Order.TryDequeue(out var oldest))
            {
                Entries.Remove(oldest);
            }

            Entries.Add(key, value);
            Order.Enqueue(key);
        }
    }

    /// <summary>Forgets <paramref name="key"/> (the runtime refused bytes the check accepted).</summary>
    internal static void Remove(string key)
    {
        lock (Gate)
        {
            if (Entries.Remove(key))
            {
                var kept = Order.Where(k => k != key).ToArray();
                Order.Clear();
                foreach (var k in kept)
                {
                    Order.Enqueue(k);
                }
            }
        }
    }
}
