using Rampart.Hal.CoreControl;

namespace Rampart.Chip.Firmware;

/// <summary>
/// The later-stage firmware this build carries as bytes (ARCHITECTURE.md §2): the build copies each
/// firmware project's DLL and the Rampart libraries it uses into <c>firmware/&lt;ProjectName&gt;/</c>
/// beside the running assembly (Rampart.Chip.csproj); these methods pack them into stage
/// <see cref="FirmwareArchive"/>s. The entry assembly comes first, its libraries follow sorted by
/// name, so the same build outputs always give the same bytes. Shared contracts (Rampart.Hal,
/// Rampart.Wire; Rampart.Kernel.Abi for apps) are never packed: the chip and the MCU runtime provide them.
/// An MCU app's library that the runtime already carries, byte for byte, is packed as a reference.
/// </summary>
public static class FirmwareBuildOutputs
{
    /// <summary>The folder under the application base that holds the firmware build outputs.</summary>
    public const string FolderName = "firmware";

    /// <summary>The Caliptra FMC project.</summary>
    public const string CaliptraFmc = "Rampart.Firmware.Caliptra.Fmc";

    /// <summary>The Caliptra runtime project.</summary>
    public const string CaliptraRuntime = "Rampart.Firmware.Caliptra.Runtime";

    /// <summary>The MCU runtime project (kernel, board and apps).</summary>
    public const string McuRuntime = "Rampart.Firmware.Mcu.Runtime";

    /// <summary>The prefix of MCU app projects carried inside the MCU runtime archive.</summary>
    public const string McuAppPrefix = "Rampart.Firmware.Mcu.Apps.";

    private static readonly string[] AppSharedContracts = ["Rampart.Kernel.Abi", "Rampart.Hal", "Rampart.Wire"];

    private static readonly string[] StageSharedContracts = ["Rampart.Hal", "Rampart.Wire"];

    /// <summary>The folder holding <paramref name="projectName"/>'s outputs (it may not exist).</summary>
    public static string Directory(string projectName) => Path.Combine(AppContext.BaseDirectory, FolderName, projectName);

    /// <summary>
    /// The Caliptra FMC archive; <paramref name="entryTypeName"/> is the full name of its <see cref="ICaliptraStage"/>.
    /// Its assemblies are packed with every method marked for minimal JIT optimization (decision 0279).
    /// </summary>
    public static byte[] CaliptraFmcArchive(string entryTypeName) => StageArchive(CaliptraFmc, entryTypeName, coldCode: true);

    /// <summary>
    /// The Caliptra runtime archive; <paramref name="entryTypeName"/> is the full name of its <see cref="ICaliptraStage"/>.
    /// Its assemblies are packed with every method marked for minimal JIT optimization (decision 0279).
    /// </summary>
    public static byte[] CaliptraRuntimeArchive(string entryTypeName) => StageArchive(CaliptraRuntime, entryTypeName, coldCode: true);

