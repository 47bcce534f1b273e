using System.Text.Json;

namespace Rampart.Cli.Tests.Images;

public sealed class ImageCommandsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rampart-cli-images-" + Guid.NewGuid().ToString("N"));

    public ImageCommandsTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllBytes(P("fmc.bin"), Enumerable.Range(0, 300).Select(i => (byte)i).ToArray());
        File.WriteAllBytes(P("rt.bin"), Enumerable.Range(0, 500).Select(i => (byte)(i * 7)).ToArray());
        File.WriteAllBytes(P("soc.bin"), Enumerable.Range(0, 64).Select(i => (byte)(i ^ 0x5A)).ToArray());
        var (exit, _, stderr) = CliRunner.Run("keys", "generate", "--out", P("keys"), "--seed", "00112233445566778899AABBCCDDEEFF", "--vendor-keys", "2");
        Assert.True(exit == 0, stderr);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Build_sign_verify_and_tamper_a_bundle()
    {
        Assert.Equal(0, CliRunner.Run("image", "build", "--keys", P("keys"), "--fmc", P("fmc.bin"), "--runtime", P("rt.bin"), "--svn", "3", "--out", P("b.bin")).Exit);
        Assert.Equal(1, CliRunner.Run("image", "verify", P("b.bin"), "--keys", P("keys")).Exit);
        Assert.Equal(0, CliRunner.Run("image", "sign", P("b.bin"), "--keys", P("keys")).Exit);
        var (exit, stdout, _) = CliRunner.Run("image", "verify", P("b.bin"), "--keys", P("keys"), "--min-svn", "3", "--json");
        Assert.Equal(0, exit);
        Assert.Equal("Verified", JsonDocument.Parse(stdout).RootElement.GetProperty("verdict").GetString());
        Assert.Equal(1, CliRunner.Run("image", "verify", P("b.bin"), "--keys", P("keys"), "--min-svn", "4").Exit);
        Assert.Equal(0, CliRunner.Run("image", "verify", P("b.bin"), "--keys", P("keys"), "--min-svn", "4", "--anti-rollback-disabled").Exit);
        Assert.Equal(1, CliRunner.Run("image", "verify", P("b.bin"), "--keys", P("keys"), "--ecc-revocation", "1").Exit);

        var bytes = File.ReadAllBytes(P("b.bin"));
        bytes[^1] ^= 1;
        File.WriteAllBytes(P("t.bin"), bytes);
        (exit, stdout, _) = CliRunner.Run("image", "verify", P("t.bin"), "--keys", P("keys"), "--json");
        Assert.Equal(1, exit);
        Assert.Equal("BundleRuntimeDigestMismatch", JsonDocument.Parse(stdout).RootElement.GetProperty("verdict").GetString());

        (exit, stdout, _) = CliRunner.Run("image", "inspect", P("b.bin"), "--json");
        Assert.Equal(0, exit);
        var inspected = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(3, inspected.GetProperty("svn").GetInt32());
        var vendorHash = inspected.GetProperty("vendorPkHash").GetString()!;
        var ownerHash = inspected.GetProperty("ownerPkHash").GetString()!;
        Assert.Equal(0, CliRunner.Run("image", "verify", P("b.bin"), "--vendor-pk-hash", vendorHash, "--owner-pk-hash", ownerHash, "--pqc", "mldsa").Exit);
        Assert.Equal(1, CliRunner.Run("image", "verify", P("b.bin"), "--vendor-pk-hash", vendorHash, "--pqc", "lms").Exit);
        Assert.Equal(2, CliRunner.Run("image", "verify", P("b.bin"), "--vendor-pk-hash", vendorHash).Exit);
        Assert.Equal(1, CliRunner.Run("image", "inspect", P("fmc.bin")).Exit);
    }

    [Fact]
    public void A_failed_signing_leaves_the_input_untouched()
    {
        File.WriteAllBytes(P("junk.bin"), new byte[100]);
        Assert.Equal(1, CliRunner.Run("image", "sign", P("junk.bin"), "--keys", P("keys"), "--out", P("never.bin")).Exit);
        Assert.False(File.Exists(P("never.bin")));
        Assert.Equal(new byte[100], File.ReadAllBytes(P("junk.bin")));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Build_verify_and_authorize_with_a_manifest()
    {
        Assert.Equal(0, CliRunner.Run("manifest", "build", "--keys", P("keys"), "--out", P("m.bin"), "--svn", "2",
            "--image", $"fw_id=0x10,file={P("soc.bin")},component=7,load=0x80000000,exec=3,source=staging").Exit);
        Assert.Equal(0, CliRunner.Run("manifest", "verify", P("m.bin"), "--keys", P("keys"), "--image", $"fw_id=0x10,file={P("soc.bin")}").Exit);
        Assert.Equal(1, CliRunner.Run("manifest", "verify", P("m.bin"), "--keys", P("keys"), "--image", $"fw_id=0x10,file={P("fmc.bin")}").Exit);
        Assert.Equal(1, CliRunner.Run("manifest", "verify", P("m.bin"), "--keys", P("keys"), "--min-svn", "3").Exit);
        var (exit, stdout, _) = CliRunner.Run("manifest", "inspect", P("m.bin"), "--json");
        Assert.Equal(0, exit);
        Assert.Equal(3, JsonDocument.Parse(stdout).RootElement.GetProperty("entries")[0].GetProperty("execBit").GetInt32());

        var bytes = File.ReadAllBytes(P("m.bin"));
        bytes[12] ^= 1;
        File.WriteAllBytes(P("t.bin"), bytes);
        (exit, stdout, _) = CliRunner.Run("manifest", "verify", P("t.bin"), "--keys", P("keys"), "--json");
        Assert.Equal(1, exit);
        Assert.Equal("ManifestVendorKeysEccSignatureInvalid", JsonDocument.Parse(stdout).RootElement.GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.1")]
    [InlineData("1.2")]
    [InlineData("1.3")]
    public void Build_and_inspect_a_pldm_package(string revision)
    {
        var downstream = revision == "1.0" ? string.Empty
            : """, "downstreamDevices": [ { "applicableComponents": [1], "descriptors": [ { "type": "PciVendorId", "data": "8680" } ] } ]""";
        File.WriteAllText(P("pkg.json"), $$"""
            {
              "formatRevision": "{{revision}}",
              "releaseDateTime": "2026-11-24T07:00:00Z",
              "packageVersion": "rampart-0.1",
              "firmwareDevices": [
                { "imageSetVersion": "0.1", "applicableComponents": [0, 1],
                  "descriptors": [ { "type": "IanaEnterpriseId", "data": "7FA60000" }, { "type": "vendor", "title": "rampart", "data": "01" } ] }
              ]{{downstream}},
              "components": [
                { "classification": 10, "identifier": 1, "version": "fmc", "file": "fmc.bin" },
                { "classification": 65535, "identifier": 2, "version": "rt", "versionStringType": "utf16le", "file": "rt.bin" }
              ]
            }
            """);
        Assert.Equal(0, CliRunner.Run("pldm-package", "build", P("pkg.json"), "--out", P("p.pldm")).Exit);
        var (exit, stdout, _) = CliRunner.Run("pldm-package", "inspect", P("p.pldm"), "--json");
        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(revision, root.GetProperty("format").GetString());
        Assert.Equal("rt", root.GetProperty("components")[1].GetProperty("version").GetString());

        var bytes = File.ReadAllBytes(P("p.pldm"));
        File.WriteAllBytes(P("short.pldm"), bytes[..^1]);
        (exit, stdout, _) = CliRunner.Run("pldm-package", "inspect", P("short.pldm"), "--json");
        Assert.Equal(1, exit);
        Assert.Equal("PackageTruncated", JsonDocument.Parse(stdout).RootElement.GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("not json", "{")]
    [InlineData("unknown field", """{ "packageVersion": "x", "firmwareDevices": [], "components": [], "bogus": 1 }""")]
    [InlineData("reserved classification", """{ "packageVersion": "x", "firmwareDevices": [ { "imageSetVersion": "1", "applicableComponents": [0], "descriptors": [ { "type": "PciVendorId", "data": "8680" } ] } ], "components": [ { "classification": 16, "identifier": 1, "version": "v", "file": "fmc.bin" } ] }""")]
    [InlineData("descriptor length wrong for its type", """{ "packageVersion": "x", "firmwareDevices": [ { "imageSetVersion": "1", "applicableComponents": [0], "descriptors": [ { "type": "PciVendorId", "data": "868000" } ] } ], "components": [ { "identifier": 1, "version": "v", "file": "fmc.bin" } ] }""")]
    public void Malformed_package_descriptions_exit_1_and_write_nothing(string name, string json)
    {
        Assert.NotNull(name);
        File.WriteAllText(P("bad.json"), json);
        Assert.Equal(1, CliRunner.Run("pldm-package", "build", P("bad.json"), "--out", P("bad.pldm")).Exit);
        Assert.False(File.Exists(P("bad.pldm")));
    }
}
