using System.Diagnostics;
using System.Security.Cryptography;
using SharpFuzz;

namespace Rampart.Fuzz;

/// <summary>
/// <c>rampart-fuzz TARGET</c> under AFL++ (after SharpFuzz instrumentation, see fuzz/README.md);
/// <c>rampart-fuzz TARGET --replay DIR</c> runs every file of a corpus once;
/// <c>rampart-fuzz TARGET --random SECONDS</c> throws random inputs at it without AFL;
/// <c>rampart-fuzz TARGET --seeds DIR</c> writes a starting corpus.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: rampart-fuzz {string.Join('|', FuzzTargets.All.Keys)} [--replay DIR | --random SECONDS | --seeds DIR]");
            return 2;
        }

        if (args.Length == 3 && args[1] == "--replay")
        {
            var files = Directory.GetFiles(args[2]);
            foreach (var file in files)
            {
                target(File.ReadAllBytes(file));
            }

            Console.WriteLine($"{args[0]}: {files.Length} inputs replayed, none threw");
            return 0;
        }

        if (args.Length == 3 && args[1] == "--seeds")
        {
            Seeds.Write(args[0], args[2]);
            return 0;
        }

        if (args.Length == 3 && args[1] == "--random" && int.TryParse(args[2], out var seconds))
        {
            return RandomRun(args[0], target, TimeSpan.FromSeconds(seconds));
        }

        // Under afl-fuzz: one process, inputs through shared memory.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    }

    private static int RandomRun(string name, Action<byte[]> target, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var runs = 0;
        var input = new byte[4096];
        while (clock.Elapsed < duration)
        {
            var length = RandomNumberGenerator.GetInt32(0, input.Length);
            RandomNumberGenerator.Fill(input.AsSpan(0, length));
            var sample = input[..length];
            try
            {
                target(sample);
            }
            catch (Exception e)
            {
                var path = Path.Combine(Path.GetTempPath(), $"rampart-fuzz-{name}-crash-{runs}.bin");
                File.WriteAllBytes(path, sample);
                Console.Error.WriteLine($"{name}: {e.GetType().Name}: {e.Message} (input saved to {path})");
                return 1;
            }

            runs++;
        }

        Console.WriteLine($"{name}: {runs} random inputs in {duration.TotalSeconds:0} s, none threw");
        return 0;
    }
}
