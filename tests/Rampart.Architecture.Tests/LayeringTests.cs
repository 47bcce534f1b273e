using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Rampart.Architecture.Tests;

/// <summary>
/// ARCHITECTURE.md §3: every arrow between Rampart projects must be in the layer table.
/// Checked twice: the project files (what may be compiled against) and the built
/// assemblies' metadata (what is actually referenced).
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] FirmwareLibraries =
        ["Rampart.Hal", "Rampart.Wire", "Rampart.Kernel", "Rampart.Kernel.Abi", "Rampart.Protocols", "Rampart.Images", "Rampart.Identity"];

    /// <summary>The table of ARCHITECTURE.md §3 for the fixed projects.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Rampart.Wire"] = [],
        ["Rampart.Hal"] = ["Rampart.Wire"],
        ["Rampart.Crypto"] = ["Rampart.Hal", "Rampart.Wire"],
        ["Rampart.Identity"] = ["Rampart.Hal", "Rampart.Wire"],
        ["Rampart.Images"] = ["Rampart.Hal", "Rampart.Wire"],
        ["Rampart.Protocols"] = ["Rampart.Hal", "Rampart.Wire"],
        ["Rampart.Platform"] = ["Rampart.Hal", "Rampart.Wire", "Rampart.Crypto"],
        ["Rampart.Kernel.Abi"] = ["Rampart.Hal", "Rampart.Wire"],
        ["Rampart.Kernel"] = ["Rampart.Kernel.Abi", "Rampart.Hal", "Rampart.Wire"],
        ["Rampart.Host"] = ["Rampart.Hal", "Rampart.Wire", "Rampart.Crypto", "Rampart.Identity", "Rampart.Images", "Rampart.Protocols"],
        ["Rampart.Chip"] =
        [
            "Rampart.Platform", "Rampart.Firmware.Caliptra.Rom", "Rampart.Firmware.Mcu.Rom", "Rampart.Host", "Rampart.Protocols",
            "Rampart.Images", "Rampart.Identity", "Rampart.Crypto", "Rampart.Hal", "Rampart.Wire",
        ],
    };

    /// <summary>What project <paramref name="from"/> may reference, or null when it is not in the table.</summary>
    internal static IReadOnlyCollection<string>? AllowedTargets(string from, IEnumerable<string> allProjects)
    {
        if (Allowed.TryGetValue(from, out var fixedTargets))
        {
            return fixedTargets;
        }

        if (from == "Rampart.Cli")
        {
            // Everything except later-stage firmware, which the CLI carries as bytes.
            return allProjects.Where(p => p != from && (!p.StartsWith("Rampart.Firmware.", StringComparison.Ordinal) || IsRom(p))).ToArray();
        }

        if (from.StartsWith("Rampart.Firmware.Mcu.Apps.", StringComparison.Ordinal))
        {
            return FirmwareLibraries.Where(p => p != "Rampart.Kernel").ToArray();
        }

        if (from.StartsWith("Rampart.Firmware.", StringComparison.Ordinal))
        {
            return FirmwareLibraries;
        }

        return null;
    }

    private static bool IsRom(string project) => project.EndsWith(".Rom", StringComparison.Ordinal);

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rampart.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Rampart.slnx not found above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, string[]> ProjectReferences()
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            // A reference with ReferenceOutputAssembly=false only carries the other project's bytes
            // (ARCHITECTURE.md §2: later-stage firmware and apps travel as build outputs); it is no compile arrow.
            var refs = XDocument.Load(file).Descendants("ProjectReference")
                .Where(e => !string.Equals((string?)e.Attribute("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase))
                .Select(e => Path.GetFileNameWithoutExtension((string?)e.Attribute("Include") ?? string.Empty))
                .Where(r => r.Length > 0)
                .ToArray();
            result[name] = refs;
        }

        return result;
    }

    [Fact]
    public void Every_src_project_is_in_the_layer_table()
    {
        var projects = ProjectReferences();
        Assert.NotEmpty(projects);
        var unknown = projects.Keys.Where(p => AllowedTargets(p, projects.Keys) is null).ToList();
        Assert.True(unknown.Count == 0, "projects not in ARCHITECTURE.md §3: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Project_references_follow_the_layer_table()
    {
        var projects = ProjectReferences();
        var violations = new List<string>();
        foreach (var (from, targets) in projects)
        {
            var allowed = AllowedTargets(from, projects.Keys) ?? [];
            foreach (var target in targets)
            {
                if (!allowed.Contains(target))
                {
                    violations.Add($"{from} -> {target}");
                }
            }

            // Firmware beyond the ROMs is carried as bytes, never compiled against by the CLI or chip.
            if (from is "Rampart.Cli" or "Rampart.Chip")
            {
                violations.AddRange(targets.Where(t => t.StartsWith("Rampart.Firmware.", StringComparison.Ordinal) && !IsRom(t)).Select(t => $"{from} -> {t} (must be bytes)"));
            }
        }

        Assert.True(violations.Count == 0, "arrows not in the layer table: " + string.Join("; ", violations));
    }

    [Fact]
    public void Built_assemblies_reference_only_what_the_table_allows()
    {
        var dir = AppContext.BaseDirectory;
        // Only the assemblies of src/ projects (test apps copied next to the CLI are not layers).
        var sourceProjects = ProjectReferences().Keys.ToHashSet(StringComparer.Ordinal);
        var assemblies = Directory.GetFiles(dir, "Rampart.*.dll").Concat(Directory.GetFiles(dir, "rampart.dll"))
            .Where(f => Path.GetFileNameWithoutExtension(f) is var name && (name == "rampart" || sourceProjects.Contains(name)))
            .ToList();
        Assert.Contains(assemblies, a => Path.GetFileName(a) == "Rampart.Wire.dll");
        var names = assemblies.Select(a => ReadName(a).Name).ToList();
        var violations = new List<string>();
        foreach (var path in assemblies)
        {
            var (name, references) = ReadName(path);
            var project = name == "rampart" ? "Rampart.Cli" : name;
            var allowed = AllowedTargets(project, names.Select(n => n == "rampart" ? "Rampart.Cli" : n)) ?? [];
            violations.AddRange(references
                .Where(r => r.StartsWith("Rampart.", StringComparison.Ordinal) && !allowed.Contains(r))
                .Select(r => $"{project} -> {r}"));
        }

        Assert.True(violations.Count == 0, "assembly references not in the layer table: " + string.Join("; ", violations));
    }

    [Theory]
    [InlineData("Rampart.Wire", "Rampart.Hal", false)]
    [InlineData("Rampart.Crypto", "Rampart.Hal", true)]
    [InlineData("Rampart.Firmware.Caliptra.Rom", "Rampart.Crypto", false)]
    [InlineData("Rampart.Firmware.Caliptra.Rom", "Rampart.Platform", false)]
    [InlineData("Rampart.Firmware.Mcu.Apps.Spdm", "Rampart.Kernel", false)]
    [InlineData("Rampart.Firmware.Mcu.Apps.Spdm", "Rampart.Kernel.Abi", true)]
    [InlineData("Rampart.Cli", "Rampart.Firmware.Mcu.Runtime", false)]
    [InlineData("Rampart.Cli", "Rampart.Firmware.Caliptra.Rom", true)]
    [InlineData("Rampart.Images", "Rampart.Crypto", false)]
    public void The_table_itself_says_what_ARCHITECTURE_md_says(string from, string to, bool allowed)
    {
        string[] all = ["Rampart.Wire", "Rampart.Hal", "Rampart.Crypto", "Rampart.Firmware.Caliptra.Rom", "Rampart.Firmware.Mcu.Runtime", "Rampart.Kernel.Abi", "Rampart.Kernel"];
        Assert.Equal(allowed, (AllowedTargets(from, all) ?? []).Contains(to));
    }

    private static (string Name, List<string> References) ReadName(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var name = md.GetString(md.GetAssemblyDefinition().Name);
        var refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
        return (name, refs);
    }
}
