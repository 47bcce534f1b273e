using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Rampart.Cli.Commands;

namespace Rampart.Cli.Tests.Serve;

/// <summary>
/// Mutual authentication from the command line (decision 0277): <c>serve spdm --mut-auth</c>
/// provisions the served device with a requester to authenticate, <c>attest --mut-auth</c>
/// answers with the development requester identity of the same seed.
/// </summary>
public sealed class ServeMutualAuthTests : IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("rampart-mutauth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_served_device_refuses_a_requester_without_identity_and_accepts_the_development_one()
    {
        await using var serve = ServeSession.Start("serve", "spdm", "--listen", "127.0.0.1:0", "--mut-auth", "--seed", "mutual-cli", "--out", _dir);
        var endpoint = await serve.WaitForEndpointAsync(Listening, BootTimeout);
        Assert.Contains("mutual authentication required", serve.Stdout, StringComparison.Ordinal);

        var (refusedExit, refused, _) = await Task.Run(() => CliRunner.Run("attest", "--connect", endpoint.ToString(), "--json"));
        Assert.Equal(1, refusedExit);
        Assert.Contains("InvalidPolicy", SessionRow(refused).Detail, StringComparison.Ordinal);

        var (exit, stdout, stderr) = await Task.Run(() => CliRunner.Run(
            "attest", "--connect", endpoint.ToString(), "--mut-auth", "--boot-seed", "mutual-cli", "--trust-root", Path.Combine(_dir, "ca.pem"), "--reference", Path.Combine(_dir, "reference.json"), "--shutdown-peer", "--json"));
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("mutual authentication", SessionRow(stdout).Detail, StringComparison.Ordinal);
        Assert.Equal(0, await serve.Completion.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void In_process_attest_mut_auth_provisions_the_device_and_signs_finish()
    {
        var (exit, stdout, stderr) = CliRunner.Run("attest", "--mut-auth", "--json");

        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("mutual authentication", SessionRow(stdout).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_requester_chain_without_mut_auth_is_a_usage_error()
    {
        var (exit, _, stderr) = CliRunner.Run("serve", "spdm", "--listen", "127.0.0.1:0", "--requester-chain", Path.Combine(_dir, "chain.der"));

        Assert.Equal(2, exit);
        Assert.Contains("add --mut-auth", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "requester chain not found")]
    [InlineData("garbage", "not DER certificates")]
    [InlineData("rsa", "not ECC P-384")]
    [InlineData("broken", "does not verify")]
    public void A_requester_chain_that_cannot_be_trusted_is_refused_before_booting(string kind, string message)
    {
        var path = Path.Combine(_dir, kind + ".der");
        switch (kind)
        {
            case "garbage":
                File.WriteAllBytes(path, [0x30, 0x82, 0xFF]);
                break;
            case "rsa":
                using (var rsa = RSA.Create(2048))
                {
                    var request = new CertificateRequest("CN=RSA requester", rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);
                    using var self = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
                    File.WriteAllBytes(path, self.RawData);
                }

                break;
            case "broken":
                File.WriteAllBytes(path, [.. EccChain(out var leaf)[0], .. leaf]);
                break;
        }

        var (exit, _, stderr) = CliRunner.Run("serve", "spdm", "--listen", "127.0.0.1:0", "--mut-auth", "--requester-chain", path);

        Assert.Equal(1, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    /// <summary>A root and a leaf of ECC P-384 (DER); <paramref name="strangerLeaf"/> is a leaf another root signed.</summary>
    private static byte[][] EccChain(out byte[] strangerLeaf)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var notBefore = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        X509Certificate2 Root(ECDsa key, string name)
        {
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA384);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            return request.CreateSelfSigned(notBefore, notBefore.AddYears(20));
        }

        using var root = Root(rootKey, "CN=Requester Root");
        using var other = Root(otherKey, "CN=Requester Root");
        using var leaf = new CertificateRequest("CN=Requester", leafKey, HashAlgorithmName.SHA384).Create(root, notBefore, notBefore.AddYears(10), [1]);
        using var stranger = new CertificateRequest("CN=Requester", leafKey, HashAlgorithmName.SHA384).Create(other, notBefore, notBefore.AddYears(10), [2]);
        strangerLeaf = stranger.RawData;
        return [root.RawData, leaf.RawData];
    }

    private static (string Verdict, string Detail) SessionRow(string json)
    {
        using var report = JsonDocument.Parse(json);
        var row = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "secured session");
        return (row.GetProperty("verdict").GetString()!, row.GetProperty("detail").GetString()!);
    }

    private static string? Listening(string line) =>
        line.StartsWith(ServeCommand.ServingPrefix, StringComparison.Ordinal) ? line[ServeCommand.ServingPrefix.Length..].Split(' ')[0] : null;
}
