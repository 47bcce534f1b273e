using Rampart.Protocols.Spdm;

namespace Rampart.Fuzz;

/// <summary>A minimal device for the SPDM fuzz target: no certificates, one zero measurement.</summary>
internal sealed class FuzzSpdmDevice : ISpdmResponderDevice
{
    public byte ProvisionedSlotMask => 0;

    public int MeasurementBlockCount => 0;

    public ReadOnlyMemory<byte> CertificateChain(int slot) => default;

    public ValueTask SignAsync(int slot, ReadOnlyMemory<byte> message, Memory<byte> signature)
    {
        signature.Span.Clear();
        return ValueTask.CompletedTask;
    }

    public int WriteMeasurementBlock(int index, Span<byte> destination) => 0;

    public bool TryBuildCsr(ReadOnlySpan<byte> requesterInfo, Span<byte> destination, out int written)
    {
        written = 0;
        return false;
    }

    public bool TrySetCertificate(int slot, ReadOnlySpan<byte> chain) => false;

    public ValueTask<int> HandleVendorDefinedAsync(ushort standardId, ReadOnlyMemory<byte> vendorId, ReadOnlyMemory<byte> payload, Memory<byte> responsePayload) =>
        ValueTask.FromResult(-1);
}
