namespace Rampart.Protocols.Spdm;

/// <summary>
/// What an SPDM responder needs from the device it speaks for: certificate chains, signing
/// with the slot's key (on Rampart's chip: Caliptra's RT alias or a DPE leaf, through the
/// mailbox), measurements, and the optional CSR / SET_CERTIFICATE / vendor-defined services.
/// Signing and vendor-defined requests are asynchronous because the device answers them by
/// asking Caliptra over the mailbox; the rest is local state and stays synchronous.
/// </summary>
public interface ISpdmResponderDevice
{
    /// <summary>Bit N set when slot N holds a certificate chain.</summary>
    byte ProvisionedSlotMask { get; }

    /// <summary>The SPDM-format certificate chain of a slot (DSP0274 Table 24), or empty.</summary>
    ReadOnlyMemory<byte> CertificateChain(int slot);

    /// <summary>ECDSA P-384 over SHA-384 of <paramref name="message"/> with the slot's key (r||s, 96 bytes).</summary>
    ValueTask SignAsync(int slot, ReadOnlyMemory<byte> message, Memory<byte> signature);

    /// <summary>
    /// Brings the measurement blocks up to date; the responder awaits it before it reports or
    /// summarizes measurements (GET_MEASUREMENTS, CHALLENGE and KEY_EXCHANGE with a summary hash).
    /// A device whose blocks are fixed needs nothing here.
    /// </summary>
    ValueTask RefreshMeasurementsAsync() => default;

    /// <summary>Number of measurement blocks (indices 1..N).</summary>
    int MeasurementBlockCount { get; }

    /// <summary>Writes measurement block <paramref name="index"/> (1-based, DMTF format); returns its length or 0.</summary>
    int WriteMeasurementBlock(int index, Span<byte> destination);

    /// <summary>Builds a CSR for the slot-0 key; false when the device cannot.</summary>
    bool TryBuildCsr(ReadOnlySpan<byte> requesterInfo, Span<byte> destination, out int written);

    /// <summary>Installs a certificate chain into a slot; false when refused.</summary>
    bool TrySetCertificate(int slot, ReadOnlySpan<byte> chain);

    /// <summary>
    /// Answers a VENDOR_DEFINED_REQUEST into <paramref name="responsePayload"/>; returns the
    /// length written, or -1 when the vendor or command is not known (the responder then
    /// answers ERROR(UnsupportedRequest)).
    /// </summary>
    ValueTask<int> HandleVendorDefinedAsync(ushort standardId, ReadOnlyMemory<byte> vendorId, ReadOnlyMemory<byte> payload, Memory<byte> responsePayload);
}
