using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using Rampart.Chip.Firmware;
using Rampart.Hal.CoreControl;

namespace Rampart.Architecture.Tests;

/// <summary>
/// ARCHITECTURE.md §2: later-stage firmware travels as build outputs packed into archives, and
/// builds are repeatable — the same source gives the same firmware bytes wherever it is built.
/// </summary>
public sealed class FirmwareBuildTests
{
    [Fact]
    public void The_firmware_outputs_are_carried_beside_the_chip_and_pack_deterministically()
    {
        var runtime = FirmwareBuildOutputs.McuRuntimeArchive("Rampart.Firmware.Mcu.Runtime.Entry");
        Assert.Equal(runtime, FirmwareBuildOutputs.McuRuntimeArchive("Rampart.Firmware.Mcu.Runtime.Entry"));
        Assert.True(FirmwareArchive.TryRead(runtime, out var archive));

        var assemblies = archive!.Assemblies.Select(e => e.Name).ToList();
        Assert.Equal(FirmwareBuildOutputs.McuRuntime, assemblies[0]);
        Assert.Equal(assemblies.Skip(1).Order(StringComparer.Ordinal), assemblies.Skip(1));
        Assert.Contains("Rampart.Kernel", assemblies);
        Assert.Contains("Rampart.Kernel.Abi", assemblies);
        Assert.DoesNotContain("Rampart.Hal", assemblies);
        Assert.DoesNotContain("Rampart.Wire", assemblies);

        var pldm = Assert.Single(archive.Apps, a => a.Name == "Rampart.Firmware.Mcu.Apps.Pldm");
        Assert.True(FirmwareArchive.TryRead(pldm.Bytes, out var app));
        Assert.Equal("Rampart.Firmware.Mcu.Apps.Pldm", app!.Assemblies.First().Name);
        Assert.DoesNotContain(app.Assemblies, e => e.Name is "Rampart.Kernel.Abi" or "Rampart.Hal" or "Rampart.Wire");

        Assert.True(FirmwareArchive.TryRead(FirmwareBuildOutputs.CaliptraFmcArchive("Fmc.Entry"), out var fmc));
        Assert.Equal(FirmwareBuildOutputs.CaliptraFmc, fmc!.Assemblies.First().Name);
        Assert.True(FirmwareArchive.TryRead(FirmwareBuildOutputs.CaliptraRuntimeArchive("Runtime.Entry"), out var caliptraRuntime));
        Assert.Equal(FirmwareBuildOutputs.CaliptraRuntime, caliptraRuntime!.Assemblies.First().Name);

        // Carried, never loaded here: no PDBs beside them, and none in the default context.
        Assert.Empty(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, FirmwareBuildOutputs.FolderName), "*.pdb", SearchOption.AllDirectories));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name!.StartsWith("Rampart.Firmware.", StringComparison.Ordinal) && !a.GetName().Name!.EndsWith(".Rom", StringComparison.Ordinal));
    }

    [Fact]
    public void The_mcu_runtime_image_holds_each_library_once_and_its_apps_resolve_to_their_own_archives()
    {
        Assert.True(FirmwareArchive.TryRead(FirmwareBuildOutputs.McuRuntimeArchive(FirmwareBuildOutputs.McuRuntimeEntry), out var runtime));
        Assert.Equal(["Rampart.Firmware.Mcu.Apps.Pldm", "Rampart.Firmware.Mcu.Apps.Spdm", "Rampart.Firmware.Mcu.Apps.Vdm"], runtime!.Apps.Select(a => a.Name));

        var copies = runtime.Assemblies.Select(e => e.Name).ToList();
        foreach (var payload in runtime.Apps)
        {
            Assert.True(FirmwareArchive.TryRead(payload.Bytes, out var app));
            copies.AddRange(app!.Assemblies.Select(e => e.Name));
            Assert.Contains("Rampart.Protocols", app.LibraryReferences.Select(r => r.Name));

            // Resolved against the runtime, each payload is exactly the self-contained app archive.
            Assert.Equal(FirmwareBuildOutputs.AppArchive(payload.Name), runtime.ResolveLibraries(payload.Bytes).ToArray());
        }

        Assert.Single(copies, n => n == "Rampart.Protocols");
        Assert.Equal(copies.Count, copies.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_library_whose_bytes_differ_from_the_carriers_is_packed_with_its_bytes()
    {
        const string Pldm = "Rampart.Firmware.Mcu.Apps.Pldm";
        FirmwareArchiveEntry[] carrier = [new(FirmwareArchiveEntryKind.Assembly, "Rampart.Protocols", new byte[] { 1, 2, 3 })];

        Assert.Equal(FirmwareBuildOutputs.AppArchive(Pldm), FirmwareBuildOutputs.AppArchive(Pldm, carrier));
        Assert.True(FirmwareArchive.TryRead(FirmwareBuildOutputs.AppArchive(Pldm), out var app));
        Assert.Contains("Rampart.Protocols", app!.Assemblies.Select(e => e.Name));
        Assert.Empty(app.LibraryReferences);
    }

    [Fact]
    public void The_caliptra_stages_are_packed_for_minimal_jit_and_keep_their_identity()
    {
        // Decision 0279: every method of the Caliptra FMC and runtime archives is NoOptimization;
        // the MCU runtime, which moves every stage-2 packet, stays fully optimized.
        foreach (var (project, archive, cold) in new[]
        {
            (FirmwareBuildOutputs.CaliptraFmc, FirmwareBuildOutputs.CaliptraFmcArchive(FirmwareBuildOutputs.CaliptraFmcEntry), true),
            (FirmwareBuildOutputs.CaliptraRuntime, FirmwareBuildOutputs.CaliptraRuntimeArchive(FirmwareBuildOutputs.CaliptraRuntimeEntry), true),
            (FirmwareBuildOutputs.McuRuntime, FirmwareBuildOutputs.McuRuntimeArchive(FirmwareBuildOutputs.McuRuntimeEntry), false),
        })
        {
            Assert.True(FirmwareArchive.TryRead(archive, out var parsed));
            foreach (var entry in parsed!.Assemblies)
            {
                using var pe = new PEReader(new MemoryStream(entry.Bytes.ToArray()));
                var md = pe.GetMetadataReader();
                var bodies = md.MethodDefinitions.Select(md.GetMethodDefinition).Where(m => m.RelativeVirtualAddress != 0).ToList();
                Assert.NotEmpty(bodies);
                Assert.All(bodies, m => Assert.Equal(cold, (m.ImplAttributes & System.Reflection.MethodImplAttributes.NoOptimization) != 0));

                // The same module as the build output: the rewrite keeps the module version id.
                var built = File.ReadAllBytes(Path.Combine(FirmwareBuildOutputs.Directory(project), entry.Name + ".dll"));
                using var builtPe = new PEReader(new MemoryStream(built));
                var builtMd = builtPe.GetMetadataReader();
                Assert.Equal(builtMd.GetGuid(builtMd.GetModuleDefinition().Mvid), md.GetGuid(md.GetModuleDefinition().Mvid));
            }
        }
    }

    [Fact]
    public void The_cold_code_rewrite_is_a_pure_function_of_its_input()
    {
        var built = File.ReadAllBytes(Path.Combine(FirmwareBuildOutputs.Directory(FirmwareBuildOutputs.CaliptraRuntime), FirmwareBuildOutputs.CaliptraRuntime + ".dll"));
        var first = ColdCodeHint.Rewrite(built);
        Assert.Equal(first, ColdCodeHint.Rewrite(built.ToArray()));
        Assert.Equal(first, ColdCodeHint.Apply(built));
        Assert.Equal(first, ColdCodeHint.Rewrite(first));
    }

    [Fact]
    public void The_cold_code_rewrite_refuses_bytes_that_are_not_an_assembly()
    {
        var built = File.ReadAllBytes(Path.Combine(FirmwareBuildOutputs.Directory(FirmwareBuildOutputs.CaliptraFmc), FirmwareBuildOutputs.CaliptraFmc + ".dll"));
        foreach (var bad in new[] { [], new byte[] { 0x4D, 0x5A, 1, 2, 3 }, built.AsSpan(0, built.Length / 2).ToArray() })
        {
            var e = Assert.Throws<FileLoadException>(() => ColdCodeHint.Apply(bad));
            Assert.StartsWith("not a readable .NET assembly", e.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>Two Release builds of the MCU runtime in two different folders (~80 s on 2 cores).</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void A_release_build_of_the_firmware_is_byte_identical_in_two_folders()
    {
        var root = LayeringTests.RepositoryRoot();
        var first = Directory.CreateTempSubdirectory("rampart-repeat-a-");
        var second = Directory.CreateTempSubdirectory("rampart-repeat-b-");
        try
        {
            var outputs = new[] { first, second }.Select(dir => BuildMcuRuntime(root, dir.FullName)).ToArray();

            var names = outputs[0].Keys.Order(StringComparer.Ordinal).ToArray();
            Assert.Contains("Rampart.Firmware.Mcu.Runtime.dll", names);
            Assert.Contains("Rampart.Kernel.dll", names);
            Assert.Equal(names, outputs[1].Keys.Order(StringComparer.Ordinal));
            foreach (var name in names)
            {
                Assert.True(outputs[0][name].AsSpan().SequenceEqual(outputs[1][name]), name + " differs between the two builds");
                if (name is not ("Rampart.Hal.dll" or "Rampart.Wire.dll"))
                {
                    AssertFirmwareCodeShape(name, outputs[0][name]);
                }
            }
        }
        finally
        {
            first.Delete(recursive: true);
            second.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Decision 0278: a Release build of firmware code has class async state machines (so the
    /// BCL's builder code over them is shared, not JIT-compiled per boot) and does not ask for
    /// unoptimized JIT code.
    /// </summary>
    private static void AssertFirmwareCodeShape(string name, byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var md = pe.GetMetadataReader();
        var stateMachines = md.TypeDefinitions.Select(md.GetTypeDefinition)
            .Where(t => t.GetInterfaceImplementations().Any(i => TypeName(md, md.GetInterfaceImplementation(i).Interface) == "IAsyncStateMachine"))
            .ToList();
        Assert.All(stateMachines, t => Assert.NotEqual("ValueType", TypeName(md, t.BaseType)));

        var debuggable = md.GetAssemblyDefinition().GetCustomAttributes().Select(md.GetCustomAttribute)
            .Single(a => a.Constructor.Kind == HandleKind.MemberReference
                && TypeName(md, md.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent) == "DebuggableAttribute");
        var modes = BitConverter.ToInt32(md.GetBlobBytes(debuggable.Value), 2);
        Assert.True((modes & (int)DebuggableAttribute.DebuggingModes.DisableOptimizations) == 0, name + " asks for unoptimized JIT code");
    }

    private static string TypeName(MetadataReader md, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeReference => md.GetString(md.GetTypeReference((TypeReferenceHandle)handle).Name),
        HandleKind.TypeDefinition => md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)handle).Name),
        _ => string.Empty,
    };

    private static Dictionary<string, byte[]> BuildMcuRuntime(string repository, string target)
    {
        CopyTree(Path.Combine(repository, "src"), Path.Combine(target, "src"));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", ".editorconfig" })
        {
            File.Copy(Path.Combine(repository, file), Path.Combine(target, file));
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = target,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "build", "-c", "Release", "src/Rampart.Firmware.Mcu.Runtime/Rampart.Firmware.Mcu.Runtime.csproj", "-nodeReuse:false" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the build did not finish in 5 minutes");
        Assert.True(process.ExitCode == 0, stdout.Result + stderr.Result);

        var bin = Path.Combine(target, "src", "Rampart.Firmware.Mcu.Runtime", "bin", "Release", "net10.0");
        return Directory.GetFiles(bin, "Rampart.*.dll").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj"))
            {
                CopyTree(directory, Path.Combine(to, name));
            }
        }
    }
}