    /// <summary>
    /// The MCU runtime archive: its assemblies (kind 0), then one app payload (kind 1) per
    /// <c>Rampart.Firmware.Mcu.Apps.*</c> project, sorted by name, each an app archive of the app
    /// DLL and its own libraries, named by the app's assembly name. A library the runtime carries
    /// with identical bytes is stored once: the app archive names it (a library reference, decision
    /// 0272) and the runtime resolves it before loading the app. <paramref name="entryTypeName"/>
    /// is the full name of the runtime's <see cref="IMcuStage"/>.
    /// </summary>
    public static byte[] McuRuntimeArchive(string entryTypeName)
    {
        ArgumentNullException.ThrowIfNull(entryTypeName);
        var runtime = Assemblies(McuRuntime, StageSharedContracts);
        var root = Path.Combine(AppContext.BaseDirectory, FolderName);
        var apps = System.IO.Directory.Exists(root)
            ? System.IO.Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
                .Where(n => n.StartsWith(McuAppPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                .Select(n => new FirmwareArchiveEntry(FirmwareArchiveEntryKind.AppPayload, n, AppArchive(n, runtime)))
                .ToArray()
            : [];
        return FirmwareArchive.Write(entryTypeName, [.. runtime, .. apps]);
    }

    /// <summary>A self-contained app archive of <paramref name="appProject"/>: the app DLL first, then its libraries other than the shared contracts.</summary>
    public static byte[] AppArchive(string appProject) => AppArchive(appProject, []);

    /// <summary>
    /// The app archive of <paramref name="appProject"/> as <paramref name="carrier"/>'s assemblies carry
    /// it: each library whose name and bytes equal one of theirs becomes a library reference.
    /// </summary>
    public static byte[] AppArchive(string appProject, IReadOnlyList<FirmwareArchiveEntry> carrier)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        var assemblies = Assemblies(appProject, AppSharedContracts);
        var shared = assemblies.Select((entry, i) => i > 0 && carrier.Any(c => c.Kind == FirmwareArchiveEntryKind.Assembly
                && c.Name == entry.Name && c.Bytes.Span.SequenceEqual(entry.Bytes.Span))
            ? new FirmwareArchiveEntry(FirmwareArchiveEntryKind.LibraryReference, entry.Name, ReadOnlyMemory<byte>.Empty)
            : entry);
        return FirmwareArchive.Write(string.Empty, [.. shared]);
    }

    private static byte[] StageArchive(string project, string entryTypeName, bool coldCode)
    {
        ArgumentNullException.ThrowIfNull(entryTypeName);
        var assemblies = Assemblies(project, StageSharedContracts);
        return FirmwareArchive.Write(entryTypeName, coldCode
            ? [.. assemblies.Select(e => e with { Bytes = ColdAssembly(project, e) })]
            : assemblies);
    }

    private static byte[] ColdAssembly(string project, FirmwareArchiveEntry entry)
    {
        try
        {
            return ColdCodeHint.Apply(entry.Bytes.Span);
        }
        catch (FileLoadException e)
        {
            var path = Path.Combine(FolderName, project, entry.Name + ".dll");
            throw new FileLoadException($"the build output {path} is {e.Message}", path, e);
        }
    }

    private static FirmwareArchiveEntry[] Assemblies(string project, string[] excluded)
    {
        var directory = Directory(project);
        var entry = Path.Combine(directory, project + ".dll");
        if (!File.Exists(entry))
        {
            throw new FileNotFoundException($"the build did not copy {project} into {Path.Combine(FolderName, project)} (see Rampart.Chip.csproj)", entry);
        }

        var closure = DependencyClosure(directory, project);
        var libraries = System.IO.Directory.GetFiles(directory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Where(n => n != project && closure.Contains(n) && !excluded.Contains(n, StringComparer.Ordinal))
            .Order(StringComparer.Ordinal);
        return [.. new[] { project }.Concat(libraries)
            .Select(n => new FirmwareArchiveEntry(FirmwareArchiveEntryKind.Assembly, n, File.ReadAllBytes(Path.Combine(directory, n + ".dll"))))];
    }

    /// <summary>The names of the libraries <paramref name="project"/>'s .deps.json lists (its whole reference closure).</summary>
    private static HashSet<string> DependencyClosure(string directory, string project)
    {
        var path = Path.Combine(directory, project + ".deps.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the build did not copy {project}.deps.json into {Path.Combine(FolderName, project)} (see Rampart.Chip.csproj)", path);
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in document.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                names.Add(library.Name.Split('/')[0]);
            }
        }

        return names;
    }

    /// <summary>Entry type of the FMC stage.</summary>
    public const string CaliptraFmcEntry = "Rampart.Firmware.Caliptra.Fmc.CaliptraFmc";

    /// <summary>Entry type of the Caliptra runtime stage.</summary>
    public const string CaliptraRuntimeEntry = "Rampart.Firmware.Caliptra.Runtime.CaliptraRuntime";

    /// <summary>Entry type of the MCU runtime stage.</summary>
    public const string McuRuntimeEntry = "Rampart.Firmware.Mcu.Runtime.McuRuntime";

    /// <summary>The three later-stage firmware archives this build carries.</summary>
    public static Boot.FirmwarePayloads Payloads() =>
        new(CaliptraFmcArchive(CaliptraFmcEntry), CaliptraRuntimeArchive(CaliptraRuntimeEntry), McuRuntimeArchive(McuRuntimeEntry));
}
