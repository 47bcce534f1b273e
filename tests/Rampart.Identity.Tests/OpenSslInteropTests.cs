using System.Diagnostics;
using Rampart.Identity.X509;
using Xunit.Abstractions;

namespace Rampart.Identity.Tests;

public sealed class OpenSslInteropTests(ITestOutputHelper output)
{
    [Fact]
    public void Openssl_verify_accepts_the_exported_ecc_chain()
    {
        if (!OnPath("openssl"))
        {
            output.WriteLine("openssl is not on PATH; the interop check was not run.");
            return;
        }

        var (ecc, _) = TestChains.Build(TestChains.DefaultSeed, booted: true);
        var dir = Directory.CreateTempSubdirectory("rampart-identity-");
        try
        {
            var ca = Path.Combine(dir.FullName, "ca.pem");
            var untrusted = Path.Combine(dir.FullName, "intermediates.pem");
            var leaf = Path.Combine(dir.FullName, "leaf.pem");
            File.WriteAllText(ca, Pem.Encode(Pem.CertificateLabel, ecc.Certificates[0]));
            File.WriteAllText(untrusted, Pem.EncodeCertificates(ecc.Certificates.Skip(1).Take(3).Select(c => (ReadOnlyMemory<byte>)c)));
            File.WriteAllText(leaf, Pem.Encode(Pem.CertificateLabel, ecc.Certificates[4]));

            // DiceTcbInfo is not critical (decision 0273), so OpenSSL's strict verification accepts the chain.
            var (exit, text) = Run("openssl", "verify", "-CAfile", ca, "-untrusted", untrusted, leaf);
            output.WriteLine(text);
            Assert.Equal(0, exit);
            Assert.Contains(": OK", text, StringComparison.Ordinal);

            // A tampered leaf is refused, even with -ignore_critical.
            var tampered = (byte[])ecc.Certificates[4].Clone();
            tampered[200] ^= 0x01;
            File.WriteAllText(leaf, Pem.Encode(Pem.CertificateLabel, tampered));
            var (badExit, _) = Run("openssl", "verify", "-ignore_critical", "-CAfile", ca, "-untrusted", untrusted, leaf);
            Assert.NotEqual(0, badExit);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Openssl_reads_the_ecc_idevid_csr_and_its_signature()
    {
        if (!OnPath("openssl"))
        {
            output.WriteLine("openssl is not on PATH; the interop check was not run.");
            return;
        }

        var (ecc, _) = TestChains.Build(TestChains.DefaultSeed, booted: false);
        var file = Path.Combine(Path.GetTempPath(), $"rampart-csr-{Environment.ProcessId}-{Guid.NewGuid():N}.pem");
        try
        {
            File.WriteAllText(file, Pem.Encode(Pem.CertificateRequestLabel, ecc.IdevIdCsr));
            var (exit, text) = Run("openssl", "req", "-in", file, "-noout", "-verify");
            output.WriteLine(text);
            Assert.Equal(0, exit);
            Assert.Contains("verify OK", text, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));

    private static (int Exit, string Text) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
