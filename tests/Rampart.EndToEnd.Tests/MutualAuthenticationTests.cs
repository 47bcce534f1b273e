using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Crypto;
using Rampart.Host.Attestation;
using Rampart.Host.ChipState;
using Rampart.Protocols.Spdm;

namespace Rampart.EndToEnd.Tests;

/// <summary>
/// SPDM mutual authentication through the whole chip (decision 0277): a board provisioned with a
/// requester trust makes the MCU's SPDM app ask every KEY_EXCHANGE session for a signed FINISH,
/// which Caliptra checks; the BMC answers with the development requester identity.
/// </summary>
public sealed class MutualAuthenticationTests : IDisposable
{
    private const string Seed = "mutual-auth";
    private readonly SoftwareCryptoEngines _engines = new(1);
    private readonly DevelopmentRequesterIdentity _bmc;

    public MutualAuthenticationTests()
    {
        _bmc = DevelopmentRequesterIdentity.FromSeed(_engines, new DevelopmentSecrets(Seed));
    }

    public void Dispose()
    {
        _bmc.Dispose();
        _engines.Dispose();
    }

    [Fact]
    public void A_provisioned_board_authenticates_the_bmc_in_its_session()
    {
        var result = Boot(_bmc.TrustRecord(), _bmc.Identity);

        Assert.True(result.Succeeded, $"{result.FailedStage}: {result.Message}");
        var session = Assert.Single(result.Attestation!.Checks, c => c.Check == "secured session");
        Assert.Equal(CheckVerdict.Pass, session.Verdict);
        Assert.Contains("mutual authentication", session.Detail, StringComparison.Ordinal);
        Assert.Contains(result.Trace, e => e.Source == "mcu.rt" && e.Kind == "spdm-trust");
    }

    [Fact]
    public void A_bmc_without_an_identity_is_refused_by_policy_and_the_boot_says_so()
    {
        var result = Boot(_bmc.TrustRecord(), identity: null);

        Assert.False(result.Succeeded);
        Assert.Equal("attestation", result.FailedStage);
        Assert.Contains("InvalidPolicy", result.Message, StringComparison.Ordinal);

        // Everything before the session still attested.
        Assert.All(result.Attestation!.Checks.Where(c => c.Check != "secured session"), c => Assert.NotEqual(CheckVerdict.Fail, c.Verdict));
    }

    [Fact]
    public void A_bmc_with_another_key_fails_the_signed_finish()
    {
        using var other = DevelopmentRequesterIdentity.FromSeed(_engines, new DevelopmentSecrets("someone else"));
        var impostor = _bmc.Identity with { SignAsync = other.Identity.SignAsync };

        var result = Boot(_bmc.TrustRecord(), impostor);

        Assert.False(result.Succeeded);
        Assert.Contains("DecryptError", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unprovisioned_board_never_asks_even_a_bmc_that_could_answer()
    {
        var result = Boot(default, _bmc.Identity);

        Assert.True(result.Succeeded, $"{result.FailedStage}: {result.Message}");
        var session = Assert.Single(result.Attestation!.Checks, c => c.Check == "secured session");
        Assert.DoesNotContain("mutual", session.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Trace, e => e.Kind == "spdm-trust");
    }

    [Fact]
    public void A_malformed_trust_record_stops_the_mcu_runtime_rather_than_serve_unauthenticated_sessions()
    {
        var record = _bmc.TrustRecord();
        record[^1] ^= 0xFF;
        record[2]++; // chain_length no longer matches the record

        var result = Boot(record, _bmc.Identity);

        Assert.False(result.Succeeded);
        Assert.Contains("Mcu.Runtime", result.FailedStage, StringComparison.Ordinal);
        Assert.Contains("requester-trust record is malformed", result.Message, StringComparison.Ordinal);
    }

    private static BootResult Boot(ReadOnlyMemory<byte> trustRecord, SpdmRequesterIdentity? identity) =>
        new BootRun(new BootOptions
        {
            Seed = Seed,
            Chip = new VirtualChipOptions { SpdmRequesterTrust = trustRecord },
            AttestationIdentity = identity,
        }).Run();
}
