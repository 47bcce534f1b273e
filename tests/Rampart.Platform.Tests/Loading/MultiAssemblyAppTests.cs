using System.Runtime.Loader;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedStages;

namespace Rampart.Platform.Tests.Loading;

public sealed class MultiAssemblyAppTests
{
    internal static FirmwareArchiveEntry Entry(string name, byte[] bytes) => new(FirmwareArchiveEntryKind.Assembly, name, bytes);

    /// <summary>An app whose <c>Run(n)</c> calls <c>Emitted.Lib.Spin(n)</c> in <paramref name="library"/>.</summary>
    internal static byte[] AppCallingLibrary(string library, out string appName) => EmittedApps.Build(c =>
    {
        var libraryRef = new AssemblyNameReference(library, new Version(1, 0));
        c.Module.AssemblyReferences.Add(libraryRef);
        var spin = new MethodReference("Spin", c.Types.Void, new TypeReference("Emitted", "Lib", c.Module, libraryRef));
        spin.Parameters.Add(new ParameterDefinition(c.Types.Int32));
        c.Run.Parameters.Add(new ParameterDefinition(c.Types.Int32));
        c.Il.Emit(OpCodes.Ldarg_0);
        c.Il.Emit(OpCodes.Call, spin);
        c.Il.Emit(OpCodes.Ret);
    }, out appName);

    [Fact]
    public void An_app_archive_loads_its_libraries_into_the_app_context_all_instrumented_with_one_meter()
    {
        var library = UniqueName("EmittedAppLib");
        var app = AppCallingLibrary(library, out var appName);
        var archive = FirmwareArchive.Write(string.Empty, [Entry(appName, app), Entry(library, Library(library))]);
        var loader = new AppCodeLoader();

        Assert.True(loader.TryLoadApp(archive, AppLoadLimits.Default, out var loaded, out var refusal), refusal.ToString());
        Assert.Equal(appName, loaded!.Name);
        Assert.True(loaded.TryCreate<object>("Emitted.App", out var instance, out refusal), refusal.ToString());

        loaded.Meter.Refuel(1_000_000);
        instance!.GetType().GetMethod("Run")!.Invoke(null, [500]);
        Assert.True(loaded.Meter.TotalTicks >= 500, $"the library's loop ticked the app's meter {loaded.Meter.TotalTicks} times");

        loaded.Meter.Refuel(100);
        var fault = Assert.Throws<System.Reflection.TargetInvocationException>(() => instance.GetType().GetMethod("Run")!.Invoke(null, [500]));
        Assert.IsType<ExecutionBudgetExceededException>(fault.InnerException);

        var context = AssemblyLoadContext.GetLoadContext(instance.GetType().Assembly)!;
        Assert.Equal(new[] { appName, library }.Order(StringComparer.Ordinal), context.Assemblies.Select(a => a.GetName().Name!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == library);
        loaded.Unload();
    }

    [Fact]
    public void A_refused_library_refuses_the_whole_app_by_name()
    {
        var library = UniqueName("EmittedAppLib");
        var app = AppCallingLibrary(library, out var appName);
        var bad = Library(library, (module, il) =>
            module.Types.Single(t => t.Name == "Lib").Fields.Add(new FieldDefinition("Counter", FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int32)));
        var loader = new AppCodeLoader();

        Assert.False(loader.TryLoadApp(FirmwareArchive.Write(string.Empty, [Entry(appName, app), Entry(library, bad)]), AppLoadLimits.Default, out var loaded, out var refusal));

        Assert.Null(loaded);
        Assert.Equal(LoadRefusalReason.MutableStaticField, refusal.Reason);
        Assert.Contains(library, refusal.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(AssemblyLoadContext.All.SelectMany(c => c.Assemblies), a => a.GetName().Name == appName);
    }

    [Fact]
    public void A_library_outside_the_archive_is_still_refused()
    {
        var app = AppCallingLibrary(UniqueName("Missing"), out var appName);

        var refusal = new AppCodeLoader().TryLoadApp(FirmwareArchive.Write(string.Empty, [Entry(appName, app)]), AppLoadLimits.Default, out _, out var why) ? LoadRefusal.None : why;

        Assert.Equal(LoadRefusalReason.ForbiddenAssembly, refusal.Reason);
    }

    [Fact]
    public void An_app_archive_may_not_replace_a_shared_contract_or_carry_app_payloads()
    {
        var library = UniqueName("EmittedAppLib");
        var app = AppCallingLibrary(library, out var appName);
        var loader = new AppCodeLoader();

        Assert.False(loader.TryLoadApp(FirmwareArchive.Write(string.Empty, [Entry(appName, app), Entry("Rampart.Kernel.Abi", BuiltAssembly("Rampart.Kernel.Abi"))]), AppLoadLimits.Default, out _, out var refusal));
        Assert.Equal(LoadRefusalReason.ForbiddenAssembly, refusal.Reason);

        Assert.False(loader.TryLoadApp(FirmwareArchive.Write(string.Empty, [Entry(appName, app), new(FirmwareArchiveEntryKind.AppPayload, "x", new byte[] { 1 })]), AppLoadLimits.Default, out _, out refusal));
        Assert.Equal(LoadRefusalReason.Malformed, refusal.Reason);

        Assert.False(loader.TryLoadApp(FirmwareArchive.Write(string.Empty, [Entry(appName, app)]).AsSpan(0, 20), AppLoadLimits.Default, out _, out refusal));
        Assert.Equal(LoadRefusalReason.Malformed, refusal.Reason);
    }

    [Fact]
    public void Constant_time_compare_is_allowed_to_apps_and_hashing_is_not()
    {
        var crypto = new AssemblyNameReference("System.Security.Cryptography", new Version(10, 0, 0, 0));
        byte[] Calling(string member) => EmittedApps.Build(c =>
        {
            c.Module.AssemblyReferences.Add(crypto);
            var operations = new TypeReference("System.Security.Cryptography", "CryptographicOperations", c.Module, crypto);
            var span = new GenericInstanceType(c.Type("System", "ReadOnlySpan`1", true)) { GenericArguments = { c.Types.Byte } };
            var method = new MethodReference(member, c.Types.Boolean, operations);
            method.Parameters.Add(new ParameterDefinition(span));
            method.Parameters.Add(new ParameterDefinition(span));
            var local = new VariableDefinition(span);
            c.Run.Body.Variables.Add(local);
            c.Il.Emit(OpCodes.Ldloc, local);
            c.Il.Emit(OpCodes.Ldloc, local);
            c.Il.Emit(OpCodes.Call, method);
            c.Il.Emit(OpCodes.Pop);
            c.Il.Emit(OpCodes.Ret);
        });

        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(Calling("FixedTimeEquals")));
        Assert.Equal(LoadRefusalReason.ForbiddenMember, AppCodeLoader.Check(Calling("HashData")).Reason);
    }
}
