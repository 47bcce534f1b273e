using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Rampart.Platform.Loading;

namespace Rampart.Platform.Tests.Loading;

/// <summary>
/// The firmware libraries an app carries are instrumented like the app: every method must still be
/// a valid program after the fuel and depth checks are woven in (the JIT refuses invalid IL only
/// when a method is first called, which on the device would be a fault in the middle of a boot).
/// </summary>
public sealed class InstrumentedLibrariesJitTests
{
    [Theory]
    [InlineData("Rampart.Protocols")]
    [InlineData("Rampart.TestApps")]
    public void Every_instrumented_method_compiles(string library)
    {
        var image = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, library + ".dll"));
        var instrumented = AppInstrumenter.Instrument(image, out _, out _);
        var context = new CarriedLibrariesContext("jit-check-" + library);
        try
        {
            using var stream = new MemoryStream(instrumented);
            var assembly = context.LoadFromStream(stream);
            var failures = new List<string>();
            foreach (var type in assembly.GetTypes().Where(t => !t.ContainsGenericParameters))
            {
                foreach (var method in type.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                    .Where(m => !m.IsAbstract && !m.ContainsGenericParameters && m.GetMethodBody() is not null))
                {
                    try
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    }
                    catch (InvalidProgramException)
                    {
                        failures.Add(type.FullName + "::" + method.Name);
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Rampart.Kernel.Abi");
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// Resolves the firmware libraries the build copies beside the tests into this context, so the
    /// check never loads them into the default context (where the stage-loading tests assert they
    /// never appear).
    /// </summary>
    private sealed class CarriedLibrariesContext(string name) : AssemblyLoadContext(name, isCollectible: true)
    {
        private static readonly string[] Carried = ["Rampart.Kernel", "Rampart.Kernel.Abi", "Rampart.Protocols", "Rampart.Identity", "Rampart.Images"];

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (!Carried.Contains(assemblyName.Name, StringComparer.Ordinal))
            {
                return null;
            }

            using var stream = new MemoryStream(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll")));
            return LoadFromStream(stream);
        }
    }
}
