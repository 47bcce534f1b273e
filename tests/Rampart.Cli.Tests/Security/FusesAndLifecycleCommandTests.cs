using System.Text.Json;

namespace Rampart.Cli.Tests.Security;

public sealed class FusesAndLifecycleCommandTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "rampart-cli-fuses-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_stateDir))
        {
            Directory.Delete(_stateDir, recursive: true);
        }
    }

    private (int Exit, string Stdout, string Stderr) Run(params string[] args) =>
        CliRunner.Run([.. args, "--state-dir", _stateDir]);

    private JsonElement Json(params string[] args)
    {
        var (exit, stdout, stderr) = Run([.. args, "--json"]);
        Assert.True(exit == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement;
    }

    private string Token(string chip, string name, string lifecycle = "Manufacturing")
    {
        var result = Json("fuses", "provision", "--chip", chip, "--lifecycle", lifecycle);
        return result.GetProperty("tokens").GetProperty(name).GetString()!;
    }

    [Fact]
    public void Provision_then_show_reports_production_and_hides_secrets()
    {
        var provisioned = Json("fuses", "provision", "--chip", "dev1");
        Assert.Equal("production", provisioned.GetProperty("lifecycle").GetString());

        var shown = Json("fuses", "show", "--chip", "dev1");
        Assert.Equal("production", shown.GetProperty("lifecycle").GetString());
        Assert.Equal("Production", shown.GetProperty("caliptraLifecycle").GetString());
        var uds = shown.GetProperty("partitions").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "UdsSeed");
        Assert.True(uds.GetProperty("locked").GetBoolean());
        Assert.False(uds.GetProperty("blank").GetBoolean());
        Assert.False(uds.TryGetProperty("hex", out _));
    }

    [Fact]
    public void Provisioning_is_deterministic_and_idempotent()
    {
        var a = Json("fuses", "provision", "--chip", "a", "--seed", "s1");
        var again = Json("fuses", "provision", "--chip", "a", "--seed", "s1");
        var b = Json("fuses", "provision", "--chip", "b", "--seed", "s1");
        Assert.Equal(a.GetProperty("tokens").ToString(), again.GetProperty("tokens").ToString());
        Assert.Equal(a.GetProperty("tokens").ToString(), b.GetProperty("tokens").ToString());
        var fileA = File.ReadAllBytes(Path.Combine(_stateDir, "a", "fuses.bin"));
        var fileB = File.ReadAllBytes(Path.Combine(_stateDir, "b", "fuses.bin"));
        Assert.Equal(fileA, fileB);
    }

    [Fact]
    public void Provisioning_with_another_seed_is_refused()
    {
        Json("fuses", "provision", "--chip", "c", "--seed", "one");
        var before = File.ReadAllBytes(Path.Combine(_stateDir, "c", "fuses.bin"));
        var (exit, _, stderr) = Run("fuses", "provision", "--chip", "c", "--seed", "two");
        Assert.Equal(1, exit);
        Assert.Contains("UdsSeed", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_stateDir, "c", "fuses.bin")));
    }

    [Fact]
    public void Burn_sets_bits_and_refuses_to_clear_them()
    {
        Json("fuses", "provision", "--chip", "d");
        Json("fuses", "burn", "--chip", "d", "--partition", "Svn", "--value", "0f");
        Assert.Equal(4, Json("fuses", "show", "--chip", "d").GetProperty("runtimeSvn").GetInt32());

        var before = File.ReadAllBytes(Path.Combine(_stateDir, "d", "fuses.bin"));
        var (exit, _, stderr) = Run("fuses", "burn", "--chip", "d", "--partition", "Svn", "--value", "07");
        Assert.Equal(1, exit);
        Assert.Contains("WouldClearBits", stderr, StringComparison.Ordinal);
        Assert.Contains("0→1", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_stateDir, "d", "fuses.bin")));
    }

    [Fact]
    public void Burn_into_a_locked_partition_is_refused()
    {
        Json("fuses", "provision", "--chip", "e");
        Json("fuses", "burn", "--chip", "e", "--partition", "OwnerKeys", "--value", "01", "--lock");
        var (exit, _, stderr) = Run("fuses", "burn", "--chip", "e", "--partition", "OwnerKeys", "--value", "03");
        Assert.Equal(1, exit);
        Assert.Contains("PartitionLocked", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown partition", "--partition", "Nope", "--value", "01")]
    [InlineData("odd hex", "--partition", "Svn", "--value", "123")]
    [InlineData("nothing to do", "--partition", "Svn")]
    public void Bad_burn_arguments_are_usage_errors(string name, params string[] args)
    {
        Assert.NotNull(name);
        Json("fuses", "provision", "--chip", "f");
        Assert.Equal(2, Run(["fuses", "burn", "--chip", "f", .. args]).Exit);
    }

    [Fact]
    public void A_corrupted_fuse_file_is_refused_with_exit_1()
    {
        Json("fuses", "provision", "--chip", "g");
        var path = Path.Combine(_stateDir, "g", "fuses.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[100] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var (exit, _, stderr) = Run("fuses", "show", "--chip", "g");
        Assert.Equal(1, exit);
        Assert.Contains("corrupted", stderr, StringComparison.Ordinal);
        Assert.Equal(1, Run("lifecycle", "show", "--chip", "g").Exit);
    }

    [Fact]
    public void A_chip_that_was_never_provisioned_is_refused()
    {
        var (exit, _, stderr) = Run("fuses", "show", "--chip", "ghost");
        Assert.Equal(1, exit);
        Assert.Contains("rampart fuses provision --chip ghost", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Lifecycle_transition_with_the_token_moves_the_chip()
    {
        var token = Token("h", "Production");
        Assert.Equal("manufacturing", Json("lifecycle", "show", "--chip", "h").GetProperty("state").GetString());
        var moved = Json("lifecycle", "transition", "--chip", "h", "--to", "Production", "--token", token);
        Assert.Equal("production", moved.GetProperty("to").GetString());
        Assert.Equal("production", Json("lifecycle", "show", "--chip", "h").GetProperty("state").GetString());
    }

    [Fact]
    public void A_wrong_token_is_refused_with_a_named_error_and_changes_nothing()
    {
        var token = Token("i", "Rma");
        var before = File.ReadAllBytes(Path.Combine(_stateDir, "i", "fuses.bin"));
        var (exit, _, stderr) = Run("lifecycle", "transition", "--chip", "i", "--to", "Production", "--token", token);
        Assert.Equal(1, exit);
        Assert.Contains("WrongToken", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_stateDir, "i", "fuses.bin")));
    }

    [Fact]
    public void An_illegal_transition_is_refused_with_a_named_error()
    {
        Json("fuses", "provision", "--chip", "j");
        var (exit, _, stderr) = Run("lifecycle", "transition", "--chip", "j", "--to", "Manufacturing");
        Assert.Equal(1, exit);
        Assert.Contains("IllegalTransition", stderr, StringComparison.Ordinal);
        Assert.Equal(2, Run("lifecycle", "transition", "--chip", "j", "--to", "Sideways").Exit);
    }

    [Fact]
    public void Human_output_prints_tables()
    {
        var (exit, stdout, _) = Run("fuses", "provision", "--chip", "k", "--lifecycle", "TestLocked");
        Assert.Equal(0, exit);
        Assert.Contains("TestExit", stdout, StringComparison.Ordinal);
        (exit, stdout, _) = Run("fuses", "show", "--chip", "k");
        Assert.Equal(0, exit);
        Assert.Contains("LifecycleTokens", stdout, StringComparison.Ordinal);
        (exit, stdout, _) = Run("lifecycle", "show", "--chip", "k");
        Assert.Equal(0, exit);
        Assert.Contains("TestLocked", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Manufacturing_debug_unlock_takes_the_token_and_refuses_a_wrong_one()
    {
        var token = Token("u1", "ManufacturingDebugUnlock");
        var before = File.ReadAllBytes(Path.Combine(_stateDir, "u1", "fuses.bin"));
        var unlocked = Json("lifecycle", "unlock", "--chip", "u1", "--token", token);
        Assert.Equal("token", unlocked.GetProperty("method").GetString());
        Assert.Equal("unlocked", unlocked.GetProperty("debug").GetString());

        var wrong = (token[0] == '0' ? "1" : "0") + token[1..];
        var (exit, _, stderr) = Run("lifecycle", "unlock", "--chip", "u1", "--token", wrong);
        Assert.Equal(1, exit);
        Assert.Contains("WrongToken", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = Run("lifecycle", "unlock", "--chip", "u1");
        Assert.Equal(1, exit);
        Assert.Contains("TokenRequired", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_stateDir, "u1", "fuses.bin")));
    }

    [Fact]
    public void Production_debug_unlock_signs_the_challenge_with_the_fused_level_keys()
    {
        Json("fuses", "provision", "--chip", "u2", "--seed", "unlock-seed");
        var unlocked = Json("lifecycle", "unlock", "--chip", "u2", "--seed", "unlock-seed");
        Assert.Equal("challenge", unlocked.GetProperty("method").GetString());
        Assert.Equal(1, unlocked.GetProperty("level").GetInt32());
        Assert.Equal(96, unlocked.GetProperty("challenge").GetString()!.Length);
        Assert.Equal("unlocked", unlocked.GetProperty("debug").GetString());

        var (exit, _, stderr) = Run("lifecycle", "unlock", "--chip", "u2", "--seed", "another-seed");
        Assert.Equal(1, exit);
        Assert.Contains("KeyHashMismatch", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = Run("lifecycle", "unlock", "--chip", "u2", "--seed", "unlock-seed", "--level", "2");
        Assert.Equal(1, exit);
        Assert.Contains("KeyHashMismatch", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = Run("lifecycle", "unlock", "--chip", "u2", "--token", "00");
        Assert.Equal(1, exit);
        Assert.Contains("DebugUnlockNotAllowed", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("level 0", "--level", "0")]
    [InlineData("level 9", "--level", "9")]
    [InlineData("odd hex token", "--token", "abc")]
    [InlineData("empty token", "--token", "")]
    public void Bad_unlock_arguments_are_usage_errors(string name, string option, string value)
    {
        Json("fuses", "provision", "--chip", "u3");
        Assert.True(Run("lifecycle", "unlock", "--chip", "u3", option, value).Exit == 2, name);
    }

    [Fact]
    public void Debug_unlock_is_refused_outside_manufacturing_and_production()
    {
        Json("fuses", "provision", "--chip", "u4", "--lifecycle", "TestUnlocked");
        var (exit, _, stderr) = Run("lifecycle", "unlock", "--chip", "u4", "--token", "00");
        Assert.Equal(1, exit);
        Assert.Contains("DebugUnlockNotAllowed", stderr, StringComparison.Ordinal);
    }
}
