using Rampart.Hal.Security;
using Rampart.Identity.Dice;
using Rampart.Identity.Manufacturing;
using Rampart.Identity.X509;
using Rampart.Platform.Security;

namespace Rampart.Identity.Tests;

public sealed class VaultDiceKeySourceTests
{
    private static IEnumerable<KeySlotId> FreeSlots => Enumerable.Range(2, KeySlotId.Count - 2).Select(i => new KeySlotId((byte)i));

    [Fact]
    public void The_key_vault_and_software_keys_give_the_same_chain()
    {
        using var engines = TestChains.Engines();
        using var device = DevelopmentDevice.FromSeed(engines.Kdf, TestChains.DefaultSeed);
        using var ca = DevelopmentManufacturerCa.FromSeed(engines, device.CaSeed);
        var vault = new KeyVault(engines);
        Assert.Equal(KeyVaultStatus.Ok, vault.Write(new KeySlotId(0), device.Uds, KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.Ok, vault.Write(new KeySlotId(1), device.FieldEntropy, KeyUsage.Derive));
        var source = new VaultDiceKeySource(vault, engines.Sha, FreeSlots);
        var inputs = new DiceChainInputs(device.Ueid, false, true, TestChains.SampleFmc(), TestChains.SampleRuntime());
        var (ecc, mlDsa) = DiceChainBuilder.Build(engines, source, VaultDiceKeySource.Adopt(new KeySlotId(0)), VaultDiceKeySource.Adopt(new KeySlotId(1)), ca, inputs);

        var software = TestChains.Build(TestChains.DefaultSeed, booted: true);
        Assert.Equal(software.Ecc.Certificates, ecc.Certificates);
        Assert.Equal(software.MlDsa.Certificates, mlDsa.Certificates);

        // The UDS and field entropy slots were cleared by the flow.
        Assert.Equal(KeyVaultStatus.Ok, vault.GetSlotInfo(new KeySlotId(0), out var uds));
        Assert.Equal(KeySlotContent.Empty, uds.Content);
        Assert.Equal(KeyVaultStatus.Ok, vault.GetSlotInfo(new KeySlotId(1), out var fieldEntropy));
        Assert.Equal(KeySlotContent.Empty, fieldEntropy.Content);
    }

    [Fact]
    public void A_refused_vault_request_is_a_named_error()
    {
        using var engines = TestChains.Engines();
        var vault = new KeyVault(engines);
        Assert.Equal(KeyVaultStatus.Ok, vault.Write(new KeySlotId(0), new byte[64], KeyUsage.Sign));
        var source = new VaultDiceKeySource(vault, engines.Sha, FreeSlots);
        var error = Assert.Throws<DiceKeySourceException>(() => DiceDerivation.DeriveIdevId(source, VaultDiceKeySource.Adopt(new KeySlotId(0))));
        Assert.Equal(KeyVaultStatus.UsageNotPermitted, error.Status);
    }

    [Fact]
    public void Running_out_of_slots_is_reported()
    {
        using var engines = TestChains.Engines();
        var vault = new KeyVault(engines);
        Assert.Equal(KeyVaultStatus.Ok, vault.Write(new KeySlotId(0), new byte[64], KeyUsage.Derive));
        var source = new VaultDiceKeySource(vault, engines.Sha, [new KeySlotId(1)]);
        Assert.Throws<DiceKeySourceException>(() => DiceDerivation.DeriveIdevId(source, VaultDiceKeySource.Adopt(new KeySlotId(0))));
    }
}
