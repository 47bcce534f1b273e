using Rampart.Protocols.Spdm;

namespace Rampart.Fuzz;

/// <summary>A minimal device for the SPDM fuzz target: no certificates, one zero measurement.</summary>
internal sealed class FuzzSpdmDevice : ISpdmResponderDevice
{
    public byte ProvisionedSlotMask => 0;

    public int MeasurementBlockCount => 0;

    public ReadOnlySpan<byte> CertificateChain(int slot) => default;

    public void Sign(int slot, ReadOnlySpan<byte> message, Span<byte> signature) => signature.Clear();

    public int WriteMeasurementBlock(int index, Span<byte> destination) => 0;

    public bool TryBuildCsr(ReadOnlySpan<byte> requesterInfo, Span<byte> destination, out int written)
    {
        written = 0;
        return false;
    }

    public bool TrySetCertificate(int slot, ReadOnlySpan<byte> chain) => false;

    public bool TryHandleVendorDefined(ushort standardId, ReadOnlySpan<byte> vendorId, ReadOnlySpan<byte> payload, Span<byte> responsePayload, out int written)
    {
        written = 0;
        return false;
    }
}
