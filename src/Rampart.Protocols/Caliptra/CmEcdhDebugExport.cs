using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// CM_ECDH_DEBUG_EXPORT request (Rampart's, decision 0276), 132 bytes, the CM_DELETE layout; the
/// response is a <see cref="VariableDataResponse"/> holding the shared secret (the x coordinate of
/// the ECDH P-384 result, 48 bytes). The runtime answers only on a development chip, and only for
/// a live handle that CM_ECDH_FINISH made; anything else is CMD_FAILURE with a named reason.
/// <code>
/// +0 chksum(4) | +4 cmk(128)
/// </code>
/// </summary>
/// <param name="Key">The shared secret's handle.</param>
public readonly record struct CmEcdhDebugExportRequest(CmKeyHandle Key)
{
    /// <summary>Encoded size.</summary>
    public const int Size = CmKeyRequest.Size;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written) =>
        CmKeyRequest.TryWrite(CaliptraCommand.CmEcdhDebugExport, Key, destination, out written);

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmEcdhDebugExportRequest value)
    {
        var status = CmKeyRequest.TryRead(request, out var key);
        value = new CmEcdhDebugExportRequest(key);
        return status;
    }
}
