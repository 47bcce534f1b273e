namespace Rampart.Hal.CoreControl;

/// <summary>
/// The chip's code loader as firmware sees it (ARCHITECTURE.md §2 "core control"): the one
/// place that turns bytes into running code. It checks each assembly against the allow-list,
/// instruments app IL with watchdog counters and gives every load its own collectible context.
/// Neither the kernel nor the ROMs use reflection: they ask the loader.
/// </summary>
public interface ICodeLoader
{
    /// <summary>
    /// Checks, instruments and loads an app assembly from <paramref name="image"/>. On refusal
    /// <paramref name="app"/> is null, <paramref name="refusal"/> names the construct, and no code
    /// of the assembly has run or ever will.
    /// </summary>
    bool TryLoadApp(ReadOnlySpan<byte> image, AppLoadLimits limits, out ILoadedApp? app, out LoadRefusal refusal);

    /// <summary>
    /// Checks every assembly of a verified stage <see cref="FirmwareArchive"/> against the stage
    /// profile and loads them into one fresh collectible context (no IL instrumentation: stages are
    /// vendor-signed and the MCI watchdog covers them). On refusal <paramref name="stage"/> is null,
    /// <paramref name="refusal"/> names the construct, and no code of the archive has run or ever will.
    /// </summary>
    bool TryLoadStage(ReadOnlyMemory<byte> archive, out ILoadedStage? stage, out LoadRefusal refusal);
}

/// <summary>Limits the loader applies to an app.</summary>
/// <param name="MaxDepth">The deepest nesting of app methods before a depth fault.</param>
/// <param name="MaxImageBytes">The largest assembly accepted.</param>
public readonly record struct AppLoadLimits(int MaxDepth, int MaxImageBytes)
{
    /// <summary>1,000 frames, 1 MiB.</summary>
    public static AppLoadLimits Default => new(1000, 1 << 20);
}

/// <summary>An app loaded into its own collectible context.</summary>
public interface ILoadedApp
{
    /// <summary>The assembly's simple name.</summary>
    string Name { get; }

    /// <summary>The app's own watchdog counters (fuel and depth).</summary>
    ExecutionMeter Meter { get; }

    /// <summary>True once <see cref="Unload"/> was called.</summary>
    bool IsUnloaded { get; }

    /// <summary>
    /// Creates an instance of the public, non-abstract type <paramref name="typeName"/> that
    /// implements <typeparamref name="T"/>, with its public parameterless constructor (which is
    /// app code: call it under the meter). Refuses with <see cref="LoadRefusalReason.NoEntryPoint"/>.
    /// </summary>
    bool TryCreate<T>(string typeName, out T? instance, out LoadRefusal refusal)
        where T : class;

    /// <summary>
    /// Starts unloading the context. The caller must drop every reference to objects it created;
    /// <see cref="ContextWitness"/> then dies after a few collections.
    /// </summary>
    void Unload();

    /// <summary>A weak reference to the context, to observe that it was collected.</summary>
    WeakReference ContextWitness { get; }
}
