using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedStages;

namespace Rampart.Platform.Tests.Loading;

public sealed class StageLoadingTests
{
    /// <summary>The firmware libraries a stage archive carries (docs/decisions/0240-stage-loading.md).</summary>
    private static readonly string[] FirmwareLibraries = ["Rampart.Identity", "Rampart.Images", "Rampart.Protocols", "Rampart.Kernel", "Rampart.Kernel.Abi"];

    private static FirmwareArchiveEntry Entry(string name, byte[] bytes) => new(FirmwareArchiveEntryKind.Assembly, name, bytes);

    [Fact]
    public void The_real_firmware_libraries_pass_the_stage_check()
    {
        var archive = FirmwareArchive.Write(string.Empty, FirmwareLibraries.Select(n => Entry(n, BuiltAssembly(n))).ToArray());

        Assert.Equal(LoadRefusal.None, ChipCodeLoader.CheckStage(archive));
    }

    [Fact]
    public async Task A_stage_loaded_from_an_archive_runs_its_entry_from_its_own_context()
    {
        var loader = new ChipCodeLoader();
        Assert.True(loader.TryLoadStage(StageArchive(out var stageName, out var libraryName), out var stage, out var refusal), refusal.ToString());

        Assert.Equal(stageName, stage!.Name);
        Assert.True(stage.TryCreateEntry<IMcuStage>(out var entry, out refusal), refusal.ToString());
        var exit = await entry!.RunAsync(null!, ReadOnlyMemory<byte>.Empty);

        Assert.Equal(StageExitKind.Completed, exit.Kind);
        Assert.Equal(LibraryMessage, exit.Message);
        var context = AssemblyLoadContext.GetLoadContext(entry.GetType().Assembly);
        Assert.Same(stage.ContextWitness.Target, context);
        Assert.True(context!.IsCollectible);
        Assert.Equal(
            new[] { stageName, libraryName, "Rampart.Kernel.Abi" }.Order(StringComparer.Ordinal),
            context.Assemblies.Select(a => a.GetName().Name!).Order(StringComparer.Ordinal));
        Assert.Equal(1, loader.StagesLoaded);
        stage.Unload();
    }

    [Fact]
    public async Task The_shared_contracts_come_from_the_chip_and_nothing_of_the_archive_reaches_the_default_context()
    {
        Assert.True(new ChipCodeLoader().TryLoadStage(StageArchive(out var stageName, out var libraryName), out var stage, out var refusal), refusal.ToString());
        Assert.True(stage!.TryCreateEntry<IMcuStage>(out var entry, out _));
        _ = await entry!.RunAsync(null!, ReadOnlyMemory<byte>.Empty);

        // The stage's IMcuStage is the chip's: Rampart.Hal resolved from the default context.
        Assert.Same(typeof(IMcuStage).Assembly, entry.GetType().GetInterfaces().Single().Assembly);
        var defaultNames = AssemblyLoadContext.Default.Assemblies.Select(a => a.GetName().Name).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(stageName, defaultNames);
        Assert.DoesNotContain(libraryName, defaultNames);
        Assert.DoesNotContain("Rampart.Kernel.Abi", defaultNames);
        stage.Unload();
    }

    [Fact]
    public void The_module_version_ids_are_those_of_the_archive_assemblies_in_order()
    {
        var bytes = StageArchive(out _, out _);
        Assert.True(FirmwareArchive.TryRead(bytes, out var archive));
        var expected = archive!.Assemblies.Select(e =>
        {
            using var pe = new PEReader(new MemoryStream(e.Bytes.ToArray()));
            var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            return reader.GetGuid(reader.GetModuleDefinition().Mvid);
        }).ToArray();

        Assert.True(new ChipCodeLoader().TryLoadStage(bytes, out var stage, out var refusal), refusal.ToString());

        Assert.Equal(expected, stage!.ModuleVersionIds);
        Assert.True(stage.TryCreateEntry<IMcuStage>(out var entry, out _));
        Assert.Equal(expected[0], entry!.GetType().Assembly.ManifestModule.ModuleVersionId);
        stage.Unload();
    }

