using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Tests.Loading;

/// <summary>Hand-emits small stage archives with Mono.Cecil: an entry assembly and a library it calls.</summary>
internal static class EmittedStages
{
    /// <summary>The entry type of <see cref="StageAssembly"/>.</summary>
    public const string EntryType = "Emitted.Stage";

    /// <summary>What the library's <c>Message()</c> returns and the stage reports as its exit message.</summary>
    public const string LibraryMessage = "hello from the stage's own library";

    private static int _sequence;

    /// <summary>The firmware libraries the tests build as bytes, copied next to the tests (never referenced).</summary>
    public static byte[] BuiltAssembly(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, name + ".dll"));

    /// <summary>
    /// A library <paramref name="name"/> with <c>public static class Emitted.Lib { public static string Message() }</c>
    /// and <c>Spin(int n)</c> (a loop of n backward branches); <paramref name="extra"/> may add a construct to <c>Message</c>.
    /// </summary>
    public static byte[] Library(string name, Action<ModuleDefinition, ILProcessor>? extra = null)
    {
        using var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(name, new Version(1, 0)), name, ModuleKind.Dll);
        var module = assembly.MainModule;
        var lib = new TypeDefinition("Emitted", "Lib", TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.Abstract | TypeAttributes.Sealed, module.TypeSystem.Object);
        module.Types.Add(lib);
        var message = new MethodDefinition("Message", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, module.TypeSystem.String);
        lib.Methods.Add(message);
        var il = message.Body.GetILProcessor();
        extra?.Invoke(module, il);
        il.Emit(OpCodes.Ldstr, LibraryMessage);
        il.Emit(OpCodes.Ret);

        var spin = new MethodDefinition("Spin", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, module.TypeSystem.Void);
        spin.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
        lib.Methods.Add(spin);
        il = spin.Body.GetILProcessor();
        var check = il.Create(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Br, check);
        var body = il.Create(OpCodes.Ldarg_0);
        il.Append(body);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Starg_S, spin.Parameters[0]);
        il.Append(check);
        il.Emit(OpCodes.Brtrue, body);
        il.Emit(OpCodes.Ret);
        return Write(assembly);
    }

    /// <summary>
    /// An entry assembly with <c>public sealed class Emitted.Stage : IMcuStage</c> whose <c>RunAsync</c> returns
    /// <c>StageExit.Completed(Lib.Message())</c>, <c>Lib</c> coming from <paramref name="library"/>.
    /// </summary>
    public static byte[] StageAssembly(string name, string library)
    {
        using var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(name, new Version(1, 0)), name, ModuleKind.Dll);
        var module = assembly.MainModule;
        var libraryRef = new AssemblyNameReference(library, new Version(1, 0));
        module.AssemblyReferences.Add(libraryRef);
        var lib = new TypeReference("Emitted", "Lib", module, libraryRef);
        var message = new MethodReference("Message", module.TypeSystem.String, lib);

        var stage = new TypeDefinition("Emitted", "Stage", TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, module.TypeSystem.Object);
        stage.Interfaces.Add(new InterfaceImplementation(module.ImportReference(typeof(IMcuStage))));
        module.Types.Add(stage);
        var ctor = new MethodDefinition(".ctor", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, module.TypeSystem.Void);
        var il = ctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, module.ImportReference(typeof(object).GetConstructor(Type.EmptyTypes)!));
        il.Emit(OpCodes.Ret);
        stage.Methods.Add(ctor);

        var run = new MethodDefinition(nameof(IMcuStage.RunAsync),
            MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.NewSlot | MethodAttributes.HideBySig,
            module.ImportReference(typeof(Task<StageExit>)));
        run.Parameters.Add(new ParameterDefinition(module.ImportReference(typeof(Rampart.Hal.Boot.IMcuHardware))));
        run.Parameters.Add(new ParameterDefinition(module.ImportReference(typeof(ReadOnlyMemory<byte>))));
        stage.Methods.Add(run);
        il = run.Body.GetILProcessor();
        il.Emit(OpCodes.Call, message);
        il.Emit(OpCodes.Call, module.ImportReference(typeof(StageExit).GetMethod(nameof(StageExit.Completed))!));
        il.Emit(OpCodes.Call, module.ImportReference(typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(typeof(StageExit))));
        il.Emit(OpCodes.Ret);
        return Write(assembly);
    }

    /// <summary>Unique assembly names, so one test's assemblies never meet another's.</summary>
    public static string UniqueName(string prefix) => prefix + Interlocked.Increment(ref _sequence);

    /// <summary>A stage archive: the emitted stage, its library, and the real Rampart.Kernel.Abi.</summary>
    public static byte[] StageArchive(out string stageName, out string libraryName)
    {
        stageName = UniqueName("EmittedStage");
        libraryName = UniqueName("EmittedStageLib");
        return FirmwareArchive.Write(EntryType,
        [
            new(FirmwareArchiveEntryKind.Assembly, stageName, StageAssembly(stageName, libraryName)),
            new(FirmwareArchiveEntryKind.Assembly, libraryName, Library(libraryName)),
            new(FirmwareArchiveEntryKind.Assembly, "Rampart.Kernel.Abi", BuiltAssembly("Rampart.Kernel.Abi")),
        ]);
    }

    private static byte[] Write(AssemblyDefinition assembly)
    {
        using var stream = new MemoryStream();
        assembly.Write(stream);
        return stream.ToArray();
    }
}
