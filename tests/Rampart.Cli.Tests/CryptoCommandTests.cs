using System.Text.Json;

namespace Rampart.Cli.Tests;

public sealed class CryptoCommandTests
{
    [Fact]
    public void Selftest_passes_every_engine_and_exits_0()
    {
        var (exit, stdout, stderr) = CliRunner.Run("crypto", "selftest", "--json");
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var text = json.RootElement.ToString();
        foreach (var engine in new[] { "SHA", "HMAC", "ECC", "AES", "ML-DSA", "ML-KEM", "LMS", "DRBG" })
        {
            Assert.Contains(engine, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
