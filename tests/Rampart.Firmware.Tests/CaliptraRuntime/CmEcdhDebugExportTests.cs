using Rampart.Firmware.Caliptra.Runtime;
using Rampart.Hal.Security;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Firmware.Tests.CaliptraRuntime;

/// <summary>
/// CM_ECDH_DEBUG_EXPORT (decision 0276): the bytes of a live ECDH shared secret, on a development
/// chip only, for no other kind of key, each refusal named.
/// </summary>
public sealed class CmEcdhDebugExportTests
{
    [Theory]
    [InlineData(LifecycleState.Raw)]
    [InlineData(LifecycleState.TestUnlocked)]
    [InlineData(LifecycleState.TestLocked)]
    [InlineData(LifecycleState.Manufacturing)]
    public async Task A_development_chip_exports_the_shared_secret_both_sides_agree_on(LifecycleState state)
    {
        using var runtime = await Runtime.BootAsync();
        runtime.Hardware.FakeLifecycle.State = state;
        var (shared, peerSecret) = Agree(runtime);

        var exported = Export(runtime, shared);

        Assert.Equal(peerSecret, exported);
        Assert.Null(runtime.Service.LastFailure);
        Assert.Contains(runtime.Hardware.Traces, t => t.Contains("cm.ecdh.debug-export", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_production_chip_whose_owner_unlocked_debug_exports_too()
    {
        using var runtime = await Runtime.BootAsync();
        runtime.Hardware.FakeLifecycle.Debug = DebugState.Unlocked;
        var (shared, peerSecret) = Agree(runtime);

        Assert.Equal(peerSecret, Export(runtime, shared));
    }

    [Theory]
    [InlineData(LifecycleState.Production)]
    [InlineData(LifecycleState.ProdEnd)]
    [InlineData(LifecycleState.Rma)]
    [InlineData(LifecycleState.Scrap)]
    [InlineData(LifecycleState.Invalid)]
    [InlineData((LifecycleState)0x42)]
    public async Task Anything_but_a_development_chip_refuses_with_a_named_failure(LifecycleState state)
    {
        using var runtime = await Runtime.BootAsync();
        runtime.Hardware.FakeLifecycle.State = state;
        var (shared, _) = Agree(runtime);

        runtime.Fails(CaliptraCommand.CmEcdhDebugExport, ExportRequest(shared));

        Assert.Equal(RuntimeMailboxFailure.ExportNotDevelopmentChip, runtime.Service.LastFailure);
        Assert.Contains(runtime.Hardware.Traces, t => t.Contains("mailbox.failure", StringComparison.Ordinal) && t.Contains(nameof(RuntimeMailboxFailure.ExportNotDevelopmentChip), StringComparison.Ordinal)
            && t.Contains("debug locked", StringComparison.Ordinal));
        Assert.DoesNotContain(runtime.Hardware.Traces, t => t.Contains("cm.ecdh.debug-export", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scrapped_chip_refuses_even_with_debug_unlocked()
    {
        using var runtime = await Runtime.BootAsync();
        runtime.Hardware.FakeLifecycle.State = LifecycleState.Scrap;
        runtime.Hardware.FakeLifecycle.Debug = DebugState.Unlocked;
        var (shared, _) = Agree(runtime);

        runtime.Fails(CaliptraCommand.CmEcdhDebugExport, ExportRequest(shared));

        Assert.Equal(RuntimeMailboxFailure.ExportNotDevelopmentChip, runtime.Service.LastFailure);
    }

    [Fact]
    public async Task A_debug_state_with_a_flipped_bit_reads_as_locked()
    {
        using var runtime = await Runtime.BootAsync();
        runtime.Hardware.FakeLifecycle.Debug = (DebugState)((uint)DebugState.Unlocked ^ 1);
        var (shared, _) = Agree(runtime);

        runtime.Fails(CaliptraCommand.CmEcdhDebugExport, ExportRequest(shared));

        Assert.Equal(RuntimeMailboxFailure.ExportNotDevelopmentChip, runtime.Service.LastFailure);
    }

    [Theory]
    [InlineData(CmKeyUsage.Hmac)]
    [InlineData(CmKeyUsage.Aes)]
    [InlineData(CmKeyUsage.Ecdsa)]
    [InlineData(CmKeyUsage.Mldsa)]
    public async Task A_key_of_another_kind_is_refused_on_a_development_chip(CmKeyUsage usage)
    {
        using var runtime = await Runtime.BootAsync();
        runtime.Hardware.FakeLifecycle.State = LifecycleState.Manufacturing;
        var imported = runtime.Import(usage, RuntimeKeys.Pattern(48, 3));

        runtime.Fails(CaliptraCommand.CmEcdhDebugExport, ExportRequest(imported));

        Assert.Equal(RuntimeMailboxFailure.ExportNotSharedSecret, runtime.Service.LastFailure);
    }

    [Fact]
    public async Task Derived_keys_the_rt_alias_signing_key_and_an_ecdh_context_are_refused()
    {
        using var runtime = await Runtime.BootAsync();
        runtime.Hardware.FakeLifecycle.State = LifecycleState.Manufacturing;
        var (shared, _) = Agree(runtime);
        var prk = runtime.Extract(runtime.Import(CmKeyUsage.Hmac, new byte[48]), shared);
        var context = Generate(runtime).Context;

        foreach (var handle in new[] { prk, runtime.Expand(prk, CmKeyUsage.Hmac, 48, [1]), CmEcdsaSignRequest.RtAliasKey, context })
        {
            runtime.Fails(CaliptraCommand.CmEcdhDebugExport, ExportRequest(handle));
            Assert.Equal(RuntimeMailboxFailure.ExportNotSharedSecret, runtime.Service.LastFailure);
        }

        // The shared secret itself still exports: the refusals changed nothing.
        Assert.Equal(48, Export(runtime, shared).Length);
    }

    [Fact]
    public async Task A_deleted_or_never_issued_handle_is_refused()
    {
        using var runtime = await Runtime.BootAsync();
        runtime.Hardware.FakeLifecycle.State = LifecycleState.Manufacturing;
        var (shared, _) = Agree(runtime);
        runtime.Ok(CaliptraCommand.CmDelete, CaliptraRuntimeTests.Request(b => (new CmDeleteRequest(shared).TryWrite(b, out var w), w)));

        foreach (var handle in new[] { shared, new CmKeyHandle(999), default })
        {
            runtime.Fails(CaliptraCommand.CmEcdhDebugExport, ExportRequest(handle));
            Assert.Equal(RuntimeMailboxFailure.ExportUnknownHandle, runtime.Service.LastFailure);
        }
    }

    [Theory]
    [InlineData("short", 131)]
    [InlineData("long", 133)]
    public async Task A_request_of_the_wrong_size_fails_unnamed(string name, int size)
    {
        Assert.NotEmpty(name);
        using var runtime = await Runtime.BootAsync();
        runtime.Hardware.FakeLifecycle.State = LifecycleState.Manufacturing;
        var request = new byte[size];
        MailboxChecksum.SealRequest((uint)CaliptraCommand.CmEcdhDebugExport, request);

        runtime.Fails(CaliptraCommand.CmEcdhDebugExport, request);

        Assert.Equal(RuntimeMailboxFailure.Unnamed, runtime.Service.LastFailure);
    }

    [Fact]
    public async Task A_success_clears_the_last_failure()
    {
        using var runtime = await Runtime.BootAsync();
        var (shared, _) = Agree(runtime);
        runtime.Fails(CaliptraCommand.CmEcdhDebugExport, ExportRequest(shared));
        Assert.NotNull(runtime.Service.LastFailure);

        runtime.Hardware.FakeLifecycle.State = LifecycleState.Manufacturing;
        Export(runtime, shared);

        Assert.Null(runtime.Service.LastFailure);
    }

    private static byte[] ExportRequest(CmKeyHandle key) =>
        CaliptraRuntimeTests.Request(b => (new CmEcdhDebugExportRequest(key).TryWrite(b, out var w), w));

    private static byte[] Export(Runtime runtime, CmKeyHandle key)
    {
        Assert.Equal(WireStatus.Done, VariableDataResponse.TryRead(runtime.Ok(CaliptraCommand.CmEcdhDebugExport, ExportRequest(key)), out var data));
        return data!.Data.ToArray();
    }

    private static CmEcdhGenerateResponse Generate(Runtime runtime)
    {
        var generate = CaliptraRuntimeTests.Request(b => (MailboxHeaders.TryWriteEmptyRequest(CaliptraCommand.CmEcdhGenerate, b, out var w), w));
        Assert.Equal(WireStatus.Done, CmEcdhGenerateResponse.TryRead(runtime.Ok(CaliptraCommand.CmEcdhGenerate, generate), out var ecdh));
        return ecdh!;
    }

    /// <summary>CM_ECDH_GENERATE then FINISH with a peer key pair: the shared secret's handle and the peer's view of the secret.</summary>
    private static (CmKeyHandle Shared, byte[] PeerSecret) Agree(Runtime runtime)
    {
        var ecdh = Generate(runtime);
        var peerPrivate = new byte[48];
        var peerPublic = new byte[96];
        RuntimeKeys.Engines.Ecc.DeriveKeyPair(RuntimeKeys.Pattern(64, 8), peerPrivate, peerPublic);
        var peerSecret = new byte[48];
        Assert.True(RuntimeKeys.Engines.Ecc.TryAgree(peerPrivate, ecdh.ExchangeData.Span, peerSecret));
        var finish = CaliptraRuntimeTests.Request(b => (new CmEcdhFinishRequest(ecdh.Context, CmKeyUsage.Hmac, peerPublic).TryWrite(b, out var w), w));
        Assert.Equal(WireStatus.Done, CmKeyResponse.TryRead(runtime.Ok(CaliptraCommand.CmEcdhFinish, finish), out var shared));
        return (shared.Key, peerSecret);
    }
}
