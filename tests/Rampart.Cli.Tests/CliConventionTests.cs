using System.CommandLine;

namespace Rampart.Cli.Tests;

/// <summary>
/// The conventions of issue 2 hold for every command of the tree, not only the ones that have
/// their own tests: <c>--help</c> exits 0 and names <c>--json</c>; an unknown option is a usage
/// error with exit 2.
/// </summary>
public sealed class CliConventionTests
{
    public static TheoryData<string> LeafCommands()
    {
        var data = new TheoryData<string>();
        foreach (var path in Leaves(RampartCli.Build(), []))
        {
            data.Add(string.Join(' ', path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LeafCommands))]
    public void Help_exits_0_and_offers_json(string command)
    {
        var (exit, stdout, _) = CliRunner.Run([.. command.Split(' '), "--help"]);
        Assert.Equal(0, exit);
        Assert.Contains("--json", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LeafCommands))]
    public void Unknown_option_exits_2(string command)
    {
        var (exit, _, stderr) = CliRunner.Run([.. command.Split(' '), "--no-such-option"]);
        Assert.Equal(2, exit);
        Assert.NotEmpty(stderr);
    }

    [Fact]
    public void The_tree_has_the_trace_decoder()
    {
        Assert.Contains(Leaves(RampartCli.Build(), []), path => string.Join(' ', path) == "trace decode");
    }

    private static IEnumerable<List<string>> Leaves(Command command, List<string> path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return path;
            yield break;
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, [.. path, sub.Name]))
            {
                yield return leaf;
            }
        }
    }
}
