using Rampart.Hal.Security;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>
/// CM_ECDH_DEBUG_EXPORT (Rampart's, decision 0276): on a development chip only, the bytes of a live
/// ECDH shared secret, so DMTF's spdm_dump can decrypt an SPDM session. The lifecycle and the
/// debug state are read at every command (a transition or an unlock takes effect at once), and the
/// chip state is checked before the handle, so a production chip says nothing about its keys.
/// </summary>
public sealed partial class RuntimeMailboxService
{
    private bool CmEcdhDebugExport(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmEcdhDebugExportRequest.TryRead(request, out var parsed) != WireStatus.Done)
        {
            return false;
        }

        var lifecycle = _hardware.Lifecycle;
        var state = lifecycle.State;
        var debug = lifecycle.Debug;
        if (DebugSecretPolicy.Evaluate(state, debug) != DebugSecretPermission.Allowed)
        {
            return Fail(RuntimeMailboxFailure.ExportNotDevelopmentChip, DebugSecretPolicy.Describe(state, debug));
        }

        if (parsed.Key == CmEcdsaSignRequest.RtAliasKey)
        {
            return Fail(RuntimeMailboxFailure.ExportNotSharedSecret, "the RT alias signing key never leaves the key vault");
        }

        if (!_keys.TryGetValue(parsed.Key.Value, out var key))
        {
            return Fail(RuntimeMailboxFailure.ExportUnknownHandle, $"no key {parsed.Key.Value}");
        }

        if (!key.IsEcdhSharedSecret)
        {
            return Fail(RuntimeMailboxFailure.ExportNotSharedSecret, $"key {parsed.Key.Value} is not a CM_ECDH_FINISH output");
        }

        Trace("cm.ecdh.debug-export", $"key {parsed.Key.Value} exported ({DebugSecretPolicy.Describe(state, debug)})");
        return new VariableDataResponse(key.Material).TryWrite(response, out written);
    }
}
