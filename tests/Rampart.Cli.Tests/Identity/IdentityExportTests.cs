using System.Diagnostics;
using System.Text.Json;
using Rampart.Identity.X509;
using Rampart.Wire;

namespace Rampart.Cli.Tests.Identity;

public sealed class IdentityExportTests
{
    [Fact]
    public void Export_of_a_throw_away_chip_writes_both_chains_and_lists_them_as_json()
    {
        var dir = Directory.CreateTempSubdirectory("rampart-identity-cli-");
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("identity", "export", "--out", dir.FullName, "--seed", "00112233", "--json");
            Assert.True(exit == 0, stderr);
            using var json = JsonDocument.Parse(stdout);
            Assert.Equal("throw-away", json.RootElement.GetProperty("chip").GetString());
            Assert.Equal("LDevID", json.RootElement.GetProperty("deepestLayer").GetString());
            var files = json.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
            foreach (var name in new[] { "ca-ecc.pem", "idevid-ecc.pem", "ldevid-ecc.pem", "chain-ecc.pem", "idevid-csr-ecc.pem", "ca-mldsa.pem", "idevid-mldsa.pem", "ldevid-mldsa.pem", "chain-mldsa.pem", "idevid-csr-mldsa.pem" })
            {
                Assert.Contains(name, files);
                Assert.True(File.Exists(Path.Combine(dir.FullName, name)), name);
            }

            var subjects = json.RootElement.GetProperty("files").EnumerateArray()
                .Where(f => f.TryGetProperty("subject", out _)).Select(f => f.GetProperty("subject").GetString()).ToList();
            Assert.Contains("Rampart ECC384 LDevID", subjects);
            Assert.Contains("Rampart MLDSA87 IDevID", subjects);
            Assert.Equal(3, File.ReadAllText(Path.Combine(dir.FullName, "chain-mldsa.pem")).Split("BEGIN CERTIFICATE").Length - 1);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_same_seed_exports_the_same_bytes_and_openssl_accepts_the_ecc_chain()
    {
        var first = Directory.CreateTempSubdirectory("rampart-identity-cli-");
        var second = Directory.CreateTempSubdirectory("rampart-identity-cli-");
        try
        {
            Assert.Equal(0, CliRunner.Run("identity", "export", "--out", first.FullName).Exit);
            Assert.Equal(0, CliRunner.Run("identity", "export", "--out", second.FullName).Exit);
            foreach (var file in Directory.GetFiles(first.FullName))
            {
                Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(second.FullName, Path.GetFileName(file))));
            }

            if (!OnPath("openssl"))
            {
                return;
            }

            var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = first.FullName };
            foreach (var arg in new[] { "verify", "-CAfile", "ca-ecc.pem", "-untrusted", "chain-ecc.pem", "ldevid-ecc.pem" })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, text);
        }
        finally
        {
            first.Delete(recursive: true);
            second.Delete(recursive: true);
        }
    }

    [Fact]
    public void Verify_accepts_exported_chains_and_names_the_failure_of_a_tampered_one()
    {
        var dir = Directory.CreateTempSubdirectory("rampart-identity-cli-");
        try
        {
            Assert.Equal(0, CliRunner.Run("identity", "export", "--out", dir.FullName).Exit);
            foreach (var suffix in new[] { "ecc", "mldsa" })
            {
                var chain = Path.Combine(dir.FullName, $"chain-{suffix}.pem");
                var (exit, stdout, stderr) = CliRunner.Run("identity", "verify", "--chain", chain, "--root", Path.Combine(dir.FullName, $"ca-{suffix}.pem"), "--json");
                Assert.True(exit == 0, stdout + stderr);
                using var json = JsonDocument.Parse(stdout);
                Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
            }

            // Swap the LDevID for another chip's: the issuer no longer matches.
            var other = Path.Combine(dir.FullName, "other");
            Assert.Equal(0, CliRunner.Run("identity", "export", "--out", other, "--seed", "0badcafe").Exit);
            var spliced = Path.Combine(dir.FullName, "spliced.pem");
            File.WriteAllText(spliced, File.ReadAllText(Path.Combine(dir.FullName, "ca-ecc.pem")) + File.ReadAllText(Path.Combine(dir.FullName, "idevid-ecc.pem")) + File.ReadAllText(Path.Combine(other, "ldevid-ecc.pem")));
            var refused = CliRunner.Run("identity", "verify", "--chain", spliced, "--json");
            Assert.Equal(1, refused.Exit);
            using var refusal = JsonDocument.Parse(refused.Stdout);
            Assert.Equal("IssuerNameMismatch", refusal.RootElement.GetProperty("error").GetString());
            Assert.Equal(2, refusal.RootElement.GetProperty("index").GetInt32());

            var foreignRoot = CliRunner.Run("identity", "verify", "--chain", Path.Combine(dir.FullName, "chain-ecc.pem"), "--root", Path.Combine(other, "ca-ecc.pem"));
            Assert.Equal(1, foreignRoot.Exit);
            Assert.Contains("UntrustedRoot", foreignRoot.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("seed not hex", "--seed", "xyz")]
    [InlineData("empty seed", "--seed", "")]
    public void A_bad_seed_is_a_usage_error(string name, string option, string value)
    {
        Assert.NotNull(name);
        var dir = Path.Combine(Path.GetTempPath(), "rampart-identity-never-" + Guid.NewGuid().ToString("N"));
        var (exit, _, stderr) = CliRunner.Run("identity", "export", "--out", dir, option, value);
        Assert.Equal(2, exit);
        Assert.StartsWith("error:", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Missing_out_is_a_usage_error()
    {
        Assert.Equal(2, CliRunner.Run("identity", "export").Exit);
    }

    [Fact]
    public void An_unknown_named_chip_is_refused_with_exit_1()
    {
        var state = Directory.CreateTempSubdirectory("rampart-identity-state-");
        try
        {
            var (exit, _, stderr) = CliRunner.Run("identity", "export", "--chip", "nobody", "--state-dir", state.FullName, "--out", Path.Combine(state.FullName, "out"));
            Assert.Equal(1, exit);
            Assert.Contains("nobody", stderr, StringComparison.Ordinal);
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_provisioned_named_chip_exports_a_chain_made_in_its_key_vault()
    {
        var state = Directory.CreateTempSubdirectory("rampart-identity-state-");
        try
        {
            var provision = CliRunner.Run("fuses", "provision", "--chip", "alpha", "--state-dir", state.FullName);
            Assert.True(provision.Exit == 0, provision.Stderr);
            var outDir = Path.Combine(state.FullName, "out");
            var (exit, stdout, stderr) = CliRunner.Run("identity", "export", "--chip", "alpha", "--state-dir", state.FullName, "--out", outDir, "--json");
            Assert.True(exit == 0, stderr);
            using var json = JsonDocument.Parse(stdout);
            Assert.Equal("alpha", json.RootElement.GetProperty("chip").GetString());

            // Same fuses, same identity; another chip, another identity.
            var again = Path.Combine(state.FullName, "again");
            Assert.Equal(0, CliRunner.Run("identity", "export", "--chip", "alpha", "--state-dir", state.FullName, "--out", again).Exit);
            Assert.Equal(File.ReadAllBytes(Path.Combine(outDir, "ldevid-mldsa.pem")), File.ReadAllBytes(Path.Combine(again, "ldevid-mldsa.pem")));
            Assert.Equal(0, CliRunner.Run("fuses", "provision", "--chip", "beta", "--seed", "other", "--state-dir", state.FullName).Exit);
            var beta = Path.Combine(state.FullName, "beta");
            Assert.Equal(0, CliRunner.Run("identity", "export", "--chip", "beta", "--state-dir", state.FullName, "--out", beta).Exit);
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(outDir, "idevid-ecc.pem")), File.ReadAllBytes(Path.Combine(beta, "idevid-ecc.pem")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(outDir, "ca-ecc.pem")), File.ReadAllBytes(Path.Combine(beta, "ca-ecc.pem")));

            // The certificates carry the UEID the chip's fuses hold (decision 0274); beta's fuses hold another.
            var alphaUeid = FusedUeid(state.FullName, "alpha");
            var betaUeid = FusedUeid(state.FullName, "beta");
            Assert.Equal(34, alphaUeid.Length);
            Assert.NotEqual(alphaUeid, betaUeid);
            foreach (var file in new[] { "idevid-ecc.pem", "ldevid-ecc.pem", "idevid-mldsa.pem", "ldevid-mldsa.pem" })
            {
                Assert.Equal(alphaUeid, CertificateUeid(Path.Combine(outDir, file)));
                Assert.Equal(betaUeid, CertificateUeid(Path.Combine(beta, file)));
            }

            var csr = Pem.DecodeAll(File.ReadAllText(Path.Combine(outDir, "idevid-csr-ecc.pem")), Pem.CertificateRequestLabel).Single();
            Assert.Equal(WireStatus.Done, CertificationRequest.TryParse(csr, out var request));
            Assert.Equal(alphaUeid, Convert.ToHexStringLower(request!.Ueid.Span));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static string FusedUeid(string stateDir, string chip)
    {
        var (exit, stdout, stderr) = CliRunner.Run("fuses", "show", "--chip", chip, "--state-dir", stateDir, "--json");
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("ueid").GetString()!;
    }

    private static string CertificateUeid(string pemFile)
    {
        var der = Pem.DecodeAll(File.ReadAllText(pemFile), Pem.CertificateLabel).Single();
        Assert.Equal(WireStatus.Done, ParsedCertificate.TryParse(der, out var certificate));
        return Convert.ToHexStringLower(certificate!.Ueid.Span);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));
}
