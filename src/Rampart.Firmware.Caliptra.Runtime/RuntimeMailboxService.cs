using Rampart.Hal.Boot;
using Rampart.Hal.Peripherals;
using Rampart.Protocols.Caliptra;

namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>
/// The Caliptra runtime's mailbox service (caliptra-sw runtime README "Main loop"): take the
/// command the SoC executed, check its checksum, dispatch it, answer with a checksummed
/// response or CMD_FAILURE. A bad checksum, a malformed request or an unknown command is a
/// failure status, never an exception. Handlers live in one partial file per command family.
/// </summary>
public sealed partial class RuntimeMailboxService
{
    /// <summary>PCR that stashed measurements (AUTHORIZE_AND_STASH, STASH_MEASUREMENT) extend.</summary>
    public const int MeasurementPcr = 31;

    /// <summary>Measurement-log event type of the SoC manifest digest.</summary>
    public const uint SocManifestEvent = Identity.Evidence.MeasurementEvents.SocManifestDigest;

    /// <summary>Measurement-log event type of STASH_MEASUREMENT.</summary>
    public const uint StashEvent = Identity.Evidence.MeasurementEvents.StashedMeasurement;

    /// <summary>The largest response this service writes.</summary>
    public const int MaxResponseSize = 16 * 1024;

    private readonly ICaliptraHardware _hardware;
    private readonly RuntimeHandoff _handoff;
    private readonly byte[] _response = new byte[MaxResponseSize];
    private string? _failureDetail;

    /// <summary>Creates the service over the hardware with the parsed handoff.</summary>
    public RuntimeMailboxService(ICaliptraHardware hardware, RuntimeHandoff handoff)
    {
        _hardware = hardware ?? throw new ArgumentNullException(nameof(hardware));
        _handoff = handoff ?? throw new ArgumentNullException(nameof(handoff));
    }

    /// <summary>Commands answered (success or failure).</summary>
    public long CommandsServed { get; private set; }

    /// <summary>Commands refused for a bad checksum.</summary>
    public long BadChecksums { get; private set; }

    /// <summary>Why the last command failed; null after a success.</summary>
    public RuntimeMailboxFailure? LastFailure { get; private set; }

    /// <summary>Handles the pending command, if any; false when none was pending.</summary>
    public bool TryServeOne()
    {
        var mailbox = _hardware.Mailbox;
        if (!mailbox.TryPeekCommand(out var command, out var length))
        {
            return false;
        }

        CommandsServed++;
        var request = new byte[length];
        var read = mailbox.ReadRequest(request);
        if (read != length || !MailboxChecksum.VerifyRequest(command, request))
        {
            BadChecksums++;
            Trace("mailbox.bad-checksum", $"0x{command:X8}");
            mailbox.TryComplete(MailboxCommandStatus.Failure);
            return true;
        }

        _response.AsSpan().Clear();
        LastFailure = null;
        _failureDetail = null;
        if (!Dispatch((CaliptraCommand)command, request, _response, out var written))
        {
            LastFailure ??= RuntimeMailboxFailure.Unnamed;
            Trace("mailbox.failure", _failureDetail is null ? $"0x{command:X8}" : $"0x{command:X8} {LastFailure}: {_failureDetail}");
            mailbox.TryComplete(MailboxCommandStatus.Failure);
            return true;
        }

        if (!mailbox.TryRespond(_response.AsSpan(0, written)))
        {
            mailbox.TryComplete(MailboxCommandStatus.Failure);
        }

        return true;
    }

    /// <summary>Serves commands forever.</summary>
    public async Task ServeForeverAsync()
    {
        while (true)
        {
            while (TryServeOne())
            {
            }

            await _hardware.Mailbox.WaitForCommand();
        }
    }

