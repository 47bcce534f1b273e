using System.Security.Cryptography;
using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Platform.Security;

namespace Rampart.Platform.Tests.Security;

public sealed class LifecycleControllerTests : IDisposable
{
    private readonly SoftwareCryptoEngines _engines = new(5UL);
    private readonly OtpFuseController _fuses = new();
    private readonly KeyVault _vault;
    private readonly LifecycleController _lifecycle;

    public LifecycleControllerTests()
    {
        _vault = new KeyVault(_engines);
        _lifecycle = new LifecycleController(_fuses, _vault, _engines);
        foreach (var token in Enum.GetValues<LifecycleToken>())
        {
            var hash = new byte[48];
            Assert.True(LifecycleTokenHash.TryCompute(_engines.Sha, TokenFor(token), hash));
            Assert.Equal(FuseStatus.Ok, _fuses.Program(FusePartition.LifecycleTokens, LifecycleTokenHash.OffsetOf(token), hash));
        }
    }

    public void Dispose() => _engines.Dispose();

    private static byte[] TokenFor(LifecycleToken token) => Enumerable.Repeat((byte)(0x40 + (int)token), 32).ToArray();

    private void Go(LifecycleState target, LifecycleToken? token = null) =>
        Assert.Equal(LifecycleStatus.Ok, _lifecycle.Transition(target, token is { } t ? TokenFor(t) : default));

    private void ToProduction()
    {
        Go(LifecycleState.TestUnlocked);
        Go(LifecycleState.Manufacturing, LifecycleToken.TestExit);
        Go(LifecycleState.Production, LifecycleToken.Production);
    }

    [Fact]
    public void A_blank_chip_is_raw_and_walks_to_production()
    {
        Assert.Equal(LifecycleState.Raw, _lifecycle.State);
        ToProduction();
        Assert.Equal(LifecycleState.Production, _lifecycle.State);
        Assert.Equal(3, _lifecycle.TransitionCount);
        Assert.Equal(DebugState.Locked, _lifecycle.Debug);
    }

