using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;

namespace Rampart.Platform.Tests.Loading;

/// <summary>Hand-emits small app assemblies with Mono.Cecil, one construct at a time.</summary>
internal static class EmittedApps
{
    private static int _sequence;

    /// <summary>An assembly with a public class <c>App</c> and a public static method <c>Run</c> whose body <paramref name="body"/> writes (ending in ret).</summary>
    public static byte[] Build(Action<Context> body, out string assemblyName)
    {
        assemblyName = "Emitted" + Interlocked.Increment(ref _sequence);
        using var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(assemblyName, new Version(1, 0)), assemblyName, ModuleKind.Dll);
        var module = assembly.MainModule;
        var runtime = new AssemblyNameReference("System.Runtime", new Version(10, 0, 0, 0));
        module.AssemblyReferences.Add(runtime);
        var app = new TypeDefinition("Emitted", "App", TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, module.TypeSystem.Object);
        module.Types.Add(app);
        var ctor = new MethodDefinition(".ctor", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName, module.TypeSystem.Void);
        var objectCtor = new MethodReference(".ctor", module.TypeSystem.Void, module.TypeSystem.Object) { HasThis = true };
        ctor.Body.GetILProcessor().Emit(OpCodes.Ldarg_0);
        ctor.Body.GetILProcessor().Emit(OpCodes.Call, objectCtor);
        ctor.Body.GetILProcessor().Emit(OpCodes.Ret);
        app.Methods.Add(ctor);
        var run = new MethodDefinition("Run", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, module.TypeSystem.Void);
        run.Body.InitLocals = true;
        app.Methods.Add(run);
        body(new Context(module, runtime, app, run, run.Body.GetILProcessor()));
        using var stream = new MemoryStream();
        assembly.Write(stream);
        return stream.ToArray();
    }

    public static byte[] Build(Action<Context> body) => Build(body, out _);

    /// <summary>
    /// Asserts the app loader refuses <paramref name="image"/> for <paramref name="reason"/> with a detail naming
    /// <paramref name="named"/>, and that its assembly reached no load context (none of it ran).
    /// </summary>
    public static void AssertRefusedUnloaded(byte[] image, LoadRefusalReason reason, string named)
    {
        var loader = new AppCodeLoader();

        Assert.False(loader.TryLoadApp(image, AppLoadLimits.Default, out var app, out var refusal));

        Assert.Null(app);
        Assert.Equal(reason, refusal.Reason);
        Assert.True(refusal.Detail.Contains(named, StringComparison.Ordinal), refusal.Detail);
        Assert.Equal(0, loader.Loaded);
        var name = AssemblyName(image);
        Assert.DoesNotContain(System.Runtime.Loader.AssemblyLoadContext.All.SelectMany(x => x.Assemblies), a => a.GetName().Name == name);
    }

    /// <summary>Whether an image references a member named <paramref name="member"/> of a type named <paramref name="type"/> (any type when null).</summary>
    public static bool References(byte[] image, string member, string? type = null)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image));
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return reader.MemberReferences.Any(h =>
        {
            var reference = reader.GetMemberReference(h);
            return reader.GetString(reference.Name) == member
                && (type is null || (reference.Parent.Kind == System.Reflection.Metadata.HandleKind.TypeReference
                    && reader.GetString(reader.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)reference.Parent).Name) == type));
        });
    }

    /// <summary>The simple name an image's assembly definition gives (read from metadata, nothing runs).</summary>
    public static string AssemblyName(byte[] image)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image));
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return reader.GetString(reader.GetAssemblyDefinition().Name);
    }

    /// <summary>What a body builder works with.</summary>
    internal sealed record Context(ModuleDefinition Module, AssemblyNameReference Runtime, TypeDefinition App, MethodDefinition Run, ILProcessor Il)
    {
        public TypeReference Type(string ns, string name, bool valueType = false) =>
            new(ns, name, Module, Runtime, valueType);

        public MethodReference Method(TypeReference declaring, string name, TypeReference returns, bool hasThis, params TypeReference[] parameters)
        {
            var method = new MethodReference(name, returns, declaring) { HasThis = hasThis };
            foreach (var p in parameters)
            {
                method.Parameters.Add(new ParameterDefinition(p));
            }

            return method;
        }

        public TypeSystem Types => Module.TypeSystem;

        /// <summary>Calls a static method and discards its result.</summary>
        public void CallStatic(TypeReference declaring, string name, TypeReference returns, params TypeReference[] parameters)
        {
            foreach (var p in parameters)
            {
                if (p.MetadataType == MetadataType.String)
                {
                    Il.Emit(OpCodes.Ldstr, "x");
                }
                else
                {
                    Il.Emit(OpCodes.Ldc_I4_0);
                }
            }

            Il.Emit(OpCodes.Call, Method(declaring, name, returns, false, parameters));
            if (returns.MetadataType != MetadataType.Void)
            {
                Il.Emit(OpCodes.Pop);
            }

            Il.Emit(OpCodes.Ret);
        }

        public MethodDefinition AddStatic(string name, TypeReference returns, params TypeReference[] parameters)
        {
            var method = new MethodDefinition(name, MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, returns);
            foreach (var p in parameters)
            {
                method.Parameters.Add(new ParameterDefinition(p));
            }

            method.Body.InitLocals = true;
            App.Methods.Add(method);
            return method;
        }
    }
}
