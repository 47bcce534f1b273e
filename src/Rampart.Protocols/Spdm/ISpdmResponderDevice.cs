namespace Rampart.Protocols.Spdm;

/// <summary>
/// What an SPDM responder needs from the device it speaks for: certificate chains, signing
/// with the slot's key (on Rampart's chip: Caliptra's RT alias or a DPE leaf, through the
/// mailbox), measurements, and the optional CSR / SET_CERTIFICATE / vendor-defined services.
/// </summary>
public interface ISpdmResponderDevice
{
    /// <summary>Bit N set when slot N holds a certificate chain.</summary>
    byte ProvisionedSlotMask { get; }

    /// <summary>The SPDM-format certificate chain of a slot (DSP0274 Table 24), or empty.</summary>
    ReadOnlySpan<byte> CertificateChain(int slot);

    /// <summary>ECDSA P-384 over SHA-384 of <paramref name="message"/> with the slot's key (r||s, 96 bytes).</summary>
    void Sign(int slot, ReadOnlySpan<byte> message, Span<byte> signature);

    /// <summary>Number of measurement blocks (indices 1..N).</summary>
    int MeasurementBlockCount { get; }

    /// <summary>Writes measurement block <paramref name="index"/> (1-based, DMTF format); returns its length or 0.</summary>
    int WriteMeasurementBlock(int index, Span<byte> destination);

    /// <summary>Builds a CSR for the slot-0 key; false when the device cannot.</summary>
    bool TryBuildCsr(ReadOnlySpan<byte> requesterInfo, Span<byte> destination, out int written);

    /// <summary>Installs a certificate chain into a slot; false when refused.</summary>
    bool TrySetCertificate(int slot, ReadOnlySpan<byte> chain);

    /// <summary>
    /// Answers a VENDOR_DEFINED_REQUEST; false when the vendor or command is not known (the
    /// responder then answers ERROR(UnsupportedRequest)).
    /// </summary>
    bool TryHandleVendorDefined(ushort standardId, ReadOnlySpan<byte> vendorId, ReadOnlySpan<byte> payload, Span<byte> responsePayload, out int written);
}