    [Fact]
    public void The_state_survives_export_and_import_of_the_fuses()
    {
        ToProduction();
        var copy = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, copy.Import(_fuses.Export()));
        Assert.Equal(LifecycleState.Production, new LifecycleController(copy, _vault, _engines).State);
    }

    [Theory]
    [InlineData("wrong token", LifecycleStatus.WrongToken, "4141414141414141414141414141414141414141414141414141414141414140")]
    [InlineData("no token", LifecycleStatus.TokenRequired, "")]
    [InlineData("too short to be a token", LifecycleStatus.WrongToken, "41")]
    [InlineData("another transition's token", LifecycleStatus.WrongToken, "4242424242424242424242424242424242424242424242424242424242424242")]
    public void A_wrong_token_is_refused_and_changes_nothing(string name, LifecycleStatus expected, string tokenHex)
    {
        Assert.NotNull(name);
        Go(LifecycleState.TestUnlocked);
        WriteVaultSecret();
        var before = _fuses.Export();
        Assert.Equal(expected, _lifecycle.Transition(LifecycleState.Manufacturing, Convert.FromHexString(tokenHex)));
        Assert.Equal(before, _fuses.Export());
        Assert.Equal(LifecycleState.TestUnlocked, _lifecycle.State);
        Assert.True(_vault.GetSlotInfo(new KeySlotId(0), out var info).IsOk());
        Assert.Equal(KeySlotContent.Secret, info.Content);
    }

    [Theory]
    [InlineData(LifecycleState.Production)]
    [InlineData(LifecycleState.Manufacturing)]
    [InlineData(LifecycleState.Rma)]
    [InlineData(LifecycleState.Raw)]
    [InlineData(LifecycleState.Invalid)]
    public void An_illegal_transition_from_raw_is_refused_and_changes_nothing(LifecycleState target)
    {
        var before = _fuses.Export();
        Assert.Equal(LifecycleStatus.IllegalTransition, _lifecycle.Transition(target, TokenFor(LifecycleToken.Production)));
        Assert.Equal(before, _fuses.Export());
        Assert.Equal(LifecycleState.Raw, _lifecycle.State);
    }

    [Fact]
    public void Production_cannot_go_back_to_manufacturing()
    {
        ToProduction();
        var before = _fuses.Export();
        Assert.Equal(LifecycleStatus.IllegalTransition, _lifecycle.Transition(LifecycleState.Manufacturing, TokenFor(LifecycleToken.TestExit)));
        Assert.Equal(before, _fuses.Export());
    }

    [Fact]
    public void An_unprovisioned_token_cannot_authorize()
    {
        var fuses = new OtpFuseController();
        var lifecycle = new LifecycleController(fuses, _vault, _engines);
        Assert.Equal(LifecycleStatus.Ok, lifecycle.Transition(LifecycleState.TestUnlocked, default));
        Assert.Equal(LifecycleStatus.TokenNotProvisioned, lifecycle.Transition(LifecycleState.Manufacturing, new byte[32]));
    }

    [Fact]
    public void Rma_and_scrap_zeroize_the_key_vault()
    {
        ToProduction();
        WriteVaultSecret();
        Go(LifecycleState.Rma, LifecycleToken.Rma);
        Assert.True(_vault.GetSlotInfo(new KeySlotId(0), out var info).IsOk());
        Assert.Equal(KeySlotContent.Empty, info.Content);
        WriteVaultSecret();
        Go(LifecycleState.Scrap);
        Assert.True(_vault.GetSlotInfo(new KeySlotId(0), out info).IsOk());
        Assert.Equal(KeySlotContent.Empty, info.Content);
        Assert.Equal(LifecycleStatus.IllegalTransition, _lifecycle.Transition(LifecycleState.Scrap, default));
    }

    [Fact]
    public void The_transition_record_runs_out_but_scrap_stays_possible()
    {
        Go(LifecycleState.TestUnlocked);
        while (_lifecycle.TransitionCount < FuseLayout.LifecycleRecordSize - 1)
        {
            var next = _lifecycle.State == LifecycleState.TestUnlocked ? LifecycleState.TestLocked : LifecycleState.TestUnlocked;
            Go(next, next == LifecycleState.TestUnlocked ? LifecycleToken.TestUnlock : null);
        }

        var target = _lifecycle.State == LifecycleState.TestUnlocked ? LifecycleState.TestLocked : LifecycleState.TestUnlocked;
        Assert.Equal(LifecycleStatus.TransitionLimitReached, _lifecycle.Transition(target, TokenFor(LifecycleToken.TestUnlock)));
        Go(LifecycleState.Scrap);
        Assert.Equal(LifecycleState.Scrap, _lifecycle.State);
    }

    [Fact]
    public void A_corrupted_lifecycle_fuse_is_a_fault_not_a_state()
    {
        ToProduction();
        _fuses.InjectBitFlip(FusePartition.Lifecycle, 9);
        Assert.Equal(LifecycleState.Invalid, _lifecycle.State);
        Assert.Equal(LifecycleStatus.FuseFault, _lifecycle.Transition(LifecycleState.ProdEnd, TokenFor(LifecycleToken.Production)));
    }

    [Fact]
    public void Manufacturing_debug_unlock_needs_the_token_and_zeroizes()
    {
        Go(LifecycleState.TestUnlocked);
        Assert.Equal(LifecycleStatus.DebugUnlockNotAllowed, _lifecycle.UnlockDebugWithToken(TokenFor(LifecycleToken.ManufacturingDebugUnlock)));
        Go(LifecycleState.Manufacturing, LifecycleToken.TestExit);
        WriteVaultSecret();
        Assert.Equal(LifecycleStatus.WrongToken, _lifecycle.UnlockDebugWithToken(TokenFor(LifecycleToken.Rma)));
        Assert.Equal(DebugState.Locked, _lifecycle.Debug);
        Assert.Equal(LifecycleStatus.Ok, _lifecycle.UnlockDebugWithToken(TokenFor(LifecycleToken.ManufacturingDebugUnlock)));
        Assert.Equal(DebugState.Unlocked, _lifecycle.Debug);
        Assert.True(_vault.GetSlotInfo(new KeySlotId(0), out var info).IsOk());
        Assert.Equal(KeySlotContent.Empty, info.Content);
    }

    [Fact]
    public void Production_debug_unlock_verifies_both_signatures_against_the_fused_hash()
    {
        var signer = new DebugSigner(_engines, level: 3);
        Assert.Equal(FuseStatus.Ok, _fuses.Program(FusePartition.DebugUnlockKeys, 2 * 48, signer.KeyHash));
        ToProduction();

        var challenge = new byte[48];
        Assert.Equal(LifecycleStatus.Ok, _lifecycle.CreateDebugUnlockChallenge(3, challenge));
        var (ecc, mlDsa) = signer.Sign(challenge);
        Assert.Equal(LifecycleStatus.Ok, _lifecycle.UnlockDebugWithSignature(signer.EccPublic, signer.MlDsaPublic, ecc, mlDsa));
        Assert.Equal(DebugState.Unlocked, _lifecycle.Debug);
    }

    [Theory]
    [InlineData("ECC signature bit flipped", 0)]
    [InlineData("ML-DSA signature bit flipped", 1)]
    [InlineData("signed for another level", 2)]
    [InlineData("replayed challenge", 3)]
    [InlineData("keys not fused at this level", 4)]
    public void Production_debug_unlock_refuses_bad_responses(string name, int fault)
    {
        Assert.NotNull(name);
        var signer = new DebugSigner(_engines, level: 1);
        Assert.Equal(FuseStatus.Ok, _fuses.Program(FusePartition.DebugUnlockKeys, 0, signer.KeyHash));
        ToProduction();
        var challenge = new byte[48];
        var level = fault == 4 ? 2 : 1;
        Assert.Equal(LifecycleStatus.Ok, _lifecycle.CreateDebugUnlockChallenge(level, challenge));
        var (ecc, mlDsa) = fault == 2 ? new DebugSigner(_engines, 2, signer).Sign(challenge) : signer.Sign(challenge);
        if (fault == 0)
        {
            ecc[10] ^= 0x04;
        }

        if (fault == 1)
        {
            mlDsa[100] ^= 0x01;
        }

        if (fault == 3)
        {
            Assert.Equal(LifecycleStatus.Ok, _lifecycle.UnlockDebugWithSignature(signer.EccPublic, signer.MlDsaPublic, ecc, mlDsa));
            Assert.Equal(LifecycleStatus.NoChallenge, _lifecycle.UnlockDebugWithSignature(signer.EccPublic, signer.MlDsaPublic, ecc, mlDsa));
            return;
        }

        var expected = fault switch
        {
            4 => LifecycleStatus.KeyHashMismatch,
            _ => LifecycleStatus.SignatureInvalid,
        };
        Assert.Equal(expected, _lifecycle.UnlockDebugWithSignature(signer.EccPublic, signer.MlDsaPublic, ecc, mlDsa));
        Assert.Equal(DebugState.Locked, _lifecycle.Debug);
    }

    [Fact]
    public void Debug_unlock_challenges_are_only_issued_in_production_for_levels_one_to_eight()
    {
        var challenge = new byte[48];
        Assert.Equal(LifecycleStatus.DebugUnlockNotAllowed, _lifecycle.CreateDebugUnlockChallenge(1, challenge));
        ToProduction();
        Assert.Equal(LifecycleStatus.InvalidLevel, _lifecycle.CreateDebugUnlockChallenge(0, challenge));
        Assert.Equal(LifecycleStatus.InvalidLevel, _lifecycle.CreateDebugUnlockChallenge(9, challenge));
        Assert.Equal(LifecycleStatus.NoChallenge, _lifecycle.UnlockDebugWithSignature(new byte[96], new byte[2592], new byte[96], new byte[4627]));
    }

    private void WriteVaultSecret() =>
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(new KeySlotId(0), new byte[48], KeyUsage.Derive));

    /// <summary>A debug-unlock key holder: an ECC P-384 and an ML-DSA-87 key pair.</summary>
    private sealed class DebugSigner
    {
        private readonly ICryptoEngines _engines;
        private readonly byte[] _eccPrivate = new byte[P384.PrivateKeySize];
        private readonly byte[] _mlDsaPrivate = new byte[MlDsa87.PrivateKeySize];
        private readonly int _level;

        public DebugSigner(ICryptoEngines engines, int level, DebugSigner? sameKeys = null)
        {
            _engines = engines;
            _level = level;
            if (sameKeys is not null)
            {
                sameKeys._eccPrivate.CopyTo(_eccPrivate);
                sameKeys._mlDsaPrivate.CopyTo(_mlDsaPrivate);
                EccPublic = sameKeys.EccPublic;
                MlDsaPublic = sameKeys.MlDsaPublic;
            }
            else
            {
                engines.Ecc.DeriveKeyPair(Enumerable.Repeat((byte)0x21, 48).ToArray(), _eccPrivate, EccPublic);
                engines.MlDsa.DeriveKeyPair(Enumerable.Repeat((byte)0x22, 32).ToArray(), _mlDsaPrivate, MlDsaPublic);
            }

            KeyHash = SHA384.HashData([.. EccPublic, .. MlDsaPublic]);
        }

        public byte[] EccPublic { get; } = new byte[P384.PublicKeySize];

        public byte[] MlDsaPublic { get; } = new byte[MlDsa87.PublicKeySize];

        public byte[] KeyHash { get; }

        public (byte[] Ecc, byte[] MlDsa) Sign(byte[] challenge)
        {
            var message = new byte[DebugUnlockMessage.Size];
            DebugUnlockMessage.Write(_level, challenge, message);
            var ecc = new byte[P384.SignatureSize];
            _engines.Ecc.Sign(_eccPrivate, SHA384.HashData(message), ecc);
            var mlDsa = new byte[MlDsa87.SignatureSize];
            _engines.MlDsa.Sign(_mlDsaPrivate, message, mlDsa);
            return (ecc, mlDsa);
        }
    }
}
