namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>
/// Named reasons for a mailbox command's CMD_FAILURE (caliptra-sw names every failed command with
/// a <c>CaliptraError</c>, reported in FW_ERROR_NON_FATAL). Rampart names them in the service's
/// <see cref="RuntimeMailboxService.LastFailure"/> and the trace record <c>mailbox.failure</c>; the
/// requester sees CMD_FAILURE. Extend-only, unique, never zero; the fatal codes are in
/// <see cref="RuntimeErrors"/>.
/// </summary>
public enum RuntimeMailboxFailure : uint
{
    /// <summary>The command failed for a reason it does not name (malformed, unknown, refused by an engine).</summary>
    Unnamed = 0x000E_0100,

    /// <summary>CM_ECDH_DEBUG_EXPORT on a chip that is not a development chip (decision 0276).</summary>
    ExportNotDevelopmentChip = 0x000E_0101,

    /// <summary>CM_ECDH_DEBUG_EXPORT of a handle the runtime does not hold (never issued, deleted or consumed).</summary>
    ExportUnknownHandle = 0x000E_0102,

    /// <summary>CM_ECDH_DEBUG_EXPORT of a handle that is not an ECDH shared secret (an imported, HKDF, AES or signing key, an ECDH context).</summary>
    ExportNotSharedSecret = 0x000E_0103,
}