    private bool Dispatch(CaliptraCommand command, ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        return command switch
        {
            CaliptraCommand.SetAuthManifest => SetAuthManifest(request, install: true, response, out written),
            CaliptraCommand.VerifyAuthManifest => SetAuthManifest(request, install: false, response, out written),
            CaliptraCommand.AuthorizeAndStash => AuthorizeAndStash(request, response, out written),
            CaliptraCommand.GetImageInfo => GetImageInfo(request, response, out written),
            CaliptraCommand.ActivateFirmware => ActivateFirmware(request, response, out written),
            CaliptraCommand.StashMeasurement => StashMeasurement(request, response, out written),
            CaliptraCommand.ExtendPcr => ExtendPcr(request, response, out written),
            CaliptraCommand.QuotePcrsEcc384 => QuotePcrs(request, response, out written),
            CaliptraCommand.GetIdevEcc384Cert => Certificate(HandoffTags.IdevIdEccCert, request, response, out written),
            CaliptraCommand.GetLdevEcc384Cert => Certificate(HandoffTags.LdevIdEccCert, request, response, out written),
            CaliptraCommand.GetFmcAliasEcc384Cert => Certificate(HandoffTags.FmcAliasEccCert, request, response, out written),
            CaliptraCommand.GetRtAliasEcc384Cert => Certificate(HandoffTags.RtAliasEccCert, request, response, out written),
            CaliptraCommand.GetIdevCaEcc384Cert => Certificate(HandoffTags.CaEccCert, request, response, out written),
            CaliptraCommand.GetIdevMldsa87Cert => Certificate(HandoffTags.IdevIdMlDsaCert, request, response, out written),
            CaliptraCommand.GetLdevMldsa87Cert => Certificate(HandoffTags.LdevIdMlDsaCert, request, response, out written),
            CaliptraCommand.GetFmcAliasMldsa87Cert => Certificate(HandoffTags.FmcAliasMlDsaCert, request, response, out written),
            CaliptraCommand.GetRtAliasMldsa87Cert => Certificate(HandoffTags.RtAliasMlDsaCert, request, response, out written),
            CaliptraCommand.Ecdsa384SignatureVerify => EcdsaVerify(request, response, out written),
            CaliptraCommand.Mldsa87SignatureVerify => MldsaVerify(request, response, out written),
            CaliptraCommand.FwInfo => FwInfo(request, response, out written),
            CaliptraCommand.CmImport => CmImport(request, response, out written),
            CaliptraCommand.CmDelete => CmDelete(request, response, out written),
            CaliptraCommand.CmSha => CmSha(request, response, out written),
            CaliptraCommand.CmRandomGenerate => CmRandom(request, response, out written),
            CaliptraCommand.CmHmac => CmHmac(request, response, out written),
            CaliptraCommand.CmHkdfExtract => CmHkdfExtract(request, response, out written),
            CaliptraCommand.CmHkdfExpand => CmHkdfExpand(request, response, out written),
            CaliptraCommand.CmEcdhGenerate => CmEcdhGenerate(request, response, out written),
            CaliptraCommand.CmEcdhFinish => CmEcdhFinish(request, response, out written),
            CaliptraCommand.CmEcdhDebugExport => CmEcdhDebugExport(request, response, out written),
            CaliptraCommand.CmEcdsaSign => CmEcdsaSign(request, response, out written),
            CaliptraCommand.CmAesGcmEncryptInit => CmAesGcmEncryptInit(request, response, out written),
            CaliptraCommand.CmAesGcmSpdmEncryptInit => CmAesGcmSpdmInit(request, response, decrypt: false, out written),
            CaliptraCommand.CmAesGcmEncryptUpdate => CmAesGcmUpdate(request, response, decrypt: false, out written),
            CaliptraCommand.CmAesGcmEncryptFinal => CmAesGcmEncryptFinal(request, response, out written),
            CaliptraCommand.CmAesGcmDecryptInit => CmAesGcmDecryptInit(request, response, out written),
            CaliptraCommand.CmAesGcmSpdmDecryptInit => CmAesGcmSpdmInit(request, response, decrypt: true, out written),
            CaliptraCommand.CmAesGcmDecryptUpdate => CmAesGcmUpdate(request, response, decrypt: true, out written),
            CaliptraCommand.CmAesGcmDecryptFinal => CmAesGcmDecryptFinal(request, response, out written),
            _ => false,
        };
    }

    private void Trace(string kind, string message) => _hardware.Trace.Record("caliptra.rt", kind, message);

    /// <summary>Names the failure of the command being served (always false: the handler's answer).</summary>
    private bool Fail(RuntimeMailboxFailure failure, string detail)
    {
        LastFailure = failure;
        _failureDetail = detail;
        return false;
    }
}
