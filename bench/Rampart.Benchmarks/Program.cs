using BenchmarkDotNet.Running;

namespace Rampart.Benchmarks;

/// <summary>
/// Runs Rampart's BenchmarkDotNet suites. Examples:
/// <c>dotnet run -c Release --project bench/Rampart.Benchmarks -- --filter '*Mctp*'</c>,
/// <c>... -- --list flat</c>. Figures are written to docs/performance.md by hand.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
