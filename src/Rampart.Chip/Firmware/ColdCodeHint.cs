using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mono.Cecil;

namespace Rampart.Chip.Firmware;

/// <summary>
/// Marks every method of a firmware assembly <c>NoOptimization</c> (decision 0279), so the runtime
/// compiles it with minimal optimization instead of the full optimization it gives all code in a
/// collectible context (which it never tiers): several times less JIT work for code that runs
/// once or a few times a boot. Used for the Caliptra FMC and runtime archives; the marked bytes
/// are what the image carries, signs and measures. Mono.Cecil keeps the module version id and the
/// rewrite is a pure function of the input, so the same build outputs give the same image.
/// </summary>
public static class ColdCodeHint
{
    // The rewrite costs ~10 ms and several MB per assembly; a process that packs the same
    // outputs again (every boot does) reuses the result, keyed by the input's SHA-256.
    private static readonly ConcurrentDictionary<string, byte[]> Rewritten = new(StringComparer.Ordinal);

    /// <summary><see cref="Rewrite"/>, done once per process for the same input bytes.</summary>
    public static byte[] Apply(ReadOnlySpan<byte> assembly)
    {
        var key = Convert.ToHexString(SHA256.HashData(assembly));
        if (!Rewritten.TryGetValue(key, out var result))
        {
            result = Rewrite(assembly);
            Rewritten.TryAdd(key, result);
        }

        return (byte[])result.Clone();
    }

    /// <summary>The assembly with every method that has a body marked <c>NoOptimization</c>.</summary>
    /// <exception cref="FileLoadException">The bytes are not a readable .NET assembly.</exception>
    public static byte[] Rewrite(ReadOnlySpan<byte> assembly)
    {
        using var input = new MemoryStream(assembly.ToArray(), writable: false);
        ModuleDefinition module;
        try
        {
            module = ModuleDefinition.ReadModule(input, new ReaderParameters { ReadingMode = ReadingMode.Immediate, InMemory = true, ReadSymbols = false });
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or ArgumentException or EndOfStreamException)
        {
            throw new FileLoadException("not a readable .NET assembly: " + e.Message, e);
        }

        using var owned = module;
        foreach (var type in module.GetTypes())
        {
            foreach (var method in type.Methods)
            {
                if (method.HasBody)
                {
                    method.ImplAttributes |= MethodImplAttributes.NoOptimization;
                }
            }
        }

        using var output = new MemoryStream();
        module.Write(output);
        return output.ToArray();
    }
}
