namespace Rampart.Cli;

/// <summary>Entry point of the <c>rampart</c> command.</summary>
internal static class Program
{
    public static int Main(string[] args) => RampartCli.Run(args, Console.Out, Console.Error);
}
