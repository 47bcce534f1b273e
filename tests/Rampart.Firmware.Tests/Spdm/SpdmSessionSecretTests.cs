using Rampart.Hal.Security;
using Rampart.Protocols.Caliptra;
using Rampart.Protocols.Spdm;

namespace Rampart.Firmware.Tests.Spdm;

/// <summary>
/// The device's SPDM responder exporting each new session's DHE secret through Caliptra's
/// CM_ECDH_DEBUG_EXPORT when asked (decision 0276): the same secret the requester computed on a
/// development chip, a refusal on a production chip, and nothing asked when nobody asked.
/// </summary>
public sealed class SpdmSessionSecretTests
{
    [Fact]
    public async Task On_a_development_chip_the_device_exports_the_secret_the_requester_agreed_on()
    {
        using var mailbox = await RuntimeSpdmMailbox.BootAsync();
        mailbox.Hardware.FakeLifecycle.State = LifecycleState.Manufacturing;
        var device = new ListSink();
        var host = new ListSink();
        var (requester, _) = SpdmResponderAppTests.Connect(mailbox, device, host);

        await OpenTwoSessionsAsync(requester);

        Assert.Equal(2, device.Exports.Count);
        Assert.Equal(host.Exports.Select(e => e.SessionId), device.Exports.Select(e => e.SessionId));
        Assert.All(device.Exports, e => Assert.Equal(48, e.Secret!.Length));
        Assert.Equal(host.Exports.Select(e => Convert.ToHexString(e.Secret!)), device.Exports.Select(e => Convert.ToHexString(e.Secret!)));
        Assert.NotEqual(device.Exports[0].Secret, device.Exports[1].Secret);
        Assert.Equal(0, mailbox.Service.HeldKeys);
    }

    [Fact]
    public async Task On_a_production_chip_Caliptra_refuses_and_the_session_still_works()
    {
        using var mailbox = await RuntimeSpdmMailbox.BootAsync();
        var device = new ListSink();
        var (requester, _) = SpdmResponderAppTests.Connect(mailbox, device);

        await OpenTwoSessionsAsync(requester);

        Assert.Equal(2, device.Exports.Count);
        Assert.All(device.Exports, e => Assert.True(e.Refused));
        Assert.Contains(CaliptraCommand.CmEcdhDebugExport, mailbox.Executed);
        Assert.Contains(mailbox.Hardware.Traces, t => t.Contains(nameof(Caliptra.Runtime.RuntimeMailboxFailure.ExportNotDevelopmentChip), StringComparison.Ordinal));
        Assert.Equal(0, mailbox.Service.HeldKeys);
    }

    [Fact]
    public async Task With_no_sink_nothing_is_asked_of_Caliptra_even_on_a_development_chip()
    {
        using var mailbox = await RuntimeSpdmMailbox.BootAsync();
        mailbox.Hardware.FakeLifecycle.State = LifecycleState.Manufacturing;
        var (requester, _) = SpdmResponderAppTests.Connect(mailbox);

        await OpenTwoSessionsAsync(requester);

        Assert.DoesNotContain(CaliptraCommand.CmEcdhDebugExport, mailbox.Executed);
        Assert.DoesNotContain(mailbox.Hardware.Traces, t => t.Contains("cm.ecdh.debug-export", StringComparison.Ordinal));
    }

    private static async Task OpenTwoSessionsAsync(SpdmRequester requester)
    {
        Assert.True((await requester.InitConnectionAsync()).IsOk);
        Assert.True((await requester.GetDigestsAsync()).Outcome.IsOk);
        Assert.True((await requester.GetCertificateChainAsync(0)).Outcome.IsOk);
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await requester.StartSessionAsync()).IsOk);
            Assert.True((await requester.HeartbeatAsync()).IsOk);
            Assert.True((await requester.EndSessionAsync()).IsOk);
        }
    }

    private sealed class ListSink : ISpdmDheSecretSink
    {
        public List<SpdmDheSecretExport> Exports { get; } = [];

        public ValueTask WriteAsync(SpdmDheSecretExport export)
        {
            Exports.Add(export with { Secret = export.Secret?.ToArray() });
            return ValueTask.CompletedTask;
        }
    }
}