    [Fact]
    public void An_unloaded_stage_context_is_collected()
    {
        var witness = LoadRunAndUnload();

        for (var i = 0; i < 10 && witness.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(witness.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunAndUnload()
    {
        Assert.True(new ChipCodeLoader().TryLoadStage(StageArchive(out _, out _), out var stage, out var refusal), refusal.ToString());
        Assert.True(stage!.TryCreateEntry<IMcuStage>(out var entry, out _));
        Assert.Equal(StageExitKind.Completed, entry!.RunAsync(null!, ReadOnlyMemory<byte>.Empty).GetAwaiter().GetResult().Kind);
        stage.Unload();
        Assert.True(stage.IsUnloaded);
        Assert.False(stage.TryCreateEntry<IMcuStage>(out _, out refusal));
        Assert.False(stage.AppLoader.TryLoadApp(BuiltAssembly("Rampart.TestApps"), AppLoadLimits.Default, out _, out refusal));
        Assert.Equal(LoadRefusalReason.NotPermitted, refusal.Reason);
        return stage.ContextWitness;
    }

    [Fact]
    public void Apps_loaded_through_the_stage_resolve_Kernel_Abi_from_the_stage_context()
    {
        Assert.True(new ChipCodeLoader().TryLoadStage(StageArchive(out _, out _), out var stage, out var refusal), refusal.ToString());

        Assert.True(stage!.AppLoader.TryLoadApp(BuiltAssembly("Rampart.TestApps"), AppLoadLimits.Default, out var app, out refusal), refusal.ToString());
        Assert.True(app!.TryCreate<object>("Rampart.TestApps.OrdinaryApp", out var instance, out refusal), refusal.ToString());

        var abi = instance!.GetType().GetInterfaces().Single(i => i.Name == "IApp").Assembly;
        Assert.Equal("Rampart.Kernel.Abi", abi.GetName().Name);
        Assert.Same(stage.ContextWitness.Target, AssemblyLoadContext.GetLoadContext(abi));
        Assert.NotSame(AssemblyLoadContext.GetLoadContext(abi), AssemblyLoadContext.GetLoadContext(instance.GetType().Assembly));
        Assert.False(stage.AppLoader.TryLoadStage(StageArchive(out _, out _), out _, out refusal));
        Assert.Equal(LoadRefusalReason.NotPermitted, refusal.Reason);
        app.Unload();
        stage.Unload();
    }

    [Fact]
    public void A_missing_or_wrong_entry_type_is_refused_by_name()
    {
        var stageName = UniqueName("EmittedStage");
        var libraryName = UniqueName("EmittedStageLib");
        var bytes = FirmwareArchive.Write("Emitted.Missing",
        [
            Entry(stageName, StageAssembly(stageName, libraryName)),
            Entry(libraryName, Library(libraryName)),
        ]);
        Assert.True(new ChipCodeLoader().TryLoadStage(bytes, out var stage, out var refusal), refusal.ToString());

        Assert.False(stage!.TryCreateEntry<IMcuStage>(out var entry, out refusal));
        Assert.Null(entry);
        Assert.Equal(LoadRefusalReason.NoEntryPoint, refusal.Reason);
        Assert.Contains("Emitted.Missing", refusal.Detail, StringComparison.Ordinal);
        stage.Unload();
    }

    [Fact]
    public void A_refused_assembly_never_gets_a_context()
    {
        var stageName = UniqueName("EmittedStage");
        var libraryName = UniqueName("EmittedStageLib");
        var bytes = FirmwareArchive.Write(EntryType,
        [
            Entry(stageName, StageAssembly(stageName, libraryName)),
            Entry(libraryName, Library(libraryName, (module, il) =>
            {
                var native = new ModuleReference("libc");
                module.ModuleReferences.Add(native);
                var getpid = new MethodDefinition("getpid", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static | Mono.Cecil.MethodAttributes.PInvokeImpl | Mono.Cecil.MethodAttributes.HideBySig, module.TypeSystem.Int32);
                getpid.PInvokeInfo = new PInvokeInfo(PInvokeAttributes.CallConvCdecl, "getpid", native);
                module.Types.Single(t => t.Name == "Lib").Methods.Add(getpid);
            })),
        ]);
        var loader = new ChipCodeLoader();

        Assert.False(loader.TryLoadStage(bytes, out var stage, out var refusal));

        Assert.Null(stage);
        Assert.Equal(LoadRefusalReason.PInvoke, refusal.Reason);
        Assert.Contains(libraryName, refusal.Detail, StringComparison.Ordinal);
        Assert.Equal(0, loader.StagesLoaded);
        Assert.Equal(1, loader.StagesRefused);
        var everywhere = AssemblyLoadContext.All.SelectMany(c => c.Assemblies).Select(a => a.GetName().Name).ToList();
        Assert.DoesNotContain(stageName, everywhere);
        Assert.DoesNotContain(libraryName, everywhere);
    }

    [Theory]
    [InlineData("not an archive", "4d5a90000300")]
    [InlineData("truncated archive", "524657410100010000")]
    [InlineData("only an app payload", "52465741" + "0100" + "0100" + "0000" + "01" + "0100" + "41" + "00000000")]
    [InlineData("an entry that is not an assembly", "52465741" + "0100" + "0100" + "0000" + "00" + "0100" + "41" + "04000000" + "DEADBEEF")]
    public void A_malformed_archive_is_refused(string name, string hex)
    {
        Assert.NotNull(name);
        var loader = new ChipCodeLoader();

        Assert.False(loader.TryLoadStage(Convert.FromHexString(hex), out var stage, out var refusal));

        Assert.Null(stage);
        Assert.Equal(LoadRefusalReason.Malformed, refusal.Reason);
    }

    [Fact]
    public void An_entry_must_hold_the_assembly_it_names_and_may_not_replace_a_shared_contract()
    {
        var libraryName = UniqueName("EmittedStageLib");
        var misnamed = FirmwareArchive.Write(string.Empty, [Entry("SomethingElse", Library(libraryName))]);
        var shadowing = FirmwareArchive.Write(string.Empty, [Entry("Rampart.Hal", Library("Rampart.Hal"))]);
        var bcl = FirmwareArchive.Write(string.Empty, [Entry("System.Runtime", Library(libraryName))]);

        Assert.Equal(LoadRefusalReason.Malformed, ChipCodeLoader.CheckStage(misnamed).Reason);
        Assert.Equal(LoadRefusalReason.ForbiddenAssembly, ChipCodeLoader.CheckStage(shadowing).Reason);
        Assert.Equal(LoadRefusalReason.ForbiddenAssembly, ChipCodeLoader.CheckStage(bcl).Reason);
    }

    public static TheoryData<string, LoadRefusalReason, string> DangerousConstructs => new()
    {
        { "console", LoadRefusalReason.ForbiddenType, "System.Console" },
        { "environment", LoadRefusalReason.ForbiddenType, "System.Environment" },
        { "gc", LoadRefusalReason.ForbiddenType, "System.GC" },
        { "app domain", LoadRefusalReason.ForbiddenType, "System.AppDomain" },
        { "random", LoadRefusalReason.ForbiddenType, "System.Random" },
        { "thread", LoadRefusalReason.ForbiddenType, "System.Threading.Thread" },
        { "thread pool", LoadRefusalReason.ForbiddenType, "System.Threading.ThreadPool" },
        { "timer", LoadRefusalReason.ForbiddenType, "System.Threading.Timer" },
        { "file", LoadRefusalReason.ForbiddenType, "System.IO.File" },
        { "socket", LoadRefusalReason.ForbiddenType, "System.Net.Sockets.Socket" },
        { "assembly", LoadRefusalReason.ForbiddenType, "System.Reflection.Assembly" },
        { "emit", LoadRefusalReason.ForbiddenType, "System.Reflection.Emit.DynamicMethod" },
        { "load context", LoadRefusalReason.ForbiddenType, "System.Runtime.Loader.AssemblyLoadContext" },
        { "unsafe", LoadRefusalReason.ForbiddenType, "System.Runtime.CompilerServices.Unsafe" },
        { "memory marshal", LoadRefusalReason.ForbiddenType, "System.Runtime.InteropServices.MemoryMarshal" },
        { "marshal", LoadRefusalReason.ForbiddenType, "System.Runtime.InteropServices.Marshal" },
        { "activator by type", LoadRefusalReason.ForbiddenMember, "System.Activator::CreateInstance" },
        { "type get method", LoadRefusalReason.ForbiddenMember, "System.Type::GetMethod" },
        { "array pool", LoadRefusalReason.ForbiddenMember, "System.Buffers.ArrayPool`1::get_Shared" },
        { "utc now", LoadRefusalReason.ForbiddenMember, "System.DateTime::get_UtcNow" },
        { "now", LoadRefusalReason.ForbiddenMember, "System.DateTime::get_Now" },
        { "new guid", LoadRefusalReason.ForbiddenMember, "System.Guid::NewGuid" },
        { "certificate from a file", LoadRefusalReason.ForbiddenMember, "X509CertificateLoader::LoadCertificateFromFile" },
        { "hash outside the engines", LoadRefusalReason.ForbiddenMember, "CryptographicOperations::HashData" },
        { "mutable static", LoadRefusalReason.MutableStaticField, "Emitted.Lib::Counter" },
    };

    [Theory]
    [MemberData(nameof(DangerousConstructs))]
    public void A_stage_assembly_is_refused_dangerous_constructs_by_name(string construct, LoadRefusalReason reason, string named)
    {
        var name = UniqueName("EmittedStageLib");
        var bytes = FirmwareArchive.Write(string.Empty, [Entry(name, Library(name, (module, il) => Emit(construct, module, il)))]);

        var refusal = ChipCodeLoader.CheckStage(bytes);

        Assert.Equal(reason, refusal.Reason);
        Assert.Contains(named, refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_constructs_the_firmware_libraries_need_pass_the_stage_check()
    {
        var name = UniqueName("EmittedStageLib");
        var bytes = FirmwareArchive.Write(string.Empty, [Entry(name, Library(name, (module, il) =>
        {
            // new T() (Activator.CreateInstance<T>()), Type.Name through MemberInfo, SynchronizationContext.Current.
            var create = new GenericInstanceMethod(module.ImportReference(typeof(Activator).GetMethods().Single(m => m.Name == "CreateInstance" && m.IsGenericMethodDefinition && m.GetParameters().Length == 0)));
            create.GenericArguments.Add(module.TypeSystem.Object);
            il.Emit(OpCodes.Call, create);
            il.Emit(OpCodes.Callvirt, module.ImportReference(typeof(object).GetMethod(nameof(GetType))!));
            il.Emit(OpCodes.Callvirt, module.ImportReference(typeof(MemberInfo).GetProperty(nameof(MemberInfo.Name))!.GetMethod!));
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Call, module.ImportReference(typeof(SynchronizationContext).GetProperty(nameof(SynchronizationContext.Current))!.GetMethod!));
            il.Emit(OpCodes.Pop);
        }))]);

        Assert.Equal(LoadRefusal.None, ChipCodeLoader.CheckStage(bytes));
    }

    [Fact]
    public void An_app_loader_does_not_launch_stages()
    {
        var loader = new AppCodeLoader();

        Assert.False(loader.TryLoadStage(StageArchive(out _, out _), out var stage, out var refusal));

        Assert.Null(stage);
        Assert.Equal(LoadRefusalReason.NotPermitted, refusal.Reason);
    }

    private static void Emit(string construct, ModuleDefinition module, ILProcessor il)
    {
        var runtime = module.AssemblyReferences.FirstOrDefault(r => r.Name == "System.Runtime");
        if (runtime is null)
        {
            runtime = new AssemblyNameReference("System.Runtime", new Version(10, 0, 0, 0));
            module.AssemblyReferences.Add(runtime);
        }

        TypeReference Type(string ns, string name, bool valueType = false) => new(ns, name, module, runtime, valueType);
        void CallStatic(TypeReference declaring, string name, TypeReference returns, params TypeReference[] parameters)
        {
            var method = new MethodReference(name, returns, declaring);
            foreach (var p in parameters)
            {
                method.Parameters.Add(new ParameterDefinition(p));
                il.Emit(p.MetadataType == MetadataType.String ? OpCodes.Ldnull : OpCodes.Ldc_I4_0);
            }

            il.Emit(OpCodes.Call, method);
            if (returns.MetadataType != MetadataType.Void)
            {
                il.Emit(OpCodes.Pop);
            }
        }

        var types = module.TypeSystem;
        switch (construct)
        {
            case "console": CallStatic(Type("System", "Console"), "WriteLine", types.Void, types.String); break;
            case "environment": CallStatic(Type("System", "Environment"), "get_TickCount", types.Int32); break;
            case "gc": CallStatic(Type("System", "GC"), "Collect", types.Void); break;
            case "app domain": CallStatic(Type("System", "AppDomain"), "get_CurrentDomain", types.Object); break;
            case "random": CallStatic(Type("System", "Random"), "get_Shared", types.Object); break;
            case "thread": CallStatic(Type("System.Threading", "Thread"), "Sleep", types.Void, types.Int32); break;
            case "thread pool": CallStatic(Type("System.Threading", "ThreadPool"), "get_ThreadCount", types.Int32); break;
            case "timer": CallStatic(Type("System.Threading", "Timer"), "get_ActiveCount", types.Int64); break;
            case "file": CallStatic(Type("System.IO", "File"), "ReadAllBytes", types.Object, types.String); break;
            case "socket": CallStatic(Type("System.Net.Sockets", "Socket"), "get_OSSupportsIPv6", types.Boolean); break;
            case "assembly": CallStatic(Type("System.Reflection", "Assembly"), "GetExecutingAssembly", types.Object); break;
            case "emit": CallStatic(Type("System.Reflection.Emit", "DynamicMethod"), "Nothing", types.Void); break;
            case "load context": CallStatic(Type("System.Runtime.Loader", "AssemblyLoadContext"), "get_Default", types.Object); break;
            case "unsafe": CallStatic(Type("System.Runtime.CompilerServices", "Unsafe"), "SkipInit", types.Void); break;
            case "memory marshal": CallStatic(Type("System.Runtime.InteropServices", "MemoryMarshal"), "GetArrayDataReference", types.Void); break;
            case "marshal": CallStatic(Type("System.Runtime.InteropServices", "Marshal"), "AllocHGlobal", types.IntPtr, types.Int32); break;
            case "activator by type": CallStatic(Type("System", "Activator"), "CreateInstance", types.Object, Type("System", "Type")); break;
            case "type get method":
                il.Emit(OpCodes.Ldnull);
                il.Emit(OpCodes.Ldstr, "Run");
                il.Emit(OpCodes.Callvirt, new MethodReference("GetMethod", types.Object, Type("System", "Type")) { HasThis = true, Parameters = { new ParameterDefinition(types.String) } });
                il.Emit(OpCodes.Pop);
                break;
            case "array pool":
                var pool = new GenericInstanceType(Type("System.Buffers", "ArrayPool`1")) { GenericArguments = { types.Byte } };
                il.Emit(OpCodes.Call, new MethodReference("get_Shared", types.Object, pool));
                il.Emit(OpCodes.Pop);
                break;
            case "utc now": CallStatic(Type("System", "DateTime", true), "get_UtcNow", types.Int64); break;
            case "now": CallStatic(Type("System", "DateTime", true), "get_Now", types.Int64); break;
            case "new guid": CallStatic(Type("System", "Guid", true), "NewGuid", types.Int64); break;
            case "certificate from a file":
                var crypto = new AssemblyNameReference("System.Security.Cryptography", new Version(10, 0, 0, 0));
                module.AssemblyReferences.Add(crypto);
                var loader = new TypeReference("System.Security.Cryptography.X509Certificates", "X509CertificateLoader", module, crypto);
                CallStatic(loader, "LoadCertificateFromFile", types.Object, types.String);
                break;
            case "hash outside the engines":
                var cryptography = new AssemblyNameReference("System.Security.Cryptography", new Version(10, 0, 0, 0));
                module.AssemblyReferences.Add(cryptography);
                CallStatic(new TypeReference("System.Security.Cryptography", "CryptographicOperations", module, cryptography), "HashData", types.Object, types.Int32);
                break;
            case "mutable static":
                module.Types.Single(t => t.Name == "Lib").Fields.Add(new FieldDefinition("Counter", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, types.Int32));
                break;
            default:
                throw new ArgumentException(construct, nameof(construct));
        }
    }
}
