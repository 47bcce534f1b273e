using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// The chip's code loader for apps (ARCHITECTURE.md §2, KERNEL.md): check against the allow-list
/// (<see cref="AppImageChecker"/>), instrument (<see cref="AppInstrumenter"/>), then load the
/// instrumented bytes into a fresh collectible <see cref="AssemblyLoadContext"/>. A refused image
/// never reaches a context, so none of its code can run.
/// </summary>
public sealed class AppCodeLoader : ICodeLoader
{
    /// <summary>Checked and instrumented images kept, by SHA-256 of the original bytes (a restart reloads the same bytes).</summary>
    private const int CacheEntries = 16;

    private readonly AssemblyLoadContext _host;
    private readonly Dictionary<string, byte[]> _instrumented = new(StringComparer.Ordinal);
    private int _sequence;

    /// <summary>Creates a loader whose apps resolve the shared contracts from <paramref name="host"/> (the default context when null).</summary>
    public AppCodeLoader(AssemblyLoadContext? host = null)
    {
        _host = host ?? AssemblyLoadContext.Default;
    }

    /// <summary>Images accepted and loaded.</summary>
    public int Loaded { get; private set; }

    /// <summary>Images refused.</summary>
    public int Refused { get; private set; }

    /// <summary>The most recent refusal, for diagnostics.</summary>
    public LoadRefusal LastRefusal { get; private set; } = LoadRefusal.None;

    /// <summary>Runs only the load-time check (no instrumentation, no context).</summary>
    public static LoadRefusal Check(ReadOnlySpan<byte> image) => AppImageChecker.Check(image);

    /// <inheritdoc />
    public bool TryLoadApp(ReadOnlySpan<byte> image, AppLoadLimits limits, out ILoadedApp? app, out LoadRefusal refusal)
    {
        app = null;
        if (image.Length > limits.MaxImageBytes)
        {
            return Refuse(new LoadRefusal(LoadRefusalReason.TooLarge, $"{image.Length} bytes > {limits.MaxImageBytes}"), out refusal);
        }

        var digest = Convert.ToHexString(SHA256.HashData(image));
        if (!_instrumented.TryGetValue(digest, out var instrumented))
        {
            refusal = AppImageChecker.Check(image);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return Refuse(refusal, out refusal);
            }

            try
            {
                instrumented = AppInstrumenter.Instrument(image, out _, out _);
            }
            catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or ArgumentException or NotSupportedException
                or IndexOutOfRangeException or NullReferenceException or InvalidCastException or Mono.Cecil.AssemblyResolutionException)
            {
                return Refuse(new LoadRefusal(LoadRefusalReason.Malformed, "instrumentation failed: " + e.Message), out refusal);
            }

            if (_instrumented.Count >= CacheEntries)
            {
                _instrumented.Clear();
            }

            _instrumented[digest] = instrumented;
        }

        var meter = new ExecutionMeter(limits.MaxDepth);
        var context = new AppLoadContext("rampart-app-" + (++_sequence), _host);
        try
        {
            using var stream = new MemoryStream(instrumented, writable: false);
            var assembly = context.LoadFromStream(stream);
            var holder = assembly.GetType(AppImageChecker.MeterTypeName, throwOnError: true)!;
            holder.GetField(AppInstrumenter.MeterFieldName, BindingFlags.NonPublic | BindingFlags.Static)!.SetValue(null, meter);
            app = new LoadedApp(assembly.GetName().Name ?? "app", context, assembly, meter);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException)
        {
            context.Unload();
            _instrumented.Remove(digest);
            return Refuse(new LoadRefusal(LoadRefusalReason.Malformed, "the runtime refused the image: " + e.Message), out refusal);
        }

        Loaded++;
        refusal = LoadRefusal.None;
        return true;
    }

    private bool Refuse(LoadRefusal why, out LoadRefusal refusal)
    {
        Refused++;
        LastRefusal = why;
        refusal = why;
        return false;
    }
}
